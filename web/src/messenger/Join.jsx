// A campaign invite link, /join#TOKEN (the token stays in the fragment: see
// useLinkToken). A disabled or unknown link shows one plain page that says
// nothing about any campaign. Otherwise: sign up (a texter of the
// organization), or log in, or (signed in) join; the first batch of
// conversations is requested at once and the messenger opens on it.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { navigate } from '../router.jsx';
import { PlainLayout } from '../components/PlainLayout.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { PlainFailed, PlainLoading } from '../components/PlainStatus.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { LoginForm } from '../components/LoginForm.jsx';
import { SignupForm } from '../components/SignupForm.jsx';
import { useLinkToken } from '../components/useLinkToken.js';
import { useSubmit } from '../components/useSubmit.js';

// Where a join leads: the new assignment, or the assignments page (with
// the reason) when no batch could be had.
function landing(result) {
  const j = result.join;
  return j && j.outcome === 'claimed' ? `/assignments/${j.campaign_id}` : '/assignments';
}

const notValid = (e) => e.status === 404 || e.code === 'validation_failed';

export function Join({ me, onMe, onSignedIn }) {
  const { token, found: link, failed, retry } = useLinkToken(api.lookupJoinLink, notValid);
  const [mode, setMode] = useState('signup'); // or 'login'

  function joined(result) {
    onSignedIn(result, link.org_name);
    // The token leaves the address bar with the page.
    navigate(landing(result), { replace: true });
  }

  if (failed) return <PlainFailed title="Could not open the link" error={failed} onRetry={retry} />;
  if (link === undefined || me === undefined) return <PlainLoading />;
  if (link === null) {
    return (
      <PlainLayout>
        <PageHeading title="This link is not valid" />
        <p>
          The link may be incomplete, or it has been turned off. Ask the person who sent it to you for a new one.
        </p>
      </PlainLayout>
    );
  }

  let body;
  if (me) body = <JoinPanel token={token} me={me} onJoined={joined} />;
  else if (mode === 'login') {
    body = (
      <section aria-labelledby="join-login-heading">
        <h2 id="join-login-heading">Log in to join</h2>
        <LoginForm
          submitLabel="Log in and join"
          onSignedIn={async (m) => {
            onMe(m);
            joined(await api.acceptJoinLink(token));
          }}
        />
        <p>
          New here?{' '}
          <button type="button" class="button button-secondary button-small" onClick={() => setMode('signup')}>
            Create an account
          </button>
        </p>
      </section>
    );
  } else {
    body = (
      <SignupForm
        idPrefix="join"
        onSubmit={async (f) => joined(await api.signupWithJoinLink(token, f.email, f.name, f.password))}
        onLogin={() => setMode('login')}
      />
    );
  }

  return (
    <PlainLayout>
      <PageHeading title={`Join ${link.campaign_name}`} />
      <p class="lead">You are invited to text for {link.org_name} on Launchline.</p>
      {link.campaign_description && <p>{link.campaign_description}</p>}
      {body}
    </PlainLayout>
  );
}

function JoinPanel({ token, me, onJoined }) {
  const { busy, error, submit } = useSubmit(async () => onJoined(await api.acceptJoinLink(token)));

  return (
    <section aria-labelledby="join-heading">
      <h2 id="join-heading">Join the campaign</h2>
      <p>
        You are logged in as {me.user.name} ({me.user.email}).
      </p>
      <ErrorText error={error} />
      <button type="button" class="button" disabled={busy} onClick={() => submit()}>
        Join and get conversations
      </button>
    </section>
  );
}
