// The simulated account: everything a reset forgets, but which numbers are
// sold (resetState). The CLI settings, the keys, the logger and the
// generation (which tells late webhook deliveries that a reset happened)
// live on beside it.
import { mulberry32 } from './util.js';
import { defaultOptions } from './options.js';
import { freshAudit } from './audit.js';
import { IdempotencyStore } from './idempotency.js';
import { newBrand, newCampaign, DEFAULT_CAMPAIGNS } from './tendlc.js';

export function freshState(cli) {
    const state = {
        options: defaultOptions(cli),
        faultRegex: null,
        faultCalls: 0,
        rng: cli.seed === undefined ? Math.random : mulberry32(cli.seed),
        clockOffsetMs: 0,
        timers: [],
        timerSeq: 0,
        calls: [],
        seq: 0,
        stats: new Map(),
        audit: freshAudit(),
        idempotency: new IdempotencyStore(),
        orders: new Map(), // id -> order, oldest first
        numbers: new Map(), // phone number resource id -> record
        byE164: new Map(), // e164 -> the pending or active number record
        byItem: new Map(), // order item id -> number record
        taken: new Set(),
        cursors: new Map(),
        rotors: new Map(),
        profiles: new Map(), // messaging profile id -> profile
        blocks: new Map(), // messaging profile id -> Set of senders who texted STOP
        brand: newBrand(Date.now()),
        campaigns: new Map(), // Telnyx campaignId -> campaign
        campaignsByTcr: new Map(), // tcrCampaignId -> campaign
        assignments: new Map(), // e164 -> assignment
        liveByCampaign: new Map(), // Telnyx campaignId -> Set of e164 (pending or assigned)
        webhooks: [],
        webhookSeq: 0,
        parked: null,
        messages: new Map(), // provider id -> message record
        messageRefs: new Map(), // our reference -> {posts, created, replayed, ids}
        pacing: new Map(), // "number:+1..." / "campaign:<id>" -> {nextFree, queued}
        sends: { total: 0, perMinute: new Map(), byCampaign: new Map() },
    };
    for (const [tcr, status, why] of DEFAULT_CAMPAIGNS) {
        const c = newCampaign(state, tcr, status, why, Date.now());
        state.campaigns.set(c.campaignId, c);
        state.campaignsByTcr.set(tcr, c);
    }
    return state;
}

// A reset keeps one thing: which numbers are sold. Their records go (a
// release of one answers 404), but the inventory never offers them again, as
// a carrier would not: Launchline still holds them, and a search answering
// only numbers it holds finds it nothing to buy.
export function resetState(state) {
    if (state.parked) clearTimeout(state.parked.timer);
    const { taken, cursors } = state;
    Object.assign(state, freshState(state.cli), { taken, cursors });
    state.generation++;
}
