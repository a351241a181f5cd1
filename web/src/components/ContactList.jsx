// A campaign's contacts, 50 at a time: phone, name, conversation status,
// opted out. On a phone the list starts folded ("Show the contacts"): 50
// stacked rows would push the texters, settings and timeline thousands of
// pixels down; it is fetched when first shown.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { PagedTable } from './PagedList.jsx';
import { useList } from './useList.js';
import { formatCount, formatPhone } from './format.js';
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

// The same width as styles.css's phone layout.
function phoneSized() {
  try {
    return window.matchMedia('(max-width: 40rem)').matches;
  } catch {
    return false;
  }
}

function Contacts({ org, campaign }) {
  const list = useList((cursor) => api.listContacts(org.org_id, campaign.id, cursor));
  return (
    <PagedTable
      list={list}
      noun="contacts"
      empty={<p class="muted">No contacts yet.{campaign.status === 'draft' ? ' Upload a CSV file on the edit page.' : ''}</p>}
      class="table contacts"
      columns={COLUMNS}
    />
  );
}

export function ContactList({ org, campaign }) {
  const [folding] = useState(() => phoneSized() && campaign.contact_count > 0);
  const [open, setOpen] = useState(!folding);
  return (
    <section class="card" aria-labelledby="campaign-contacts-heading">
      <h2 id="campaign-contacts-heading">Contacts ({formatCount(campaign.contact_count)})</h2>
      {folding && (
        <button
          type="button"
          class="button button-secondary"
          aria-expanded={open ? 'true' : 'false'}
          aria-controls="campaign-contacts-list"
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide the contacts' : 'Show the contacts'}
        </button>
      )}
      <div id="campaign-contacts-list">{open && <Contacts org={org} campaign={campaign} />}</div>
    </section>
  );
}
