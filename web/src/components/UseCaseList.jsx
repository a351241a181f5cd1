// The organization's use cases (10DLC campaign registrations): both ids of
// the campaign (Telnyx's and the registry's TCR id, whichever the admin
// gave, the other looked up), status from the provider (a suspended or
// expired campaign shows why; it blocks launches and new numbers), how
// full each is ("n of 49"), and "Refresh status", which asks again.
import { PagedTable } from './PagedList.jsx';
import { CapacityMeter } from './CapacityMeter.jsx';
import { formatTime } from './format.js';
import { providerText } from './providerWords.js';
import { ProviderTokens } from './Timeline.jsx';

const STATUS_LABELS = { pending: 'Pending', approved: 'Approved', suspended: 'Suspended', rejected: 'Rejected' };

function CampaignIds({ uc }) {
  const tcr = uc.tcr_campaign_id;
  const telnyx = uc.telnyx_campaign_id;
  if (!tcr && !telnyx) return <code>{uc.provider_campaign_id}</code>;
  return (
    <span class="status-stack">
      {tcr && (
        <span>
          TCR <code>{tcr}</code>
        </span>
      )}
      {telnyx && (
        <span class="muted small">
          Telnyx <code>{telnyx}</code>
        </span>
      )}
    </span>
  );
}

// When the provider was last asked, and its answer in words (its raw
// status as the detail).
function Checked({ uc }) {
  if (!uc.checked_at) return <span class="muted small">Asking the provider…</span>;
  const { words, tokens } = providerText(uc.status_detail);
  return (
    <>
      <span class="muted small">
        {words ? `${words}, checked ` : 'Checked '}
        {formatTime(uc.checked_at)}
      </span>
      <ProviderTokens tokens={tokens} />
    </>
  );
}

export function UseCaseList({ list, pollError, onRefresh, busyId, actionError }) {
  const columns = [
    { label: 'Name', wrap: true, cell: (uc) => uc.name },
    { label: 'Campaign id', wrap: true, cell: (uc) => <CampaignIds uc={uc} /> },
    {
      label: 'Status',
      cell: (uc) => (
        <span class="status status-stack">
          <span class={`tag tag-${uc.status}`}>{STATUS_LABELS[uc.status] || uc.status}</span>
          <Checked uc={uc} />
          {uc.status === 'suspended' && (
            <span class="failure-reason">Launches and new numbers wait until the provider approves this campaign again.</span>
          )}
        </span>
      ),
    },
    {
      label: 'Numbers',
      cell: (uc) => (
        <>
          <CapacityMeter used={uc.live_numbers} capacity={uc.capacity} name={uc.name} />
          <span class="muted small">
            Sends up to {uc.messages_per_minute.toLocaleString('en-US')} a minute
            {uc.messages_per_minute_default ? ' (default)' : ''}
          </span>
        </>
      ),
    },
    {
      label: 'Actions',
      actions: true,
      cell: (uc) => (
        <button
          type="button"
          class="button button-small button-secondary"
          disabled={busyId === uc.id || !uc.checked_at}
          onClick={() => onRefresh(uc)}
        >
          Refresh status<span class="visually-hidden"> of {uc.name}</span>
        </button>
      ),
    },
  ];
  return (
    <PagedTable
      list={list}
      noun="use cases"
      error={pollError || actionError}
      empty={<p class="muted">No use cases yet. Add the campaign your brand registered with the provider.</p>}
      class="table use-cases"
      columns={columns}
    />
  );
}
