// Replies: my conversations whose contact wrote last, oldest first, from
// every campaign I text for; skipped ones last. Refreshes itself while open.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link } from '../router.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { EmptyState } from '../components/EmptyState.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { usePoll } from '../components/usePoll.js';
import './messenger.css';

const fullName = (c) => [c.first_name, c.last_name].filter(Boolean).join(' ') || 'Contact';

export function Inbox({ org }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);

  async function load() {
    try {
      setItems((await api.inbox(org.org_id)).items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  useEffect(() => {
    load();
  }, [org.org_id]);
  usePoll(load, 4000);

  return (
    <>
      <p class="breadcrumb">
        <Link href="/assignments">My assignments</Link>
      </p>
      <PageHeading title="Replies" />
      <ErrorText error={error} />
      {items === null && !error && <p role="status">Loading…</p>}
      {items && items.length === 0 && (
        <EmptyState title="No replies waiting">When a contact writes back, the conversation shows up here.</EmptyState>
      )}
      {items && items.length > 0 && (
        <section class="card" aria-label="Conversations needing a response">
          <ul class="inbox-list">
            {items.map((c) => (
              <li key={c.id}>
                <Link href={`/conversations/${c.id}`}>
                  <strong>{fullName(c)}</strong> <span class="muted">· {c.campaign_name}</span>
                  {c.skipped_at && <span class="muted"> · Skipped</span>}
                  <span class="inbox-snippet">{c.last_message}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
