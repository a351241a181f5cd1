// People (owner/admin/supervisor): the members of the current organization
// with their roles, the invite form, and the invitations sent.
// Owners and admins change roles here; only an owner touches the owner role.

import * as api from '../api.js';
import { PageHeading } from '../components/PageHeading.jsx';
import { PagedTable } from '../components/PagedList.jsx';
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

  async function setRole(person, role) {
    try {
      const updated = await api.setRole(org.org_id, person.user_id, role);
      people.replace((p) => p.user_id === person.user_id, updated);
      // One's own role decides the navigation: pick it up.
      if (person.user_id === me.user.id) await refreshMe();
    } catch (e) {
      // The select goes back to the role the person still has.
      throw new Error(`Could not change the role of ${person.name}: ${e.message}`);
    }
  }
  const roleChange = useSubmit(setRole, { again: true });
  const roleBusy = roleChange.busyWith && roleChange.busyWith.user_id; // whose role is being changed

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
            <select id={id} value={p.role} disabled={roleBusy === p.user_id} onChange={(e) => roleChange.submit(p, e.currentTarget.value)}>
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
  ];

  return (
    <>
      <PageHeading title="People" />
      <p class="lead">Members of {org.org_name} and the invitations sent to join it.</p>

      <section class="card" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <PagedTable list={people} noun="members" error={roleChange.error} columns={memberColumns} rowKey={(p) => p.user_id} />
      </section>

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
