// Message review (issue 18, for organizers): every conversation of a
// campaign or of the organization, filtered by status, texter (or
// Unassigned), tag, escalated, survey answer, opted out and text in the
// messages, paged
// in id order; organizers reply in any conversation; bulk close and move
// (selected ids, or every match of a filter) to a texter or back to
// Unassigned. Texters are 403; another organization's ids are 404 or
// left out; bad input is 422 naming the field. Every response is checked
// against openapi.json by the client.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { freshOrg } from './lib/admin.js';
import { assertError } from './lib/client.js';
import { sql, sqlValue } from './lib/db.js';
import { org, campaignFixture, sqlTexters, onCampaign } from './lib/texting.js';

const review = (o) => `${org(o.id)}/review/conversations`;

describe('message review', () => {
  let o; let admin; let sup; let t1; let t2; let c; let c2; let tag; let ids; let other;
  before(async () => {
    o = freshOrg('review');
    [admin] = sqlTexters(o.id, 1, 'admin');
    [sup] = sqlTexters(o.id, 1, 'supervisor');
    [t1, t2] = sqlTexters(o.id, 2);
    c = campaignFixture(o.id, o.owner.id, { contacts: 6 });
    c2 = campaignFixture(o.id, o.owner.id, { contacts: 2 });
    onCampaign(c.id, [t1.id, t2.id]);
    ids = c.conversations.map((x) => x.id);
    // 0,1: t1 needs_response; 2: t2 messaged; 3: opted out; 4,5: Unassigned needs_message.
    sql(`UPDATE conversations SET assignee_id = ${t1.id}, status = 'needs_response', last_message_at = UTC_TIMESTAMP() WHERE id IN (${ids[0]}, ${ids[1]});
      UPDATE conversations SET assignee_id = ${t2.id}, status = 'messaged' WHERE id = ${ids[2]};
      UPDATE conversations SET assignee_id = ${t2.id}, status = 'messaged', opted_out = 1 WHERE id = ${ids[3]};
      UPDATE conversations SET escalated = 1 WHERE id = ${ids[1]};
      INSERT INTO messages (conversation_id, direction, body, from_number, to_number, status) VALUES
        (${ids[0]}, 'in', 'Yes I will VOTE early, 100%', '+15550000001', '+15550000002', 'received'),
        (${ids[1]}, 'in', 'wrong number', '+15550000001', '+15550000002', 'received');`);
    tag = (await admin.client.post(`${org(o.id)}/tags`, { name: 'follow up' })).body;
    await t1.client.post(`${org(o.id)}/conversations/${ids[0]}/tags`, { tag_id: tag.id });
    other = freshOrg('review-other');
  });

  const listIds = async (client, q) => (await client.all(`${review(o)}?${q}`)).map((x) => x.id);

  test('lists every conversation of a campaign, or of the organization, in id order', async () => {
    assert.deepEqual(await listIds(sup.client, `campaign_id=${c.id}`), ids);
    const all = await listIds(sup.client, '');
    for (const x of [...ids, ...c2.conversations.map((y) => y.id)]) assert.ok(all.includes(x));
    const page = await sup.client.get(`${review(o)}?campaign_id=${c.id}&limit=2`);
    assert.equal(page.body.items.length, 2);
    assert.equal(page.body.items[0].campaign_name, sqlValue(`SELECT name FROM campaigns WHERE id = ${c.id}`));
    assert.equal(page.body.items[0].assignee.id, t1.id);
    const next = await sup.client.get(`${review(o)}?campaign_id=${c.id}&limit=2&cursor=${page.body.next_cursor}`);
    assert.deepEqual(next.body.items.map((x) => x.id), ids.slice(2, 4));
  });

  test('filters: status, texter, Unassigned, tag, escalated, opted out, text in the messages', async () => {
    const q = (s) => listIds(sup.client, `campaign_id=${c.id}&${s}`);
    assert.deepEqual(await q('status=needs_response'), [ids[0], ids[1]]);
    assert.deepEqual(await q(`texter=${t2.id}`), [ids[2], ids[3]]);
    assert.deepEqual(await q('texter=unassigned'), [ids[4], ids[5]]);
    assert.deepEqual(await q(`tag_id=${tag.id}`), [ids[0]]);
    assert.deepEqual(await q('escalated=true'), [ids[1]]);
    assert.deepEqual(await q('opted_out=true'), [ids[3]]);
    assert.deepEqual(await q('q=vote'), [ids[0]], 'any case, part of a word');
    assert.deepEqual(await q('q=100%25'), [ids[0]], '% is taken literally');
    assert.deepEqual(await q('q=_'), [], '_ is taken literally');
    assert.deepEqual(await q(`status=needs_response&texter=${t1.id}&escalated=false`), [ids[0]]);
  });

  test('survey answers: a question answered, one answer; with other filters; in bulk actions', async () => {
    const sv = `${org(o.id)}/campaigns/${c.id}/survey`;
    const q1 = (await sup.client.post(`${sv}/questions`, { text: 'Will you vote?' })).body;
    const q2 = (await sup.client.post(`${sv}/questions`, { text: 'Need a ride?' })).body;
    const yes = (await sup.client.post(`${org(o.id)}/survey-questions/${q1.id}/options`, { label: 'Yes', reply: '' })).body;
    const no = (await sup.client.post(`${org(o.id)}/survey-questions/${q1.id}/options`, { label: 'No', reply: '' })).body;
    const ride = (await sup.client.post(`${org(o.id)}/survey-questions/${q2.id}/options`, { label: 'Ride', reply: '' })).body;
    const put = async (conv, q, opt) => {
      const r = await sup.client.put(`${org(o.id)}/conversations/${conv}/survey/answers/${q}`, { option_id: opt });
      assert.equal(r.status, 200, r.text);
    };
    await put(ids[0], q1.id, yes.id);
    await put(ids[2], q1.id, no.id);
    await put(ids[3], q1.id, yes.id); // opted out: answers are still recorded
    await put(ids[3], q2.id, ride.id);
    const q = (s) => listIds(sup.client, `campaign_id=${c.id}&${s}`);
    assert.deepEqual(await q(`question_id=${q1.id}`), [ids[0], ids[2], ids[3]]);
    assert.deepEqual(await q(`option_id=${yes.id}`), [ids[0], ids[3]]);
    assert.deepEqual(await q(`option_id=${no.id}`), [ids[2]]);
    assert.deepEqual(await q(`question_id=${q2.id}`), [ids[3]]);
    assert.deepEqual(await q(`question_id=${q2.id}&option_id=${yes.id}`), [ids[3]], 'both: answered q2 and gave Yes to q1');
    assert.deepEqual(await q(`option_id=${yes.id}&opted_out=false`), [ids[0]]);
    assert.deepEqual(await q(`option_id=${yes.id}&texter=${t1.id}`), [ids[0]]);
    assert.deepEqual(await q(`option_id=${yes.id}&tag_id=${tag.id}`), [ids[0]]);
    assert.deepEqual(await listIds(sup.client, `option_id=${yes.id}`), [ids[0], ids[3]], 'the whole organization');
    // A changed answer moves the conversation from one filter to the other.
    await put(ids[2], q1.id, yes.id);
    assert.deepEqual(await q(`option_id=${no.id}`), []);
    assert.deepEqual(await q(`option_id=${yes.id}`), [ids[0], ids[2], ids[3]]);
    // Paging one at a time walks the answer's own index in id order.
    const first = await sup.client.get(`${review(o)}?campaign_id=${c.id}&option_id=${yes.id}&limit=1`);
    assert.deepEqual(first.body.items.map((x) => x.id), [ids[0]]);
    const second = await sup.client.get(`${review(o)}?campaign_id=${c.id}&option_id=${yes.id}&limit=1&cursor=${first.body.next_cursor}`);
    assert.deepEqual(second.body.items.map((x) => x.id), [ids[2]]);
    // Another organization's survey ids match nothing here.
    const oc = campaignFixture(other.id, other.owner.id, { contacts: 1 });
    const oq = sqlValue(`INSERT INTO survey_questions (org_id, campaign_id, text) VALUES (${other.id}, ${oc.id}, 'Theirs?');
      SELECT LAST_INSERT_ID();`);
    sql(`INSERT INTO survey_options (question_id, label, reply) VALUES (${oq}, 'Theirs', '');
      INSERT INTO survey_answers (conversation_id, question_id, option_id, campaign_id, answered_by, answered_at)
        SELECT ${oc.conversations[0].id}, ${oq}, LAST_INSERT_ID(), ${oc.id}, ${other.owner.id}, UTC_TIMESTAMP(3);`);
    assert.deepEqual(await listIds(sup.client, `question_id=${oq}`), [], "another organization's answers never show");
    // Bulk: every conversation that answered No... now Yes, by filter (ids[3] opted out still moves).
    const moved = await sup.client.post(`${org(o.id)}/review/reassign`, { campaign_id: c.id, filter: { option_id: yes.id, opted_out: false }, texter_id: t2.id });
    assert.deepEqual(moved.body, { matched: 2, changed: 1 });
    assert.deepEqual(await q(`texter=${t2.id}&question_id=${q1.id}`), [ids[0], ids[2], ids[3]]);
    await sup.client.post(`${org(o.id)}/review/reassign`, { campaign_id: c.id, ids: [ids[0]], texter_id: t1.id });
    assertError(await sup.client.post(`${org(o.id)}/review/close`, { filter: { option_id: 'x' } }), 422, 'validation_failed', 'option_id');
    assertError(await sup.client.post(`${org(o.id)}/review/close`, { filter: { question_id: 0 } }), 422, 'validation_failed', 'question_id');
    // Leave the fixture as the later tests expect it.
    for (const conv of [ids[0], ids[2], ids[3]]) {
      await sup.client.delete(`${org(o.id)}/conversations/${conv}/survey/answers/${q1.id}`);
    }
    await sup.client.delete(`${org(o.id)}/conversations/${ids[3]}/survey/answers/${q2.id}`);
  });

  test('bad filters are 422 naming the parameter', async () => {
    for (const [p, v] of [['status', 'nope'], ['texter', 'x'], ['tag_id', '0'], ['question_id', '0'], ['option_id', 'x'], ['escalated', 'yes'], ['opted_out', '1'], ['campaign_id', 'a'], ['q', 'x'.repeat(101)], ['limit', '500']]) {
      assertError(await sup.client.get(`${review(o)}?${p}=${encodeURIComponent(v)}`), 422, 'validation_failed', p);
    }
    assertError(await sup.client.get(`${review(o)}?q=${encodeURIComponent('a\nb')}`), 422, 'validation_failed', 'q');
  });

  test('texters are 403; another organization is 404 and its conversations never show', async () => {
    assertError(await t1.client.get(review(o)), 403, 'forbidden');
    assertError(await t1.client.post(`${org(o.id)}/review/close`, { ids: [ids[0]] }), 403, 'forbidden');
    assertError(await t1.client.post(`${org(o.id)}/review/reassign`, { campaign_id: c.id, ids: [ids[0]], texter_id: null }), 403, 'forbidden');
    assertError(await sup.client.get(review(other)), 404, 'not_found');
    const oc = campaignFixture(other.id, other.owner.id, { contacts: 1 });
    assertError(await sup.client.get(`${review(o)}?campaign_id=${oc.id}`), 404, 'not_found');
    assert.ok(!(await listIds(sup.client, '')).includes(oc.conversations[0].id));
    const closed = await sup.client.post(`${org(o.id)}/review/close`, { ids: [oc.conversations[0].id] });
    assert.deepEqual(closed.body, { matched: 0, changed: 0 });
    assertError(await sup.client.post(`${org(o.id)}/review/reassign`, { campaign_id: oc.id, ids: [ids[0]], texter_id: null }), 404, 'not_found');
  });

  test('an organizer reads the thread and replies as themselves; the reply to an opted-out contact is 409', async () => {
    const thread = await sup.client.get(`${org(o.id)}/conversations/${ids[0]}`);
    assert.equal(thread.status, 200);
    assert.ok(thread.body.messages.some((m) => m.body.startsWith('Yes I will')));
    const r = await sup.client.post(`${org(o.id)}/conversations/${ids[0]}/messages`, { body: 'Thanks, an organizer here' });
    assert.equal(r.status, 201, r.text);
    assert.equal(sqlValue(`SELECT sender_id FROM messages WHERE id = ${r.body.message.id}`), String(sup.id));
    assertError(await sup.client.post(`${org(o.id)}/conversations/${ids[3]}/messages`, { body: 'hi' }), 409, 'opted_out');
    assertError(await sup.client.post(`${org(o.id)}/conversations/${ids[0]}/messages`, { body: 'x'.repeat(1601) }), 422, 'validation_failed', 'body');
    // A texter still replies only in their own.
    assertError(await t2.client.post(`${org(o.id)}/conversations/${ids[0]}/messages`, { body: 'hi' }), 403, 'not_your_conversation');
  });

  test('bulk reassign: selected ids to a texter, a filter back to Unassigned; the texter must be on the campaign', async () => {
    const moved = await sup.client.post(`${org(o.id)}/review/reassign`, { campaign_id: c.id, ids: [ids[4], ids[5]], texter_id: t2.id });
    assert.equal(moved.status, 200, moved.text);
    assert.deepEqual(moved.body, { matched: 2, changed: 2 });
    assert.equal(sqlValue(`SELECT COUNT(*) FROM conversations WHERE id IN (${ids[4]}, ${ids[5]}) AND assignee_id = ${t2.id}`), '2');
    const back = await sup.client.post(`${org(o.id)}/review/reassign`, { campaign_id: c.id, filter: { texter: t2.id, status: 'needs_message' }, texter_id: null });
    assert.deepEqual(back.body, { matched: 2, changed: 2 });
    assert.deepEqual(await listIds(sup.client, `campaign_id=${c.id}&texter=unassigned`), [ids[4], ids[5]]);
    const [stranger] = sqlTexters(o.id, 1);
    assertError(await sup.client.post(`${org(o.id)}/review/reassign`, { campaign_id: c.id, ids: [ids[4]], texter_id: stranger.id }), 422, 'validation_failed', 'texter_id');
    assertError(await sup.client.post(`${org(o.id)}/review/reassign`, { campaign_id: c.id, ids: [ids[4]] }), 422, 'validation_failed', 'texter_id');
    assertError(await sup.client.post(`${org(o.id)}/review/reassign`, { ids: [ids[4]], texter_id: null }), 422, 'validation_failed', 'campaign_id');
    assertError(await sup.client.post(`${org(o.id)}/review/reassign`, { campaign_id: c.id, texter_id: null }), 422, 'validation_failed', 'ids');
    assertError(await sup.client.post(`${org(o.id)}/review/reassign`, { campaign_id: c.id, ids: [], texter_id: null }), 422, 'validation_failed', 'ids');
    assertError(await sup.client.post(`${org(o.id)}/review/reassign`, { campaign_id: c.id, ids: Array.from({ length: 1001 }, (_, i) => i + 1), texter_id: null }), 422, 'validation_failed', 'ids');
    assertError(await sup.client.post(`${org(o.id)}/review/reassign`, { campaign_id: c.id, filter: { q: '' }, texter_id: null }), 422, 'validation_failed', 'q');
    // Ids of another campaign are left out.
    const x = await sup.client.post(`${org(o.id)}/review/reassign`, { campaign_id: c.id, ids: [c2.conversations[0].id], texter_id: t1.id });
    assert.deepEqual(x.body, { matched: 0, changed: 0 });
  });

  test('bulk close: by filter and by ids; those waiting for the initial message stay as they are', async () => {
    const r = await sup.client.post(`${org(o.id)}/review/close`, { campaign_id: c.id, filter: { texter: t1.id } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { matched: 2, changed: 2 });
    assert.deepEqual(await listIds(sup.client, `campaign_id=${c.id}&status=closed`), [ids[0], ids[1]]);
    const s = await admin.client.post(`${org(o.id)}/review/close`, { ids: [ids[2], ids[4]] });
    assert.deepEqual(s.body, { matched: 2, changed: 1 });
    assert.equal(sqlValue(`SELECT status FROM conversations WHERE id = ${ids[4]}`), 'needs_message');
    assertError(await sup.client.post(`${org(o.id)}/review/close`, { ids: [ids[2]], filter: {} }), 422, 'validation_failed', 'ids');
    assertError(await sup.client.post(`${org(o.id)}/review/close`, { filter: { status: 'x' } }), 422, 'validation_failed', 'status');
  });

  test('a selective filter reads the same windows as the rest: a short page past one, then the next match', async () => {
    // 20,100 conversations: the tag, escalation, a texter and an answer on
    // the first and on one past the first 20,000-id window.
    const big = campaignFixture(o.id, o.owner.id, { contacts: 20100, status: 'paused' });
    onCampaign(big.id, [t1.id]);
    const [a, b] = [big.conversations[0].id, big.conversations[20050].id];
    const bq = (await sup.client.post(`${org(o.id)}/campaigns/${big.id}/survey/questions`, { text: 'Big?' })).body;
    const bo = (await sup.client.post(`${org(o.id)}/survey-questions/${bq.id}/options`, { label: 'Yes', reply: '' })).body;
    sql(`UPDATE conversations SET assignee_id = ${t1.id}, escalated = 1 WHERE id IN (${a}, ${b});
      INSERT INTO conversation_tags (conversation_id, tag_id) VALUES (${a}, ${tag.id}), (${b}, ${tag.id});
      INSERT INTO survey_answers (conversation_id, question_id, option_id, campaign_id, answered_by, answered_at)
        VALUES (${a}, ${bq.id}, ${bo.id}, ${big.id}, ${sup.id}, UTC_TIMESTAMP(3)), (${b}, ${bq.id}, ${bo.id}, ${big.id}, ${sup.id}, UTC_TIMESTAMP(3));`);
    for (const f of [`tag_id=${tag.id}`, 'escalated=true', `texter=${t1.id}`, `option_id=${bo.id}`, `question_id=${bq.id}`, `tag_id=${tag.id}&status=needs_message`]) {
      const p1 = await sup.client.get(`${review(o)}?campaign_id=${big.id}&${f}`);
      assert.equal(p1.status, 200, p1.text);
      assert.deepEqual(p1.body.items.map((x) => x.id), [a], f);
      assert.equal(p1.body.next_cursor, String(a - 1 + 20000), `${f}: the page ends with its window`);
      const p2 = await sup.client.get(`${review(o)}?campaign_id=${big.id}&${f}&cursor=${p1.body.next_cursor}`);
      assert.deepEqual(p2.body.items.map((x) => x.id), [b], f);
      assert.equal(p2.body.next_cursor, null, f);
    }
    // Bulk actions by a selective filter walk every window too.
    const r = await sup.client.post(`${org(o.id)}/review/close`, { campaign_id: big.id, filter: { tag_id: tag.id } });
    assert.deepEqual(r.body, { matched: 2, changed: 0 }, 'waiting for the initial message: matched, left as they are');
    const m = await sup.client.post(`${org(o.id)}/review/reassign`, { campaign_id: big.id, filter: { option_id: bo.id }, texter_id: null });
    assert.deepEqual(m.body, { matched: 2, changed: 2 });
  });
});
