// After the first text: an organization's tags (admins manage them, every
// member lists them), tags on conversations, closing and skipping, and the
// organizers' review queue of escalated conversations. Texters change only
// their own conversations; supervisors and up any of their organization's;
// nothing crosses organizations (another one's ids are 404). Every
// response is checked against openapi.json by the client.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freshOrg, uniq } from './lib/admin.js';
import { assertError } from './lib/client.js';
import { sql, sqlValue } from './lib/db.js';
import { lockSimulator } from './lib/simlock.js';
import { sendWebhook, deliveriesOf } from './lib/sim.js';
import { org, campaignFixture, sqlTexters, onCampaign } from './lib/texting.js';

const tags = (o) => `${org(o.id)}/tags`;
const conv = (o, id) => `${org(o.id)}/conversations/${id}`;

// Conversations of campaign c given to a texter, in a status (after the
// initial message by default).
function assign(c, userId, status = 'messaged') {
  const ids = c.conversations.map((x) => x.id);
  sql(`UPDATE conversations SET assignee_id = ${userId}, status = '${status}', last_message_at = UTC_TIMESTAMP() WHERE id IN (${ids.join(', ')})`);
  return c.conversations;
}

describe('organization tags', () => {
  let o; let admin; let sup; let t; let other;
  before(() => {
    o = freshOrg('tags');
    [admin] = sqlTexters(o.id, 1, 'admin');
    [sup] = sqlTexters(o.id, 1, 'supervisor');
    [t] = sqlTexters(o.id, 1);
    other = freshOrg('tags-other');
  });

  test('an admin creates, renames, marks and deletes a tag; every member lists them', async () => {
    const name = `follow ${uniq('t')}`.slice(0, 50);
    const made = await admin.client.post(tags(o), { name: `  ${name}  ` });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.body.name, name, 'blanks around the name are trimmed');
    assert.equal(made.body.escalate, false);
    const esc = await admin.client.post(tags(o), { name: `escalate ${uniq('e')}`, escalate: true });
    assert.equal(esc.body.escalate, true);

    const listed = await t.client.get(tags(o));
    assert.equal(listed.status, 200);
    assert.ok(listed.body.items.some((x) => x.id === made.body.id));

    const renamed = await admin.client.patch(`${tags(o)}/${made.body.id}`, { name: 'wrong number' });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.name, 'wrong number');
    assert.equal(renamed.body.escalate, false, 'an absent field is left as it is');
    const marked = await admin.client.patch(`${tags(o)}/${made.body.id}`, { escalate: true });
    assert.equal(marked.body.name, 'wrong number');
    assert.equal(marked.body.escalate, true);

    const del = await admin.client.delete(`${tags(o)}/${made.body.id}`);
    assert.equal(del.status, 204);
    assertError(await admin.client.delete(`${tags(o)}/${made.body.id}`), 404, 'not_found');
    assert.ok(!(await t.client.get(tags(o))).body.items.some((x) => x.id === made.body.id));
  });

  test('names: required, 1 to 50 characters, one line, unique whatever the case (the field named)', async () => {
    assertError(await admin.client.post(tags(o), {}), 422, 'validation_failed', 'name');
    assertError(await admin.client.post(tags(o), { name: '' }), 422, 'validation_failed', 'name');
    assertError(await admin.client.post(tags(o), { name: 'x'.repeat(51) }), 422, 'validation_failed', 'name');
    assertError(await admin.client.post(tags(o), { name: '   ' }), 422, 'validation_failed', 'name');
    assertError(await admin.client.post(tags(o), { name: 'two\nlines' }), 422, 'validation_failed', 'name');
    assertError(await admin.client.post(tags(o), { name: 42 }), 422, 'validation_failed', 'name');
    assertError(await admin.client.post(tags(o), { name: 'ok', escalate: 'yes' }), 422, 'validation_failed', 'escalate');
    const ok = await admin.client.post(tags(o), { name: 'x'.repeat(50) });
    assert.equal(ok.status, 201);

    const name = `Dup ${uniq('d')}`;
    assert.equal((await admin.client.post(tags(o), { name })).status, 201);
    assertError(await admin.client.post(tags(o), { name: name.toLowerCase() }), 409, 'conflict', 'name');
    const second = await admin.client.post(tags(o), { name: `${name} 2` });
    assertError(await admin.client.patch(`${tags(o)}/${second.body.id}`, { name }), 409, 'conflict', 'name');
    assertError(await admin.client.patch(`${tags(o)}/${second.body.id}`, { name: '' }), 422, 'validation_failed', 'name');
    // Another organization may use the same name.
    const [oAdmin] = sqlTexters(other.id, 1, 'admin');
    assert.equal((await oAdmin.client.post(tags(other), { name })).status, 201);
  });

  test('only admins manage tags', async () => {
    assertError(await t.client.post(tags(o), { name: 'nope' }), 403, 'forbidden');
    assertError(await sup.client.post(tags(o), { name: 'nope' }), 403, 'forbidden');
    const made = await admin.client.post(tags(o), { name: `mine ${uniq('m')}` });
    assertError(await sup.client.patch(`${tags(o)}/${made.body.id}`, { name: 'nope' }), 403, 'forbidden');
    assertError(await t.client.delete(`${tags(o)}/${made.body.id}`), 403, 'forbidden');
  });

  test('another organization\'s tags are 404, and so is its list', async () => {
    const [oAdmin] = sqlTexters(other.id, 1, 'admin');
    const theirs = await oAdmin.client.post(tags(other), { name: `theirs ${uniq('x')}` });
    assertError(await admin.client.patch(`${tags(o)}/${theirs.body.id}`, { name: 'mine now' }), 404, 'not_found');
    assertError(await admin.client.delete(`${tags(o)}/${theirs.body.id}`), 404, 'not_found');
    assertError(await admin.client.get(tags(other)), 404, 'not_found');
    assert.equal(sqlValue(`SELECT COUNT(*) FROM tags WHERE id = ${theirs.body.id}`), '1');
  });

  test('an organization has at most 100 tags', async () => {
    const o2 = freshOrg('tags-max');
    const [a2] = sqlTexters(o2.id, 1, 'admin');
    sql(`INSERT INTO tags (org_id, name) SELECT ${o2.id}, CONCAT('t', seq) FROM seq_1_to_100`);
    assertError(await a2.client.post(tags(o2), { name: 'one more' }), 409, 'too_many_tags');
    assert.equal((await a2.client.get(tags(o2))).body.items.length, 100);
  });
});

describe('tags on conversations and the review queue', () => {
  let o; let admin; let sup; let t; let t2; let plain; let escalate; let c;
  before(async () => {
    o = freshOrg('convtags');
    [admin] = sqlTexters(o.id, 1, 'admin');
    [sup] = sqlTexters(o.id, 1, 'supervisor');
    [t, t2] = sqlTexters(o.id, 2);
    plain = (await admin.client.post(tags(o), { name: 'needs follow-up' })).body;
    escalate = (await admin.client.post(tags(o), { name: 'escalate', escalate: true })).body;
    c = campaignFixture(o.id, o.owner.id, { contacts: 4 });
    assign(c, t.id);
  });

  test('a texter tags their conversation and takes the tag off; the conversation shows its tags', async () => {
    const [a] = c.conversations;
    const r = await t.client.post(`${conv(o, a.id)}/tags`, { tag_id: plain.id });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.tags.map((x) => x.name), ['needs follow-up']);
    assert.equal(r.body.escalated, false);
    const again = await t.client.post(`${conv(o, a.id)}/tags`, { tag_id: plain.id });
    assert.equal(again.body.tags.length, 1, 'again is no change');
    const got = await t.client.get(conv(o, a.id));
    assert.deepEqual(got.body.tags.map((x) => x.id), [plain.id]);
    const list = await t.client.all(`${org(o.id)}/campaigns/${c.id}/conversations?status=messaged`);
    assert.deepEqual(list.find((x) => x.id === a.id).tags, [{ id: plain.id, name: 'needs follow-up', escalate: false }]);
    const off = await t.client.delete(`${conv(o, a.id)}/tags/${plain.id}`);
    assert.equal(off.status, 200);
    assert.deepEqual(off.body.tags, []);
  });

  test('bad tag ids: missing or not an id is 422 naming tag_id; another organization\'s is 404', async () => {
    const [a] = c.conversations;
    assertError(await t.client.post(`${conv(o, a.id)}/tags`, {}), 422, 'validation_failed', 'tag_id');
    assertError(await t.client.post(`${conv(o, a.id)}/tags`, { tag_id: 'x' }), 422, 'validation_failed', 'tag_id');
    assertError(await t.client.post(`${conv(o, a.id)}/tags`, { tag_id: 999999999 }), 404, 'not_found');
    const other = freshOrg('convtags-other');
    const [oAdmin] = sqlTexters(other.id, 1, 'admin');
    const theirs = (await oAdmin.client.post(tags(other), { name: 'theirs' })).body;
    assertError(await t.client.post(`${conv(o, a.id)}/tags`, { tag_id: theirs.id }), 404, 'not_found');
    assertError(await t.client.delete(`${conv(o, a.id)}/tags/${theirs.id}`), 404, 'not_found');
    assert.equal(sqlValue(`SELECT COUNT(*) FROM conversation_tags WHERE conversation_id = ${a.id}`), '0');
  });

  test('another texter\'s conversation is 403; another organization\'s is 404', async () => {
    const [a] = c.conversations;
    assertError(await t2.client.post(`${conv(o, a.id)}/tags`, { tag_id: plain.id }), 403, 'not_your_conversation');
    assertError(await t2.client.delete(`${conv(o, a.id)}/tags/${plain.id}`), 403, 'not_your_conversation');
    assertError(await t2.client.post(`${conv(o, a.id)}/close`, {}), 403, 'not_your_conversation');
    assertError(await t2.client.post(`${conv(o, a.id)}/skip`, {}), 403, 'not_your_conversation');
    const other = freshOrg('convtags-x');
    const oc = campaignFixture(other.id, other.owner.id, { contacts: 1 });
    const [x] = assign(oc, t.id);
    for (const client of [t.client, admin.client]) {
      assertError(await client.post(`${conv(o, x.id)}/tags`, { tag_id: plain.id }), 404, 'not_found');
      assertError(await client.post(`${conv(o, x.id)}/close`, {}), 404, 'not_found');
      assertError(await client.post(`${conv(o, x.id)}/skip`, {}), 404, 'not_found');
    }
    assertError(await sup.client.delete(`${conv(o, x.id)}/escalation`), 404, 'not_found');
    assert.equal(sqlValue(`SELECT status FROM conversations WHERE id = ${x.id}`), 'messaged');
  });

  test('organizers change any conversation of their organization', async () => {
    const [, b] = c.conversations;
    const r = await sup.client.post(`${conv(o, b.id)}/tags`, { tag_id: plain.id });
    assert.equal(r.status, 200, r.text);
    const closed = await admin.client.post(`${conv(o, b.id)}/close`, {});
    assert.equal(closed.body.status, 'closed');
  });

  test('an escalate tag puts the conversation in the review queue, which organizers list and clear', async () => {
    const [, , d] = c.conversations;
    const r = await t.client.post(`${conv(o, d.id)}/tags`, { tag_id: escalate.id });
    assert.equal(r.body.escalated, true);
    // Taking the tag off leaves it in the queue: organizers decide.
    await t.client.delete(`${conv(o, d.id)}/tags/${escalate.id}`);
    const queue = await sup.client.all(`${org(o.id)}/escalations?campaign_id=${c.id}`);
    const row = queue.find((x) => x.id === d.id);
    assert.ok(row, 'in the queue');
    assert.equal(row.assignee.id, t.id);
    assert.equal(row.campaign_name, sqlValue(`SELECT name FROM campaigns WHERE id = ${c.id}`));
    assert.ok((await sup.client.all(`${org(o.id)}/escalations`)).some((x) => x.id === d.id), 'the whole organization\'s too');

    const detail = await admin.client.get(`${org(o.id)}/campaigns/${c.id}`);
    assert.equal(detail.body.counts.escalated, 1);
    // The texting page's counts: the campaign's, Unassigned's, each texter's.
    onCampaign(c.id, [t.id]);
    const summary = (await admin.client.get(`${org(o.id)}/campaigns/${c.id}/assignments`)).body;
    assert.equal(summary.counts.escalated, 1);
    assert.equal(summary.unassigned.escalated, 0);
    assert.equal(summary.texters.find((x) => x.user_id === t.id).counts.escalated, 1);

    assertError(await t.client.get(`${org(o.id)}/escalations`), 403, 'forbidden');
    assertError(await t.client.delete(`${conv(o, d.id)}/escalation`), 403, 'forbidden');
    assertError(await sup.client.get(`${org(o.id)}/escalations?campaign_id=abc`), 422, 'validation_failed', 'campaign_id');

    const cleared = await sup.client.delete(`${conv(o, d.id)}/escalation`);
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.escalated, false);
    assert.ok(!(await sup.client.all(`${org(o.id)}/escalations?campaign_id=${c.id}`)).some((x) => x.id === d.id));
    assert.equal((await admin.client.get(`${org(o.id)}/campaigns/${c.id}`)).body.counts.escalated, 0);
    assert.equal((await admin.client.get(`${org(o.id)}/campaigns/${c.id}/assignments`)).body.counts.escalated, 0);
  });

  test('another organization\'s escalations are not listed', async () => {
    const other = freshOrg('convtags-q');
    const [oAdmin] = sqlTexters(other.id, 1, 'admin');
    const oc = campaignFixture(other.id, other.owner.id, { contacts: 1 });
    const [x] = assign(oc, oAdmin.id);
    const otag = (await oAdmin.client.post(tags(other), { name: 'esc', escalate: true })).body;
    await oAdmin.client.post(`${conv(other, x.id)}/tags`, { tag_id: otag.id });
    assert.ok(!(await sup.client.all(`${org(o.id)}/escalations`)).some((y) => y.id === x.id));
    assert.deepEqual((await sup.client.all(`${org(o.id)}/escalations?campaign_id=${oc.id}`)), []);
  });

  test('tags change on an opted-out contact\'s conversation', async () => {
    const [, , , e] = c.conversations;
    sql(`UPDATE conversations SET opted_out = 1 WHERE id = ${e.id}`);
    const r = await t.client.post(`${conv(o, e.id)}/tags`, { tag_id: plain.id });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.opted_out, true);
    assert.equal((await t.client.post(`${conv(o, e.id)}/close`, {})).body.status, 'closed');
  });

  test('deleting a tag takes it off every conversation; escalations stay', async () => {
    const c2 = campaignFixture(o.id, o.owner.id, { contacts: 1 });
    const [a] = assign(c2, t.id);
    const gone = (await admin.client.post(tags(o), { name: `gone ${uniq('g')}`, escalate: true })).body;
    await t.client.post(`${conv(o, a.id)}/tags`, { tag_id: gone.id });
    assert.equal((await admin.client.delete(`${tags(o)}/${gone.id}`)).status, 204);
    const got = await t.client.get(conv(o, a.id));
    assert.deepEqual(got.body.tags, []);
    assert.equal(got.body.escalated, true);
  });
});

describe('closing and skipping', () => {
  let o; let t; let unlock;
  before(async () => {
    unlock = await lockSimulator('conversation-tags');
    o = freshOrg('close');
    [t] = sqlTexters(o.id, 1);
  });
  after(() => unlock?.());

  test('close: only after the initial message; it leaves "needs response", and closing again is no change', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 2 });
    const [a, b] = assign(c, t.id, 'needs_response');
    sql(`UPDATE conversations SET status = 'needs_message' WHERE id = ${b.id}`);
    assertError(await t.client.post(`${conv(o, b.id)}/close`, {}), 409, 'initial_first');
    const r = await t.client.post(`${conv(o, a.id)}/close`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'closed');
    assert.equal((await t.client.post(`${conv(o, a.id)}/close`, {})).body.status, 'closed');
    assert.ok(!(await t.client.all(`${org(o.id)}/inbox`)).some((x) => x.id === a.id));
    const [admin] = sqlTexters(o.id, 1, 'admin');
    const detail = await admin.client.get(`${org(o.id)}/campaigns/${c.id}`);
    assert.equal(detail.body.counts.closed, 1);
  });

  test('a reply from the contact opens a closed conversation again', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 1 });
    const [a] = assign(c, t.id);
    await t.client.post(`${conv(o, a.id)}/close`, {});
    const r = await sendWebhook('message.received', {
      id: randomUUID(), record_type: 'message', direction: 'inbound', type: 'SMS', text: 'One more thing',
      from: { phone_number: a.phone }, to: [{ phone_number: c.number.e164, status: 'delivered' }],
    });
    const [d] = await deliveriesOf(r.id);
    assert.equal(d.outcome, 'delivered', JSON.stringify(d));
    const got = await t.client.get(conv(o, a.id));
    assert.equal(got.body.status, 'needs_response');
    assert.ok((await t.client.all(`${org(o.id)}/inbox`)).some((x) => x.id === a.id));
  });

  test('skip: the reply moves behind my other replies, page after page, until the contact writes again', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 4 });
    const [a, b, d, e] = assign(c, t.id, 'needs_response');
    const mineIds = new Set([a.id, b.id, d.id, e.id]);
    const order = async (limit) => (await t.client.all(`${org(o.id)}/inbox`, { limit }))
      .filter((x) => mineIds.has(x.id)).map((x) => x.id);
    assert.deepEqual(await order(200), [a.id, b.id, d.id, e.id]);
    const s1 = await t.client.post(`${conv(o, a.id)}/skip`, {});
    assert.equal(s1.status, 200, s1.text);
    assert.ok(s1.body.skipped_at);
    await new Promise((res) => setTimeout(res, 5));
    await t.client.post(`${conv(o, d.id)}/skip`, {});
    assert.deepEqual(await order(200), [b.id, e.id, a.id, d.id]);
    assert.deepEqual(await order(1), [b.id, e.id, a.id, d.id], 'the cursor follows the same order');
    // Skip is for replies only.
    sql(`UPDATE conversations SET status = 'convo' WHERE id = ${e.id}`);
    assertError(await t.client.post(`${conv(o, e.id)}/skip`, {}), 409, 'not_waiting');
    // A new message from the contact forgets the skip.
    sql(`UPDATE conversations SET status = 'messaged' WHERE id = ${a.id}`);
    const r = await sendWebhook('message.received', {
      id: randomUUID(), record_type: 'message', direction: 'inbound', type: 'SMS', text: 'Hello?',
      from: { phone_number: a.phone }, to: [{ phone_number: c.number.e164, status: 'delivered' }],
    });
    await deliveriesOf(r.id);
    assert.equal((await t.client.get(conv(o, a.id))).body.skipped_at, null);
    assert.deepEqual(await order(200), [a.id, b.id, d.id]);
  });
});
