// State of one paged API list ({items, next_cursor}): the first page on
// mount, "show more" for the next ones, reload after a change, in-place
// replacement of one item, other local edits (update), and a quiet refresh
// for polling. `key` names an item (for refresh); the default is its id.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export function useList(fetchPage, key = (x) => x.id) {
  const [items, setItems] = useState(null); // null: first page loading
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(true);
  const fetcher = useRef(fetchPage);
  fetcher.current = fetchPage;
  const keyOf = useRef(key);
  keyOf.current = key;
  // Bumped by every change of the items; a refresh that was fetched before
  // the last change is stale and is dropped.
  const generation = useRef(0);

  const reload = useCallback(async () => {
    generation.current += 1;
    setLoading(true);
    setError(null);
    try {
      const page = await fetcher.current(null);
      setItems(page.items);
      setCursor(page.next_cursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    reload();
  }, [reload]);

  async function loadMore() {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const page = await fetcher.current(cursor);
      setItems((old) => [...(old || []), ...page.items]);
      setCursor(page.next_cursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }

  function replace(match, item) {
    generation.current += 1;
    setItems((old) => old && old.map((x) => (match(x) ? item : x)));
  }

  // fn(items) -> new items, e.g. to put a just-created item in place.
  function update(fn) {
    generation.current += 1;
    setItems((old) => fn(old || []));
  }

  // Fetches the first page again without showing a load or clearing what
  // is shown, and returns its items (null when a change overtook it);
  // errors are thrown to the caller (a poller decides what to show). When
  // the first page is all there is, it replaces the list; otherwise its
  // items replace theirs in place and new ones join at the top (lists that
  // grow at the top: newest first).
  async function refresh() {
    const started = generation.current;
    const page = await fetcher.current(null);
    if (generation.current !== started) return null;
    generation.current += 1;
    const k = keyOf.current;
    if (!page.next_cursor) {
      setItems(page.items);
      setCursor(null);
    } else {
      setItems((old) => {
        if (!old) return page.items;
        const fresh = new Map(page.items.map((x) => [k(x), x]));
        const known = new Set(old.map(k));
        return [...page.items.filter((x) => !known.has(k(x))), ...old.map((x) => fresh.get(k(x)) || x)];
      });
      setCursor((c) => c || page.next_cursor);
    }
    return page.items;
  }

  return { items, error, loading, hasMore: Boolean(cursor), loadMore, reload, replace, update, refresh };
}
