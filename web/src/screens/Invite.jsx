// The invitation screen, /invite#TOKEN (the token stays in the fragment:
// see useLinkToken). Unknown, used, revoked or expired: one plain "not
// valid" page. An invitation is for its email address: signed in as that
// account -> Accept; signed in as another -> a clear refusal naming both
// addresses, with Log out to go on as the invited one; no account yet ->
// sign up (the address is the invitation's); account exists -> log in,
// then accept. An open link (texters) takes anyone: signed in -> Join;
// else sign up with one's own address, or log in. Every way ends in the
// app, in the inviting organization.
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

const sameAddress = (a, b) => Boolean(a && b) && a.toLowerCase() === b.toLowerCase();

export function Invite({ me, onMe, onSignedIn }) {
  const { token, found: invite, failed, retry } = useLinkToken(api.lookupInvitation, notValid);
  // Sign-up refused because the account exists after all, or the visitor
  // chose to: log in instead.
  const [mustLogin, setMustLogin] = useState(false);

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

  const open = invite.kind === 'open';
  const who = ARTICLE_ROLES[invite.role] || invite.role;

  async function signup({ email, name, password }) {
    try {
      onSignedIn(await api.signupWithInvitation(token, name, password, open ? email : undefined), invite.org_name);
    } catch (err) {
      // An open link's sign-up shows the conflict with "Log in instead".
      if (err.code !== 'conflict' || open) throw err;
      setMustLogin(true);
    }
  }

  async function loggedIn(m) {
    // Signed in from here on, whatever accepting answers.
    onMe(m);
    if (!open && !sameAddress(m.user.email, invite.email)) return; // the refusal shows
    onSignedIn(await api.acceptInvitation(token), invite.org_name);
  }

  let body;
  if (me && (open || sameAddress(me.user.email, invite.email))) {
    body = <AcceptPanel token={token} invite={invite} me={me} onSignedIn={onSignedIn} />;
  } else if (me) {
    body = <WrongAccount invite={invite} me={me} onMe={onMe} />;
  } else if (open && mustLogin) {
    body = (
      <section aria-labelledby="invite-login-heading">
        <h2 id="invite-login-heading">Log in to join</h2>
        <LoginForm submitLabel="Log in and join" onSignedIn={loggedIn} />
        <p>
          New here?{' '}
          <button type="button" class="button button-secondary button-small" onClick={() => setMustLogin(false)}>
            Create an account
          </button>
        </p>
      </section>
    );
  } else if (!open && (invite.account_exists || mustLogin)) {
    body = (
      <section aria-labelledby="invite-login-heading">
        <h2 id="invite-login-heading">Log in to accept</h2>
        <p>An account for {invite.email} already exists. Log in with it to join.</p>
        <LoginForm initialEmail={invite.email} submitLabel="Log in and accept" onSignedIn={loggedIn} />
      </section>
    );
  } else if (open) {
    body = <SignupForm idPrefix="invite" onSubmit={signup} onLogin={() => setMustLogin(true)} />;
  } else {
    body = <SignupForm idPrefix="invite" email={invite.email} onSubmit={signup} />;
  }

  return (
    <PlainLayout>
      <PageHeading title={`Join ${invite.org_name}`} />
      <p class="lead">
        {open
          ? `This is an open link: anyone who has it may join ${invite.org_name} on Launchline as ${who}.`
          : `You are invited to join ${invite.org_name} on Launchline as ${who}. The invitation is for ${invite.email}.`}
      </p>
      {body}
    </PlainLayout>
  );
}

function AcceptPanel({ token, invite, me, onSignedIn }) {
  const { busy, error, submit } = useSubmit(async () => onSignedIn(await api.acceptInvitation(token), invite.org_name));
  const open = invite.kind === 'open';

  return (
    <section aria-labelledby="accept-heading">
      <h2 id="accept-heading">{open ? 'Join' : 'Accept invitation'}</h2>
      <p>
        You are logged in as {me.user.name} ({me.user.email}).
        {open ? ' If you are already a member, you keep your role.' : ''}
      </p>
      <ErrorText error={error} />
      <button type="button" class="button" disabled={busy} onClick={() => submit()}>
        {open ? `Join ${invite.org_name}` : 'Accept invitation'}
      </button>
    </section>
  );
}

// Signed in as someone else than the invitation is for: said plainly, before
// anyone presses a button (the API refuses such an accept with the same
// words). Logging out leads on to the invited account.
function WrongAccount({ invite, me, onMe }) {
  const { busy, error, submit } = useSubmit(async () => {
    await api.logout();
    onMe(null);
  });

  return (
    <section aria-labelledby="wrong-account-heading">
      <h2 id="wrong-account-heading">This invitation is for another account</h2>
      <p class="notice">
        This invitation is for <strong>{invite.email}</strong>; you are signed in as <strong>{me.user.email}</strong>.
      </p>
      <p>
        To accept it, log out and continue as {invite.email}. If it was meant for you, ask the person who invited you
        for an invitation for {me.user.email}.
      </p>
      <ErrorText error={error} />
      <button type="button" class="button" disabled={busy} onClick={() => submit()}>
        Log out and continue as {invite.email}
      </button>
    </section>
  );
}
