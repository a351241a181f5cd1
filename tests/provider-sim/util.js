// Small helpers shared by the simulator's modules: Telnyx's error shape,
// ids, randomness, time formatting.
import crypto from 'node:crypto';

export const E164 = /^\+1[2-9][0-9]{2}[2-9][0-9]{6}$/;
export const ORGANIZATION_ID = '5f1a4c3e-9d2b-4e8a-b6f0-7c1d2e3f4a5b';

export const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
export const iso = (ms) => new Date(ms).toISOString();
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// telnyxError(status, code, title, detail, source?): an answer in Telnyx's
// error shape {errors:[{code, title, detail, source}]}, for handlers to return.
export function telnyxError(status, code, title, detail, source) {
    const error = { code: String(code), title, detail };
    if (source) error.source = source;
    return { status, body: { errors: [error] } };
}

export const notFound = (detail, source) => telnyxError(404, 10005, 'Resource not found',
    detail ?? 'The requested resource or URL could not be found.', source);

// 10017, Telnyx's documented error for an id naming nothing the account has.
export const noSuchAssociation = (detail, pointer) => telnyxError(422, 10017,
    'Associated resource does not exist', detail, { pointer });

export function stripInternal(rec) {
    const out = {};
    for (const [k, v] of Object.entries(rec)) if (!k.startsWith('_') && v !== undefined) out[k] = v;
    return out;
}

// A UUID (version 5 layout) derived from a name: the same name gives the same
// id in every run (the default 10DLC campaigns and the brand use it).
export function uuidFrom(name) {
    const h = crypto.createHash('sha1').update(`launchline-provider-sim:${name}`).digest();
    h[6] = (h[6] & 0x0f) | 0x50;
    h[8] = (h[8] & 0x3f) | 0x80;
    const x = h.subarray(0, 16).toString('hex');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

// Phone number resource ids: long numeric strings as Telnyx's
// ("1293384261075731499"), never reused, not even across resets or restarts
// (they start from the start time in ms, times a million).
let numericId = BigInt(Date.now()) * 1000000n;
export function nextNumericId() {
    numericId += 1n + BigInt(Math.floor(Math.random() * 997));
    return String(numericId);
}

export function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6D2B79F5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export function draw(state, [min, max]) {
    return min + (max - min) * state.rng();
}

export function chance(state, p) {
    return p > 0 && state.rng() < p;
}

// page[number] / page[size] style paging of a list: {data, meta} with
// Telnyx's PaginationMeta.
export function paginate(list, number, size) {
    return {
        data: list.slice((number - 1) * size, number * size),
        meta: {
            page_number: number,
            page_size: size,
            total_pages: Math.ceil(list.length / size),
            total_results: list.length,
        },
    };
}
