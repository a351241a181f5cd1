// The simulator's options (GET/PUT /_sim/options): their defaults, from the
// command line where it sets them, and their checks. A PUT is validated as a
// whole and then applied; a key set to null returns to its default. The
// objects webhook, provisioning_tail and throughput are patched key by key.
import { isObject } from './util.js';

export function defaultOptions(cli) {
    return {
        provisioning_seconds: [...cli.provisioningSeconds],
        provisioning_tail: { ...cli.provisioningTail, seconds: [...cli.provisioningTail.seconds] },
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
        throughput: {
            campaign_mpm: 0,
            number_mpm: 0,
            queue_limit: 1440,
            carrier_reject_mpm: 0,
        },
        webhook: {
            loss: 0,
            duplicate: 0,
            delay_ms: [0, 0],
            reorder: 0,
            reorder_max_ms: 2000,
            bad_signature: 0,
            timestamp_skew_seconds: 0,
            max_attempts: 3,
            timeout_ms: 2000,
        },
    };
}

export class OptionError extends Error {
    constructor(key, message) {
        super(`${key} ${message}`);
        this.key = key;
    }
}

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

const numberCheck = (min, max) => (v, key) => {
    if (typeof v !== 'number' || !(v >= min && v <= max)) throw new OptionError(key, `must be a number from ${min} to ${max}`);
    return v;
};

const rangeCheck = (max, unit) => (v, key) => {
    const r = typeof v === 'number' ? [v, v] : v;
    if (!Array.isArray(r) || r.length !== 2 || !r.every((n) => typeof n === 'number' && n >= 0 && n <= max) || r[0] > r[1]) {
        throw new OptionError(key, `must be [min, max] ${unit} with 0 <= min <= max <= ${max}, or one number`);
    }
    return [r[0], r[1]];
};

export function checkUrl(v, key) {
    if (v === '') return v;
    let u;
    try {
        u = typeof v === 'string' ? new URL(v) : null;
    } catch {
        u = null;
    }
    if (!u || !['http:', 'https:'].includes(u.protocol)) {
        throw new OptionError(key, 'must be an http(s) URL, or "" for none');
    }
    return v;
}

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
    webhook_url: checkUrl,
};

// The options that are objects: their keys' checks.
const NESTED_CHECKS = {
    webhook: {
        loss: rateCheck,
        duplicate: rateCheck,
        delay_ms: rangeCheck(600000, 'ms'),
        reorder: rateCheck,
        reorder_max_ms: intCheck(0, 600000),
        bad_signature: rateCheck,
        timestamp_skew_seconds: intCheck(-1000000000, 1000000000),
        max_attempts: intCheck(1, 10),
        timeout_ms: intCheck(100, 600000),
    },
    provisioning_tail: {
        share: rateCheck,
        seconds: rangeCheck(366 * 86400, 'seconds'),
    },
    throughput: {
        campaign_mpm: numberCheck(0, 1000000),
        number_mpm: numberCheck(0, 1000000),
        queue_limit: intCheck(1, 100000000),
        carrier_reject_mpm: numberCheck(0, 1000000),
    },
};

// Validates a whole patch, then applies it; throws OptionError naming the key.
export function updateOptions(state, patch) {
    if (!isObject(patch)) throw new OptionError('body', 'must be a JSON object of options');
    const defaults = defaultOptions(state.cli);
    const next = structuredClone(state.options);
    for (const [key, value] of Object.entries(patch)) {
        const nested = NESTED_CHECKS[key];
        if (nested) {
            if (value === null) {
                next[key] = defaults[key];
                continue;
            }
            if (!isObject(value)) throw new OptionError(key, 'must be an object');
            for (const [k, v] of Object.entries(value)) {
                if (!nested[k]) throw new OptionError(`${key}.${k}`, 'is not an option');
                next[key][k] = v === null ? defaults[key][k] : nested[k](v, `${key}.${k}`);
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
