// The top of the SPA: who is signed in (GET /me), which organization is
// current (remembered in localStorage), and which screen the path shows.
// Signed-out visitors get the login screen; /invite works either way.
//
// Every signed-in address names its organization (?org=<id>): a link from
// an email, or an address copied from the bar, opens the page in that
// organization on any device (switching to it), or says plainly that the
// account is not a member of it, instead of showing "not found".

import { useEffect, useState } from 'preact/hooks';
import * as api from './api.js';
import { Link, confirmLeave, navigate, usePath } from './router.jsx';
import { findRoute, homeFor } from './routes.js';
import { Shell } from './screens/Shell.jsx';
import { Login } from './screens/Login.jsx';
import { Invite } from './screens/Invite.jsx';
import { Join } from './messenger/Join.jsx';
import { ForgotPassword } from './screens/ForgotPassword.jsx';
import { ResetPassword } from './screens/ResetPassword.jsx';
import { NotFound } from './screens/NotFound.jsx';
import { PlainFailed, PlainLoading } from './components/PlainStatus.jsx';
import { PageHeading } from './components/PageHeading.jsx';

const ORG_KEY = 'launchline.org';

function storedOrg() {
  try {
    const v = Number(localStorage.getItem(ORG_KEY));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

function storeOrg(id) {
  try {
    localStorage.setItem(ORG_KEY, String(id));
  } catch {
    // Private mode without storage: the choice lasts until reload.
  }
}

// The organization an address names (?org=<id>), or null.
function linkedOrg() {
  const v = Number(new URLSearchParams(location.search).get('org'));
  return Number.isInteger(v) && v > 0 ? v : null;
}

// The current address with ?org=<id> (replacing any other), kept out of
// the history.
function nameOrgInAddress(id) {
  const url = new URL(location.href);
  if (url.searchParams.get('org') === String(id)) return;
  url.searchParams.set('org', String(id));
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

// Only same-site paths are followed after sign-in.
function safeNext(value) {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

function Redirect({ to }) {
  useEffect(() => {
    navigate(to, { replace: true, force: true });
  }, [to]);
  return null;
}

export function App() {
  const path = usePath();
  const [me, setMe] = useState(undefined); // undefined: loading; null: signed out
  const [loadError, setLoadError] = useState(null);
  const [orgId, setOrgId] = useState(storedOrg);

  function load() {
    setLoadError(null);
    api.me().then(setMe, setLoadError);
  }

  useEffect(() => {
    api.setUnauthenticatedHandler(() => setMe(null));
    load();
  }, []);

  // Asks first when the screen has unsaved changes; false when refused.
  function chooseOrg(id, memberships = me && me.memberships, { ask = true } = {}) {
    if (ask && !confirmLeave()) return false;
    storeOrg(id);
    setOrgId(id);
    nameOrgInAddress(id);
    // Stay on the same screen if the new role may see it; else go to the
    // role's home now, in the same render, so the shell keeps focus.
    // A page about one thing of the old organization (a number) leads back
    // to its list.
    const m = memberships && memberships.find((x) => x.org_id === id);
    const route = findRoute(location.pathname);
    if (m && route && !route.roles.includes(m.role)) navigate(homeFor(m.role), { replace: true, force: true });
    else if (route && route.parent) navigate(route.parent, { replace: true, force: true });
    return true;
  }

  // After login, sign-up or accepting an invitation: orgName (when given)
  // becomes the current organization.
  function signedIn(newMe, orgName) {
    const m = orgName && newMe.memberships.find((x) => x.org_name === orgName);
    if (m) chooseOrg(m.org_id, newMe.memberships, { ask: false });
    setMe(newMe);
    const next = new URLSearchParams(location.search).get('next');
    navigate(path === '/login' ? safeNext(next) : '/', { replace: true, force: true });
  }

  async function logout() {
    if (!confirmLeave()) return;
    try {
      await api.logout();
    } catch {
      // The session is dropped locally either way.
    }
    navigate('/login', { force: true });
    setMe(null);
  }

  async function refreshMe() {
    const m = await api.me();
    setMe(m);
  }

  // The organization of this address: the one it names when the account is
  // a member of it (it becomes the current one), else the current one.
  const linked = linkedOrg();
  const memberships = me ? me.memberships : [];
  const linkedMembership = linked && memberships.find((m) => m.org_id === linked);
  const current = linkedMembership || memberships.find((m) => m.org_id === orgId) || memberships[0] || null;
  const signedInPage = me && !['/login', '/invite', '/join', '/forgot-password', '/reset-password'].includes(path);
  useEffect(() => {
    if (!signedInPage || !current || (linked && !linkedMembership)) return;
    if (current.org_id !== orgId) {
      storeOrg(current.org_id);
      setOrgId(current.org_id);
    }
    if (path !== '/') nameOrgInAddress(current.org_id);
  });

  if (loadError) return <PlainFailed title="Launchline is unavailable" error={loadError} onRetry={load} />;

  // The invitation screen works signed in or out.
  if (path === '/invite') return <Invite me={me} onMe={setMe} onSignedIn={signedIn} />;
  if (path === '/join') return <Join me={me} onMe={setMe} onSignedIn={signedIn} />;
  // Passwords forgotten: signed in or out (a reset signs everyone out).
  if (path === '/forgot-password') return <ForgotPassword />;
  if (path === '/reset-password') return <ResetPassword onDone={() => setMe(null)} />;

  if (me === undefined) return <PlainLoading />;

  if (me === null) {
    if (path !== '/login') {
      const here = path + location.search;
      return <Redirect to={path === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} />;
    }
    return <Login onSignedIn={signedIn} />;
  }

  if (path === '/login') {
    return <Redirect to={safeNext(new URLSearchParams(location.search).get('next'))} />;
  }

  const org = current;
  const shell = (page) => (
    <Shell me={me} org={org} path={path} onSwitchOrg={chooseOrg} onLogout={logout}>
      {page}
    </Shell>
  );

  if (!org) {
    return shell(
      <>
        <PageHeading title="No organization yet" />
        <p>
          Your account is not part of any organization. Ask an administrator to invite you, then open the link
          they send.
        </p>
      </>,
    );
  }

  if (linked && !linkedMembership) {
    return shell(
      <>
        <PageHeading title="Not in your organizations" />
        <p>
          This link is for an organization that {me.email} is not a member of. Ask one of its administrators for an
          invitation, or log out and sign in with the account the link was meant for.
        </p>
        <p>
          <Link class="button button-secondary" href={homeFor(org.role)}>
            Go to {org.org_name}
          </Link>
        </p>
      </>,
    );
  }

  if (path === '/') return <Redirect to={homeFor(org.role)} />;

  const route = findRoute(path);
  if (!route) return shell(<NotFound home={homeFor(org.role)} />);
  // A page the current role may not open (e.g. after switching
  // organization) leads to that role's home.
  if (!route.roles.includes(org.role)) return <Redirect to={homeFor(org.role)} />;
  const Page = route.page;
  return shell(<Page key={`${org.org_id} ${path}`} org={org} me={me} refreshMe={refreshMe} params={route.params} />);
}
