// State of one paged API list ({items, next_cursor}): the first page on
// mount, "show more" for the next ones, reload after a change, and
// in-place replacement of one item.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export function useList(fetchPage) {
  const [items, setItems] = useState(null); // null: first page loading
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(true);
  const fetcher = useRef(fetchPage);
  fetcher.current = fetchPage;

  const reload = useCallback(async () => {
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
    setItems((old) => old && old.map((x) => (match(x) ? item : x)));
  }

  return { items, error, loading, hasMore: Boolean(cursor), loadMore, reload, replace };
}
