// Webhooks: signed, sent where Telnyx sends them (the caller gives the URLs,
// in order: the primary URL, then its failover, ...; none: nothing is sent),
// through the webhook faults.
//
// POSTed with telnyx-timestamp (unix seconds, real time) and
// telnyx-signature-ed25519 = base64 Ed25519 signature of "<timestamp>|<body>".
// Envelope {data:{event_type,id,occurred_at,payload,record_type:"event"},
// meta:{attempt,delivered_to}}. Each URL gets up to webhook.max_attempts
// attempts (no 2xx within webhook.timeout_ms: failed), then the next URL
// (Telnyx: "up to 3 attempts per URL and then tries your failover URL").
// meta.attempt counts every attempt of the event. Faults (shares from 0 to
// 1): loss (never sent), duplicate (sent twice, same data.id), delay_ms (ms
// or [min,max]), reorder (held back and sent after the next event, or after
// reorder_max_ms), bad_signature (signed with another key; sent once, not
// retried), timestamp_skew_seconds (added to telnyx-timestamp). Every event
// body is checked against the subset's webhook schema of its type, where one
// exists.
import http from 'node:http';
import https from 'node:https';
import crypto from 'node:crypto';
import { iso, sleep, draw, chance } from './util.js';
import { simNow } from './clock.js';
import { checkWebhook } from './conformance.js';
import { noteInvalidAnswer } from './audit.js';

const HTTP_AGENT = new http.Agent({ keepAlive: true, maxSockets: 32 });
const HTTPS_AGENT = new https.Agent({ keepAlive: true, maxSockets: 32 });

function postJson(url, body, headers, timeoutMs) {
    return new Promise((resolve, reject) => {
        const u = new URL(url);
        const secure = u.protocol === 'https:';
        const req = (secure ? https : http).request(u, {
            method: 'POST',
            agent: secure ? HTTPS_AGENT : HTTP_AGENT,
            timeout: timeoutMs,
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

function newDelivery(state, event, urls, duplicate) {
    const w = state.options.webhook;
    const rec = {
        seq: ++state.webhookSeq,
        id: event.id,
        event_type: event.event_type,
        delivered_to: urls[0] ?? null,
        urls,
        outcome: 'pending',
        duplicate,
        bad_signature: false,
        parked: false,
        attempts: [],
        event,
        _skew: w.timestamp_skew_seconds,
        _maxAttempts: w.max_attempts,
        _timeoutMs: w.timeout_ms,
    };
    state.webhooks.push(rec);
    if (state.webhooks.length > 200000) state.webhooks.splice(0, state.webhooks.length - 100000);
    return rec;
}

async function deliver(state, gen, rec) {
    let attempt = 0;
    for (const url of rec.urls) {
        for (let n = 1; n <= rec._maxAttempts; n++) {
            if (state.generation !== gen) {
                rec.outcome = 'dropped';
                return;
            }
            attempt++;
            const body = JSON.stringify({ data: rec.event, meta: { attempt, delivered_to: url } });
            const ts = String(Math.floor(Date.now() / 1000) + rec._skew);
            const key = rec.bad_signature ? state.keys.wrong : state.keys.private;
            const signature = crypto.sign(null, Buffer.from(`${ts}|${body}`), key).toString('base64');
            const started = Date.now();
            let status = 0;
            let error = null;
            try {
                status = await postJson(url, body, { 'telnyx-timestamp': ts, 'telnyx-signature-ed25519': signature }, rec._timeoutMs);
            } catch (err) {
                error = err.message;
            }
            rec.attempts.push({ url, at: new Date(started).toISOString(), status, error, ms: Date.now() - started });
            const notes = [`attempt ${attempt}`];
            if (rec.duplicate) notes.push('duplicate');
            if (rec.bad_signature) notes.push('bad signature');
            state.log(`provider-sim: webhook ${rec.event_type} ${rec.id} -> ${url} ${status || error} (${notes.join(', ')})`);
            if (status >= 200 && status <= 299) {
                rec.outcome = 'delivered';
                rec.delivered_to = url;
                return;
            }
            if (rec.bad_signature) {
                rec.outcome = 'rejected'; // a forgery is sent once
                return;
            }
            rec.outcome = 'retrying';
            if (n < rec._maxAttempts) await sleep(Math.min(1000 * 2 ** (n - 1), 10000));
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

// Sends one event to `urls` (in order; empty ones skipped; none: nothing
// is sent, outcome "no_url"), through the webhook faults. A parked
// (reordered) event goes out right after the next event that is not parked.
// Answers the delivery record.
export function emitEvent(state, eventType, payload, atMs, urls) {
    const w = state.options.webhook;
    const event = {
        event_type: eventType,
        id: crypto.randomUUID(),
        occurred_at: iso(atMs ?? simNow(state)),
        payload,
        record_type: 'event',
    };
    const targets = [...new Set((urls ?? []).filter(Boolean))];
    const problems = checkWebhook(eventType, { data: event, meta: { attempt: 1, delivered_to: targets[0] ?? 'http://no-url.invalid/' } });
    if (problems && problems.length > 0) noteInvalidAnswer(state, `webhook ${eventType}`, 0, problems);
    const rec = newDelivery(state, event, targets, false);
    if (targets.length === 0) {
        rec.outcome = 'no_url';
        return rec;
    }
    if (chance(state, w.loss)) {
        rec.outcome = 'lost';
        state.log(`provider-sim: webhook ${eventType} ${event.id} lost on purpose`);
        return rec;
    }
    rec.bad_signature = chance(state, w.bad_signature);
    const bundle = [rec];
    if (chance(state, w.duplicate)) {
        const copy = newDelivery(state, event, targets, true);
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
