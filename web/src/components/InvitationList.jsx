// The invitations of an organization (pending first, newest first), with
// Revoke for pending ones and Resend for those for an address (pending or
// expired: emailed again with a new link, which is shown to copy; the old
// link stops working). Each says whom it is for: one address, or anyone
// with the link (an open link for texters, with how many joined).
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { formatDate, roleLabel } from './format.js';
import { PagedTable } from './PagedList.jsx';
import { useSubmit } from './useSubmit.js';

const STATUS_LABELS = { pending: 'Pending', accepted: 'Accepted', revoked: 'Revoked', expired: 'Expired' };

function forWhom(inv) {
  if (inv.kind !== 'open') return inv.email;
  return (
    <>
      <span class="tag">Open link</span> anyone who has it · {inv.uses === 1 ? '1 joined' : `${inv.uses} joined`}
    </>
  );
}

const revokeName = (inv) => (inv.kind === 'open' ? `open link made ${formatDate(inv.created_at)}` : `invitation for ${inv.email}`);

const resendable = (inv) => inv.kind !== 'open' && (inv.status === 'pending' || inv.status === 'expired');

export function InvitationList({ org, list, onRevoke, busyId, actionError }) {
  const [resent, setResent] = useState(null); // {invitation, invite_url}
  const resending = useSubmit(
    async (inv) => {
      setResent(null);
      setResent(await api.resendInvitation(org.org_id, inv.id));
      await list.reload();
    },
    { again: true },
  );
  const busy = (inv) => busyId === inv.id || (resending.busyWith && resending.busyWith.id === inv.id);
  const columns = [
    { label: 'For', wrap: true, cell: forWhom },
    { label: 'Role', cell: (inv) => roleLabel(inv.role) },
    {
      label: 'Status',
      cell: (inv) => <span class={`tag tag-${inv.status}`}>{STATUS_LABELS[inv.status] || inv.status}</span>,
    },
    { label: 'Invited by', cell: (inv) => inv.invited_by_name },
    { label: 'Expires', cell: (inv) => formatDate(inv.expires_at) },
    {
      label: 'Actions',
      actions: true,
      cell: (inv) => (
        <>
          {resendable(inv) && (
            <button type="button" class="button button-small button-secondary" disabled={busy(inv)} onClick={() => resending.submit(inv)}>
              Resend<span class="visually-hidden"> invitation for {inv.email}</span>
            </button>
          )}{' '}
          {inv.status === 'pending' && (
            <button type="button" class="button button-small button-danger" disabled={busy(inv)} onClick={() => onRevoke(inv)}>
              Revoke<span class="visually-hidden"> {revokeName(inv)}</span>
            </button>
          )}
        </>
      ),
    },
  ];
  return (
    <section class="card" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <div role="status">
        {resent && (
          <div class="invite-link">
            <p>
              Sent again to <strong>{resent.invitation.email}</strong> with a new link; the old link no longer works.
            </p>
            <div class="field">
              <label for="resent-link">Link sent again</label>
              <input id="resent-link" type="text" readOnly value={resent.invite_url} onFocus={(e) => e.currentTarget.select()} />
            </div>
          </div>
        )}
      </div>
      <PagedTable
        list={list}
        noun="invitations"
        error={actionError || resending.error}
        empty={<p class="muted">No invitations yet.</p>}
        columns={columns}
      />
    </section>
  );
}
