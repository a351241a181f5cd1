// Display helpers shared by the screens.
export const ROLE_LABELS = { owner: 'Owner', admin: 'Admin', supervisor: 'Supervisor', texter: 'Texter' };

export function roleLabel(role) {
  return ROLE_LABELS[role] || role;
}

// "Nov 26, 2026" in the viewer's time zone; the API speaks UTC ISO 8601.
export function formatDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso || '';
  return d.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

// "Nov 26, 2026, 10:04 PM" in the viewer's time zone ("10:04:31 PM" with
// seconds: true, for timelines whose steps are seconds apart).
export function formatDateTime(iso, { seconds = false } = {}) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso || '';
  return d.toLocaleString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    second: seconds ? '2-digit' : undefined,
  });
}

// "As of 10:04:31 PM" for counts: how fresh they are (large campaigns
// answer from a snapshot a few seconds old; the API says counts_at).
export function countsAsOf(iso) {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return '';
  return `As of ${d.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit' })}`;
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

// A wait in whole seconds as people say it: "less than a minute", "about
// 1 minute", "about 17 minutes", "about 2 h 5 min".
export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0));
  if (s < 60) return 'less than a minute';
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `about ${h} h${m ? ` ${m} min` : ''}`;
}
