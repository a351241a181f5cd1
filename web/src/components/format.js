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
