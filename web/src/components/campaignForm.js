// The campaign edit form's model: a campaign (API shape) to the form's
// values (strings, times as wall-clock values in the campaign's time zone)
// and back to a PATCH body holding only what changed and may still change.
//
// Which fields may still change is the server's rule: every campaign
// carries editable_fields for its status (all of them in a draft; none
// once failed or archived), and the form enables exactly those.
import { utcToZoned, zonedToUtc } from '../tz.js';

export function isReadOnly(campaign) {
  return !campaign.editable_fields || campaign.editable_fields.length === 0;
}

export function isEditable(campaign, field) {
  return Boolean(campaign.editable_fields && campaign.editable_fields.includes(field));
}

export const BATCH_MIN = 1;
export const BATCH_MAX = 5000;

export function toForm(c) {
  return {
    name: c.name || '',
    description: c.description || '',
    time_zone: c.time_zone,
    start: utcToZoned(c.start_at, c.time_zone),
    end: utcToZoned(c.end_at, c.time_zone),
    open_from: c.open_from || '09:00',
    open_until: c.open_until || '21:00',
    org_display_name: c.org_display_name || '',
    opt_out_language: c.opt_out_language || '',
    number_mode: c.number_mode || '',
    phone_number_id: c.phone_number_id ? String(c.phone_number_id) : '',
    use_case_id: c.use_case_id ? String(c.use_case_id) : '',
    regions: (c.regions || []).map((r) => ({ ...r, area_codes: r.area_codes ? [...r.area_codes] : undefined })),
    script: c.script || '',
    self_assign: Boolean(c.self_assign),
    batch_size: String(c.batch_size ?? ''),
  };
}

// Regions as the API takes them: empty area-code regions dropped, each
// region only with the keys of its type.
export function cleanRegions(regions) {
  const out = [];
  for (const r of regions) {
    if (r.type === 'state') out.push({ type: 'state', state: r.state || '' });
    else if (r.type === 'country') out.push({ type: 'country' });
    else if ((r.area_codes || []).length) out.push({ type: 'area_codes', area_codes: r.area_codes });
  }
  return out;
}

// The form holds whole minutes: a stored 09:00:27 reads as 09:00 and is
// not a change (saving something else must not move it, nor call the page
// unsaved).
const minute = (iso) => (iso ? Math.floor(Date.parse(iso) / 60000) : null);
const sameInstant = (a, b) => minute(a) === minute(b);

// The form as the API's fields (all of them, before the change filter).
function apiFields(f, c) {
  // The window is read in the zone the campaign will have.
  const tz = isEditable(c, 'time_zone') ? f.time_zone : c.time_zone;
  const fields = {
    name: f.name.trim(),
    description: f.description.trim(),
    time_zone: f.time_zone,
    start_at: zonedToUtc(f.start, tz),
    end_at: zonedToUtc(f.end, tz),
    open_from: f.open_from,
    open_until: f.open_until,
    org_display_name: f.org_display_name.trim() || null,
    opt_out_language: f.opt_out_language.trim() || null,
    script: f.script,
    self_assign: f.self_assign,
    batch_size: /^\d+$/.test(f.batch_size.trim()) ? Number(f.batch_size.trim()) : f.batch_size,
  };
  if (c.number_mode !== 'followup') {
    fields.number_mode = f.number_mode || null;
    fields.phone_number_id = f.number_mode === 'dedicated' && f.phone_number_id ? Number(f.phone_number_id) : null;
    fields.use_case_id = f.number_mode === 'single_use' && f.use_case_id ? Number(f.use_case_id) : null;
    fields.regions = f.number_mode === 'single_use' ? cleanRegions(f.regions) : [];
  }
  return fields;
}

function unchanged(key, value, c) {
  if (key === 'start_at' || key === 'end_at') return sameInstant(value, c[key]);
  if (key === 'regions') return JSON.stringify(value) === JSON.stringify(cleanRegions(c.regions || []));
  if (key === 'batch_size') return value === c.batch_size;
  if (key === 'script' || key === 'description') return value === (c[key] || '');
  const before = c[key] === undefined ? null : c[key];
  return JSON.stringify(value) === JSON.stringify(before);
}

// The PATCH body: the fields that changed and may change now ({} when
// nothing did).
export function changes(f, c) {
  const body = {};
  for (const [key, value] of Object.entries(apiFields(f, c))) {
    if (isEditable(c, key) && !unchanged(key, value, c)) body[key] = value;
  }
  return body;
}
