// The organization's campaigns with one status (or all), newest first:
// name, status tag, sending number with its provisioning tag, contacts and
// the sending window. While any is Launching (or its number still
// provisions) the list is fetched again every 3 s, so Launching turns
// Active (or Failed) without a reload.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link } from '../router.jsx';
import { ErrorText } from './ErrorText.jsx';
import { CampaignStatusTag, CAMPAIGN_STATUS_LABELS } from './CampaignStatusTag.jsx';
import { ProvisioningTag } from './ProvisioningTag.jsx';
import { useList } from './useList.js';
import { usePoll } from './usePoll.js';
import { formatInZone } from '../tz.js';
import { numberLabel } from './format.js';

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

export function CampaignList({ org, status }) {
  const list = useList((cursor) => api.listCampaigns(org.org_id, cursor, status));
  const [pollError, setPollError] = useState(null);
  const [news, setNews] = useState('');
  const { items, error, loading, hasMore, loadMore } = list;
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
      <ErrorText error={error || pollError} />
      {items === null ? (
        loading && <p role="status">Loading campaigns…</p>
      ) : items.length === 0 ? (
        <p class="muted">{EMPTY[status] || EMPTY['']}</p>
      ) : (
        <table class="table campaigns">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Sending number</th>
              <th scope="col">Contacts</th>
              <th scope="col">Starts</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td data-label="Name" class="wrap">
                  <Link href={`/campaigns/${c.id}`} class="campaign-link">
                    {c.name}
                  </Link>
                  {c.number_mode === 'followup' && <span class="muted small"> (followup)</span>}
                </td>
                <td data-label="Status">
                  <CampaignStatusTag status={c.status} />
                </td>
                <td data-label="Number">
                  <NumberCell c={c} />
                </td>
                <td data-label="Contacts">{c.contact_count.toLocaleString('en-US')}</td>
                <td data-label="Starts">
                  {c.start_at ? formatInZone(c.start_at, c.time_zone) : <span class="muted">Not set</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasMore && (
        <button type="button" class="button button-secondary" disabled={loading} onClick={loadMore}>
          Show more campaigns
        </button>
      )}
    </section>
  );
}
