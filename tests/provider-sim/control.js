// The control API under /_sim/ (never authenticated, never recorded as
// calls, not Telnyx's): see the header of server.js for the list.
import { iso, isObject, telnyxError, notFound, stripInternal } from './util.js';
import { simNow, runDue } from './clock.js';
import { updateOptions, OptionError, checkUrl } from './options.js';
import { resetState } from './state.js';
import { emitEvent } from './webhooks.js';
import { CAMPAIGN_STATUSES, putCampaign, deleteCampaign, simCampaignView, setAssignmentStatus, emitAssignment } from './tendlc.js';
import { simMessages, inbound, checkInbound } from './messages.js';

const bad = (detail, pointer) => telnyxError(400, 10015, 'Bad Request', detail, pointer === undefined ? undefined : { pointer });

function health() {
    return { status: 200, body: { status: 'ok' } };
}

function getOptions(req, state) {
    return { status: 200, body: state.options };
}

function putOptions(req, state) {
    try {
        updateOptions(state, req.body);
    } catch (err) {
        if (!(err instanceof OptionError)) throw err;
        return bad(err.message, `/${err.key.replace(/\./g, '/')}`);
    }
    return { status: 200, body: state.options };
}

function reset(req, state) {
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

function clock(req, state) {
    return { status: 200, body: clockView(state) };
}

function clockAdvance(req, state) {
    const seconds = req.body?.seconds;
    if (typeof seconds !== 'number' || !(seconds >= 0 && seconds <= 10 * 366 * 86400)) {
        return bad('seconds must be a number from 0 to ten years.', '/seconds');
    }
    state.clockOffsetMs += seconds * 1000;
    const ran = runDue(state);
    return { status: 200, body: { ...clockView(state), ran } };
}

// A call's request headers (names in lower case), the key never among them:
// Authorization shows as "Bearer ***".
function loggedHeaders(raw) {
    const out = {};
    for (let i = 0; i + 1 < raw.length; i += 2) {
        const name = raw[i].toLowerCase();
        const value = name === 'authorization' ? `${/^\S+/.exec(raw[i + 1])?.[0] ?? 'Bearer'} ***` : raw[i + 1];
        out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
    }
    return out;
}

function calls(req, state) {
    const { method, path: p, since } = req.query;
    const after = since !== undefined && /^[0-9]+$/.test(since) ? Number(since) : 0;
    const list = [];
    for (const c of state.calls) {
        if (c.seq <= after || (method !== undefined && c.method !== method.toUpperCase()) || (p !== undefined && c.path !== p)) continue;
        const { _rawHeaders, ...call } = c;
        call.headers = loggedHeaders(_rawHeaders);
        list.push(call);
    }
    return { status: 200, body: { calls: list } };
}

function forgetCalls(req, state) {
    state.calls = [];
    return { status: 204 };
}

function tally(values) {
    const out = {};
    for (const v of values) out[v] = (out[v] ?? 0) + 1;
    return out;
}

function stats(req, state) {
    const byOperation = {};
    for (const [op, s] of state.stats) byOperation[op] = s;
    return {
        status: 200,
        body: {
            clock: clockView(state),
            calls: { total: [...state.stats.values()].reduce((n, s) => n + s.count, 0), by_operation: byOperation },
            nonconforming: state.audit.nonconforming,
            invalid_answers: state.audit.invalid_answers,
            undocumented_statuses: state.audit.undocumented_statuses,
            orders: tally([...state.orders.values()].map((o) => o.status)),
            numbers: tally([...state.numbers.values()].map((n) => n.status)),
            assignments: tally([...state.assignments.values()].map((a) => a.assignmentStatus)),
            profiles: state.profiles.size,
            messages: state.messages.size,
            webhooks: tally(state.webhooks.map((w) => w.outcome)),
        },
    };
}

function numbers(req, state) {
    const list = [];
    for (const rec of state.numbers.values()) {
        if (req.query.status !== undefined && rec.status !== req.query.status) continue;
        const a = state.byE164.get(rec.phone_number) === rec ? state.assignments.get(rec.phone_number) : undefined;
        list.push({
            id: rec.id,
            phone_number: rec.phone_number,
            status: rec.status,
            order_id: rec._order,
            order_item_id: rec._item,
            messaging_profile_id: rec.messaging_profile_id,
            customer_reference: rec.customer_reference,
            tags: rec.tags,
            created_at: rec.created_at,
            assignment: a ? {
                campaignId: a.campaignId,
                tcrCampaignId: a.tcrCampaignId,
                assignmentStatus: a.assignmentStatus,
                failureReasons: a.failureReasons ?? null,
                created_at: a.createdAt,
                due_at: a._due !== undefined ? iso(a._due) : null,
                done_at: a._doneAt !== undefined ? iso(a._doneAt) : null,
                done_real_at: a._doneReal !== undefined ? iso(a._doneReal) : null,
            } : null,
        });
    }
    return { status: 200, body: { numbers: list } };
}

function forceAssignment(req, state) {
    const rec = state.assignments.get(req.params.e164);
    if (!rec) return notFound(`${req.params.e164} has no assignment to finish.`);
    const b = req.body;
    if (!isObject(b) || !['ASSIGNED', 'FAILED_ASSIGNMENT'].includes(b.status)) {
        return bad('status must be ASSIGNED or FAILED_ASSIGNMENT.', '/status');
    }
    if (b.reason !== undefined && (typeof b.reason !== 'string' || b.reason === '')) {
        return bad('reason must be a non-empty string.', '/reason');
    }
    const now = simNow(state);
    setAssignmentStatus(state, rec, b.status, b.reason ?? state.options.failure_reason, now);
    emitAssignment(state, rec, now);
    return { status: 200, body: stripInternal(rec) };
}

function campaigns(req, state) {
    return {
        status: 200,
        body: { brand: state.brand, campaigns: [...state.campaigns.values()].map((c) => simCampaignView(state, c)) },
    };
}

// A TCR id here: upper-case letters and digits (the registry's are `C` + 6;
// longer ones are accepted for the tests' own campaigns).
const TCR_ID = /^[A-Z0-9]{2,32}$/;

function putSimCampaign(req, state) {
    const tcr = req.params.tcrCampaignId;
    if (!TCR_ID.test(tcr)) return bad('The path names a campaign by its TCR id: upper-case letters and digits (e.g. CDEMO01).');
    const b = req.body;
    if (!isObject(b)) return bad('The body must be a JSON object.', '');
    const known = state.campaignsByTcr.has(tcr);
    if (b.campaignStatus === undefined ? !known : !CAMPAIGN_STATUSES.includes(b.campaignStatus)) {
        return bad(`campaignStatus must be one of ${CAMPAIGN_STATUSES.join(', ')}.`, '/campaignStatus');
    }
    if (b.failureReasons !== undefined && typeof b.failureReasons !== 'string') {
        return bad('failureReasons must be a string.', '/failureReasons');
    }
    for (const k of ['webhookURL', 'webhookFailoverURL']) {
        if (b[k] === undefined) continue;
        try {
            checkUrl(b[k], k);
        } catch (err) {
            return bad(err.message, `/${k}`);
        }
    }
    const c = putCampaign(state, tcr, b);
    return { status: 200, body: simCampaignView(state, c) };
}

function deleteSimCampaign(req, state) {
    if (!deleteCampaign(state, req.params.tcrCampaignId)) return notFound('No campaign with that TCR id.');
    return { status: 204 };
}

function profiles(req, state) {
    const members = new Map();
    for (const rec of state.numbers.values()) {
        if (rec.status !== 'active' || !rec.messaging_profile_id) continue;
        const list = members.get(rec.messaging_profile_id) ?? [];
        list.push(rec.phone_number);
        members.set(rec.messaging_profile_id, list);
    }
    return {
        status: 200,
        body: {
            profiles: [...state.profiles.values()].map((p) => ({
                id: p.id,
                name: p.name,
                enabled: p.enabled,
                webhook_url: p.webhook_url,
                webhook_failover_url: p.webhook_failover_url,
                numbers: members.get(p.id) ?? [],
                blocked: [...(state.blocks.get(p.id) ?? [])],
            })),
        },
    };
}

function webhooks(req, state) {
    const type = req.query.event_type;
    const list = state.webhooks
        .filter((w) => type === undefined || w.event_type === type)
        .map(stripInternal);
    return { status: 200, body: { webhooks: list } };
}

// POST /_sim/webhooks {event_type, payload, url?}: one event through the
// pipeline, to `url` or else the account's notification URL.
function sendWebhook(req, state) {
    const b = req.body;
    if (!isObject(b) || typeof b.event_type !== 'string' || b.event_type === '') return bad('event_type is required.', '/event_type');
    if (!isObject(b.payload)) return bad('payload must be an object.', '/payload');
    if (b.url !== undefined) {
        try {
            checkUrl(b.url, 'url');
        } catch (err) {
            return bad(err.message, '/url');
        }
    }
    const rec = emitEvent(state, b.event_type, b.payload, undefined, [b.url ?? state.options.webhook_url]);
    return { status: 200, body: stripInternal(rec) };
}

function forgetWebhooks(req, state) {
    state.webhooks = [];
    return { status: 204 };
}

function publicKey(req, state) {
    return { status: 200, body: { public_key: state.keys.publicB64 } };
}

function messages(req, state) {
    return { status: 200, body: simMessages(req.query, state) };
}

function postInbound(req, state) {
    if (!checkInbound(req.body)) return { status: 422, body: { error: 'from, to and text (strings) are required' } };
    return { status: 201, body: inbound(state, req.body) };
}

export const CONTROL_ROUTES = [
    ['GET', '/_sim/health', health],
    ['GET', '/_sim/options', getOptions],
    ['PUT', '/_sim/options', putOptions],
    ['POST', '/_sim/reset', reset],
    ['GET', '/_sim/clock', clock],
    ['POST', '/_sim/clock/advance', clockAdvance],
    ['GET', '/_sim/calls', calls],
    ['DELETE', '/_sim/calls', forgetCalls],
    ['GET', '/_sim/stats', stats],
    ['GET', '/_sim/numbers', numbers],
    ['POST', '/_sim/numbers/{e164}/assignment', forceAssignment],
    ['GET', '/_sim/campaigns', campaigns],
    ['PUT', '/_sim/campaigns/{tcrCampaignId}', putSimCampaign],
    ['DELETE', '/_sim/campaigns/{tcrCampaignId}', deleteSimCampaign],
    ['GET', '/_sim/profiles', profiles],
    ['GET', '/_sim/webhooks', webhooks],
    ['POST', '/_sim/webhooks', sendWebhook],
    ['DELETE', '/_sim/webhooks', forgetWebhooks],
    ['GET', '/_sim/webhook_public_key', publicKey],
    ['GET', '/_sim/messages', messages],
    ['POST', '/_sim/messages/inbound', postInbound],
].map(([method, template, handler]) => {
    const names = [];
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{(\w+)\}/g, (_, name) => { names.push(name); return '([^/]+)'; });
    return { method, template, handler, names, regex: new RegExp(`^${source}$`) };
});

// Throws URIError on a malformed %-escape in a path parameter.
export function matchControl(method, pathname) {
    for (const route of CONTROL_ROUTES) {
        if (route.method !== method) continue;
        const m = route.regex.exec(pathname);
        if (!m) continue;
        const params = {};
        route.names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
        return { route, params };
    }
    return null;
}
