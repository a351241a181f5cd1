// How many of a campaign's conversations are in each state.
import { COUNT_LABELS } from './campaignFormat.js';

export function CampaignCounts({ counts }) {
  if (!counts) return null;
  return (
    <section class="card" aria-labelledby="campaign-counts-heading">
      <h2 id="campaign-counts-heading">Conversations</h2>
      <dl class="facts counts">
        {COUNT_LABELS.map(([key, label]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd data-testid={`count-${key}`}>{Number(counts[key] || 0).toLocaleString('en-US')}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
