// Direct reads (and a few set-up writes) of the stack's MariaDB, as root over
// its private socket, for what the API does not show: the email outbox's
// inner columns, and campaign rows the campaigns API (another branch) will
// create. Values come back as strings, SQL NULL as null.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

function socket() {
  const state = process.env.STATE_DIR;
  if (!state) throw new Error('STATE_DIR is not set: the database lives there (make test sets it)');
  return join(state, 'mysql.sock');
}

// Runs SQL (one or more statements); answers the rows of the last result.
export function sql(text) {
  const out = execFileSync('mariadb', ['--no-defaults', `--socket=${socket()}`, '-uroot', 'launchline',
    '--batch', '--raw', '--default-character-set=utf8mb4'], { input: text, encoding: 'utf8', maxBuffer: 16 << 20 });
  const lines = out.split('\n').filter((l) => l !== '');
  if (lines.length === 0) return [];
  const cols = lines[0].split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] === 'NULL' ? null : cells[i]]));
  });
}

// A string as an SQL literal (for test set-up only).
export function lit(s) {
  if (s === null || s === undefined) return 'NULL';
  if (typeof s === 'number') return String(s);
  return `CONVERT(X'${Buffer.from(String(s), 'utf8').toString('hex')}' USING utf8mb4)`;
}
