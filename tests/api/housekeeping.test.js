// Housekeeping: a provisioner deletes sessions past their expiry, failed
// sign-ins and failed attempts per address older than a day and self assign's planned batches that are used,
// no longer hold or belong to a campaign that is over, every
// purge_interval_s (2 s on the test stack); live sessions, recent failures
// and the plan ahead of the cursor stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { loggedIn } from './lib/client.js';
import { freshOrg, freshUser } from './lib/admin.js';
import { sql } from './lib/db.js';
import { configInt } from './lib/env.js';
import { campaignFixture } from './lib/texting.js';

const hex = () => randomBytes(32).toString('hex');
const count = (where) => Number(sql(`SELECT COUNT(*) FROM ${where}`)[0][0]);

test('expired sessions, day-old failed sign-ins and attempts per address are deleted; live ones stay', { timeout: 60000 }, async () => {
  const u = freshUser('purge');
  const me = await loggedIn(u, 'purge');
  const expired = hex();
  const subject = `purge-${hex().slice(0, 12)}@example.test`;
  sql(`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)
         VALUES ('${expired}', ${u.id}, '${hex().slice(0, 43)}', UTC_TIMESTAMP() - INTERVAL 1 MINUTE);
       INSERT INTO login_failures (scope, subject, at) VALUES
         ('account', '${subject}', UTC_TIMESTAMP() - INTERVAL 25 HOUR),
         ('account', '${subject}', UTC_TIMESTAMP() - INTERVAL 1 MINUTE);
       INSERT INTO address_attempts (kind, address, subject_hash, at) VALUES
         ('join', '${subject}', '${hex()}', UTC_TIMESTAMP() - INTERVAL 25 HOUR),
         ('join', '${subject}', '${hex()}', UTC_TIMESTAMP() - INTERVAL 1 MINUTE)`);
  const waitS = configInt('purge_interval_s') * 5 + 10;
  const until = Date.now() + waitS * 1000;
  while (count(`sessions WHERE token_hash = '${expired}'`) > 0 && Date.now() < until) {
    await new Promise((r) => { setTimeout(r, 250); });
  }
  assert.equal(count(`sessions WHERE token_hash = '${expired}'`), 0, `the expired session is still there after ${waitS} s`);
  assert.equal(count(`login_failures WHERE subject = '${subject}'`), 1, 'the old failure went, the recent one stayed');
  assert.equal(count(`address_attempts WHERE address = '${subject}'`), 1, 'the old attempt went, the recent one stayed');
  assert.equal((await me.get('/api/v1/me')).status, 200, 'the live session still works');
});

test('planned batches behind the cursor or of an old plan are deleted; the plan ahead stays', { timeout: 60000 }, async () => {
  const o = freshOrg('purge-plan');
  const c = campaignFixture(o.id, o.owner.id, { contacts: 0, selfAssign: false });
  sql(`INSERT INTO assign_cursors (campaign_id, next_id, plan_gen) VALUES (${c.id}, 100, 2);
       INSERT INTO assign_plan (campaign_id, from_id, last_id, gen) VALUES
         (${c.id}, 10, 99, 2), (${c.id}, 200, 299, 1), (${c.id}, 100, 199, 2)`);
  const plan = () => sql(`SELECT from_id FROM assign_plan WHERE campaign_id = ${c.id} ORDER BY from_id`).map((r) => Number(r[0]));
  const waitS = configInt('purge_interval_s') * 5 + 10;
  const until = Date.now() + waitS * 1000;
  while (plan().length > 1 && Date.now() < until) {
    await new Promise((r) => { setTimeout(r, 250); });
  }
  assert.deepEqual(plan(), [100], 'the batch at the cursor, of the current plan, stays');
  // Once the campaign is archived, its plan goes too.
  sql(`UPDATE campaigns SET status = 'archived' WHERE id = ${c.id}`);
  const until2 = Date.now() + waitS * 1000;
  while (plan().length > 0 && Date.now() < until2) {
    await new Promise((r) => { setTimeout(r, 250); });
  }
  assert.deepEqual(plan(), [], 'an archived campaign keeps no plan');
});
