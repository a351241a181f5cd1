// Campaigns (owner/admin/supervisor): the list, filtered by status (kept in
// the address as ?status= so a reload or a shared link keeps it), and
// "New campaign".
import { useState } from 'preact/hooks';
import { Link } from '../router.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { StatusFilter } from '../components/StatusFilter.jsx';
import { CampaignList } from '../components/CampaignList.jsx';
import { CAMPAIGN_STATUSES } from '../components/CampaignStatusTag.jsx';
import { takeFlash } from '../components/flash.js';

function statusFromUrl() {
  const s = new URLSearchParams(location.search).get('status') || '';
  return CAMPAIGN_STATUSES.includes(s) ? s : '';
}

export function Campaigns({ org }) {
  const [status, setStatus] = useState(statusFromUrl);
  const [flash] = useState(takeFlash);

  function choose(s) {
    setStatus(s);
    history.replaceState(null, '', s ? `/campaigns?status=${s}` : '/campaigns');
  }

  return (
    <>
      <PageHeading title="Campaigns" />
      <div class="page-actions">
        <p class="lead">Campaigns of {org.org_name}, from draft to archived.</p>
        <Link href="/campaigns/new" class="button">
          New campaign
        </Link>
      </div>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      <StatusFilter value={status} onChange={choose} />
      <CampaignList key={status} org={org} status={status} />
    </>
  );
}
