// "Forgot password?" (/forgot-password), signed out: an email address, and
// the API's answer, which reads the same whether or not an account uses
// it. The email's link leads to /reset-password.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link } from '../router.jsx';
import { PlainLayout } from '../components/PlainLayout.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { EmailField } from '../components/AccountFields.jsx';
import { FieldError, formError } from '../components/FieldError.jsx';
import { useSubmit } from '../components/useSubmit.js';

export function ForgotPassword() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState('');
  const { busy, error, submit } = useSubmit(
    async () => {
      const r = await api.requestPasswordReset(email.trim());
      setSent(r.message);
    },
    { again: true },
  );

  return (
    <PlainLayout>
      <PageHeading title="Forgot your password?" />
      <p class="lead">Give the email address you sign in with. We will email you a link to set a new password.</p>
      <form class="form" onSubmit={submit} aria-busy={busy ? 'true' : undefined}>
        <ErrorText error={formError(error, ['email'])} id="forgot-error" />
        <EmailField id="forgot-email" value={email} onValue={setEmail} error={error} errorId="forgot-email-error" />
        <FieldError error={error} field="email" id="forgot-email-error" />
        <button type="submit" class="button" disabled={busy}>
          Email me a link
        </button>
      </form>
      <p class="note" role="status">
        {sent}
      </p>
      <p>
        <Link href="/login">Back to log in</Link>
      </p>
    </PlainLayout>
  );
}
