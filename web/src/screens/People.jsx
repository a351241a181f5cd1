// People (owner/admin/supervisor): the members of the current organization
// with their roles, the invite form, and the invitations sent.
// Owners and admins change roles and remove people here, each only after
// confirming it in a dialog; only an owner touches the owner role, and the
// last owner can be neither demoted nor removed (the API's 409 says so in
// the dialog). A removed person's access ends at once.
import { useState } from 'preact/hooks';

import * as api from '../api.js';
import { PageHeading } from '../components/PageHeading.jsx';
import { PagedTable } from '../components/PagedList.jsx';
import { ConfirmDialog } from '../components/ConfirmDialog.jsx';
import { InviteForm } from '../components/InviteForm.jsx';
import { InvitationList } from '../components/InvitationList.jsx';
import { useList } from '../components/useList.js';
import { useSubmit } from '../components/useSubmit.js';
import { roleLabel } from '../components/format.js';

// The roles `viewer` may choose for someone who is `target` now, or null
// when the viewer cannot change that person's role.
function roleChoices(viewer, target) {
  if (viewer === 'owner') return ['owner', 'admin', 'supervisor', 'texter'];
  if (viewer === 'admin' && target !== 'owner') return ['admin', 'supervisor', 'texter'];
  return null;
}

export function People({ org, me, refreshMe }) {
  const people = useList((cursor) => api.listPeople(org.org_id, cursor));
  const invitations = useList((cursor) => api.listInvitations(org.org_id, cursor));

  // The change waiting for confirmation: {person, role} (role null: removal).
  const [pending, setPending] = useState(null);
  const [done, setDone] = useState('');

  async function apply({ person, role }) {
    if (role) {
      const updated = await api.setRole(org.org_id, person.user_id, role);
      people.replace((p) => p.user_id === person.user_id, updated);
      setDone(`${person.name} is now ${roleLabel(role).toLowerCase()}.`);
    } else {
      await api.removePerson(org.org_id, person.user_id);
      await people.reload();
      setDone(`${person.name} was removed from ${org.org_name}; their access has ended.`);
    }
    setPending(null);
    // One's own role decides the navigation: pick it up.
    if (person.user_id === me.user.id) await refreshMe();
  }
  const change = useSubmit(apply, { again: true });

  function ask(person, role) {
    change.setError(null);
    setDone('');
    setPending({ person, role });
  }

  async function revokeInvitation(inv) {
    await api.revokeInvitation(org.org_id, inv.id);
    await invitations.reload();
  }
  const revoking = useSubmit(revokeInvitation, { again: true });

  const memberColumns = [
    {
      label: 'Name',
      wrap: true,
      cell: (p) => (
        <span>
          {p.name}
          {p.user_id === me.user.id && <span class="muted"> (you)</span>}
        </span>
      ),
    },
    { label: 'Email', wrap: true, cell: (p) => p.email },
    {
      label: 'Role',
      cell: (p) => {
        const choices = roleChoices(org.role, p.role);
        if (!choices) return roleLabel(p.role);
        const id = `role-${p.user_id}`;
        return (
          <>
            <label for={id} class="visually-hidden">
              Role of {p.name}
            </label>
            <select id={id} value={p.role} onChange={(e) => e.currentTarget.value !== p.role && ask(p, e.currentTarget.value)}>
              {choices.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </select>
          </>
        );
      },
    },
    {
      label: 'Actions',
      actions: true,
      cell: (p) =>
        roleChoices(org.role, p.role) && p.user_id !== me.user.id ? (
          <button type="button" class="button button-secondary button-small" aria-label={`Remove ${p.name}`} onClick={() => ask(p, null)}>
            Remove
          </button>
        ) : null,
    },
  ];

  const who = pending && pending.person;
  const self = who && who.user_id === me.user.id;

  return (
    <>
      <PageHeading title="People" />
      <p class="lead">Members of {org.org_name} and the invitations sent to join it.</p>

      <section class="card" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        {done && (
          <p class="notice" role="status">
            {done}
          </p>
        )}
        <PagedTable list={people} noun="members" columns={memberColumns} rowKey={(p) => p.user_id} />
      </section>

      <ConfirmDialog
        id="person-confirm"
        open={Boolean(pending)}
        title={
          pending && pending.role
            ? `Change the role of ${who.name}?`
            : `Remove ${who ? who.name : ''} from ${org.org_name}?`
        }
        confirmLabel={pending && pending.role ? `Make ${self ? 'me' : 'them'} ${roleLabel(pending.role).toLowerCase()}` : 'Remove'}
        busy={change.busy}
        error={change.error}
        onConfirm={() => change.submit(pending)}
        onCancel={() => setPending(null)}
      >
        {pending && pending.role ? (
          <p>
            {self ? 'You' : who.name} will go from {roleLabel(who.role).toLowerCase()} to {roleLabel(pending.role).toLowerCase()}
            {self ? ', which may take away pages you use now.' : '.'}
          </p>
        ) : (
          pending && (
            <p>
              {who.name} ({who.email}) will lose access to {org.org_name} and its campaigns at once. The messages they
              sent stay. They can come back only with a new invitation.
            </p>
          )
        )}
      </ConfirmDialog>

      <InviteForm org={org} onCreated={() => invitations.reload()} />

      <InvitationList
        org={org}
        list={invitations}
        onRevoke={revoking.submit}
        busyId={revoking.busyWith && revoking.busyWith.id}
        actionError={revoking.error}
      />
    </>
  );
}
