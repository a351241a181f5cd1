// Exports (issue 18, admins only): a campaign's conversations and
// messages and the organization's opt-outs as CSV, streamed as the rows
// are read. The CSV is RFC 4180 (read back here by csv-parse), carries
// the contact file's columns, a column per survey question (the answer's
// label), status, texter, tags, opted out and the
// first and last message times, and guards against formula injection (a
// cell starting with = + - @ gets a '). Supervisors and texters are 403;
// another organization's campaign is 404.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { freshOrg } from './lib/admin.js';
import { assertError } from './lib/client.js';
import { sql } from './lib/db.js';
import { org, campaignFixture, sqlTexters } from './lib/texting.js';

describe('CSV exports', () => {
  let o; let admin; let sup; let t; let c; let tag; let other;
  before(async () => {
    o = freshOrg('exports');
    [admin] = sqlTexters(o.id, 1, 'admin');
    [sup] = sqlTexters(o.id, 1, 'supervisor');
    [t] = sqlTexters(o.id, 1);
    c = campaignFixture(o.id, o.owner.id, { contacts: 3 });
    const [a, b] = c.conversations;
    sql(`UPDATE campaigns SET contact_columns = '["ward","note"]' WHERE id = ${c.id};
      UPDATE conversations SET fields = JSON_OBJECT('ward', '12', 'note', '=HYPERLINK("x"), "quoted"\nline two'),
        first_name = '+evil', assignee_id = ${t.id}, status = 'needs_response', last_message_at = '2030-01-02 03:04:05' WHERE id = ${a.id};
      UPDATE conversations SET opted_out = 1, status = 'messaged' WHERE id = ${b.id};
      INSERT INTO messages (conversation_id, direction, body, from_number, to_number, status, created_at) VALUES
        (${a.id}, 'out', 'Hi, will you vote?', '+15550000002', '${a.phone}', 'delivered', '2030-01-01 00:00:00'),
        (${a.id}, 'in', '@reply, with "quotes"', '${a.phone}', '+15550000002', 'received', '2030-01-02 03:04:05');
      INSERT INTO opt_outs (org_id, phone, source) VALUES (${o.id}, '${b.phone}', 'keyword');`);
    tag = (await admin.client.post(`${org(o.id)}/tags`, { name: 'follow up' })).body;
    await admin.client.post(`${org(o.id)}/conversations/${a.id}/tags`, { tag_id: tag.id });
    // Two survey questions; a answers both, b only the first.
    const sv = `${org(o.id)}/campaigns/${c.id}/survey/questions`;
    const q1 = (await admin.client.post(sv, { text: 'Will you vote?' })).body;
    const q2 = (await admin.client.post(sv, { text: 'Need a ride, or not?' })).body;
    const opt = async (q, label) => (await admin.client.post(`${org(o.id)}/survey-questions/${q.id}/options`, { label, reply: '' })).body;
    const yes = await opt(q1, 'Yes, "definitely"');
    const no = await opt(q1, '-no');
    const ride = await opt(q2, 'Ride');
    const answer = async (conv, q, option) => {
      const r = await admin.client.put(`${org(o.id)}/conversations/${conv}/survey/answers/${q.id}`, { option_id: option.id });
      assert.equal(r.status, 200, r.text);
    };
    await answer(a.id, q1, no);
    await answer(a.id, q1, yes); // changed: the current answer is exported
    await answer(a.id, q2, ride);
    await answer(b.id, q1, no);
    other = freshOrg('exports-other');
  });

  const csv = (res) => parse(res.text, { columns: true, relax_column_count: false });

  test("a campaign's conversations: contact columns, status, texter, tags, opted out, message times", async () => {
    const res = await admin.client.get(`${org(o.id)}/campaigns/${c.id}/exports/conversations.csv`);
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('content-type'), /^text\/csv/);
    assert.match(res.headers.get('content-disposition'), /attachment; filename="campaign-\d+-conversations.csv"/);
    assert.ok(res.text.includes('\r\n'), 'records end with CRLF');
    const rows = csv(res);
    assert.deepEqual(Object.keys(rows[0]), ['id', 'phone', 'first_name', 'last_name', 'ward', 'note', 'Will you vote?', 'Need a ride, or not?', 'status', 'texter',
      'texter_email', 'tags', 'opted_out', 'escalated', 'first_message_at', 'last_message_at']);
    assert.equal(rows.length, 3);
    const [a, b] = c.conversations;
    const ra = rows.find((x) => Number(x.id) === a.id);
    assert.equal(ra.phone, a.phone, 'a phone is written as it is');
    assert.equal(ra.first_name, "'+evil", 'a cell starting with + gets a quote');
    assert.equal(ra.ward, '12');
    assert.equal(ra.note, `'=HYPERLINK("x"), "quoted"\nline two`, 'commas, quotes and newlines survive; the formula is defused');
    assert.equal(ra.status, 'needs_response');
    assert.equal(ra.texter, sql(`SELECT name FROM users WHERE id = ${t.id}`)[0][0]);
    assert.equal(ra.tags, 'follow up');
    assert.equal(ra.opted_out, 'false');
    assert.match(ra.first_message_at, /^2030-01-01T00:00:00(\.000)?Z$/);
    assert.equal(ra.last_message_at, '2030-01-02T03:04:05Z');
    const rb = rows.find((x) => Number(x.id) === b.id);
    assert.equal(rb.opted_out, 'true');
    assert.equal(rb.texter, '');
    assert.equal(rb.first_message_at, '');
    assert.equal(ra['Will you vote?'], 'Yes, "definitely"', 'the current answer, quotes and commas intact');
    assert.equal(ra['Need a ride, or not?'], 'Ride');
    assert.equal(rb['Will you vote?'], "'-no", 'a label starting with - gets a quote');
    assert.equal(rb['Need a ride, or not?'], '');
    const rc = rows.find((x) => Number(x.id) === c.conversations[2].id);
    assert.equal(rc['Will you vote?'], '', 'no answer: empty');
  });

  test("a campaign's messages and the organization's opt-outs", async () => {
    const m = await admin.client.get(`${org(o.id)}/campaigns/${c.id}/exports/messages.csv`);
    assert.equal(m.status, 200, m.text);
    const rows = csv(m);
    assert.deepEqual(rows.map((x) => x.direction), ['out', 'in']);
    assert.equal(rows[1].body, `'@reply, with "quotes"`);
    assert.match(rows[0].created_at, /^2030-01-01T00:00:00(\.000)?Z$/);
    const oo = await admin.client.get(`${org(o.id)}/exports/opt-outs.csv`);
    assert.equal(oo.status, 200);
    assert.deepEqual(csv(oo).map((x) => [x.phone, x.source]), [[c.conversations[1].phone, 'keyword']]);
  });

  test('admins only; another organization is 404', async () => {
    for (const client of [sup.client, t.client]) {
      assertError(await client.get(`${org(o.id)}/campaigns/${c.id}/exports/conversations.csv`), 403, 'forbidden');
      assertError(await client.get(`${org(o.id)}/campaigns/${c.id}/exports/messages.csv`), 403, 'forbidden');
      assertError(await client.get(`${org(o.id)}/exports/opt-outs.csv`), 403, 'forbidden');
    }
    const oc = campaignFixture(other.id, other.owner.id, { contacts: 1 });
    assertError(await admin.client.get(`${org(o.id)}/campaigns/${oc.id}/exports/conversations.csv`), 404, 'not_found');
    assertError(await admin.client.get(`${org(o.id)}/campaigns/${oc.id}/exports/messages.csv`), 404, 'not_found');
    assertError(await admin.client.get(`${org(other.id)}/exports/opt-outs.csv`), 404, 'not_found');
  });

  test('a large campaign streams whole, page after page', async () => {
    const big = campaignFixture(o.id, o.owner.id, { contacts: 4500 });
    // Survey answers on either side of the pages' edges (2,000 rows a page).
    const sv = `${org(o.id)}/campaigns/${big.id}/survey/questions`;
    const q1 = (await admin.client.post(sv, { text: 'First?' })).body;
    const q2 = (await admin.client.post(sv, { text: 'Second?' })).body;
    const a1 = (await admin.client.post(`${org(o.id)}/survey-questions/${q1.id}/options`, { label: 'A1', reply: '' })).body;
    const a2 = (await admin.client.post(`${org(o.id)}/survey-questions/${q2.id}/options`, { label: 'A2', reply: '' })).body;
    const at = [0, 1999, 2000, 4499];
    const answers = at.flatMap((i) => [[i, q1, a1], ...(i % 2 ? [[i, q2, a2]] : [])]);
    sql(`INSERT INTO survey_answers (conversation_id, question_id, option_id, campaign_id, answered_by, answered_at) VALUES
      ${answers.map(([i, q, a]) => `(${big.conversations[i].id}, ${q.id}, ${a.id}, ${big.id}, ${admin.id}, UTC_TIMESTAMP(3))`).join(', ')}`);
    const res = await admin.client.get(`${org(o.id)}/campaigns/${big.id}/exports/conversations.csv`);
    assert.equal(res.status, 200);
    const rows = csv(res);
    assert.equal(rows.length, 4500);
    assert.deepEqual(rows.map((x) => Number(x.id)), big.conversations.map((x) => x.id));
    const answered = rows.flatMap((x, i) => (x['First?'] || x['Second?'] ? [[i, x['First?'], x['Second?']]] : []));
    assert.deepEqual(answered, [[0, 'A1', ''], [1999, 'A1', 'A2'], [2000, 'A1', ''], [4499, 'A1', 'A2']]);
  });
});
