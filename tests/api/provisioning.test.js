// Use cases and dedicated numbers against the provider simulator: status from
// the provider, initiated → complete / failed, the timeline, exactly one order
// per number, the 49-number caps (ours and the provider's), release, and
// webhooks (signed by the simulator, forged by us, lost, duplicated, late).
//
// The simulator is shared by the whole run, so this file holds the simulator
// lock (lib/simlock.js) from start to end. Its first part never changes the
// simulator's options and runs concurrently; the second part changes them
// (and puts them back) one test at a time.
//
// The stack must make provisioning quick: the simulator provisions in 1-3 s,
// sends its webhooks to BASE_URL/hooks/telnyx, and launchline.conf sets
// provisioning_first_poll_s (and the poll cap) to a few seconds.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { loggedIn, assertError } from './lib/client.js';
import { freshOrg, uniq, deploymentId, numberRef } from './lib/admin.js';
import { config } from './lib/env.js';
import { deliver, webhookBody, unixNow } from './lib/hooks.js';
import { lockSimulator } from './lib/simlock.js';
import {
  simOptions, setSimOptions, withSimOptions, simCalls, simNumbers, ordersFor, providerOrdersFor, forceAssignment,
  putCampaign, sendWebhook, deliveriesOf, waitFor, campaignIds, telnyxCampaignId, simProfiles, newTcrId,
} from './lib/sim.js';

const useCases = (orgId) => `/api/v1/orgs/${orgId}/use-cases`;
const numbers = (orgId) => `/api/v1/orgs/${orgId}/phone-numbers`;
const number = (orgId, id) => `/api/v1/orgs/${orgId}/phone-numbers/${id}`;

const USE_CASE_WAIT_MS = 10000; // the provisioner asks the provider within seconds
const PROVISION_WAIT_MS = 30000; // simulator: 1-3 s per number; first poll after a few seconds

// ---------------------------------------------------------------- helpers

const created = new Set(); // ids of every number this file created

async function getUseCase(c, orgId, id) {
  return (await c.all(useCases(orgId))).find((u) => u.id === id);
}

// Waits until the provisioner has asked the provider about the use case.
async function checkedUseCase(c, orgId, id) {
  return waitFor(`use case ${id} to be checked`, async () => {
    const u = await getUseCase(c, orgId, id);
    return { done: u.checked_at !== null, value: u };
  }, { timeoutMs: USE_CASE_WAIT_MS });
}

// A fresh org, its logged-in owner and an approved use case on `campaign`.
async function orgWithUseCase(label, campaign = 'CDEMO01') {
  const o = freshOrg(label);
  const c = await loggedIn(o.owner, `${label}-owner`);
  const r = await c.post(useCases(o.id), { name: `Use case ${campaign}`, provider_campaign_id: campaign });
  assert.equal(r.status, 201, r.text);
  const uc = await checkedUseCase(c, o.id, r.body.id);
  assert.equal(uc.status, 'approved', `use case on ${campaign}: ${JSON.stringify(uc)}`);
  return { o, c, uc };
}

async function createNumber(c, orgId, useCaseId, areaCode = '415', name) {
  const body = { area_code: areaCode, use_case_id: useCaseId };
  if (name !== undefined) body.name = name;
  const r = await c.post(numbers(orgId), body);
  assert.equal(r.status, 201, r.text);
  created.add(r.body.id);
  return r.body;
}

async function detail(c, orgId, id) {
  const r = await c.get(number(orgId, id));
  assert.equal(r.status, 200, r.text);
  return r.body;
}

// Waits until the number is no longer initiated; returns its detail.
async function settled(c, orgId, id, timeoutMs = PROVISION_WAIT_MS) {
  return waitFor(`number ${id} to leave initiated`, async () => {
    const d = await detail(c, orgId, id);
    return { done: d.provisioning_status !== 'initiated', value: d };
  }, { timeoutMs, intervalMs: 300 });
}

const kinds = (d) => d.timeline.map((e) => e.kind);
const countKind = (d, kind) => kinds(d).filter((k) => k === kind).length;

// Asserts that `wanted` appear in the timeline in this order (others may come between), oldest first.
function assertInOrder(d, wanted) {
  const seen = kinds(d);
  let at = 0;
  for (const k of wanted) {
    const i = seen.indexOf(k, at);
    assert.ok(i >= 0, `timeline of number ${d.id} lacks "${k}" after position ${at}: ${seen.join(', ')}`);
    at = i + 1;
  }
  const times = d.timeline.map((e) => Date.parse(e.at));
  for (let i = 1; i < times.length; i++) assert.ok(times[i] >= times[i - 1], `timeline out of order at ${i}: ${JSON.stringify(d.timeline)}`);
}

// The simulator's record of a number we bought (by E.164, the live one).
async function providerNumber(e164) {
  const all = await simNumbers();
  return all.find((x) => x.phone_number === e164 && x.status === 'active') || all.find((x) => x.phone_number === e164);
}

// Waits until the provider has released the number (record `providerId`) and dropped its assignment.
async function waitReleased(providerId, e164, timeoutMs = 15000) {
  return waitFor(`the release of ${e164} (${providerId})`, async () => {
    const calls = await simCalls();
    const rec = (await simNumbers()).find((x) => x.id === providerId);
    const done = rec && rec.status === 'deleted' &&
      calls.some((x) => x.method === 'DELETE' && x.path === `/phone_numbers/${providerId}` && x.status === 200) &&
      calls.some((x) => x.method === 'DELETE' && x.path === `/10dlc/phone_number_campaigns/${e164}`);
    return { done, value: rec };
  }, { timeoutMs, intervalMs: 300 });
}

let unlock;
let simBefore;
before(async () => {
  unlock = await lockSimulator('tests/api/provisioning.test.js');
  simBefore = await simOptions();
});
after(async () => {
  try {
    if (simBefore) await setSimOptions(simBefore);
  } finally {
    if (unlock) unlock();
  }
});

// ================================================================ the simulator as it is

describe('with the simulator\'s default behaviour', { concurrency: true }, () => {
  describe('use cases take their status from the provider', { concurrency: 1 }, () => {
    test('CDEMO01 approved, CREJ01 rejected, CPEND01 pending, an unknown campaign rejected', async () => {
      const o = freshOrg('ucstatus');
      const c = await loggedIn(o.owner);
      const made = {};
      const unknown = uniq('CNOSUCH').toUpperCase();
      for (const campaign of ['CDEMO01', 'CREJ01', 'CPEND01', unknown]) {
        const r = await c.post(useCases(o.id), { name: `UC ${campaign}`, provider_campaign_id: campaign });
        assert.equal(r.status, 201, r.text);
        assert.equal(r.body.status, 'pending');
        assert.equal(r.body.checked_at, null);
        made[campaign] = r.body;
      }
      const got = {};
      for (const [campaign, uc] of Object.entries(made)) got[campaign] = await checkedUseCase(c, o.id, uc.id);
      assert.equal(got.CDEMO01.status, 'approved');
      assert.equal(got.CDEMO01.status_detail, 'MNO_PROVISIONED');
      assert.equal(got.CREJ01.status, 'rejected');
      assert.match(got.CREJ01.status_detail, /^TCR_FAILED: TCR rejected the campaign/, 'the status and the registry\'s reason');
      assert.equal(got.CPEND01.status, 'pending');
      assert.equal(got.CPEND01.status_detail, 'TCR_PENDING');
      assert.equal(got[unknown].status, 'rejected');
      assert.match(got[unknown].status_detail, /knows no 10DLC campaign/, 'says why');
      assert.equal(got[unknown].telnyx_campaign_id, null);
      // The registry (TCR) ids given: Telnyx's campaign id looked up from them.
      const calls = await simCalls();
      for (const campaign of ['CDEMO01', 'CREJ01', 'CPEND01']) {
        const ids = await campaignIds(campaign);
        assert.equal(got[campaign].tcr_campaign_id, campaign);
        assert.equal(got[campaign].telnyx_campaign_id, ids.campaignId);
        assert.ok(calls.some((x) => x.method === 'GET' && x.path === '/10dlc/campaign' && x.query && x.query.brandId),
          `the provider's campaigns were listed to find ${campaign}`);
      }
      // only the approved one takes numbers
      for (const campaign of ['CREJ01', 'CPEND01', unknown]) {
        const r = await c.post(numbers(o.id), { area_code: '415', use_case_id: made[campaign].id });
        assertError(r, 422, 'validation_failed', 'use_case_id');
      }
    });

    test('refresh: 202, and the provider\'s new answer is taken', async () => {
      const campaign = newTcrId();
      await putCampaign(campaign, 'TCR_PENDING');
      const o = freshOrg('ucrefresh');
      const c = await loggedIn(o.owner);
      const uc = (await c.post(useCases(o.id), { name: 'Refreshed', provider_campaign_id: campaign })).body;
      const before = await checkedUseCase(c, o.id, uc.id);
      assert.equal(before.status, 'pending');

      // The provider approves it: a refresh picks that up within seconds.
      await putCampaign(campaign, 'MNO_PROVISIONED');
      let r = await c.post(`${useCases(o.id)}/${uc.id}/refresh`, {});
      assert.equal(r.status, 202, r.text);
      assert.equal(r.body.id, uc.id);
      // Marked for a new check; a provisioner may already have made it.
      assert.ok(r.body.checked_at === null || r.body.checked_at >= before.checked_at,
        `marked for a new check: checked_at ${r.body.checked_at}`);
      let now = await checkedUseCase(c, o.id, uc.id);
      assert.equal(now.status, 'approved');
      assert.equal(now.status_detail, 'MNO_PROVISIONED');

      // A refresh asks at once (the schedule asks every use_case_check_interval_s).
      await putCampaign(campaign, 'MNO_REJECTED');
      r = await c.post(`${useCases(o.id)}/${uc.id}/refresh`, {});
      assert.equal(r.status, 202, r.text);
      now = await checkedUseCase(c, o.id, uc.id);
      assert.equal(now.status, 'rejected');
      assert.equal(now.status_detail, 'MNO_REJECTED');
    });
  });

  describe('a dedicated number', { concurrency: true }, () => {
    test('initiated at once, then complete; timeline in order; exactly one order', async () => {
      const { o, c, uc } = await orgWithUseCase('numok');
      const n = await createNumber(c, o.id, uc.id, '415', 'Main line');
      assert.equal(n.kind, 'dedicated');
      assert.equal(n.name, 'Main line');
      assert.deepEqual(n.area_codes, ['415']);
      assert.equal(n.provisioning_status, 'initiated');
      assert.equal(n.phone_number, null);
      assert.equal(n.failure_reason, null);
      assert.equal(n.completed_at, null);
      assert.deepEqual(n.use_case, { id: uc.id, name: uc.name });
      assert.equal(n.initiated_by_name, o.owner.name);

      const listed = await c.get(numbers(o.id));
      assert.equal(listed.body.items[0].id, n.id, 'listed at once');
      assert.equal((await getUseCase(c, o.id, uc.id)).live_numbers, 1);
      const completeOnly = `${numbers(o.id)}?kind=dedicated&provisioning_status=complete`;
      assert.deepEqual((await c.get(completeOnly)).body.items, [], 'not in the complete-only list while initiated');
      assert.deepEqual((await c.get(`${numbers(o.id)}?provisioning_status=initiated`)).body.items.map((x) => x.id), [n.id]);

      const d = await settled(c, o.id, n.id);
      assert.equal(d.provisioning_status, 'complete', `failed: ${d.failure_reason}; ${JSON.stringify(d.timeline)}`);
      assert.match(d.phone_number, /^\+1415[0-9]{7}$/);
      assert.equal(d.failure_reason, null);
      assert.ok(d.completed_at && Date.parse(d.completed_at) >= Date.parse(d.created_at));
      assertInOrder(d, ['initiated', 'number_chosen', 'ordered', 'order_complete', 'assignment_requested', 'assigned', 'complete']);
      // Nothing happens after completion (a webhook that raced with the last poll may still be noted).
      assert.deepEqual(kinds(d).slice(kinds(d).lastIndexOf('complete') + 1).filter((k) => k !== 'webhook'), [],
        `steps after "complete": ${kinds(d).join(', ')}`);
      assert.equal(countKind(d, 'ordered'), 1);

      const calls = await simCalls();
      const orders = ordersFor(calls, n.id);
      assert.equal(orders.length, 1, `one POST /number_orders for number ${n.id}: ${JSON.stringify(orders)}`);
      assert.equal(orders[0].body.phone_numbers[0].phone_number, d.phone_number);
      const campaignId = await telnyxCampaignId('CDEMO01');
      assert.ok(calls.some((x) => x.method === 'POST' && x.path === '/10dlc/phone_number_campaigns' &&
        x.body && x.body.phoneNumber === d.phone_number && x.body.campaignId === campaignId),
        'assigned to the campaign by Telnyx\'s campaign id');
      const bought = await providerNumber(d.phone_number);
      assert.equal(bought.status, 'active');
      assert.equal(bought.assignment && bought.assignment.assignmentStatus, 'ASSIGNED');
      // In its organization's own messaging profile, marked with our reference.
      const profile = (await simProfiles()).find((p) => p.name === `Launchline ${deploymentId()} org ${o.id}`);
      assert.ok(profile, 'the organization has its messaging profile');
      assert.equal(bought.messaging_profile_id, profile.id);
      assert.equal(bought.customer_reference, numberRef(n.id));

      assert.equal((await c.get(numbers(o.id))).body.items[0].provisioning_status, 'complete');
      assert.deepEqual((await c.get(completeOnly)).body.items.map((x) => x.id), [n.id], 'in the complete-only list once complete');
      assert.deepEqual((await c.get(`${numbers(o.id)}?provisioning_status=initiated`)).body.items, []);
      assert.deepEqual((await c.get(`${numbers(o.id)}?kind=single_use`)).body.items, []);
      assert.equal((await getUseCase(c, o.id, uc.id)).live_numbers, 1);
      assert.equal((await c.delete(number(o.id, n.id))).status, 204);
    });

    test('an area code the provider has no numbers for (999): failed "No numbers available in area code 999", nothing ordered', async () => {
      const { o, c, uc } = await orgWithUseCase('num999');
      const n = await createNumber(c, o.id, uc.id, '999');
      const d = await settled(c, o.id, n.id);
      assert.equal(d.provisioning_status, 'failed', JSON.stringify(d));
      assert.match(d.failure_reason, /^No numbers available in area code 999\.?$/);
      assert.equal(d.phone_number, null);
      assert.equal(d.completed_at, null);
      assert.ok(!kinds(d).includes('ordered'));
      assert.equal(ordersFor(await simCalls(), d.id).length, 0, 'no order');
    });

    test('delete: 204, then 404; the provisioner releases it at the provider', async () => {
      const { o, c, uc } = await orgWithUseCase('numdel');
      const n = await createNumber(c, o.id, uc.id, '312');
      const d = await settled(c, o.id, n.id);
      assert.equal(d.provisioning_status, 'complete', JSON.stringify(d));
      assert.equal((await getUseCase(c, o.id, uc.id)).live_numbers, 1);
      const bought = await providerNumber(d.phone_number);
      assert.equal(bought.status, 'active');

      const r = await c.delete(number(o.id, n.id));
      assert.equal(r.status, 204, r.text);
      assertError(await c.get(number(o.id, n.id)), 404, 'not_found');
      assertError(await c.delete(number(o.id, n.id)), 404, 'not_found');
      assert.ok(!(await c.all(numbers(o.id))).some((x) => x.id === n.id), 'no longer listed');
      assert.equal((await getUseCase(c, o.id, uc.id)).live_numbers, 0);
      await waitReleased(bought.id, d.phone_number);
    });

    test('delete while initiated: 204 at once, gone from the list, never completes', async () => {
      const { o, c, uc } = await orgWithUseCase('numdelinit');
      const n = await createNumber(c, o.id, uc.id, '720');
      assert.equal((await c.delete(number(o.id, n.id))).status, 204);
      assertError(await c.get(number(o.id, n.id)), 404, 'not_found');
      assert.deepEqual((await c.get(numbers(o.id))).body.items, []);
      assert.equal((await getUseCase(c, o.id, uc.id)).live_numbers, 0);
      await sleep(3000);
      assertError(await c.get(number(o.id, n.id)), 404, 'not_found');
      assert.deepEqual((await c.get(numbers(o.id))).body.items, []);
      assert.equal((await getUseCase(c, o.id, uc.id)).live_numbers, 0);
    });
  });

  describe('49 live numbers per use case', { concurrency: 1 }, () => {
    // Area codes no other test of this group uses: its exactly-one-order checks stay exact.
    const AREAS = ['212', '646', '617', '206', '213', '303', '404'];
    // A campaign of its own at the provider, so its 49-number limit is this test's alone.
    const campaign = newTcrId();
    let o; let c; let uc; let made = [];

    after(async () => {
      if (c) for (const n of made) await c.delete(number(o.id, n.id)); // after a failure: give the numbers back
    });

    test('the 50th is refused with 409 use_case_full, before any provider call; racing creates cannot pass 49', async () => {
      await putCampaign(campaign, 'MNO_PROVISIONED');
      ({ o, c, uc } = await orgWithUseCase('cap', campaign));
      const batch = async (k, from) => Promise.all(Array.from({ length: k }, (_, i) =>
        c.post(numbers(o.id), { area_code: AREAS[(from + i) % AREAS.length], use_case_id: uc.id })));
      for (let i = 0; i < 44; i += 11) {
        for (const r of await batch(11, i)) {
          assert.equal(r.status, 201, r.text);
          made.push(r.body);
          created.add(r.body.id);
        }
      }
      // 8 at once for the last 5 places: exactly 5 get in
      const race = await batch(8, 44);
      const won = race.filter((r) => r.status === 201);
      made.push(...won.map((r) => r.body));
      for (const r of won) created.add(r.body.id);
      for (const r of race.filter((x) => x.status !== 201)) assertError(r, 409, 'use_case_full', 'use_case_id');
      assert.equal(won.length, 5, `44 + ${won.length} created: ${race.map((r) => r.status).join(' ')}`);
      assert.equal(made.length, 49);

      const r = await c.post(numbers(o.id), { area_code: '415', use_case_id: uc.id });
      assertError(r, 409, 'use_case_full', 'use_case_id');
      assert.equal(r.body.error.message, 'This use case already holds 49 numbers; archiving old campaigns frees room.');
      const u = await getUseCase(c, o.id, uc.id);
      assert.equal(u.live_numbers, 49);
      assert.equal(u.capacity, 49);

      // listed newest first, 49 of them, across pages
      const all = await c.all(numbers(o.id), { limit: 20 });
      assert.equal(all.length, 49);
      assert.deepEqual(all.map((x) => x.id), made.map((x) => x.id).sort((a, b) => b - a));

      // Each of the 49 is bought exactly once (a second order only after the provider refused
      // the first), and no order is ever made for a number we did not create.
      const done = await waitFor('the 49 numbers to settle', async () => {
        const list = await c.all(numbers(o.id), { limit: 200 });
        return { done: list.every((x) => x.provisioning_status !== 'initiated'), value: list };
      }, { timeoutMs: 90000, intervalMs: 1000 });
      assert.deepEqual(done.filter((x) => x.provisioning_status !== 'complete').map((x) => [x.id, x.provisioning_status, x.failure_reason]), [], 'all 49 complete');
      const calls = await simCalls();
      for (const x of done) {
        const orders = await providerOrdersFor(calls, x.id);
        const bought = orders.filter((y) => y.status === 'success');
        assert.equal(bought.length, 1, `number ${x.id}: bought once, orders ${JSON.stringify(orders)}`);
        assert.equal(orders.length, 1, `number ${x.id}: ordered once, orders ${JSON.stringify(orders)}`);
        assert.equal(bought[0].phone_number, x.phone_number);
        assert.deepEqual(orders.filter((y) => y.status !== 'success' && y.status !== 'failure'), [], 'no order left pending');
      }
      const refRe = new RegExp(`^launchline-${deploymentId()}-number-([0-9]+)-`);
      const refId = (x) => Number((refRe.exec(String(x.body && x.body.customer_reference)) || [])[1]);
      const maxId = Math.max(...made.map((x) => x.id));
      const strays = calls.filter((x) => x.method === 'POST' && x.path === '/number_orders' && refId(x) > maxId && !created.has(refId(x)));
      assert.deepEqual(strays, [], 'orders for numbers nobody created (a refused request must not reach the provider)');
      assertError(await c.post(numbers(o.id), { area_code: '415', use_case_id: uc.id }), 409, 'use_case_full', 'use_case_id');
    });

    test('the provider\'s own limit: a 50th number on the same campaign, from another org, fails with its reason', async () => {
      assert.equal(made.length, 49, 'needs the 49 numbers of the previous test');
      const other = await orgWithUseCase('cap2', campaign);
      const n = await createNumber(other.c, other.o.id, other.uc.id, '818');
      const d = await settled(other.c, other.o.id, n.id);
      assert.equal(d.provisioning_status, 'failed', JSON.stringify(d));
      assert.match(d.failure_reason, /campaign has reached its number limit/);
      assertInOrder(d, ['assignment_requested', 'assignment_failed', 'failed']);
      await other.c.delete(number(other.o.id, n.id));
    });

    test('deleting frees room: 204 each, live_numbers drops, the provider sees every release', async () => {
      assert.equal(made.length, 49, 'needs the 49 numbers of the first test');
      const bought = [];
      for (const n of made) {
        const d = await detail(c, o.id, n.id);
        bought.push([(await providerNumber(d.phone_number)).id, d.phone_number]);
        assert.equal((await c.delete(number(o.id, n.id))).status, 204);
      }
      made = [];
      assert.equal((await getUseCase(c, o.id, uc.id)).live_numbers, 0);
      assert.deepEqual((await c.get(numbers(o.id))).body.items, []);
      await waitFor('the 49 releases', async () => {
        const account = await simNumbers();
        const left = bought.filter(([id]) => account.find((x) => x.id === id).status !== 'deleted');
        return { done: left.length === 0, value: left };
      }, { timeoutMs: 60000, intervalMs: 1000 });
      const n = await createNumber(c, o.id, uc.id, '818');
      assert.equal((await c.delete(number(o.id, n.id))).status, 204, 'room again');
    });
  });
});

// ================================================================ the simulator's options changed, one test at a time

describe('with the simulator\'s options changed', { concurrency: 1 }, () => {
  describe('provisioning failures', { concurrency: 1 }, () => {
    test('the carriers refuse the assignment: failed, with their reason; the number bought is released', async () => {
      const { o, c, uc } = await orgWithUseCase('numfail');
      const reason = `Test refusal ${randomBytes(4).toString('hex')}`;
      const d = await withSimOptions({ assignment_failure_rate: 1, failure_reason: reason }, async () => {
        const n = await createNumber(c, o.id, uc.id, '212');
        return settled(c, o.id, n.id);
      });
      assert.equal(d.provisioning_status, 'failed', JSON.stringify(d));
      assert.ok(d.failure_reason.includes(reason), `failure_reason ${JSON.stringify(d.failure_reason)} names ${reason}`);
      assert.equal(d.completed_at, null);
      assertInOrder(d, ['initiated', 'number_chosen', 'ordered', 'assignment_requested', 'assignment_failed', 'failed']);
      assert.equal(ordersFor(await simCalls(), d.id).length, 1);
      const listed = (await c.all(numbers(o.id))).find((x) => x.id === d.id);
      assert.equal(listed.provisioning_status, 'failed', 'a failed number stays listed');
      assert.equal(listed.failure_reason, d.failure_reason);
      assert.deepEqual((await c.get(`${numbers(o.id)}?provisioning_status=failed`)).body.items.map((x) => x.id), [d.id]);
      assert.deepEqual((await c.get(`${numbers(o.id)}?provisioning_status=complete`)).body.items, []);
      assert.equal((await getUseCase(c, o.id, uc.id)).live_numbers, 0, 'a failed number is not live');

      // We bought it, and nobody can use it: it goes back to the provider, and stays listed as failed.
      const bought = await providerNumber(d.phone_number);
      assert.ok(bought && bought.id, `the provider sold us ${d.phone_number}`);
      await waitReleased(bought.id, d.phone_number);
      const after = await waitFor(`number ${d.id} to note its release`, async () => {
        const x = await detail(c, o.id, d.id);
        return { done: kinds(x).includes('released'), value: x };
      }, { timeoutMs: 10000 });
      assertInOrder(after, ['assignment_failed', 'failed', 'released']);
      assert.equal(countKind(after, 'released'), 1);
      assert.equal(after.provisioning_status, 'failed');
      assert.equal(after.failure_reason, d.failure_reason);
      assert.ok((await c.all(numbers(o.id))).some((x) => x.id === d.id), 'still listed after its release');
    });

    test('four numbers asked for together in one area code while searches are slow: all complete, each bought exactly once', async (t) => {
      // Each search answers after 1.2 s, so all four have searched before any has ordered and see the
      // same free numbers. Each reserves a different one (one live row per phone number), so each
      // number is ordered exactly once.
      const { o, c, uc } = await orgWithUseCase('numtogether');
      const ds = await withSimOptions({ slow_ms: 1200, slow_rate: 1, fault_paths: '^/available_phone_numbers$' }, async () => {
        const rs = await Promise.all([1, 2, 3, 4].map(() => c.post(numbers(o.id), { area_code: '919', use_case_id: uc.id })));
        for (const r of rs) {
          assert.equal(r.status, 201, r.text);
          created.add(r.body.id);
        }
        const out = [];
        for (const r of rs) out.push(await settled(c, o.id, r.body.id, 60000));
        return out;
      });
      assert.deepEqual(ds.map((d) => [d.id, d.provisioning_status, d.failure_reason]), ds.map((d) => [d.id, 'complete', null]));
      assert.equal(new Set(ds.map((d) => d.phone_number)).size, 4, 'four different numbers');
      const calls = await simCalls();
      let total = 0;
      for (const d of ds) {
        const orders = await providerOrdersFor(calls, d.id);
        total += orders.length;
        assert.deepEqual(orders.filter((x) => x.status === 'success').map((x) => x.phone_number), [d.phone_number],
          `number ${d.id} bought exactly once: ${JSON.stringify(orders)}`);
        assert.deepEqual(orders.filter((x) => x.status !== 'success' && x.status !== 'failure'), [], 'no order left pending');
        assert.equal(orders.length, 1, `number ${d.id} ordered exactly once: ${JSON.stringify(orders)}`);
      }
      t.diagnostic(`4 numbers, ${total} orders`);
      for (const d of ds) assert.equal((await c.delete(number(o.id, d.id))).status, 204);
    });

    test('5xx bursts and 429s from the provider: the number still completes, bought exactly once', async () => {
      const { o, c, uc } = await orgWithUseCase('numflaky');
      const since = Math.max(0, ...(await simCalls()).map((x) => x.seq));
      const d = await withSimOptions({ error_rate: 0.15, rate_limit_every: 6, rate_limit_reset_seconds: 1 }, async () => {
        const n = await createNumber(c, o.id, uc.id, '206');
        return settled(c, o.id, n.id, 60000);
      });
      assert.equal(d.provisioning_status, 'complete', JSON.stringify(d));
      const calls = await simCalls();
      const faulted = calls.filter((x) => x.seq > since && (x.status === 503 || x.status === 429));
      assert.ok(faulted.length > 0, 'the provider did answer 503s and 429s');
      const orders = await providerOrdersFor(calls, d.id);
      assert.deepEqual(orders.map((x) => x.status), ['success'], `one order, bought once: ${JSON.stringify(orders)}`);
      assert.equal(orders[0].phone_number, d.phone_number);
      assert.equal(countKind(d, 'complete'), 1);
      assert.equal((await c.delete(number(o.id, d.id))).status, 204);
    });

    test('an area code whose inventory is gone (scarce): failed "No numbers available in area code NNN", nothing ordered', async () => {
      const { o, c, uc } = await orgWithUseCase('numscarce');
      const d = await withSimOptions({ scarce: { 607: 0 } }, async () => {
        const n = await createNumber(c, o.id, uc.id, '607');
        return settled(c, o.id, n.id);
      });
      assert.equal(d.provisioning_status, 'failed', JSON.stringify(d));
      assert.match(d.failure_reason, /^No numbers available in area code 607\.?$/);
      assert.equal(d.phone_number, null);
      assert.equal(ordersFor(await simCalls(), d.id).length, 0, 'no order');
      assertInOrder(d, ['initiated', 'failed']);
      assert.ok(!kinds(d).includes('ordered'));
    });
  });

  describe('webhooks', { concurrency: 1 }, () => {
    const update = (phoneNumber, status = 'ASSIGNED') => ({ type: 'ASSIGNMENT', status, phoneNumber, campaignId: 'CDEMO01' });
    // What Launchline answered to each delivery attempt of the simulator's webhook.
    const answered = (deliveries) => deliveries.flatMap((w) => w.attempts.map((x) => x.status));

    test('signed by the provider: 200 {"ok":true}, for duplicates, unknown numbers and orders, and other event types too', async () => {
      for (const [type, payload] of [
        ['10dlc.phone_number.update', update('+19995550100')],
        ['number_order.complete', { id: 'no-such-order', status: 'success', phone_numbers: [] }],
        ['message.finalized', { id: 'no-such-message' }],
      ]) {
        const rec = await sendWebhook(type, payload);
        const d = await deliveriesOf(rec.id);
        assert.deepEqual(d.map((w) => w.outcome), ['delivered'], `${type}: ${JSON.stringify(d)}`);
        assert.deepEqual(answered(d), [200]);
      }
      await withSimOptions({ webhook: { duplicate: 1 } }, async () => {
        const rec = await sendWebhook('10dlc.phone_number.update', update('+19995550101'));
        const d = await deliveriesOf(rec.id);
        assert.equal(d.length, 2, 'sent twice with the same data.id');
        assert.deepEqual(answered(d), [200, 200]);
      });
    });

    test('signed with another key, or with a stale or future timestamp: 401', async () => {
      await withSimOptions({ webhook: { bad_signature: 1 } }, async () => {
        const d = await deliveriesOf((await sendWebhook('10dlc.phone_number.update', update('+19995550102'))).id);
        assert.deepEqual(answered(d), [401], JSON.stringify(d));
      });
      for (const skew of [-600, 600]) {
        await withSimOptions({ webhook: { timestamp_skew_seconds: skew, max_attempts: 1 } }, async () => {
          const d = await deliveriesOf((await sendWebhook('10dlc.phone_number.update', update('+19995550103'))).id);
          assert.deepEqual(answered(d), [401], `skew ${skew}: ${JSON.stringify(d)}`);
        });
      }
    });

    test('a number waiting for its assignment: forged webhooks change nothing, a signed one only wakes it, the provider\'s answer completes it', async () => {
      await withSimOptions({ provisioning_seconds: [600, 600] }, async () => {
        const { o, c, uc } = await orgWithUseCase('hookwait');
        const n = await createNumber(c, o.id, uc.id, '415');
        const d = await waitFor(`number ${n.id} to wait for its assignment`, async () => {
          const x = await detail(c, o.id, n.id);
          return { done: kinds(x).includes('assignment_requested') || x.provisioning_status !== 'initiated', value: x };
        }, { timeoutMs: PROVISION_WAIT_MS });
        assert.equal(d.provisioning_status, 'initiated', JSON.stringify(d));
        const e164 = d.phone_number;

        // forged by us: unsigned, badly signed, stale
        for (const f of [
          { signature: null, timestamp: null },
          { signature: randomBytes(64).toString('base64'), timestamp: unixNow() },
          { signature: randomBytes(64).toString('base64'), timestamp: String(Number(unixNow()) - 3600) },
        ]) {
          assertError(await deliver({ ...f, body: webhookBody('10dlc.phone_number.update', update(e164)) }), 401, 'invalid_signature');
        }
        // signed by the simulator with the wrong key
        await withSimOptions({ webhook: { bad_signature: 1 } }, async () => {
          assert.deepEqual(answered(await deliveriesOf((await sendWebhook('10dlc.phone_number.update', update(e164))).id)), [401]);
        });
        let now = await detail(c, o.id, n.id);
        assert.equal(now.provisioning_status, 'initiated');
        assert.equal(countKind(now, 'webhook'), 0, `a refused webhook reached the timeline: ${JSON.stringify(now.timeline)}`);

        // Correctly signed, but the provider still says PENDING: it only wakes the number.
        const woke = await deliveriesOf((await sendWebhook('10dlc.phone_number.update', update(e164))).id);
        assert.deepEqual(answered(woke), [200]);
        now = await waitFor('the webhook in the timeline, then a poll', async () => {
          const x = await detail(c, o.id, n.id);
          const i = kinds(x).indexOf('webhook');
          return { done: i >= 0 && kinds(x).slice(i + 1).includes('assignment_status'), value: x };
        }, { timeoutMs: 10000 });
        assert.equal(now.provisioning_status, 'initiated', 'a webhook does not move the state: the provider\'s answer does');
        assert.match(now.timeline.find((e) => e.kind === 'webhook').detail, /ASSIGNED/);

        // The provider finishes the assignment and says so.
        await forceAssignment(e164, 'ASSIGNED');
        const done = await settled(c, o.id, n.id, 15000);
        assert.equal(done.provisioning_status, 'complete', JSON.stringify(done));
        assertInOrder(done, ['assignment_requested', 'webhook', 'assigned', 'complete']);
        assert.equal(ordersFor(await simCalls(), n.id).length, 1);
        await c.delete(number(o.id, n.id));
      });
    });

    for (const [name, webhook] of [
      ['every webhook lost or badly signed', { loss: 0.5, bad_signature: 1 }],
      ['every webhook duplicated, reordered and late', { duplicate: 1, reorder: 1, delay_ms: [200, 1500] }],
    ]) {
      test(`${name}: the number still completes, ordered once, completed once`, async () => {
        await withSimOptions({ webhook }, async () => {
          const { o, c, uc } = await orgWithUseCase('hookfault');
          const n = await createNumber(c, o.id, uc.id, '510');
          const d = await settled(c, o.id, n.id);
          assert.equal(d.provisioning_status, 'complete', JSON.stringify(d));
          assert.equal(countKind(d, 'assigned'), 1);
          assert.equal(countKind(d, 'complete'), 1);
          if (webhook.bad_signature) assert.equal(countKind(d, 'webhook'), 0, 'no webhook was applied');
          assert.equal(ordersFor(await simCalls(), n.id).length, 1);
          // late deliveries after completion change nothing
          await sleep(1600);
          const later = await detail(c, o.id, n.id);
          assert.equal(later.provisioning_status, 'complete');
          assert.equal(later.completed_at, d.completed_at);
          assert.equal(countKind(later, 'complete'), 1);
          await c.delete(number(o.id, n.id));
        });
      });
    }
  });
});
