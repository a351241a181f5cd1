// A campaign's contacts, 50 at a time: phone, name, conversation status,
// opted out.
import * as api from '../api.js';
import { PagedTable } from './PagedList.jsx';
import { useList } from './useList.js';
import { formatPhone } from './format.js';
import { CONTACT_STATUS_LABELS } from './campaignFormat.js';

const COLUMNS = [
  { label: 'Phone', cell: (c) => formatPhone(c.phone) },
  { label: 'Name', wrap: true, cell: (c) => [c.first_name, c.last_name].filter(Boolean).join(' ') || <span class="muted">—</span> },
  {
    label: 'Status',
    cell: (c) => (
      <>
        {CONTACT_STATUS_LABELS[c.status] || c.status}
        {c.opted_out && <span class="tag tag-failed small-tag"> Opted out</span>}
      </>
    ),
  },
];

export function ContactList({ org, campaign }) {
  const list = useList((cursor) => api.listContacts(org.org_id, campaign.id, cursor));
  return (
    <section class="card" aria-labelledby="campaign-contacts-heading">
      <h2 id="campaign-contacts-heading">Contacts ({campaign.contact_count.toLocaleString('en-US')})</h2>
      <PagedTable
        list={list}
        noun="contacts"
        empty={<p class="muted">No contacts yet.{campaign.status === 'draft' ? ' Upload a CSV file on the edit page.' : ''}</p>}
        class="table contacts"
        columns={COLUMNS}
      />
    </section>
  );
}
