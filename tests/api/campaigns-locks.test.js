// Lock order between campaigns and their numbers (issue 4): archiving a
// Launching campaign while its number's provisioning ends, and deadlocks
// that still happen being run again as a whole transaction.
//
// Every test forces its interleaving with a database session of its own
// (lib/session.js) holding row locks while the stack works, and watches
// information_schema to know who waits on whom: no timing luck involved.
// Numbers stay pending at the simulator until the test finishes their
// assignment, so the file holds the simulator lock for its whole run.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { lockSimulator } from './lib/simlock.js';
import { withSimOptions, forceAssignment, simCalls, waitFor } from './lib/sim.js';
import { records, sqlValue } from './lib/db.js';
import { openSession } from './lib/session.js';
import { campaignPath, orgWithUseCase, readyDraft, campaignReaches } from './lib/campaigns.js';

let unlock;
before(async () => { unlock = await lockSimulator('campaigns-locks'); });
after(() => unlock?.());

const action = (c, orgId, id, what) => c.post(`${campaignPath(orgId, id)}/${what}`);
const logFile = () => join(process.env.STATE_DIR, 'launchline.log');
const logSize = () => readFileSync(logFile()).length;
const logSince = (at) => readFileSync(logFile()).subarray(at).toString('utf8');

// information_schema's InnoDB tables, read fresh: InnoDB refreshes them
// only when they were not read for 100 ms, so reads are spaced wider.
let lastRead = 0;
async function innodb(text) {
  const wait = lastRead + 150 - Date.now();
  if (wait > 0) await sleep(wait);
  try {
    return records(text);
  } finally {
    lastRead = Date.now();
  }
}

// The InnoDB transaction of a connection, and the transactions waiting on
// a lock one holds: [{trx, query, tbl}] (tbl: the table of the lock they
// want).
const trxOf = (connId) => waitFor(`the transaction of connection ${connId}`, async () => {
  const rows = await innodb(`SELECT trx_id FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = ${connId}`);
  return { done: rows.length > 0, value: rows[0]?.trx_id ?? null };
}, { timeoutMs: 5000, intervalMs: 10 });
const waitersOf = (trx) => innodb(`SELECT w.requesting_trx_id AS trx, t.trx_query AS query, l.lock_table AS tbl
  FROM information_schema.INNODB_LOCK_WAITS w
  JOIN information_schema.INNODB_TRX t ON t.trx_id = w.requesting_trx_id
  JOIN information_schema.INNODB_LOCKS l ON l.lock_id = w.requested_lock_id
  WHERE w.blocking_trx_id = '${trx}'`);
// The provisioners' claims scan every initiated number; they are not what
// a test waits for.
const isClaim = (w) => /^UPDATE phone_numbers n SET lease_owner/.test(w.query ?? '');
const waiterOf = (what, trx, pick = (w) => !isClaim(w)) => waitFor(what, async () => {
  const w = (await waitersOf(trx)).filter(pick);
  return { done: w.length > 0, value: w[0] ?? null };
}, { timeoutMs: 20000, intervalMs: 10 });
const trxEnds = (what, trx) => waitFor(`${what} to end`, async () => {
  const left = (await innodb(`SELECT trx_id FROM information_schema.INNODB_TRX WHERE trx_id = '${trx}'`)).length;
  if (left === 0) await sleep(200); // its log line follows its end
  return { done: left === 0, value: left };
}, { timeoutMs: 20000, intervalMs: 10 });

// Can the number's row be locked now? (Tried a few times: the claims of
// idle provisioners lock it for an instant now and then.)
async function numberFree(id) {
  const probe = openSession();
  try {
    for (let i = 0; i < 10; i++) {
      if (!(await probe.query(`SELECT id FROM phone_numbers WHERE id = ${id} FOR UPDATE NOWAIT`)).error) return true;
      await sleep(100);
    }
    return false;
  } finally {
    probe.close();
  }
}

const number = (id) => records(`SELECT provisioning_status, step, phone_number, release_requested_at IS NOT NULL AS released FROM phone_numbers WHERE id = ${id}`)[0];

// A single-use campaign, Launching, whose number waits at the simulator
// for its assignment (the caller holds provisioning_seconds long).
async function launching(c, org, uc, contacts = 3) {
  const d = await readyDraft(c, org.id, { number_mode: 'single_use', use_case_id: uc.id, regions: [{ type: 'area_codes', area_codes: ['415', '510', '650'] }] }, contacts);
  const r = await action(c, org.id, d.id, 'launch');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'launching');
  const n = await waitFor(`number ${r.body.phone_number_id} polling`, async () => {
    const x = number(r.body.phone_number_id);
    return { done: x.step === 'poll', value: x };
  }, { timeoutMs: 30000, intervalMs: 200 });
  return { id: d.id, numberId: r.body.phone_number_id, e164: n.phone_number };
}

// The simulator leaves assignments pending until the test finishes them.
const pending = (fn) => withSimOptions({ provisioning_seconds: [600, 600] }, fn);

describe('campaigns and numbers: one lock order', () => {
  let org; let c; let uc;

  before(async () => { ({ org, c, uc } = await orgWithUseCase('locks')); });

  test('archiving a Launching campaign while its number completes: the campaign first, no deadlock', () => pending(async () => {
    const k = await launching(c, org, uc);
    const mark = logSize();
    const hold = openSession(); // holds the provisioner just before its finish
    const gap = openSession(); // holds the archive inside its transaction
    let finish;
    try {
      // 1. The provisioner's next poll sees the assignment done, but its
      // answer takes 1.8 s; meanwhile the number's next timeline entry is
      // made to wait, so the provisioner stops right before finishing.
      await withSimOptions({ fault_paths: '^/10dlc/phone_number_campaigns/.+', slow_rate: 1, slow_ms: 1800 }, async () => {
        const since = Math.max(0, ...(await simCalls()).map((x) => x.seq));
        await forceAssignment(k.e164, 'ASSIGNED');
        await waitFor('a poll after the assignment', async () => ({
          done: (await simCalls()).some((x) => x.seq > since && x.method === 'GET' && x.path.endsWith(k.e164)), value: null,
        }), { timeoutMs: 10000, intervalMs: 100 });
        const last = sqlValue('SELECT MAX(id) FROM provisioning_events');
        await hold.query('START TRANSACTION');
        await hold.query(`SELECT id FROM provisioning_events FORCE INDEX (provisioning_events_number) WHERE number_id = ${k.numberId} AND id > ${last} FOR UPDATE`);
        await waiterOf('the provisioner to stop before finishing the number', await trxOf(await hold.connectionId()));
      });
      // 2. The archive locks the campaign, then stops where its status
      // change writes into an index gap the second session holds.
      await gap.query('START TRANSACTION');
      await gap.query(`SELECT id FROM campaigns WHERE org_id = ${org.id} AND status = 'archived' FOR UPDATE`);
      const archiving = action(c, org.id, k.id, 'archive');
      const archiver = await waiterOf('the archive to wait on the session', await trxOf(await gap.connectionId()));
      // 3. The provisioner goes on into the number's finish, which must
      // queue for the campaign (first in the lock order) without holding
      // the number, which the archive goes on to release.
      await hold.query('ROLLBACK');
      finish = await waiterOf('the number\'s finish to wait on the archive', archiver.trx);
      assert.equal(finish.tbl, '`launchline`.`campaigns`', `the finish waits for ${finish.tbl} (${finish.query})`);
      assert.ok(await numberFree(k.numberId), 'the finish holds the number while it waits for the campaign');
      await gap.query('ROLLBACK');
      const a = await archiving;
      assert.equal(a.status, 200, a.text);
      assert.equal(a.body.status, 'archived');
    } finally {
      hold.close();
      gap.close();
    }
    await trxEnds('the number\'s finish', finish.trx);
    // Archived first, so the number was released before it completed: the
    // finish found nothing left to do, and did not fail.
    const n = number(k.numberId);
    assert.equal(n.released, '1');
    assert.equal(n.provisioning_status, 'failed', 'released while initiated');
    const g = (await c.get(campaignPath(org.id, k.id))).body;
    assert.equal(g.status, 'archived');
    assert.equal(sqlValue(`SELECT COUNT(*) FROM email_outbox WHERE number_id = ${k.numberId}`), '0', 'no email: it never became Active');
    const log = logSince(mark);
    assert.doesNotMatch(log, new RegExp(`number ${k.numberId}: could not save`), 'the finish failed');
  }));
});

// A session that did more than the stack's transaction (InnoDB breaks a
// deadlock by rolling back the one that did less): it changes the
// campaign's conversations, then holds `lockSql`.
async function heavySession(campaignId, lockSql) {
  const t = openSession();
  await t.query('START TRANSACTION');
  await t.query(`UPDATE conversations SET last_message_at = UTC_TIMESTAMP() WHERE campaign_id = ${campaignId}`);
  await t.query(lockSql);
  return { t, trx: await trxOf(await t.connectionId()) };
}

describe('a deadlock\'s victim runs again, whole', () => {
  let org; let c; let uc;

  before(async () => { ({ org, c, uc } = await orgWithUseCase('victim')); });

  test('archive: rolled back by InnoDB, run again, 200', async () => {
    // An Active single-use campaign: archiving it releases its number and
    // adds a timeline entry, which the session makes wait.
    const d = await readyDraft(c, org.id, { number_mode: 'single_use', use_case_id: uc.id, regions: [{ type: 'area_codes', area_codes: ['415'] }] }, 40);
    assert.equal((await action(c, org.id, d.id, 'launch')).status, 200);
    const active = await campaignReaches(c, org.id, d.id, 'active');
    const mark = logSize();
    const last = sqlValue('SELECT MAX(id) FROM provisioning_events');
    const { t, trx } = await heavySession(d.id, `SELECT id FROM provisioning_events FORCE INDEX (provisioning_events_number) WHERE number_id = ${active.phone_number_id} AND id > ${last} FOR UPDATE`);
    try {
      const archiving = action(c, org.id, d.id, 'archive');
      const first = await waiterOf('the archive to reach the number\'s timeline', trx);
      // The session now wants the campaign the archive holds: a cycle.
      const got = await t.query(`SELECT id FROM campaigns WHERE id = ${d.id} FOR UPDATE`);
      assert.ok(!got.error, `InnoDB chose the session, not the archive: ${got.error}`);
      const again = await waiterOf('the archive to run again', trx);
      assert.notEqual(again.trx, first.trx, 'a new transaction');
      assert.equal(again.tbl, '`launchline`.`campaigns`', 'from its start: the campaign first');
      await t.query('ROLLBACK');
      const a = await archiving;
      assert.equal(a.status, 200, a.text);
      assert.equal(a.body.status, 'archived');
    } finally {
      t.close();
    }
    assert.equal(number(active.phone_number_id).released, '1');
    assert.match(logSince(mark), /campaign archive: a deadlock's victim or refused by the cluster \(error 1213\); running it again/);
  });

  test('a number\'s end of provisioning: rolled back by InnoDB, run again, the campaign Active', () => pending(async () => {
    const k = await launching(c, org, uc, 40);
    const mark = logSize();
    // The session holds the place of the number's email in the outbox.
    const { t, trx } = await heavySession(k.id, `SELECT id FROM email_outbox WHERE dedupe_key = 'number:${k.numberId}:complete' FOR UPDATE`);
    try {
      await forceAssignment(k.e164, 'ASSIGNED');
      const first = await waiterOf('the finish to reach the email', trx);
      assert.equal(first.tbl, '`launchline`.`email_outbox`');
      const got = await t.query(`SELECT id FROM campaigns WHERE id = ${k.id} FOR UPDATE`);
      assert.ok(!got.error, `InnoDB chose the session, not the finish: ${got.error}`);
      const again = await waiterOf('the finish to run again', trx);
      assert.notEqual(again.trx, first.trx, 'a new transaction');
      assert.equal(again.tbl, '`launchline`.`campaigns`', 'from its start: the campaign first');
      await t.query('ROLLBACK');
    } finally {
      t.close();
    }
    const done = await campaignReaches(c, org.id, k.id, 'active', 10000);
    assert.equal(done.provisioning_status, 'complete');
    assert.equal(sqlValue(`SELECT kind FROM email_outbox WHERE number_id = ${k.numberId}`), 'campaign_active');
    const log = logSince(mark);
    assert.match(log, /a number's end of provisioning: a deadlock's victim or refused by the cluster \(error 1213\); running it again/);
    assert.doesNotMatch(log, new RegExp(`number ${k.numberId}: could not save`));
  }));
});
