// Setting a new password from the emailed link (/reset-password?token=...),
// signed in or out. The token is taken from the address once and the
// address is replaced at once, so it stays out of the history and of any
// Referer. On success every session of the account has ended: the person
// logs in with the new password.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link, navigate } from '../router.jsx';
import { PlainLayout } from '../components/PlainLayout.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { PasswordField } from '../components/AccountFields.jsx';
import { FieldError, formError } from '../components/FieldError.jsx';
import { useSubmit } from '../components/useSubmit.js';

function takeToken() {
  const token = new URLSearchParams(location.search).get('token') || '';
  if (token) history.replaceState(null, '', '/reset-password');
  return token;
}

export function ResetPassword({ onDone }) {
  const [token] = useState(takeToken);
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, submit } = useSubmit(async () => {
    await api.completePasswordReset(token, password);
    setDone(true);
    if (onDone) onDone();
  });

  if (!token) {
    return (
      <PlainLayout>
        <PageHeading title="Set a new password" />
        <p>This page needs the link from the password reset email. Open the link from the email again, or ask for a new one.</p>
        <p>
          <Link class="button" href="/forgot-password">
            Email me a new link
          </Link>
        </p>
      </PlainLayout>
    );
  }

  if (done) {
    return (
      <PlainLayout>
        <PageHeading title="Your password is set" />
        <p class="notice" role="status">
          Your new password is set, and every device signed in to your account has been signed out. Log in with the new
          password.
        </p>
        <p>
          <button type="button" class="button" onClick={() => navigate('/login', { replace: true })}>
            Log in
          </button>
        </p>
      </PlainLayout>
    );
  }

  const dead = error && error.field === 'token';
  return (
    <PlainLayout>
      <PageHeading title="Set a new password" />
      <p class="lead">Choose a new password for your Launchline account. Setting it signs your account out everywhere.</p>
      <form class="form" onSubmit={submit} aria-busy={busy ? 'true' : undefined}>
        <ErrorText error={formError(error, ['password'])} id="reset-error" />
        {dead && (
          <p>
            <Link href="/forgot-password">Email me a new link</Link>
          </p>
        )}
        <PasswordField id="reset-password" label="New password" isNew value={password} onValue={setPassword} error={error} errorId="reset-password-error" />
        <FieldError error={error} field="password" id="reset-password-error" />
        <button type="submit" class="button" disabled={busy}>
          Set the new password
        </button>
      </form>
    </PlainLayout>
  );
}
