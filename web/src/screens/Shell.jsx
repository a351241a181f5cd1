// The signed-in frame: banner with the product name, the organization
// switcher (only with more than one membership), the user and Log out; the
// main navigation for the current role; for organizers, the incident-mode
// banner while provisioning-based launching is off; and the screen in
// <main>.

import { useEffect, useRef } from 'preact/hooks';
import { Link } from '../router.jsx';
import { routesFor } from '../routes.js';
import { roleLabel } from '../components/format.js';
import { IncidentBanner } from '../components/IncidentBanner.jsx';
import { preloadPages } from '../lazyPage.jsx';

// The link of the page shown is the current page; the link of the list a
// detail page belongs to (Phone Numbers for /numbers/7) is current too.
function navCurrent(path, linkPath) {
  if (path === linkPath) return 'page';
  if (path.startsWith(`${linkPath}/`)) return 'true';
  return undefined;
}

export function Shell({ me, org, path, onSwitchOrg, onLogout, children }) {
  const mainRef = useRef(null);
  const firstPath = useRef(path);

  // Signed in: the other screens' chunks load in the background, once
  // this one is in and the browser is idle.
  useEffect(preloadPages, []);

  // After moving to another screen, put focus on its heading so keyboard
  // and screen-reader users start there (not on the first load).
  // A screen whose chunk is still coming (the preloading had not reached
  // it) gets the focus when its heading appears, unless the person has
  // moved into it meanwhile.
  useEffect(() => {
    if (path === firstPath.current) return undefined;
    firstPath.current = null;
    const main = mainRef.current;
    if (!main) return undefined;
    const h1 = main.querySelector('h1');
    if (h1) {
      h1.focus();
      return undefined;
    }
    const seen = new MutationObserver(() => {
      const h = main.querySelector('h1');
      if (!h) return;
      seen.disconnect();
      if (!main.contains(document.activeElement)) h.focus();
    });
    seen.observe(main, { childList: true, subtree: true });
    return () => seen.disconnect();
  }, [path]);

  function skipToMain(e) {
    e.preventDefault();
    mainRef.current.focus();
  }

  const nav = org ? routesFor(org.role) : [];
  return (
    <>
      <a href="#main" class="skip-link" onClick={skipToMain}>
        Skip to main content
      </a>
      <header class="site-header">
        <div class="bar">
          <Link href="/" class="brand">
            Launchline
          </Link>
          <div class="account">
            {me.memberships.length > 1 ? (
              <div class="org-switch">
                <label for="org-select">Organization</label>
                <select id="org-select" value={String(org.org_id)} onChange={(e) => {
                    // Kept when the person chose to stay with unsaved changes.
                    const select = e.currentTarget;
                    if (!onSwitchOrg(Number(select.value))) select.value = String(org.org_id);
                  }}>
                  {me.memberships.map((m) => (
                    <option key={m.org_id} value={String(m.org_id)}>
                      {m.org_name}
                    </option>
                  ))}
                </select>
              </div>
            ) : (
              org && <span class="org-name">{org.org_name}</span>
            )}
            <span class="user">
              <Link href="/profile" class="user-name" aria-current={path === '/profile' ? 'page' : undefined}>
                {me.user.name}
              </Link>
              {org && <span class="role-tag">{roleLabel(org.role)}</span>}
            </span>
          </div>
          <button type="button" class="button button-on-dark logout" onClick={onLogout}>
            Log out
          </button>
        </div>
        {nav.length > 0 && (
          <nav aria-label="Main" class="main-nav">
            <ul>
              {nav.map((r) => (
                <li key={r.path}>
                  <Link href={r.path} aria-current={navCurrent(path, r.path)}>
                    {r.title}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      {org && org.role !== 'texter' && <IncidentBanner />}
      <main id="main" class="main" ref={mainRef} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
