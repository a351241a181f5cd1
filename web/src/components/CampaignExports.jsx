// A campaign's exports (owners and admins): its conversations and its
// messages as CSV, written by the server in the background with their
// progress shown, then downloadable for a day (ExportJobs.jsx).
import { ExportJobs } from './ExportJobs.jsx';

export function CampaignExports({ org, campaign }) {
  if (org.role !== 'owner' && org.role !== 'admin') return null;
  return (
    <section class="card" aria-labelledby="campaign-exports-heading">
      <h2 id="campaign-exports-heading">Exports</h2>
      <p class="muted">
        CSV files: each conversation with its contact&apos;s columns, survey answers, status, texter, tags and opt-out; or every message.
      </p>
      <ExportJobs org={org} campaign={campaign} kinds={['conversations', 'messages']} />
    </section>
  );
}
