// Email + password form used by the login screen, by "log in to accept" on
// the invitation screen and by "log in to join" on a campaign invite link.
// Shows the server's message (wrong password, too many attempts, ...) as it
// comes.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { EmailField, PasswordField } from './AccountFields.jsx';
import { useSubmit } from './useSubmit.js';

export function LoginForm({ initialEmail = '', submitLabel = 'Log in', onSignedIn }) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(async () => onSignedIn(await api.login(email.trim(), password)));

  return (
    <form class="form" onSubmit={submit} aria-busy={busy ? 'true' : undefined}>
      <ErrorText error={error} id="login-error" />
      <EmailField id="login-email" value={email} onValue={setEmail} />
      <PasswordField id="login-password" value={password} onValue={setPassword} />
      <button type="submit" class="button" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
