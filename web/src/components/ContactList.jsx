// A campaign's contacts, 50 at a time: phone, name, conversation status,
// opted out.
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { useList } from './useList.js';
import { formatPhone } from './format.js';
import { CONTACT_STATUS_LABELS } from './campaignFormat.js';

export function ContactList({ org, campaign }) {
  const list = useList((cursor) => api.listContacts(org.org_id, campaign.id, cursor));
  const { items, error, loading, hasMore, loadMore } = list;
  return (
    <section class="card" aria-labelledby="campaign-contacts-heading">
      <h2 id="campaign-contacts-heading">Contacts ({campaign.contact_count.toLocaleString('en-US')})</h2>
      <ErrorText error={error} />
      {items === null ? (
        loading && <p role="status">Loading contacts…</p>
      ) : items.length === 0 ? (
        <p class="muted">
          No contacts yet.{campaign.status === 'draft' ? ' Upload a CSV file on the edit page.' : ''}
        </p>
      ) : (
        <table class="table contacts">
          <thead>
            <tr>
              <th scope="col">Phone</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td data-label="Phone">{formatPhone(c.phone)}</td>
                <td data-label="Name" class="wrap">
                  {[c.first_name, c.last_name].filter(Boolean).join(' ') || <span class="muted">—</span>}
                </td>
                <td data-label="Status">
                  {CONTACT_STATUS_LABELS[c.status] || c.status}
                  {c.opted_out && <span class="tag tag-failed small-tag"> Opted out</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasMore && (
        <button type="button" class="button button-secondary" disabled={loading} onClick={loadMore}>
          Show more contacts
        </button>
      )}
    </section>
  );
}
