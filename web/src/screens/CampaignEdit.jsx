// Edit a campaign (/campaigns/:id/edit): a draft's every setting and its
// contacts; after launch, the settings that may still change. Failed and
// archived campaigns are read-only and lead back to their page.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link } from '../router.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { CampaignForm } from '../components/CampaignForm.jsx';
import { ContactsUpload } from '../components/ContactsUpload.jsx';
import { CampaignStatusTag } from '../components/CampaignStatusTag.jsx';
import { CampaignBreadcrumb, campaignPending } from '../components/CampaignFrame.jsx';
import { useCampaign } from '../components/useCampaign.js';
import { isReadOnly } from '../components/campaignForm.js';
import { flashText, takeFlashEntry } from '../components/flash.js';

const PREVIEW_CONTACTS = 20;

export function CampaignEdit({ org, me, params }) {
  const { campaign, setCampaign, loadError, reload } = useCampaign(org, params.id);
  const [contacts, setContacts] = useState(null);
  const [flash] = useState(takeFlashEntry);

  async function loadContacts() {
    try {
      setContacts((await api.listContacts(org.org_id, params.id, null, PREVIEW_CONTACTS)).items);
    } catch {
      setContacts([]);
    }
  }

  useEffect(() => {
    loadContacts();
  }, []);

  const pending = campaignPending({ org, campaign, loadError, reload, title: 'Edit campaign' });
  if (pending) return pending;
  const notice = flashText(flash, campaign.status);

  return (
    <>
      <CampaignBreadcrumb campaign={campaign} />
      <PageHeading title={`Edit ${campaign.name}`} />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <p class="lead">
        <CampaignStatusTag status={campaign.status} />{' '}
        {campaign.status === 'draft'
          ? 'A draft: everything can change until it is launched.'
          : isReadOnly(campaign)
            ? 'This campaign can no longer change.'
            : 'Launched: the number, the script and the contacts are fixed; the rest can still change.'}
      </p>
      {isReadOnly(campaign) ? (
        <p>
          <Link href={`/campaigns/${campaign.id}`}>Back to the campaign</Link>
        </p>
      ) : (
        <>
          <CampaignForm
            key={campaign.id}
            org={org}
            me={me}
            campaign={campaign}
            contacts={contacts}
            onSaved={setCampaign}
          />
          <ContactsUpload
            org={org}
            campaign={campaign}
            onImported={() => {
              reload();
              loadContacts();
            }}
          />
          {campaign.status === 'draft' && (
            <p class="page-actions">
              <Link href={`/campaigns/${campaign.id}/launch`} class="button">
                Review and launch
              </Link>
              <Link href={`/campaigns/${campaign.id}`}>Campaign page</Link>
            </p>
          )}
        </>
      )}
    </>
  );
}
