// One test file at a time may own the provider simulator.
//
// `node --test tests/api/` runs the test files in parallel, but the simulator
// is shared by the whole run: a file that resets it, points its webhooks
// elsewhere or changes its options would break another one provisioning
// numbers through Launchline at the same moment. Each such file takes this
// lock for its whole run:
//
//   import { lockSimulator } from './lib/simlock.js';
//   let unlock;
//   before(async () => { unlock = await lockSimulator('my-file'); });
//   after(() => unlock?.());
//
// The lock is a directory in STATE_DIR (mkdir is atomic); a lock whose owner
// process is gone is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

function lockDir() {
  const state = process.env.STATE_DIR;
  if (!state) throw new Error('STATE_DIR is not set: the simulator lock lives there (make test sets it)');
  return join(state, 'provider-sim.lock');
}

function ownerAlive(dir) {
  let pid;
  try { pid = Number(readFileSync(join(dir, 'owner'), 'utf8').split(' ')[0]); } catch { return true; } // being written
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

// Resolves to an unlock function once this process owns the simulator.
export async function lockSimulator(who, { timeoutMs = 10 * 60 * 1000 } = {}) {
  const dir = lockDir();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'owner'), `${process.pid} ${who}\n`);
      let held = true;
      return () => {
        if (held) rmSync(dir, { recursive: true, force: true });
        held = false;
      };
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    if (!ownerAlive(dir)) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      let owner = '?';
      try { owner = readFileSync(join(dir, 'owner'), 'utf8').trim(); } catch { /* gone meanwhile */ }
      throw new Error(`the provider simulator stayed locked by ${owner} for ${timeoutMs} ms (${dir})`);
    }
    await sleep(200);
  }
}
