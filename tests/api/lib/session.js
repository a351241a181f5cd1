// A long-lived database session for tests that must hold row locks while
// the stack works (lock-order and deadlock tests): one `mariadb` client
// over a pipe, as root on the stack's socket. Each query() answers the
// rows of its statement (arrays of strings) once it has run, or
// {error: "ERROR 1213 ..."} when the server refused it; a statement that
// waits on a lock keeps its promise pending until the lock is granted.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export function openSession() {
  const state = process.env.STATE_DIR;
  if (!state) throw new Error('STATE_DIR is not set: a database session needs the stack (make test sets it)');
  const p = spawn('mariadb', ['--no-defaults', `--socket=${join(state, 'mysql.sock')}`, '-uroot', 'launchline',
    '-B', '-N', '-n', '--force'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let waiter = null;
  let seq = 0;
  p.stdout.setEncoding('utf8');
  p.stderr.setEncoding('utf8');
  p.stdout.on('data', (d) => { out += d; waiter?.(); });
  p.stderr.on('data', (d) => { err += d; });

  // Runs one statement (no trailing semicolon); one at a time.
  async function query(text) {
    const marker = `__done_${++seq}__`;
    err = '';
    p.stdin.write(`${text};\nSELECT '${marker}';\n`);
    while (!out.includes(`${marker}\n`)) {
      if (p.exitCode !== null) throw new Error(`the mariadb session ended: ${err}`);
      await new Promise((resolve) => { waiter = resolve; });
    }
    waiter = null;
    const at = out.indexOf(`${marker}\n`);
    const rows = out.slice(0, at).split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
    out = out.slice(at + marker.length + 1);
    await sleep(20); // stderr travels apart from stdout
    return /ERROR \d+/.test(err) ? { error: err.trim() } : rows;
  }

  // The session's connection id, for information_schema lookups.
  async function connectionId() {
    return Number((await query('SELECT CONNECTION_ID()'))[0][0]);
  }

  function close() {
    p.stdin.end();
    p.kill();
  }

  return { query, connectionId, close };
}
