// A campaign's contacts: the CSV import (US numbers to E.164, duplicates
// and invalid rows by line and why, the organization's opt-outs left out,
// any other columns kept, appending), garbage and bad requests (nothing
// half-imported), the contact list, and the preview of the initial message
// (merge fields, characters, GSM-7 / UCS-2 segments, over-long scripts).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertError, loggedIn } from './lib/client.js';
import { freshOrg, freshUser } from './lib/admin.js';
import { records as sql } from './lib/db.js';
import { campaignsPath, campaignPath, contactsCsv, upload, getCampaign } from './lib/campaigns.js';

describe('contact import', () => {
  let org; let c;

  before(async () => {
    org = freshOrg('contacts');
    c = await loggedIn(org.owner, 'owner');
  });

  const draft = async (name = 'Contacts') => (await c.post(campaignsPath(org.id), { name })).body;
  const contacts = async (id) => c.all(`${campaignPath(org.id, id)}/contacts`);

  test('US numbers normalized; duplicates and invalid rows reported by line and why; other columns kept', async () => {
    const d = await draft();
    const csv = [
      'Phone,First Name,Last Name,Ward,Polling Place',
      '(415) 555-2100,Ada,Lovelace,3,Elm St. School',
      '415.555.2101,"Grace ""Amazing""",Hopper,4,"Oak Hall, Room 2"',
      '4155552100,Again,Ada,3,x', // line 4: a duplicate of line 2
      'n/a,No,Phone,1,x', // line 5
      '+44 20 7946 0958,Brit,Ish,1,x', // line 6
      '',
      '"+1 (510) 555-2102",Multi,"Line',
      'Name",5,x', // lines 8-9: one record
      '212-555-2199,Too,Many,1,x,extra', // line 10
      '1 212 555 2100,Émile,Zola,2,Café', // line 11
    ].join('\r\n');
    const r = await upload(c, org.id, d.id, csv);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual({ ...r.body, problems: undefined }, { imported: 4, duplicates: 1, invalid: 3, opted_out: 0, problems: undefined });
    assert.deepEqual(r.body.problems.map((p) => p.line), [4, 5, 6, 10]);
    assert.match(r.body.problems[0].reason, /\+14155552100 is a duplicate of line 2/);
    assert.match(r.body.problems[1].reason, /letters/);
    assert.match(r.body.problems[2].reason, /not a US number/);
    assert.match(r.body.problems[3].reason, /6 values, but the first line names 5 columns/);
    const list = await contacts(d.id);
    assert.deepEqual(list.map((x) => x.phone), ['+14155552100', '+14155552101', '+15105552102', '+12125552100']);
    assert.deepEqual(list[1], {
      id: list[1].id, phone: '+14155552101', first_name: 'Grace "Amazing"', last_name: 'Hopper',
      fields: { Ward: '4', 'Polling Place': 'Oak Hall, Room 2' }, status: 'needs_message', assignee_id: null, opted_out: false,
    });
    assert.equal(list[2].last_name, 'Line\r\nName');
    assert.equal(list[3].first_name, 'Émile');
    assert.equal(list[3].fields['Polling Place'], 'Café');
    const g = await getCampaign(c, org.id, d.id);
    assert.equal(g.contact_count, 4);
    assert.deepEqual(g.contact_columns, ['Ward', 'Polling Place']);
    assert.equal(g.counts.needs_message, 4);
  });

  test('fictional numbers (555-0100 to 555-0199) are left out and reported by line; their neighbours are real', async () => {
    const d = await draft();
    const csv = 'phone,first_name\n(415) 555-0100,Film\n415-555-0199,Example\n(415) 555-0200,Real\n(415) 555-0099,Real too\n1 212 555 0142,Movie\n';
    const r = await upload(c, org.id, d.id, csv);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.imported, 2);
    assert.equal(r.body.invalid, 3);
    assert.deepEqual(r.body.problems, [
      { line: 2, reason: '(415) 555-0100 is a fictional number (555-0100 to 555-0199 are reserved for examples and reach no one).' },
      { line: 3, reason: '(415) 555-0199 is a fictional number (555-0100 to 555-0199 are reserved for examples and reach no one).' },
      { line: 6, reason: '(212) 555-0142 is a fictional number (555-0100 to 555-0199 are reserved for examples and reach no one).' },
    ]);
    assert.deepEqual((await contacts(d.id)).map((x) => x.phone), ['+14155550200', '+14155550099']);
  });

  test('appending: numbers already in the campaign are duplicates; new columns join the list', async () => {
    const d = await draft();
    assert.equal((await upload(c, org.id, d.id, 'phone,ward\n4155552100,1\n')).body.imported, 1);
    const r = await upload(c, org.id, d.id, 'cell,precinct\n(415) 555-2100,7\n(415) 555-2101,8\n');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.imported, 1);
    assert.equal(r.body.duplicates, 1);
    assert.deepEqual(r.body.problems, [{ line: 2, reason: '+14155552100 is already in this campaign.' }]);
    const g = await getCampaign(c, org.id, d.id);
    assert.equal(g.contact_count, 2);
    assert.deepEqual(g.contact_columns, ['ward', 'precinct']);
  });

  test('numbers opted out of the organization are left out and counted', async () => {
    const o = freshOrg('optout');
    const oc = await loggedIn(o.owner, 'owner');
    sql(`INSERT INTO opt_outs (org_id, phone, source) VALUES (${o.id}, '+14155552100', 'keyword'), (${o.id}, '+14155552102', 'texter')`);
    const d = (await oc.post(campaignsPath(o.id), { name: 'Opt-outs' })).body;
    const r = await upload(oc, o.id, d.id, 'phone\n415-555-2100\n415-555-2101\n415-555-2102\n415-555-2102\n');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual({ imported: r.body.imported, opted_out: r.body.opted_out, duplicates: r.body.duplicates }, { imported: 1, opted_out: 3, duplicates: 0 });
    // Another organization's opt-outs do not apply here.
    const d2 = await draft('Not opted out here');
    assert.equal((await upload(c, org.id, d2.id, 'phone\n415-555-2100\n')).body.imported, 1);
  });

  test('garbage: a clear 422 naming the file, and nothing imported', async () => {
    const d = await draft();
    const garbage = [
      randomBytes(4096),
      'just some words\nwithout any phone column\n',
      '',
      '\n\n',
      'phone,phone_number,phone\n1,2,3\n'.replace('phone_number', 'phone'),
      'name,"never closed\n',
    ];
    for (const body of garbage) {
      const r = await upload(c, org.id, d.id, body);
      assertError(r, 422, 'validation_failed', 'file');
    }
    assert.equal((await getCampaign(c, org.id, d.id)).contact_count, 0);
    assert.deepEqual(await contacts(d.id), []);
  });

  test('an upload cut off half-way imports nothing, not even its good rows', async () => {
    const d = await draft();
    const csv = Buffer.from(contactsCsv(20000));
    const url = new URL(`${c.base}${campaignPath(org.id, d.id)}/contacts`);
    await new Promise((resolve) => {
      const req = http.request(url, {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv', 'Content-Length': csv.length, 'X-CSRF-Token': c.csrfToken, Cookie: c.cookieHeader() },
      });
      req.on('error', resolve);
      req.on('close', resolve);
      req.write(csv.subarray(0, csv.length >> 1), () => setTimeout(() => req.destroy(), 200));
    });
    await sleep(500);
    assert.equal((await getCampaign(c, org.id, d.id)).contact_count, 0);
    assert.deepEqual(await contacts(d.id), []);
    // The same file sent whole goes in whole.
    const r = await upload(c, org.id, d.id, csv.toString());
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.imported, 20000);
    assert.equal((await getCampaign(c, org.id, d.id)).contact_count, 20000);
  });

  test('a row whose other columns are too large is invalid, not fatal', async () => {
    const d = await draft();
    const wide = Array.from({ length: 80 }, (_, i) => `c${i}`).join(',');
    // 800 backslashes a column: 64 kB in the file, twice that as JSON.
    const big = Array.from({ length: 80 }, () => '\\'.repeat(800)).join(',');
    const r = await upload(c, org.id, d.id, `phone,${wide}
4155552100,${big}
4155552101${',x'.repeat(80)}
`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.imported, 1);
    assert.equal(r.body.invalid, 1);
    assert.deepEqual(r.body.problems, [{ line: 2, reason: 'The other columns hold more than 64 kB.' }]);
  });

  test('bad requests: not CSV (415), not a draft (409), not allowed (403), not found (404)', async () => {
    const d = await draft();
    assertError(await c.request('POST', `${campaignPath(org.id, d.id)}/contacts`, { body: 'phone\n4155552100\n', contentType: 'application/json' }),
      415, 'unsupported_media_type');
    const t = await loggedIn(freshUser('tx', [[org.name, 'texter']]), 'texter');
    assertError(await upload(t, org.id, d.id, 'phone\n4155552100\n'), 403, 'forbidden');
    assertError(await upload(c, org.id, 999999999, 'phone\n4155552100\n'), 404, 'not_found');
    assertError(await c.request('POST', `${campaignPath(org.id, d.id)}/contacts`, { body: 'phone\n4155552100\n', contentType: 'text/csv', csrf: false }),
      403, 'csrf_failed');
    await c.post(`${campaignPath(org.id, d.id)}/archive`);
    assertError(await upload(c, org.id, d.id, 'phone\n4155552100\n'), 409, 'conflict');
    assert.equal((await getCampaign(c, org.id, d.id)).contact_count, 0);
  });

  test('the contact list pages in file order', async () => {
    const d = await draft();
    assert.equal((await upload(c, org.id, d.id, contactsCsv(7))).body.imported, 7);
    const p1 = await c.get(`${campaignPath(org.id, d.id)}/contacts?limit=5`);
    assert.equal(p1.body.items.length, 5);
    assert.ok(p1.body.next_cursor);
    const all = await contacts(d.id);
    assert.equal(all.length, 7);
    assert.deepEqual(all.map((x) => x.first_name), [0, 1, 2, 3, 4, 5, 6].map((i) => `Ada${i}`));
    assert.equal(all[3].fields.ward, '4');
  });
});

describe('preview of the initial message', () => {
  let org; let c; let d;

  before(async () => {
    org = freshOrg('preview');
    c = await loggedIn(org.owner, 'owner');
    d = (await c.post(campaignsPath(org.id), { name: 'Preview', script: 'Hi {first_name}, I am {texter_first_name}. Ward {ward}.' })).body;
  });

  const preview = (body) => c.post(`${campaignPath(org.id, d.id)}/preview`, body);

  test('without contacts: sample values; the column merge fields are unknown until a file names them', async () => {
    const r = await preview({});
    assert.equal(r.status, 200, r.text);
    const first = org.owner.name.split(' ')[0];
    assert.equal(r.body.text, `Hi Ada, I am ${first}. Ward {ward}.`);
    assert.equal(r.body.unknown_field, 'ward');
    assert.equal(r.body.contact_id, null);
    assert.equal(r.body.encoding, 'GSM-7');
    assert.equal(r.body.segments, 1);
    assert.equal(r.body.characters, r.body.text.length);
  });

  test('for a real contact, the first or the one asked for', async () => {
    await upload(c, org.id, d.id, 'phone,first_name,ward\n4155552100,Grace,3\n4155552101,Alan,7\n');
    const list = await c.all(`${campaignPath(org.id, d.id)}/contacts`);
    let r = await preview({});
    assert.match(r.body.text, /^Hi Grace, I am .*\. Ward 3\.$/);
    assert.equal(r.body.contact_id, list[0].id);
    assert.equal(r.body.unknown_field, null);
    r = await preview({ contact_id: list[1].id, script: 'Bye {first_name} from ward {ward}' });
    assert.equal(r.body.text, 'Bye Alan from ward 7');
    assertError(await preview({ contact_id: 999999999 }), 422, 'validation_failed', 'contact_id');
  });

  test('segments: GSM-7 up to 160, then 153 a part; UCS-2 70, then 67', async () => {
    let r = await preview({ script: 'a'.repeat(160) });
    assert.deepEqual([r.body.encoding, r.body.characters, r.body.segments], ['GSM-7', 160, 1]);
    r = await preview({ script: 'a'.repeat(161) });
    assert.deepEqual([r.body.encoding, r.body.segments], ['GSM-7', 2]);
    r = await preview({ script: '{}'.repeat(40) });
    assert.deepEqual([r.body.encoding, r.body.characters, r.body.segments], ['GSM-7', 80, 1], 'extension characters count twice');
    r = await preview({ script: `Vote 🗳 ${'x'.repeat(63)}` });
    assert.deepEqual([r.body.encoding, r.body.segments], ['UCS-2', 2]);
    r = await preview({ script: 'Olá, ¿qué tal? ñ' });
    assert.equal(r.body.encoding, 'UCS-2', 'á is not in GSM-7');
  });

  test('an over-long script: 422 on preview and on save', async () => {
    assertError(await preview({ script: 'x'.repeat(1601) }), 422, 'validation_failed', 'script');
    assertError(await c.patch(campaignPath(org.id, d.id), { script: 'x'.repeat(1601) }), 422, 'validation_failed', 'script');
    const ok = await c.patch(campaignPath(org.id, d.id), { script: 'x'.repeat(1600) });
    assert.equal(ok.status, 200);
    assertError(await preview({ script: 42 }), 422, 'validation_failed', 'script');
    assertError(await preview({ style: 'bold' }), 422, 'validation_failed', 'style');
  });
});
