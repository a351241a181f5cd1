// A signed-in screen loaded when first needed: each screen is its own
// chunk (Vite splits at every import()), so the login page does not load
// the admin screens. lazyPage(() => import('./screens/X.jsx'), 'X') is a
// component like X; once its chunk is in, it renders X at once. The Shell
// preloads every screen after sign-in (preloadPages), one at a time while
// the browser is idle, so moving around does not wait.
import { useEffect, useState } from 'preact/hooks';

const pages = [];

export function lazyPage(load, name) {
  let Loaded = null;
  let pending = null;

  function fetchPage() {
    if (!pending) {
      pending = load().then(
        (m) => {
          Loaded = m[name];
        },
        (e) => {
          pending = null; // a later visit tries again
          throw e;
        },
      );
    }
    return pending;
  }

  function LazyPage(props) {
    const [, setLoaded] = useState(false);
    const [error, setError] = useState(null);
    useEffect(() => {
      // The chunk may have come in (preloaded) between this render, which
      // showed Loading…, and this effect: render again, or Loading… stays.
      if (Loaded) {
        setLoaded(true);
        return undefined;
      }
      let live = true;
      fetchPage().then(
        () => live && setLoaded(true),
        (e) => live && setError(e),
      );
      return () => {
        live = false;
      };
    }, []);
    if (Loaded) return <Loaded {...props} />;
    if (error) {
      // A chunk that is gone (a new version was deployed meanwhile).
      return (
        <>
          <p role="alert">This screen could not be loaded.</p>
          <button type="button" class="button" onClick={() => location.reload()}>
            Reload
          </button>
        </>
      );
    }
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    );
  }
  LazyPage.preload = () => fetchPage().catch(() => {});
  pages.push(LazyPage);
  return LazyPage;
}

// Loads every lazy screen in the background (after sign-in): once the page
// has loaded, one chunk per idle moment of the browser, so the preloading
// never competes with the screen being shown. (All at once, at the Shell's
// first render, it had blocked a slow phone's main thread for 200-400 ms
// and delayed the screen's largest paint by up to a second: Lighthouse,
// mobile settings.) Answers the effect's cleanup, which stops it.
export function preloadPages() {
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 50));
  let stopped = false;
  let i = 0;
  function next() {
    if (stopped || i >= pages.length) return;
    pages[i++].preload().then(() => idle(next));
  }
  const start = () => idle(next);
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
  return () => {
    stopped = true;
    window.removeEventListener('load', start);
  };
}
