// Message webhooks, sent by the simulator (signed with its key): an inbound
// text lands on the right conversation, which then needs a response; STOP
// and its kin opt the contact out of the whole organization; a delivery
// seen twice stores one message; status updates only move forward; our
// reference (naming this deployment) binds a message whose answer never
// came.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freshOrg } from './lib/admin.js';
import { sql, sqlValue } from './lib/db.js';
import { lockSimulator } from './lib/simlock.js';
import { sendWebhook, deliveriesOf, waitFor } from './lib/sim.js';
import { org, campaignFixture, numberFixture, sqlTexters, messageRow, conversationsOf, messageRef } from './lib/texting.js';
import { publicUrl } from './lib/env.js';

let unlock;
before(async () => { unlock = await lockSimulator('texting-hooks'); });
after(() => unlock?.());

const inboundOf = (conversationId) => sql(`SELECT body, status, provider_message_id FROM messages
  WHERE conversation_id = ${conversationId} AND direction = 'in' ORDER BY id`);

// Sends an inbound text as the provider does (message.received, signed by
// the simulator) and waits for its delivery. The fixtures' numbers live in
// our database only, not in a messaging profile at the simulator (which
// sends a profile's inbound texts to its webhook_url: provider-sim.test.js
// and provider-conformance.test.js drive that path with real numbers), so
// the event goes to the simulator's notification URL, our /hooks/telnyx.
async function textIn(from, to, text) {
  const id = randomUUID();
  const r = await sendWebhook('message.received', {
    id, record_type: 'message', direction: 'inbound', type: 'SMS', text,
    from: { phone_number: from }, to: [{ phone_number: to, status: 'delivered' }],
  });
  const [d] = await deliveriesOf(r.id);
  assert.equal(d.outcome, 'delivered', JSON.stringify(d));
  return id;
}

describe('inbound messages', () => {
  let o; let t;
  before(() => {
    o = freshOrg('inbound');
    [t] = sqlTexters(o.id, 1);
  });

  test('a reply lands on its conversation, which needs a response and shows in the inbox', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 2 });
    const [a] = c.conversations;
    sql(`UPDATE conversations SET assignee_id = ${t.id}, status = 'messaged', last_message_at = UTC_TIMESTAMP() WHERE id = ${a.id}`);
    const pid = await textIn(a.phone, c.number.e164, 'Yes, I will vote!');
    assert.deepEqual(inboundOf(a.id), [['Yes, I will vote!', 'received', pid]]);
    assert.equal(conversationsOf(c.id)[0].status, 'needs_response');
    const inbox = await t.client.all(`${org(o.id)}/inbox`);
    assert.equal(inbox.find((x) => x.id === a.id).last_message, 'Yes, I will vote!');
  });

  test('the same delivery twice stores one message', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 1 });
    const [a] = c.conversations;
    const payload = {
      id: randomUUID(), record_type: 'message', direction: 'inbound', text: 'twice',
      from: { phone_number: a.phone }, to: [{ phone_number: c.number.e164 }],
    };
    for (let i = 0; i < 2; i++) {
      const d = await sendWebhook('message.received', payload);
      await deliveriesOf(d.id);
    }
    assert.equal(inboundOf(a.id).length, 1);
  });

  test('a dedicated number serving several campaigns: the most recent conversation with that contact', async () => {
    const number = numberFixture(o.id, o.owner.id);
    const older = campaignFixture(o.id, o.owner.id, { contacts: 1, number });
    const newer = campaignFixture(o.id, o.owner.id, { contacts: 1, number });
    const phone = older.conversations[0].phone;
    sql(`UPDATE conversations SET phone = '${phone}', status = 'messaged', last_message_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = ${older.conversations[0].id};
         UPDATE conversations SET phone = '${phone}', status = 'messaged', last_message_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE id = ${newer.conversations[0].id}`);
    await textIn(phone, number.e164, 'Which one?');
    assert.equal(inboundOf(newer.conversations[0].id).length, 1);
    assert.equal(inboundOf(older.conversations[0].id).length, 0);
    // Another number of ours: the other campaign's conversation.
    const elsewhere = campaignFixture(o.id, o.owner.id, { contacts: 1 });
    sql(`UPDATE conversations SET phone = '${phone}' WHERE id = ${elsewhere.conversations[0].id}`);
    await textIn(phone, elsewhere.number.e164, 'And this one');
    assert.equal(inboundOf(elsewhere.conversations[0].id).length, 1);
    assert.equal(inboundOf(newer.conversations[0].id).length, 1);
  });

  test('a text to a number or from a contact we do not know is acknowledged and dropped', async () => {
    const before = Number(sqlValue("SELECT COUNT(*) FROM messages WHERE direction = 'in'"));
    await textIn('+12025550123', '+19995550100', 'Who is this?');
    assert.equal(Number(sqlValue("SELECT COUNT(*) FROM messages WHERE direction = 'in'")), before);
  });
});

describe('opt-out keywords', () => {
  let o;
  before(() => { o = freshOrg('keywords'); });

  const stops = ['STOP', 'stop', '  Stop.  ', 'UNSUBSCRIBE', 'Cancel', 'end', 'QUIT', 'stop all', 'STOP!!!', 'opt out'];
  for (const word of stops) {
    test(`"${word}" opts the contact out of every campaign of the organization`, async () => {
      const c1 = campaignFixture(o.id, o.owner.id, { contacts: 1 });
      const c2 = campaignFixture(o.id, o.owner.id, { contacts: 1 });
      const phone = c1.conversations[0].phone;
      sql(`UPDATE conversations SET phone = '${phone}' WHERE id = ${c2.conversations[0].id};
           UPDATE conversations SET status = 'messaged', last_message_at = UTC_TIMESTAMP() WHERE id = ${c1.conversations[0].id}`);
      await textIn(phone, c1.number.e164, word);
      assert.equal(sqlValue(`SELECT source FROM opt_outs WHERE org_id = ${o.id} AND phone = '${phone}'`), 'keyword');
      assert.equal(conversationsOf(c1.id)[0].optedOut, true);
      assert.equal(conversationsOf(c2.id)[0].optedOut, true, 'the other campaign too');
      assert.equal(inboundOf(c1.conversations[0].id)[0][0], word, 'the text itself is kept');
    });
  }

  for (const text of ['Please stop by tomorrow', "Don't stop", 'stopping', 'END OF STORY']) {
    test(`"${text}" is a reply, not an opt-out`, async () => {
      const c = campaignFixture(o.id, o.owner.id, { contacts: 1 });
      const { phone } = c.conversations[0];
      await textIn(phone, c.number.e164, text);
      assert.equal(sqlValue(`SELECT COUNT(*) FROM opt_outs WHERE org_id = ${o.id} AND phone = '${phone}'`), '0');
      assert.equal(conversationsOf(c.id)[0].status, 'needs_response');
    });
  }
});

describe('status webhooks', () => {
  test('delivered then a late "sent": the status stays delivered; failed keeps the reason', async () => {
    const o = freshOrg('status');
    const c = campaignFixture(o.id, o.owner.id, { contacts: 2 });
    const pid = randomUUID();
    const fid = randomUUID();
    sql(`INSERT INTO messages (conversation_id, direction, body, from_number, to_number, status, provider_message_id)
         VALUES (${c.conversations[0].id}, 'out', 'hi', '${c.number.e164}', '${c.conversations[0].phone}', 'sent', '${pid}'),
                (${c.conversations[1].id}, 'out', 'hi', '${c.number.e164}', '${c.conversations[1].phone}', 'sent', '${fid}')`);
    const id = Number(sqlValue(`SELECT id FROM messages WHERE provider_message_id = '${pid}'`));
    const event = (status, mid = pid, errors = []) => ({ id: mid, record_type: 'message', direction: 'outbound', to: [{ phone_number: '+1', status }], errors });
    await deliveriesOf((await sendWebhook('message.finalized', event('delivered'))).id);
    await deliveriesOf((await sendWebhook('message.sent', event('sent'))).id);
    assert.equal(messageRow(id).status, 'delivered');
    await deliveriesOf((await sendWebhook('message.finalized', event('delivery_failed', fid, [{ code: '40008', title: 'Undeliverable', detail: 'Carrier rejected it.' }]))).id);
    const failed = Number(sqlValue(`SELECT id FROM messages WHERE provider_message_id = '${fid}'`));
    await waitFor('the failure', async () => ({ done: messageRow(failed).status === 'failed', value: messageRow(failed) }));
    assert.equal(messageRow(failed).error, 'Carrier rejected it.');
  });

  test('our reference binds a message whose answer never came, even one marked unknown; another deployment\'s reference binds nothing', async () => {
    const o = freshOrg('refs');
    const c = campaignFixture(o.id, o.owner.id, { contacts: 3 });
    const [a, b, x] = c.conversations;
    sql(`INSERT INTO messages (conversation_id, campaign_id, direction, body, from_number, to_number, status, error, next_attempt_at)
         VALUES (${a.id}, ${c.id}, 'out', 'hi', '${c.number.e164}', '${a.phone}', 'sending', 'no answer', UTC_TIMESTAMP() + INTERVAL 1 HOUR),
                (${b.id}, ${c.id}, 'out', 'hi', '${c.number.e164}', '${b.phone}', 'unknown', 'never answered', NULL),
                (${x.id}, ${c.id}, 'out', 'hi', '${c.number.e164}', '${x.phone}', 'sending', 'no answer', UTC_TIMESTAMP() + INTERVAL 1 HOUR)`);
    const [sending, unknown, foreign] = [a, b, x].map((v) => Number(sqlValue(`SELECT id FROM messages WHERE conversation_id = ${v.id}`)));
    const sent = (id, ref) => ({
      id: randomUUID(), record_type: 'message', direction: 'outbound', to: [{ phone_number: '+1', status: 'sent' }], errors: [],
      webhook_url: `${publicUrl()}/hooks/telnyx?ref=${ref}`,
    });
    const ev = [sent(sending, messageRef(sending)), sent(unknown, messageRef(unknown)),
      // the same message id, as another deployment sharing the account names it
      sent(foreign, `launchline-0123456789abcdef-message-${foreign}`),
      // and the reference as launchline named it before deployments had ids
      sent(foreign, `launchline-message-${foreign}`)];
    for (const e of ev) await deliveriesOf((await sendWebhook('message.sent', e)).id);
    for (const [id, e] of [[sending, ev[0]], [unknown, ev[1]]]) {
      const m = messageRow(id);
      assert.equal(m.status, 'sent', JSON.stringify(m));
      assert.equal(m.provider_message_id, e.id);
      assert.equal(m.error, null);
    }
    const f = messageRow(foreign);
    assert.equal(f.status, 'sending');
    assert.equal(f.provider_message_id, null);
  });
});
