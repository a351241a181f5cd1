// How campaign settings read in summaries.
import { STATES } from './areaCodeSearch.js';

export const NUMBER_MODE_LABELS = {
  dedicated: 'Dedicated number',
  single_use: 'Single-use number',
  followup: 'Number of the original campaign',
};

// One region: "415, 510", "California (CA)", "Anywhere in the US".
export function regionText(r) {
  if (r.type === 'state') return `${STATES[r.state] || r.state} (${r.state})`;
  if (r.type === 'country') return 'Anywhere in the US';
  return (r.area_codes || []).join(', ');
}

// All regions in order: "1. 415, 510 · 2. 212 · 3. Anywhere in the US".
export function regionsText(regions) {
  if (!regions || regions.length === 0) return 'None';
  return regions.map((r, i) => `${i + 1}. ${regionText(r)}`).join(' · ');
}

// The counts of a campaign's conversations, in the order they are shown.
export const COUNT_LABELS = [
  ['needs_message', 'Needs message'],
  ['messaged', 'Messaged'],
  ['needs_response', 'Needs response'],
  ['convo', 'In conversation'],
  ['closed', 'Closed'],
  ['opted_out', 'Opted out'],
  ['unassigned', 'Unassigned'],
  ['escalated', 'Escalated'],
];

export const CONTACT_STATUS_LABELS = Object.fromEntries(COUNT_LABELS);
