// The provider misbehaving while we send: rate limits (429), server errors
// (503), answers slower than our timeout (the message was taken all the
// same), lost webhooks, and the sender killed with messages in flight.
// Whatever happens, the provider creates exactly one message per message
// of ours, and it ends up sent or delivered; where the provider took a
// message and we never heard, its webhook (naming our reference) settles
// it and no second POST /messages is made at all.
//
// These tests change the simulator's options: they run one at a time
// under the simulator lock and put the options back.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { freshOrg } from './lib/admin.js';
import { sql } from './lib/db.js';
import { lockSimulator } from './lib/simlock.js';
import { masterPid, children } from './lib/procs.js';
import { configInt } from './lib/env.js';
import { simMessagesOf, withSimOptions, waitFor } from './lib/sim.js';
import { org, campaignFixture, sqlTexters, messageRow } from './lib/texting.js';

let unlock;
before(async () => { unlock = await lockSimulator('texting-faults'); });
after(() => unlock?.());

const TIMEOUT_MS = configInt('provider_timeout_ms', 2000);
const ONLY_MESSAGES = '^/messages$';

let o; let t;
before(() => {
  o = freshOrg('faults');
  [t] = sqlTexters(o.id, 1);
});

// Queues the initial messages of n fresh conversations; answers the message ids.
async function sendSome(n) {
  const c = campaignFixture(o.id, o.owner.id, { contacts: n });
  sql(`UPDATE conversations SET assignee_id = ${t.id} WHERE campaign_id = ${c.id}`);
  const ids = [];
  for (const x of c.conversations) {
    const r = await t.client.post(`${org(o.id)}/conversations/${x.id}/initial`, {});
    assert.equal(r.status, 201, r.text);
    ids.push(r.body.message.id);
  }
  return ids;
}

// Waits until every message is at least `status` (sent: sent or delivered).
async function settled(ids, status = 'sent', timeoutMs = 40000) {
  const ok = status === 'sent' ? ['sent', 'delivered'] : [status];
  return waitFor(`messages ${ids.join(',')} to be ${status}`, async () => {
    const rows = ids.map(messageRow);
    return { done: rows.every((m) => ok.includes(m.status)), value: rows };
  }, { timeoutMs, intervalMs: 200 });
}

// What the simulator saw for each message: [{posts, created, replayed}].
async function seen(ids) {
  return Promise.all(ids.map(async (id) => (await simMessagesOf(`launchline-message-${id}`)).counts));
}

describe('provider faults while sending', { concurrency: 1 }, () => {
  test('429 rate limits: retried after Retry-After, one message each', { timeout: 60000 }, async () => {
    let ids;
    await withSimOptions({ fault_paths: ONLY_MESSAGES, rate_limit_every: 2, rate_limit_reset_seconds: 1 }, async () => {
      ids = await sendSome(6);
      await settled(ids);
    });
    for (const c of await seen(ids)) assert.deepEqual(c, { posts: 1, created: 1, replayed: 0 });
  });

  test('429s and 503s: every message sent once; the refused POSTs never made a message', { timeout: 90000 }, async () => {
    let ids;
    await withSimOptions({ fault_paths: ONLY_MESSAGES, rate_limit_every: 3, rate_limit_reset_seconds: 1, error_next: 4 }, async () => {
      ids = await sendSome(8);
      await settled(ids, 'sent', 60000);
    });
    for (const c of await seen(ids)) assert.deepEqual(c, { posts: 1, created: 1, replayed: 0 });
    const attempts = ids.map((id) => messageRow(id).attempts);
    assert.ok(attempts.some((a) => a > 1), `some were refused first: ${attempts}`);
  });

  test('answers slower than our timeout: the webhook settles them, no second POST', { timeout: 60000 }, async () => {
    let ids;
    await withSimOptions({ fault_paths: ONLY_MESSAGES, slow_ms: TIMEOUT_MS + 1500, slow_rate: 1 }, async () => {
      ids = await sendSome(3);
      await settled(ids, 'delivered', 30000);
    });
    for (const c of await seen(ids)) assert.deepEqual(c, { posts: 1, created: 1, replayed: 0 });
  });

  test('slow answers and every webhook lost: asked again with the same Idempotency-Key, the provider answers the first result', { timeout: 90000 }, async () => {
    let ids;
    await withSimOptions({ fault_paths: ONLY_MESSAGES, slow_ms: TIMEOUT_MS + 1500, slow_rate: 1, webhook: { loss: 1 } }, async () => {
      ids = await sendSome(2);
      // The first POST timed out: their fate is unknown, they wait.
      await waitFor('the first attempts to time out', async () => {
        const rows = ids.map(messageRow);
        return { done: rows.every((m) => m.status === 'sending' && m.attempts === 1 && m.error), value: rows };
      }, { timeoutMs: 20000 });
      await withSimOptions({ slow_ms: 0 }, () => settled(ids, 'sent', 30000));
    });
    for (const c of await seen(ids)) assert.deepEqual(c, { posts: 2, created: 1, replayed: 1 });
  });

  // Sends n messages whose POSTs take most of our timeout, and kills the
  // sender while they are in flight. The sender is held still while they
  // are queued, so it takes them all in one batch.
  async function killedInFlight(n, { webhooks = true } = {}) {
    const [pid] = children(masterPid(), 'll-sender');
    assert.ok(pid, 'a sender runs');
    process.kill(pid, 'SIGSTOP');
    let ids;
    try {
      ids = await sendSome(n);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await waitFor('the messages to be in flight', async () => {
      const rows = ids.map(messageRow);
      return { done: rows.every((m) => m.attempts >= 1), value: rows };
    }, { timeoutMs: 10000, intervalMs: 20 });
    // (with webhooks, the provider may already have told us they were sent)
    if (!webhooks) assert.deepEqual(ids.map((id) => messageRow(id).status), ids.map(() => 'sending'), 'all in flight at once');
    process.kill(pid, 'SIGKILL');
    await waitFor('a new sender', async () => {
      const now = children(masterPid(), 'll-sender');
      return { done: now.length === 1 && now[0] !== pid, value: now };
    }, { timeoutMs: 10000 });
    return ids;
  }

  test('the sender killed with messages in flight: their webhooks settle them, not sent again', { timeout: 90000 }, async () => {
    let ids;
    await withSimOptions({ fault_paths: ONLY_MESSAGES, slow_ms: TIMEOUT_MS - 500, slow_rate: 1 }, async () => {
      ids = await killedInFlight(3);
      await settled(ids, 'delivered', 60000);
    });
    for (const c of await seen(ids)) assert.deepEqual(c, { posts: 1, created: 1, replayed: 0 });
  });

  test('the sender killed and no webhook comes: after the lease, asked again with the same key, one message', { timeout: 120000 }, async () => {
    let ids;
    await withSimOptions({ fault_paths: ONLY_MESSAGES, slow_ms: TIMEOUT_MS - 500, slow_rate: 1, webhook: { loss: 1 } }, async () => {
      ids = await killedInFlight(2, { webhooks: false });
      await sleep(TIMEOUT_MS);
      assert.deepEqual(ids.map((id) => messageRow(id).status), ['sending', 'sending'], 'fate unknown: waiting, not re-sent');
      await settled(ids, 'sent', 90000);
    });
    for (const c of await seen(ids)) assert.deepEqual(c, { posts: 2, created: 1, replayed: 1 });
  });
});
