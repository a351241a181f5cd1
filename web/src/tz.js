// Wall-clock times in a campaign's IANA time zone and the UTC instants the
// API speaks. People enter the sending window as local dates and times of
// the campaign ("2026-11-28T09:00" in America/Los_Angeles); the API wants
// "2026-11-28T17:00:00Z". Also the zones a picker offers, US ones first.
// Only Intl, no time-zone data of our own. Showing times is
// components/format.js's. Plain JavaScript, checked by
// tests/e2e/tz.unit.test.js.

const formatters = new Map();

function formatter(tz) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

// The wall clock in `tz` at instant `ms`: {year, month, day, hour, minute, second}.
function wallAt(ms, tz) {
  const out = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  if (out.hour === 24) out.hour = 0;
  return out;
}

// How far `tz` is ahead of UTC at instant `ms`, in ms.
function offsetAt(ms, tz) {
  const w = wallAt(ms, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

// True when `tz` is a time zone this browser knows.
export function isTimeZone(tz) {
  if (!tz) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

// The US time zones, first in every picker, as people name them.
export const US_ZONES = [
  ['America/New_York', 'Eastern'],
  ['America/Chicago', 'Central'],
  ['America/Denver', 'Mountain'],
  ['America/Phoenix', 'Mountain, no daylight saving (Arizona)'],
  ['America/Los_Angeles', 'Pacific'],
  ['America/Anchorage', 'Alaska'],
  ['Pacific/Honolulu', 'Hawaii'],
  ['America/Puerto_Rico', 'Atlantic (Puerto Rico)'],
];

// The time zones to offer: the browser's list, with `current` (and UTC)
// kept even when the list lacks them.
export function timeZones(current) {
  let list = [];
  try {
    list = Intl.supportedValuesOf('timeZone');
  } catch {
    list = [];
  }
  const all = new Set(list);
  if (current) all.add(current);
  all.add('UTC');
  return [...all].sort();
}

// "2026-11-28T09:00" (a datetime-local value) read in `tz` -> the UTC
// instant as "2026-11-28T17:00:00Z"; null for an empty or unreadable value.
// A time that happens twice (clocks going back) means the first; a time
// that never happens (clocks going forward) moves forward by the gap, as
// the clocks did.
export function zonedToUtc(local, tz) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local || '');
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x || 0));
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(guess)) return null;
  const day = 86400000;
  const before = offsetAt(guess - day, tz);
  const after = offsetAt(guess + day, tz);
  const fits = (t) => {
    const w = wallAt(t, tz);
    return w.year === y && w.month === mo && w.day === d && w.hour === h && w.minute === mi;
  };
  const candidates = [guess - before, guess - after].filter(fits).sort((a, b) => a - b);
  const t = candidates.length ? candidates[0] : guess - before;
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// The UTC instant `iso` as a datetime-local value in `tz`
// ("2026-11-28T09:00"); '' for null.
export function utcToZoned(iso, tz) {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const w = wallAt(ms, tz);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

// The time zones to offer in a picker, in groups: the US zones first (in
// US_ZONES' order), then every other one by name.
// [{ label, zones: [zone, ...] }]
export function zoneGroups(current) {
  const us = US_ZONES.map(([z]) => z);
  const usSet = new Set(us);
  return [
    { label: 'United States', zones: us },
    { label: 'All time zones', zones: timeZones(current).filter((z) => !usSet.has(z)) },
  ];
}
