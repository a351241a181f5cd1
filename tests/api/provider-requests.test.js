// The requests OUR provider client (fcgi/prov.c, fcgi/provisioner.c) sends to
// Telnyx must be valid per the Telnyx OpenAPI subset
// (tests/provider-sim/telnyx-openapi-subset.json): the simulator records every
// provider call it receives (GET /_sim/calls), and this file checks each one
// against the operation found by method + path template: path parameters,
// query parameters (deepObject `filter[...]` / `page[...]` names, compared by
// parameter name, values against their schemas), and JSON request bodies
// against the operation's requestBody schema (ajv 2020 + ajv-formats, the
// document's components under an $id, as provider-sim.test.js does for
// answers).
//
// To have calls to check, the file provisions one number end to end first
// (approved use case on CDEMO01, number in 415, complete), deletes it and waits
// until the simulator saw the release, then checks every call made since the
// file started. It holds the simulator lock (lib/simlock.js) for its whole
// run, so no file calling the simulator directly (with deliberately bad
// requests) runs meanwhile; calls of Launchline's provisioner for other files'
// numbers are ours too and are checked as well.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { findOperation, requestProblems } from './lib/telnyx-check.js';
import { loggedIn } from './lib/client.js';
import { freshOrg } from './lib/admin.js';
import { lockSimulator } from './lib/simlock.js';
import { simUrl, simNumbers, waitFor, telnyxCampaignId } from './lib/sim.js';

// ---------------------------------------------------------------- the simulator

// Recorded provider calls after seq `since` (0: all), path decoded as lib/sim.js simCalls() does.
async function callsSince(since) {
  const res = await fetch(`${simUrl()}/_sim/calls?since=${since}`, { signal: AbortSignal.timeout(10000) });
  const text = await res.text();
  assert.equal(res.status, 200, `GET /_sim/calls: ${res.status} ${text}`);
  const calls = JSON.parse(text).calls;
  assert.ok(Array.isArray(calls), `GET /_sim/calls: no list of calls in ${text.slice(0, 200)}`);
  return calls
    .filter((c) => !String(c.path).startsWith('/_sim/'))
    .map((c) => {
      let path = c.path;
      try { path = decodeURIComponent(c.path); } catch { /* keep it raw */ }
      return { ...c, rawPath: c.path, path: path.split('?')[0] };
    });
}

// ---------------------------------------------------------------- tests

let unlock;
let startSeq = 0;
before(async () => {
  unlock = await lockSimulator('tests/api/provider-requests.test.js');
  const all = await callsSince(0);
  startSeq = all.reduce((m, c) => Math.max(m, c.seq), 0);
});
after(() => unlock?.());

test('the checker rejects a recorded call with a malformed body (no campaignId)', () => {
  const good = { method: 'POST', path: '/10dlc/phone_number_campaigns', query: {}, body: { phoneNumber: '+14155550100', campaignId: 'CDEMO01' } };
  assert.deepEqual(requestProblems(good), []);

  const bad = { ...good, body: { phoneNumber: '+14155550100' } };
  const why = requestProblems(bad);
  assert.equal(why.length, 1, JSON.stringify(why));
  assert.match(why[0], /campaignId/);

  assert.match(requestProblems({ ...good, body: 'phoneNumber=+14155550100' })[0], /not JSON/);
  assert.match(requestProblems({ ...good, body: null })[0], /required/);
  assert.match(requestProblems({ method: 'PUT', path: '/10dlc/phone_number_campaigns/+14155550100', query: {}, body: { phoneNumber: '+14155550100', campaignId: 7 } })[0], /campaignId/);
});

test('the checker knows paths, query parameter names and values', () => {
  assert.match(requestProblems({ method: 'GET', path: '/nowhere', query: {}, body: null })[0], /no operation/);
  assert.match(requestProblems({ method: 'PATCH', path: '/number_orders', query: {}, body: null })[0], /no operation/);
  assert.deepEqual(requestProblems({ method: 'DELETE', path: '/phone_numbers/1293384261075731499', query: {}, body: null }), []);
  assert.match(requestProblems({ method: 'DELETE', path: '/phone_numbers/1', query: {}, body: { x: 1 } })[0], /no request body/);

  const search = {
    method: 'GET', path: '/available_phone_numbers', body: null,
    query: { 'filter[country_code]': 'US', 'filter[features][]': 'sms', 'filter[phone_number_type]': 'local', 'filter[limit]': '20' },
  };
  assert.deepEqual(requestProblems(search), []);
  assert.match(requestProblems({ ...search, query: { ...search.query, 'filter[phone_number_type]': 'landline' } })[0], /phone_number_type/);
  assert.match(requestProblems({ ...search, query: { ...search.query, 'filter[limit]': 'many' } })[0], /limit/);
  assert.match(requestProblems({ ...search, query: { ...search.query, 'filter[features][]': 'telepathy' } })[0], /features/);
  assert.match(requestProblems({ ...search, query: { ...search.query, 'filter[area_code]': '415' } })[0], /unknown query parameter filter\[area_code\]/);
  assert.match(requestProblems({ ...search, query: { ...search.query, areacode: '415' } })[0], /unknown query parameter areacode/);
  assert.deepEqual(requestProblems({ method: 'GET', path: '/number_orders', body: null, query: { 'filter[customer_reference]': 'x', 'page[size]': '250' } }), []);
  assert.match(requestProblems({ method: 'GET', path: '/number_orders', body: null, query: { 'page[size]': '251' } })[0], /page\[size\]/);
  assert.match(requestProblems({ method: 'GET', path: '/10dlc/phone_number_campaigns', body: null, query: { sort: 'sideways' } })[0], /sort/);
});

test('every request our client sent while provisioning and releasing a number conforms to the subset', async () => {
  const o = freshOrg('provreq');
  const c = await loggedIn(o.owner, 'provreq-owner');

  // One use case by the registry's TCR id (looked up through the brand's
  // campaigns), one by Telnyx's campaign id (asked about directly).
  const given = ['CDEMO01', await telnyxCampaignId('CDEMO01')];
  let r;
  const ucIds = [];
  for (const id of given) {
    r = await c.post(`/api/v1/orgs/${o.id}/use-cases`, { name: `Use case ${id}`, provider_campaign_id: id });
    assert.equal(r.status, 201, r.text);
    ucIds.push(r.body.id);
  }
  for (const id of ucIds) {
    const uc = await waitFor(`use case ${id} to be checked`, async () => {
      const u = (await c.all(`/api/v1/orgs/${o.id}/use-cases`)).find((x) => x.id === id);
      return { done: !!u && u.checked_at !== null, value: u };
    }, { timeoutMs: 15000 });
    assert.equal(uc.status, 'approved', JSON.stringify(uc));
  }
  const ucId = ucIds[1];

  r = await c.post(`/api/v1/orgs/${o.id}/phone-numbers`, { area_code: '415', use_case_id: ucId });
  assert.equal(r.status, 201, r.text);
  const numberPath = `/api/v1/orgs/${o.id}/phone-numbers/${r.body.id}`;
  const d = await waitFor(`number ${r.body.id} to be provisioned`, async () => {
    const g = await c.get(numberPath);
    assert.equal(g.status, 200, g.text);
    return { done: g.body.provisioning_status !== 'initiated', value: g.body };
  }, { timeoutMs: 30000, intervalMs: 300 });
  assert.equal(d.provisioning_status, 'complete', JSON.stringify(d));
  const e164 = d.phone_number;
  const all = await simNumbers();
  const bought = all.find((x) => x.phone_number === e164 && x.status === 'active') || all.find((x) => x.phone_number === e164);
  assert.ok(bought, `the simulator has no number ${e164}`);

  r = await c.delete(numberPath);
  assert.equal(r.status, 204, r.text);
  await waitFor(`the release of ${e164} (${bought.id})`, async () => {
    const calls = await callsSince(startSeq);
    const done = calls.some((x) => x.method === 'DELETE' && x.path === `/phone_numbers/${bought.id}` && x.status === 200) &&
      calls.some((x) => x.method === 'DELETE' && x.path === `/10dlc/phone_number_campaigns/${e164}`);
    return { done, value: calls.slice(-5) };
  }, { timeoutMs: 20000, intervalMs: 300 });

  const calls = await callsSince(startSeq);
  // the end-to-end run must have exercised the main operations
  const ops = new Set(calls.map((x) => { const f = findOperation(x.method, x.path); return f ? `${f.method} ${f.template}` : null; }));
  for (const want of ['GET /10dlc/brand', 'GET /10dlc/campaign', 'GET /10dlc/campaign/{campaignId}',
    'GET /messaging_profiles', 'POST /number_orders', 'GET /phone_numbers', 'DELETE /phone_numbers/{id}',
    'DELETE /10dlc/phone_number_campaigns/{phoneNumber}']) {
    assert.ok(ops.has(want), `no ${want} call seen since seq ${startSeq}: ${[...ops].join(', ')}`);
  }
  const failures = [];
  for (const call of calls) {
    for (const p of requestProblems(call)) failures.push(`#${call.seq} ${p}${Object.keys(call.query ?? {}).length ? ` (query ${JSON.stringify(call.query)})` : ''}`);
  }
  assert.deepEqual(failures, [], `${failures.length} of ${calls.length} provider requests do not conform:\n${failures.join('\n')}`);
});
