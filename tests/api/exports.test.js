// Exports (issue 18, admins only) as jobs: POST exports queues one, the
// exporter role writes the CSV into the database in chunks, counting
// rows_done; GET exports/{id} shows the progress, the download streams
// the stored file, for a day after it finished (then 410), from any app
// host. A campaign's conversations and messages and the organization's
// opt-outs. The CSV is RFC 4180 (read back here by csv-parse), carries
// the contact file's columns, a column per survey question (the answer's
// label), status, texter, tags, opted out and the first and last message
// times, and guards against formula injection (a cell starting with
// = + - @ gets a '). Supervisors and texters are 403; another
// organization's campaign or export is 404.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { freshOrg } from './lib/admin.js';
import { assertError } from './lib/client.js';
import { sql } from './lib/db.js';
import { waitFor } from './lib/sim.js';
import { org, campaignFixture, sqlTexters } from './lib/texting.js';

// Starts an export and waits for its end: the finished Export object.
export async function exportJob(client, orgId, body, { timeoutMs = 30000 } = {}) {
  const r = await client.post(`${org(orgId)}/exports`, body);
  assert.equal(r.status, 202, r.text);
  assert.equal(r.body.kind, body.kind);
  assert.ok(['queued', 'running', 'done'].includes(r.body.status), r.text);
  return waitFor(`export ${r.body.id} done`, async () => {
    const g = await client.get(`${org(orgId)}/exports/${r.body.id}`);
    assert.equal(g.status, 200, g.text);
    return { done: g.body.status === 'done' || g.body.status === 'failed', value: g.body };
  }, { timeoutMs, intervalMs: 200 });
}

// Starts an export, waits for it, downloads it: the download's response.
async function exported(client, orgId, body) {
  const x = await exportJob(client, orgId, body);
  assert.equal(x.status, 'done', JSON.stringify(x));
  assert.equal(x.download_url, `${org(orgId)}/exports/${x.id}/download`);
  const res = await client.get(x.download_url);
  assert.equal(res.status, 200, res.text);
  assert.equal(Buffer.byteLength(res.text), x.bytes, 'bytes is the file\'s size');
  return res;
}

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
    const res = await exported(admin.client, o.id, { kind: 'conversations', campaign_id: c.id });
    assert.match(res.headers.get('content-type'), /^text\/csv/);
    assert.match(res.headers.get('content-disposition'), /attachment; filename="campaign-\d+-conversations-\d+.csv"/);
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
    const m = await exported(admin.client, o.id, { kind: 'messages', campaign_id: c.id });
    const rows = csv(m);
    assert.deepEqual(rows.map((x) => x.direction), ['out', 'in']);
    assert.equal(rows[1].body, `'@reply, with "quotes"`);
    assert.match(rows[0].created_at, /^2030-01-01T00:00:00(\.000)?Z$/);
    const oo = await exported(admin.client, o.id, { kind: 'opt_outs' });
    assert.match(oo.headers.get('content-disposition'), /attachment; filename="organization-\d+-opt_outs-\d+.csv"/);
    assert.deepEqual(csv(oo).map((x) => [x.phone, x.source]), [[c.conversations[1].phone, 'keyword']]);
  });

  test('admins only; another organization is 404', async () => {
    const x = await exportJob(admin.client, o.id, { kind: 'opt_outs' });
    for (const client of [sup.client, t.client]) {
      assertError(await client.post(`${org(o.id)}/exports`, { kind: 'conversations', campaign_id: c.id }), 403, 'forbidden');
      assertError(await client.get(`${org(o.id)}/exports`), 403, 'forbidden');
      assertError(await client.get(`${org(o.id)}/exports/${x.id}`), 403, 'forbidden');
      assertError(await client.get(`${org(o.id)}/exports/${x.id}/download`), 403, 'forbidden');
    }
    const oc = campaignFixture(other.id, other.owner.id, { contacts: 1 });
    assertError(await admin.client.post(`${org(o.id)}/exports`, { kind: 'conversations', campaign_id: oc.id }), 404, 'not_found');
    assertError(await admin.client.post(`${org(o.id)}/exports`, { kind: 'messages', campaign_id: oc.id }), 404, 'not_found');
    assertError(await admin.client.post(`${org(other.id)}/exports`, { kind: 'opt_outs' }), 404, 'not_found');
    // Another organization's export, through this one's path: not there.
    const [otherAdmin] = sqlTexters(other.id, 1, 'admin');
    const theirs = await exportJob(otherAdmin.client, other.id, { kind: 'opt_outs' });
    assertError(await admin.client.get(`${org(o.id)}/exports/${theirs.id}`), 404, 'not_found');
    assertError(await admin.client.get(`${org(o.id)}/exports/${theirs.id}/download`), 404, 'not_found');
    assert.ok(!(await admin.client.get(`${org(o.id)}/exports`)).body.items.some((e) => e.id === theirs.id));
  });

  test('bad requests: 422 naming the field', async () => {
    const post = (body) => admin.client.post(`${org(o.id)}/exports`, body);
    assertError(await post({ kind: 'contacts', campaign_id: c.id }), 422, 'validation_failed', 'kind');
    assertError(await post({ campaign_id: c.id }), 422, 'validation_failed', 'kind');
    assertError(await post({ kind: 'conversations' }), 422, 'validation_failed', 'campaign_id');
    assertError(await post({ kind: 'messages', campaign_id: 'x' }), 422, 'validation_failed', 'campaign_id');
    assertError(await post({ kind: 'opt_outs', campaign_id: c.id }), 422, 'validation_failed', 'campaign_id');
    assertError(await admin.client.get(`${org(o.id)}/exports?campaign_id=x`), 422, 'validation_failed', 'campaign_id');
    assertError(await admin.client.get(`${org(o.id)}/exports?kind=contacts`), 422, 'validation_failed', 'kind');
  });

  test('the list: newest first, one campaign\'s, with their expiry a day after they finished', async () => {
    const a = await exportJob(admin.client, o.id, { kind: 'messages', campaign_id: c.id });
    const b = await exportJob(admin.client, o.id, { kind: 'conversations', campaign_id: c.id });
    const list = (await admin.client.get(`${org(o.id)}/exports?campaign_id=${c.id}`)).body.items;
    assert.deepEqual(list.slice(0, 2).map((e) => e.id), [b.id, a.id]);
    assert.ok(list.every((e) => e.campaign_id === c.id));
    const all = (await admin.client.get(`${org(o.id)}/exports`)).body.items;
    assert.ok(all.some((e) => e.kind === 'opt_outs' && e.campaign_id === null));
    const optOuts = (await admin.client.get(`${org(o.id)}/exports?kind=opt_outs`)).body.items;
    assert.ok(optOuts.length > 0 && optOuts.every((e) => e.kind === 'opt_outs'), 'one kind');
    assert.deepEqual((await admin.client.get(`${org(o.id)}/exports?kind=messages&campaign_id=${c.id}`)).body.items.map((e) => e.id)[0], a.id);
    for (const e of [a, b]) {
      assert.equal(Date.parse(e.expires_at) - Date.parse(e.finished_at), 24 * 3600 * 1000);
      assert.equal(e.rows_done, e.rows_total);
      assert.equal(e.error, null);
    }
  });

  test('a download before the file is done is 409; after the day, 410, then the file is deleted', async () => {
    // Queued (no exporter gets to an export whose lease is held).
    const q = (await admin.client.post(`${org(o.id)}/exports`, { kind: 'opt_outs' })).body;
    sql(`UPDATE exports SET status = 'running', lease_owner = 'test-held', lease_until = UTC_TIMESTAMP(3) + INTERVAL 1 HOUR WHERE id = ${q.id} AND status = 'queued'`);
    const held = (await admin.client.get(`${org(o.id)}/exports/${q.id}`)).body;
    if (held.status === 'running' && held.rows_done === 0) {
      assertError(await admin.client.get(`${org(o.id)}/exports/${q.id}/download`), 409, 'not_ready');
      assert.equal(held.download_url, null);
    }
    sql(`UPDATE exports SET status = 'failed', lease_owner = NULL, finished_at = UTC_TIMESTAMP(3), expires_at = UTC_TIMESTAMP(3) + INTERVAL 1 DAY WHERE id = ${q.id}`);
    assertError(await admin.client.get(`${org(o.id)}/exports/${q.id}/download`), 409, 'not_ready');

    const x = await exportJob(admin.client, o.id, { kind: 'conversations', campaign_id: c.id });
    assert.ok(Number(sql(`SELECT COUNT(*) FROM export_chunks WHERE export_id = ${x.id}`)[0][0]) >= 1, 'the file is in the database');
    sql(`UPDATE exports SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE id = ${x.id}`);
    assertError(await admin.client.get(`${org(o.id)}/exports/${x.id}/download`), 410, 'expired');
    const gone = (await admin.client.get(`${org(o.id)}/exports/${x.id}`)).body;
    assert.equal(gone.download_url, null);
    assert.ok(!(await admin.client.get(`${org(o.id)}/exports`)).body.items.some((e) => e.id === x.id), 'the list leaves it out');
    // Housekeeping (every couple of seconds in test) deletes the file,
    // and the row an hour past its expiry.
    await waitFor(`export ${x.id}'s chunks deleted`, async () => {
      const n = Number(sql(`SELECT COUNT(*) FROM export_chunks WHERE export_id = ${x.id}`)[0][0]);
      return { done: n === 0, value: n };
    }, { timeoutMs: 20000, intervalMs: 500 });
    assertError(await admin.client.get(`${org(o.id)}/exports/${x.id}/download`), 410, 'expired');
    sql(`UPDATE exports SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 61 MINUTE WHERE id = ${x.id}`);
    await waitFor(`export ${x.id} deleted`, async () => {
      const g = await admin.client.get(`${org(o.id)}/exports/${x.id}`);
      return { done: g.status === 404, value: g.status };
    }, { timeoutMs: 20000, intervalMs: 500 });
  });

  test('a large campaign is written whole, page after page, with its progress', async () => {
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
    // The progress, as the SPA polls it: rows_done climbs to rows_total.
    const start = await admin.client.post(`${org(o.id)}/exports`, { kind: 'conversations', campaign_id: big.id });
    assert.equal(start.status, 202, start.text);
    assert.equal(start.body.rows_done, 0);
    const seen = [];
    const x = await waitFor('the big export', async () => {
      const g = (await admin.client.get(`${org(o.id)}/exports/${start.body.id}`)).body;
      seen.push([g.status, g.rows_done, g.rows_total]);
      return { done: g.status === 'done', value: g };
    }, { timeoutMs: 30000, intervalMs: 20 });
    assert.equal(x.rows_total, 4500);
    assert.equal(x.rows_done, 4500);
    for (const [status, done, total] of seen) {
      assert.ok(done <= total || total === 0, `progress ${done} of ${total} (${status})`);
      if (status === 'running') assert.equal(total, 4500, 'estimated at the start');
    }
    const res = await admin.client.get(x.download_url);
    assert.equal(res.status, 200);
    const rows = csv(res);
    assert.equal(rows.length, 4500);
    assert.deepEqual(rows.map((x) => Number(x.id)), big.conversations.map((x) => x.id));
    const answered = rows.flatMap((x, i) => (x['First?'] || x['Second?'] ? [[i, x['First?'], x['Second?']]] : []));
    assert.deepEqual(answered, [[0, 'A1', ''], [1999, 'A1', 'A2'], [2000, 'A1', ''], [4499, 'A1', 'A2']]);
  });
});
