// Area codes, use cases and numbers: who may do what, and input validation.
// Nothing here needs the provider simulator to behave in a particular way
// (provisioning itself is in provisioning.test.js).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, loggedIn, assertError } from './lib/client.js';
import { seed } from './lib/env.js';
import { freshUser, freshOrg, uniq } from './lib/admin.js';

const S = seed();
const useCases = (orgId) => `/api/v1/orgs/${orgId}/use-cases`;
const numbers = (orgId) => `/api/v1/orgs/${orgId}/phone-numbers`;

describe('area codes', () => {
  test('any signed-in user gets every US area code, ordered, 415 in California', async () => {
    const t = await loggedIn(S.texter, 'texter');
    const r = await t.get('/api/v1/area-codes');
    assert.equal(r.status, 200);
    const items = r.body.items;
    assert.ok(items.length >= 300, `only ${items.length} area codes`);
    const codes = items.map((a) => a.code);
    assert.equal(new Set(codes).size, codes.length, 'codes are unique');
    assert.deepEqual(codes, [...codes].sort(), 'ordered by code');
    const sf = items.find((a) => a.code === '415');
    assert.ok(sf, '415 is listed');
    assert.equal(sf.state, 'CA');
    assert.match(sf.places, /San Francisco/);
    assert.equal(items.find((a) => a.code === '212').state, 'NY');
    assert.equal(r.body.next_cursor, undefined, 'not paginated');
  });

  test('not signed in: 401 not_authenticated', async () => {
    assertError(await new Client().get('/api/v1/area-codes'), 401, 'not_authenticated');
  });
});

describe('who may see and change use cases and numbers', () => {
  let org; let owner; let texter; let supervisor; let admin; let useCase;

  before(async () => {
    org = freshOrg('numacl');
    owner = await loggedIn(org.owner, 'owner');
    texter = await loggedIn(freshUser('tx', [[org.name, 'texter']]), 'texter');
    supervisor = await loggedIn(freshUser('sv', [[org.name, 'supervisor']]), 'supervisor');
    admin = await loggedIn(freshUser('ad', [[org.name, 'admin']]), 'admin');
    const r = await owner.post(useCases(org.id), { name: 'ACL', provider_campaign_id: 'CPEND01' });
    assert.equal(r.status, 201, r.text);
    useCase = r.body;
  });

  test('a texter: 403 forbidden on use cases and numbers', async () => {
    assertError(await texter.get(useCases(org.id)), 403, 'forbidden');
    assertError(await texter.post(useCases(org.id), { name: 'T', provider_campaign_id: 'CDEMO01' }), 403, 'forbidden');
    assertError(await texter.post(`${useCases(org.id)}/${useCase.id}/refresh`, {}), 403, 'forbidden');
    assertError(await texter.get(numbers(org.id)), 403, 'forbidden');
    assertError(await texter.post(numbers(org.id), { area_code: '415', use_case_id: useCase.id }), 403, 'forbidden');
    assertError(await texter.get(`${numbers(org.id)}/1`), 403, 'forbidden');
    assertError(await texter.delete(`${numbers(org.id)}/1`), 403, 'forbidden');
    // and nothing was created
    assert.deepEqual((await owner.all(useCases(org.id))).map((u) => u.id), [useCase.id]);
  });

  test('a supervisor sees use cases and numbers, but may not add or delete them', async () => {
    const r = await supervisor.get(useCases(org.id));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((u) => u.id), [useCase.id]);
    assertError(await supervisor.post(useCases(org.id), { name: 'S', provider_campaign_id: 'CDEMO01' }), 403, 'forbidden');
    assertError(await supervisor.post(`${useCases(org.id)}/${useCase.id}/refresh`, {}), 403, 'forbidden');
    assert.deepEqual((await supervisor.get(numbers(org.id))).body, { items: [], next_cursor: null });
    assertError(await supervisor.get(`${numbers(org.id)}/2000000000`), 404, 'not_found');
    assertError(await supervisor.post(numbers(org.id), { area_code: '415', use_case_id: useCase.id }), 403, 'forbidden');
    assertError(await supervisor.delete(`${numbers(org.id)}/1`), 403, 'forbidden');
  });

  test('an admin may list, add and refresh use cases and list numbers', async () => {
    assert.equal((await admin.get(useCases(org.id))).status, 200);
    assert.equal((await admin.get(numbers(org.id))).status, 200);
    const r = await admin.post(useCases(org.id), { name: 'By admin', provider_campaign_id: uniq('CADM').toUpperCase() });
    assert.equal(r.status, 201, r.text);
    assert.equal((await admin.post(`${useCases(org.id)}/${r.body.id}/refresh`, {})).status, 202);
  });

  test('a user of another org: 404 not_found, and nothing is created', async () => {
    const other = await loggedIn(freshOrg('numother').owner, 'outsider');
    assertError(await other.get(useCases(org.id)), 404, 'not_found');
    assertError(await other.post(useCases(org.id), { name: 'X', provider_campaign_id: 'CDEMO01' }), 404, 'not_found');
    assertError(await other.post(`${useCases(org.id)}/${useCase.id}/refresh`, {}), 404, 'not_found');
    assertError(await other.get(numbers(org.id)), 404, 'not_found');
    assertError(await other.post(numbers(org.id), { area_code: '415', use_case_id: useCase.id }), 404, 'not_found');
    assertError(await other.get(`${numbers(org.id)}/1`), 404, 'not_found');
    assertError(await other.delete(`${numbers(org.id)}/1`), 404, 'not_found');
    assertError(await other.get(numbers(2000000000)), 404, 'not_found');
    assert.ok(!(await owner.all(useCases(org.id))).some((u) => u.name === 'X'));
  });

  test('not signed in: 401; no CSRF token: 403 csrf_failed', async () => {
    const anon = new Client();
    assertError(await anon.get(useCases(org.id)), 401, 'not_authenticated');
    assertError(await anon.get(numbers(org.id)), 401, 'not_authenticated');
    assertError(await anon.get(`${numbers(org.id)}/1`), 401, 'not_authenticated');
    assertError(await anon.post(numbers(org.id), { area_code: '415', use_case_id: useCase.id }), 401, 'not_authenticated');
    assertError(await owner.post(useCases(org.id), { name: 'C', provider_campaign_id: 'CDEMO02' }, { csrf: false }), 403, 'csrf_failed');
    assertError(await owner.post(numbers(org.id), { area_code: '415', use_case_id: useCase.id }, { csrf: 'wrong-token-wrong-token-wrong-token' }), 403, 'csrf_failed');
    assertError(await owner.post(`${useCases(org.id)}/${useCase.id}/refresh`, {}, { csrf: false }), 403, 'csrf_failed');
    assertError(await owner.delete(`${numbers(org.id)}/1`, { csrf: false }), 403, 'csrf_failed');
  });
});

describe('use cases', () => {
  test('created pending, unchecked, empty; listed oldest first', async () => {
    const o = freshOrg('uc');
    const c = await loggedIn(o.owner);
    const r = await c.post(useCases(o.id), { name: 'GOTV 2026', provider_campaign_id: 'CPEND01' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.name, 'GOTV 2026');
    assert.equal(r.body.provider_campaign_id, 'CPEND01');
    assert.equal(r.body.status, 'pending');
    assert.equal(r.body.live_numbers, 0);
    assert.equal(r.body.capacity, 49);
    assert.ok(Math.abs(Date.parse(r.body.created_at) - Date.now()) < 5 * 60 * 1000, `created_at ${r.body.created_at} is now`);
    const second = await c.post(useCases(o.id), { name: 'Second', provider_campaign_id: 'CREJ01' });
    assert.equal(second.status, 201, second.text);
    const list = await c.all(useCases(o.id));
    assert.deepEqual(list.map((u) => u.id), [r.body.id, second.body.id]);
  });

  test('the same campaign id twice in one org: 409 conflict; in another org it is fine', async () => {
    const o = freshOrg('ucdup');
    const c = await loggedIn(o.owner);
    const campaign = uniq('CDUP').toUpperCase();
    assert.equal((await c.post(useCases(o.id), { name: 'First', provider_campaign_id: campaign })).status, 201);
    assertError(await c.post(useCases(o.id), { name: 'Again', provider_campaign_id: campaign }), 409, 'conflict');
    assert.equal((await c.all(useCases(o.id))).length, 1);
    const o2 = freshOrg('ucdup2');
    const c2 = await loggedIn(o2.owner);
    assert.equal((await c2.post(useCases(o2.id), { name: 'Elsewhere', provider_campaign_id: campaign })).status, 201);
  });

  test('validation: name and provider_campaign_id required, lengths', async () => {
    const o = freshOrg('ucval');
    const c = await loggedIn(o.owner);
    assertError(await c.post(useCases(o.id), { provider_campaign_id: 'CDEMO01' }), 422, 'validation_failed', 'name');
    assertError(await c.post(useCases(o.id), { name: '', provider_campaign_id: 'CDEMO01' }), 422, 'validation_failed', 'name');
    assertError(await c.post(useCases(o.id), { name: 'x'.repeat(101), provider_campaign_id: 'CDEMO01' }), 422, 'validation_failed', 'name');
    assertError(await c.post(useCases(o.id), { name: 'N' }), 422, 'validation_failed', 'provider_campaign_id');
    assertError(await c.post(useCases(o.id), { name: 'N', provider_campaign_id: 'C'.repeat(65) }), 422, 'validation_failed', 'provider_campaign_id');
    assertError(await c.post(useCases(o.id), { name: 'N', provider_campaign_id: 42 }), 422, 'validation_failed', 'provider_campaign_id');
    assertError(await c.request('POST', useCases(o.id), { body: '{"name":' }), 400, 'malformed_json');
    assert.equal((await c.all(useCases(o.id))).length, 0);
  });

  test('refresh: 202 with the use case; unknown id: 404', async () => {
    const o = freshOrg('ucref');
    const c = await loggedIn(o.owner);
    const uc = (await c.post(useCases(o.id), { name: 'R', provider_campaign_id: 'CPEND01' })).body;
    const r = await c.post(`${useCases(o.id)}/${uc.id}/refresh`, {});
    assert.equal(r.status, 202, r.text);
    assert.equal(r.body.id, uc.id);
    assert.equal(r.body.checked_at, null, 'marked for a new check');
    assert.equal((await c.request('POST', `${useCases(o.id)}/${uc.id}/refresh`)).status, 202, 'no body is fine');
    assertError(await c.post(`${useCases(o.id)}/2000000000/refresh`, {}), 404, 'not_found');
    // another org's use case is not found either
    const o2 = freshOrg('ucref2');
    const c2 = await loggedIn(o2.owner);
    assertError(await c2.post(`${useCases(o2.id)}/${uc.id}/refresh`, {}), 404, 'not_found');
  });
});

describe('creating a number: validation', () => {
  let o; let c; let pending; let foreign;

  before(async () => {
    o = freshOrg('numval');
    c = await loggedIn(o.owner);
    pending = (await c.post(useCases(o.id), { name: 'Pending', provider_campaign_id: 'CPEND01' })).body;
    const o2 = freshOrg('numval2');
    const c2 = await loggedIn(o2.owner);
    foreign = (await c2.post(useCases(o2.id), { name: 'Foreign', provider_campaign_id: 'CPEND01' })).body;
  });

  test('area_code must be three digits, the first 2 to 9: else 422 field area_code', async () => {
    for (const area_code of ['115', '015', '41', '4150', 'abc', '41a', '', ' 415']) {
      assertError(await c.post(numbers(o.id), { area_code, use_case_id: pending.id }), 422, 'validation_failed', 'area_code');
    }
    assertError(await c.post(numbers(o.id), { area_code: 415, use_case_id: pending.id }), 422, 'validation_failed', 'area_code');
    assertError(await c.post(numbers(o.id), { use_case_id: pending.id }), 422, 'validation_failed', 'area_code');
  });

  test('a use case not approved yet: 422 field use_case_id', async () => {
    const r = await c.post(numbers(o.id), { area_code: '415', use_case_id: pending.id });
    assertError(r, 422, 'validation_failed', 'use_case_id');
    assert.match(r.body.error.message, /^The use case "[^"]+" is not approved yet \(TCR_PENDING\): new numbers and launches wait until it is\.$/);
  });

  test('an unknown use case, or another org\'s: 422 field use_case_id', async () => {
    assertError(await c.post(numbers(o.id), { area_code: '415', use_case_id: 2000000000 }), 422, 'validation_failed', 'use_case_id');
    assertError(await c.post(numbers(o.id), { area_code: '415', use_case_id: foreign.id }), 422, 'validation_failed', 'use_case_id');
    assertError(await c.post(numbers(o.id), { area_code: '415' }), 422, 'validation_failed', 'use_case_id');
    assertError(await c.post(numbers(o.id), { area_code: '415', use_case_id: String(pending.id) }), 422, 'validation_failed', 'use_case_id');
    assertError(await c.post(numbers(o.id), { area_code: '415', use_case_id: 1.5 }), 422, 'validation_failed', 'use_case_id');
  });

  test('name, when given, is 1 to 100 characters', async () => {
    assertError(await c.post(numbers(o.id), { area_code: '415', name: '', use_case_id: pending.id }), 422, 'validation_failed', 'name');
    assertError(await c.post(numbers(o.id), { area_code: '415', name: 'n'.repeat(101), use_case_id: pending.id }), 422, 'validation_failed', 'name');
  });

  test('malformed JSON: 400; nothing was created', async () => {
    assertError(await c.request('POST', numbers(o.id), { body: '{"area_code":"415",' }), 400, 'malformed_json');
    assertError(await c.request('POST', numbers(o.id), { body: '["415"]' }), 400, 'malformed_json');
    const r = await c.get(numbers(o.id));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { items: [], next_cursor: null });
  });

  test('an unknown number: 404 not_found on GET and DELETE', async () => {
    assertError(await c.get(`${numbers(o.id)}/2000000000`), 404, 'not_found');
    assertError(await c.delete(`${numbers(o.id)}/2000000000`), 404, 'not_found');
  });

  test('filters: kind and provisioning_status take only their values', async () => {
    for (const q of ['kind=dedicated', 'kind=single_use', 'provisioning_status=initiated', 'provisioning_status=complete',
      'provisioning_status=failed', 'kind=dedicated&provisioning_status=complete', 'kind=']) {
      const r = await c.get(`${numbers(o.id)}?${q}`);
      assert.equal(r.status, 200, `?${q}: ${r.text}`);
    }
    const bad = await c.get(`${numbers(o.id)}?kind=shared`);
    assertError(bad, 422, 'validation_failed', 'kind');
    assert.equal(bad.body.error.message, 'kind must be dedicated or single_use.');
    assertError(await c.get(`${numbers(o.id)}?kind=DEDICATED`), 422, 'validation_failed', 'kind');
    assertError(await c.get(`${numbers(o.id)}?provisioning_status=pending`), 422, 'validation_failed', 'provisioning_status');
    assertError(await c.get(`${numbers(o.id)}?kind=dedicated&provisioning_status=done`), 422, 'validation_failed', 'provisioning_status');
  });

  test('limit outside 1..200: 422 field limit', async () => {
    assertError(await c.get(`${numbers(o.id)}?limit=0`), 422, 'validation_failed', 'limit');
    assertError(await c.get(`${useCases(o.id)}?limit=201`), 422, 'validation_failed', 'limit');
    assertError(await c.get(`${numbers(o.id)}?cursor=abc`), 422, 'validation_failed', 'cursor');
  });
});
