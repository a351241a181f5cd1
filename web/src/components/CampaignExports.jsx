// A campaign's exports (owners and admins): its conversations and its
// messages as CSV. The server streams each file as it reads the rows, so
// these are plain download links: the browser shows the progress.
import * as api from '../api.js';

export function CampaignExports({ org, campaign }) {
  if (org.role !== 'owner' && org.role !== 'admin') return null;
  return (
    <section class="card" aria-labelledby="campaign-exports-heading">
      <h2 id="campaign-exports-heading">Exports</h2>
      <p class="muted">
        CSV files: each conversation with its contact&apos;s columns, status, texter, tags and opt-out; or every message.
      </p>
      <div class="actions-bar">
        <a class="button button-secondary" href={api.exportHref.conversations(org.org_id, campaign.id)} download={`campaign-${campaign.id}-conversations.csv`}>
          Download conversations (CSV)
        </a>
        <a class="button button-secondary" href={api.exportHref.messages(org.org_id, campaign.id)} download={`campaign-${campaign.id}-messages.csv`}>
          Download messages (CSV)
        </a>
      </div>
    </section>
  );
}
