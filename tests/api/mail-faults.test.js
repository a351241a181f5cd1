// The mailer against a misbehaving mail server (the sink's failure
// injection): 4xx answers and dropped or slow connections are retried with
// back-off and the email still arrives exactly once; a 5xx, or a temporary
// failure that never ends, leaves the row failed with the server's answer,
// which admins see; the server down for a while loses nothing.
//
// Fault rules name the recipient they apply to (each test mails a fresh
// owner), so they touch no other test's mail. The sink going down affects
// everyone's mail for a few seconds: late, never lost.
//
// The stack's mailers retry after mail_retry_first_s doubling up to
// mail_retry_cap_s and give up after mail_max_attempts (1 s, 2 s, 8 in the
// test stack), with smtp_timeout_ms (3 s) per answer.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { configInt } from './lib/env.js';
import { lockSimulator } from './lib/simlock.js';
import { waitFor } from './lib/sim.js';
import { addFault, removeFault, faults, messagesTo, waitForMessages, parsed, sinkDown, sinkState, only } from './lib/mail.js';
import { orgWithUseCase, createNumber, settled } from './lib/provision.js';

const emails = (orgId) => `/api/v1/orgs/${orgId}/emails`;
const rules = [];

let unlock;
before(async () => { unlock = await lockSimulator('tests/api/mail-faults.test.js'); });
after(async () => {
  for (const id of rules) await removeFault(id);
  unlock?.();
});

async function fault(rule) {
  const r = await addFault(rule);
  rules.push(r.id);
  return r;
}

// The outbox row about a number, once it satisfies `until` (default: final).
async function emailRow(c, orgId, numberId, until = (e) => e.status === 'sent' || e.status === 'failed', timeoutMs = 40000) {
  return waitFor(`the email about number ${numberId}`, async () => {
    const row = (await c.all(emails(orgId))).find((e) => e.phone_number_id === numberId);
    return { done: Boolean(row && until(row)), value: row };
  }, { timeoutMs, intervalMs: 250 });
}

// A fresh owner with a number that completed; answers what the test needs.
async function completedNumber(label) {
  const { o, c, uc } = await orgWithUseCase(label);
  return { o, c, uc, addr: o.owner.email };
}

async function provision(c, o, uc, area = '415') {
  const made = await createNumber(c, o.id, uc.id, area);
  const d = await settled(c, o.id, made.id);
  return d;
}

// Exactly one message to addr, and it is about number id.
async function exactlyOne(addr, id) {
  await waitForMessages(addr, 1);
  await sleep(1500);
  const all = await messagesTo(addr);
  assert.equal(all.length, 1, `one copy to ${addr}, got ${all.length}`);
  const p = await parsed(all[0]);
  assert.ok(p.parts[0].content.includes(`/numbers/${id}`), 'the email about this number');
  return all[0];
}

describe('temporary failures are retried, final ones are not', { concurrency: true }, () => {
  test('451 twice, then accepted: sent on the third attempt, one copy, no error left', async () => {
    const { o, c, uc, addr } = await completedNumber('m451');
    const rule = await fault({ stage: 'rcpt', rcpt: only(addr), action: 'reply', code: 451, text: '4.3.0 Mailbox busy, try again later', times: 2 });
    const d = await provision(c, o, uc);
    await exactlyOne(addr, d.id);
    const row = await emailRow(c, o.id, d.id);
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 3);
    assert.equal(row.last_error, null);
    assert.ok(!(await faults()).some((f) => f.id === rule.id), 'both 451s were given');
  });

  test('while 4xx lasts the row is queued with the answer and its next attempt; then it goes once', async () => {
    const { o, c, uc, addr } = await completedNumber('m4xx');
    const rule = await fault({ stage: 'data', rcpt: only(addr), action: 'reply', code: 452, text: '4.2.2 Mailbox full' });
    const d = await provision(c, o, uc);
    const failing = await emailRow(c, o.id, d.id, (e) => e.attempts >= 2 && e.status === 'queued');
    assert.equal(failing.last_error, '452 4.2.2 Mailbox full');
    assert.ok(failing.next_attempt_at, 'a next attempt is planned');
    assert.equal(failing.sent_at, null);
    assert.deepEqual(await messagesTo(addr), []);
    await removeFault(rule.id);
    await exactlyOne(addr, d.id);
    const row = await emailRow(c, o.id, d.id);
    assert.equal(row.status, 'sent');
    assert.equal(row.last_error, null);
    assert.equal(row.next_attempt_at, null);
  });

  test('550 to the recipient: failed at once with the server\'s answer, never retried', async () => {
    const { o, c, uc, addr } = await completedNumber('m550');
    await fault({ stage: 'rcpt', rcpt: only(addr), action: 'reply', code: 550, text: '5.1.1 No such user here' });
    const d = await provision(c, o, uc);
    const row = await emailRow(c, o.id, d.id);
    assert.equal(row.status, 'failed');
    assert.equal(row.last_error, '550 5.1.1 No such user here');
    assert.equal(row.attempts, 1);
    assert.equal(row.next_attempt_at, null);
    await sleep(3000);
    const again = (await c.all(emails(o.id))).find((e) => e.id === row.id);
    assert.equal(again.attempts, 1, 'not tried again');
    assert.deepEqual(await messagesTo(addr), []);
    // Admins find it among the failed ones.
    const failed = (await c.get(`${emails(o.id)}?status=failed`)).body.items;
    assert.deepEqual(failed.map((e) => e.id), [row.id]);
  });

  test('554 after the data: failed with the server\'s answer', async () => {
    const { o, c, uc, addr } = await completedNumber('m554');
    await fault({ stage: 'data', rcpt: only(addr), action: 'reply', code: 554, text: '5.7.1 Message rejected as spam' });
    const d = await provision(c, o, uc);
    const row = await emailRow(c, o.id, d.id);
    assert.equal(row.status, 'failed');
    assert.equal(row.last_error, '554 5.7.1 Message rejected as spam');
    assert.equal(row.attempts, 1);
    assert.deepEqual(await messagesTo(addr), []);
  });

  test('connection dropped before the answer: retried, one copy', async () => {
    const { o, c, uc, addr } = await completedNumber('mdrop');
    await fault({ stage: 'data', rcpt: only(addr), action: 'drop', times: 1 });
    const d = await provision(c, o, uc);
    await exactlyOne(addr, d.id);
    const row = await emailRow(c, o.id, d.id);
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 2);
  });

  test('slow answers: within the timeout it just waits; beyond it, retried; one copy each', async () => {
    const timeout = configInt('smtp_timeout_ms', 30000);
    const slow = await completedNumber('mslow');
    await fault({ stage: 'rcpt', rcpt: only(slow.addr), action: 'pass', delay_ms: Math.floor(timeout / 3), times: 1 });
    const late = await completedNumber('mlate');
    await fault({ stage: 'data', rcpt: only(late.addr), action: 'pass', delay_ms: timeout + 1500, times: 1 });
    const [d1, d2] = await Promise.all([provision(slow.c, slow.o, slow.uc), provision(late.c, late.o, late.uc)]);
    await exactlyOne(slow.addr, d1.id);
    await exactlyOne(late.addr, d2.id);
    assert.equal((await emailRow(slow.c, slow.o.id, d1.id)).attempts, 1, 'a slow server is waited for');
    assert.equal((await emailRow(late.c, late.o.id, d2.id)).attempts, 2, 'a server slower than smtp_timeout_ms is left and tried again');
  });

  test('a temporary failure that never ends: failed after mail_max_attempts, with the last answer', async () => {
    const max = configInt('mail_max_attempts', 12);
    assert.ok(max <= 10, 'the test stack gives up soon');
    const { o, c, uc, addr } = await completedNumber('mgiveup');
    await fault({ stage: 'rcpt', rcpt: only(addr), action: 'reply', code: 421, text: '4.4.5 Server busy' });
    const d = await provision(c, o, uc);
    const row = await emailRow(c, o.id, d.id, undefined, 90000);
    assert.equal(row.status, 'failed');
    assert.equal(row.attempts, max);
    assert.equal(row.last_error, `421 4.4.5 Server busy (gave up after ${max} attempts)`);
    assert.deepEqual(await messagesTo(addr), []);
  });
});

test('the mail server down for a while: nothing is lost, each email arrives once after it returns', async (t) => {
  const downMs = 7000;
  const { o, c, uc, addr } = await completedNumber('mdown');
  const made = [];
  for (const area of ['415', '510', '650']) made.push(await createNumber(c, o.id, uc.id, area));
  await sinkDown(downMs);
  const since = Date.now();
  assert.equal((await sinkState()).smtp, 'down');
  for (const n of made) assert.equal((await settled(c, o.id, n.id)).provisioning_status, 'complete');
  // While it is down the mailers keep trying and nothing arrives.
  const trying = await emailRow(c, o.id, made[0].id, (e) => e.attempts >= 2 || e.status === 'sent', 30000);
  if (Date.now() - since < downMs - 500) {
    assert.ok(['queued', 'sending'].includes(trying.status), JSON.stringify(trying));
    assert.match(trying.last_error, /No answer from the mail server .*(refused|Connection)/i);
  }
  const got = await waitForMessages(addr, made.length, { timeoutMs: downMs + 30000 });
  await sleep(2000);
  const all = await messagesTo(addr);
  assert.equal(all.length, made.length, `each once: ${all.map((m) => m.subject).join(' | ')}`);
  assert.equal(new Set(all.map((m) => m.message_id)).size, made.length);
  for (const n of made) {
    const row = await emailRow(c, o.id, n.id);
    assert.equal(row.status, 'sent');
    assert.equal(row.last_error, null);
  }
  const attempts = (await c.all(emails(o.id))).map((e) => e.attempts);
  assert.ok(attempts.some((a) => a >= 2), `retried while the server was down: ${attempts}`);
  assert.ok(Date.parse(got[0].received_at) >= since + downMs - 1000, 'nothing got through while it was down');
  t.diagnostic(`down ${downMs} ms; attempts per email: ${attempts.join(', ')}`);
});
