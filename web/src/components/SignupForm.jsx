// "Create your account": the sign-up form of the invitation screen and of a
// campaign invite link. `email` given (the invitation names it) shows it
// read-only; otherwise it is typed. `onSubmit({ email, name, password })`
// makes the account and joins. `onLogin`, when given, offers logging in
// instead: under the form, and with the message when the email is taken.
import { useState } from 'preact/hooks';
import { ErrorText } from './ErrorText.jsx';
import { EmailField, NameField, PasswordField } from './AccountFields.jsx';
import { useSubmit } from './useSubmit.js';

export function SignupForm({ idPrefix, email: fixedEmail, onSubmit, onLogin }) {
  const [email, setEmail] = useState(fixedEmail || '');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(() => onSubmit({ email: email.trim(), name: name.trim(), password }));
  const errorId = `${idPrefix}-error`;
  const shown = { error, errorId };

  return (
    <section aria-labelledby={`${idPrefix}-signup-heading`}>
      <h2 id={`${idPrefix}-signup-heading`}>Create your account</h2>
      <form class="form" onSubmit={submit}>
        <ErrorText error={error} id={errorId} />
        {onLogin && error && error.code === 'conflict' && (
          <p>
            <button type="button" class="button button-secondary button-small" onClick={onLogin}>
              Log in instead
            </button>
          </p>
        )}
        <EmailField id={`${idPrefix}-email`} readOnly={Boolean(fixedEmail)} value={email} onValue={setEmail} {...shown} />
        <NameField id={`${idPrefix}-name`} value={name} onValue={setName} {...shown} />
        <PasswordField id={`${idPrefix}-password`} isNew value={password} onValue={setPassword} {...shown} />
        <button type="submit" class="button" disabled={busy}>
          Create account and join
        </button>
        {onLogin && (
          <p>
            Have an account?{' '}
            <button type="button" class="button button-secondary button-small" onClick={onLogin}>
              Log in
            </button>
          </p>
        )}
      </form>
    </section>
  );
}
