// A small history-based router: the current path as a hook, navigate() to
// change it, <Link> for in-app anchors, and useLeaveGuard() for a screen
// with unsaved changes (a confirm before leaving it, in the app or the
// browser). nginx serves index.html for every client route, so any path
// may be loaded directly.

import { useEffect, useRef, useState } from 'preact/hooks';

const listeners = new Set();
const guards = new Set(); // () => message while leaving would lose work, else null
let shownPath = location.pathname + location.search;

function notify() {
  shownPath = location.pathname + location.search;
  for (const fn of listeners) fn(location.pathname);
}

// The first guard's message, or null when nothing would be lost.
function leaveMessage() {
  for (const g of guards) {
    const m = g();
    if (m) return m;
  }
  return null;
}

// True when the screen may be left: nothing unsaved, or the person
// confirms losing it.
export function confirmLeave() {
  const m = leaveMessage();
  return !m || window.confirm(m);
}

// Back and Forward have already moved when popstate comes: a refusal puts
// the address of the screen still shown back.
window.addEventListener('popstate', () => {
  const here = location.pathname + location.search;
  if (here !== shownPath && !confirmLeave()) {
    history.pushState(null, '', shownPath);
    return;
  }
  notify();
});

// Closing the tab, reloading, or following an outside link.
window.addEventListener('beforeunload', (e) => {
  if (leaveMessage()) {
    e.preventDefault();
    e.returnValue = '';
  }
});

// Goes to `to` (path, optionally with ?query or #hash). replace: true keeps
// the current entry out of the history (redirects, used invite links).
// Asks first when the screen has unsaved changes (force: true does not:
// after they were saved or on purpose dropped).
export function navigate(to, { replace = false, force = false } = {}) {
  if (!force && !confirmLeave()) return false;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  notify();
  return true;
}

// While `message` is set (unsaved changes), leaving the screen asks
// first with it; the browser's own question covers closing and reloading.
export function useLeaveGuard(message) {
  const current = useRef(message);
  current.current = message;
  useEffect(() => {
    const guard = () => current.current || null;
    guards.add(guard);
    return () => guards.delete(guard);
  }, []);
}

export function usePath() {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    listeners.add(setPath);
    setPath(location.pathname);
    return () => listeners.delete(setPath);
  }, []);
  return path;
}

// An anchor that navigates inside the app; modified clicks (new tab, etc.)
// are left to the browser.
export function Link({ href, children, ...rest }) {
  function onClick(e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  }
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
