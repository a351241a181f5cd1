// Unknown messages: a message the provider never answered (here a 503),
// with no webhook and no record, becomes `unknown`, is counted and listed
// for organizers, and only an owner or admin may send it again
// (POST /orgs/{org_id}/messages/{id}/resend): a texter or supervisor gets
// 403, another organization 404, a message that is not unknown 409. Sent
// again, it goes back to the queue as new and reaches the provider once.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loggedIn, assertError } from './lib/client.js';
import { freshOrg, freshUser } from './lib/admin.js';
import { sql } from './lib/db.js';
import { lockSimulator } from './lib/simlock.js';
import { configInt } from './lib/env.js';
import { simMessagesOf, withSimOptions, waitFor } from './lib/sim.js';
import { org, campaignFixture, sqlTexters, messageRow, messageRef } from './lib/texting.js';

let unlock;
before(async () => { unlock = await lockSimulator('texting-resend'); });
after(() => unlock?.());

const RECORDS_WAIT_S = configInt('sender_records_wait_s', 8);

describe('unknown messages and resending them', { concurrency: 1 }, () => {
  let o; let other; let t; let owner; let admin; let supervisor; let otherAdmin;
  let c; let unknownId; let sentId;

  before(async () => {
    o = freshOrg('resend');
    other = freshOrg('resend-other');
    [t] = sqlTexters(o.id, 1);
    owner = await loggedIn(o.owner);
    admin = await loggedIn(freshUser('resend-admin', [[o.name, 'admin']]));
    supervisor = await loggedIn(freshUser('resend-sup', [[o.name, 'supervisor']]));
    otherAdmin = await loggedIn(freshUser('resend-other-admin', [[other.name, 'admin']]));
    c = campaignFixture(o.id, o.owner.id, { contacts: 2 });
    sql(`UPDATE conversations SET assignee_id = ${t.id} WHERE campaign_id = ${c.id}`);
    const [a, b] = c.conversations;
    // The first POST is answered 503: its fate is unknown, nothing at the
    // provider, no webhook: it ends unknown.
    await withSimOptions({ fault_paths: '^/messages$', error_next: 1 }, async () => {
      const r = await t.client.post(`${org(o.id)}/conversations/${a.id}/initial`, {});
      assert.equal(r.status, 201, r.text);
      unknownId = r.body.message.id;
      await waitFor('the message to be unknown', async () => {
        const m = messageRow(unknownId);
        return { done: m.status === 'unknown', value: m };
      }, { timeoutMs: (RECORDS_WAIT_S + 30) * 1000 });
    });
    const r = await t.client.post(`${org(o.id)}/conversations/${b.id}/initial`, {});
    assert.equal(r.status, 201, r.text);
    sentId = r.body.message.id;
    await waitFor('the other to be sent', async () => {
      const m = messageRow(sentId);
      return { done: ['sent', 'delivered'].includes(m.status), value: m };
    }, { timeoutMs: 20000 });
  });

  test('an unknown message is counted, listed for organizers with its reason, and shown in its conversation', async () => {
    let r = await supervisor.get(`${org(o.id)}/campaigns/${c.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.queue.unknown, 1);
    r = await supervisor.get(`${org(o.id)}/campaigns/${c.id}/assignments`);
    assert.equal(r.body.queue.unknown, 1);
    r = await supervisor.get(`${org(o.id)}/campaigns/${c.id}/unknown-messages`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items.length, 1);
    const [item] = r.body.items;
    assert.equal(item.message.id, unknownId);
    assert.equal(item.message.status, 'unknown');
    assert.match(item.message.error, /not sent again/);
    assert.equal(item.phone, c.conversations[0].phone);
    assert.equal(item.first_name, 'C1');
    r = await supervisor.get(`${org(o.id)}/conversations/${c.conversations[0].id}`);
    assert.equal(r.body.messages[0].status, 'unknown');
    assertError(await t.client.get(`${org(o.id)}/campaigns/${c.id}/unknown-messages`), 403, 'forbidden');
    assertError(await otherAdmin.get(`${org(other.id)}/campaigns/${c.id}/unknown-messages`), 404, 'not_found');
  });

  test('a texter or a supervisor may not send it again; another organization does not see it', async () => {
    const path = `${org(o.id)}/messages/${unknownId}/resend`;
    assertError(await t.client.post(path, {}), 403, 'forbidden');
    assertError(await supervisor.post(path, {}), 403, 'forbidden');
    assertError(await otherAdmin.post(`${org(other.id)}/messages/${unknownId}/resend`, {}), 404, 'not_found');
    assertError(await admin.post(`${org(o.id)}/messages/999999999/resend`, {}), 404, 'not_found');
    assert.equal(messageRow(unknownId).status, 'unknown', 'nothing changed');
  });

  test('only an unknown message may be sent again: a sent one is 409', async () => {
    assertError(await owner.post(`${org(o.id)}/messages/${sentId}/resend`, {}), 409, 'not_unknown');
    assert.deepEqual((await simMessagesOf(messageRef(sentId))).counts, { posts: 1, created: 1, replayed: 0 });
  });

  test('an admin sends it again: queued as new, it reaches the provider once', { timeout: 30000 }, async () => {
    let r = await admin.post(`${org(o.id)}/messages/${unknownId}/resend`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.message.id, unknownId);
    assert.equal(r.body.message.status, 'queued');
    assert.equal(r.body.message.error, null);
    // twice: the second finds it no longer unknown
    assertError(await admin.post(`${org(o.id)}/messages/${unknownId}/resend`, {}), 409, 'not_unknown');
    const m = await waitFor('the message to be sent', async () => {
      const row = messageRow(unknownId);
      return { done: ['sent', 'delivered'].includes(row.status), value: row };
    }, { timeoutMs: 20000 });
    assert.equal(m.attempts, 1, 'counted afresh');
    const seen = await simMessagesOf(messageRef(unknownId));
    assert.deepEqual(seen.counts, { posts: 1, created: 1, replayed: 0 });
    assert.equal(seen.messages[0].id, m.provider_message_id);
    r = await owner.get(`${org(o.id)}/campaigns/${c.id}`);
    assert.equal(r.body.queue.unknown, 0);
    r = await owner.get(`${org(o.id)}/campaigns/${c.id}/unknown-messages`);
    assert.deepEqual(r.body.items, []);
  });
});
