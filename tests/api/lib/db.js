// The stack's database, for tests that must check what was stored (or set up
// what no API makes yet): `mariadb` as root over the stack's socket in
// STATE_DIR. sql() answers rows as arrays of strings (SQL NULL -> null).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

function socket() {
  const state = process.env.STATE_DIR;
  if (!state) throw new Error('STATE_DIR is not set: the database checks need the stack (make test sets it)');
  return join(state, 'mysql.sock');
}

// Runs one or more statements; the rows of the last result set.
export function sql(text) {
  let out;
  try {
    out = execFileSync('mariadb', ['--no-defaults', `--socket=${socket()}`, '-uroot', 'launchline', '-N', '-B'], {
      input: text,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120000,
    });
  } catch (e) {
    throw new Error(`SQL failed (${e.status}): ${e.stderr || e.message}\n${text.slice(0, 500)}`);
  }
  // Batch mode escapes tabs, newlines and backslashes inside values.
  const unescape = (v) => v.replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t', 0: '\0' }[c] ?? c));
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t').map((v) => (v === 'NULL' ? null : unescape(v))));
}

// One number from a one-row, one-column query.
export function sqlValue(text) {
  const rows = sql(text);
  return rows.length ? rows[0][0] : null;
}

// A string as a SQL literal (tests only ever pass their own values).
export function lit(v) {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return String(v);
  return `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
