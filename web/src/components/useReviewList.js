// The message review list, paged as the API pages it: each page reads one
// window of ids, so it may hold fewer rows than asked for, even none, and
// still have a next_cursor. Loading (the first page, or "Show more")
// therefore fetches page after page until rows arrive or the cursor ends,
// so an empty window never looks like the end of the list. `checked`
// counts the pages read by the load in progress (shown while it runs).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export function useReviewList(fetchPage, deps) {
  const [items, setItems] = useState(null); // null: the first load runs
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(false);
  const [checked, setChecked] = useState(0);
  const fetcher = useRef(fetchPage);
  fetcher.current = fetchPage;
  // Bumped by every new load: the pages of an older one are dropped.
  const run = useRef(0);

  // Fetches from `from` (null: the start) until rows arrive or the cursor
  // ends; `fresh` replaces the items rather than adding to them.
  const load = useCallback(async (from, fresh) => {
    const mine = ++run.current;
    setLoading(true);
    setError(null);
    setChecked(0);
    if (fresh) setItems(null);
    let next = from;
    try {
      for (let pages = 1; ; pages++) {
        const page = await fetcher.current(next);
        if (run.current !== mine) return;
        next = page.next_cursor;
        setChecked(pages);
        setItems((old) => (fresh && pages === 1 ? page.items : [...(old || []), ...page.items]));
        if (page.items.length > 0 || !next) break;
      }
      setCursor(next);
    } catch (e) {
      if (run.current === mine) {
        setError(e);
        setCursor(next);
        setItems((old) => old || []);
      }
    } finally {
      if (run.current === mine) setLoading(false);
    }
  }, []);

  const reload = useCallback(() => load(null, true), [load]);
  useEffect(() => {
    reload();
  }, deps);

  return {
    items,
    error,
    loading,
    checked,
    hasMore: Boolean(cursor),
    loadMore: () => cursor && load(cursor, false),
    reload,
  };
}
