// The organization's use cases (10DLC campaign registrations): status from
// the provider, how full each is ("n of 49"), and "Refresh status", which
// asks the provider again.
import { ErrorText } from './ErrorText.jsx';
import { CapacityMeter } from './CapacityMeter.jsx';
import { formatDateTime } from './format.js';

const STATUS_LABELS = { pending: 'Pending', approved: 'Approved', rejected: 'Rejected' };

function Checked({ uc }) {
  if (!uc.checked_at) return <span class="muted small">Asking the provider…</span>;
  return (
    <span class="muted small">
      {uc.status_detail ? `${uc.status_detail}, checked ` : 'Checked '}
      {formatDateTime(uc.checked_at)}
    </span>
  );
}

export function UseCaseList({ list, pollError, onRefresh, busyId, actionError }) {
  const { items, error, loading, hasMore, loadMore } = list;
  return (
    <>
      <ErrorText error={error || pollError || actionError} />
      {items === null ? (
        loading && <p role="status">Loading use cases…</p>
      ) : items.length === 0 ? (
        <p class="muted">No use cases yet. Add the campaign your brand registered with the provider.</p>
      ) : (
        <table class="table use-cases">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Campaign id</th>
              <th scope="col">Status</th>
              <th scope="col">Numbers</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((uc) => (
              <tr key={uc.id}>
                <td data-label="Name" class="wrap">
                  {uc.name}
                </td>
                <td data-label="Campaign id" class="wrap">
                  <code>{uc.provider_campaign_id}</code>
                </td>
                <td data-label="Status">
                  <span class="status status-stack">
                    <span class={`tag tag-${uc.status}`}>{STATUS_LABELS[uc.status] || uc.status}</span>
                    <Checked uc={uc} />
                  </span>
                </td>
                <td data-label="Numbers">
                  <CapacityMeter used={uc.live_numbers} capacity={uc.capacity} name={uc.name} />
                </td>
                <td class="actions">
                  <button
                    type="button"
                    class="button button-small button-secondary"
                    disabled={busyId === uc.id || !uc.checked_at}
                    onClick={() => onRefresh(uc)}
                  >
                    Refresh status<span class="visually-hidden"> of {uc.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasMore && (
        <button type="button" class="button button-secondary" disabled={loading} onClick={loadMore}>
          Show more use cases
        </button>
      )}
    </>
  );
}
