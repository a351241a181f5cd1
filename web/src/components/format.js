// Display helpers shared by the screens, and the app's one way of writing
// times: every instant goes through formatTime (in the campaign's time
// zone with its abbreviation, the viewer's own clock beside it when that
// differs), every span through formatDuration, every live wait through
// formatCountdown or formatClock. The API speaks UTC ISO 8601. tz.js does
// the other direction (times typed in a campaign's zone). Plain
// JavaScript, checked by tests/e2e/format.unit.test.js.
import { US_ZONES } from '../tz.js';

export const ROLE_LABELS = { owner: 'Owner', admin: 'Admin', supervisor: 'Supervisor', texter: 'Texter' };

export function roleLabel(role) {
  return ROLE_LABELS[role] || role;
}

// The viewer's time zone (the browser's), e.g. "America/Los_Angeles".
export function viewerZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const formatters = new Map();

// An en-US formatter for `zone`: of the date ("Nov 28, 2026"; "Nov 28"
// without the year) or of the time with the zone ("9:00 AM PST"), made once.
function formatter(zone, kind, { year = true, seconds = false } = {}) {
  const key = `${zone}|${kind}|${year}|${seconds}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      'en-US',
      kind === 'date'
        ? { timeZone: zone, year: year ? 'numeric' : undefined, month: 'short', day: 'numeric' }
        : { timeZone: zone, hour: 'numeric', minute: '2-digit', second: seconds ? '2-digit' : undefined, timeZoneName: 'short' },
    );
    formatters.set(key, f);
  }
  return f;
}

// The date and the time (with the zone) of instant `d` in `zone`.
function parts(d, zone, { year = true, seconds = false } = {}) {
  return {
    date: formatter(zone, 'date', { year }).format(d),
    time: formatter(zone, 'time', { seconds }).format(d),
  };
}

function validZone(zone) {
  if (!zone) return viewerZone();
  try {
    formatter(zone, 'time');
    return zone;
  } catch {
    return 'UTC';
  }
}

/**
 * Instant `iso` for people, in `zone` (a campaign's; the viewer's own when
 * null) with the zone's abbreviation: "Nov 28, 2026, 9:00 AM PST". When the
 * viewer's clock reads differently, it follows: "Nov 28, 2026, 12:00 PM EST
 * (9:00 AM PST your time)", with the date too when that differs.
 * Options: seconds (for steps seconds apart), date: false (the time alone,
 * for "as of"), local: false (no "your time").
 */
export function formatTime(iso, zone = null, { seconds = false, date = true, local = true } = {}) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const z = validZone(zone);
  const there = parts(d, z, { seconds });
  const main = date ? `${there.date}, ${there.time}` : there.time;
  const mine = viewerZone();
  if (!local || !zone || z === mine) return main;
  const here = parts(d, mine, { seconds });
  if (here.time === there.time && here.date === there.date) return main;
  const shortDate = parts(d, mine, { year: false, seconds }).date;
  return `${main} (${here.date !== there.date && date ? `${shortDate}, ` : ''}${here.time} your time)`;
}

// formatTime on the viewer's clock, under the name screens used before.
export function formatDateTime(iso, { seconds = false } = {}) {
  return formatTime(iso, null, { seconds });
}

// "Nov 26, 2026" in the viewer's time zone, for a day (an expiry).
export function formatDate(iso) {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return iso || '';
  return d.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

// "As of 10:04:31 PM PST" for counts: how fresh they are, on the viewer's
// clock (large campaigns answer from a snapshot a few seconds old; the API
// says counts_at).
export function countsAsOf(iso) {
  const t = formatTime(iso, null, { seconds: true, date: false });
  return t && `As of ${t}`;
}

const US_ZONE_NAMES = new Map(US_ZONES);

// "Pacific (America/Los Angeles)"; other zones as "Europe/Berlin".
export function zoneLabel(zone) {
  const plain = String(zone || '').replace(/_/g, ' ');
  const name = US_ZONE_NAMES.get(zone);
  return name ? `${name} (${plain})` : plain;
}

// A count as people read it: "12,345".
export function formatCount(n) {
  return Number(n || 0).toLocaleString('en-US');
}

// "+14155550123" as "+1 (415) 555-0123"; other numbers as they are.
export function formatPhone(e164) {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164 || '');
  return m ? `+1 (${m[1]}) ${m[2]}-${m[3]}` : e164 || '';
}

// A number as people name it: its phone number once chosen.
export function numberLabel(n) {
  return n.phone_number ? formatPhone(n.phone_number) : 'Choosing a number…';
}

// "release_requested" as "Release requested".
export function humanize(word) {
  const s = String(word || '').replace(/[_-]+/g, ' ').trim();
  return s ? s[0].toUpperCase() + s.slice(1) : '';
}

// A span in whole seconds: "42 s", "12 min", "1 h 20 min", "3 d 1 h".
export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

// A live wait in words, to the second when it is short: "2 h 5 min",
// "4 min 09 s", "37 s".
export function formatCountdown(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

// A live wait as a clock: "9:05", "1:02:09".
export function formatClock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
