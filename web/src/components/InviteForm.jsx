// "Invite someone" on the People screen: email + role, then the invite
// link, which the API shows only this once, with a Copy link button. An
// invitation is for that address only. Owners and admins may instead make
// an open link, deliberately: no address, texters only, anyone who has it
// may join until it is revoked or expires.
import { useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { roleLabel } from './format.js';
import { useSubmit } from './useSubmit.js';

// Roles a member may invite: an owner any, an admin all but owner, a
// supervisor only texters.
function invitableRoles(role) {
  if (role === 'owner') return ['texter', 'supervisor', 'admin', 'owner'];
  if (role === 'admin') return ['texter', 'supervisor', 'admin'];
  return ['texter'];
}

export function InviteForm({ org, onCreated }) {
  const roles = invitableRoles(org.role);
  const mayOpen = org.role === 'owner' || org.role === 'admin';
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('texter');
  const [created, setCreated] = useState(null); // {invitation, invite_url}
  const [copyNote, setCopyNote] = useState('');
  const linkRef = useRef(null);

  async function invite() {
    setCopyNote('');
    const res = await api.createInvitation(org.org_id, email.trim(), role, { open });
    setCreated(res);
    if (!open) setEmail('');
    onCreated(res.invitation);
  }
  const { busy, error, submit } = useSubmit(invite, { again: true });

  async function copy() {
    const url = created.invite_url;
    try {
      await navigator.clipboard.writeText(url);
      setCopyNote('Link copied.');
      return;
    } catch {
      // No clipboard permission: fall back to selecting the text.
    }
    const input = linkRef.current;
    input.focus();
    input.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    setCopyNote(ok ? 'Link copied.' : 'The link is selected: copy it with Ctrl+C (⌘C on a Mac).');
  }

  const emailInvalid = error && error.field === 'email';
  return (
    <section class="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      {mayOpen && (
        <div class="radio-row" role="radiogroup" aria-label="Who may use it">
          <label class="radio">
            <input type="radio" name="invite-kind" value="email" checked={!open} onChange={() => setOpen(false)} /> One
            person, by address
          </label>
          <label class="radio">
            <input type="radio" name="invite-kind" value="open" checked={open} onChange={() => setOpen(true)} /> Open link:
            anyone who has it joins as a texter
          </label>
        </div>
      )}
      <form class="form form-inline" onSubmit={submit}>
        <ErrorText error={error} id="invite-error" />
        {!open && (
          <div class="field field-grow">
            <label for="invite-email">Email</label>
            <input
              id="invite-email"
              type="email"
              autoComplete="off"
              required
              value={email}
              aria-invalid={emailInvalid ? 'true' : undefined}
              aria-describedby={emailInvalid ? 'invite-error' : undefined}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </div>
        )}
        {!open && (
          <div class="field">
            <label for="invite-role">Role</label>
            <select id="invite-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </select>
          </div>
        )}
        {open && (
          <p class="hint field-grow">
            Anyone who has the link may join {org.org_name} as a texter until you revoke it or it expires (14 days). For
            anyone else, invite them by address.
          </p>
        )}
        <div class="field field-action">
          <button type="submit" class="button" disabled={busy}>
            {open ? 'Create open link' : 'Create invitation'}
          </button>
        </div>
      </form>
      {created && (
        <div class="invite-link">
          {created.invitation.kind === 'open' ? (
            <p>
              Open link created: anyone who has it may join as a texter. Share it where only your texters will see it; it
              is shown only now.
            </p>
          ) : (
            <p>
              Invitation created for <strong>{created.invitation.email}</strong> as {roleLabel(created.invitation.role)}.
              Only {created.invitation.email} can accept it. We have emailed them this link; you can also send it yourself.
              It is shown only now.
            </p>
          )}
          <div class="copy-row">
            <div class="field field-grow">
              <label for="invite-link">Invite link</label>
              <input id="invite-link" type="text" readOnly value={created.invite_url} ref={linkRef} onFocus={(e) => e.currentTarget.select()} />
            </div>
            <div class="field field-action">
              <button type="button" class="button button-secondary" onClick={copy}>
                Copy link
              </button>
            </div>
          </div>
          <p class="note" role="status">
            {copyNote}
          </p>
        </div>
      )}
    </section>
  );
}
