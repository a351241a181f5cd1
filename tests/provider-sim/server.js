// A local stand-in for Telnyx API v2, for the tests and `make run`.
//
//   node tests/provider-sim/server.js --port N [--api-key KEY]
//
// It speaks Telnyx's wire format (see ../../../shared/provider/README.md and
// telnyx-openapi-subset.json there): JSON bodies, `Authorization: Bearer`,
// errors as {"errors":[{code,title,detail,source}]}. Provider routes live in
// the ROUTES table below, one row per operation; a new operation is one row
// and one handler. Paths under /_sim/ are the control API for tests (never
// recorded as calls, never authenticated):
//
//   GET    /_sim/health   {"status":"ok"}
//   GET    /_sim/calls    {"calls":[{seq,at,method,path,query,body,status}]}
//   DELETE /_sim/calls    forget the recorded calls
//
// With --api-key, provider routes want `Authorization: Bearer KEY` (else 401
// like Telnyx); without it any request is accepted. Binds 127.0.0.1 only.
// Node 20, no dependencies.

import http from 'node:http';
import { parseArgs } from 'node:util';

const MAX_BODY = 1024 * 1024;

// ---------------------------------------------------------------- state

// Everything the simulator remembers; later work adds orders, numbers,
// campaigns and a clock here.
function newState() {
    return { calls: [], seq: 0 };
}

// ---------------------------------------------------------------- replies

function send(res, status, body, headers = {}) {
    const text = body === undefined ? '' : JSON.stringify(body);
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

// ---------------------------------------------------------------- handlers
//
// A handler gets (req, state) where req = {method, path, params, query,
// body, headers}; `query` maps raw keys (`filter[limit]`) to their last
// value, and `query.all(key)` gives every value (`filter[features][]`).
// It returns {status, body, headers?}.

// GET /available_phone_numbers: a few fictional 555-01xx numbers in the
// requested area code, shaped like Telnyx's AvailablePhoneNumber.
function listAvailableNumbers(req) {
    const ndc = req.query['filter[national_destination_code]'] ?? '415';
    if (!/^[2-9][0-9]{2}$/.test(ndc)) {
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
    const data = [];
    for (let i = 0; i < limit; i++) {
        data.push({
            record_type: 'available_phone_number',
            phone_number: `+1${ndc}555${String(100 + i).padStart(4, '0')}`,
            vanity_format: '',
            best_effort: false,
            quickship: true,
            reservable: true,
            region_information: [
                { region_type: 'country_code', region_name: 'US' },
                { region_type: 'rate_center', region_name: `NDC ${ndc}` },
            ],
            cost_information: { upfront_cost: '1.00', monthly_cost: '1.00', currency: 'USD' },
            features: [{ name: 'sms' }, { name: 'mms' }, { name: 'voice' }],
        });
    }
    const meta = { total_results: data.length, best_effort_results: 0 };
    return { status: 200, body: { data, metadata: meta, meta } };
}

function simHealth() {
    return { status: 200, body: { status: 'ok' } };
}

function simCalls(req, state) {
    return { status: 200, body: { calls: state.calls } };
}

function simForgetCalls(req, state) {
    state.calls = [];
    return { status: 204 };
}

// ---------------------------------------------------------------- routes
//
// {method, path, handler, control}: `path` may hold {name} segments, given
// to the handler as req.params.name. `control` marks the /_sim/ API.

const ROUTES = [
    { method: 'GET', path: '/available_phone_numbers', handler: listAvailableNumbers },

    { method: 'GET', path: '/_sim/health', handler: simHealth, control: true },
    { method: 'GET', path: '/_sim/calls', handler: simCalls, control: true },
    { method: 'DELETE', path: '/_sim/calls', handler: simForgetCalls, control: true },
];

function compile(route) {
    const names = [];
    const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{(\w+)\}/g, (_, name) => { names.push(name); return '([^/]+)'; });
    return { ...route, regex: new RegExp(`^${source}$`), names };
}

const COMPILED = ROUTES.map(compile);

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
    return req.headers.authorization === `Bearer ${apiKey}`;
}

async function handle(req, res, state, apiKey) {
    const url = new URL(req.url, 'http://sim.invalid');
    const found = match(req.method, url.pathname);
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
    }

    let reply;
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

        if (!control && !authorized(req, apiKey)) {
            reply = telnyxError(401, 10009, 'Authentication failed',
                'The API key looks malformed. Check that you copied it correctly.');
        } else if (!found) {
            reply = telnyxError(404, 10005, 'Resource not found',
                'The requested resource or URL could not be found.');
        } else if (body === undefined) {
            reply = telnyxError(400, 10015, 'Bad Request', 'The request body is not valid JSON.');
        } else {
            reply = await found.route.handler(
                { method: req.method, path: url.pathname, params: found.params,
                  query: parseQuery(url.searchParams), body, headers: req.headers },
                state);
        }
    } catch (err) {
        reply = err.tooLarge
            ? telnyxError(413, 10015, 'Bad Request', 'The request body is too large.')
            : telnyxError(500, 10007, 'Unexpected error', 'An unexpected error occured.');
        if (!err.tooLarge) console.error(err);
    }
    if (call) call.status = reply.status;
    if (!res.destroyed) send(res, reply.status, reply.body, reply.headers);
}

function main() {
    const { values } = parseArgs({
        options: {
            port: { type: 'string' },
            'api-key': { type: 'string' },
        },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        console.error('usage: node tests/provider-sim/server.js --port N [--api-key KEY]');
        process.exit(2);
    }
    const state = newState();
    const apiKey = values['api-key'] ?? '';
    const server = http.createServer((req, res) => {
        handle(req, res, state, apiKey).catch((err) => {
            console.error(err);
            if (!res.headersSent) send(res, 500, { errors: [{ code: '10007', title: 'Unexpected error', detail: String(err) }] });
        });
    });
    server.on('error', (err) => {
        console.error(`provider-sim: ${err.message}`);
        process.exit(1);
    });
    server.listen(port, '127.0.0.1', () => {
        console.error(`provider-sim: listening on http://127.0.0.1:${port}`);
    });
    const stop = () => {
        server.close(() => process.exit(0));
        server.closeAllConnections();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
}

main();
