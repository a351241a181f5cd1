// The login screen (/login).
import { PlainLayout } from '../components/PlainLayout.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { LoginForm } from '../components/LoginForm.jsx';
import { Link } from '../router.jsx';

export function Login({ onSignedIn }) {
  return (
    <PlainLayout>
      <PageHeading title="Log in" />
      <p class="lead">Sign in to Launchline with your email and password.</p>
      <LoginForm onSignedIn={(me) => onSignedIn(me)} />
      <p>
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
    </PlainLayout>
  );
}
