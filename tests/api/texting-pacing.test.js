// Pacing: the sender holds each use case to its messages per minute
// (use_cases.messages_per_minute, else sender_use_case_per_minute) and
// each number to sender_number_per_minute (600 on the test stack), as the
// provider sees it (the simulator's call log: every POST /messages with its
// time); the messenger answers at once all the same (a send only queues);
// a waiting message is given its slot once, not rewritten every round; and
// the campaign and texting pages report the queue: what waits, how long
// until it has gone, and the unknown messages.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { loggedIn } from './lib/client.js';
import { freshOrg } from './lib/admin.js';
import { sql, sqlValue, lit } from './lib/db.js';
import { lockSimulator } from './lib/simlock.js';
import { configInt } from './lib/env.js';
import { simCalls, waitFor } from './lib/sim.js';
import { org, campaignFixture, numberFixture, sqlTexters, randomE164, messageRow } from './lib/texting.js';

let unlock;
before(async () => { unlock = await lockSimulator('texting-pacing'); });
after(() => unlock?.());

const NUMBER_PER_MINUTE = configInt('sender_number_per_minute', 0);
const SLACK_MS = 150; // the sender takes slots up to 50 ms early, and is up to ~100 ms late

let o; let t; let owner;
before(async () => {
  o = freshOrg('pacing');
  [t] = sqlTexters(o.id, 1);
  owner = await loggedIn(o.owner);
});

// A campaign on its own number of a use case limited to perMinute; a
// second number on the same use case when `number` is given.
function pacedCampaign(perMinute, contacts, number) {
  const num = number || numberFixture(o.id, o.owner.id);
  sql(`UPDATE use_cases SET messages_per_minute = ${perMinute === null ? 'NULL' : perMinute}
    WHERE id = (SELECT use_case_id FROM phone_numbers WHERE id = ${num.id})`);
  const c = campaignFixture(o.id, o.owner.id, { contacts, number: num });
  sql(`UPDATE conversations SET assignee_id = ${t.id} WHERE campaign_id = ${c.id}`);
  return c;
}

// Another complete number on the use case of number `of`.
function sameUseCaseNumber(of) {
  const e164 = randomE164();
  const id = Number(sqlValue(`INSERT INTO phone_numbers (org_id, use_case_id, kind, area_codes, phone_number,
      provisioning_status, step, initiated_by, next_attempt_at)
    SELECT org_id, use_case_id, 'dedicated', ${lit(e164.slice(2, 5))}, ${lit(e164)}, 'complete', 'done', initiated_by,
      UTC_TIMESTAMP() + INTERVAL 1 DAY FROM phone_numbers WHERE id = ${of.id};
    SELECT LAST_INSERT_ID();`));
  return { id, e164 };
}

// Queues the initial message of every conversation of c through the API;
// answers the ids and the slowest answer (ms).
async function sendAll(c) {
  const ids = [];
  let slowest = 0;
  for (const x of c.conversations) {
    const t0 = Date.now();
    const r = await t.client.post(`${org(o.id)}/conversations/${x.id}/initial`, {});
    slowest = Math.max(slowest, Date.now() - t0);
    assert.equal(r.status, 201, r.text);
    ids.push(r.body.message.id);
  }
  return { ids, slowest };
}

async function allSent(ids, timeoutMs) {
  return waitFor(`messages ${ids[0]}.. to be sent`, async () => {
    const rows = ids.map(messageRow);
    return { done: rows.every((m) => ['sent', 'delivered'].includes(m.status)), value: rows.map((m) => m.status) };
  }, { timeoutMs, intervalMs: 250 });
}

// The times (ms) the provider received the POSTs from the numbers, in order.
async function postTimes(...numbers) {
  const from = new Set(numbers.map((n) => n.e164));
  return (await simCalls())
    .filter((c) => c.method === 'POST' && c.path === '/messages' && c.status === 200 && c.body && from.has(c.body.from))
    .map((c) => Date.parse(c.at)).sort((a, b) => a - b);
}

// Any k consecutive POSTs span at least (k - 1) intervals (less the slack):
// the rate holds over every window, not only on average.
function assertPaced(times, intervalMs, what) {
  for (let i = 0; i < times.length; i++) {
    for (let j = i + 1; j < times.length; j++) {
      const min = (j - i) * intervalMs - SLACK_MS;
      assert.ok(times[j] - times[i] >= min,
        `${what}: POSTs ${i} and ${j} ${times[j] - times[i]} ms apart, at least ${min} expected (${times.map((x) => x - times[0]).join(', ')})`);
    }
  }
}

describe('pacing', { concurrency: 1 }, () => {
  test('a use case at 60 a minute: one POST a second, the messenger answering at once', { timeout: 60000 }, async () => {
    const c = pacedCampaign(60, 6);
    const { ids, slowest } = await sendAll(c);
    assert.ok(slowest < 1000, `a send answered in ${slowest} ms: it only queues`);
    await allSent(ids, 30000);
    const times = await postTimes(c.number);
    assert.equal(times.length, 6, 'one POST each');
    assertPaced(times, 1000, 'use case at 60/min');
    assert.ok(times[5] - times[0] <= 5000 + 1000, `not slower than the limit either: ${times[5] - times[0]} ms`);
  });

  test('each number at sender_number_per_minute, though its use case allows three times more', { timeout: 60000 }, async (ctx) => {
    if (NUMBER_PER_MINUTE <= 0) {
      ctx.skip('the stack sets no sender_number_per_minute');
      return;
    }
    const a = pacedCampaign(NUMBER_PER_MINUTE * 3, 12);
    const b = pacedCampaign(NUMBER_PER_MINUTE * 3, 12, sameUseCaseNumber(a.number));
    const [ra, rb] = await Promise.all([sendAll(a), sendAll(b)]);
    await allSent([...ra.ids, ...rb.ids], 30000);
    const ta = await postTimes(a.number);
    const tb = await postTimes(b.number);
    assert.equal(ta.length, 12);
    assert.equal(tb.length, 12);
    // without a limit of their own the two would share the use case's
    // 3 x the rate, each going at 1.5 x it
    assertPaced(ta, 60000 / NUMBER_PER_MINUTE, `number ${a.number.e164}`);
    assertPaced(tb, 60000 / NUMBER_PER_MINUTE, `number ${b.number.e164}`);
  });

  test('three numbers of one use case together at the use case\'s rate', { timeout: 60000 }, async () => {
    // The use case at 300/min: numbers at their own limit (if any) would go
    // faster together.
    const a = pacedCampaign(300, 8);
    const b = pacedCampaign(300, 8, sameUseCaseNumber(a.number));
    const c = pacedCampaign(300, 8, sameUseCaseNumber(a.number));
    const sent = await Promise.all([sendAll(a), sendAll(b), sendAll(c)]);
    await allSent(sent.flatMap((x) => x.ids), 30000);
    const all = await postTimes(a.number, b.number, c.number);
    assert.equal(all.length, 24);
    assertPaced(all, 200, 'their use case at 300/min');
  });

  test('the queue: what waits, how long until it has gone (behind what is ahead on the use case), unknown messages', { timeout: 60000 }, async () => {
    const a = pacedCampaign(60, 10);
    const b = pacedCampaign(60, 5, sameUseCaseNumber(a.number));
    await sendAll(a);
    await sendAll(b);
    let r = await owner.get(`${org(o.id)}/campaigns/${a.id}`);
    assert.equal(r.status, 200, r.text);
    const qa = r.body.queue;
    assert.equal(qa.per_minute, 60);
    assert.ok(qa.waiting >= 7 && qa.waiting <= 10, JSON.stringify(qa));
    // the last of a's goes about waiting - 1 seconds from now
    assert.ok(qa.drain_seconds >= qa.waiting - 2 && qa.drain_seconds <= qa.waiting + 1, JSON.stringify(qa));
    assert.equal(qa.unknown, 0);
    const readA = Date.now();
    r = await owner.get(`${org(o.id)}/campaigns/${b.id}/assignments`);
    assert.equal(r.status, 200, r.text);
    const qb = r.body.queue;
    assert.equal(qb.waiting, 5, JSON.stringify(qb));
    // b's five wait behind a's on their use case (counted from when a's
    // figure was read: a slow machine may take a second between the reads)
    const between = Math.ceil((Date.now() - readA) / 1000);
    assert.ok(qb.drain_seconds + between >= qa.drain_seconds + 4 && qb.drain_seconds <= qa.drain_seconds + 7,
      `b: ${JSON.stringify(qb)}, a: ${JSON.stringify(qa)}, ${between} s between the reads`);
    // an unknown message is counted
    const [x] = a.conversations;
    sql(`UPDATE messages SET status = 'unknown', error = 'test', next_attempt_at = NULL
      WHERE conversation_id = ${x.id} AND status IN ('sent', 'delivered', 'queued')`);
    r = await owner.get(`${org(o.id)}/campaigns/${a.id}`);
    assert.equal(r.body.queue.unknown, 1, JSON.stringify(r.body.queue));
    // once everything has gone: nothing waits
    const ids = sql(`SELECT id FROM messages WHERE campaign_id IN (${a.id}, ${b.id}) AND status <> 'unknown'`).map(([id]) => Number(id));
    await allSent(ids, 40000);
    r = await owner.get(`${org(o.id)}/campaigns/${b.id}`);
    assert.deepEqual(r.body.queue, { waiting: 0, unknown: 0, drain_seconds: 0, per_minute: 60 });
  });

  test('a campaign without a figure of its own takes sender_use_case_per_minute', async () => {
    const c = pacedCampaign(null, 1);
    const r = await owner.get(`${org(o.id)}/campaigns/${c.id}`);
    const def = configInt('sender_use_case_per_minute', 4500);
    assert.equal(r.body.queue.per_minute, NUMBER_PER_MINUTE > 0 ? Math.min(def, NUMBER_PER_MINUTE) : def);
  });

  test('200 waiting at 60 a minute: each given its slot once, not rewritten while it waits', { timeout: 60000 }, async () => {
    const c = pacedCampaign(60, 200);
    // Queued as the messenger would, straight into the table (200 clicks
    // through the API would only make the test slower).
    sql(`UPDATE conversations SET status = 'messaged' WHERE campaign_id = ${c.id};
      INSERT INTO messages (conversation_id, campaign_id, direction, initial, body, from_number, to_number, sender_id,
        status, next_attempt_at, status_at)
      SELECT id, campaign_id, 'out', 1, 'Paced.', ${lit(c.number.e164)}, phone, ${t.id}, 'queued', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)
      FROM conversations WHERE campaign_id = ${c.id} ORDER BY id;`);
    const slots = () => new Map(sql(`SELECT id, paced, next_attempt_at FROM messages WHERE campaign_id = ${c.id} AND status = 'queued'`)
      .map(([id, paced, at]) => [id, `${paced} ${at}`]));
    const first = await waitFor('every waiting message to have its slot', async () => {
      const s = slots();
      return { done: s.size > 0 && [...s.values()].every((v) => v.startsWith('1 ')), value: s.size };
    }, { timeoutMs: 10000, intervalMs: 200 }) && slots();
    assert.ok(first.size >= 190, `${first.size} waiting`);
    const last = [...first.values()].map((v) => Date.parse(`${v.slice(2).replace(' ', 'T')}Z`)).sort((x, y) => x - y);
    // one slot a second, the last about 200 s out
    assert.ok(last[last.length - 1] - last[0] >= (last.length - 1) * 1000 - 5, 'a second apart');
    await sleep(3000);
    const later = slots();
    let same = 0;
    for (const [id, v] of later) if (first.get(id) === v) same++;
    assert.equal(same, later.size, 'the ones still waiting kept their slot');
    assert.ok(later.size <= first.size - 2, 'and some went meanwhile');
    sql(`UPDATE messages SET status = 'failed', error = 'test over', next_attempt_at = NULL, paced = 0
      WHERE campaign_id = ${c.id} AND status = 'queued'`);
  });
});
