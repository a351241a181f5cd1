// A campaign's status as a tag, in the colour language of the provisioning
// tags: yellow while Launching (its number is being provisioned), green
// when Active, red when Failed; Draft, Paused and Archived are neutral.
// The word carries the meaning; the colour repeats it.
export const CAMPAIGN_STATUSES = ['draft', 'launching', 'active', 'paused', 'failed', 'archived'];

export const CAMPAIGN_STATUS_LABELS = {
  draft: 'Draft',
  launching: 'Launching',
  active: 'Active',
  paused: 'Paused',
  failed: 'Failed',
  archived: 'Archived',
};

export function CampaignStatusTag({ status }) {
  return <span class={`tag tag-campaign-${status}`}>{CAMPAIGN_STATUS_LABELS[status] || status}</span>;
}
