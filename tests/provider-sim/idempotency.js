// Telnyx's general Idempotency-Key contract
// (developers.telnyx.com/docs/development/api-fundamentals/idempotency), for
// the operations whose reference declares an Idempotency-Key header (the
// caller checks that; everywhere else the header is ignored):
//  - a key is 1 to 255 letters, digits, hyphens, underscores or colons;
//  - a record is found by the key, the account, the method and the URL path;
//  - while it exists, a request with the same key whose query parameters or
//    body (byte for byte) differ answers 422;
//  - only successful (2xx) answers are recorded and replayed, for 24 hours
//    (of simulated time); request headers do not count.

export const KEY_PATTERN = /^[A-Za-z0-9_:-]{1,255}$/;
const TTL_MS = 24 * 3600 * 1000;

// The query string, order of parameters aside.
export function canonicalQuery(searchParams) {
    return [...searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort().join('&');
}

export class IdempotencyStore {
    constructor() {
        this.records = new Map();
        this.sweptAt = 0;
    }

    static scope(account, method, pathname, key) {
        return `${account}\n${method}\n${pathname}\n${key}`;
    }

    sweep(nowMs) {
        if (nowMs - this.sweptAt < 60000) return;
        this.sweptAt = nowMs;
        for (const [k, r] of this.records) if (r.expiresAt <= nowMs) this.records.delete(k);
    }

    // Before the operation runs: {error} (a malformed key, or a retry that
    // differs: Telnyx's 422), {replay} (the recorded answer), or {} (go on,
    // then remember() the answer).
    check({ account, method, pathname, key, query, raw, nowMs }) {
        if (!KEY_PATTERN.test(key)) {
            return { error: 'Idempotency-Key must be 1 to 255 letters, digits, hyphens, underscores or colons.' };
        }
        this.sweep(nowMs);
        const rec = this.records.get(IdempotencyStore.scope(account, method, pathname, key));
        if (!rec || rec.expiresAt <= nowMs) return {};
        if (rec.query !== query) {
            return { error: 'This Idempotency-Key was used with other query parameters on this method and path.' };
        }
        if (rec.raw !== raw) {
            return { error: 'This Idempotency-Key was used with another request body on this method and path.' };
        }
        return { replay: rec.reply };
    }

    // After the operation: records a successful answer ({status, json, headers}).
    remember({ account, method, pathname, key, query, raw, nowMs }, reply) {
        if (reply.status < 200 || reply.status > 299) return;
        this.records.set(IdempotencyStore.scope(account, method, pathname, key),
            { query, raw, reply, expiresAt: nowMs + TTL_MS });
    }
}
