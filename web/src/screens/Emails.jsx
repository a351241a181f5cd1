// Emails (owner/admin): the organization's outbox as the mailer works it,
// newest first: whom each email went to, its delivery status, the attempts
// made and the mail server's last answer; a failed one can be sent again
// (the same email queued once more: clicking twice never sends two).
// Filtered by status, like the campaign list.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link } from '../router.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { PagedTable } from '../components/PagedList.jsx';
import { useList } from '../components/useList.js';
import { useSubmit } from '../components/useSubmit.js';
import { formatDateTime } from '../components/format.js';

const STATUS = {
  queued: ['Queued', 'tag-initiated'],
  sending: ['Sending', 'tag-initiated'],
  sent: ['Sent', 'tag-complete'],
  failed: ['Failed', 'tag-failed'],
};

function EmailFilter({ value, onChange }) {
  const options = [['', 'All'], ...Object.entries(STATUS).map(([s, [label]]) => [s, label])];
  return (
    <div class="filter" role="group" aria-label="Filter by delivery status">
      {options.map(([s, label]) => (
        <button key={s || 'all'} type="button" class="filter-option" aria-pressed={value === s ? 'true' : 'false'} onClick={() => onChange(s)}>
          {label}
        </button>
      ))}
    </div>
  );
}

function EmailList({ org, status }) {
  const emails = useList((cursor) => api.listEmails(org.org_id, cursor, status));
  const [done, setDone] = useState('');

  async function resend(email) {
    setDone('');
    try {
      const updated = await api.resendEmail(org.org_id, email.id);
      emails.replace((e) => e.id === email.id, updated);
      setDone(`“${email.subject}” is queued to be sent again to ${email.recipient.email}.`);
    } catch (e) {
      await emails.reload(); // it is no longer failed: show what it is
      throw new Error(`Could not send “${email.subject}” again: ${e.message}`);
    }
  }
  const resending = useSubmit(resend, { again: true });
  const busyId = resending.busyWith && resending.busyWith.id;

  const columns = [
    {
      label: 'Email',
      wrap: true,
      cell: (e) => (
        <span>
          {e.subject}
          <br />
          <span class="muted">
            {e.campaign_id ? <Link href={`/campaigns/${e.campaign_id}`}>Campaign</Link> : <Link href={`/numbers/${e.phone_number_id}`}>Number</Link>}
            {' · '}
            {formatDateTime(e.created_at)}
          </span>
        </span>
      ),
    },
    {
      label: 'To',
      wrap: true,
      cell: (e) => (
        <span>
          {e.recipient.name}
          <br />
          <span class="muted">{e.recipient.email}</span>
        </span>
      ),
    },
    {
      label: 'Status',
      cell: (e) => {
        const [label, cls] = STATUS[e.status] || [e.status, 'tag-initiated'];
        return (
          <span class="status">
            <span class={`tag ${cls}`}>{label}</span>
            {e.status === 'sent' && e.sent_at && <span class="muted">{formatDateTime(e.sent_at)}</span>}
            {e.status === 'queued' && e.next_attempt_at && <span class="muted">next try {formatDateTime(e.next_attempt_at)}</span>}
          </span>
        );
      },
    },
    { label: 'Attempts', cell: (e) => e.attempts },
    {
      label: 'Server’s last answer',
      wrap: true,
      cell: (e) => (e.last_error ? <span class="failure-reason">{e.last_error}</span> : <span class="muted">None</span>),
    },
    {
      label: 'Actions',
      actions: true,
      cell: (e) =>
        e.status === 'failed' ? (
          <button
            type="button"
            class="button button-secondary button-small"
            disabled={busyId === e.id}
            aria-label={`Send again: ${e.subject}, to ${e.recipient.email}`}
            onClick={() => resending.submit(e)}
          >
            Send again
          </button>
        ) : null,
    },
  ];

  return (
    <>
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      <PagedTable
        list={emails}
        noun="emails"
        error={resending.error}
        columns={columns}
        empty={<p class="muted">{status ? `No ${STATUS[status][0].toLowerCase()} emails.` : 'No emails yet.'}</p>}
      />
    </>
  );
}

export function Emails({ org }) {
  const [status, setStatus] = useState('');
  return (
    <>
      <PageHeading title="Emails" />
      <p class="lead">
        Emails {org.org_name} sent when a number or a campaign’s number was ready or failed: whether each arrived, and
        what the mail server answered.
      </p>
      <section class="card" aria-labelledby="emails-heading">
        <h2 id="emails-heading">Outbox</h2>
        <EmailFilter value={status} onChange={setStatus} />
        <EmailList key={status} org={org} status={status} />
      </section>
    </>
  );
}
