// The status filter of the campaign list: All and one button per status,
// the chosen one pressed.
import { CAMPAIGN_STATUSES, CAMPAIGN_STATUS_LABELS } from './CampaignStatusTag.jsx';

export function StatusFilter({ value, onChange }) {
  const options = [['', 'All'], ...CAMPAIGN_STATUSES.map((s) => [s, CAMPAIGN_STATUS_LABELS[s]])];
  return (
    <div class="filter" role="group" aria-label="Filter by status">
      {options.map(([status, label]) => (
        <button
          key={status || 'all'}
          type="button"
          class={`filter-option ${status ? `filter-${status}` : ''}`}
          aria-pressed={value === status ? 'true' : 'false'}
          onClick={() => onChange(status)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
