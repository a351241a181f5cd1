// A small history-based router: the current path as a hook, navigate() to
// change it, and <Link> for in-app anchors. nginx serves index.html for
// every client route, so any path may be loaded directly.

import { useEffect, useState } from 'preact/hooks';

const listeners = new Set();

function notify() {
  for (const fn of listeners) fn(location.pathname);
}

window.addEventListener('popstate', notify);

// Goes to `to` (path, optionally with ?query or #hash). replace: true keeps
// the current entry out of the history (redirects, used invite links).
export function navigate(to, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  notify();
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
