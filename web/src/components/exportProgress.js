// What an export job shows while the server writes it (ExportJobs.jsx):
// "Waiting to start…", then "12,000 of 40,000 rows (30%)" once the
// exporter has estimated the total, or the rows alone when it has not.
// Plain JavaScript, checked by tests/e2e/export-progress.unit.test.js.
import { formatCount } from './format.js';

export const isLive = (x) => x.status === 'queued' || x.status === 'running';

export function progressText(x) {
  if (x.status === 'queued') return 'Waiting to start…';
  if (x.rows_total > 0) {
    const pct = Math.min(100, Math.floor((100 * x.rows_done) / x.rows_total));
    return `${formatCount(x.rows_done)} of ${formatCount(x.rows_total)} rows (${pct}%)`;
  }
  return `${formatCount(x.rows_done)} rows`;
}
