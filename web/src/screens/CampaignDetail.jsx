// One campaign (/campaigns/:id): status and sending number with its
// provisioning tag at the top, the actions its status allows, the counts
// of its conversations, its sending queue, contacts, texters, canned
// responses, survey questions (with answers per option), exports (admins), settings and its number's provisioning timeline. While its number provisions the page fetches it
// again every 3 s, so Launching turns Active or Failed without a reload,
// and the change is announced.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { Timeline } from '../components/Timeline.jsx';
import { CampaignHeader } from '../components/CampaignHeader.jsx';
import { CampaignActions } from '../components/CampaignActions.jsx';
import { CampaignCounts } from '../components/CampaignCounts.jsx';
import { SendingQueue } from '../components/SendingQueue.jsx';
import { CampaignSummary } from '../components/CampaignSummary.jsx';
import { ContactList } from '../components/ContactList.jsx';
import { TexterList } from '../components/TexterList.jsx';
import { CampaignCanned } from '../components/CampaignCanned.jsx';
import { CampaignSurvey } from '../components/CampaignSurvey.jsx';
import { CampaignExports } from '../components/CampaignExports.jsx';
import { CAMPAIGN_STATUS_LABELS } from '../components/CampaignStatusTag.jsx';
import { CampaignBreadcrumb, CampaignTabs, campaignPending } from '../components/CampaignFrame.jsx';
import { useCampaign } from '../components/useCampaign.js';
import { usePoll } from '../components/usePoll.js';
import { flashText, takeFlashEntry } from '../components/flash.js';

// Every 3 s while its number provisions (Launching, or Active in incident
// mode); every 5 s while messages wait to be sent (the queue drains); every
// 10 s while a scheduled launch is pending; else not at all.
function pollDelay(c) {
  if (!c) return null;
  if (c.status === 'launching' || c.provisioning_status === 'initiated') return 3000;
  if (c.queue && c.queue.waiting > 0) return 5000;
  if (c.status === 'draft' && c.launch_at) return 10000;
  return null;
}

export function CampaignDetail({ org, params }) {
  const { campaign, setCampaign, loadError, reload } = useCampaign(org, params.id);
  const [flash] = useState(takeFlashEntry);
  const [pollError, setPollError] = useState(null);
  const [news, setNews] = useState('');

  usePoll(
    async () => {
      try {
        const fresh = await api.getCampaign(org.org_id, params.id);
        if (fresh.status !== campaign.status) setNews(`${fresh.name} is now ${CAMPAIGN_STATUS_LABELS[fresh.status]}.`);
        setCampaign(fresh);
        setPollError(null);
      } catch (e) {
        setPollError(new Error(`Could not update the campaign: ${e.message} Trying again.`));
      }
    },
    pollDelay(campaign),
  );

  const pending = campaignPending({ org, campaign, loadError, reload, title: 'Campaign' });
  if (pending) return pending;
  // What was just done, while the campaign is still as it said.
  const notice = flashText(flash, campaign.status);

  // An action answers the campaign without its details (timeline, counts):
  // keep those until the next load.
  function changed(c) {
    setCampaign((old) => ({
      ...old,
      ...c,
      timeline: c.timeline || old.timeline,
      counts: c.counts || old.counts,
      counts_at: c.counts_at || old.counts_at,
      queue: c.queue || old.queue,
    }));
    reload();
  }

  return (
    <>
      <CampaignBreadcrumb />
      <PageHeading title={campaign.name} />
      <CampaignTabs campaign={campaign} current={`/campaigns/${campaign.id}`} />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <p class="visually-hidden" role="status">
        {news}
      </p>
      <ErrorText error={pollError} />
      <CampaignHeader campaign={campaign} canOpenNumber={org.role === 'owner' || org.role === 'admin'} onStale={reload} />
      <CampaignActions org={org} campaign={campaign} onChange={changed} />
      {campaign.status !== 'draft' && <CampaignCounts counts={campaign.counts} countsAt={campaign.counts_at} />}
      {campaign.status !== 'draft' && <SendingQueue org={org} campaignId={campaign.id} zone={campaign.time_zone} queue={campaign.queue} onResent={reload} />}
      <ContactList key={`contacts-${campaign.contact_count}`} org={org} campaign={campaign} />
      <TexterList org={org} campaign={campaign} />
      <CampaignCanned org={org} campaign={campaign} />
      <CampaignSurvey org={org} campaign={campaign} />
      <CampaignExports org={org} campaign={campaign} />
      <CampaignSummary campaign={campaign} />
      <section class="card" aria-labelledby="campaign-timeline-heading">
        <h2 id="campaign-timeline-heading">Provisioning timeline</h2>
        {campaign.phone_number ? (
          <Timeline events={campaign.timeline || []} zone={campaign.time_zone} />
        ) : (
          <p class="muted">No number yet{campaign.number_mode === 'single_use' ? ': it is ordered at launch.' : '.'}</p>
        )}
      </section>
    </>
  );
}
