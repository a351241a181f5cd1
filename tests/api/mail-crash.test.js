// Several mailers, and mailers that die. The test stack runs two mailer
// processes (mailers = 2 in launchline.conf) claiming from one outbox:
//  - many emails at once: each is sent once, and both mailers send some;
//  - a mailer SIGKILLed in the middle of sending: the email is sent again
//    once its lease (mail_lease_s) runs out, so none is lost. It comes
//    twice only when the server already had it and its 250 never reached
//    us: the one window SMTP leaves open. We force that case, force the
//    case before the data, kill mailers at random while emails flow, and
//    report the duplicates;
//  - the window itself: from the server's 250 to our row saying "sent"
//    (the sink's answered_at against the row's sent_at, one clock).
//
// SIGKILLs every ll-mailer: no other test file may be sending email then,
// so this file holds the simulator lock like every file that provisions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { configInt } from './lib/env.js';
import { children, masterPid } from './lib/procs.js';
import { records as sql } from './lib/db.js';
import { lockSimulator } from './lib/simlock.js';
import { waitFor } from './lib/sim.js';
import { addFault, removeFault, faults, messagesTo, waitForMessages, only } from './lib/mail.js';
import { orgWithUseCase, createNumber, settled } from './lib/provision.js';

const rules = [];
let unlock;
before(async () => { unlock = await lockSimulator('tests/api/mail-crash.test.js'); });
after(async () => {
  for (const id of rules) await removeFault(id);
  unlock?.();
});

async function fault(rule) {
  const r = await addFault(rule);
  rules.push(r.id);
  return r;
}

const lease = () => configInt('mail_lease_s', 300);

// The outbox rows of an organization, straight from the database.
function outbox(orgId) {
  return sql(`SET time_zone = '+00:00';
              SELECT id, number_id, status, attempts, lease_owner, message_id, last_error,
                     ROUND(UNIX_TIMESTAMP(sent_at) * 1000) AS sent_ms
              FROM email_outbox WHERE org_id = ${orgId} ORDER BY id`);
}

async function allSent(orgId, n, timeoutMs) {
  return waitFor(`${n} emails of org ${orgId} sent`, async () => {
    const rows = outbox(orgId);
    return { done: rows.length === n && rows.every((r) => r.status === 'sent'), value: rows };
  }, { timeoutMs, intervalMs: 300 });
}

// SIGKILLs every mailer; waits for the master to start new ones.
async function killMailers() {
  const master = masterPid();
  const victims = children(master, 'll-mailer');
  assert.ok(victims.length >= 1, 'mailers are running');
  for (const pid of victims) process.kill(pid, 'SIGKILL');
  await waitFor('the master to replace the mailers', async () => {
    const now = children(master, 'll-mailer');
    return { done: now.length === victims.length && now.every((p) => !victims.includes(p)), value: now };
  }, { timeoutMs: 10000, intervalMs: 100 });
  return victims.length;
}

// Messages per number id (from the link in the text), for addr.
async function copiesPerNumber(addr) {
  const per = new Map();
  for (const m of await messagesTo(addr)) {
    const id = Number((/\/numbers\/([0-9]+)/.exec(m.text) || [])[1]);
    per.set(id, (per.get(id) || 0) + 1);
  }
  return per;
}

test('two mailers at once: every email sent exactly once, and both mailers send', async (t) => {
  const master = masterPid();
  const mailers = children(master, 'll-mailer');
  assert.equal(mailers.length, configInt('mailers', 1));
  assert.ok(mailers.length >= 2, 'the test stack runs two mailers');
  const { o, c, uc } = await orgWithUseCase('mtwo');
  // A slow server, so the sessions overlap.
  await fault({ stage: 'data', rcpt: only(o.owner.email), action: 'pass', delay_ms: 400 });
  const n = 12;
  const made = await Promise.all(Array.from({ length: n }, (_, i) => createNumber(c, o.id, uc.id, ['415', '510', '650', '408'][i % 4])));
  for (const x of made) assert.equal((await settled(c, o.id, x.id)).provisioning_status, 'complete');
  const rows = await allSent(o.id, n, 60000);
  await sleep(1500);
  const per = await copiesPerNumber(o.owner.email);
  for (const x of made) assert.equal(per.get(x.id), 1, `number ${x.id}: one email`);
  assert.equal([...per.values()].reduce((a, b) => a + b, 0), n);
  const senders = new Set(rows.map((r) => r.lease_owner.split('-')[1]));
  assert.ok(senders.size >= 2, `both mailers sent some: ${[...senders]}`);
  assert.ok(rows.every((r) => r.attempts === '1'), 'no email was claimed twice');
  t.diagnostic(`${n} emails, ${senders.size} mailers sent them, ${n} copies`);
});

test('killed after the server stored the message but before its 250: the one duplicate, none lost', async (t) => {
  const { o, c, uc } = await orgWithUseCase('mdup');
  const addr = o.owner.email;
  // The server keeps the message, then takes its time to say so.
  await fault({ stage: 'data', rcpt: only(addr), action: 'pass', store: true, delay_ms: 5000, times: 1 });
  const made = await createNumber(c, o.id, uc.id);
  await settled(c, o.id, made.id);
  const [first] = await waitForMessages(addr, 1);
  assert.equal(first.answered_at, null, 'stored, not yet answered');
  const killedAt = Date.now();
  await killMailers();
  const [row] = await allSent(o.id, 1, (lease() + 30) * 1000);
  const copies = await messagesTo(addr);
  assert.equal(copies.length, 2, 'sent again after the lease: the server had it already');
  assert.equal(copies[0].message_id, copies[1].message_id, 'the same Message-ID both times: receivers can tell');
  assert.equal(copies[0].message_id, row.message_id);
  assert.equal(row.attempts, '2');
  assert.ok(Date.parse(copies[1].received_at) - killedAt >= (lease() - 4) * 1000, 'not before the lease ran out');
  t.diagnostic(`duplicates: 1 of 1 (forced: killed inside the window, ${Date.parse(copies[1].received_at) - killedAt} ms to the second copy)`);
});

test('killed before the server had the message: sent once after the lease, none lost', async (t) => {
  const { o, c, uc } = await orgWithUseCase('mnodup');
  const addr = o.owner.email;
  const rule = await fault({ stage: 'rcpt', rcpt: only(addr), action: 'pass', delay_ms: 5000, times: 1 });
  const made = await createNumber(c, o.id, uc.id);
  await settled(c, o.id, made.id);
  await waitFor('the mailer to be waiting on RCPT', async () => {
    const left = await faults();
    return { done: !left.some((f) => f.id === rule.id), value: left };
  }, { timeoutMs: 20000, intervalMs: 100 });
  await killMailers();
  const [row] = await allSent(o.id, 1, (lease() + 30) * 1000);
  await sleep(1000);
  const copies = await messagesTo(addr);
  assert.equal(copies.length, 1);
  assert.equal(row.attempts, '2');
  t.diagnostic('duplicates: 0 of 1 (killed before the data)');
});

test('mailers killed at random moments of their sessions: none lost; duplicates counted', async (t) => {
  const { o, c, uc } = await orgWithUseCase('mrandom');
  const addr = o.owner.email;
  // A server that stores each message 500 ms before answering: a wide
  // window, so some kills land inside it.
  await fault({ stage: 'data', rcpt: only(addr), action: 'pass', store: true, delay_ms: 500 });
  const n = 16;
  const made = await Promise.all(Array.from({ length: n }, (_, i) => createNumber(c, o.id, uc.id, ['415', '510', '650', '408'][i % 4])));
  let kills = 0;
  let killed = 0;
  for (let i = 0; i < 4; i++) {
    // Only while a live mailer sends an email (not a row left 'sending' by
    // the mailers killed before), at a random moment of it.
    const busy = await waitFor('an email being sent', async () => {
      const live = children(masterPid(), 'll-mailer').map(String);
      const rows = outbox(o.id);
      return {
        done: rows.some((r) => r.status === 'sending' && live.includes(r.lease_owner.split('-')[1])),
        value: rows.map((r) => r.status),
      };
    }, { timeoutMs: (lease() + 30) * 1000, intervalMs: 50 }).catch(() => null);
    if (!busy) break;
    await sleep(Math.floor(Math.random() * 700));
    killed += await killMailers();
    kills++;
  }
  for (const x of made) await settled(c, o.id, x.id);
  const rows = await allSent(o.id, n, (lease() * 2 + 60) * 1000);
  await sleep(1500);
  const per = await copiesPerNumber(addr);
  const lost = made.filter((x) => !per.get(x.id));
  assert.deepEqual(lost.map((x) => x.id), [], 'no email lost');
  const total = [...per.values()].reduce((a, b) => a + b, 0);
  const dups = total - n;
  const resent = rows.filter((r) => Number(r.attempts) > 1).length;
  assert.ok(kills >= 1, 'at least one mailer was killed mid-send');
  assert.ok(resent >= 1, 'an email cut off by a kill was sent again');
  assert.ok(dups <= resent, `a duplicate only for an email sent again (${dups} > ${resent})`);
  t.diagnostic(`${n} emails, ${kills} kills mid-send (${killed} mailer processes): 0 lost, ${resent} sent again after their lease, ${dups} duplicate(s) (a kill inside the server's 500 ms between storing and answering makes one)`);
});

test('the unknown-delivery window: from the server\'s 250 to our row saying sent', async (t) => {
  const { o, c, uc } = await orgWithUseCase('mwindow');
  const addr = o.owner.email;
  const n = 20;
  const made = await Promise.all(Array.from({ length: n }, (_, i) => createNumber(c, o.id, uc.id, ['415', '510', '650', '408'][i % 4])));
  for (const x of made) await settled(c, o.id, x.id);
  const rows = await allSent(o.id, n, 60000);
  const byId = new Map(rows.map((r) => [r.message_id, r]));
  const windows = [];
  for (const m of await messagesTo(addr)) {
    const row = byId.get(m.message_id);
    assert.ok(row && m.answered_at, `message ${m.id} answered and recorded`);
    windows.push(Number(row.sent_ms) - Date.parse(m.answered_at));
  }
  assert.equal(windows.length, n);
  windows.sort((a, b) => a - b);
  const q = (p) => windows[Math.min(windows.length - 1, Math.floor(p * windows.length))];
  // sent_at is taken by the UPDATE right after the 250 is read (before QUIT).
  assert.ok(windows[0] >= -5, `recorded before the server answered? ${windows[0]} ms`);
  assert.ok(q(0.5) < 100, `median window ${q(0.5)} ms`);
  assert.ok(windows[windows.length - 1] < 1000, `max window ${windows[windows.length - 1]} ms`);
  t.diagnostic(`unknown-delivery window over ${n} emails: p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${windows[windows.length - 1]} ms`);
});
