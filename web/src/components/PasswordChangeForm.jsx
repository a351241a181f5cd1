// "Change password" in Profile: the current password and a new one. A
// wrong current password is named under its field; on success the other
// sessions have ended and this one stays.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { PasswordField } from './AccountFields.jsx';
import { FieldError, formError } from './FieldError.jsx';
import { useSubmit } from './useSubmit.js';

export function PasswordChangeForm({ onChanged }) {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, submit } = useSubmit(
    async () => {
      setNote('');
      const r = await api.changePassword(current, password);
      setCurrent('');
      setPassword('');
      setNote(
        r.ended === 0
          ? 'Your password is changed.'
          : `Your password is changed. ${r.ended === 1 ? 'One other session was' : `${r.ended} other sessions were`} signed out.`,
      );
      if (onChanged) onChanged();
    },
    { again: true },
  );

  return (
    <section class="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <form class="form" onSubmit={submit} aria-busy={busy ? 'true' : undefined}>
        <ErrorText error={formError(error, ['current_password', 'password'])} />
        <PasswordField
          id="password-current"
          label="Current password"
          field="current_password"
          value={current}
          onValue={setCurrent}
          error={error}
          errorId="password-current-error"
        />
        <FieldError error={error} field="current_password" id="password-current-error" />
        <PasswordField id="password-new" label="New password" isNew value={password} onValue={setPassword} error={error} errorId="password-new-error" />
        <FieldError error={error} field="password" id="password-new-error" />
        <p class="hint">Changing it signs out every other device; this one stays signed in.</p>
        <div>
          <button type="submit" class="button" disabled={busy}>
            Change password
          </button>
        </div>
        <p class="note" role="status">
          {note}
        </p>
      </form>
    </section>
  );
}
