// The invitations of an organization (pending first, newest first), with
// Revoke for pending ones. Each says whom it is for: one address, or
// anyone with the link (an open link for texters, with how many joined).
import { formatDate, roleLabel } from './format.js';
import { ErrorText } from './ErrorText.jsx';

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
  const { items, error, loading, hasMore, loadMore } = list;
  return (
    <section class="card" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <ErrorText error={error || actionError} />
      {items === null ? (
        loading && <p role="status">Loading invitations…</p>
      ) : items.length === 0 ? (
        <p class="muted">No invitations yet.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">For</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Invited by</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((inv) => (
              <tr key={inv.id}>
                <td data-label="For" class="wrap">
                  {forWhom(inv)}
                </td>
                <td data-label="Role">{roleLabel(inv.role)}</td>
                <td data-label="Status">
                  <span class={`tag tag-${inv.status}`}>{STATUS_LABELS[inv.status] || inv.status}</span>
                </td>
                <td data-label="Invited by">{inv.invited_by_name}</td>
                <td data-label="Expires">{formatDate(inv.expires_at)}</td>
                <td class="actions">
                  {inv.status === 'pending' && (
                    <button type="button" class="button button-small button-danger" disabled={busyId === inv.id} onClick={() => onRevoke(inv)}>
                      Revoke<span class="visually-hidden"> {revokeName(inv)}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasMore && (
        <button type="button" class="button button-secondary" disabled={loading} onClick={loadMore}>
          Show more invitations
        </button>
      )}
    </section>
  );
}
