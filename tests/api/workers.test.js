// The master replaces an API worker killed with SIGKILL while requests flow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, ContractError } from './lib/client.js';
import { pidFile } from './lib/env.js';
import { children, readProc } from './lib/procs.js';

test('a worker killed with SIGKILL mid-stream is replaced and requests keep succeeding', async () => {
  const master = Number(readFileSync(pidFile(), 'utf8').trim());
  assert.ok(Number.isInteger(master) && master > 1, `pid file ${pidFile()} holds a pid`);
  assert.equal((readProc(master, 'comm') || '').trim(), 'll-master', 'the pid file names the master');
  const before = children(master, 'll-api');
  assert.ok(before.length >= 1, 'the master has ll-api workers');

  const client = new Client('stream');
  let stop = false;
  let ok = 0;
  const failures = [];
  const stream = async () => {
    while (!stop) {
      try {
        const r = await client.get('/api/v1/health', { timeoutMs: 10000 });
        if (r.status === 200) ok += 1;
        else failures.push(`status ${r.status}`);
      } catch (e) {
        // The request that the killed worker was serving may fail at nginx (502): record, don't stop.
        failures.push(e instanceof ContractError ? `${e.response.status} ${e.response.text.slice(0, 80)}` : String(e));
      }
    }
  };
  const streams = Array.from({ length: 8 }, stream);

  // let requests flow, then kill one worker mid-stream
  const flowing = Date.now();
  while (ok < 40 && Date.now() - flowing < 5000) await sleep(10);
  assert.ok(ok >= 40, `requests flow before the kill (${ok} ok, failures: ${failures.slice(0, 3).join('; ')})`);
  const victim = before[Math.floor(before.length / 2)];
  const okAtKill = ok;
  process.kill(victim, 'SIGKILL');

  // within 3 s the master has a new ll-api child and the count is back
  const deadline = Date.now() + 3000;
  let now = children(master, 'll-api');
  while (Date.now() < deadline) {
    now = children(master, 'll-api');
    if (!now.includes(victim) && now.length === before.length && now.some((p) => !before.includes(p))) break;
    await sleep(25);
  }
  assert.ok(!now.includes(victim), `the killed worker ${victim} is gone`);
  assert.equal(now.length, before.length, `worker count back to ${before.length}: ${now.join(',')}`);
  assert.ok(now.some((p) => !before.includes(p)), `a new ll-api child (before ${before.join(',')}, now ${now.join(',')})`);

  // keep the stream going a moment on the new pool, then stop it
  const after = ok;
  const t0 = Date.now();
  while (ok < after + 20 && Date.now() - t0 < 5000) await sleep(10);
  stop = true;
  await Promise.all(streams);
  assert.ok(ok > okAtKill, 'requests succeeded after the kill');
  // At most the requests in flight on the killed worker may be lost (one per worker process).
  assert.ok(failures.length <= 2, `failures during the kill: ${failures.join('; ')}`);
  assert.equal(readProc(master, 'comm')?.trim(), 'll-master', 'the master survives');

  // 50 sequential requests after that all succeed
  const seq = new Client('after');
  for (let i = 0; i < 50; i++) {
    const r = await seq.get('/api/v1/health');
    assert.equal(r.status, 200, `request ${i + 1} after the restart`);
    assert.deepEqual(r.body, { status: 'ok', database: 'up' });
  }
});
