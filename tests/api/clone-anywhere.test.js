// A clone in a folder only its owner can enter (root's home is mode 0700):
// nginx's workers must still read the SPA, buffer request bodies into the
// prefix's temp folder and reach the FastCGI socket, all under the clone.
// The local stacks run the workers as the user who started the stack
// (nginx/local.conf.in); as nobody they get "Permission denied" on all three.
//
// The test closes the clone's top folder to everyone but its owner for a
// moment (0700, as a clone under /root is) and puts the mode back after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, chmodSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from './lib/client.js';
import { baseUrl } from './lib/env.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// The uids of the running nginx worker processes of this stack.
function nginxWorkerUids() {
  const uids = [];
  for (const pid of readdirSync('/proc').filter((p) => /^[0-9]+$/.test(p))) {
    let cmd, status;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.startsWith('nginx: worker process')) continue;
    const m = /^Uid:\s+(\d+)/m.exec(status);
    if (m) uids.push(Number(m[1]));
  }
  return uids;
}

test('a clone only its owner can enter: SPA, API, buffered bodies and the socket all work', async () => {
  const mode = statSync(ROOT).mode & 0o7777;
  chmodSync(ROOT, 0o700);
  try {
    const c = new Client();
    const spa = await fetch(baseUrl() + '/');
    assert.equal(spa.status, 200, 'the SPA is served');
    assert.match(await spa.text(), /<html/i);
    const health = await c.get('/api/v1/health');
    assert.equal(health.status, 200, 'the FastCGI socket is reached');
    assert.deepEqual(health.body, { status: 'ok', database: 'up' });
    // Over nginx's in-memory buffer (16 kB) and under the body limits:
    // written to the prefix's temp folder first, then handed to the
    // application, whose JSON answer we get (not nginx's 500).
    const body = JSON.stringify({ email: 'big@api.test', password: 'x'.repeat(200 << 10) });
    const big = await c.request('POST', '/api/v1/auth/login', { body });
    assert.ok(big.status === 401 || big.status === 422, `the application answered (${big.status} ${big.text.slice(0, 200)})`);
    assert.equal(typeof big.body?.error?.code, 'string');
  } finally {
    chmodSync(ROOT, mode);
  }
  assert.ok(nginxWorkerUids().includes(process.getuid()),
    'the stack\'s nginx workers run as the user who started it');
});
