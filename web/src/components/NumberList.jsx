// The organization's numbers (newest first) with their provisioning tag;
// each leads to its own page (timeline, release).
import { Link } from '../router.jsx';
import { ErrorText } from './ErrorText.jsx';
import { ProvisioningTag } from './ProvisioningTag.jsx';
import { formatDateTime, numberLabel } from './format.js';

export function NumberList({ list, pollError }) {
  const { items, error, loading, hasMore, loadMore } = list;
  return (
    <section class="card" aria-labelledby="numbers-heading">
      <h2 id="numbers-heading">Numbers</h2>
      <ErrorText error={error || pollError} />
      {items === null ? (
        loading && <p role="status">Loading numbers…</p>
      ) : items.length === 0 ? (
        <p class="muted">No phone numbers yet. Create a dedicated number below; it is ready to send once provisioning is complete.</p>
      ) : (
        <table class="table numbers">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Status</th>
              <th scope="col">Name</th>
              <th scope="col">Use case</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {items.map((n) => (
              <tr key={n.id}>
                <td data-label="Number">
                  <span class="number-cell">
                    <Link href={`/numbers/${n.id}`} class="number-link">
                      {numberLabel(n)}
                      {!n.phone_number && <span class="visually-hidden"> (request {n.id})</span>}
                    </Link>
                    <span class="muted small">Area code {n.area_codes.join(', ')}</span>
                  </span>
                </td>
                <td data-label="Status">
                  <ProvisioningTag number={n} />
                </td>
                <td data-label="Name" class="wrap">
                  {n.name || <span class="muted">—</span>}
                </td>
                <td data-label="Use case" class="wrap">
                  {n.use_case.name}
                </td>
                <td data-label="Created">{formatDateTime(n.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasMore && (
        <button type="button" class="button button-secondary" disabled={loading} onClick={loadMore}>
          Show more numbers
        </button>
      )}
    </section>
  );
}
