// The pool's processes, read from /proc: the master's pid file and its
// children by process name (ll-api, ll-provisioner, ...).
import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pidFile } from './env.js';

export function readProc(pid, file) {
  try { return readFileSync(`/proc/${pid}/${file}`, 'utf8'); } catch { return null; }
}

export function masterPid() {
  return Number(readFileSync(pidFile(), 'utf8').trim());
}

// Live (not zombie) children of `parent` whose comm is `name`.
export function children(parent, name) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const stat = readProc(entry, 'stat');
    if (!stat) continue;
    // pid (comm) state ppid ...: comm may contain spaces or parentheses, so split after the last ')'
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = after[0];
    const ppid = Number(after[1]);
    if (ppid !== parent || state === 'Z' || state === 'X') continue;
    const comm = (readProc(entry, 'comm') || '').trim();
    if (comm === name) out.push(Number(entry));
  }
  return out.sort((a, b) => a - b);
}

// Records a process a test started (in a session of its own: spawn with
// detached: true) in the stack's pids file, so tests/stack/down.sh stops
// it and what it left behind should the test die before its own clean-up.
export function recordInStack(name, pid) {
  const stat = readProc(pid, 'stat');
  if (!stat) return;
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]; // field 22
  appendFileSync(join(process.env.STATE_DIR, 'pids'), `${name} ${pid} ${start}\n`);
}
