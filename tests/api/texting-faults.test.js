// The provider misbehaving while we send: rate limits (429), server errors
// (503), answers slower than our timeout (the message was taken all the
// same), lost webhooks, and the sender killed with messages in flight.
//
// The rule: a message is POSTed again only when the provider did not
// process it (a 429, or a connection refused). A message whose fate is
// unknown (a 5xx, no answer, a sender killed mid-flight) is NEVER POSTed
// again on its own, whatever the provider does with Idempotency-Key
// (Telnyx ignores it on POST /messages: every POST is a text): its webhook
// settles it, else the provider's message records (GET /reports/mdrs),
// else it becomes `unknown`, for an admin to send again.
//
// The simulator serves the records as Telnyx documents them (a record per
// message it took, none for one it refused). Records that cannot be read
// (401, 403, 404: unknown at once) are tests/unit/test_send_settle.c's.
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
import { simMessagesOf, withSimOptions, waitFor, simCalls, postsOf } from './lib/sim.js';
import { org, campaignFixture, sqlTexters, messageRow, messageRef } from './lib/texting.js';

let unlock;
before(async () => { unlock = await lockSimulator('texting-faults'); });
after(() => unlock?.());

const TIMEOUT_MS = configInt('provider_timeout_ms', 2000);
const RECONCILE_S = configInt('sender_reconcile_s', 2);
const RECORDS_WAIT_S = configInt('sender_records_wait_s', 8);
const ONLY_MESSAGES = '^/messages$';

let o; let t;
before(async () => {
  o = freshOrg('faults');
  [t] = sqlTexters(o.id, 1);
});

// Queues the initial messages of n fresh conversations; answers the
// message ids. spread: each from a number (and use case) of its own, so
// pacing lets them all go at once.
async function sendSome(n, { spread = false } = {}) {
  const convs = [];
  for (let i = 0; i < (spread ? n : 1); i++) {
    const c = campaignFixture(o.id, o.owner.id, { contacts: spread ? 1 : n });
    sql(`UPDATE conversations SET assignee_id = ${t.id} WHERE campaign_id = ${c.id}`);
    convs.push(...c.conversations);
  }
  const ids = [];
  for (const x of convs) {
    const r = await t.client.post(`${org(o.id)}/conversations/${x.id}/initial`, {});
    assert.equal(r.status, 201, r.text);
    ids.push(r.body.message.id);
  }
  return ids;
}

// Waits until every message has one of the statuses (sent: sent or delivered).
async function settled(ids, statuses = ['sent', 'delivered'], timeoutMs = 40000) {
  return waitFor(`messages ${ids.join(',')} to be ${statuses.join(' or ')}`, async () => {
    const rows = ids.map(messageRow);
    return { done: rows.every((m) => statuses.includes(m.status)), value: rows };
  }, { timeoutMs, intervalMs: 200 });
}

// What the simulator saw for each message: [{posts, created, replayed}].
async function seen(ids) {
  return Promise.all(ids.map(async (id) => (await simMessagesOf(messageRef(id))).counts));
}

// Every POST /messages for each message, refused ones included: [[{at, status}]].
async function postsFor(ids) {
  const calls = await simCalls();
  return ids.map((id) => postsOf(calls, messageRef(id)));
}

// A message of unknown fate with a record at the provider: bound from the
// records (its provider id the simulator's). Never POSTed twice.
async function settledFromRecords(ids) {
  const rows = await settled(ids, ['sent', 'delivered'], 60000);
  for (const m of rows) {
    const sim = await simMessagesOf(messageRef(m.id));
    assert.equal(m.provider_message_id, sim.messages[0].id, 'bound to its own record');
  }
}

describe('provider faults while sending', { concurrency: 1 }, () => {
  test('429 rate limits: posted again after Retry-After, one message each', { timeout: 60000 }, async () => {
    let ids;
    await withSimOptions({ fault_paths: ONLY_MESSAGES, rate_limit_every: 2, rate_limit_reset_seconds: 2 }, async () => {
      ids = await sendSome(6);
      await settled(ids);
    });
    for (const c of await seen(ids)) assert.deepEqual(c, { posts: 1, created: 1, replayed: 0 });
    // The provider's wait after a 429 is honoured: the next POST of that
    // message comes Retry-After (2 s) later, not sooner.
    let refused = 0;
    for (const posts of await postsFor(ids)) {
      for (let i = 1; i < posts.length; i++) {
        assert.equal(posts[i - 1].status, 429, 'only a 429 is posted again');
        assert.ok(posts[i].at - posts[i - 1].at >= 1800, `posted again ${posts[i].at - posts[i - 1].at} ms after a 429 asking for 2 s`);
        refused++;
      }
    }
    assert.ok(refused > 0, 'some were refused first');
  });

  test('429s and 503s: the refused ones are sent once; those answered 503 are never posted again', { timeout: 90000 }, async () => {
    let ids;
    await withSimOptions({ fault_paths: ONLY_MESSAGES, rate_limit_every: 3, rate_limit_reset_seconds: 1, error_next: 4 }, async () => {
      ids = await sendSome(8);
      await settled(ids, ['sent', 'delivered', 'unknown'], 60000);
    });
    // Whoever still has to settle has had the whole wait for records.
    await sleep((RECONCILE_S + 1) * 1000);
    const rows = ids.map(messageRow);
    const posts = await postsFor(ids);
    const counts = await seen(ids);
    let unknown = 0;
    ids.forEach((id, i) => {
      const answered503 = posts[i].some((p) => p.status === 503);
      if (answered503) {
        unknown++;
        assert.equal(rows[i].status, 'unknown', `message ${id} answered 503: ${JSON.stringify(rows[i])}`);
        assert.equal(posts[i].filter((p) => p.status !== 429).length, 1, `message ${id}: one POST after its 429s, never again after the 503`);
        assert.equal(posts[i][posts[i].length - 1].status, 503, 'the 503 was its last POST');
        assert.deepEqual(counts[i], { posts: 0, created: 0, replayed: 0 });
        assert.match(rows[i].error, /not sent again/);
      } else {
        assert.ok(['sent', 'delivered'].includes(rows[i].status), JSON.stringify(rows[i]));
        assert.deepEqual(counts[i], { posts: 1, created: 1, replayed: 0 });
      }
    });
    assert.equal(unknown, 4, 'the four 503s');
    assert.ok(rows.some((m) => m.attempts > 1), 'some were refused with 429 first');
  });

  test('answers slower than our timeout: the webhook settles them, no second POST', { timeout: 60000 }, async () => {
    let ids;
    await withSimOptions({ fault_paths: ONLY_MESSAGES, slow_ms: TIMEOUT_MS + 1500, slow_rate: 1 }, async () => {
      ids = await sendSome(3);
      await settled(ids, ['delivered'], 30000);
    });
    for (const c of await seen(ids)) assert.deepEqual(c, { posts: 1, created: 1, replayed: 0 });
  });

  test('slow answers and every webhook lost: never posted again; settled from the provider\'s records', { timeout: 90000 }, async () => {
    let ids;
    await withSimOptions({ fault_paths: ONLY_MESSAGES, slow_ms: TIMEOUT_MS + 1500, slow_rate: 1, webhook: { loss: 1 } }, async () => {
      ids = await sendSome(2);
      // The first POSTs time out (the provider took them all the same), no
      // webhook comes: only the records can settle them.
      await settledFromRecords(ids);
    });
    await sleep((RECONCILE_S + 1) * 1000);
    for (const c of await seen(ids)) assert.deepEqual(c, { posts: 1, created: 1, replayed: 0 });
    assert.deepEqual(ids.map((id) => messageRow(id).attempts), [1, 1]);
  });

  // Sends n messages whose POSTs take most of our timeout, and kills the
  // sender while they are in flight. The sender is held still while they
  // are queued, so it takes them all in one batch (each from a number of
  // its own: pacing would give a second one on a number a later slot).
  async function killedInFlight(n, { webhooks = true } = {}) {
    const [pid] = children(masterPid(), 'll-sender');
    assert.ok(pid, 'a sender runs');
    process.kill(pid, 'SIGSTOP');
    let ids;
    try {
      ids = await sendSome(n, { spread: true });
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
      await settled(ids, ['delivered'], 60000);
    });
    for (const c of await seen(ids)) assert.deepEqual(c, { posts: 1, created: 1, replayed: 0 });
  });

  test('the sender killed and no webhook comes: after the lease, settled from the records, never posted again', { timeout: 120000 }, async () => {
    let ids;
    await withSimOptions({ fault_paths: ONLY_MESSAGES, slow_ms: TIMEOUT_MS - 500, slow_rate: 1, webhook: { loss: 1 } }, async () => {
      ids = await killedInFlight(2, { webhooks: false });
      await sleep(TIMEOUT_MS);
      assert.deepEqual(ids.map((id) => messageRow(id).status), ['sending', 'sending'], 'fate unknown: waiting, not re-sent');
      await settledFromRecords(ids);
    });
    for (const c of await seen(ids)) assert.deepEqual(c, { posts: 1, created: 1, replayed: 0 });
    for (const posts of await postsFor(ids)) assert.equal(posts.length, 1, 'one POST');
  });

  test('no answer and no record: looked up again until sender_records_wait_s, then unknown; one POST', { timeout: 90000 }, async (ctx) => {
    let id;
    let queuedAt;
    await withSimOptions({ fault_paths: ONLY_MESSAGES, error_next: 1 }, async () => {
      queuedAt = Date.now();
      [id] = await sendSome(1);
      await settled([id], ['unknown'], (RECORDS_WAIT_S + 30) * 1000);
    });
    const tookMs = Date.now() - queuedAt;
    assert.ok(tookMs >= (RECORDS_WAIT_S - 1) * 1000, `unknown after ${tookMs} ms, not before sender_records_wait_s`);
    const m = messageRow(id);
    assert.match(m.error, /records showed no such message/);
    const calls = await simCalls();
    assert.equal(postsOf(calls, messageRef(id)).length, 1, 'one POST, answered 503');
    const to = sql(`SELECT to_number FROM messages WHERE id = ${id}`)[0][0];
    const looks = calls.filter((c) => c.method === 'GET' && c.path === '/reports/mdrs' && c.query.cld === to);
    assert.ok(looks.length >= 2, `looked at the records ${looks.length} times`);
    for (const l of looks) {
      assert.equal(l.query.direction, 'OUTBOUND');
      assert.match(l.query.start_date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.match(l.query.end_date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    await sleep(2000);
    assert.equal(postsOf(await simCalls(), messageRef(id)).length, 1, 'still one POST');
  });

  test('a record that is another message of ours is not taken: the reply binds its own', { timeout: 90000 }, async (ctx) => {
    // The initial message goes normally; the reply to the same contact
    // gets no answer and no webhook: the records then show both.
    const c = campaignFixture(o.id, o.owner.id, { contacts: 1 });
    const [x] = c.conversations;
    sql(`UPDATE conversations SET assignee_id = ${t.id} WHERE id = ${x.id}`);
    let r = await t.client.post(`${org(o.id)}/conversations/${x.id}/initial`, {});
    assert.equal(r.status, 201, r.text);
    const first = r.body.message.id;
    const [firstRow] = await settled([first], ['delivered']);
    let reply;
    await withSimOptions({ fault_paths: ONLY_MESSAGES, slow_ms: TIMEOUT_MS + 1500, slow_rate: 1, webhook: { loss: 1 } }, async () => {
      r = await t.client.post(`${org(o.id)}/conversations/${x.id}/messages`, { body: 'And one more thing.' });
      assert.equal(r.status, 201, r.text);
      reply = r.body.message.id;
      await withSimOptions({ slow_ms: 0 }, () => settled([reply], ['sent', 'delivered'], 60000));
    });
    const m = messageRow(reply);
    const sim = await simMessagesOf(messageRef(reply));
    assert.equal(m.provider_message_id, sim.messages[0].id);
    assert.notEqual(m.provider_message_id, firstRow.provider_message_id);
    assert.equal(messageRow(first).provider_message_id, firstRow.provider_message_id, 'the first keeps its own');
  });
});
