// An admin's resend of a failed email (POST /orgs/:id/emails/:id/resend):
// the same outbox row is queued again, so an event still makes one email
// however often the button is pressed; only a failed one goes again; the
// mailer then sends it once, with the attempts counted afresh.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { lockSimulator } from './lib/simlock.js';
import { waitFor } from './lib/sim.js';
import { addFault, removeFault, messagesTo, waitForMessages, only } from './lib/mail.js';
import { orgWithUseCase, createNumber, settled } from './lib/provision.js';
import { loggedIn, assertError } from './lib/client.js';
import { freshUser, freshOrg } from './lib/admin.js';

const emails = (orgId) => `/api/v1/orgs/${orgId}/emails`;
const resend = (orgId, id) => `/api/v1/orgs/${orgId}/emails/${id}/resend`;
const rules = [];

let unlock;
before(async () => { unlock = await lockSimulator('tests/api/emails-resend.test.js'); });
after(async () => {
  for (const id of rules) await removeFault(id);
  unlock?.();
});

async function emailRow(c, orgId, numberId, until) {
  return waitFor(`the email about number ${numberId}`, async () => {
    const row = (await c.all(emails(orgId))).find((e) => e.phone_number_id === numberId);
    return { done: Boolean(row && until(row)), value: row };
  }, { timeoutMs: 40000, intervalMs: 250 });
}

describe('resending a failed email', () => {
  test('a 550 leaves it failed; two resends at once queue it once; it arrives once, then cannot be resent', async () => {
    const { o, c, uc } = await orgWithUseCase('resend');
    const addr = o.owner.email;
    const rule = await addFault({ stage: 'rcpt', rcpt: only(addr), action: 'reply', code: 550, text: '5.1.1 No such user here', times: 1 });
    rules.push(rule.id);
    const made = await createNumber(c, o.id, uc.id, '415');
    await settled(c, o.id, made.id);
    const failed = await emailRow(c, o.id, made.id, (e) => e.status === 'failed');
    assert.equal(failed.last_error, '550 5.1.1 No such user here');
    assert.equal(failed.attempts, 1);
    assert.deepEqual(await messagesTo(addr), []);

    // Another organization's admin cannot reach it through their own.
    const other = freshOrg('resend-other');
    const oc = await loggedIn(other.owner);
    assertError(await oc.post(resend(other.id, failed.id), {}), 404, 'not_found');

    // Two admins (or a double click) at once: one resend, one refusal.
    const both = await Promise.all([c.post(resend(o.id, failed.id), {}), c.post(resend(o.id, failed.id), {})]);
    const ok = both.filter((r) => r.status === 200);
    assert.equal(ok.length, 1, both.map((r) => `${r.status} ${r.text}`).join(' | '));
    assert.equal(ok[0].body.id, failed.id, 'the same outbox row');
    assert.ok(['queued', 'sending', 'sent'].includes(ok[0].body.status), ok[0].body.status);
    const refused = both.find((r) => r.status !== 200);
    assertError(refused, 409, 'conflict');
    assert.match(refused.body.error.message, /Only a failed email can be sent again/);

    await waitForMessages(addr, 1);
    const sent = await emailRow(c, o.id, made.id, (e) => e.status === 'sent');
    assert.equal(sent.id, failed.id);
    assert.equal(sent.attempts, 1, 'attempts counted afresh');
    assert.equal(sent.last_error, null);
    await sleep(1500);
    assert.equal((await messagesTo(addr)).length, 1, 'exactly one copy');
    const rows = (await c.all(emails(o.id))).filter((e) => e.phone_number_id === made.id);
    assert.equal(rows.length, 1, 'still one outbox row for the event');

    // A sent email is not sent again.
    const again = await c.post(resend(o.id, failed.id), {});
    assertError(again, 409, 'conflict');
    assert.match(again.body.error.message, /this one is sent/);
  });

  test('an unknown email, a non-member, or a supervisor: 404 / 404 / 403', async () => {
    const o = freshOrg('resend-who');
    const c = await loggedIn(o.owner);
    assertError(await c.post(resend(o.id, 999999999), {}), 404, 'not_found');

    const stranger = freshOrg('resend-stranger');
    const xc = await loggedIn(stranger.owner);
    assertError(await xc.post(resend(o.id, 1), {}), 404, 'not_found');

    const sup = freshUser('sup', [[o.name, 'supervisor']]);
    const sc = await loggedIn(sup);
    assertError(await sc.post(resend(o.id, 1), {}), 403, 'forbidden');
  });
});
