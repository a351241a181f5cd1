// The numbers for sale: every area code in us-area-codes.csv has a
// deterministic list of numbers (option inventory_per_area_code; option
// scarce {"NPA": n} caps one area code, 0 = none); other area codes (999,
// 555, ...) have none. state.taken holds the numbers sold or in a pending
// order; they are never offered.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { E164, mulberry32 } from './util.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

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

export const AREA_CODES = loadAreaCodes(path.join(HERE, 'us-area-codes.csv'));

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

export function inInventory(state, e164) {
    if (!E164.test(e164)) return false;
    const npa = e164.slice(2, 5);
    const size = inventorySize(state, npa);
    if (size === 0) return false;
    const at = inventoryUpTo(npa, size).index.get(e164);
    return at !== undefined && at < size;
}

// Up to `want` unsold numbers of one area code (that pass `keep`, if given),
// in inventory order: the first free ones (search_order "first": concurrent
// searches see the same numbers), or, with search_order "rotate", the free
// ones after where the previous search of that area code stopped, wrapping
// around (concurrent searches are spread over the inventory). Every position
// before state.cursors[npa] is taken, so searches stay cheap when thousands
// are sold.
function freeNumbers(state, npa, want, keep) {
    const size = inventorySize(state, npa);
    if (size === 0 || want <= 0) return [];
    const { list } = inventoryUpTo(npa, size);
    let i = state.cursors.get(npa) ?? 0;
    while (i < size && state.taken.has(list[i])) i++;
    state.cursors.set(npa, i);
    const ok = (e164) => !state.taken.has(e164) && (!keep || keep(e164));
    const out = [];
    if (state.options.search_order === 'rotate') {
        let j = state.rotors.get(npa) ?? 0;
        for (let seen = i; seen < size && out.length < want; seen++, j++) {
            if (j >= size || j < i) j = i;
            if (ok(list[j])) out.push(list[j]);
        }
        state.rotors.set(npa, j);
        return out;
    }
    for (; i < size && out.length < want; i++) {
        if (ok(list[i])) out.push(list[i]);
    }
    return out;
}

export function untake(state, e164) {
    state.taken.delete(e164);
    const npa = e164.slice(2, 5);
    const at = INVENTORY.get(npa)?.index.get(e164);
    if (at !== undefined && at < (state.cursors.get(npa) ?? 0)) state.cursors.set(npa, at);
}

export const FEATURES = ['sms', 'mms', 'voice'];

export function availableView(e164, bestEffort) {
    const npa = e164.slice(2, 5);
    const ac = AREA_CODES.get(npa);
    return {
        record_type: 'available_phone_number',
        phone_number: e164,
        vanity_format: '',
        best_effort: bestEffort,
        quickship: true,
        reservable: true,
        region_information: [
            { region_type: 'country_code', region_name: 'US' },
            { region_type: 'state', region_name: ac.state },
            { region_type: 'rate_center', region_name: (ac.places[0] ?? `NPA ${npa}`).toUpperCase() },
        ],
        cost_information: { upfront_cost: '1.00', monthly_cost: '1.00', currency: 'USD' },
        features: FEATURES.map((name) => ({ name })),
    };
}

// A search (GET /available_phone_numbers, its filter[...] already checked
// and coerced): {data, bestEffort} where bestEffort counts the numbers of
// other area codes that filled the answer. With filter[national_destination_code]
// and fewer free numbers there than filter[limit], the answer is filled with
// numbers of other area codes of the same state, then of any (each marked
// best_effort: true), unless filter[best_effort] is false.
export function search(state, filter) {
    const limit = Math.min(filter.limit ?? 5, 100);
    const none = { data: [], bestEffort: 0 };
    if ((filter.country_code ?? 'US').toUpperCase() !== 'US') return none;
    if (filter.phone_number_type !== undefined && filter.phone_number_type !== 'local') return none;
    if (!(filter.features ?? []).every((f) => FEATURES.includes(f))) return none;
    const ndc = filter.national_destination_code;
    const pattern = filter.phone_number ?? {};
    const digits = (e164) => (ndc !== undefined ? e164.slice(5) : e164.slice(2));
    const keep = (pattern.starts_with || pattern.ends_with || pattern.contains)
        ? (e164) => {
            const d = digits(e164);
            return (!pattern.starts_with || d.startsWith(pattern.starts_with)) &&
                (!pattern.ends_with || d.endsWith(pattern.ends_with)) &&
                (!pattern.contains || d.includes(pattern.contains));
        }
        : undefined;
    const placeOk = (npa) => {
        const ac = AREA_CODES.get(npa);
        if (filter.administrative_area !== undefined && ac.state !== filter.administrative_area.toUpperCase()) return false;
        const places = ac.places.map((p) => p.toUpperCase());
        if (filter.locality !== undefined && !places.includes(filter.locality.toUpperCase())) return false;
        if (filter.rate_center !== undefined && (places[0] ?? `NPA ${npa}`) !== filter.rate_center.toUpperCase()) return false;
        return true;
    };
    const data = [];
    const take = (npa, bestEffort) => {
        for (const e164 of freeNumbers(state, npa, limit - data.length, keep)) data.push(availableView(e164, bestEffort));
    };
    if (ndc === undefined) {
        for (const npa of AREA_CODES.keys()) {
            if (data.length >= limit) break;
            if (placeOk(npa)) take(npa, false);
        }
        return { data, bestEffort: 0 };
    }
    if (AREA_CODES.has(ndc) && placeOk(ndc)) take(ndc, false);
    if (data.length >= limit || filter.best_effort === false || !AREA_CODES.has(ndc)) return { data, bestEffort: 0 };
    const own = data.length;
    const st = AREA_CODES.get(ndc).state;
    for (const sameState of [true, false]) {
        for (const [npa, ac] of AREA_CODES) {
            if (data.length >= limit) break;
            if (npa === ndc || (ac.state === st) !== sameState) continue;
            take(npa, true);
        }
    }
    return { data, bestEffort: data.length - own };
}
