// Messaging profiles: where a number's message webhooks go, and the scope of
// STOP blocks. Ids are UUIDs. List filters: filter[name][eq] (exact),
// filter[name][contains] and filter[name] (case-insensitive "contains": the
// reference only says "filter by name"), page[number] / page[size].
import crypto from 'node:crypto';
import { ORGANIZATION_ID, iso, notFound, paginate } from './util.js';
import { simNow } from './clock.js';

const SETTABLE = ['name', 'enabled', 'webhook_url', 'webhook_failover_url', 'webhook_api_version', 'whitelisted_destinations',
    'number_pool_settings', 'url_shortener_settings', 'alpha_sender', 'daily_spend_limit', 'daily_spend_limit_enabled',
    'mms_fall_back_to_sms', 'mms_transcoding', 'mobile_only', 'smart_encoding', 'resource_group_id', 'health_webhook_url',
    'ai_assistant_id', 'v1_secret'];

function profileView(p) {
    const out = {};
    for (const [k, v] of Object.entries(p)) if (!k.startsWith('_') && v !== undefined) out[k] = v;
    return out;
}

// POST /messaging_profiles
export function createProfile(req, state) {
    const b = req.body;
    const now = iso(simNow(state));
    const p = {
        record_type: 'messaging_profile',
        id: crypto.randomUUID(),
        name: b.name,
        enabled: true,
        webhook_url: '',
        webhook_failover_url: '',
        webhook_api_version: '2',
        whitelisted_destinations: [],
        number_pool_settings: null,
        url_shortener_settings: null,
        alpha_sender: null,
        daily_spend_limit: undefined,
        daily_spend_limit_enabled: false,
        mms_fall_back_to_sms: false,
        mms_transcoding: false,
        mobile_only: false,
        smart_encoding: false,
        redaction_enabled: false,
        redaction_level: 2,
        health_webhook_url: null,
        resource_group_id: null,
        ai_assistant_id: null,
        v1_secret: crypto.randomBytes(12).toString('base64url'),
        organization_id: ORGANIZATION_ID,
        created_at: now,
        updated_at: now,
    };
    for (const k of SETTABLE) if (b[k] !== undefined) p[k] = b[k];
    state.profiles.set(p.id, p);
    return { status: 200, body: { data: profileView(p) } };
}

// GET /messaging_profiles: oldest first.
export function listProfiles(req, state) {
    const q = req.query;
    const eq = q['filter[name][eq]'];
    const contains = [q['filter[name][contains]'], q.filter?.name].filter((x) => x !== undefined).map((x) => x.toLowerCase());
    const list = [...state.profiles.values()].filter((p) => (eq === undefined || p.name === eq) &&
        contains.every((c) => p.name.toLowerCase().includes(c)));
    const { data, meta } = paginate(list, q.page?.number ?? 1, q.page?.size ?? 20);
    return { status: 200, body: { data: data.map(profileView), meta } };
}

// GET /messaging_profiles/{id}
export function getProfile(req, state) {
    const p = state.profiles.get(req.params.id);
    if (!p) return notFound('No messaging profile with that id.', { parameter: 'id' });
    return { status: 200, body: { data: profileView(p) } };
}

// PATCH /messaging_profiles/{id}
export function updateProfile(req, state) {
    const p = state.profiles.get(req.params.id);
    if (!p) return notFound('No messaging profile with that id.', { parameter: 'id' });
    for (const k of SETTABLE) if (req.body[k] !== undefined) p[k] = req.body[k];
    p.updated_at = iso(simNow(state));
    return { status: 200, body: { data: profileView(p) } };
}

// The URLs a profile's message webhooks go to, in order (primary, failover).
export function profileUrls(state, profileId) {
    const p = profileId ? state.profiles.get(profileId) : undefined;
    return p ? [p.webhook_url, p.webhook_failover_url] : [];
}
