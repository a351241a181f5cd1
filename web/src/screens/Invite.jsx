// The invitation screen, /invite#TOKEN (the token stays in the fragment:
// see useLinkToken). Unknown, used, revoked or expired: one plain "not
// valid" page. Otherwise: signed in -> Accept; no account yet -> sign up;
// account exists -> log in, then accept. Every way ends in the app, in the
// inviting organization.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { PlainLayout } from '../components/PlainLayout.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { PlainFailed, PlainLoading } from '../components/PlainStatus.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { LoginForm } from '../components/LoginForm.jsx';
import { SignupForm } from '../components/SignupForm.jsx';
import { useLinkToken } from '../components/useLinkToken.js';
import { useSubmit } from '../components/useSubmit.js';

const ARTICLE_ROLES = { owner: 'an owner', admin: 'an admin', supervisor: 'a supervisor', texter: 'a texter' };

const notValid = (e) => e.status === 404;

export function Invite({ me, onMe, onSignedIn }) {
  const { token, found: invite, failed, retry } = useLinkToken(api.lookupInvitation, notValid);
  // Sign-up refused because the account exists after all: log in instead.
  const [mustLogin, setMustLogin] = useState(false);

  async function signup({ name, password }) {
    try {
      onSignedIn(await api.signupWithInvitation(token, name, password), invite.org_name);
    } catch (err) {
      if (err.code !== 'conflict') throw err;
      setMustLogin(true);
    }
  }

  if (failed) return <PlainFailed title="Could not open the invitation" error={failed} onRetry={retry} />;
  if (invite === undefined || me === undefined) return <PlainLoading />;
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
    body = <SignupForm idPrefix="invite" email={invite.email} onSubmit={signup} />;
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
  const { busy, error, submit } = useSubmit(async () => onSignedIn(await api.acceptInvitation(token), invite.org_name));

  return (
    <section aria-labelledby="accept-heading">
      <h2 id="accept-heading">Accept invitation</h2>
      <p>
        You are logged in as {me.user.name} ({me.user.email}). The invitation was sent to {invite.email}.
      </p>
      <ErrorText error={error} />
      <button type="button" class="button" disabled={busy} onClick={() => submit()}>
        Accept invitation
      </button>
    </section>
  );
}
