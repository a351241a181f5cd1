// The organization's campaigns with one status (or all), newest first:
// name, status tag, sending number with its provisioning tag, contacts,
// the sending window, and a link to its texting page. While any is
// Launching (or its number still provisions) the list is fetched again
// every 3 s, so Launching turns Active (or Failed) without a reload.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link } from '../router.jsx';
import { PagedTable } from './PagedList.jsx';
import { CampaignStatusTag, CAMPAIGN_STATUS_LABELS } from './CampaignStatusTag.jsx';
import { ProvisioningTag } from './ProvisioningTag.jsx';
import { useList } from './useList.js';
import { usePoll } from './usePoll.js';
import { formatCount, formatTime, numberLabel } from './format.js';

const EMPTY = {
  '': 'No campaigns yet. Start one with New campaign.',
  draft: 'No draft campaigns.',
  launching: 'No campaign is launching.',
  active: 'No active campaigns.',
  paused: 'No paused campaigns.',
  failed: 'No failed campaigns.',
  archived: 'No archived campaigns.',
};

function NumberCell({ c }) {
  if (c.phone_number) {
    return (
      <span class="status-stack status">
        <span>{numberLabel(c.phone_number)}</span>
        <ProvisioningTag number={c.phone_number} withReason={false} />
      </span>
    );
  }
  if (c.number_mode === 'single_use') return <span class="muted">Single-use, ordered at launch</span>;
  return <span class="muted">Not chosen</span>;
}

const COLUMNS = [
  {
    label: 'Name',
    wrap: true,
    cell: (c) => (
      <>
        <Link href={`/campaigns/${c.id}`} class="campaign-link">
          {c.name}
        </Link>
        {c.number_mode === 'followup' && <span class="muted small"> (followup)</span>}
      </>
    ),
  },
  { label: 'Status', cell: (c) => <CampaignStatusTag status={c.status} /> },
  { label: 'Sending number', dataLabel: 'Number', cell: (c) => <NumberCell c={c} /> },
  { label: 'Contacts', cell: (c) => formatCount(c.contact_count) },
  { label: 'Starts', cell: (c) => (c.start_at ? formatTime(c.start_at, c.time_zone) : <span class="muted">Not set</span>) },
  {
    label: 'Texting',
    actions: true,
    cell: (c) => (
      <Link href={`/campaigns/${c.id}/texting`}>
        Texting<span class="visually-hidden"> for {c.name}</span>
      </Link>
    ),
  },
];

export function CampaignList({ org, status }) {
  const list = useList((cursor) => api.listCampaigns(org.org_id, cursor, status));
  const [pollError, setPollError] = useState(null);
  const [news, setNews] = useState('');
  const { items } = list;
  const launching = Boolean(items && items.some((c) => c.status === 'launching' || c.provisioning_status === 'initiated'));

  usePoll(async () => {
    const before = new Map((items || []).map((c) => [c.id, c.status]));
    try {
      const fresh = await list.refresh();
      setPollError(null);
      const changed = (fresh || []).filter((c) => before.has(c.id) && before.get(c.id) !== c.status);
      if (changed.length) setNews(changed.map((c) => `${c.name}: ${CAMPAIGN_STATUS_LABELS[c.status]}.`).join(' '));
    } catch (e) {
      setPollError(new Error(`Could not update the campaigns: ${e.message} Trying again.`));
    }
  }, launching ? 3000 : null);

  return (
    <section class="card" aria-labelledby="campaigns-list-heading">
      <h2 id="campaigns-list-heading">{status ? `${CAMPAIGN_STATUS_LABELS[status]} campaigns` : 'All campaigns'}</h2>
      <p class="visually-hidden" role="status">
        {news}
      </p>
      <PagedTable
        list={list}
        noun="campaigns"
        error={pollError}
        empty={<p class="muted">{EMPTY[status] || EMPTY['']}</p>}
        class="table campaigns"
        columns={COLUMNS}
      />
    </section>
  );
}
