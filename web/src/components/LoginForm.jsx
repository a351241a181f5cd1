// Email + password form used by the login screen and by "log in to accept"
// on the invitation screen. Shows the server's message (wrong password,
// too many attempts, ...) as it comes.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';

export function LoginForm({ initialEmail = '', submitLabel = 'Log in', onSignedIn }) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api.login(email.trim(), password);
      await onSignedIn(me);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <form class="form" onSubmit={submit} aria-busy={busy ? 'true' : undefined}>
      <ErrorText error={error} id="login-error" />
      <div class="field">
        <label for="login-email">Email</label>
        <input
          id="login-email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="login-password">Password</label>
        <input
          id="login-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </div>
      <button type="submit" class="button" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
