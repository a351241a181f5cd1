// A local stand-in for Telnyx API v2, for the tests, `make run` and `make bench`:
// strict, and faithful to Telnyx's published API rather than to our client.
//
//   node tests/provider-sim/server.js --port N
//       [--api-key-file F | --api-key KEY]   provider calls want `Authorization: Bearer KEY`
//                                            (F: its first line; with neither, any key passes)
//       [--key-dir D]                        writes D/webhook_public_key
//       [--webhook-url URL]                  the account's notification URL (a portal
//                                            setting at Telnyx): where number_order.complete
//                                            goes (PUT /_sim/options webhook_url moves it)
//       [--provisioning-seconds MIN-MAX]     10DLC assignment time (default 1-3)
//       [--provisioning-tail SHARE:MIN-MAX]  a share (0..1) of assignments takes MIN-MAX
//                                            seconds instead (default 0: none), e.g.
//                                            0.1:600-10800 (option provisioning_tail)
//       [--order-seconds MIN-MAX]            number order time (default 0.5-2)
//       [--inventory N]                      numbers per area code (default 1000)
//       [--seed N]                           fixed seed for every random draw
//
// Files (one job each): server.js (this: the HTTP server, the request
// pipeline, the command line), conformance.js (checks against the OpenAPI
// subset), idempotency.js, options.js, state.js, clock.js, inventory.js
// (numbers for sale), numbers.js (search, orders, phone numbers), profiles.js
// (messaging profiles), tendlc.js (brand, campaigns, assignments),
// messages.js (messages, STOP, throughput, MDRs), webhooks.js, audit.js
// (conformance counts), control.js (/_sim/), util.js.
//
// It speaks Telnyx's wire format (shared docs: provider/README.md):
// JSON bodies, `Authorization: Bearer`, errors as {"errors":[{code,title,
// detail,source}]}. The paths are served at the root (no /v2 prefix):
// provider_base_url = http://127.0.0.1:PORT. Binds 127.0.0.1 only. Node 20,
// plus ajv and ajv-formats from tests/node_modules. Every request is logged to
// stderr in one line ("provider-sim: METHOD PATH STATUS MSms"), and so is
// every webhook delivery attempt.
//
// The reference: telnyx-openapi-subset.json here extends the shared subset
// (shared/provider/telnyx-openapi-subset.json, whose operations, webhooks and
// schemas it holds unchanged) with further operations extracted verbatim from
// Telnyx's spec3.json (team-telnyx/openapi commit 354b744). Every operation
// of it is served, and nothing else:
//
//   GET    /available_phone_numbers          filter[national_destination_code], filter[limit] (default 5,
//                                            at most 100), filter[best_effort], filter[features][], ...
//   POST   /number_orders                    {phone_numbers:[{phone_number}], messaging_profile_id, customer_reference}
//   GET    /number_orders                    filter[customer_reference] (contains, any case), filter[status], page[number], page[size]
//   GET    /number_orders/{number_order_id}
//   GET    /phone_numbers                    filter[phone_number], filter[status], filter[tag], filter[customer_reference], page[...]
//   GET    /phone_numbers/{id}               id = the phone number resource's id only
//   PATCH  /phone_numbers/{id}               {customer_reference, tags, ...}
//   DELETE /phone_numbers/{id}
//   GET    /phone_numbers/{id}/messaging
//   PATCH  /phone_numbers/{id}/messaging     {messaging_profile_id, messaging_product, tags}
//   GET    /messaging_profiles               filter[name][eq], filter[name][contains], filter[name], page[...]
//   POST   /messaging_profiles               {name, whitelisted_destinations, enabled, webhook_url, webhook_failover_url, webhook_api_version}
//   GET    /messaging_profiles/{id}
//   PATCH  /messaging_profiles/{id}
//   GET    /10dlc/brand                      page, recordsPerPage, sort, brandId, tcrBrandId, ...
//   GET    /10dlc/campaign                   brandId (required: Telnyx's brand id), page, recordsPerPage, sort
//   GET    /10dlc/campaign/{campaignId}      Telnyx's campaignId (a UUID) only; a TCR id is a 404
//   PUT    /10dlc/campaign/{campaignId}      {webhookURL, webhookFailoverURL, sample1..5, messageFlow, helpMessage, ...}
//   GET    /10dlc/phone_number_campaigns     recordsPerPage, page, sort, filter[tcr_campaign_id], ...
//   POST   /10dlc/phone_number_campaigns     {phoneNumber, campaignId (Telnyx's)}
//   GET    /10dlc/phone_number_campaigns/{phoneNumber}
//   PUT    /10dlc/phone_number_campaigns/{phoneNumber}   {phoneNumber, campaignId} (re-assign)
//   DELETE /10dlc/phone_number_campaigns/{phoneNumber}
//   POST   /messages                         {from, to, text, messaging_profile_id, webhook_url, webhook_failover_url}
//   GET    /reports/mdrs                     id, direction, cli, cld, status, message_type, profile, start_date, end_date
//
// Strictness: every provider request is checked against the subset (method +
// path template; path parameters; query parameters, deepObject filter[...] /
// page[...] names included, values coerced from strings; required headers;
// Content-Type application/json for a body; the JSON body against the
// requestBody schema). An unknown query parameter, a body field the schema
// does not allow, a wrong type, a missing required field: 422 (400 where the
// operation documents no 422) in Telnyx's error shape, code 10015 (10004 for
// a missing one, 10023 for a body that is not JSON), with source.pointer or
// source.parameter; counted in GET /_sim/stats (nonconforming: count, per
// operation, the last reasons) and marked in the call log. An unknown path
// (or method): 404, code 10005. Every answer of ours is checked against the
// operation's documented response for its status, every webhook against the
// subset's webhook schema where one exists; a mismatch is counted
// (stats.invalid_answers) and logged: tests assert it stays 0. Statuses an
// operation does not document (429, 503, a 401 on /reports/mdrs: allowed on
// any call by Telnyx's general rules) are counted in
// stats.undocumented_statuses.
//
// Idempotency-Key, as Telnyx documents it: honoured only on operations whose
// reference declares the header (in this subset: none), keyed by account +
// method + path, a retry with other query parameters or another body (byte
// for byte) is 422, only 2xx answers replayed, for 24 h of simulated time.
// Everywhere else, POST /messages included, it is ignored.
//
// The model:
//  - Clock: real time plus an offset that POST /_sim/clock/advance moves forward.
//    Orders, assignments and message sends finish on timers against that
//    clock; due timers run at the start of every request and on a 250 ms
//    ticker. Resource timestamps (created_at, updatedAt, occurred_at) are
//    simulated time; a webhook's telnyx-timestamp is real time (the receiver
//    checks it against its own clock).
//  - Inventory: every area code in us-area-codes.csv has a deterministic list of
//    numbers (option inventory_per_area_code; option scarce {"NPA": n} caps one
//    area code, 0 = none). Other area codes (999, 555, ...) have none. Searches
//    list the first free ones in that fixed order (search_order "first", so two
//    concurrent searches see the same numbers), or with search_order "rotate"
//    go on where the previous search of the area code stopped. Best effort:
//    when the area code has fewer free numbers than filter[limit], the answer
//    is filled with numbers of other area codes of the same state, then of
//    any, each `best_effort: true`, counted in meta/metadata
//    best_effort_results, unless filter[best_effort]=false.
//  - Orders (numbers.js): all-or-nothing; `pending`, then after order_seconds
//    `success` or, by order_failure_rate, `failure`; a number_order.complete
//    webhook to the account's notification URL either way. The order's
//    messaging_profile_id must name an existing profile (else 422, code
//    10017); the numbers bought are in it. phone_numbers[].id is the order
//    item's id; the phone number resource has its own (long numeric) id. A
//    number's customer_reference is what PATCH /phone_numbers/{id} set, else
//    null (never its order's).
//  - Messaging profiles (profiles.js): UUID ids; a number's message webhooks
//    go to its profile's webhook_url, then webhook_failover_url.
//  - 10DLC (tendlc.js): one brand (brandId a UUID, tcrBrandId BSIM001); a
//    campaign's campaignId is Telnyx's UUID, tcrCampaignId the registry's id.
//    Default campaigns: CDEMO01, CDEMO02 (MNO_PROVISIONED), CPEND01
//    (TCR_PENDING), CREJ01 (TCR_FAILED), UUIDs derived from the TCR id (the
//    same in every run); PUT /_sim/campaigns/{tcrId} adds more. An assignment
//    needs an active number of the account in a messaging profile; it is
//    PENDING_ASSIGNMENT, then after provisioning_seconds (provisioning_tail
//    for a share) ASSIGNED or, by assignment_failure_rate, FAILED_ASSIGNMENT
//    (failureReasons = failure_reason); FAILED_ASSIGNMENT at once when the
//    campaign is not MNO_PROVISIONED (the reason names its status) or holds
//    number_limit (49) live numbers ("campaign has reached its number
//    limit"). A campaign leaving MNO_PROVISIONED fails its pending
//    assignments at once. 10dlc.phone_number.update webhooks
//    ({type:"ASSIGNMENT", status, phoneNumber, campaignId, tcrCampaignId
//    [, failureReasons]}) go to the campaign's webhookURL, then
//    webhookFailoverURL. DELETE drops the assignment at once (the answer says
//    PENDING_UNASSIGNMENT); deleting a number drops its assignment too.
//  - Messages (messages.js): message.sent / message.finalized to the
//    per-message webhook_url (then webhook_failover_url), then (unless
//    use_profile_webhooks is false) the profile's; message.received to the
//    profile of the `to` number. STOP / STOPALL / STOP ALL / UNSUBSCRIBE /
//    CANCEL / END / QUIT from a contact blocks it for the profile of the
//    number texted (START / UNSTOP lifts it): a POST /messages of that
//    profile to it answers 409, code 40300. Throughput per campaign and per
//    number (option throughput): over the rate, messages wait (message.sent
//    comes later, paced); a full queue answers 429, code 40318;
//    carrier_reject_mpm fails the excess in message.finalized with 40011.
//    GET /reports/mdrs lists the messages sent and received.
//  - Webhooks (webhooks.js): signed (telnyx-timestamp, telnyx-signature-ed25519
//    = base64 Ed25519 signature of "<timestamp>|<body>"; the private key lives
//    only in memory, its public key, base64 of the raw 32 bytes, goes to
//    --key-dir/webhook_public_key); up to webhook.max_attempts attempts per
//    URL (no 2xx within webhook.timeout_ms: failed), then the failover URL;
//    no URL: nothing is sent. Faults (shares from 0 to 1), for every webhook:
//    loss, duplicate, delay_ms, reorder (reorder_max_ms), bad_signature,
//    timestamp_skew_seconds.
//  - Faults, for provider calls whose path matches fault_paths (a regex; null =
//    all): every rate_limit_every-th such call answers 429 (code 10011, headers
//    x-ratelimit-limit/-remaining/-reset and Retry-After = rate_limit_reset_seconds);
//    the next error_next calls, and a share error_rate of them, answer
//    error_status (503) with errors[]; a share slow_rate of them is answered
//    slow_ms late (the operation itself takes effect at once: a client that gave
//    up must find it again). A non-conforming request is answered 422 before
//    any fault.
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
//   GET    /_sim/calls                  {"calls":[{seq,at,method,path,query,headers,body,status[,nonconforming]}]}
//                                       (headers with Authorization as "Bearer ***"; nonconforming:
//                                       the reasons a request was refused as off-schema;
//                                       ?method=, ?path= exact, ?since=SEQ; the newest
//                                       100,000 to 200,000 calls are kept)
//   DELETE /_sim/calls                  forget the recorded calls
//   GET    /_sim/stats                  counts: calls per operation and status, nonconforming
//                                       requests and invalid_answers ({count, by_operation, last}),
//                                       undocumented_statuses, orders, numbers, assignments,
//                                       profiles, messages, webhooks
//   GET    /_sim/numbers                the account's numbers (resource id, order item id,
//                                       profile, customer_reference) with their assignment and
//                                       its timing (?status=)
//   POST   /_sim/numbers/{e164}/assignment  {"status":"ASSIGNED"|"FAILED_ASSIGNMENT","reason"}:
//                                       finish (or change) that assignment now
//   GET    /_sim/campaigns              {brand, campaigns: [campaign with campaignId (Telnyx's UUID)
//                                       and tcrCampaignId, webhookURL, assignedPhoneNumbersCount, liveNumbers]}
//   PUT    /_sim/campaigns/{tcrId}      {"campaignStatus"?, "failureReasons"?, "webhookURL"?,
//                                       "webhookFailoverURL"?}: create (campaignStatus required) or
//                                       change one; a status change applies at once
//   DELETE /_sim/campaigns/{tcrId}
//   GET    /_sim/profiles               {profiles: [{id, name, enabled, webhook_url,
//                                       webhook_failover_url, numbers, blocked}]}
//   GET    /_sim/webhooks               deliveries: {seq,id,event_type,delivered_to,urls,outcome,
//                                       duplicate,bad_signature,parked,attempts,event} (?event_type=)
//   POST   /_sim/webhooks               {"event_type","payload","url"?}: send one through the same
//                                       pipeline (faults apply) to url, else the notification URL
//   DELETE /_sim/webhooks               forget the delivery log
//   GET    /_sim/webhook_public_key     {"public_key":"<base64>"}
//   GET    /_sim/messages               ?ref=R (our reference: the ref= of webhook_url or the
//                                       Idempotency-Key), ?to=, ?from=, ?campaign= (TCR or Telnyx id):
//                                       {counts: {posts, created, replayed (always 0)} of R,
//                                       messages: [{ref, refs, id, direction, from, to, status,
//                                       campaign, created_at, sent_at, ...}], send_times: [ISO, sorted]};
//                                       no filter: {refs, posts, created, replayed, duplicated,
//                                       sent: {total, per_minute}, by_campaign: {TCR id: {sent,
//                                       per_minute}}, queues} (minutes of simulated time)
//   POST   /_sim/messages/inbound       {"from","to","text"}: a contact texts our number `to`:
//                                       STOP / START keywords, message.received to its profile (201
//                                       {id, messaging_profile_id, keyword, block, delivery})
//
// Options (GET/PUT /_sim/options): provisioning_seconds [min,max],
// provisioning_tail {share, seconds: [min,max]}, order_seconds [min,max],
// order_failure_rate, assignment_failure_rate, failure_reason, number_limit
// (49), inventory_per_area_code, scarce {"NPA":count}, search_order ("first" |
// "rotate"), rate_limit_every, rate_limit_reset_seconds, error_rate,
// error_next, error_status, slow_ms, slow_rate, fault_paths, webhook_url (the
// account's notification URL; "" = none), message_sent_ms [min,max],
// message_finalized_ms [min,max], message_failure_rate, message_webhooks,
// throughput {campaign_mpm, number_mpm (0 = no limit), queue_limit (1440),
// carrier_reject_mpm (0 = off)}, webhook {loss, duplicate, delay_ms, reorder,
// reorder_max_ms, bad_signature, timestamp_skew_seconds, max_attempts,
// timeout_ms (2000)}. Changing rate_limit_every or fault_paths restarts the
// rate-limit count.

import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { telnyxError, notFound, sleep, chance } from './util.js';
import { simNow, runDue } from './clock.js';
import { checkUrl } from './options.js';
import { freshState } from './state.js';
import { OPERATIONS, findOperation, checkRequest, requestError, checkAnswer } from './conformance.js';
import { canonicalQuery } from './idempotency.js';
import { noteNonconforming, noteInvalidAnswer, noteUndocumented } from './audit.js';
import { matchControl } from './control.js';
import * as numbers from './numbers.js';
import * as profiles from './profiles.js';
import * as tendlc from './tendlc.js';
import * as messages from './messages.js';

const MAX_BODY = 1024 * 1024;

// Every operation of the subset, and its handler. A handler gets (req, state)
// where req = {method, path, params, query, body, headers}: params and query
// checked and coerced to the subset's types (query by parameter name,
// deepObject ones as objects: query.filter.limit), body the parsed JSON
// body ({} when none). It returns {status, body, headers?}.
const HANDLERS = {
    'GET /available_phone_numbers': numbers.listAvailableNumbers,
    'POST /number_orders': numbers.createNumberOrder,
    'GET /number_orders': numbers.listNumberOrders,
    'GET /number_orders/{number_order_id}': numbers.getNumberOrder,
    'GET /phone_numbers': numbers.listPhoneNumbers,
    'GET /phone_numbers/{id}': numbers.getPhoneNumber,
    'PATCH /phone_numbers/{id}': numbers.updatePhoneNumber,
    'DELETE /phone_numbers/{id}': numbers.deletePhoneNumber,
    'GET /phone_numbers/{id}/messaging': numbers.getMessagingSettings,
    'PATCH /phone_numbers/{id}/messaging': numbers.updateMessagingSettings,
    'GET /messaging_profiles': profiles.listProfiles,
    'POST /messaging_profiles': profiles.createProfile,
    'GET /messaging_profiles/{id}': profiles.getProfile,
    'PATCH /messaging_profiles/{id}': profiles.updateProfile,
    'GET /10dlc/brand': tendlc.listBrands,
    'GET /10dlc/campaign': tendlc.listCampaigns,
    'GET /10dlc/campaign/{campaignId}': tendlc.getCampaign,
    'PUT /10dlc/campaign/{campaignId}': tendlc.updateCampaign,
    'GET /10dlc/phone_number_campaigns': tendlc.listAssignments,
    'POST /10dlc/phone_number_campaigns': tendlc.createAssignment,
    'GET /10dlc/phone_number_campaigns/{phoneNumber}': tendlc.getAssignment,
    'PUT /10dlc/phone_number_campaigns/{phoneNumber}': tendlc.putAssignment,
    'DELETE /10dlc/phone_number_campaigns/{phoneNumber}': tendlc.deleteAssignment,
    'POST /messages': messages.sendMessage,
    'GET /reports/mdrs': messages.listMdrs,
};

for (const o of OPERATIONS) if (!HANDLERS[o.key]) throw new Error(`provider-sim: no handler for ${o.key} of the subset`);
for (const key of Object.keys(HANDLERS)) {
    if (!OPERATIONS.some((o) => o.key === key)) throw new Error(`provider-sim: ${key} is not an operation of the subset`);
}

// ---------------------------------------------------------------- server

function send(res, status, body, headers = {}, json = undefined) {
    const text = json ?? (body === undefined ? '' : JSON.stringify(body));
    res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...headers,
    });
    res.end(text);
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
function injectFault(state, pathname) {
    const o = state.options;
    if (state.faultRegex && !state.faultRegex.test(pathname)) return {};
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

function slowFor(state, pathname) {
    const o = state.options;
    if (o.slow_ms <= 0 || (state.faultRegex && !state.faultRegex.test(pathname))) return 0;
    return chance(state, o.slow_rate) ? o.slow_ms : 0;
}

function countCall(state, what, status) {
    let s = state.stats.get(what);
    if (!s) {
        s = { count: 0, statuses: {} };
        state.stats.set(what, s);
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

function parseQuery(searchParams) {
    const query = {};
    for (const [key, value] of searchParams) query[key] = value;
    return query;
}

function tryJson(raw) {
    if (raw.length === 0) return null;
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

async function handleControl(req, res, state, url, started) {
    let reply;
    try {
        const raw = await readBody(req);
        let found = null;
        try {
            found = matchControl(req.method, url.pathname);
        } catch {
            found = undefined;
        }
        let body = null;
        let badJson = false;
        if (raw.length > 0) {
            try {
                body = JSON.parse(raw);
            } catch {
                badJson = true;
            }
        }
        if (found === undefined) reply = telnyxError(400, 10015, 'Bad Request', 'The path holds a malformed %-escape.');
        else if (!found) reply = notFound();
        else if (badJson) reply = telnyxError(400, 10015, 'Bad Request', 'The request body is not valid JSON.');
        else reply = found.route.handler({ method: req.method, path: url.pathname, params: found.params, query: parseQuery(url.searchParams), body, headers: req.headers }, state);
    } catch (err) {
        reply = err.tooLarge
            ? telnyxError(413, 10015, 'Bad Request', 'The request body is too large.')
            : telnyxError(500, 10007, 'Unexpected error', 'An unexpected error occured.');
        if (!err.tooLarge) console.error(err);
    }
    logLine(`provider-sim: ${req.method} ${url.pathname} ${reply.status} ${Date.now() - started}ms`);
    if (!res.destroyed) send(res, reply.status, reply.body, reply.headers, reply.json);
}

async function handle(req, res, state) {
    const started = Date.now();
    runDue(state);
    const url = new URL(req.url, 'http://sim.invalid');
    const pathname = url.pathname;
    if (pathname === '/_sim' || pathname.startsWith('/_sim/')) {
        await handleControl(req, res, state, url, started);
        return;
    }

    const call = {
        seq: ++state.seq,
        at: new Date().toISOString(),
        method: req.method,
        path: pathname,
        query: parseQuery(url.searchParams),
        headers: null, // rendered (the key masked) by GET /_sim/calls, from _rawHeaders
        _rawHeaders: req.rawHeaders,
        body: null,
        status: null,
    };
    state.calls.push(call);
    if (state.calls.length > 2 * CALLS_KEPT) state.calls.splice(0, state.calls.length - CALLS_KEPT);

    let reply;
    let op = null;
    let replayed = false;
    let slow = 0;
    try {
        const raw = await readBody(req);
        if (!authorized(req, state.apiKey)) {
            call.body = tryJson(raw);
            reply = telnyxError(401, 10009, 'Authentication failed',
                'The required authentication headers were either invalid or not included in the request.');
            try {
                op = findOperation(req.method, pathname).operation;
            } catch {
                op = null;
            }
        } else {
            let found;
            try {
                found = findOperation(req.method, pathname);
            } catch {
                found = null;
            }
            if (!found) {
                call.body = tryJson(raw);
                reply = telnyxError(400, 10015, 'Bad Request', 'The path holds a malformed %-escape.');
            } else if (!found.operation) {
                call.body = tryJson(raw);
                reply = notFound();
            } else {
                op = found.operation;
                const check = checkRequest(op, { searchParams: url.searchParams, values: found.values, headers: req.headers, raw });
                call.body = check.body;
                if (check.problems.length > 0) {
                    call.nonconforming = check.problems.map((p) => p.detail);
                    noteNonconforming(state, op.key, pathname, check.problems);
                    reply = requestError(op, check.problems);
                } else {
                    let idem = null;
                    const key = req.headers['idempotency-key'];
                    if (op.idempotency && typeof key === 'string') {
                        idem = { account: 'account', method: req.method, pathname, key, query: canonicalQuery(url.searchParams), raw, nowMs: simNow(state) };
                        const seen = state.idempotency.check(idem);
                        if (seen.error) {
                            reply = telnyxError(op.validationStatus, 10015, 'Bad Request', seen.error, { parameter: 'Idempotency-Key' });
                        } else if (seen.replay) {
                            reply = { ...seen.replay };
                            replayed = true;
                        }
                    }
                    if (!reply) {
                        const fault = injectFault(state, pathname);
                        if (fault.reply) {
                            reply = fault.reply;
                        } else {
                            runDue(state);
                            reply = HANDLERS[op.key]({
                                method: req.method, path: pathname, params: check.params, query: check.query,
                                body: check.body ?? {}, headers: req.headers,
                            }, state);
                            if (fault.headers) reply.headers = { ...fault.headers, ...reply.headers };
                            slow = slowFor(state, pathname);
                            if (idem) {
                                reply.json ??= JSON.stringify(reply.body);
                                state.idempotency.remember(idem, { status: reply.status, headers: reply.headers, json: reply.json, body: reply.body });
                            }
                        }
                    }
                }
            }
        }
    } catch (err) {
        reply = err.tooLarge
            ? telnyxError(413, 10015, 'Bad Request', 'The request body is too large.')
            : telnyxError(500, 10007, 'Unexpected error', 'An unexpected error occured.');
        if (!err.tooLarge) console.error(err);
    }
    if (op && !replayed) {
        const { problems, undocumented } = checkAnswer(op, reply.status, reply.body);
        if (undocumented) noteUndocumented(state, op.key, reply.status);
        if (problems.length > 0) noteInvalidAnswer(state, op.key, reply.status, problems);
    }
    call.status = reply.status;
    countCall(state, op ? op.key : `${req.method} (no route)`, reply.status);
    if (slow > 0) await sleep(slow);
    logLine(`provider-sim: ${req.method} ${pathname} ${reply.status} ${Date.now() - started}ms${call.nonconforming ? ' (non-conforming request)' : ''}`);
    if (!res.destroyed) send(res, reply.status, reply.body, reply.headers, reply.json);
}

// ---------------------------------------------------------------- command line

function usage(message) {
    if (message) console.error(`provider-sim: ${message}`);
    console.error('usage: node tests/provider-sim/server.js --port N [--api-key-file F | --api-key KEY]\n' +
        '    [--key-dir D] [--webhook-url URL] [--provisioning-seconds MIN-MAX]\n' +
        '    [--provisioning-tail SHARE:MIN-MAX] [--order-seconds MIN-MAX] [--inventory N] [--seed N]');
    process.exit(2);
}

function parseRange(text, flag, fallback) {
    if (text === undefined) return fallback;
    const m = /^([0-9]+(?:\.[0-9]+)?)(?:-([0-9]+(?:\.[0-9]+)?))?$/.exec(text);
    const range = m ? [Number(m[1]), Number(m[2] ?? m[1])] : null;
    if (!range || range[0] > range[1]) usage(`${flag} wants MIN-MAX seconds (or one number), not '${text}'`);
    return range;
}

function parseTail(text) {
    if (text === undefined) return { share: 0, seconds: [600, 7200] };
    const m = /^([0-9]*\.?[0-9]+):(.+)$/.exec(text);
    const share = m ? Number(m[1]) : NaN;
    if (!m || !(share >= 0 && share <= 1)) usage(`--provisioning-tail wants SHARE:MIN-MAX (share from 0 to 1), not '${text}'`);
    return { share, seconds: parseRange(m[2], '--provisioning-tail', null) };
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
                'provisioning-tail': { type: 'string' },
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
            checkUrl(webhookUrl, '--webhook-url');
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
        provisioningTail: parseTail(values['provisioning-tail']),
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

    const state = { cli, keys, apiKey, generation: 0, log: logLine, ...freshState(cli) };
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
        const tail = cli.provisioningTail.share > 0
            ? ` (${cli.provisioningTail.share * 100}% take ${cli.provisioningTail.seconds.join('-')} s)` : '';
        console.error(`provider-sim: listening on http://127.0.0.1:${port}` +
            ` (api key ${apiKey ? 'required' : 'not checked'}, notification URL ${webhookUrl || 'none'},` +
            ` provisioning ${cli.provisioningSeconds.join('-')} s${tail}` +
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
