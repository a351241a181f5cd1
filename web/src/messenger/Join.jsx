// A campaign invite link, /join#TOKEN. The token sits in the URL fragment,
// which browsers never send, so it reaches no server log; the API gets it
// in request bodies only. A disabled or unknown link shows one plain page
// that says nothing about any campaign. Otherwise: sign up (a texter of
// the organization), or log in, or (signed in) join; the first batch of
// conversations is requested at once and the messenger opens on it.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { navigate } from '../router.jsx';
import { PlainLayout } from '../components/PlainLayout.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { LoginForm } from '../components/LoginForm.jsx';

function readToken() {
  return location.hash.replace(/^#/, '').trim();
}

// Where a join leads: the new assignment, or the assignments page (with
// the reason) when no batch could be had.
function landing(result) {
  const j = result.join;
  return j && j.outcome === 'claimed' ? `/assignments/${j.campaign_id}` : '/assignments';
}

export function Join({ me, onMe, onSignedIn }) {
  const [token] = useState(readToken);
  const [link, setLink] = useState(undefined); // undefined: loading; null: not valid
  const [lookupError, setLookupError] = useState(null);
  const [mode, setMode] = useState('signup'); // or 'login'

  async function lookup() {
    setLookupError(null);
    if (!token) {
      setLink(null);
      return;
    }
    try {
      setLink(await api.lookupJoinLink(token));
    } catch (e) {
      if (e.status === 404 || e.code === 'validation_failed') setLink(null);
      else setLookupError(e);
    }
  }

  useEffect(() => {
    lookup();
  }, []);

  function joined(result) {
    onSignedIn(result, link.org_name);
    // The token leaves the address bar with the page.
    navigate(landing(result), { replace: true });
  }

  if (lookupError) {
    return (
      <PlainLayout>
        <PageHeading title="Could not open the link" />
        <p role="alert">{lookupError.message}</p>
        <button type="button" class="button" onClick={lookup}>
          Try again
        </button>
      </PlainLayout>
    );
  }
  if (link === undefined || me === undefined) {
    return (
      <PlainLayout>
        <p role="status">Loading…</p>
      </PlainLayout>
    );
  }
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
  } else body = <SignupForm token={token} onJoined={joined} onLogin={() => setMode('login')} />;

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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  async function join() {
    setBusy(true);
    setError(null);
    try {
      onJoined(await api.acceptJoinLink(token));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="join-heading">
      <h2 id="join-heading">Join the campaign</h2>
      <p>
        You are logged in as {me.user.name} ({me.user.email}).
      </p>
      <ErrorText error={error} />
      <button type="button" class="button" disabled={busy} onClick={join}>
        Join and get conversations
      </button>
    </section>
  );
}

function SignupForm({ token, onJoined, onLogin }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onJoined(await api.signupWithJoinLink(token, email.trim(), name.trim(), password));
    } catch (err) {
      setBusy(false);
      setError(err);
    }
  }

  const bad = (field) => (error && error.field === field ? { 'aria-invalid': 'true', 'aria-describedby': 'join-error' } : {});
  return (
    <section aria-labelledby="join-signup-heading">
      <h2 id="join-signup-heading">Create your account</h2>
      <form class="form" onSubmit={submit}>
        <ErrorText error={error} id="join-error" />
        {error && error.code === 'conflict' && (
          <p>
            <button type="button" class="button button-secondary button-small" onClick={onLogin}>
              Log in instead
            </button>
          </p>
        )}
        <div class="field">
          <label for="join-email">Email</label>
          <input
            id="join-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            {...bad('email')}
          />
        </div>
        <div class="field">
          <label for="join-name">Your name</label>
          <input
            id="join-name"
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
          <label for="join-password">Password</label>
          <input
            id="join-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            maxLength={256}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            {...bad('password')}
            aria-describedby={error && error.field === 'password' ? 'join-error join-password-hint' : 'join-password-hint'}
          />
          <p class="hint" id="join-password-hint">
            At least 8 characters.
          </p>
        </div>
        <button type="submit" class="button" disabled={busy}>
          Create account and join
        </button>
        <p>
          Have an account?{' '}
          <button type="button" class="button button-secondary button-small" onClick={onLogin}>
            Log in
          </button>
        </p>
      </form>
    </section>
  );
}
