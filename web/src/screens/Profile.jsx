// Profile (every role): who is signed in, their own settings (whether
// they get an email when a number they asked for, a dedicated number or a
// campaign's single-use number, is ready or could not be provisioned), and
// their password (the current one required), and where they are signed
// in, with sign-out of any session.
// Reached from the person's name in the banner.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { useSubmit } from '../components/useSubmit.js';
import { SessionList } from '../components/SessionList.jsx';
import { PasswordChangeForm } from '../components/PasswordChangeForm.jsx';

export function Profile({ me, refreshMe }) {
  const [emails, setEmails] = useState(me.provisioning_emails !== false);
  const [saved, setSaved] = useState('');
  const [sessionsShown, setSessionsShown] = useState(0); // reloads the list

  async function save() {
    setSaved('');
    const updated = await api.updateMe({ provisioning_emails: emails });
    setEmails(updated.provisioning_emails);
    setSaved(
      updated.provisioning_emails
        ? 'Saved. You will get an email when a number you asked for is ready or fails.'
        : 'Saved. You will not get provisioning emails.',
    );
    await refreshMe();
  }
  const { busy, error, submit } = useSubmit(save, { again: true });

  return (
    <>
      <PageHeading title="Profile" />
      <section class="card" aria-labelledby="profile-you">
        <h2 id="profile-you">You</h2>
        <dl class="facts">
          <div>
            <dt>Name</dt>
            <dd>{me.user.name}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{me.user.email}</dd>
          </div>
        </dl>
      </section>
      <section class="card" aria-labelledby="profile-emails-heading">
        <h2 id="profile-emails-heading">Emails</h2>
        <form class="form" onSubmit={submit}>
          <ErrorText error={error} />
          <div class="check">
            <input
              id="profile-emails"
              type="checkbox"
              checked={emails}
              aria-describedby="profile-emails-hint"
              onChange={(e) => setEmails(e.currentTarget.checked)}
            />
            <label for="profile-emails">Email me when a number I asked for is ready or could not be provisioned</label>
          </div>
          <p class="hint" id="profile-emails-hint">
            For the dedicated numbers you create and the campaigns you launch with a single-use number, sent to{' '}
            {me.user.email}.
          </p>
          <div>
            <button type="submit" class="button" disabled={busy}>
              Save
            </button>
          </div>
          {saved && (
            <p class="notice" role="status">
              {saved}
            </p>
          )}
        </form>
      </section>
      <PasswordChangeForm onChanged={() => setSessionsShown((n) => n + 1)} />
      <SessionList key={sessionsShown} refreshMe={refreshMe} />
    </>
  );
}
