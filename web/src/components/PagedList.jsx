// A paged list (the state of useList) as every list screen shows it: its
// error, "Loading <noun>…" until the first page, the empty state, the
// items, and "Show more <noun>" while pages remain. PagedList leaves the
// items' markup to its child, children(items); PagedTable is the common
// case, a table given its columns. The card, heading and any text around
// the list stay with the caller.
import { ErrorText } from './ErrorText.jsx';

// list: from useList; noun: plural, for "Loading …" and "Show more …";
// error: another error to show when the list has none (a poll, an action);
// empty: shown for no items (none given: children get the empty list).
export function PagedList({ list, noun, error, empty, children }) {
  const { items, loading, hasMore, loadMore } = list;
  return (
    <>
      <ErrorText error={list.error || error} />
      {items === null
        ? loading && <p role="status">{`Loading ${noun}…`}</p>
        : items.length === 0 && empty
          ? empty
          : children(items)}
      {hasMore && (
        <button type="button" class="button button-secondary" disabled={loading} onClick={loadMore}>
          {`Show more ${noun}`}
        </button>
      )}
    </>
  );
}

// columns: [{ label, cell(item), wrap, dataLabel, actions }]: label heads
// the column and names each cell on a phone (data-label; dataLabel when
// that differs); wrap lets a long value wrap; an actions column has a
// hidden heading and no cell name. rowKey names a row (default: its id).
export function PagedTable({ class: className = 'table', columns, rowKey = (x) => x.id, ...rest }) {
  return (
    <PagedList {...rest}>
      {(items) => (
        <table class={className}>
          <thead>
            <tr>
              {columns.map((col) => (
                <th scope="col" key={col.label}>
                  {col.actions ? <span class="visually-hidden">{col.label}</span> : col.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={rowKey(item)}>
                {columns.map((col) =>
                  col.actions ? (
                    <td class="actions" key={col.label}>
                      {col.cell(item)}
                    </td>
                  ) : (
                    <td data-label={col.dataLabel || col.label} class={col.wrap ? 'wrap' : undefined} key={col.label}>
                      {col.cell(item)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PagedList>
  );
}
