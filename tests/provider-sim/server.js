// A local stand-in for Telnyx API v2, for the tests, `make run` and `make bench`.
//
//   node tests/provider-sim/server.js --port N
//       [--api-key-file F | --api-key KEY]   provider calls want `Authorization: Bearer KEY`
//                                            (F: its first line; with neither, any key passes)
//       [--key-dir D]                        writes D/webhook_public_key
//       [--webhook-url URL]                  where webhooks go (PUT /_sim/options moves it)
//       [--provisioning-seconds MIN-MAX]     10DLC assignment time (default 1-3)
//       [--order-seconds MIN-MAX]            number order time (default 0.5-2)
//       [--inventory N]                      numbers per area code (default 1000)
//       [--seed N]                           fixed seed for every random draw
//
// It speaks Telnyx's wire format (see provider/README.md in the shared docs;
// telnyx-openapi-subset.json here is a verbatim copy of the OpenAPI subset
// there, for tests/api/provider-sim.test.js): JSON bodies, `Authorization:
// Bearer`, errors as {"errors":[{code,title,detail,source}]}. The paths are
// served at the root (no /v2 prefix): provider_base_url = http://127.0.0.1:PORT.
// Binds 127.0.0.1 only. Node 20, no dependencies beyond node:*. Every request is
// logged to stderr in one line ("provider-sim: METHOD PATH STATUS MSms"), and so
// is every webhook delivery attempt.
//
// Provider routes live in the ROUTES table below, one row per operation; a new
// operation is one row and one handler:
//
//   GET    /available_phone_numbers          filter[national_destination_code], filter[limit] (default 5, max 100), ...
//   POST   /number_orders                    {phone_numbers:[{phone_number}], messaging_profile_id, customer_reference}
//   GET    /number_orders                    filter[customer_reference], filter[status], page[number], page[size]
//   GET    /number_orders/{id}
//   GET    /phone_numbers/{id}               id = the order's phone_numbers[].id, or the E.164 number
//   DELETE /phone_numbers/{id}
//   GET    /phone_numbers/{id}/messaging
//   PATCH  /phone_numbers/{id}/messaging     {messaging_profile_id, messaging_product, tags}
//   GET    /10dlc/campaign/{campaignId}
//   GET    /10dlc/phone_number_campaigns     recordsPerPage, page, sort, filter[tcr_campaign_id], ...
//   POST   /10dlc/phone_number_campaigns     {phoneNumber, campaignId}
//   GET    /10dlc/phone_number_campaigns/{phoneNumber}
//   PUT    /10dlc/phone_number_campaigns/{phoneNumber}   {phoneNumber, campaignId} (re-assign)
//   DELETE /10dlc/phone_number_campaigns/{phoneNumber}
//   POST   /messages                         {from, to, text, messaging_profile_id, webhook_url}; Idempotency-Key
//
// The model:
//  - Clock: real time plus an offset that POST /_sim/clock/advance moves forward.
//    Orders and assignments finish on timers against that clock; due timers run
//    at the start of every request and on a 250 ms ticker. Resource timestamps
//    (created_at, updatedAt, occurred_at) are simulated time; a webhook's
//    telnyx-timestamp is real time (the receiver checks it against its own clock).
//  - Inventory: every area code in us-area-codes.csv has a deterministic list of
//    numbers (option inventory_per_area_code; option scarce {"NPA": n} caps one
//    area code, 0 = none). Other area codes (999, 555, ...) have none. Searches
//    list the first free ones in that fixed order (search_order "first", so two
//    concurrent searches see the same numbers), or with search_order "rotate"
//    go on where the previous search of the area code stopped (concurrent
//    searchers, e.g. a benchmark with several provisioners, rarely collide).
//  - Orders: all-or-nothing. A number that is not in the inventory, already sold
//    or in another pending order makes the order `failure` at once. Otherwise
//    `pending`, then after order_seconds `success` (numbers `active`) or, by
//    order_failure_rate, `failure` (numbers `purchase-failed`, back in stock).
//    Each order's phone_numbers[].id is the id of the /phone_numbers resource.
//    A number_order.complete webhook follows either way.
//  - 10DLC: the number must be active in the account and the campaign known
//    and MNO_PROVISIONED. The assignment starts PENDING_ASSIGNMENT and after a
//    time drawn from provisioning_seconds becomes ASSIGNED or, by
//    assignment_failure_rate, FAILED_ASSIGNMENT with failureReasons =
//    failure_reason. A campaign holding number_limit (49) live assignments
//    (pending or assigned) refuses more: the POST answers FAILED_ASSIGNMENT with
//    "campaign has reached its number limit" at once. A 10dlc.phone_number.update
//    webhook ({type:"ASSIGNMENT", status, phoneNumber, campaignId[, failureReasons]})
//    follows every outcome. DELETE drops the assignment at once (the answer says
//    PENDING_UNASSIGNMENT); deleting a number drops its assignment too.
//    Known campaigns: CDEMO01, CDEMO02 (MNO_PROVISIONED), CPEND01 (TCR_PENDING),
//    CREJ01 (TCR_FAILED); PUT /_sim/campaigns/{id} adds more.
//  - Faults, for provider calls whose path matches fault_paths (a regex; null =
//    all): every rate_limit_every-th such call answers 429 (code 10011, headers
//    x-ratelimit-limit/-remaining/-reset and Retry-After = rate_limit_reset_seconds);
//    the next error_next calls, and a share error_rate of them, answer
//    error_status (503) with errors[]; a share slow_rate of them is answered
//    slow_ms late (the operation itself takes effect at once: a client that gave
//    up must find it again).
//  - Webhooks: POSTed to webhook_url with telnyx-timestamp (unix seconds) and
//    telnyx-signature-ed25519 = base64 Ed25519 signature of "<timestamp>|<body>";
//    the private key lives only in memory, its public key (base64 of the raw 32
//    bytes) goes to --key-dir/webhook_public_key. Envelope {data:{event_type,id,
//    occurred_at,payload,record_type:"event"},meta:{attempt,delivered_to}}. Up to
//    webhook.max_attempts (3) attempts when the receiver does not answer 2xx.
//    Faults (shares from 0 to 1): loss (never sent), duplicate (sent twice, same
//    data.id), delay_ms (ms or [min,max]), reorder (held back and sent after the
//    next event, or after reorder_max_ms), bad_signature (signed with another
//    key; not retried), timestamp_skew_seconds (added to telnyx-timestamp).
//
// Control API under /_sim/ (never authenticated, never recorded as calls):
//
//   GET    /_sim/health                 {"status":"ok"}
//   GET    /_sim/options                the options below
//   PUT    /_sim/options                partial update, validated as a whole; a key set to null
//                                       returns to its default; answers the options
//   POST   /_sim/reset                  forget everything but which numbers are sold; options back to their defaults (204)
//   GET    /_sim/clock                  {now, real_now, offset_seconds, timers}
//   POST   /_sim/clock/advance          {"seconds":N}: move the clock forward, run what fell due
//   GET    /_sim/calls                  {"calls":[{seq,at,method,path,query,body,status}]}
//                                       (?method=, ?path= exact, ?since=SEQ; the newest
//                                       100,000 to 200,000 calls are kept)
//   DELETE /_sim/calls                  forget the recorded calls
//   GET    /_sim/stats                  counts: calls per operation and status, orders,
//                                       numbers, assignments, webhooks
//   GET    /_sim/numbers                the account's numbers with their assignment and
//                                       its timing (?status=)
//   POST   /_sim/numbers/{e164}/assignment  {"status":"ASSIGNED"|"FAILED_ASSIGNMENT","reason"}:
//                                       finish (or change) that assignment now
//   GET    /_sim/campaigns              known 10DLC campaigns
//   PUT    /_sim/campaigns/{campaignId} {"campaignStatus":"MNO_PROVISIONED","failureReasons"?}
//   DELETE /_sim/campaigns/{campaignId}
//   GET    /_sim/webhooks               deliveries: {seq,id,event_type,delivered_to,outcome,
//                                       duplicate,bad_signature,parked,attempts,event} (?event_type=)
//   POST   /_sim/webhooks               {"event_type","payload"}: send one through the same
//                                       pipeline (faults apply)
//   DELETE /_sim/webhooks               forget the delivery log
//   GET    /_sim/webhook_public_key     {"public_key":"<base64>"}
//   GET    /_sim/messages               ?ref=R (our reference) or ?to=E164: the messages created
//                                       and {posts, created, replayed} of R; neither: totals and
//                                       the references with more than one message created
//   POST   /_sim/messages/inbound       {"from","to","text"}: message.received to webhook_url
//
// Options (GET/PUT /_sim/options): provisioning_seconds [min,max], order_seconds
// [min,max], order_failure_rate, assignment_failure_rate, failure_reason,
// number_limit (49), inventory_per_area_code, scarce {"NPA":count},
// search_order ("first" | "rotate"), rate_limit_every, rate_limit_reset_seconds, error_rate, error_next,
// error_status, slow_ms, slow_rate, fault_paths, webhook_url ("" = none),
// webhook {loss, duplicate, delay_ms, reorder, reorder_max_ms, bad_signature,
// timestamp_skew_seconds, max_attempts}. Changing rate_limit_every or
// fault_paths restarts the rate-limit count.

import http from 'node:http';
import https from 'node:https';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const MAX_BODY = 1024 * 1024;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const E164 = /^\+1[2-9][0-9]{2}[2-9][0-9]{6}$/;
const LIVE = new Set(['PENDING_ASSIGNMENT', 'ASSIGNED']);
const CAP_REASON = 'campaign has reached its number limit';
const BRAND_ID = 'BSIM001';
const ORGANIZATION_ID = '5f1a4c3e-9d2b-4e8a-b6f0-7c1d2e3f4a5b';
const CAMPAIGN_STATUSES = ['TCR_PENDING', 'TCR_SUSPENDED', 'TCR_EXPIRED', 'TCR_ACCEPTED',
    'TCR_FAILED', 'TELNYX_ACCEPTED', 'TELNYX_FAILED', 'MNO_PENDING', 'MNO_ACCEPTED',
    'MNO_REJECTED', 'MNO_PROVISIONED', 'MNO_PROVISIONING_FAILED'];

// ---------------------------------------------------------------- area codes

function parseCsvLine(line) {
    const out = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted) {
            if (c === '"' && line[i + 1] === '"') {
                cur += '"';
                i++;
            } else if (c === '"') {
                quoted = false;
            } else {
                cur += c;
            }
        } else if (c === '"') {
            quoted = true;
        } else if (c === ',') {
            out.push(cur);
            cur = '';
        } else {
            cur += c;
        }
    }
    out.push(cur);
    return out;
}

// area code -> {state, places}, in the file's order. The CSV is a copy of
// shared/data/us-area-codes.csv, kept here so the simulator needs nothing else.
function loadAreaCodes(file) {
    const codes = new Map();
    for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/).slice(1)) {
        if (!line.trim()) continue;
        const [code, state = '', places = ''] = parseCsvLine(line);
        if (!/^[2-9][0-9]{2}$/.test(code)) continue;
        codes.set(code, { state, places: places.split(',').map((p) => p.trim()).filter(Boolean) });
    }
    return codes;
}

const AREA_CODES = loadAreaCodes(path.join(HERE, 'us-area-codes.csv'));

// ---------------------------------------------------------------- randomness

function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6D2B79F5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function draw(state, [min, max]) {
    return min + (max - min) * state.rng();
}

function chance(state, p) {
    return p > 0 && state.rng() < p;
}

// ---------------------------------------------------------------- inventory
//
// Each area code's numbers come from a PRNG seeded by the area code, so the
// list is the same in every run and a shorter inventory is a prefix of a
// longer one. Generated lazily, shared by all states (it never changes).

const INVENTORY = new Map(); // npa -> {list, index: Map(e164 -> position), rng}

function inventoryUpTo(npa, size) {
    let inv = INVENTORY.get(npa);
    if (!inv) {
        inv = { list: [], index: new Map(), rng: mulberry32(Number(npa) * 2654435761) };
        INVENTORY.set(npa, inv);
    }
    while (inv.list.length < size) {
        const exchange = 200 + Math.floor(inv.rng() * 800);
        if (exchange % 100 === 11 || [555, 950, 958, 959, 976].includes(exchange)) continue;
        const e164 = `+1${npa}${exchange}${String(Math.floor(inv.rng() * 10000)).padStart(4, '0')}`;
        if (inv.index.has(e164)) continue;
        inv.index.set(e164, inv.list.length);
        inv.list.push(e164);
    }
    return inv;
}

function inventorySize(state, npa) {
    if (!AREA_CODES.has(npa)) return 0;
    const scarce = state.options.scarce[npa];
    return scarce !== undefined ? scarce : state.options.inventory_per_area_code;
}

function inInventory(state, e164) {
    if (!E164.test(e164)) return false;
    const npa = e164.slice(2, 5);
    const size = inventorySize(state, npa);
    if (size === 0) return false;
    const at = inventoryUpTo(npa, size).index.get(e164);
    return at !== undefined && at < size;
}

// Up to `want` unsold numbers of one area code, in inventory order: the first
// free ones (search_order "first": concurrent searches see the same numbers),
// or, with search_order "rotate", the free ones after where the previous
// search of that area code stopped, wrapping around (concurrent searches are
// spread over the inventory). Every position before state.cursors[npa] is
// taken, so searches stay cheap when thousands are sold.
function freeNumbers(state, npa, want) {
    const size = inventorySize(state, npa);
    if (size === 0 || want <= 0) return [];
    const { list } = inventoryUpTo(npa, size);
    let i = state.cursors.get(npa) ?? 0;
    while (i < size && state.taken.has(list[i])) i++;
    state.cursors.set(npa, i);
    const out = [];
    if (state.options.search_order === 'rotate') {
        let j = state.rotors.get(npa) ?? 0;
        for (let seen = i; seen < size && out.length < want; seen++, j++) {
            if (j >= size || j < i) j = i;
            if (!state.taken.has(list[j])) out.push(list[j]);
        }
        state.rotors.set(npa, j);
        return out;
    }
    for (; i < size && out.length < want; i++) {
        if (!state.taken.has(list[i])) out.push(list[i]);
    }
    return out;
}

function untake(state, e164) {
    state.taken.delete(e164);
    const npa = e164.slice(2, 5);
    const at = INVENTORY.get(npa)?.index.get(e164);
    if (at !== undefined && at < (state.cursors.get(npa) ?? 0)) state.cursors.set(npa, at);
}

// ---------------------------------------------------------------- options

function defaultOptions(cli) {
    return {
        provisioning_seconds: [...cli.provisioningSeconds],
        order_seconds: [...cli.orderSeconds],
        order_failure_rate: 0,
        assignment_failure_rate: 0,
        failure_reason: 'Carrier rejected the number: T-Mobile declined the 10DLC registration',
        number_limit: 49,
        inventory_per_area_code: cli.inventory,
        scarce: {},
        search_order: 'first',
        rate_limit_every: 0,
        rate_limit_reset_seconds: 1,
        error_rate: 0,
        error_next: 0,
        error_status: 503,
        slow_ms: 0,
        slow_rate: 1,
        fault_paths: null,
        webhook_url: cli.webhookUrl,
        message_sent_ms: [20, 100],
        message_finalized_ms: [100, 400],
        message_failure_rate: 0,
        message_webhooks: true,
        webhook: {
            loss: 0,
            duplicate: 0,
            delay_ms: [0, 0],
            reorder: 0,
            reorder_max_ms: 2000,
            bad_signature: 0,
            timestamp_skew_seconds: 0,
            max_attempts: 3,
        },
    };
}

class OptionError extends Error {
    constructor(key, message) {
        super(`${key} ${message}`);
        this.key = key;
    }
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

const rateCheck = (v, key) => {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new OptionError(key, 'must be a number from 0 to 1');
    return v;
};

const intCheck = (min, max) => (v, key) => {
    if (!Number.isInteger(v) || v < min || v > max) {
        throw new OptionError(key, `must be an integer from ${min} to ${max}`);
    }
    return v;
};

const rangeCheck = (max, unit) => (v, key) => {
    const r = typeof v === 'number' ? [v, v] : v;
    if (!Array.isArray(r) || r.length !== 2 || !r.every((n) => typeof n === 'number' && n >= 0 && n <= max) || r[0] > r[1]) {
        throw new OptionError(key, `must be [min, max] ${unit} with 0 <= min <= max <= ${max}, or one number`);
    }
    return [r[0], r[1]];
};

const OPTION_CHECKS = {
    provisioning_seconds: rangeCheck(366 * 86400, 'seconds'),
    order_seconds: rangeCheck(86400, 'seconds'),
    order_failure_rate: rateCheck,
    assignment_failure_rate: rateCheck,
    failure_reason: (v, key) => {
        if (typeof v !== 'string' || v.length === 0) throw new OptionError(key, 'must be a non-empty string');
        return v;
    },
    number_limit: intCheck(0, 1000000),
    inventory_per_area_code: intCheck(0, 100000),
    scarce: (v, key) => {
        if (!isObject(v)) throw new OptionError(key, 'must be an object {"NPA": count}');
        for (const [npa, n] of Object.entries(v)) {
            if (!/^[0-9]{3}$/.test(npa)) throw new OptionError(`${key}.${npa}`, 'is not a 3-digit area code');
            intCheck(0, 100000)(n, `${key}.${npa}`);
        }
        return { ...v };
    },
    search_order: (v, key) => {
        if (v !== 'first' && v !== 'rotate') throw new OptionError(key, 'must be "first" or "rotate"');
        return v;
    },
    rate_limit_every: intCheck(0, 1000000000),
    rate_limit_reset_seconds: intCheck(0, 3600),
    error_rate: rateCheck,
    error_next: intCheck(0, 1000000000),
    error_status: intCheck(500, 599),
    slow_ms: intCheck(0, 600000),
    slow_rate: rateCheck,
    fault_paths: (v, key) => {
        if (typeof v !== 'string') throw new OptionError(key, 'must be a regular expression (string) or null');
        try {
            new RegExp(v);
        } catch (err) {
            throw new OptionError(key, `is not a valid regular expression: ${err.message}`);
        }
        return v;
    },
    message_sent_ms: rangeCheck(600000, 'ms'),
    message_finalized_ms: rangeCheck(600000, 'ms'),
    message_failure_rate: rateCheck,
    message_webhooks: (v, key) => {
        if (typeof v !== 'boolean') throw new OptionError(key, 'must be true or false');
        return v;
    },
    webhook_url: (v, key) => {
        if (v === '') return v;
        let u;
        try {
            u = typeof v === 'string' ? new URL(v) : null;
        } catch {
            u = null;
        }
        if (!u || !['http:', 'https:'].includes(u.protocol)) {
            throw new OptionError(key, 'must be an http(s) URL, or "" for no webhooks');
        }
        return v;
    },
};

const WEBHOOK_CHECKS = {
    loss: rateCheck,
    duplicate: rateCheck,
    delay_ms: rangeCheck(600000, 'ms'),
    reorder: rateCheck,
    reorder_max_ms: intCheck(0, 600000),
    bad_signature: rateCheck,
    timestamp_skew_seconds: intCheck(-1000000000, 1000000000),
    max_attempts: intCheck(1, 10),
};

// Validates a whole patch, then applies it; throws OptionError naming the key.
function updateOptions(state, patch) {
    if (!isObject(patch)) throw new OptionError('body', 'must be a JSON object of options');
    const defaults = defaultOptions(state.cli);
    const next = structuredClone(state.options);
    for (const [key, value] of Object.entries(patch)) {
        if (key === 'webhook') {
            if (value === null) {
                next.webhook = defaults.webhook;
                continue;
            }
            if (!isObject(value)) throw new OptionError(key, 'must be an object');
            for (const [k, v] of Object.entries(value)) {
                if (!WEBHOOK_CHECKS[k]) throw new OptionError(`webhook.${k}`, 'is not an option');
                next.webhook[k] = v === null ? defaults.webhook[k] : WEBHOOK_CHECKS[k](v, `webhook.${k}`);
            }
            continue;
        }
        if (!OPTION_CHECKS[key]) throw new OptionError(key, 'is not an option');
        next[key] = value === null ? defaults[key] : OPTION_CHECKS[key](value, key);
    }
    state.options = next;
    if ('rate_limit_every' in patch || 'fault_paths' in patch) state.faultCalls = 0;
    state.faultRegex = next.fault_paths === null ? null : new RegExp(next.fault_paths);
}

// ---------------------------------------------------------------- state

const DEFAULT_CAMPAIGNS = [
    ['CDEMO01', 'MNO_PROVISIONED'],
    ['CDEMO02', 'MNO_PROVISIONED'],
    ['CPEND01', 'TCR_PENDING'],
    ['CREJ01', 'TCR_FAILED', 'TCR rejected the campaign: the sample messages do not match the use case.'],
];

function newCampaign(campaignId, campaignStatus, failureReasons, createdMs) {
    return {
        campaignId,
        campaignStatus,
        failureReasons,
        telnyxCampaignId: crypto.randomUUID(),
        createDate: new Date(createdMs).toISOString(),
    };
}

// Everything a reset forgets, but which numbers are sold (resetState). The
// CLI settings, the keys and the generation (which tells late webhook
// deliveries that a reset happened) live on beside it.
function freshState(cli) {
    const campaigns = new Map();
    for (const [id, status, why] of DEFAULT_CAMPAIGNS) campaigns.set(id, newCampaign(id, status, why, Date.now()));
    return {
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
        orders: new Map(),
        ordersByRef: new Map(),
        numbers: new Map(),
        byE164: new Map(), // e164 -> the pending or active number record
        taken: new Set(),
        cursors: new Map(),
        rotors: new Map(),
        assignments: new Map(),
        liveByCampaign: new Map(),
        campaigns,
        webhooks: [],
        webhookSeq: 0,
        parked: null,
        messages: new Map(), // provider id -> message record
        messageKeys: new Map(), // Idempotency-Key -> {body, status, text}: the first answer
        messageRefs: new Map(), // our reference -> {posts, created, replayed, ids}
    };
}

// A reset keeps one thing: which numbers are sold. Their records go (a
// release of one answers 404), but the inventory never offers them again, as
// a carrier would not: Launchline still holds them, and a search answering
// only numbers it holds finds it nothing to buy.
function resetState(state) {
    if (state.parked) clearTimeout(state.parked.timer);
    const { taken, cursors } = state;
    Object.assign(state, freshState(state.cli), { taken, cursors });
    state.generation++;
}

// ---------------------------------------------------------------- clock

const simNow = (state) => Date.now() + state.clockOffsetMs;
const iso = (ms) => new Date(ms).toISOString();

const timerLess = (a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

// A binary heap of {at, seq, fn}, `at` in simulated ms.
function schedule(state, at, fn) {
    const h = state.timers;
    h.push({ at, seq: ++state.timerSeq, fn });
    let i = h.length - 1;
    while (i > 0) {
        const p = (i - 1) >> 1;
        if (timerLess(h[p], h[i])) break;
        [h[p], h[i]] = [h[i], h[p]];
        i = p;
    }
}

function popTimer(h) {
    const top = h[0];
    const last = h.pop();
    if (h.length > 0) {
        h[0] = last;
        let i = 0;
        for (;;) {
            const l = 2 * i + 1;
            const r = l + 1;
            let m = i;
            if (l < h.length && timerLess(h[l], h[m])) m = l;
            if (r < h.length && timerLess(h[r], h[m])) m = r;
            if (m === i) break;
            [h[m], h[i]] = [h[i], h[m]];
            i = m;
        }
    }
    return top;
}

// Runs every timer that is due by the simulated clock; returns how many ran.
function runDue(state) {
    let n = 0;
    while (state.timers.length > 0 && state.timers[0].at <= simNow(state)) {
        const t = popTimer(state.timers);
        n++;
        try {
            t.fn();
        } catch (err) {
            console.error('provider-sim: timer failed:', err);
        }
    }
    return n;
}

// ---------------------------------------------------------------- replies

// json: the body already serialized, when the handler had to anyway.
function send(res, status, body, headers = {}, json = undefined) {
    const text = json ?? (body === undefined ? '' : JSON.stringify(body));
    res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...headers,
    });
    res.end(text);
}

// telnyxError(status, code, title, detail, source?): a reply in Telnyx's
// error shape, for handlers to return.
function telnyxError(status, code, title, detail, source) {
    const error = { code: String(code), title, detail };
    if (source) error.source = source;
    return { status, body: { errors: [error] } };
}

const notFound = (detail, source) => telnyxError(404, 10005, 'Resource not found',
    detail ?? 'The requested resource or URL could not be found.', source);

const badRequest = (status, detail, pointer, code = 10015, title = 'Bad Request') =>
    telnyxError(status, code, title, detail, pointer === undefined ? undefined : { pointer });

function stripInternal(rec) {
    const out = {};
    for (const [k, v] of Object.entries(rec)) if (!k.startsWith('_') && v !== undefined) out[k] = v;
    return out;
}

function intParam(text, fallback, min, max) {
    if (text === undefined || text === '') return fallback;
    if (!/^[0-9]+$/.test(text)) return null;
    const n = Number(text);
    return n < min || n > max ? null : n;
}

// ---------------------------------------------------------------- handlers
//
// A handler gets (req, state) where req = {method, path, params, query,
// body, headers}; `query` maps raw keys (`filter[limit]`) to their last
// value, and `query.all(key)` gives every value (`filter[features][]`).
// It returns {status, body, headers?}.

function availableView(npa, e164) {
    const ac = AREA_CODES.get(npa);
    return {
        record_type: 'available_phone_number',
        phone_number: e164,
        vanity_format: '',
        best_effort: false,
        quickship: true,
        reservable: true,
        region_information: [
            { region_type: 'country_code', region_name: 'US' },
            { region_type: 'state', region_name: ac.state },
            { region_type: 'rate_center', region_name: (ac.places[0] ?? `NPA ${npa}`).toUpperCase() },
        ],
        cost_information: { upfront_cost: '1.00', monthly_cost: '1.00', currency: 'USD' },
        features: [{ name: 'sms' }, { name: 'mms' }, { name: 'voice' }],
    };
}

// GET /available_phone_numbers: the first free numbers of the area code.
function listAvailableNumbers(req, state) {
    const ndc = req.query['filter[national_destination_code]'];
    if (ndc !== undefined && !/^[2-9][0-9]{2}$/.test(ndc)) {
        return telnyxError(422, 10015, 'Bad Request',
            'filter[national_destination_code] must be a 3-digit US area code.',
            { parameter: 'filter[national_destination_code]' });
    }
    const country = req.query['filter[country_code]'] ?? 'US';
    if (country !== 'US') {
        return telnyxError(422, 10015, 'Bad Request',
            'Only US numbers are available in the simulator.',
            { parameter: 'filter[country_code]' });
    }
    const limitText = req.query['filter[limit]'] ?? '5';
    if (!/^[0-9]+$/.test(limitText) || Number(limitText) < 1) {
        return telnyxError(422, 10015, 'Bad Request',
            'filter[limit] must be a positive integer.',
            { parameter: 'filter[limit]' });
    }
    const limit = Math.min(Number(limitText), 100);
    const type = req.query['filter[phone_number_type]'];
    const features = [...req.query.all('filter[features][]'), ...req.query.all('filter[features]')]
        .flatMap((f) => f.split(',')).filter(Boolean);
    const offered = (type === undefined || type === 'local') &&
        features.every((f) => ['sms', 'mms', 'voice'].includes(f));
    const codes = !offered ? [] : ndc !== undefined ? [ndc] : [...AREA_CODES.keys()];
    const data = [];
    for (const npa of codes) {
        if (data.length >= limit) break;
        for (const e164 of freeNumbers(state, npa, limit - data.length)) data.push(availableView(npa, e164));
    }
    const meta = { total_results: data.length, best_effort_results: 0 };
    return { status: 200, body: { data, metadata: meta, meta } };
}

function orderView(order, brief = false) {
    const out = stripInternal(order);
    out.phone_numbers = order.phone_numbers.map((pn) => (brief ? { id: pn.id, phone_number: pn.phone_number } : { ...pn }));
    return out;
}

function emitOrderComplete(state, order, atMs) {
    emitEvent(state, 'number_order.complete', orderView(order), atMs);
}

// POST /number_orders
function createNumberOrder(req, state) {
    const b = req.body;
    if (!isObject(b)) return badRequest(422, 'The request body must be a JSON object.', '/');
    if (!Array.isArray(b.phone_numbers) || b.phone_numbers.length === 0) {
        return badRequest(422, 'phone_numbers must list at least one {"phone_number"}.', '/phone_numbers',
            10004, 'Missing required parameter');
    }
    if (b.phone_numbers.length > 100) return badRequest(422, 'At most 100 numbers per order.', '/phone_numbers');
    for (const [i, pn] of b.phone_numbers.entries()) {
        if (!isObject(pn) || typeof pn.phone_number !== 'string') {
            return badRequest(422, 'Each entry needs a phone_number.', `/phone_numbers/${i}/phone_number`,
                10004, 'Missing required parameter');
        }
        if (!E164.test(pn.phone_number)) {
            return badRequest(422, 'The phone number must be a US number in +E.164 format.',
                `/phone_numbers/${i}/phone_number`, 10016, 'Phone number must be in +E.164 format');
        }
    }
    for (const k of ['messaging_profile_id', 'customer_reference', 'connection_id', 'billing_group_id']) {
        if (b[k] !== undefined && b[k] !== null && typeof b[k] !== 'string') {
            return badRequest(422, `${k} must be a string.`, `/${k}`);
        }
    }

    const now = simNow(state);
    const order = {
        id: crypto.randomUUID(),
        record_type: 'number_order',
        phone_numbers: [],
        phone_numbers_count: b.phone_numbers.length,
        connection_id: b.connection_id ?? '',
        messaging_profile_id: b.messaging_profile_id ?? '',
        billing_group_id: b.billing_group_id ?? '',
        customer_reference: b.customer_reference ?? '',
        status: 'pending',
        requirements_met: true,
        sub_number_orders_ids: [crypto.randomUUID()],
        created_at: iso(now),
        updated_at: iso(now),
    };
    const seen = new Set();
    let refused = 0;
    for (const { phone_number: e164 } of b.phone_numbers) {
        const ok = !seen.has(e164) && inInventory(state, e164) && !state.taken.has(e164);
        seen.add(e164);
        if (!ok) refused++;
        order.phone_numbers.push({
            id: crypto.randomUUID(),
            record_type: 'number_order_phone_number',
            phone_number: e164,
            phone_number_type: 'local',
            country_code: 'US',
            country_iso_alpha2: 'US',
            regulatory_requirements: [],
            requirements_met: true,
            requirements_status: 'approved',
            status: ok ? 'pending' : 'failure',
        });
    }
    state.orders.set(order.id, order);
    if (order.customer_reference) {
        const list = state.ordersByRef.get(order.customer_reference) ?? [];
        list.push(order);
        state.ordersByRef.set(order.customer_reference, list);
    }

    if (refused > 0) {
        // All or nothing: a sold or unknown number fails the whole order.
        for (const pn of order.phone_numbers) pn.status = 'failure';
        order.status = 'failure';
        emitOrderComplete(state, order, now);
    } else {
        for (const pn of order.phone_numbers) {
            state.taken.add(pn.phone_number);
            const rec = {
                id: pn.id,
                phone_number: pn.phone_number,
                status: 'purchase-pending',
                messaging_profile_id: order.messaging_profile_id || null,
                messaging_product: 'A2P',
                tags: [],
                created_at: iso(now),
                updated_at: iso(now),
                purchased_at: '',
                activated_at: null,
                _order: order.id,
            };
            state.numbers.set(rec.id, rec);
            state.byE164.set(rec.phone_number, rec);
        }
        const at = now + draw(state, state.options.order_seconds) * 1000;
        schedule(state, at, () => finishOrder(state, order, at));
    }
    return { status: 200, body: { data: orderView(order) } };
}

function finishOrder(state, order, at) {
    if (order.status !== 'pending') return;
    const fail = chance(state, state.options.order_failure_rate);
    order.status = fail ? 'failure' : 'success';
    order.updated_at = iso(at);
    for (const pn of order.phone_numbers) {
        pn.status = fail ? 'failure' : 'success';
        const rec = state.numbers.get(pn.id);
        if (!rec) continue;
        rec.updated_at = iso(at);
        if (fail) {
            rec.status = 'purchase-failed';
            untake(state, rec.phone_number);
            if (state.byE164.get(rec.phone_number) === rec) state.byE164.delete(rec.phone_number);
        } else {
            rec.status = 'active';
            rec.purchased_at = iso(at);
            rec.activated_at = iso(at);
        }
    }
    emitOrderComplete(state, order, at);
}

// GET /number_orders/{number_order_id}
function getNumberOrder(req, state) {
    const order = state.orders.get(req.params.number_order_id);
    if (!order) return notFound('No number order with that id.', { parameter: 'number_order_id' });
    return { status: 200, body: { data: orderView(order) } };
}

// GET /number_orders: newest first.
function listNumberOrders(req, state) {
    const q = req.query;
    const ref = q['filter[customer_reference]'];
    let list = ref !== undefined ? (state.ordersByRef.get(ref) ?? []) : [...state.orders.values()];
    if (q['filter[status]'] !== undefined) list = list.filter((o) => o.status === q['filter[status]']);
    if (q['filter[phone_numbers_count]'] !== undefined) {
        list = list.filter((o) => String(o.phone_numbers_count) === q['filter[phone_numbers_count]']);
    }
    if (q['filter[requirements_met]'] !== undefined) {
        list = list.filter((o) => String(o.requirements_met) === q['filter[requirements_met]']);
    }
    if (q['filter[created_at][gt]'] !== undefined) list = list.filter((o) => o.created_at > q['filter[created_at][gt]']);
    if (q['filter[created_at][lt]'] !== undefined) list = list.filter((o) => o.created_at < q['filter[created_at][lt]']);
    const number = intParam(q['page[number]'], 1, 1, 1000000);
    const size = intParam(q['page[size]'], 20, 1, 250);
    if (number === null) return telnyxError(400, 10015, 'Bad Request', 'page[number] must be a positive integer.', { parameter: 'page[number]' });
    if (size === null) return telnyxError(400, 10015, 'Bad Request', 'page[size] must be from 1 to 250.', { parameter: 'page[size]' });
    const newestFirst = [...list].reverse();
    const data = newestFirst.slice((number - 1) * size, number * size).map((o) => orderView(o, true));
    return {
        status: 200,
        body: {
            data,
            meta: {
                page_number: number,
                page_size: size,
                total_pages: Math.ceil(list.length / size),
                total_results: list.length,
            },
        },
    };
}

// A number of the account by resource id or E.164 (deleted ones are gone).
function findNumber(state, id) {
    const rec = state.numbers.get(id) ?? (E164.test(id) ? state.byE164.get(id) : undefined);
    return rec && rec.status !== 'deleted' ? rec : undefined;
}

function numberView(rec) {
    return {
        id: rec.id,
        record_type: 'phone_number',
        phone_number: rec.phone_number,
        status: rec.status,
        phone_number_type: 'local',
        country_iso_alpha2: 'US',
        tags: [...rec.tags],
        external_pin: null,
        created_at: rec.created_at,
        updated_at: rec.updated_at,
        purchased_at: rec.purchased_at,
        activated_at: rec.activated_at,
        source_type: 'number_order',
        deletion_lock_enabled: false,
        messaging_profile_id: rec.messaging_profile_id,
        messaging_profile_name: null,
        connection_id: null,
        connection_name: null,
        customer_reference: null,
        billing_group_id: null,
        emergency_enabled: false,
        emergency_address_id: null,
        emergency_status: 'disabled',
        call_forwarding_enabled: true,
        call_recording_enabled: false,
        caller_id_name_enabled: false,
        cnam_listing_enabled: false,
        hd_voice_enabled: false,
        t38_fax_gateway_enabled: false,
        inbound_call_screening: 'disabled',
    };
}

// GET /phone_numbers/{id}
function getPhoneNumber(req, state) {
    const rec = findNumber(state, req.params.id);
    if (!rec) return notFound('No phone number with that id in this account.', { parameter: 'id' });
    return { status: 200, body: { data: numberView(rec) } };
}

// DELETE /phone_numbers/{id}: release; the number goes back to the inventory.
function deletePhoneNumber(req, state) {
    const rec = findNumber(state, req.params.id);
    if (!rec || rec.status === 'purchase-failed') return notFound('No phone number with that id in this account.', { parameter: 'id' });
    if (rec.status === 'purchase-pending') {
        return badRequest(422, 'The number order for this number is still pending.', undefined, 10015, 'Bad Request');
    }
    const now = simNow(state);
    rec.status = 'deleted';
    rec.updated_at = iso(now);
    untake(state, rec.phone_number);
    if (state.byE164.get(rec.phone_number) === rec) state.byE164.delete(rec.phone_number);
    dropAssignment(state, rec.phone_number);
    // PhoneNumberDeletedDetailed: the same fields, minus the nullable ones
    // (its strings are not nullable) and a few it does not have.
    const view = numberView(rec);
    for (const k of ['source_type', 'emergency_status', 'inbound_call_screening', 'country_iso_alpha2']) delete view[k];
    for (const [k, v] of Object.entries(view)) if (v === null) delete view[k];
    return { status: 200, body: { data: view } };
}

function messagingView(rec) {
    return {
        record_type: 'messaging_settings',
        id: rec.id,
        phone_number: rec.phone_number,
        messaging_profile_id: rec.messaging_profile_id,
        messaging_product: rec.messaging_product,
        organization_id: ORGANIZATION_ID,
        country_code: 'US',
        type: 'long-code',
        traffic_type: 'A2P',
        eligible_messaging_products: ['A2P'],
        features: {
            sms: { domestic_two_way: true, international_inbound: true, international_outbound: true },
            mms: null,
        },
        tags: [...rec.tags],
        created_at: rec.created_at,
        updated_at: rec.updated_at,
    };
}

function activeNumber(state, id) {
    const rec = findNumber(state, id);
    if (!rec || rec.status === 'purchase-failed') {
        return { error: notFound('No phone number with that id in this account.', { parameter: 'id' }) };
    }
    if (rec.status !== 'active') {
        return { error: telnyxError(400, 10001, 'Inactive phone number', 'The phone number is not active yet.', { parameter: 'id' }) };
    }
    return { rec };
}

// GET /phone_numbers/{id}/messaging
function getMessagingSettings(req, state) {
    const { rec, error } = activeNumber(state, req.params.id);
    return error ?? { status: 200, body: { data: messagingView(rec) } };
}

// PATCH /phone_numbers/{id}/messaging
function updateMessagingSettings(req, state) {
    const { rec, error } = activeNumber(state, req.params.id);
    if (error) return error;
    const b = req.body;
    if (!isObject(b)) return badRequest(400, 'The request body must be a JSON object.', '/');
    if (b.messaging_profile_id !== undefined && b.messaging_profile_id !== null && typeof b.messaging_profile_id !== 'string') {
        return badRequest(400, 'messaging_profile_id must be a string.', '/messaging_profile_id');
    }
    if (b.messaging_product !== undefined && typeof b.messaging_product !== 'string') {
        return badRequest(400, 'messaging_product must be a string.', '/messaging_product');
    }
    if (b.tags !== undefined && !(Array.isArray(b.tags) && b.tags.every((t) => typeof t === 'string'))) {
        return badRequest(400, 'tags must be a list of strings.', '/tags');
    }
    if (b.messaging_profile_id !== undefined) rec.messaging_profile_id = b.messaging_profile_id || null;
    if (b.messaging_product !== undefined) rec.messaging_product = b.messaging_product;
    if (b.tags !== undefined) rec.tags = [...b.tags];
    rec.updated_at = iso(simNow(state));
    return { status: 200, body: { data: messagingView(rec) } };
}

function campaignView(c) {
    return stripInternal({
        campaignId: c.campaignId,
        tcrCampaignId: c.campaignId,
        brandId: BRAND_ID,
        tcrBrandId: BRAND_ID,
        cspId: 'CSPSIM1',
        resellerId: '',
        brandDisplayName: 'Launchline Simulated Brand',
        description: `Simulated 10DLC campaign ${c.campaignId}`,
        usecase: 'POLITICAL',
        subUsecases: [],
        mock: false,
        termsAndConditions: true,
        campaignStatus: c.campaignStatus,
        status: c.campaignStatus === 'MNO_PROVISIONED' ? 'ACTIVE' : 'INACTIVE',
        submissionStatus: 'CREATED',
        failureReasons: c.failureReasons,
        createDate: c.createDate,
        ageGated: false,
        autoRenewal: true,
        directLending: false,
        embeddedLink: false,
        embeddedPhone: false,
        numberPool: false,
        subscriberHelp: true,
        subscriberOptin: true,
        subscriberOptout: true,
        isTMobileRegistered: c.campaignStatus === 'MNO_PROVISIONED',
        isTMobileSuspended: false,
        isTMobileNumberPoolingEnabled: false,
        sample1: 'Hi, this is Sam with the campaign. Can we count on your vote on Tuesday? Reply STOP to opt out.',
        messageFlow: 'Volunteers text supporters who gave their number at events.',
        helpMessage: 'Reply STOP to opt out.',
        optoutKeywords: 'STOP',
        helpKeywords: 'HELP',
    });
}

// GET /10dlc/campaign/{campaignId}
function getCampaign(req, state) {
    const c = state.campaigns.get(req.params.campaignId);
    if (!c) return notFound(`Campaign ${req.params.campaignId} was not found.`, { parameter: 'campaignId' });
    return { status: 200, body: campaignView(c) };
}

function liveSet(state, campaignId) {
    let set = state.liveByCampaign.get(campaignId);
    if (!set) {
        set = new Set();
        state.liveByCampaign.set(campaignId, set);
    }
    return set;
}

function setAssignmentStatus(state, rec, status, reason, atMs) {
    rec.assignmentStatus = status;
    rec.failureReasons = status === 'FAILED_ASSIGNMENT' ? reason : undefined;
    rec.updatedAt = iso(atMs);
    const live = liveSet(state, rec.campaignId);
    if (LIVE.has(status)) live.add(rec.phoneNumber);
    else live.delete(rec.phoneNumber);
    if (status !== 'PENDING_ASSIGNMENT') {
        rec._doneAt = atMs;
        rec._doneReal = Date.now();
    }
}

function dropAssignment(state, e164) {
    const rec = state.assignments.get(e164);
    if (!rec) return null;
    state.assignments.delete(e164);
    state.liveByCampaign.get(rec.campaignId)?.delete(e164);
    rec._gone = true;
    return rec;
}

function emitAssignment(state, rec, atMs) {
    const payload = {
        type: 'ASSIGNMENT',
        status: rec.assignmentStatus,
        phoneNumber: rec.phoneNumber,
        campaignId: rec.campaignId,
    };
    if (rec.failureReasons !== undefined) payload.failureReasons = rec.failureReasons;
    emitEvent(state, '10dlc.phone_number.update', payload, atMs);
}

function resolveAssignment(state, rec, at) {
    if (rec._gone || rec.assignmentStatus !== 'PENDING_ASSIGNMENT') return;
    if (chance(state, state.options.assignment_failure_rate)) {
        setAssignmentStatus(state, rec, 'FAILED_ASSIGNMENT', state.options.failure_reason, at);
    } else {
        setAssignmentStatus(state, rec, 'ASSIGNED', undefined, at);
    }
    emitAssignment(state, rec, at);
}

function assignmentBody(b, pathNumber) {
    if (!isObject(b)) return { error: badRequest(400, 'The request body must be a JSON object.', '/') };
    const phoneNumber = b.phoneNumber ?? pathNumber;
    if (typeof phoneNumber !== 'string') {
        return { error: badRequest(400, 'phoneNumber is required.', '/phoneNumber', 10004, 'Missing required parameter') };
    }
    if (typeof b.campaignId !== 'string' || b.campaignId === '') {
        return { error: badRequest(400, 'campaignId is required.', '/campaignId', 10004, 'Missing required parameter') };
    }
    if (!E164.test(phoneNumber)) {
        return { error: badRequest(400, 'phoneNumber must be a US number in +E.164 format.', '/phoneNumber', 10016, 'Phone number must be in +E.164 format') };
    }
    if (pathNumber !== undefined && phoneNumber !== pathNumber) {
        return { error: badRequest(400, 'phoneNumber differs from the number in the path.', '/phoneNumber') };
    }
    return { phoneNumber, campaignId: b.campaignId };
}

function assignNumber(state, phoneNumber, campaignId, replace) {
    const campaign = state.campaigns.get(campaignId);
    if (!campaign) return notFound(`Campaign ${campaignId} was not found.`, { pointer: '/campaignId' });
    if (campaign.campaignStatus !== 'MNO_PROVISIONED') {
        return badRequest(400, `Campaign ${campaignId} cannot take numbers (status ${campaign.campaignStatus}).`, '/campaignId');
    }
    const number = state.byE164.get(phoneNumber);
    if (!number || number.status !== 'active') {
        return notFound(`${phoneNumber} is not an active number of this account.`, { pointer: '/phoneNumber' });
    }
    const old = state.assignments.get(phoneNumber);
    if (old && LIVE.has(old.assignmentStatus) && !replace) {
        return telnyxError(409, 10012, 'Duplicate resource',
            `${phoneNumber} is already assigned to campaign ${old.campaignId} (${old.assignmentStatus}).`,
            { pointer: '/phoneNumber' });
    }
    if (old) dropAssignment(state, phoneNumber);

    const now = simNow(state);
    const rec = {
        phoneNumber,
        campaignId,
        brandId: BRAND_ID,
        tcrBrandId: BRAND_ID,
        tcrCampaignId: campaignId,
        telnyxCampaignId: campaign.telnyxCampaignId,
        assignmentStatus: 'PENDING_ASSIGNMENT',
        failureReasons: undefined,
        createdAt: iso(now),
        updatedAt: iso(now),
        _createdAt: now,
    };
    state.assignments.set(phoneNumber, rec);
    const live = liveSet(state, campaignId);
    if (live.size >= state.options.number_limit) {
        setAssignmentStatus(state, rec, 'FAILED_ASSIGNMENT', CAP_REASON, now);
        emitAssignment(state, rec, now);
    } else {
        live.add(phoneNumber);
        const due = now + draw(state, state.options.provisioning_seconds) * 1000;
        rec._due = due;
        schedule(state, due, () => resolveAssignment(state, rec, due));
    }
    return { status: 200, body: stripInternal(rec) };
}

// POST /10dlc/phone_number_campaigns
function createAssignment(req, state) {
    const { phoneNumber, campaignId, error } = assignmentBody(req.body);
    return error ?? assignNumber(state, phoneNumber, campaignId, false);
}

// PUT /10dlc/phone_number_campaigns/{phoneNumber}: (re-)assign, starting over.
function putAssignment(req, state) {
    const { phoneNumber, campaignId, error } = assignmentBody(req.body, req.params.phoneNumber);
    return error ?? assignNumber(state, phoneNumber, campaignId, true);
}

// GET /10dlc/phone_number_campaigns/{phoneNumber}
function getAssignment(req, state) {
    const rec = state.assignments.get(req.params.phoneNumber);
    if (!rec) return notFound(`${req.params.phoneNumber} is not assigned to any campaign.`, { parameter: 'phoneNumber' });
    return { status: 200, body: stripInternal(rec) };
}

// DELETE /10dlc/phone_number_campaigns/{phoneNumber}
function deleteAssignment(req, state) {
    const rec = dropAssignment(state, req.params.phoneNumber);
    if (!rec) return notFound(`${req.params.phoneNumber} is not assigned to any campaign.`, { parameter: 'phoneNumber' });
    const view = stripInternal(rec);
    view.assignmentStatus = 'PENDING_UNASSIGNMENT';
    delete view.failureReasons;
    view.updatedAt = iso(simNow(state));
    return { status: 200, body: view };
}

const ASSIGNMENT_SORTS = ['assignmentStatus', '-assignmentStatus', 'createdAt', '-createdAt', 'phoneNumber', '-phoneNumber'];

// GET /10dlc/phone_number_campaigns
function listAssignments(req, state) {
    const q = req.query;
    const per = intParam(q.recordsPerPage, 20, 1, 500);
    const page = intParam(q.page, 1, 1, 1000000);
    const sort = q.sort ?? '-createdAt';
    if (per === null) return telnyxError(400, 10015, 'Bad Request', 'recordsPerPage must be from 1 to 500.', { parameter: 'recordsPerPage' });
    if (page === null) return telnyxError(400, 10015, 'Bad Request', 'page must be a positive integer.', { parameter: 'page' });
    if (!ASSIGNMENT_SORTS.includes(sort)) return telnyxError(400, 10015, 'Bad Request', `sort must be one of ${ASSIGNMENT_SORTS.join(', ')}.`, { parameter: 'sort' });
    let list = [...state.assignments.values()];
    const filters = {
        'filter[tcr_campaign_id]': 'tcrCampaignId',
        'filter[telnyx_campaign_id]': 'telnyxCampaignId',
        'filter[tcr_brand_id]': 'tcrBrandId',
        'filter[telnyx_brand_id]': 'brandId',
    };
    for (const [param, field] of Object.entries(filters)) {
        if (q[param] !== undefined) list = list.filter((r) => r[field] === q[param]);
    }
    const field = sort.replace(/^-/, '');
    const dir = sort.startsWith('-') ? -1 : 1;
    list.sort((a, b) => {
        const x = field === 'createdAt' ? a._createdAt : a[field];
        const y = field === 'createdAt' ? b._createdAt : b[field];
        return x < y ? -dir : x > y ? dir : 0;
    });
    return {
        status: 200,
        body: {
            records: list.slice((page - 1) * per, page * per).map(stripInternal),
            page,
            totalRecords: list.length,
        },
    };
}

// ---------------------------------------------------------------- messages
//
// POST /messages creates a message (queued at the provider), answers it,
// then sends message.sent and message.finalized (delivered, or by
// message_failure_rate delivery_failed) to the message's webhook_url, or
// webhook_url when it gave none (message_webhooks: false sends none).
// Idempotency-Key (Telnyx's general contract): the same key with the same
// body within 24 h answers the first success again and creates nothing;
// another body with that key is 422. Every POST that reaches this handler
// (not refused by an injected 429/5xx first) is counted under its
// reference: the Idempotency-Key, else the ref= of webhook_url, else
// from|to|text.

function messageRef(req) {
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string' && key !== '') return key;
    const b = req.body;
    if (isObject(b) && typeof b.webhook_url === 'string') {
        try {
            const ref = new URL(b.webhook_url).searchParams.get('ref');
            if (ref) return ref;
        } catch { /* not a URL */ }
    }
    return isObject(b) ? `${b.from}|${b.to}|${b.text}` : '(none)';
}

function refCount(state, ref) {
    let c = state.messageRefs.get(ref);
    if (!c) {
        c = { posts: 0, created: 0, replayed: 0, ids: [] };
        state.messageRefs.set(ref, c);
    }
    return c;
}

function messageView(m, direction) {
    return {
        record_type: 'message',
        direction,
        id: m.id,
        type: 'SMS',
        messaging_profile_id: m.messaging_profile_id,
        organization_id: ORGANIZATION_ID,
        from: direction === 'outbound'
            ? { phone_number: m.from, carrier: 'Telnyx', line_type: 'VoIP' }
            : { phone_number: m.from, carrier: 'T-MOBILE USA, INC.', line_type: 'Wireless', status: 'received' },
        to: [{ phone_number: m.to, status: m.status, carrier: '', line_type: direction === 'outbound' ? 'Wireless' : 'VoIP' }],
        cc: [],
        text: m.text,
        subject: null,
        media: [],
        encoding: 'GSM-7',
        parts: Math.min(10, Math.max(1, Math.ceil(m.text.length / 160))),
        tags: [],
        cost: null,
        cost_breakdown: null,
        tcr_campaign_id: null,
        tcr_campaign_billable: false,
        tcr_campaign_registered: null,
        received_at: m.received_at,
        sent_at: m.sent_at,
        completed_at: m.completed_at,
        valid_until: null,
        webhook_url: m.webhook_url,
        webhook_failover_url: null,
        errors: m.errors,
    };
}

function emitMessageEvent(state, m, eventType, atMs) {
    if (!state.options.message_webhooks) return;
    emitEvent(state, eventType, messageView(m, 'outbound'), atMs, m.webhook_url || undefined);
}

// POST /messages
function sendMessage(req, state) {
    const b = req.body;
    const ref = messageRef(req);
    const count = refCount(state, ref);
    count.posts++;
    if (!isObject(b)) return badRequest(400, 'The request body must be a JSON object.', '/');
    const key = req.headers['idempotency-key'];
    const raw = JSON.stringify(b);
    if (typeof key === 'string' && key !== '') {
        if (!/^[A-Za-z0-9_:-]{1,255}$/.test(key)) {
            return telnyxError(422, 10015, 'Bad Request', 'Idempotency-Key must be 1 to 255 letters, digits, hyphens, underscores or colons.');
        }
        const seen = state.messageKeys.get(key);
        if (seen) {
            if (seen.body !== raw) {
                return telnyxError(422, 10015, 'Bad Request', 'This Idempotency-Key was used with another request body.');
            }
            count.replayed++;
            return { status: seen.status, body: JSON.parse(seen.text) };
        }
    }
    if (typeof b.to !== 'string' || b.to === '') {
        return badRequest(422, 'to is required.', '/to', 10004, 'Missing required parameter');
    }
    if (b.from !== undefined && typeof b.from !== 'string') return badRequest(422, 'from must be a string.', '/from');
    if (b.text !== undefined && typeof b.text !== 'string') return badRequest(422, 'text must be a string.', '/text');
    if (typeof b.text !== 'string' && !Array.isArray(b.media_urls)) {
        return badRequest(422, 'Either text or media_urls is required.', '/text', 10004, 'Missing required parameter');
    }
    if (b.webhook_url !== undefined && typeof b.webhook_url !== 'string') {
        return badRequest(422, 'webhook_url must be a string.', '/webhook_url');
    }
    const now = simNow(state);
    const m = {
        id: crypto.randomUUID(),
        ref,
        from: b.from ?? '',
        to: b.to,
        text: b.text ?? '',
        messaging_profile_id: typeof b.messaging_profile_id === 'string' ? b.messaging_profile_id : '',
        webhook_url: typeof b.webhook_url === 'string' ? b.webhook_url : null,
        status: 'queued',
        received_at: iso(now),
        sent_at: null,
        completed_at: null,
        errors: [],
    };
    state.messages.set(m.id, m);
    count.created++;
    count.ids.push(m.id);
    const reply = { status: 200, body: { data: messageView(m, 'outbound') } };
    if (typeof key === 'string' && key !== '') {
        reply.json = JSON.stringify(reply.body);
        state.messageKeys.set(key, { body: raw, status: reply.status, text: reply.json });
    }
    const sentAt = now + draw(state, state.options.message_sent_ms);
    schedule(state, sentAt, () => {
        m.status = 'sent';
        m.sent_at = iso(sentAt);
        emitMessageEvent(state, m, 'message.sent', sentAt);
        const doneAt = sentAt + draw(state, state.options.message_finalized_ms);
        schedule(state, doneAt, () => {
            const fail = chance(state, state.options.message_failure_rate);
            m.status = fail ? 'delivery_failed' : 'delivered';
            m.completed_at = iso(doneAt);
            if (fail) m.errors = [{ code: '40008', title: 'Undeliverable', detail: 'The destination carrier rejected the message.' }];
            emitMessageEvent(state, m, 'message.finalized', doneAt);
        });
    });
    return reply;
}

// ---------------------------------------------------------------- webhooks

const HTTP_AGENT = new http.Agent({ keepAlive: true, maxSockets: 32 });
const HTTPS_AGENT = new https.Agent({ keepAlive: true, maxSockets: 32 });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function postJson(url, body, headers) {
    return new Promise((resolve, reject) => {
        const u = new URL(url);
        const secure = u.protocol === 'https:';
        const req = (secure ? https : http).request(u, {
            method: 'POST',
            agent: secure ? HTTPS_AGENT : HTTP_AGENT,
            timeout: 10000,
            headers: {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(body),
                'user-agent': 'telnyx-webhooks (launchline provider-sim)',
                ...headers,
            },
        }, (res) => {
            res.on('error', reject);
            res.on('end', () => resolve(res.statusCode));
            res.resume();
        });
        req.on('timeout', () => req.destroy(new Error('timed out')));
        req.on('error', reject);
        req.end(body);
    });
}

function newDelivery(state, event, url, duplicate) {
    const w = state.options.webhook;
    const rec = {
        seq: ++state.webhookSeq,
        id: event.id,
        event_type: event.event_type,
        delivered_to: url || null,
        outcome: 'pending',
        duplicate,
        bad_signature: false,
        parked: false,
        attempts: [],
        event,
        _skew: w.timestamp_skew_seconds,
        _maxAttempts: w.max_attempts,
    };
    state.webhooks.push(rec);
    return rec;
}

async function deliver(state, gen, rec) {
    for (let attempt = 1; attempt <= rec._maxAttempts; attempt++) {
        if (state.generation !== gen) {
            rec.outcome = 'dropped';
            return;
        }
        const body = JSON.stringify({ data: rec.event, meta: { attempt, delivered_to: rec.delivered_to } });
        const ts = String(Math.floor(Date.now() / 1000) + rec._skew);
        const key = rec.bad_signature ? state.keys.wrong : state.keys.private;
        const signature = crypto.sign(null, Buffer.from(`${ts}|${body}`), key).toString('base64');
        const started = Date.now();
        let status = 0;
        let error = null;
        try {
            status = await postJson(rec.delivered_to, body,
                { 'telnyx-timestamp': ts, 'telnyx-signature-ed25519': signature });
        } catch (err) {
            error = err.message;
        }
        rec.attempts.push({ at: new Date(started).toISOString(), status, error, ms: Date.now() - started });
        const notes = [`attempt ${attempt}`];
        if (rec.duplicate) notes.push('duplicate');
        if (rec.bad_signature) notes.push('bad signature');
        console.error(`provider-sim: webhook ${rec.event_type} ${rec.id} -> ${rec.delivered_to} ` +
            `${status || error} (${notes.join(', ')})`);
        if (status >= 200 && status <= 299) {
            rec.outcome = 'delivered';
            return;
        }
        if (rec.bad_signature) {
            rec.outcome = 'rejected'; // a forgery is sent once
            return;
        }
        if (attempt < rec._maxAttempts) {
            rec.outcome = 'retrying';
            await sleep(Math.min(1000 * 2 ** (attempt - 1), 10000));
        }
    }
    rec.outcome = 'failed';
}

async function deliverAll(state, gen, list) {
    for (const rec of list) {
        rec.outcome = 'sending';
        await deliver(state, gen, rec);
    }
}

// Sends one event to webhook_url, through the webhook faults. A parked
// (reordered) event goes out right after the next event that is not parked.
function emitEvent(state, eventType, payload, atMs, url = state.options.webhook_url) {
    const o = state.options;
    const w = o.webhook;
    const event = {
        event_type: eventType,
        id: crypto.randomUUID(),
        occurred_at: iso(atMs ?? simNow(state)),
        payload,
        record_type: 'event',
    };
    const rec = newDelivery(state, event, url, false);
    if (!url) {
        rec.outcome = 'no_url';
        return rec;
    }
    if (chance(state, w.loss)) {
        rec.outcome = 'lost';
        console.error(`provider-sim: webhook ${eventType} ${event.id} lost on purpose`);
        return rec;
    }
    rec.bad_signature = chance(state, w.bad_signature);
    const bundle = [rec];
    if (chance(state, w.duplicate)) {
        const copy = newDelivery(state, event, url, true);
        copy.bad_signature = rec.bad_signature;
        bundle.push(copy);
    }
    const gen = state.generation;
    if (!state.parked && chance(state, w.reorder)) {
        for (const r of bundle) {
            r.parked = true;
            r.outcome = 'parked';
        }
        const parked = {
            bundle,
            timer: setTimeout(() => {
                if (state.parked !== parked) return;
                state.parked = null;
                deliverAll(state, gen, bundle);
            }, w.reorder_max_ms),
        };
        state.parked = parked;
        return rec;
    }
    if (state.parked) {
        clearTimeout(state.parked.timer);
        bundle.push(...state.parked.bundle);
        state.parked = null;
    }
    for (const r of bundle) if (!r.parked) r.outcome = 'scheduled';
    const delay = draw(state, w.delay_ms);
    setTimeout(() => deliverAll(state, gen, bundle), delay);
    return rec;
}

// ---------------------------------------------------------------- control API

function simHealth() {
    return { status: 200, body: { status: 'ok' } };
}

function simGetOptions(req, state) {
    return { status: 200, body: state.options };
}

function simPutOptions(req, state) {
    try {
        updateOptions(state, req.body);
    } catch (err) {
        if (!(err instanceof OptionError)) throw err;
        return telnyxError(400, 10015, 'Bad Request', err.message, { pointer: `/${err.key.replace(/\./g, '/')}` });
    }
    return { status: 200, body: state.options };
}

function simReset(req, state) {
    resetState(state);
    return { status: 204 };
}

function clockView(state) {
    return {
        now: iso(simNow(state)),
        real_now: new Date().toISOString(),
        offset_seconds: state.clockOffsetMs / 1000,
        timers: state.timers.length,
    };
}

function simClock(req, state) {
    return { status: 200, body: clockView(state) };
}

function simClockAdvance(req, state) {
    const seconds = req.body?.seconds;
    if (typeof seconds !== 'number' || !(seconds >= 0 && seconds <= 10 * 366 * 86400)) {
        return telnyxError(400, 10015, 'Bad Request', 'seconds must be a number from 0 to ten years.', { pointer: '/seconds' });
    }
    state.clockOffsetMs += seconds * 1000;
    const ran = runDue(state);
    return { status: 200, body: { ...clockView(state), ran } };
}

function simCalls(req, state) {
    const { method, path: p, since } = req.query;
    const after = since !== undefined && /^[0-9]+$/.test(since) ? Number(since) : 0;
    const calls = state.calls.filter((c) => c.seq > after &&
        (method === undefined || c.method === method.toUpperCase()) &&
        (p === undefined || c.path === p));
    return { status: 200, body: { calls } };
}

function simForgetCalls(req, state) {
    state.calls = [];
    return { status: 204 };
}

function tally(values) {
    const out = {};
    for (const v of values) out[v] = (out[v] ?? 0) + 1;
    return out;
}

function simStats(req, state) {
    const byOperation = {};
    for (const [op, s] of state.stats) byOperation[op] = s;
    return {
        status: 200,
        body: {
            clock: clockView(state),
            calls: { total: [...state.stats.values()].reduce((n, s) => n + s.count, 0), by_operation: byOperation },
            orders: tally([...state.orders.values()].map((o) => o.status)),
            numbers: tally([...state.numbers.values()].map((n) => n.status)),
            assignments: tally([...state.assignments.values()].map((a) => a.assignmentStatus)),
            webhooks: tally(state.webhooks.map((w) => w.outcome)),
        },
    };
}

function simNumbers(req, state) {
    const numbers = [];
    for (const rec of state.numbers.values()) {
        if (req.query.status !== undefined && rec.status !== req.query.status) continue;
        const a = state.byE164.get(rec.phone_number) === rec ? state.assignments.get(rec.phone_number) : undefined;
        numbers.push({
            id: rec.id,
            phone_number: rec.phone_number,
            status: rec.status,
            order_id: rec._order,
            messaging_profile_id: rec.messaging_profile_id,
            created_at: rec.created_at,
            assignment: a ? {
                campaignId: a.campaignId,
                assignmentStatus: a.assignmentStatus,
                failureReasons: a.failureReasons ?? null,
                created_at: a.createdAt,
                due_at: a._due !== undefined ? iso(a._due) : null,
                done_at: a._doneAt !== undefined ? iso(a._doneAt) : null,
                done_real_at: a._doneReal !== undefined ? iso(a._doneReal) : null,
            } : null,
        });
    }
    return { status: 200, body: { numbers } };
}

function simForceAssignment(req, state) {
    const rec = state.assignments.get(req.params.e164);
    if (!rec) return notFound(`${req.params.e164} has no assignment to finish.`);
    const b = req.body;
    if (!isObject(b) || !['ASSIGNED', 'FAILED_ASSIGNMENT'].includes(b.status)) {
        return telnyxError(400, 10015, 'Bad Request', 'status must be ASSIGNED or FAILED_ASSIGNMENT.', { pointer: '/status' });
    }
    if (b.reason !== undefined && (typeof b.reason !== 'string' || b.reason === '')) {
        return telnyxError(400, 10015, 'Bad Request', 'reason must be a non-empty string.', { pointer: '/reason' });
    }
    const now = simNow(state);
    setAssignmentStatus(state, rec, b.status, b.reason ?? state.options.failure_reason, now);
    emitAssignment(state, rec, now);
    return { status: 200, body: stripInternal(rec) };
}

function simCampaigns(req, state) {
    return { status: 200, body: { campaigns: [...state.campaigns.values()].map(campaignView) } };
}

function simPutCampaign(req, state) {
    const b = req.body;
    if (!isObject(b) || !CAMPAIGN_STATUSES.includes(b.campaignStatus)) {
        return telnyxError(400, 10015, 'Bad Request', `campaignStatus must be one of ${CAMPAIGN_STATUSES.join(', ')}.`, { pointer: '/campaignStatus' });
    }
    if (b.failureReasons !== undefined && typeof b.failureReasons !== 'string') {
        return telnyxError(400, 10015, 'Bad Request', 'failureReasons must be a string.', { pointer: '/failureReasons' });
    }
    const id = req.params.campaignId;
    const c = state.campaigns.get(id) ?? newCampaign(id, b.campaignStatus, undefined, simNow(state));
    c.campaignStatus = b.campaignStatus;
    c.failureReasons = b.failureReasons;
    state.campaigns.set(id, c);
    return { status: 200, body: campaignView(c) };
}

function simDeleteCampaign(req, state) {
    if (!state.campaigns.delete(req.params.campaignId)) return notFound('No such campaign.');
    return { status: 204 };
}

function simWebhooks(req, state) {
    const type = req.query.event_type;
    const webhooks = state.webhooks
        .filter((w) => type === undefined || w.event_type === type)
        .map(stripInternal);
    return { status: 200, body: { webhooks } };
}

function simSendWebhook(req, state) {
    const b = req.body;
    if (!isObject(b) || typeof b.event_type !== 'string' || b.event_type === '') {
        return telnyxError(400, 10015, 'Bad Request', 'event_type is required.', { pointer: '/event_type' });
    }
    if (!isObject(b.payload)) {
        return telnyxError(400, 10015, 'Bad Request', 'payload must be an object.', { pointer: '/payload' });
    }
    const rec = emitEvent(state, b.event_type, b.payload);
    return { status: 200, body: stripInternal(rec) };
}

function simForgetWebhooks(req, state) {
    state.webhooks = [];
    return { status: 204 };
}

// GET /_sim/messages[?ref=R][&to=E164]: the messages the provider created
// for a reference (or to a number), with the reference's counts; with
// neither, a summary: totals and the references with more than one
// message created (duplicates: there should be none).
function simMessages(req, state) {
    const { ref, to } = req.query;
    if (ref === undefined && to === undefined) {
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
        return { status: 200, body: { refs: state.messageRefs.size, posts, created, replayed, duplicated: duplicated.slice(0, 100) } };
    }
    const list = [...state.messages.values()].filter((m) => (ref === undefined || m.ref === ref) && (to === undefined || m.to === to));
    const counts = ref !== undefined ? (state.messageRefs.get(ref) ?? { posts: 0, created: 0, replayed: 0 }) : null;
    return {
        status: 200,
        body: {
            counts: counts && { posts: counts.posts, created: counts.created, replayed: counts.replayed },
            messages: list.map((m) => ({ ref: m.ref, id: m.id, from: m.from, to: m.to, text: m.text, status: m.status, webhook_url: m.webhook_url })),
        },
    };
}

// POST /_sim/messages/inbound {from, to, text}: a contact texts one of our
// numbers; message.received goes to webhook_url.
function simInbound(req, state) {
    const b = req.body;
    if (!isObject(b) || typeof b.from !== 'string' || typeof b.to !== 'string' || typeof b.text !== 'string') {
        return { status: 422, body: { error: 'from, to and text (strings) are required' } };
    }
    const now = simNow(state);
    const m = {
        id: crypto.randomUUID(), ref: null, from: b.from, to: b.to, text: b.text,
        messaging_profile_id: '', webhook_url: null, status: 'delivered', received_at: iso(now),
        sent_at: null, completed_at: null, errors: [],
    };
    const rec = emitEvent(state, 'message.received', messageView(m, 'inbound'), now);
    return { status: 201, body: { id: m.id, delivery: { seq: rec.seq, id: rec.id, outcome: rec.outcome } } };
}

function simPublicKey(req, state) {
    return { status: 200, body: { public_key: state.keys.publicB64 } };
}

// ---------------------------------------------------------------- routes
//
// {method, path, handler, control}: `path` may hold {name} segments, given
// to the handler as req.params.name. `control` marks the /_sim/ API.

const ROUTES = [
    { method: 'GET', path: '/available_phone_numbers', handler: listAvailableNumbers },
    { method: 'POST', path: '/number_orders', handler: createNumberOrder },
    { method: 'GET', path: '/number_orders', handler: listNumberOrders },
    { method: 'GET', path: '/number_orders/{number_order_id}', handler: getNumberOrder },
    { method: 'GET', path: '/phone_numbers/{id}', handler: getPhoneNumber },
    { method: 'DELETE', path: '/phone_numbers/{id}', handler: deletePhoneNumber },
    { method: 'GET', path: '/phone_numbers/{id}/messaging', handler: getMessagingSettings },
    { method: 'PATCH', path: '/phone_numbers/{id}/messaging', handler: updateMessagingSettings },
    { method: 'GET', path: '/10dlc/campaign/{campaignId}', handler: getCampaign },
    { method: 'GET', path: '/10dlc/phone_number_campaigns', handler: listAssignments },
    { method: 'POST', path: '/10dlc/phone_number_campaigns', handler: createAssignment },
    { method: 'GET', path: '/10dlc/phone_number_campaigns/{phoneNumber}', handler: getAssignment },
    { method: 'PUT', path: '/10dlc/phone_number_campaigns/{phoneNumber}', handler: putAssignment },
    { method: 'DELETE', path: '/10dlc/phone_number_campaigns/{phoneNumber}', handler: deleteAssignment },
    { method: 'POST', path: '/messages', handler: sendMessage },

    { method: 'GET', path: '/_sim/health', handler: simHealth, control: true },
    { method: 'GET', path: '/_sim/options', handler: simGetOptions, control: true },
    { method: 'PUT', path: '/_sim/options', handler: simPutOptions, control: true },
    { method: 'POST', path: '/_sim/reset', handler: simReset, control: true },
    { method: 'GET', path: '/_sim/clock', handler: simClock, control: true },
    { method: 'POST', path: '/_sim/clock/advance', handler: simClockAdvance, control: true },
    { method: 'GET', path: '/_sim/calls', handler: simCalls, control: true },
    { method: 'DELETE', path: '/_sim/calls', handler: simForgetCalls, control: true },
    { method: 'GET', path: '/_sim/stats', handler: simStats, control: true },
    { method: 'GET', path: '/_sim/numbers', handler: simNumbers, control: true },
    { method: 'POST', path: '/_sim/numbers/{e164}/assignment', handler: simForceAssignment, control: true },
    { method: 'GET', path: '/_sim/campaigns', handler: simCampaigns, control: true },
    { method: 'PUT', path: '/_sim/campaigns/{campaignId}', handler: simPutCampaign, control: true },
    { method: 'DELETE', path: '/_sim/campaigns/{campaignId}', handler: simDeleteCampaign, control: true },
    { method: 'GET', path: '/_sim/webhooks', handler: simWebhooks, control: true },
    { method: 'POST', path: '/_sim/webhooks', handler: simSendWebhook, control: true },
    { method: 'DELETE', path: '/_sim/webhooks', handler: simForgetWebhooks, control: true },
    { method: 'GET', path: '/_sim/webhook_public_key', handler: simPublicKey, control: true },
    { method: 'GET', path: '/_sim/messages', handler: simMessages, control: true },
    { method: 'POST', path: '/_sim/messages/inbound', handler: simInbound, control: true },
];

function compile(route) {
    const names = [];
    const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{(\w+)\}/g, (_, name) => { names.push(name); return '([^/]+)'; });
    return { ...route, regex: new RegExp(`^${source}$`), names };
}

const COMPILED = ROUTES.map(compile);

// Throws URIError on a malformed %-escape in a path parameter.
function match(method, path) {
    for (const route of COMPILED) {
        if (route.method !== method) continue;
        const m = route.regex.exec(path);
        if (!m) continue;
        const params = {};
        route.names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
        return { route, params };
    }
    return null;
}

// ---------------------------------------------------------------- server

function parseQuery(searchParams) {
    const query = {};
    for (const [key, value] of searchParams) query[key] = value;
    Object.defineProperty(query, 'all', { value: (key) => searchParams.getAll(key) });
    return query;
}

function readBody(req) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        req.on('data', (chunk) => {
            size += chunk.length;
            if (size > MAX_BODY) {
                reject(Object.assign(new Error('body too large'), { tooLarge: true }));
                req.destroy();
                return;
            }
            chunks.push(chunk);
        });
        req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        req.on('error', reject);
    });
}

function authorized(req, apiKey) {
    if (!apiKey) return true;
    const got = Buffer.from(req.headers.authorization ?? '');
    const want = Buffer.from(`Bearer ${apiKey}`);
    return got.length === want.length && crypto.timingSafeEqual(got, want);
}

// The injected faults for one provider call: {reply} to answer instead of
// the handler, or {headers} to add to the handler's answer, or {}.
function injectFault(state, path) {
    const o = state.options;
    if (state.faultRegex && !state.faultRegex.test(path)) return {};
    state.faultCalls++;
    let headers = {};
    if (o.rate_limit_every > 0) {
        const limit = o.rate_limit_every - 1;
        const used = state.faultCalls % o.rate_limit_every;
        headers = {
            'x-ratelimit-limit': String(limit),
            'x-ratelimit-remaining': String(used === 0 ? 0 : Math.max(0, limit - used)),
            'x-ratelimit-reset': String(o.rate_limit_reset_seconds),
        };
        if (used === 0) {
            const reply = telnyxError(429, 10011, 'Too many requests',
                'You have exceeded the maximum number of allowed requests.');
            reply.headers = { ...headers, 'retry-after': String(o.rate_limit_reset_seconds) };
            return { reply };
        }
    }
    let fail = false;
    if (o.error_next > 0) {
        o.error_next--;
        fail = true;
    } else {
        fail = chance(state, o.error_rate);
    }
    if (fail) {
        const unavailable = o.error_status === 503;
        const reply = telnyxError(o.error_status, 10007,
            unavailable ? 'Service unavailable' : 'Unexpected error',
            unavailable ? 'The service is temporarily unavailable. Please try again later.'
                : 'An unexpected error occured.');
        reply.headers = headers;
        return { reply };
    }
    return { headers };
}

function slowFor(state, path) {
    const o = state.options;
    if (o.slow_ms <= 0 || (state.faultRegex && !state.faultRegex.test(path))) return 0;
    return chance(state, o.slow_rate) ? o.slow_ms : 0;
}

function countCall(state, method, route, status) {
    const op = `${method} ${route ? route.path : '(no route)'}`;
    let s = state.stats.get(op);
    if (!s) {
        s = { count: 0, statuses: {} };
        state.stats.set(op, s);
    }
    s.count++;
    s.statuses[status] = (s.statuses[status] ?? 0) + 1;
}

// One line per call, written in batches: a write(2) per call cost a sixth
// of the simulator's CPU under the sends benchmark.
const logLines = [];
function logLine(line) {
    if (logLines.length === 0) setImmediate(flushLog);
    logLines.push(line);
}
function flushLog() {
    if (logLines.length === 0) return;
    const text = `${logLines.join('\n')}\n`;
    logLines.length = 0;
    try {
        fs.writeSync(2, text);
    } catch { /* stderr gone: nothing to do */ }
}

process.on('exit', flushLog);

// The calls kept for GET /_sim/calls: the newest CALLS_KEPT, so a long
// benchmark does not grow the heap (and the collector's work) without end.
const CALLS_KEPT = 100000;

async function handle(req, res, state) {
    const started = Date.now();
    runDue(state);
    const url = new URL(req.url, 'http://sim.invalid');
    let found = null;
    let badPath = false;
    try {
        found = match(req.method, url.pathname);
    } catch {
        badPath = true;
    }
    const control = found?.route.control ?? url.pathname.startsWith('/_sim/');
    let call = null;
    if (!control) {
        call = {
            seq: ++state.seq,
            at: new Date().toISOString(),
            method: req.method,
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            body: null,
            status: null,
        };
        state.calls.push(call);
        if (state.calls.length > 2 * CALLS_KEPT) state.calls.splice(0, state.calls.length - CALLS_KEPT);
    }

    let reply;
    let slow = 0;
    try {
        const raw = await readBody(req);
        let body = null;
        if (raw.length > 0) {
            try {
                body = JSON.parse(raw);
            } catch {
                body = undefined;
            }
        }
        if (call) call.body = body === undefined ? raw : body;

        if (!control && !authorized(req, state.apiKey)) {
            reply = telnyxError(401, 10009, 'Authentication failed',
                'The required authentication headers were either invalid or not included in the request.');
        } else if (badPath) {
            reply = telnyxError(400, 10015, 'Bad Request', 'The path holds a malformed %-escape.');
        } else if (!found) {
            reply = notFound();
        } else if (body === undefined) {
            reply = telnyxError(400, 10015, 'Bad Request', 'The request body is not valid JSON.');
        } else {
            const fault = control ? {} : injectFault(state, url.pathname);
            if (fault.reply) {
                reply = fault.reply;
            } else {
                runDue(state);
                reply = await found.route.handler(
                    { method: req.method, path: url.pathname, params: found.params,
                      query: parseQuery(url.searchParams), body, headers: req.headers },
                    state);
                if (fault.headers) reply.headers = { ...fault.headers, ...reply.headers };
                if (!control) slow = slowFor(state, url.pathname);
            }
        }
    } catch (err) {
        reply = err.tooLarge
            ? telnyxError(413, 10015, 'Bad Request', 'The request body is too large.')
            : telnyxError(500, 10007, 'Unexpected error', 'An unexpected error occured.');
        if (!err.tooLarge) console.error(err);
    }
    if (call) {
        call.status = reply.status;
        countCall(state, req.method, found?.route, reply.status);
    }
    if (slow > 0) await sleep(slow);
    logLine(`provider-sim: ${req.method} ${url.pathname} ${reply.status} ${Date.now() - started}ms`);
    if (!res.destroyed) send(res, reply.status, reply.body, reply.headers, reply.json);
}

function usage(message) {
    if (message) console.error(`provider-sim: ${message}`);
    console.error('usage: node tests/provider-sim/server.js --port N [--api-key-file F | --api-key KEY]\n' +
        '    [--key-dir D] [--webhook-url URL] [--provisioning-seconds MIN-MAX]\n' +
        '    [--order-seconds MIN-MAX] [--inventory N] [--seed N]');
    process.exit(2);
}

function parseRange(text, flag, fallback) {
    if (text === undefined) return fallback;
    const m = /^([0-9]+(?:\.[0-9]+)?)(?:-([0-9]+(?:\.[0-9]+)?))?$/.exec(text);
    const range = m ? [Number(m[1]), Number(m[2] ?? m[1])] : null;
    if (!range || range[0] > range[1]) usage(`${flag} wants MIN-MAX seconds (or one number), not '${text}'`);
    return range;
}

function writeKeyFile(dir, publicB64) {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'webhook_public_key');
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${publicB64}\n`, { mode: 0o644 });
    fs.renameSync(tmp, file);
    return file;
}

function main() {
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                port: { type: 'string' },
                'api-key': { type: 'string' },
                'api-key-file': { type: 'string' },
                'key-dir': { type: 'string' },
                'webhook-url': { type: 'string' },
                'provisioning-seconds': { type: 'string' },
                'order-seconds': { type: 'string' },
                inventory: { type: 'string' },
                seed: { type: 'string' },
            },
        }));
    } catch (err) {
        usage(err.message);
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) usage('--port N is required');

    let apiKey = values['api-key'] ?? '';
    if (values['api-key-file'] !== undefined) {
        try {
            apiKey = fs.readFileSync(values['api-key-file'], 'utf8').split(/\r?\n/)[0].trim();
        } catch (err) {
            usage(`cannot read --api-key-file: ${err.message}`);
        }
        if (!apiKey) usage(`--api-key-file ${values['api-key-file']} is empty`);
    }

    const webhookUrl = values['webhook-url'] ?? '';
    if (webhookUrl) {
        try {
            OPTION_CHECKS.webhook_url(webhookUrl, '--webhook-url');
        } catch (err) {
            usage(err.message);
        }
    }
    const inventory = values.inventory === undefined ? 1000 : Number(values.inventory);
    if (!Number.isInteger(inventory) || inventory < 0 || inventory > 100000) usage('--inventory wants 0..100000');
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed)) usage('--seed wants an integer');
    const cli = {
        provisioningSeconds: parseRange(values['provisioning-seconds'], '--provisioning-seconds', [1, 3]),
        orderSeconds: parseRange(values['order-seconds'], '--order-seconds', [0.5, 2]),
        inventory,
        webhookUrl,
        seed,
    };

    const pair = crypto.generateKeyPairSync('ed25519');
    const publicB64 = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x, 'base64url').toString('base64');
    const keys = {
        private: pair.privateKey,
        publicB64,
        wrong: crypto.generateKeyPairSync('ed25519').privateKey,
    };
    let keyFile = null;
    if (values['key-dir'] !== undefined) {
        try {
            keyFile = writeKeyFile(values['key-dir'], publicB64);
        } catch (err) {
            usage(`cannot write the public key into --key-dir: ${err.message}`);
        }
    }

    const state = { cli, keys, apiKey, generation: 0, ...freshState(cli) };
    const server = http.createServer((req, res) => {
        handle(req, res, state).catch((err) => {
            console.error(err);
            if (!res.headersSent) send(res, 500, { errors: [{ code: '10007', title: 'Unexpected error', detail: String(err) }] });
        });
    });
    const ticker = setInterval(() => runDue(state), 250);
    server.on('error', (err) => {
        console.error(`provider-sim: ${err.message}`);
        process.exit(1);
    });
    server.listen(port, '127.0.0.1', () => {
        console.error(`provider-sim: listening on http://127.0.0.1:${port}` +
            ` (api key ${apiKey ? 'required' : 'not checked'}, webhooks to ${webhookUrl || 'nowhere'},` +
            ` provisioning ${cli.provisioningSeconds.join('-')} s` +
            `${keyFile ? `, public key in ${keyFile}` : ''})`);
    });
    const stop = () => {
        clearInterval(ticker);
        server.close(() => process.exit(0));
        server.closeAllConnections();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
}

main();
