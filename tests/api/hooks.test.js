// POST /hooks/telnyx: forged, unsigned and stale webhooks are refused (401
// invalid_signature) and logged. Accepted, signed deliveries need the
// simulator's key, so they are tested in provisioning.test.js, where the
// simulator sends them itself.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, assertError } from './lib/client.js';
import { seed } from './lib/env.js';
import { HOOK, webhookBody, deliver, unixNow as now } from './lib/hooks.js';

// The server's log lines (JSON) for one request id; [] when the stack keeps no log we can read.
function logLinesFor(rid) {
  const file = process.env.STATE_DIR && join(process.env.STATE_DIR, 'launchline.log');
  if (!file || !existsSync(file)) return null;
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.includes(rid)).map((l) => {
    try { return JSON.parse(l); } catch { return { msg: l }; }
  });
}

describe('webhook signatures', () => {
  const forged = {
    'no signature headers at all': { signature: null, timestamp: null },
    'a timestamp but no signature': { signature: null, timestamp: now() },
    'a signature but no timestamp': { signature: randomBytes(64).toString('base64'), timestamp: null },
    'a signature that does not verify': { signature: randomBytes(64).toString('base64'), timestamp: now() },
    'a signature that is not base64 of 64 bytes': { signature: 'not-a-signature!', timestamp: now() },
    'a short signature': { signature: randomBytes(32).toString('base64'), timestamp: now() },
    'a stale timestamp (an hour old)': { signature: randomBytes(64).toString('base64'), timestamp: String(Math.floor(Date.now() / 1000) - 3600) },
    'a timestamp from the future (an hour ahead)': { signature: randomBytes(64).toString('base64'), timestamp: String(Math.floor(Date.now() / 1000) + 3600) },
    'a timestamp that is not a number': { signature: randomBytes(64).toString('base64'), timestamp: 'yesterday' },
  };
  for (const [name, headers] of Object.entries(forged)) {
    test(`${name}: 401 invalid_signature`, async () => {
      const r = await deliver(headers);
      assertError(r, 401, 'invalid_signature');
      assert.equal(r.body.error.field, undefined);
    });
  }

  test('a body that is not JSON, unsigned: still 401 (the signature is checked first)', async () => {
    assertError(await deliver({ signature: randomBytes(64).toString('base64'), timestamp: now(), body: '{"data":' }), 401, 'invalid_signature');
  });

  test('a session and a CSRF token do not make a forged webhook acceptable', async () => {
    const c = new Client('admin');
    await c.login(seed().admin.email, seed().admin.password);
    const r = await c.request('POST', HOOK, { body: webhookBody(), headers: { 'telnyx-signature-ed25519': randomBytes(64).toString('base64'), 'telnyx-timestamp': now() } });
    assertError(r, 401, 'invalid_signature');
  });

  test('a refused webhook is logged with its request id', async (t) => {
    const r = await deliver({ signature: randomBytes(64).toString('base64'), timestamp: now() });
    assertError(r, 401, 'invalid_signature');
    const rid = r.headers.get('x-request-id');
    let lines = logLinesFor(rid);
    if (lines === null) {
      t.skip('no launchline.log in STATE_DIR');
      return;
    }
    for (let i = 0; i < 20 && lines.length === 0; i++) {
      await sleep(100);
      lines = logLinesFor(rid);
    }
    assert.ok(lines.some((l) => /webhook/i.test(l.msg) && ['warn', 'error'].includes(l.level)),
      `no warning about the refused webhook for request ${rid}: ${JSON.stringify(lines)}`);
  });

  test('GET /hooks/telnyx: 405 with Allow: POST', async () => {
    const r = await new Client().get(HOOK);
    assertError(r, 405, 'method_not_allowed');
    assert.equal(r.headers.get('allow'), 'POST');
  });
});
