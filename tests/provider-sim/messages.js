// Messages: POST /messages, STOP blocks, carrier throughput, inbound texts,
// and the message detail records (GET /reports/mdrs).
//
// A message's messaging profile is the profile of its `from` number when
// that is an active number of the account, else the body's
// messaging_profile_id when it names a profile (the texting benchmark sends
// from numbers it never bought). POST /messages creates a message (queued),
// answers it, then sends message.sent and message.finalized (delivered, or
// by message_failure_rate delivery_failed 40008) to the per-message
// webhook_url / webhook_failover_url, then (use_profile_webhooks, default
// true) the profile's webhook_url / webhook_failover_url; no URL: nothing
// (message_webhooks: false sends none at all). Idempotency-Key is not
// declared by POST /messages, so it is ignored: every POST creates a
// message. Each is counted under its references (the ref= of webhook_url
// and the Idempotency-Key header) for GET /_sim/messages.
//
// STOP: an inbound text whose whole text (case and spacing aside) is STOP,
// STOPALL, STOP ALL, UNSUBSCRIBE, CANCEL, END or QUIT blocks its sender for
// the messaging profile of the number it was sent to; START or UNSTOP lifts
// the block. A POST /messages of that profile to a blocked number answers
// 409, code 40300. Other profiles are unaffected.
//
// Throughput (option throughput): campaign_mpm and number_mpm pace the sends
// of each 10DLC campaign (of an ASSIGNED `from` number) and of each `from`
// number (messages per minute; 0 = no limit): a message goes out when both
// allow, its message.sent comes then. A POST finding queue_limit messages
// already waiting for its number or campaign answers 429, code 40318 (with
// Retry-After). carrier_reject_mpm (0 = off): the sends of a campaign beyond
// that many in one minute fail in message.finalized with 40011. Send times
// are recorded per minute, overall and per campaign (GET /_sim/messages).
import crypto from 'node:crypto';
import { ORGANIZATION_ID, iso, telnyxError, draw, chance, isObject } from './util.js';
import { simNow, schedule } from './clock.js';
import { emitEvent } from './webhooks.js';
import { profileUrls } from './profiles.js';

export const OPT_OUT = new Set(['STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
export const OPT_IN = new Set(['START', 'UNSTOP']);
const keywordOf = (text) => text.trim().replace(/\s+/g, ' ').toUpperCase();

const RATE = 0.004; // USD a part, for the MDRs

// The references a POST /messages is counted under: the ref= of its
// webhook_url and its Idempotency-Key; neither: from|to|text.
function messageRefs(req) {
    const refs = new Set();
    const b = req.body;
    if (typeof b.webhook_url === 'string') {
        const m = /[?&]ref=([^&#]*)/.exec(b.webhook_url);
        if (m && m[1] !== '') {
            try {
                refs.add(decodeURIComponent(m[1].replace(/\+/g, ' ')));
            } catch { /* a malformed escape: no reference */ }
        }
    }
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string' && key !== '') refs.add(key);
    if (refs.size === 0) refs.add(`${b.from}|${b.to}|${b.text}`);
    return [...refs];
}

function refCount(state, ref) {
    let c = state.messageRefs.get(ref);
    if (!c) {
        c = { posts: 0, created: 0, replayed: 0, ids: [] };
        state.messageRefs.set(ref, c);
    }
    return c;
}

function pace(state, key) {
    let p = state.pacing.get(key);
    if (!p) {
        p = { nextFree: 0, queued: 0 };
        state.pacing.set(key, p);
    }
    return p;
}

export function messageView(m) {
    const outbound = m.direction === 'outbound';
    const view = {
        record_type: 'message',
        direction: m.direction,
        id: m.id,
        type: m.type,
        messaging_profile_id: m.messaging_profile_id,
        organization_id: ORGANIZATION_ID,
        from: outbound
            ? { phone_number: m.from, carrier: 'Telnyx', line_type: 'VoIP' }
            : { phone_number: m.from, carrier: 'T-MOBILE USA, INC.', line_type: 'Wireless', status: 'received' },
        to: [{ phone_number: m.to, status: m.status, carrier: outbound ? 'T-MOBILE USA, INC.' : 'Telnyx', line_type: outbound ? 'Wireless' : 'VoIP' }],
        cc: [],
        text: m.text,
        subject: null,
        media: [],
        encoding: 'GSM-7',
        parts: m.parts,
        tags: [],
        cost: null,
        cost_breakdown: null,
        tcr_campaign_id: m.tcr_campaign_id,
        tcr_campaign_billable: m.tcr_campaign_id !== null,
        tcr_campaign_registered: m.tcr_campaign_id !== null ? 'REGISTERED' : null,
        received_at: m.received_at,
        sent_at: m.sent_at,
        completed_at: m.completed_at,
        valid_until: null,
        webhook_url: m.webhook_url,
        webhook_failover_url: m.webhook_failover_url,
        errors: m.errors,
    };
    if (outbound && m.wait_seconds > 0) view.wait_seconds = m.wait_seconds;
    return view;
}

function emitMessageEvent(state, m, eventType, atMs) {
    if (!state.options.message_webhooks) return;
    emitEvent(state, eventType, messageView(m), atMs, m._urls);
}

function record(state, m) {
    state.messages.set(m.id, m);
}

function tallyMinute(map, minute) {
    map.set(minute, (map.get(minute) ?? 0) + 1);
}

// The campaign an outbound message counts against: the ASSIGNED campaign of
// its `from` number.
function campaignOf(state, from) {
    const a = state.assignments.get(from);
    return a && a.assignmentStatus === 'ASSIGNED' ? state.campaigns.get(a.campaignId) : undefined;
}

// POST /messages
export function sendMessage(req, state) {
    const b = req.body;
    const refs = messageRefs(req);
    for (const r of refs) refCount(state, r).posts++;
    if (typeof b.text !== 'string' && !Array.isArray(b.media_urls)) {
        return telnyxError(422, 10004, 'Missing required parameter', 'Either text or media_urls is required.', { pointer: '/text' });
    }
    if (b.from === undefined && b.messaging_profile_id === undefined) {
        return telnyxError(422, 10004, 'Missing required parameter', 'from (or messaging_profile_id) is required.', { pointer: '/from' });
    }
    const fromRec = b.from === undefined ? undefined : state.byE164.get(b.from);
    const profileId = (fromRec?.status === 'active' && fromRec.messaging_profile_id) ||
        (state.profiles.has(b.messaging_profile_id) ? b.messaging_profile_id : null);
    if (profileId && state.blocks.get(profileId)?.has(b.to)) {
        return telnyxError(409, 40300, 'Blocked due to STOP message',
            `Messages cannot be sent from '${b.from}' to '${b.to}' due to an existing block rule.`);
    }

    const t = state.options.throughput;
    const campaign = b.from === undefined ? undefined : campaignOf(state, b.from);
    const lanes = [];
    if (t.number_mpm > 0 && b.from !== undefined) lanes.push({ p: pace(state, `number:${b.from}`), mpm: t.number_mpm, what: b.from });
    if (t.campaign_mpm > 0 && campaign) lanes.push({ p: pace(state, `campaign:${campaign.campaignId}`), mpm: t.campaign_mpm, what: `campaign ${campaign.tcrCampaignId}` });
    const now = simNow(state);
    for (const lane of lanes) {
        if (lane.p.queued >= t.queue_limit) {
            const reply = telnyxError(429, 40318, 'Message queue full',
                `The message queue of ${lane.what} is full (${t.queue_limit} messages waiting); try again later.`);
            const waitMs = Math.max(0, lane.p.nextFree - now - (t.queue_limit - 1) * 60000 / lane.mpm);
            reply.headers = { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) };
            return reply;
        }
    }
    let sendAt = now + draw(state, state.options.message_sent_ms);
    const ready = sendAt;
    if (typeof b.send_at === 'string' && !Number.isNaN(Date.parse(b.send_at))) sendAt = Math.max(sendAt, Date.parse(b.send_at));
    for (const lane of lanes) sendAt = Math.max(sendAt, lane.p.nextFree);
    for (const lane of lanes) {
        lane.p.nextFree = sendAt + 60000 / lane.mpm;
        lane.p.queued++;
    }

    const text = typeof b.text === 'string' ? b.text : '';
    const messageUrls = b.webhook_url || b.webhook_failover_url ? [b.webhook_url, b.webhook_failover_url] : [];
    const m = {
        id: crypto.randomUUID(),
        direction: 'outbound',
        refs,
        from: b.from ?? '',
        to: b.to,
        text,
        type: Array.isArray(b.media_urls) && b.media_urls.length > 0 ? 'MMS' : 'SMS',
        parts: Math.min(10, Math.max(1, Math.ceil(text.length / 160))),
        messaging_profile_id: profileId ?? (b.messaging_profile_id ?? ''),
        tcr_campaign_id: campaign ? campaign.tcrCampaignId : null,
        webhook_url: b.webhook_url ?? null,
        webhook_failover_url: b.webhook_failover_url ?? null,
        status: 'queued',
        received_at: iso(now),
        sent_at: null,
        completed_at: null,
        errors: [],
        wait_seconds: (sendAt - ready) / 1000,
        _urls: [...messageUrls, ...(b.use_profile_webhooks === false ? [] : profileUrls(state, profileId))],
        _sentMs: null,
    };
    record(state, m);
    for (const r of refs) {
        const c = refCount(state, r);
        c.created++;
        if (c.ids.length < 100) c.ids.push(m.id);
    }
    const reply = { status: 200, body: { data: messageView(m) } };
    schedule(state, sendAt, () => {
        for (const lane of lanes) lane.p.queued--;
        m.status = 'sent';
        m.sent_at = iso(sendAt);
        m._sentMs = sendAt;
        const minute = m.sent_at.slice(0, 16);
        state.sends.total++;
        tallyMinute(state.sends.perMinute, minute);
        let rejected = false;
        if (campaign) {
            let c = state.sends.byCampaign.get(campaign.tcrCampaignId);
            if (!c) {
                c = { sent: 0, perMinute: new Map() };
                state.sends.byCampaign.set(campaign.tcrCampaignId, c);
            }
            c.sent++;
            tallyMinute(c.perMinute, minute);
            const cap = state.options.throughput.carrier_reject_mpm;
            rejected = cap > 0 && c.perMinute.get(minute) > cap;
        }
        emitMessageEvent(state, m, 'message.sent', sendAt);
        const doneAt = sendAt + draw(state, state.options.message_finalized_ms);
        schedule(state, doneAt, () => {
            if (rejected) {
                m.status = 'delivery_failed';
                m.errors = [{ code: '40011', title: 'Rate limit exceeded (upstream)', detail: 'The carrier refused the message: the campaign exceeded its throughput.' }];
            } else if (chance(state, state.options.message_failure_rate)) {
                m.status = 'delivery_failed';
                m.errors = [{ code: '40008', title: 'Undeliverable', detail: 'The destination carrier rejected the message.' }];
            } else {
                m.status = 'delivered';
            }
            m.completed_at = iso(doneAt);
            emitMessageEvent(state, m, 'message.finalized', doneAt);
        });
    });
    return reply;
}

// POST /_sim/messages/inbound {from, to, text}: a contact texts one of our
// numbers. STOP / START keywords change the block rules of the profile of
// `to`; message.received goes to that profile's webhook_url (then
// webhook_failover_url); a number in no profile sends nothing.
export function inbound(state, { from, to, text }) {
    const now = simNow(state);
    const toRec = state.byE164.get(to);
    const profileId = toRec?.status === 'active' ? toRec.messaging_profile_id : null;
    const keyword = keywordOf(text);
    let block = null;
    if (profileId && (OPT_OUT.has(keyword) || OPT_IN.has(keyword))) {
        let set = state.blocks.get(profileId);
        if (!set) {
            set = new Set();
            state.blocks.set(profileId, set);
        }
        if (OPT_OUT.has(keyword)) {
            set.add(from);
            block = 'added';
        } else {
            block = set.delete(from) ? 'removed' : 'none';
        }
    }
    const m = {
        id: crypto.randomUUID(),
        direction: 'inbound',
        refs: [],
        from,
        to,
        text,
        type: 'SMS',
        parts: Math.min(10, Math.max(1, Math.ceil(text.length / 160))),
        messaging_profile_id: profileId ?? '',
        tcr_campaign_id: null,
        webhook_url: null,
        webhook_failover_url: null,
        status: 'delivered',
        received_at: iso(now),
        sent_at: null,
        completed_at: null,
        errors: [],
        _urls: profileUrls(state, profileId),
        _sentMs: now,
    };
    record(state, m);
    const rec = emitEvent(state, 'message.received', messageView(m), now, m._urls);
    return { id: m.id, messaging_profile_id: profileId, keyword: block ? keyword : null, block, delivery: { seq: rec.seq, id: rec.id, outcome: rec.outcome } };
}

// ---------------------------------------------------------------- MDRs

function mdrStatus(m) {
    if (m.direction === 'inbound') return 'RECEIVED';
    if (m.status === 'delivered') return 'DELIVERED';
    if (m.status === 'delivery_failed') return m.errors[0]?.code === '40011' ? 'GW_REJECT' : 'FAILED';
    return 'DLR_UNCONFIRMED';
}

function mdrView(state, m) {
    return {
        record_type: 'mdr_report',
        id: m.id,
        created_at: iso(m._sentMs),
        direction: m.direction,
        cli: m.from,
        cld: m.to,
        status: mdrStatus(m),
        message_type: m.type,
        parts: m.parts,
        profile_name: state.profiles.get(m.messaging_profile_id)?.name ?? '',
        rate: RATE.toFixed(4),
        cost: (RATE * m.parts).toFixed(4),
        currency: 'USD',
    };
}

// GET /reports/mdrs: the messages Telnyx has handed to a carrier (outbound:
// sent, whatever came of it; queued ones have no record yet) and the inbound
// ones, as MdrDetailResponse records, oldest first. id (= the message's id),
// direction (INBOUND / OUTBOUND), cli, cld, status, message_type, profile
// (name) and start_date / end_date (ISO 8601; created_at, the time the
// message was sent, in [start, end)) filter them. The operation declares no
// paging parameters: every match is on page 1.
export function listMdrs(req, state) {
    const q = req.query;
    const bounds = {};
    for (const k of ['start_date', 'end_date']) {
        if (q[k] === undefined) continue;
        const ms = Date.parse(q[k]);
        if (!/^\d{4}-\d{2}-\d{2}/.test(q[k]) || Number.isNaN(ms)) {
            return telnyxError(400, 10015, 'Bad Request', `${k} must be an ISO 8601 date-time.`, { parameter: k });
        }
        bounds[k] = ms;
    }
    const data = [];
    for (const m of state.messages.values()) {
        if (m._sentMs === null) continue;
        if (q.id !== undefined && m.id !== q.id) continue;
        if (q.direction !== undefined && m.direction.toUpperCase() !== q.direction) continue;
        if (q.cli !== undefined && m.from !== q.cli) continue;
        if (q.cld !== undefined && m.to !== q.cld) continue;
        if (q.message_type !== undefined && m.type !== q.message_type) continue;
        if (bounds.start_date !== undefined && m._sentMs < bounds.start_date) continue;
        if (bounds.end_date !== undefined && m._sentMs >= bounds.end_date) continue;
        const view = mdrView(state, m);
        if (q.status !== undefined && view.status !== q.status) continue;
        if (q.profile !== undefined && view.profile_name !== q.profile) continue;
        data.push(view);
    }
    data.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
    return {
        status: 200,
        body: { data, meta: { page_number: 1, page_size: data.length, total_pages: data.length > 0 ? 1 : 0, total_results: data.length } },
    };
}

// ---------------------------------------------------------------- control

const perMinuteObject = (map) => Object.fromEntries([...map.entries()].sort());

function simMessageView(m) {
    return {
        ref: m.refs[0] ?? null,
        refs: m.refs,
        id: m.id,
        direction: m.direction,
        from: m.from,
        to: m.to,
        text: m.text,
        status: m.status,
        webhook_url: m.webhook_url,
        messaging_profile_id: m.messaging_profile_id,
        campaign: m.tcr_campaign_id,
        created_at: m.received_at,
        sent_at: m.sent_at,
        completed_at: m.completed_at,
        errors: m.errors,
    };
}

// GET /_sim/messages[?ref=R][&to=E164][&from=E164][&campaign=ID]: the
// messages created for a reference (or to / from a number, or counted
// against a campaign, by TCR or Telnyx id), oldest first, with the
// reference's counts and the send times of those sent; with no filter, a
// summary: totals, the references with more than one message created
// (duplicates: there should be none), sends per minute overall and per
// campaign, and the queues waiting on throughput.
export function simMessages(query, state) {
    const { ref, to, from, campaign } = query;
    if (ref === undefined && to === undefined && from === undefined && campaign === undefined) {
        let posts = 0;
        let created = 0;
        let replayed = 0;
        const duplicated = [];
        for (const [r, c] of state.messageRefs) {
            posts += c.posts;
            created += c.created;
            replayed += c.replayed;
            if (c.created > 1) duplicated.push(r);
        }
        const byCampaign = {};
        for (const [tcr, c] of state.sends.byCampaign) byCampaign[tcr] = { sent: c.sent, per_minute: perMinuteObject(c.perMinute) };
        const queues = {};
        for (const [k, p] of state.pacing) if (p.queued > 0) queues[k] = p.queued;
        return {
            refs: state.messageRefs.size, posts, created, replayed, duplicated: duplicated.slice(0, 100),
            sent: { total: state.sends.total, per_minute: perMinuteObject(state.sends.perMinute) },
            by_campaign: byCampaign,
            queues,
        };
    }
    let tcr = campaign;
    if (campaign !== undefined && state.campaigns.has(campaign)) tcr = state.campaigns.get(campaign).tcrCampaignId;
    const list = [...state.messages.values()].filter((m) => (ref === undefined || m.refs.includes(ref)) &&
        (to === undefined || m.to === to) && (from === undefined || m.from === from) &&
        (tcr === undefined || m.tcr_campaign_id === tcr));
    const counts = ref !== undefined ? (state.messageRefs.get(ref) ?? { posts: 0, created: 0, replayed: 0 }) : null;
    const sendTimes = list.filter((m) => m.direction === 'outbound' && m._sentMs !== null).map((m) => m._sentMs).sort((a, b) => a - b);
    return {
        counts: counts && { posts: counts.posts, created: counts.created, replayed: counts.replayed },
        messages: list.map(simMessageView),
        send_times: sendTimes.map(iso),
    };
}

export function checkInbound(b) {
    return isObject(b) && typeof b.from === 'string' && typeof b.to === 'string' && typeof b.text === 'string';
}
