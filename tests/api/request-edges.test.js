// The edges of a request body: exactly one JSON value (trailing bytes and
// NUL bytes are a 400), no \u0000 escape, strict UTF-8 in every string
// of every body (422 naming the field), unknown keys refused on every
// route (a route that takes no body takes none, or {}), whole-number ids,
// and a contact import report that shows a file's bad bytes escaped.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { loggedIn, assertError } from './lib/client.js';
import { freshOrg } from './lib/admin.js';
import { campaignsPath, campaignPath, useCasesPath, upload } from './lib/campaigns.js';

// A raw body: a string, or bytes given as a Buffer.
const raw = (c, method, path, body) => c.request(method, path, { body });
const bytes = (...parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('request bodies at the edges', () => {
  let org; let owner; let draft;

  before(async () => {
    org = freshOrg('edges');
    owner = await loggedIn(org.owner, 'edges-owner');
    const r = await owner.post(campaignsPath(org.id), { name: 'Edges' });
    assert.equal(r.status, 201, r.text);
    draft = r.body;
  });

  test('bytes after the JSON value are a 400, NUL bytes too', async () => {
    assertError(await raw(owner, 'POST', campaignsPath(org.id), '{"name":"x"}xyz'), 400, 'malformed_json');
    assertError(await raw(owner, 'POST', campaignsPath(org.id), bytes('{"name":"x"}', [0], 'junk')), 400, 'malformed_json');
    assertError(await raw(owner, 'POST', campaignsPath(org.id), bytes('{"name":"a', [0], 'b"}')), 400, 'malformed_json');
    assertError(await raw(owner, 'POST', campaignsPath(org.id), '{"name":"x"}{"name":"y"}'), 400, 'malformed_json');
    assertError(await raw(owner, 'PATCH', '/api/v1/me', '{"provisioning_emails":true} 1'), 400, 'malformed_json');
    // Whitespace after the value is still one value.
    const ok = await raw(owner, 'POST', campaignsPath(org.id), '{"name":"spaced"} \r\n\t');
    assert.equal(ok.status, 201, ok.text);
    const list = await owner.all(campaignsPath(org.id));
    assert.ok(!list.some((c) => c.name === 'x'), 'nothing with trailing bytes was stored');
  });

  test('a \\u0000 escape is refused, naming the field', async () => {
    assertError(await raw(owner, 'POST', campaignsPath(org.id), '{"name":"a\\u0000b"}'), 422, 'validation_failed', 'name');
    assertError(await raw(owner, 'PATCH', campaignPath(org.id, draft.id), '{"regions":[{"type":"state","state":"C\\u0000"}]}'), 422, 'validation_failed', 'regions');
    assertError(await raw(owner, 'POST', useCasesPath(org.id), '{"name":"uc","provider_campaign_id":"C\\u0000X"}'), 422, 'validation_failed', 'provider_campaign_id');
    // In a field's name there is no field to name.
    assertError(await raw(owner, 'POST', campaignsPath(org.id), '{"na\\u0000me":"x"}'), 400, 'malformed_json');
    // An escaped backslash before "u0000" is plain text.
    const ok = await raw(owner, 'PATCH', campaignPath(org.id, draft.id), '{"description":"C:\\\\u0000"}');
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.description, 'C:\\u0000');
  });

  test('text that is not strict UTF-8 is a 422 naming the field, in every body', async () => {
    const above = [0xf4, 0x90, 0x80, 0x80]; // U+110000
    const surrogate = [0xed, 0xa0, 0x80]; // U+D800 as bytes
    assertError(await raw(owner, 'POST', campaignsPath(org.id), bytes('{"name":"', above, '"}')), 422, 'validation_failed', 'name');
    assertError(await raw(owner, 'PATCH', campaignPath(org.id, draft.id), bytes('{"description":"', surrogate, '"}')), 422, 'validation_failed', 'description');
    assertError(await raw(owner, 'PATCH', campaignPath(org.id, draft.id), bytes('{"regions":[{"type":"area_codes","area_codes":["41', surrogate, '"]}]}')), 422, 'validation_failed', 'regions');
    assertError(await raw(owner, 'POST', useCasesPath(org.id), bytes('{"name":"', above, '","provider_campaign_id":"C1"}')), 422, 'validation_failed', 'name');
    assertError(await raw(owner, 'POST', `${campaignPath(org.id, draft.id)}/followups`, bytes('{"name":"', surrogate, '"}')), 422, 'validation_failed', 'name');
    assertError(await raw(owner, 'POST', `${campaignPath(org.id, draft.id)}/preview`, bytes('{"script":"Hi ', above, '"}')), 422, 'validation_failed', 'script');
    // A lone surrogate escape is not JSON text cJSON (or we) accept.
    assertError(await raw(owner, 'POST', campaignsPath(org.id), '{"name":"\\ud800"}'), 400, 'malformed_json');
    assertError(await raw(owner, 'POST', campaignsPath(org.id), '{"name":"\\udc00x"}'), 400, 'malformed_json');
    // A pair is one character above U+FFFF: fine.
    const ok = await raw(owner, 'PATCH', campaignPath(org.id, draft.id), '{"description":"\\ud83d\\udcf1"}');
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.description, '\u{1f4f1}');
    // The campaign list stays valid UTF-8 JSON.
    const list = await owner.get(campaignsPath(org.id));
    assert.equal(list.status, 200);
    assert.ok(!list.text.includes('\ufffd'), 'no replacement characters: nothing malformed was stored');
  });

  test('unknown keys are a 422 naming the key, on every kind of route', async () => {
    assertError(await owner.post(useCasesPath(org.id), { name: 'uc', provider_campaign_id: 'C1', pace: 5 }), 422, 'validation_failed', 'pace');
    assertError(await owner.patch('/api/v1/me', { provisioning_emails: true, admin: true }), 422, 'validation_failed', 'admin');
    assertError(await owner.post(campaignsPath(org.id), { name: 'x', colour: 'red' }), 422, 'validation_failed', 'colour');
    assertError(await owner.post(`${campaignPath(org.id, draft.id)}/followups`, { nmae: 'x' }), 422, 'validation_failed', 'nmae');
    assertError(await owner.post(`${campaignPath(org.id, draft.id)}/preview`, { contact: 1 }), 422, 'validation_failed', 'contact');
    assertError(await owner.post(`${campaignPath(org.id, draft.id)}/assignments/unassign`, { texters: [1] }), 422, 'validation_failed', 'texters');
    // A key that is not UTF-8 is named escaped, so the answer is text.
    const r = await raw(owner, 'PATCH', '/api/v1/me', bytes('{"provisioning_emails":true,"x', [0xff], '":1}'));
    assertError(r, 422, 'validation_failed', 'x\\xff');
  });

  test('a route that takes no body takes none, or {}, and refuses any other', async () => {
    const launch = `${campaignPath(org.id, draft.id)}/launch`;
    assertError(await owner.post(launch, { force: true }), 422, 'validation_failed', 'force');
    assertError(await owner.post(launch, [1]), 400, 'malformed_json');
    assertError(await raw(owner, 'POST', launch, '{} x'), 400, 'malformed_json');
    // {} and nothing reach the handler: the draft is not ready to launch.
    for (const r of [await owner.post(launch, {}), await owner.request('POST', launch)]) {
      assertError(r, 422, 'launch_not_ready');
    }
    assertError(await owner.request('DELETE', `/api/v1/me/sessions`, { json: { all: true } }), 422, 'validation_failed', 'all');
  });

  test('ids in bodies are whole numbers: not fractional, negative, huge or text', async () => {
    const unassign = `${campaignPath(org.id, draft.id)}/assignments/unassign`;
    for (const bad of ['[1.5]', '[-1]', '[0]', '[9007199254740992]', '[1e400]', '["1"]', '[]']) {
      assertError(await raw(owner, 'POST', unassign, `{"texter_ids":${bad}}`), 422, 'validation_failed', 'texter_ids');
    }
    const preview = `${campaignPath(org.id, draft.id)}/preview`;
    for (const bad of ['1.5', '-3', '1e400', '"7"', 'true']) {
      assertError(await raw(owner, 'POST', preview, `{"contact_id":${bad}}`), 422, 'validation_failed', 'contact_id');
    }
    assertError(await raw(owner, 'PATCH', campaignPath(org.id, draft.id), '{"use_case_id":2.5}'), 422, 'validation_failed', 'use_case_id');
    assertError(await raw(owner, 'PATCH', campaignPath(org.id, draft.id), '{"batch_size":1e400}'), 422, 'validation_failed', 'batch_size');
    // 1e1 is ten: a whole number however it is written.
    const ok = await raw(owner, 'PATCH', campaignPath(org.id, draft.id), '{"batch_size":1e1}');
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.batch_size, 10);
  });

  test("the contact import report shows a file's bad bytes escaped", async () => {
    const csv = bytes('phone,first_name\n', [0xff, 0xfe], '415,Ada\n(415) 555-2101,', [0xed, 0xa0, 0x80], '\n(415) 555-2102,Bo\n');
    const r = await upload(owner, org.id, draft.id, csv);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.imported, 1);
    assert.equal(r.body.invalid, 2);
    assert.ok(!r.text.includes('\ufffd'), `the report is valid UTF-8: ${r.text}`);
    assert.match(r.body.problems[0].reason, /^Phone "\\xff\\xfe415": /);
    assert.match(r.body.problems[1].reason, /first_name is not valid UTF-8/);
  });
});
