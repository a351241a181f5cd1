// Number search, number orders and the account's phone numbers.
//
// Orders are all-or-nothing: a number that is not in the inventory, already
// sold or in another pending order makes the order `failure` at once.
// Otherwise `pending`, then after order_seconds `success` (numbers `active`)
// or, by order_failure_rate, `failure` (numbers `purchase-failed`, back in
// stock). A number_order.complete webhook follows either way, to the
// account's notification URL (option webhook_url). An order's
// messaging_profile_id must name an existing profile (else 422, 10017); the
// numbers bought are in that profile.
//
// Ids: an order's phone_numbers[].id is the order ITEM's id (a UUID); the
// phone number resource has its own id (a long numeric string), the only id
// /phone_numbers/{id} and /phone_numbers/{id}/messaging take (an E.164
// number or an order item id there: 404). A number's customer_reference is
// not its order's: it is what PATCH /phone_numbers/{id} set, else null.
import crypto from 'node:crypto';
import { E164, ORGANIZATION_ID, iso, notFound, noSuchAssociation, telnyxError, stripInternal, nextNumericId, draw, chance, paginate } from './util.js';
import { simNow, schedule } from './clock.js';
import { emitEvent } from './webhooks.js';
import { inInventory, untake, search } from './inventory.js';
import { dropAssignment } from './tendlc.js';

// GET /available_phone_numbers
export function listAvailableNumbers(req, state) {
    const filter = req.query.filter ?? {};
    if (filter.national_destination_code !== undefined && !/^[2-9][0-9]{2}$/.test(filter.national_destination_code)) {
        return telnyxError(422, 10015, 'Bad Request', 'filter[national_destination_code] must be a 3-digit US area code.',
            { parameter: 'filter[national_destination_code]' });
    }
    if (filter.limit !== undefined && filter.limit < 1) {
        return telnyxError(422, 10015, 'Bad Request', 'filter[limit] must be a positive integer.', { parameter: 'filter[limit]' });
    }
    const { data, bestEffort } = search(state, filter);
    const meta = { total_results: data.length, best_effort_results: bestEffort };
    return { status: 200, body: { data, metadata: meta, meta } };
}

function orderView(order, brief = false) {
    const out = stripInternal(order);
    out.phone_numbers = order.phone_numbers.map((pn) => (brief ? { id: pn.id, phone_number: pn.phone_number } : { ...pn }));
    return out;
}

function emitOrderComplete(state, order, atMs) {
    emitEvent(state, 'number_order.complete', orderView(order), atMs, [state.options.webhook_url]);
}

// POST /number_orders
export function createNumberOrder(req, state) {
    const b = req.body;
    if (!Array.isArray(b.phone_numbers) || b.phone_numbers.length === 0) {
        return telnyxError(422, 10004, 'Missing required parameter', 'phone_numbers must list at least one {"phone_number"}.',
            { pointer: '/phone_numbers' });
    }
    if (b.phone_numbers.length > 100) {
        return telnyxError(422, 10015, 'Bad Request', 'At most 100 numbers per order.', { pointer: '/phone_numbers' });
    }
    for (const [i, pn] of b.phone_numbers.entries()) {
        if (!E164.test(pn.phone_number)) {
            return telnyxError(422, 10016, 'Phone number must be in +E.164 format',
                'The phone number must be a US number in +E.164 format.', { pointer: `/phone_numbers/${i}/phone_number` });
        }
    }
    if (b.messaging_profile_id && !state.profiles.has(b.messaging_profile_id)) {
        return noSuchAssociation(`No messaging profile ${b.messaging_profile_id} in this account.`, '/messaging_profile_id');
    }
    for (const k of ['connection_id', 'billing_group_id']) {
        if (b[k]) return noSuchAssociation(`No ${k.replace('_id', '')} ${b[k]} in this account.`, `/${k}`);
    }

    const now = simNow(state);
    const order = {
        id: crypto.randomUUID(),
        record_type: 'number_order',
        phone_numbers: [],
        phone_numbers_count: b.phone_numbers.length,
        connection_id: '',
        messaging_profile_id: b.messaging_profile_id ?? '',
        billing_group_id: '',
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

    if (refused > 0) {
        // All or nothing: a sold or unknown number fails the whole order.
        for (const pn of order.phone_numbers) pn.status = 'failure';
        order.status = 'failure';
        emitOrderComplete(state, order, now);
    } else {
        for (const pn of order.phone_numbers) {
            state.taken.add(pn.phone_number);
            const rec = {
                id: nextNumericId(),
                phone_number: pn.phone_number,
                status: 'purchase-pending',
                messaging_profile_id: order.messaging_profile_id || null,
                messaging_product: 'A2P',
                customer_reference: null,
                tags: [],
                external_pin: null,
                hd_voice_enabled: false,
                created_at: iso(now),
                updated_at: iso(now),
                purchased_at: '',
                activated_at: null,
                _order: order.id,
                _item: pn.id,
                _createdMs: now,
            };
            state.numbers.set(rec.id, rec);
            state.byE164.set(rec.phone_number, rec);
            state.byItem.set(pn.id, rec);
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
        const rec = state.byItem.get(pn.id);
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
export function getNumberOrder(req, state) {
    const order = state.orders.get(req.params.number_order_id);
    if (!order) return notFound('No number order with that id.', { parameter: 'number_order_id' });
    return { status: 200, body: { data: orderView(order) } };
}

// GET /number_orders: newest first. filter[customer_reference] is a
// case-insensitive "contains" match (the reference does not say "exact").
export function listNumberOrders(req, state) {
    const f = req.query.filter ?? {};
    const ref = f.customer_reference?.toLowerCase();
    const list = [];
    for (const o of state.orders.values()) {
        if (ref !== undefined && !o.customer_reference.toLowerCase().includes(ref)) continue;
        if (f.status !== undefined && o.status !== f.status) continue;
        if (f.phone_numbers_count !== undefined && String(o.phone_numbers_count) !== f.phone_numbers_count) continue;
        if (f.requirements_met !== undefined && o.requirements_met !== f.requirements_met) continue;
        if (f.created_at?.gt !== undefined && !(o.created_at > f.created_at.gt)) continue;
        if (f.created_at?.lt !== undefined && !(o.created_at < f.created_at.lt)) continue;
        list.push(o);
    }
    list.reverse();
    const { data, meta } = paginate(list, req.query.page?.number ?? 1, req.query.page?.size ?? 20);
    return { status: 200, body: { data: data.map((o) => orderView(o, true)), meta } };
}

// ---------------------------------------------------------------- phone numbers

// A number of the account by its resource id (deleted ones are gone).
function findNumber(state, id) {
    const rec = state.numbers.get(id);
    return rec && rec.status !== 'deleted' ? rec : undefined;
}

export function numberView(state, rec) {
    return {
        id: rec.id,
        record_type: 'phone_number',
        phone_number: rec.phone_number,
        status: rec.status,
        phone_number_type: 'local',
        country_iso_alpha2: 'US',
        tags: [...rec.tags],
        external_pin: rec.external_pin,
        created_at: rec.created_at,
        updated_at: rec.updated_at,
        purchased_at: rec.purchased_at,
        activated_at: rec.activated_at,
        source_type: 'number_order',
        deletion_lock_enabled: false,
        messaging_profile_id: rec.messaging_profile_id,
        messaging_profile_name: state.profiles.get(rec.messaging_profile_id)?.name ?? null,
        connection_id: null,
        connection_name: null,
        customer_reference: rec.customer_reference,
        billing_group_id: null,
        emergency_enabled: false,
        emergency_address_id: null,
        emergency_status: 'disabled',
        call_forwarding_enabled: true,
        call_recording_enabled: false,
        caller_id_name_enabled: false,
        cnam_listing_enabled: false,
        hd_voice_enabled: rec.hd_voice_enabled,
        t38_fax_gateway_enabled: false,
        inbound_call_screening: 'disabled',
    };
}

const NUMBER_SORTS = {
    purchased_at: (r) => r.purchased_at, phone_number: (r) => r.phone_number, connection_name: () => '', usage_payment_method: () => '',
};

// GET /phone_numbers: newest first unless sort says otherwise. Filters:
// phone_number (digits only after an optional leading "+", at least three;
// numbers whose digits contain them; other characters match nothing, as the
// reference says), status, tag, without_tags, customer_reference
// (case-insensitive "contains"), country_iso_alpha2, number_type[eq],
// source; connection_id, billing_group_id, emergency_address_id and
// voice.* match only numbers that have one ("null": those that have none,
// i.e. all of ours). Purchase-failed and pending numbers are listed; deleted
// ones are gone.
export function listPhoneNumbers(req, state) {
    const f = req.query.filter ?? {};
    let digits;
    if (f.phone_number !== undefined) {
        const m = /^\+?([0-9]+)$/.exec(f.phone_number);
        digits = m && m[1].length >= 3 ? m[1] : null;
    }
    const countries = f.country_iso_alpha2 === undefined ? null : [f.country_iso_alpha2].flat().map((c) => c.toUpperCase());
    const ref = f.customer_reference?.toLowerCase();
    const absent = (v) => v === undefined || v === 'null';
    const list = [];
    for (const rec of state.numbers.values()) {
        if (rec.status === 'deleted') continue;
        if (digits !== undefined && (digits === null || !rec.phone_number.slice(1).includes(digits))) continue;
        if (f.status !== undefined && rec.status !== f.status) continue;
        if (f.tag !== undefined && !rec.tags.includes(f.tag)) continue;
        if (f.without_tags === 'true' && rec.tags.length > 0) continue;
        if (ref !== undefined && !(rec.customer_reference ?? '').toLowerCase().includes(ref)) continue;
        if (countries && !countries.includes('US')) continue;
        if (f.number_type?.eq !== undefined && f.number_type.eq !== 'local') continue;
        if (f.source !== undefined && f.source !== 'purchased') continue;
        if (!absent(f.connection_id) || !absent(f.billing_group_id) || !absent(f.emergency_address_id)) continue;
        if (f['voice.connection_name'] !== undefined || f['voice.usage_payment_method'] !== undefined) continue;
        list.push(rec);
    }
    const sort = req.query.sort;
    if (sort) {
        const key = NUMBER_SORTS[sort];
        list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    } else {
        list.sort((a, b) => b._createdMs - a._createdMs);
    }
    const { data, meta } = paginate(list, req.query.page?.number ?? 1, req.query.page?.size ?? 20);
    return { status: 200, body: { data: data.map((r) => numberView(state, r)), meta } };
}

// GET /phone_numbers/{id}
export function getPhoneNumber(req, state) {
    const rec = findNumber(state, req.params.id);
    if (!rec) return notFound('No phone number with that id in this account.', { parameter: 'id' });
    return { status: 200, body: { data: numberView(state, rec) } };
}

// PATCH /phone_numbers/{id}: customer_reference, tags, external_pin,
// hd_voice_enabled; connection_id, billing_group_id and address_id must name
// one of the account's (it has none: 422, 10017), "" leaves them unset.
export function updatePhoneNumber(req, state) {
    const rec = findNumber(state, req.params.id);
    if (!rec) return notFound('No phone number with that id in this account.', { parameter: 'id' });
    const b = req.body;
    for (const k of ['connection_id', 'billing_group_id', 'address_id']) {
        if (b[k]) return noSuchAssociation(`No ${k.replace('_id', '')} ${b[k]} in this account.`, `/${k}`);
    }
    if (b.customer_reference !== undefined) rec.customer_reference = b.customer_reference;
    if (b.tags !== undefined) rec.tags = [...b.tags];
    if (b.external_pin !== undefined) rec.external_pin = b.external_pin;
    if (b.hd_voice_enabled !== undefined) rec.hd_voice_enabled = b.hd_voice_enabled;
    rec.updated_at = iso(simNow(state));
    return { status: 200, body: { data: numberView(state, rec) } };
}

// DELETE /phone_numbers/{id}: release; the number goes back to the inventory.
export function deletePhoneNumber(req, state) {
    const rec = findNumber(state, req.params.id);
    if (!rec || rec.status === 'purchase-failed') return notFound('No phone number with that id in this account.', { parameter: 'id' });
    if (rec.status === 'purchase-pending') {
        return telnyxError(422, 10015, 'Bad Request', 'The number order for this number is still pending.');
    }
    const now = simNow(state);
    rec.status = 'deleted';
    rec.updated_at = iso(now);
    untake(state, rec.phone_number);
    if (state.byE164.get(rec.phone_number) === rec) state.byE164.delete(rec.phone_number);
    dropAssignment(state, rec.phone_number);
    // PhoneNumberDeletedDetailed: the same fields, minus the nullable ones
    // (its strings are not nullable) and a few it does not have.
    const view = numberView(state, rec);
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
export function getMessagingSettings(req, state) {
    const { rec, error } = activeNumber(state, req.params.id);
    return error ?? { status: 200, body: { data: messagingView(rec) } };
}

// PATCH /phone_numbers/{id}/messaging: messaging_profile_id must name a
// profile of the account ("" takes the number out of its profile).
export function updateMessagingSettings(req, state) {
    const { rec, error } = activeNumber(state, req.params.id);
    if (error) return error;
    const b = req.body;
    if (b.messaging_profile_id && !state.profiles.has(b.messaging_profile_id)) {
        return noSuchAssociation(`No messaging profile ${b.messaging_profile_id} in this account.`, '/messaging_profile_id');
    }
    if (b.messaging_profile_id !== undefined) rec.messaging_profile_id = b.messaging_profile_id || null;
    if (b.messaging_product !== undefined) rec.messaging_product = b.messaging_product;
    if (b.tags !== undefined) rec.tags = [...b.tags];
    rec.updated_at = iso(simNow(state));
    return { status: 200, body: { data: messagingView(rec) } };
}
