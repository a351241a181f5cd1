// Sending: one click, one initial message, in one's own conversation only;
// every sending gate answers 409 with its own code; replies (also after the
// end date); opting a contact out by hand; and the message reaching the
// provider (the simulator) and coming back delivered.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loggedIn, assertError } from './lib/client.js';
import { freshOrg } from './lib/admin.js';
import { sql, sqlValue } from './lib/db.js';
import { lockSimulator } from './lib/simlock.js';
import { simMessagesOf, waitFor, simCalls, postsOf } from './lib/sim.js';
import {
  org, campaignFixture, numberFixture, sqlTexters, sqlTime, messageRow, conversationsOf, messageRef,
} from './lib/texting.js';

// Gives user the first n conversations of campaign c.
function assign(c, userId, n = c.conversations.length) {
  sql(`UPDATE conversations SET assignee_id = ${userId} WHERE id IN (${c.conversations.slice(0, n).map((x) => x.id).join(',')})`);
  return c.conversations.slice(0, n);
}

const conv = (o, id) => `${org(o)}/conversations/${id}`;

let unlock;
before(async () => { unlock = await lockSimulator('texting-send'); });
after(() => unlock?.());

describe('the initial message', () => {
  let o; let t;
  before(() => {
    o = freshOrg('send');
    t = sqlTexters(o.id, 2);
  });

  test('the conversation shows the script rendered for the contact; one click queues one message, delivered by the sender', { timeout: 30000 }, async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 2, script: 'Hello {first_name} {last_name}! {texter_first_name} here for {ward}.' });
    const [a, b] = assign(c, t[0].id);
    sql(`UPDATE conversations SET fields = '{"ward":"Ward 7"}' WHERE campaign_id = ${c.id}`);
    let r = await t[0].client.get(conv(o.id, a.id));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'needs_message');
    assert.equal(r.body.gate, null);
    assert.equal(r.body.initial_message, 'Hello C1 Fixture! Texter here for Ward 7.\nReply STOP to stop receiving messages.');
    r = await t[0].client.post(`${conv(o.id, a.id)}/initial`, {});
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.message.status, 'queued');
    assert.equal(r.body.message.body, 'Hello C1 Fixture! Texter here for Ward 7.\nReply STOP to stop receiving messages.');
    assert.equal(r.body.next_conversation_id, b.id, 'then the next contact');
    const id = r.body.message.id;
    const row = await waitFor('the message to be delivered', async () => {
      const m = messageRow(id);
      return { done: m.status === 'delivered', value: m };
    }, { timeoutMs: 20000 });
    assert.ok(row.provider_message_id);
    const seen = await simMessagesOf(messageRef(id));
    assert.deepEqual(seen.counts, { posts: 1, created: 1, replayed: 0 });
    assert.equal(seen.messages[0].to, a.phone);
    assert.equal(seen.messages[0].from, c.number.e164);
    assert.equal(seen.messages[0].id, row.provider_message_id);
    assert.match(messageRef(id), /^launchline-[0-9a-f]{16}-message-[0-9]+$/, 'the reference names the deployment');
    r = await t[0].client.get(conv(o.id, a.id));
    assert.equal(r.body.status, 'messaged');
    assert.equal(r.body.initial_message, null);
    assert.deepEqual(r.body.messages.map((m) => [m.direction, m.status, m.initial]), [['out', 'delivered', true]]);
  });

  test('the POST carries the organization\'s messaging profile (none while it has none) and our reference', { timeout: 30000 }, async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 2 });
    const [a, b] = assign(c, t[0].id);
    const posted = async (x) => {
      const r = await t[0].client.post(`${conv(o.id, x.id)}/initial`, {});
      assert.equal(r.status, 201, r.text);
      const id = r.body.message.id;
      return waitFor(`the POST of message ${id}`, async () => {
        const [call] = postsOf(await simCalls(), messageRef(id));
        return { done: call !== undefined, value: call };
      }, { timeoutMs: 20000 });
    };
    let call = await posted(a);
    assert.equal(call.body.messaging_profile_id, undefined, 'no profile yet: the number\'s own applies');
    assert.equal(call.body.to, a.phone);
    const profile = `mp-${o.id}-${Date.now()}`;
    sql(`INSERT INTO messaging_profiles (org_id, provider_profile_id, name) VALUES (${o.id}, '${profile}', 'Launchline test org ${o.id}')`);
    call = await posted(b);
    assert.equal(call.body.messaging_profile_id, profile);
  });

  test('after a send, the next contact is the next of mine waiting, after this one or else from the start', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 7 });
    const [c1, c2, c3, c4, c5, c6, c7] = c.conversations;
    assign(c, t[0].id);
    // c2 is another texter's, c6 opted out: neither is ever "next".
    sql(`UPDATE conversations SET assignee_id = ${t[1].id} WHERE id = ${c2.id}`);
    sql(`UPDATE conversations SET opted_out = 1 WHERE id = ${c6.id}`);
    const send = async (x) => {
      const r = await t[0].client.post(`${conv(o.id, x.id)}/initial`, {});
      assert.equal(r.status, 201, r.text);
      return r.body.next_conversation_id;
    };
    assert.equal(await send(c3), c4.id, 'the id after');
    assert.equal(await send(c1), c4.id, 'not another texter\'s, not one already messaged');
    assert.equal(await send(c5), c7.id, 'not an opted-out one');
    assert.equal(await send(c7), c4.id, 'none after: from the start');
    assert.equal(await send(c4), null, 'none left');
  });

  test('a double click sends one message (the second: 409 already_messaged)', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 1 });
    const [a] = assign(c, t[0].id);
    const rs = await Promise.all([1, 2, 3].map(() => t[0].client.post(`${conv(o.id, a.id)}/initial`, {})));
    assert.deepEqual(rs.map((r) => r.status).sort(), [201, 409, 409]);
    for (const r of rs.filter((x) => x.status === 409)) assertError(r, 409, 'already_messaged');
    assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM messages WHERE conversation_id = ${a.id}`)), 1);
  });

  test("another texter's conversation: 403 not_your_conversation (reading, sending, replying, opting out)", async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 2 });
    const [a] = assign(c, t[0].id, 1);
    assertError(await t[1].client.get(conv(o.id, a.id)), 403, 'not_your_conversation');
    assertError(await t[1].client.post(`${conv(o.id, a.id)}/initial`, {}), 403, 'not_your_conversation');
    assertError(await t[1].client.post(`${conv(o.id, a.id)}/messages`, { body: 'hi' }), 403, 'not_your_conversation');
    assertError(await t[1].client.post(`${conv(o.id, a.id)}/opt-out`, {}), 403, 'not_your_conversation');
    // Unassigned ones are nobody's to send in either.
    assertError(await t[1].client.post(`${conv(o.id, c.conversations[1].id)}/initial`, {}), 403, 'not_your_conversation');
    assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM messages WHERE conversation_id IN (${a.id}, ${c.conversations[1].id})`)), 0);
    assert.equal(conversationsOf(c.id)[0].status, 'needs_message');
    // The organizers may read it (not send in it).
    const owner = await loggedIn(o.owner, 'owner');
    assert.equal((await owner.get(conv(o.id, a.id))).status, 200);
    assertError(await owner.post(`${conv(o.id, a.id)}/initial`, {}), 403, 'not_your_conversation');
    // Another organization: not found.
    const other = freshOrg('elsewhere');
    const [stranger] = sqlTexters(other.id, 1);
    assertError(await stranger.client.get(conv(other.id, a.id)), 404, 'not_found');
  });
});

describe('sending gates', () => {
  let o; let t;
  before(() => {
    o = freshOrg('gates');
    [t] = sqlTexters(o.id, 1);
  });

  // A fresh campaign with the given options and one conversation of t's.
  function one(opts) {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 1, ...opts });
    return { c, a: assign(c, t.id)[0] };
  }
  async function refused(opts, code) {
    const { a } = one(opts);
    const r = await t.client.post(`${conv(o.id, a.id)}/initial`, {});
    assertError(r, 409, code);
    assert.equal(Number(sqlValue(`SELECT COUNT(*) FROM messages WHERE conversation_id = ${a.id}`)), 0, `${code}: nothing queued`);
    const g = await t.client.get(conv(o.id, a.id));
    assert.equal(g.body.gate.code, code, 'the messenger is told the same');
    return g.body.gate;
  }

  test('before the start date: before_start, with the time it opens', async () => {
    const start = new Date(Date.now() + 3600 * 1000);
    const gate = await refused({ startAt: sqlTime(3600) }, 'before_start');
    assert.ok(Math.abs(Date.parse(gate.opens_at) - start.getTime()) < 2000, gate.opens_at);
  });

  test('after the end date: after_end for initial messages; replies still go', async () => {
    await refused({ endAt: sqlTime(-60) }, 'after_end');
    const { a } = one({ endAt: sqlTime(-60) });
    sql(`UPDATE conversations SET status = 'needs_response' WHERE id = ${a.id}`);
    const r = await t.client.post(`${conv(o.id, a.id)}/messages`, { body: 'Thanks for writing back!' });
    assert.equal(r.status, 201, r.text);
  });

  test('outside the open hours of the campaign\'s time zone: outside_open_hours', async () => {
    const now = new Date();
    const m = now.getUTCHours() * 60 + now.getUTCMinutes();
    // Closed now in UTC.
    const closed = m < 720 ? { openFrom: 780, openUntil: 1439 } : { openFrom: 0, openUntil: 600 };
    const gate = await refused({ ...closed, timeZone: 'UTC' }, 'outside_open_hours');
    assert.ok(Date.parse(gate.opens_at) > Date.now(), 'says when it opens');
    // Open now in UTC but not in Tokyo (nine hours ahead): the zone decides.
    if (m >= 45 && m <= 1395) {
      const around = { openFrom: m - 45, openUntil: m + 45 };
      const { a } = one({ ...around, timeZone: 'UTC' });
      const sent = await t.client.post(`${conv(o.id, a.id)}/initial`, {});
    assert.equal(sent.status, 201, sent.text);
      await refused({ ...around, timeZone: 'Asia/Tokyo' }, 'outside_open_hours');
    }
  });

  test('the number: not provisioned yet, failed, or none', async () => {
    await refused({ number: numberFixture(o.id, o.owner.id, { status: 'initiated' }) }, 'number_not_provisioned');
    await refused({ number: null }, 'number_not_provisioned');
    await refused({ number: numberFixture(o.id, o.owner.id, { status: 'failed' }) }, 'number_failed');
  });

  test('incident mode: incident_wait until sending opens, then even an unprovisioned number sends', async () => {
    const gate = await refused({ sendingOpensAt: sqlTime(600), number: numberFixture(o.id, o.owner.id, { status: 'initiated' }) }, 'incident_wait');
    assert.ok(Date.parse(gate.opens_at) > Date.now() + 590000);
    const { a } = one({ sendingOpensAt: sqlTime(-5), number: numberFixture(o.id, o.owner.id, { status: 'initiated' }) });
    const sent = await t.client.post(`${conv(o.id, a.id)}/initial`, {});
    assert.equal(sent.status, 201, sent.text);
  });

  test('the campaign: paused, not launched, archived or failed', async () => {
    for (const [status, code] of [['paused', 'paused'], ['draft', 'not_launched'], ['launching', 'not_launched'], ['archived', 'archived'], ['failed', 'failed']]) {
      await refused({ status }, code);
    }
    // Replies go on in a paused campaign, not in an archived one.
    for (const [status, code] of [['paused', 201], ['archived', 409]]) {
      const { a } = one({ status });
      sql(`UPDATE conversations SET status = 'needs_response' WHERE id = ${a.id}`);
      const r = await t.client.post(`${conv(o.id, a.id)}/messages`, { body: 'Hello again' });
      if (code === 201) assert.equal(r.status, 201, r.text);
      else assertError(r, 409, 'archived');
    }
  });
});

describe('replies and opting out', () => {
  let o; let t;
  before(() => {
    o = freshOrg('replies');
    [t] = sqlTexters(o.id, 1);
  });

  test('a reply needs the initial message first, and a body', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 1 });
    const [a] = assign(c, t.id);
    assertError(await t.client.post(`${conv(o.id, a.id)}/messages`, { body: 'Hi' }), 409, 'initial_first');
    const sent = await t.client.post(`${conv(o.id, a.id)}/initial`, {});
    assert.equal(sent.status, 201, sent.text);
    assertError(await t.client.post(`${conv(o.id, a.id)}/messages`, {}), 422, 'validation_failed', 'body');
    assertError(await t.client.post(`${conv(o.id, a.id)}/messages`, { body: '' }), 422, 'validation_failed', 'body');
    assertError(await t.client.post(`${conv(o.id, a.id)}/messages`, { body: 'x'.repeat(1601) }), 422, 'validation_failed', 'body');
    const r = await t.client.post(`${conv(o.id, a.id)}/messages`, { body: 'Following up' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.message.initial, false);
    assert.equal(conversationsOf(c.id)[0].status, 'convo');
  });

  test('opting a contact out reaches every campaign of the organization, and nothing more is sent', async () => {
    const c1 = campaignFixture(o.id, o.owner.id, { contacts: 2 });
    const c2 = campaignFixture(o.id, o.owner.id, { contacts: 2, batchSize: 10 });
    const [a] = assign(c1, t.id, 1);
    // The same person is a contact of the second campaign too.
    sql(`UPDATE conversations SET phone = '${a.phone}' WHERE id = ${c2.conversations[0].id}`);
    const r = await t.client.post(`${conv(o.id, a.id)}/opt-out`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.opted_out, true);
    assert.equal(sqlValue(`SELECT source FROM opt_outs WHERE org_id = ${o.id} AND phone = '${a.phone}'`), 'texter');
    assert.equal(conversationsOf(c2.id)[0].optedOut, true);
    assertError(await t.client.post(`${conv(o.id, a.id)}/initial`, {}), 409, 'opted_out');
    // Self assign on the other campaign never hands it out.
    sql(`INSERT INTO campaign_texters (campaign_id, user_id) VALUES (${c2.id}, ${t.id})`);
    const got = await t.client.post(`${org(o.id)}/campaigns/${c2.id}/assignments/request`, {});
    assert.equal(got.body.claimed, 1);
    const g = await t.client.get(conv(o.id, a.id));
    assert.equal(g.body.initial_message, null);
  });

  test('the inbox lists my conversations needing a response, not opted-out ones', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 3 });
    const mine = assign(c, t.id);
    sql(`UPDATE conversations SET status = 'needs_response' WHERE id IN (${mine[0].id}, ${mine[2].id});
         UPDATE conversations SET opted_out = 1 WHERE id = ${mine[2].id}`);
    const items = await t.client.all(`${org(o.id)}/inbox`);
    assert.ok(items.some((x) => x.id === mine[0].id));
    assert.ok(!items.some((x) => x.id === mine[1].id || x.id === mine[2].id));
    assert.equal(items.find((x) => x.id === mine[0].id).campaign_name, sqlValue(`SELECT name FROM campaigns WHERE id = ${c.id}`));
  });
});
