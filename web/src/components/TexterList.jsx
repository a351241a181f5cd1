// The texters on a campaign (GET .../texters, from the texting work). Until
// that API answers, an empty state says how texters will join.
import * as api from '../api.js';
import { PagedList } from './PagedList.jsx';
import { useList } from './useList.js';

// No texters API yet (404): nothing to list, which is not an error.
const UNAVAILABLE = { items: [], error: null, loading: false, hasMore: false };

export function TexterList({ org, campaign }) {
  const list = useList((cursor) => api.listTexters(org.org_id, campaign.id, cursor), (t) => t.user_id ?? t.id);
  const unavailable = list.error && (list.error.status === 404 || list.error.status === 405);
  return (
    <section class="card" aria-labelledby="campaign-texters-heading">
      <h2 id="campaign-texters-heading">Texters</h2>
      <PagedList
        list={unavailable ? UNAVAILABLE : list}
        noun="texters"
        empty={
          <p class="muted">
            No texters yet. A campaign can launch without texters: its conversations wait as Unassigned
            {campaign.self_assign ? ', and texters can join through the invite link and request them.' : '.'}
          </p>
        }
      >
        {(items) => (
          <ul class="plain-list">
            {items.map((t) => (
              <li key={t.user_id ?? t.id}>
                {t.name}
                {t.email && <span class="muted"> ({t.email})</span>}
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </section>
  );
}
