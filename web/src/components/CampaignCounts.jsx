// How many of a campaign's conversations are in each state, and as of when
// (a large campaign's counts come from a snapshot a few seconds old).
import { COUNT_LABELS } from './campaignFormat.js';
import { countsAsOf, formatCount } from './format.js';

export function CampaignCounts({ counts, countsAt }) {
  if (!counts) return null;
  return (
    <section class="card" aria-labelledby="campaign-counts-heading">
      <h2 id="campaign-counts-heading">Conversations</h2>
      <dl class="facts counts">
        {COUNT_LABELS.map(([key, label]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd data-testid={`count-${key}`}>{formatCount(counts[key])}</dd>
          </div>
        ))}
      </dl>
      {countsAt && (
        <p class="muted" data-testid="counts-at">
          {countsAsOf(countsAt)}
        </p>
      )}
    </section>
  );
}
