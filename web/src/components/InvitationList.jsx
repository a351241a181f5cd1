// The invitations of an organization (pending first, newest first), with
// Revoke for pending ones. Each says whom it is for: one address, or
// anyone with the link (an open link for texters, with how many joined).
import { formatDate, roleLabel } from './format.js';
import { PagedTable } from './PagedList.jsx';

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

export function InvitationList({ list, onRevoke, busyId, actionError }) {
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
      cell: (inv) =>
        inv.status === 'pending' && (
          <button type="button" class="button button-small button-danger" disabled={busyId === inv.id} onClick={() => onRevoke(inv)}>
            Revoke<span class="visually-hidden"> {revokeName(inv)}</span>
          </button>
        ),
    },
  ];
  return (
    <section class="card" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <PagedTable
        list={list}
        noun="invitations"
        error={actionError}
        empty={<p class="muted">No invitations yet.</p>}
        columns={columns}
      />
    </section>
  );
}
