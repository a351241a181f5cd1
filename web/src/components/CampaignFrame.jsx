// The frame of the pages about one campaign: the breadcrumb back to the
// list (and to the campaign itself from its sub-pages), the tabs between
// its overview and its texting, the heading, and what to show while it
// loads or when it cannot be loaded.
import { Link } from '../router.jsx';
import { PageHeading } from './PageHeading.jsx';
import { ErrorText } from './ErrorText.jsx';

export function CampaignBreadcrumb({ campaign }) {
  return (
    <nav aria-label="Breadcrumb" class="breadcrumb">
      <Link href="/campaigns">← Campaigns</Link>
      {campaign && (
        <>
          {' '}
          / <Link href={`/campaigns/${campaign.id}`}>{campaign.name}</Link>
        </>
      )}
    </nav>
  );
}

// The campaign's own navigation: its overview and its texting (texters,
// moves, the invite link), on each of those pages and on its edit page.
// `current` is the path of the page shown.
export function CampaignTabs({ campaign, current }) {
  const base = `/campaigns/${campaign.id}`;
  const tabs = [
    [base, 'Overview'],
    [`${base}/texting`, 'Texting'],
  ];
  return (
    <nav aria-label={`Campaign ${campaign.name}`} class="tabs">
      <ul>
        {tabs.map(([href, label]) => (
          <li key={href}>
            <Link href={href} aria-current={href === current ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// Loading or failed: the page to show instead, or null when the campaign is here.
export function campaignPending({ org, campaign, loadError, reload, title }) {
  if (loadError) {
    const missing = loadError.code === 'not_found';
    return (
      <>
        <CampaignBreadcrumb />
        <PageHeading title={missing ? 'Campaign not found' : title} />
        {missing ? (
          <p>
            {org.org_name} has no such campaign. <Link href="/campaigns">See all campaigns</Link>.
          </p>
        ) : (
          <>
            <ErrorText error={loadError} />
            <button type="button" class="button" onClick={reload}>
              Try again
            </button>
          </>
        )}
      </>
    );
  }
  if (!campaign) {
    return (
      <>
        <CampaignBreadcrumb />
        <PageHeading title={title} />
        <p role="status">Loading…</p>
      </>
    );
  }
  return null;
}
