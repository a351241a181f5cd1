// The stack's database, for tests that must check what was stored (or set up
// what no API makes): `mariadb` as root over the stack's socket in STATE_DIR.
// sql() answers the rows of the last result as arrays of strings, records()
// as objects keyed by column; SQL NULL is null in both.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

function socket() {
  const state = process.env.STATE_DIR;
  if (!state) throw new Error('STATE_DIR is not set: the database checks need the stack (make test sets it)');
  return join(state, 'mysql.sock');
}

// Batch mode escapes tabs, newlines and backslashes inside values.
const unescape = (v) => v.replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t', 0: '\0' }[c] ?? c));
const cell = (v) => (v === 'NULL' ? null : unescape(v));

function run(text, header) {
  try {
    return execFileSync('mariadb', ['--no-defaults', `--socket=${socket()}`, '-uroot', 'launchline', '-B',
      '--default-character-set=utf8mb4', ...(header ? [] : ['-N'])], {
      input: text,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120000,
    });
  } catch (e) {
    throw new Error(`SQL failed (${e.status}): ${e.stderr || e.message}\n${text.slice(0, 500)}`);
  }
}

// Runs one or more statements; the rows of the last result set, as arrays.
export function sql(text) {
  return run(text, false).split('\n').filter((l) => l !== '').map((l) => l.split('\t').map(cell));
}

// The same rows as objects keyed by column name.
export function records(text) {
  const lines = run(text, true).split('\n').filter((l) => l !== '');
  if (lines.length === 0) return [];
  const cols = lines[0].split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(cols.map((c, i) => [c, cell(cells[i])]));
  });
}

// One value from a one-row, one-column query.
export function sqlValue(text) {
  const rows = sql(text);
  return rows.length ? rows[0][0] : null;
}

// A string as an SQL literal (tests only ever pass their own values).
export function lit(v) {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return String(v);
  return `CONVERT(X'${Buffer.from(String(v), 'utf8').toString('hex')}' USING utf8mb4) COLLATE utf8mb4_unicode_ci`;
}
