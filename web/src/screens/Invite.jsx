// The invitation screen, /invite#TOKEN. The token sits in the fragment so
// it never reaches a server log; it goes to the API only in request bodies.
// Unknown, used, revoked or expired: one plain "not valid" page. Otherwise:
// signed in -> Accept; no account yet -> sign up; account exists -> log in,
// then accept. Every way ends in the app, in the inviting organization.

import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { PlainLayout } from '../components/PlainLayout.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { LoginForm } from '../components/LoginForm.jsx';

const ARTICLE_ROLES = { owner: 'an owner', admin: 'an admin', supervisor: 'a supervisor', texter: 'a texter' };

function readToken() {
  return location.hash.replace(/^#/, '').trim();
}

export function Invite({ me, onMe, onSignedIn }) {
  const [token] = useState(readToken);
  const [invite, setInvite] = useState(undefined); // undefined: loading; null: not valid
  const [lookupError, setLookupError] = useState(null);
  // Sign-up refused because the account exists after all: log in instead.
  const [mustLogin, setMustLogin] = useState(false);

  async function lookup() {
    setLookupError(null);
    if (!token) {
      setInvite(null);
      return;
    }
    try {
      setInvite(await api.lookupInvitation(token));
    } catch (e) {
      if (e.status === 404) setInvite(null);
      else setLookupError(e);
    }
  }

  useEffect(() => {
    lookup();
  }, []);

  if (lookupError) {
    return (
      <PlainLayout>
        <PageHeading title="Could not open the invitation" />
        <p role="alert">{lookupError.message}</p>
        <button type="button" class="button" onClick={lookup}>
          Try again
        </button>
      </PlainLayout>
    );
  }

  if (invite === undefined || me === undefined) {
    return (
      <PlainLayout>
        <p role="status">Loading…</p>
      </PlainLayout>
    );
  }

  if (invite === null) {
    return (
      <PlainLayout>
        <PageHeading title="This invitation is not valid" />
        <p>
          The link may be incomplete, or the invitation may have expired, been revoked or already been used. Ask the
          person who invited you for a new link.
        </p>
      </PlainLayout>
    );
  }

  const who = ARTICLE_ROLES[invite.role] || invite.role;
  let body;
  if (me) {
    body = <AcceptPanel token={token} invite={invite} me={me} onSignedIn={onSignedIn} />;
  } else if (invite.account_exists || mustLogin) {
    body = (
      <section aria-labelledby="invite-login-heading">
        <h2 id="invite-login-heading">Log in to accept</h2>
        <p>An account for {invite.email} already exists. Log in with it to join.</p>
        <LoginForm
          initialEmail={invite.email}
          submitLabel="Log in and accept"
          onSignedIn={async (m) => {
            // Signed in from here on, whatever accepting answers.
            onMe(m);
            const after = await api.acceptInvitation(token);
            onSignedIn(after, invite.org_name);
          }}
        />
      </section>
    );
  } else {
    body = <SignupForm token={token} invite={invite} onSignedIn={onSignedIn} onExists={() => setMustLogin(true)} />;
  }

  return (
    <PlainLayout>
      <PageHeading title={`Join ${invite.org_name}`} />
      <p class="lead">
        You are invited to join {invite.org_name} on Launchline as {who}.
      </p>
      {body}
    </PlainLayout>
  );
}

function AcceptPanel({ token, invite, me, onSignedIn }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function accept() {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.acceptInvitation(token), invite.org_name);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="accept-heading">
      <h2 id="accept-heading">Accept invitation</h2>
      <p>
        You are logged in as {me.user.name} ({me.user.email}). The invitation was sent to {invite.email}.
      </p>
      <ErrorText error={error} />
      <button type="button" class="button" disabled={busy} onClick={accept}>
        Accept invitation
      </button>
    </section>
  );
}

function SignupForm({ token, invite, onSignedIn, onExists }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.signupWithInvitation(token, name.trim(), password), invite.org_name);
    } catch (err) {
      setBusy(false);
      if (err.code === 'conflict') onExists();
      else setError(err);
    }
  }

  const bad = (field) => (error && error.field === field ? { 'aria-invalid': 'true', 'aria-describedby': 'signup-error' } : {});
  return (
    <section aria-labelledby="signup-heading">
      <h2 id="signup-heading">Create your account</h2>
      <form class="form" onSubmit={submit}>
        <ErrorText error={error} id="signup-error" />
        <div class="field">
          <label for="signup-email">Email</label>
          <input id="signup-email" type="email" value={invite.email} readOnly autoComplete="username" />
        </div>
        <div class="field">
          <label for="signup-name">Your name</label>
          <input
            id="signup-name"
            type="text"
            autoComplete="name"
            required
            maxLength={100}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            {...bad('name')}
          />
        </div>
        <div class="field">
          <label for="signup-password">Password</label>
          <input
            id="signup-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            maxLength={256}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            {...bad('password')}
            aria-describedby={error && error.field === 'password' ? 'signup-error signup-password-hint' : 'signup-password-hint'}
          />
          <p class="hint" id="signup-password-hint">
            At least 8 characters.
          </p>
        </div>
        <button type="submit" class="button" disabled={busy}>
          Create account and join
        </button>
      </form>
    </section>
  );
}
