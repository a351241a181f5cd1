// Housekeeping: a provisioner deletes sessions past their expiry and failed
// sign-ins older than a day, every purge_interval_s (2 s on the test stack);
// live sessions and recent failures stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { loggedIn } from './lib/client.js';
import { freshUser } from './lib/admin.js';
import { sql } from './lib/db.js';
import { configInt } from './lib/env.js';

const hex = () => randomBytes(32).toString('hex');
const count = (where) => Number(sql(`SELECT COUNT(*) FROM ${where}`)[0][0]);

test('expired sessions and day-old failed sign-ins are deleted; live ones stay', { timeout: 60000 }, async () => {
  const u = freshUser('purge');
  const me = await loggedIn(u, 'purge');
  const expired = hex();
  const subject = `purge-${hex().slice(0, 12)}@example.test`;
  sql(`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)
         VALUES ('${expired}', ${u.id}, '${hex().slice(0, 43)}', UTC_TIMESTAMP() - INTERVAL 1 MINUTE);
       INSERT INTO login_failures (scope, subject, at) VALUES
         ('account', '${subject}', UTC_TIMESTAMP() - INTERVAL 25 HOUR),
         ('account', '${subject}', UTC_TIMESTAMP() - INTERVAL 1 MINUTE)`);
  const waitS = configInt('purge_interval_s') * 5 + 10;
  const until = Date.now() + waitS * 1000;
  while (count(`sessions WHERE token_hash = '${expired}'`) > 0 && Date.now() < until) {
    await new Promise((r) => { setTimeout(r, 250); });
  }
  assert.equal(count(`sessions WHERE token_hash = '${expired}'`), 0, `the expired session is still there after ${waitS} s`);
  assert.equal(count(`login_failures WHERE subject = '${subject}'`), 1, 'the old failure went, the recent one stayed');
  assert.equal((await me.get('/api/v1/me')).status, 200, 'the live session still works');
});
