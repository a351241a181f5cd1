// The organization's numbers (newest first) with their provisioning tag;
// each leads to its own page (timeline, release).
import { Link } from '../router.jsx';
import { PagedTable } from './PagedList.jsx';
import { ProvisioningTag } from './ProvisioningTag.jsx';
import { formatTime, numberLabel } from './format.js';

const COLUMNS = [
  {
    label: 'Number',
    cell: (n) => (
      <span class="number-cell">
        <Link href={`/numbers/${n.id}`} class="number-link">
          {numberLabel(n)}
          {!n.phone_number && <span class="visually-hidden"> (request {n.id})</span>}
        </Link>
        <span class="muted small">Area code {n.area_codes.join(', ')}</span>
      </span>
    ),
  },
  { label: 'Status', cell: (n) => <ProvisioningTag number={n} /> },
  { label: 'Name', wrap: true, cell: (n) => n.name || <span class="muted">—</span> },
  { label: 'Use case', wrap: true, cell: (n) => n.use_case.name },
  { label: 'Created', cell: (n) => formatTime(n.created_at) },
];

export function NumberList({ list, pollError }) {
  return (
    <section class="card" aria-labelledby="numbers-heading">
      <h2 id="numbers-heading">Numbers</h2>
      <PagedTable
        list={list}
        noun="numbers"
        error={pollError}
        empty={
          <p class="muted">No phone numbers yet. Create a dedicated number below; it is ready to send once provisioning is complete.</p>
        }
        class="table numbers"
        columns={COLUMNS}
      />
    </section>
  );
}
