// The texters on a campaign (GET .../texters, from the texting work). Until
// that API answers, an empty state says how texters will join.
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { useList } from './useList.js';

export function TexterList({ org, campaign }) {
  const list = useList((cursor) => api.listTexters(org.org_id, campaign.id, cursor), (t) => t.user_id ?? t.id);
  const { items, error, loading, hasMore, loadMore } = list;
  // No texters API yet (404): nothing to list, which is not an error.
  const unavailable = error && (error.status === 404 || error.status === 405);
  const shown = unavailable ? [] : items;
  return (
    <section class="card" aria-labelledby="campaign-texters-heading">
      <h2 id="campaign-texters-heading">Texters</h2>
      {!unavailable && <ErrorText error={error} />}
      {shown === null ? (
        loading && <p role="status">Loading texters…</p>
      ) : shown.length === 0 ? (
        <p class="muted">
          No texters yet. A campaign can launch without texters: its conversations wait as Unassigned
          {campaign.self_assign ? ', and texters can join through the invite link and request them.' : '.'}
        </p>
      ) : (
        <ul class="plain-list">
          {shown.map((t) => (
            <li key={t.user_id ?? t.id}>
              {t.name}
              {t.email && <span class="muted"> ({t.email})</span>}
            </li>
          ))}
        </ul>
      )}
      {hasMore && !unavailable && (
        <button type="button" class="button button-secondary" disabled={loading} onClick={loadMore}>
          Show more texters
        </button>
      )}
    </section>
  );
}
