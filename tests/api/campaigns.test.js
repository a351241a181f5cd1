// Campaigns as drafts: who may do what, create / read / list / edit, the
// field rules (end before start, unknown time zones, over-long scripts,
// regions, open hours), and the platform switch. Launching is in
// campaigns-launch.test.js, contacts in campaigns-contacts.test.js.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, loggedIn, assertError } from './lib/client.js';
import { freshOrg, freshUser } from './lib/admin.js';

const campaigns = (orgId) => `/api/v1/orgs/${orgId}/campaigns`;
const campaign = (orgId, id) => `/api/v1/orgs/${orgId}/campaigns/${id}`;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const HOUR = 3600 * 1000;

describe('campaign drafts', () => {
  let org; let owner; let texter; let supervisor;

  before(async () => {
    org = freshOrg('camp');
    owner = await loggedIn(org.owner, 'owner');
    texter = await loggedIn(freshUser('tx', [[org.name, 'texter']]), 'texter');
    supervisor = await loggedIn(freshUser('sv', [[org.name, 'supervisor']]), 'supervisor');
  });

  test('a supervisor creates a draft with defaults; it reads back whole', async () => {
    const r = await supervisor.post(campaigns(org.id), { name: 'GOTV Oakland' });
    assert.equal(r.status, 201, r.text);
    const c = r.body;
    assert.equal(c.name, 'GOTV Oakland');
    assert.equal(c.status, 'draft');
    assert.equal(c.time_zone, 'America/New_York');
    assert.equal(c.open_from, '09:00');
    assert.equal(c.open_until, '21:00');
    assert.equal(c.batch_size, 300, 'the organization default');
    assert.equal(c.effective_org_display_name, org.name);
    assert.match(c.effective_opt_out_language, /STOP/);
    assert.deepEqual(c.regions, []);
    assert.equal(c.phone_number, null);
    assert.equal(c.provisioning_status, null);
    assert.equal(c.contact_count, 0);
    assert.deepEqual(c.editable_fields, ['name', 'description', 'time_zone', 'start_at', 'end_at', 'open_from', 'open_until', 'org_display_name', 'opt_out_language', 'number_mode', 'phone_number_id', 'use_case_id', 'regions', 'script', 'self_assign', 'batch_size', 'launch_at'], 'a draft may change everything');
    const g = await owner.get(campaign(org.id, c.id));
    assert.equal(g.status, 200, g.text);
    assert.deepEqual(g.body.timeline, []);
    assert.equal(g.body.counts.needs_message, 0);
    assert.equal(g.body.sending.open, false);
    assert.equal(g.body.sending.code, 'not_launched');
  });

  test('every editable field is stored as given', async () => {
    const start = iso(Date.now() + 24 * HOUR);
    const end = iso(Date.now() + 72 * HOUR);
    const body = {
      name: 'All fields', description: 'Shown to texters', time_zone: 'America/Los_Angeles',
      start_at: start, end_at: end, open_from: '08:30', open_until: '24:00',
      org_display_name: 'Oakland Votes', opt_out_language: 'Text STOP to quit.',
      number_mode: 'single_use', regions: [{ type: 'area_codes', area_codes: ['415', '510'] }, { type: 'area_codes', area_codes: ['650'] }, { type: 'state', state: 'CA' }],
      script: 'Hi {first_name}, this is {texter_first_name}.', self_assign: true, batch_size: 120,
    };
    const r = await owner.post(campaigns(org.id), body);
    assert.equal(r.status, 201, r.text);
    for (const [k, v] of Object.entries(body)) assert.deepEqual(r.body[k], v, k);
    assert.equal(r.body.effective_org_display_name, 'Oakland Votes');
    // null puts the organization's default back
    const p = await owner.patch(campaign(org.id, r.body.id), { org_display_name: null, batch_size: null, regions: [] });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.body.org_display_name, null);
    assert.equal(p.body.effective_org_display_name, org.name);
    assert.equal(p.body.batch_size, 300);
    assert.deepEqual(p.body.regions, []);
    assert.equal(p.body.description, 'Shown to texters', 'fields not sent stay');
  });

  test('bad input: 422 naming the field, and nothing changes', async () => {
    const r = await owner.post(campaigns(org.id), { name: 'Rules' });
    const id = r.body.id;
    const now = Date.now();
    const cases = [
      [{ start_at: iso(now + 2 * HOUR), end_at: iso(now + HOUR) }, 'end_at'],
      [{ time_zone: 'Mars/Olympus_Mons' }, 'time_zone'],
      [{ time_zone: '../../../etc/passwd' }, 'time_zone'],
      [{ script: 'x'.repeat(1601) }, 'script'],
      [{ open_from: '21:00', open_until: '09:00' }, 'open_until'],
      [{ open_from: '9am' }, 'open_from'],
      [{ start_at: 'tomorrow' }, 'start_at'],
      [{ name: '' }, 'name'],
      [{ number_mode: 'followup' }, 'number_mode'],
      [{ batch_size: 5001 }, 'batch_size'],
      [{ self_assign: 'yes' }, 'self_assign'],
      [{ regions: [{ type: 'state', state: 'CA' }] }, 'regions'],
      [{ regions: [{ type: 'area_codes', area_codes: ['123'] }] }, 'regions'],
      [{ regions: [{ type: 'area_codes', area_codes: ['415'] }, { type: 'area_codes', area_codes: ['510'] }, { type: 'state', state: 'ZZ' }] }, 'regions'],
      [{ regions: [1, 2, 3, 4] }, 'regions'],
      [{ phone_number_id: 999999999 }, 'phone_number_id'],
      [{ use_case_id: 999999999 }, 'use_case_id'],
      [{ launch_at: iso(now - HOUR) }, 'launch_at'],
      [{ status: 'active' }, 'status'],
    ];
    for (const [body, field] of cases) {
      assertError(await owner.patch(campaign(org.id, id), body), 422, 'validation_failed', field);
    }
    assertError(await owner.post(campaigns(org.id), { description: 'no name' }), 422, 'validation_failed', 'name');
    assertError(await owner.post(campaigns(org.id), { name: 'Bad end', start_at: iso(now + 2 * HOUR), end_at: iso(now + HOUR) }), 422, 'validation_failed', 'end_at');
    const after = (await owner.get(campaign(org.id, id))).body;
    assert.equal(after.time_zone, 'America/New_York');
    assert.equal(after.script, '');
    assert.equal(after.start_at, null);
    assert.equal((await owner.all(`${campaigns(org.id)}?status=draft`)).filter((c) => c.name === 'Bad end').length, 0);
  });

  test('list: newest first, filtered by status, paginated', async () => {
    const o = freshOrg('camplist');
    const c = await loggedIn(o.owner, 'owner');
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await c.post(campaigns(o.id), { name: `C${i}` })).body.id);
    const page = await c.get(`${campaigns(o.id)}?limit=2`);
    assert.equal(page.status, 200);
    assert.deepEqual(page.body.items.map((x) => x.id), [ids[2], ids[1]]);
    assert.ok(page.body.next_cursor);
    assert.deepEqual((await c.all(campaigns(o.id))).map((x) => x.id), [...ids].reverse());
    assert.equal((await c.all(`${campaigns(o.id)}?status=draft`)).length, 3);
    assert.equal((await c.all(`${campaigns(o.id)}?status=active`)).length, 0);
    const bad = await c.get(`${campaigns(o.id)}?status=sleeping`);
    assertError(bad, 422, 'validation_failed', 'status');
    assert.equal(bad.body.error.message, 'status must be draft, launching, active, paused, failed or archived.');
  });

  test('texters get 403; other organizations 404', async () => {
    assertError(await texter.get(campaigns(org.id)), 403, 'forbidden');
    assertError(await texter.post(campaigns(org.id), { name: 'T' }), 403, 'forbidden');
    const other = freshOrg('campother');
    const stranger = await loggedIn(other.owner, 'stranger');
    const mine = (await owner.post(campaigns(org.id), { name: 'Mine' })).body;
    assertError(await stranger.get(campaign(org.id, mine.id)), 404, 'not_found');
    assertError(await stranger.get(campaign(other.id, mine.id)), 404, 'not_found');
    assertError(await stranger.patch(campaign(other.id, mine.id), { name: 'X' }), 404, 'not_found');
  });

  test('GET /platform: the switch for every signed-in user', async () => {
    const r = await texter.get('/api/v1/platform');
    assert.equal(r.status, 200);
    assert.equal(typeof r.body.provisioning_launch, 'boolean');
    assert.equal(r.body.incident_wait_minutes, 10);
    assertError(await new Client().get('/api/v1/platform'), 401, 'not_authenticated');
  });
});
