// Ready for the real Telnyx (issue 15), the provisioning half: each thing
// found by reading Telnyx's published API beside our client, held against
// the strict simulator (tests/provider-sim/), which follows the docs.
//
//   ids          the order item's id is not the number's; a 404 on release
//                is "release failed", never "released"
//   references   every reference names this deployment; an outside order
//                that merely looks like ours is never adopted or touched
//   back-off     a pending order is polled with back-off, not every 2 s
//   best effort  numbers offered outside the area code are never bought
//   use cases    re-checked before buying and on a schedule; a suspended
//                campaign blocks numbers and launches with its reason;
//                a use case takes Telnyx's campaign id or the TCR id
//   webhooks     each organization's own messaging profile, webhooks of
//                profiles and 10DLC campaigns pointed at us; provider-check
//                reports and --fix mends them
//
// Holds the simulator lock for its whole run (it changes options one test
// at a time).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loggedIn, assertError } from './lib/client.js';
import { freshOrg, deploymentId, numberRef, adminRun } from './lib/admin.js';
import { baseUrl, config } from './lib/env.js';
import { lockSimulator } from './lib/simlock.js';
import {
  simUrl, simCalls, simNumbers, simProfiles, simCampaigns, putCampaign, newTcrId, campaignIds,
  withSimOptions, waitFor,
} from './lib/sim.js';
import { campaignsPath, campaignPath, readyDraft } from './lib/campaigns.js';

const useCases = (orgId) => `/api/v1/orgs/${orgId}/use-cases`;
const numbers = (orgId) => `/api/v1/orgs/${orgId}/phone-numbers`;
const number = (orgId, id) => `/api/v1/orgs/${orgId}/phone-numbers/${id}`;
const HOOK = () => `${baseUrl()}/hooks/telnyx`;

// ---------------------------------------------------------------- helpers

// A call to the provider's API itself (the simulator), with the stack's key.
async function telnyx(method, path, body) {
  const key = readFileSync(config().provider_api_key_file, 'utf8').split(/\r?\n/)[0].trim();
  const res = await fetch(simUrl() + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function useCaseOf(c, orgId, id) {
  return (await c.all(useCases(orgId))).find((u) => u.id === id);
}

// A use case on `campaign` (either id), once the provisioner has asked about it.
async function addUseCase(c, orgId, campaign, name = `UC ${campaign}`) {
  const r = await c.post(useCases(orgId), { name, provider_campaign_id: campaign });
  assert.equal(r.status, 201, r.text);
  return waitFor(`use case ${r.body.id} to be checked`, async () => {
    const u = await useCaseOf(c, orgId, r.body.id);
    return { done: u.checked_at !== null, value: u };
  }, { timeoutMs: 15000 });
}

// A fresh organization with an approved use case on a campaign of its own.
async function orgWithCampaign(label) {
  const tcr = newTcrId();
  await putCampaign(tcr, 'MNO_PROVISIONED');
  const o = freshOrg(label);
  const c = await loggedIn(o.owner, `${label}-owner`);
  const uc = await addUseCase(c, o.id, tcr);
  assert.equal(uc.status, 'approved', JSON.stringify(uc));
  return { o, c, uc, tcr };
}

async function createNumber(c, orgId, useCaseId, areaCode = '415') {
  const r = await c.post(numbers(orgId), { area_code: areaCode, use_case_id: useCaseId });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function detail(c, orgId, id) {
  const r = await c.get(number(orgId, id));
  assert.equal(r.status, 200, r.text);
  return r.body;
}

async function settled(c, orgId, id, timeoutMs = 40000) {
  return waitFor(`number ${id} to leave initiated`, async () => {
    const d = await detail(c, orgId, id);
    return { done: d.provisioning_status !== 'initiated', value: d };
  }, { timeoutMs, intervalMs: 300 });
}

const kinds = (d) => d.timeline.map((e) => e.kind);
const seqNow = async () => Math.max(0, ...(await simCalls()).map((x) => x.seq));

let unlock;
before(async () => { unlock = await lockSimulator('tests/api/provider-ready.test.js'); });
after(() => unlock?.());

// ================================================================ ids

describe('ids: the number\'s own resource, and releases that really release', { concurrency: 1 }, () => {
  test('the order item\'s id is never used as the number\'s: profile, reference and release go to the resource id', async () => {
    const { o, c, uc } = await orgWithCampaign('ids');
    const since = await seqNow();
    const n = await createNumber(c, o.id, uc.id);
    const d = await settled(c, o.id, n.id);
    assert.equal(d.provisioning_status, 'complete', JSON.stringify(d));
    const bought = (await simNumbers()).find((x) => x.phone_number === d.phone_number && x.status === 'active');
    assert.ok(bought.order_item_id && bought.id !== bought.order_item_id, 'two different ids at the provider');
    assert.equal(bought.customer_reference, numberRef(n.id), 'marked with our reference');
    const calls = (await simCalls()).filter((x) => x.seq > since);
    assert.ok(calls.some((x) => x.method === 'GET' && x.path === '/phone_numbers' && x.query['filter[phone_number]'] === d.phone_number),
      'the resource looked up by its number');
    assert.ok(calls.some((x) => x.method === 'PATCH' && x.path === `/phone_numbers/${bought.id}`), 'the reference set on the resource id');
    assert.deepEqual(calls.filter((x) => x.path.includes(bought.order_item_id)), [], 'nothing addressed by the order item id');

    assert.equal((await c.delete(number(o.id, n.id))).status, 204);
    await waitFor('the release', async () => {
      const rec = (await simNumbers()).find((x) => x.id === bought.id);
      return { done: rec.status === 'deleted', value: rec };
    }, { timeoutMs: 15000 });
  });

  test('a release the provider answers 404 is "release failed", listed with the answer; deleting again tries again', async () => {
    const { o, c, uc } = await orgWithCampaign('rel404');
    const n = await createNumber(c, o.id, uc.id);
    const d = await settled(c, o.id, n.id);
    assert.equal(d.provisioning_status, 'complete', JSON.stringify(d));
    const bought = (await simNumbers()).find((x) => x.phone_number === d.phone_number && x.status === 'active');
    // Someone releases it in the provider's portal behind our back.
    assert.equal((await telnyx('DELETE', `/phone_numbers/${bought.id}`)).status, 200);

    assert.equal((await c.delete(number(o.id, n.id))).status, 204);
    const failed = await waitFor('the release to fail', async () => {
      const r = await c.get(number(o.id, n.id));
      return { done: r.status === 200 && r.body.release_failed, value: r };
    }, { timeoutMs: 15000 });
    assert.equal(failed.body.deleted, true);
    assert.match(failed.body.release_error, /404/);
    assert.match(failed.body.release_error, /nothing was released/);
    assert.ok(kinds(failed.body).includes('release_failed'));
    assert.ok(!kinds(failed.body).includes('released'), 'never recorded as released');
    const listed = (await c.all(numbers(o.id))).find((x) => x.id === n.id);
    assert.ok(listed && listed.release_failed, 'still listed, with the failure');

    // Deleting it again tries again (and fails again, visibly).
    assert.equal((await c.delete(number(o.id, n.id))).status, 204);
    const again = await waitFor('the second try', async () => {
      const x = await detail(c, o.id, n.id);
      return { done: x.release_failed && kinds(x).filter((k) => k === 'release_failed').length === 2, value: x };
    }, { timeoutMs: 15000 });
    assert.equal(again.release_failed, true);
  });
});

// ================================================================ references

describe('references name this deployment; look-alikes are left alone', { concurrency: 1 }, () => {
  test('launchline admin status shows the deployment id; our orders carry it', async () => {
    const st = adminRun(['status']);
    assert.equal(st.status, 0, st.stderr);
    assert.match(st.stdout, /^deployment id: [0-9a-f]{16}$/m);
    // The newest migration applied, at least 015 (the deployment id's).
    assert.ok(Number(/^schema: (\d+)_/m.exec(st.stdout)?.[1]) >= 15, st.stdout);
    const { o, c, uc } = await orgWithCampaign('refs');
    const n = await createNumber(c, o.id, uc.id);
    await settled(c, o.id, n.id);
    const orders = (await simCalls()).filter((x) => x.method === 'POST' && x.path === '/number_orders' &&
      x.body && String(x.body.customer_reference).includes(`-number-${n.id}-`));
    assert.deepEqual(orders.map((x) => x.body.customer_reference), [`launchline-${deploymentId()}-number-${n.id}-1`]);
    assert.ok((await simProfiles()).some((p) => p.name === `Launchline ${deploymentId()} org ${o.id}`));
    await c.delete(number(o.id, n.id));
  });

  test('outside orders whose reference looks like ours are never adopted, changed or released', async () => {
    const { o, c, uc } = await orgWithCampaign('lookalike');
    // Two numbers someone else buys in the same area code.
    const offered = (await telnyx('GET', '/available_phone_numbers?filter[national_destination_code]=503&filter[limit]=2&filter[best_effort]=false')).body.data;
    assert.equal(offered.length, 2);
    // Our searches answer 503 a few times: the window to plant the outside orders.
    const d = await withSimOptions({ error_next: 3, fault_paths: '^/available_phone_numbers$' }, async () => {
      const n = await createNumber(c, o.id, uc.id, '503');
      const ours = numberRef(n.id);
      const other = ours.replace(deploymentId(), 'f'.repeat(16)); // another deployment's reference
      for (const [i, ref] of [`${ours}-copy`, other].entries()) {
        const r = await telnyx('POST', '/number_orders', { phone_numbers: [{ phone_number: offered[i].phone_number }], customer_reference: ref });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      return settled(c, o.id, n.id);
    });
    assert.equal(d.provisioning_status, 'complete', JSON.stringify(d));
    assert.ok(!offered.map((x) => x.phone_number).includes(d.phone_number), 'we bought a number of our own');
    const account = await simNumbers();
    for (const x of offered) {
      const rec = account.find((y) => y.phone_number === x.phone_number && y.status !== 'deleted');
      assert.ok(rec, `${x.phone_number} still belongs to whoever bought it`);
      assert.equal(rec.customer_reference, null, 'not marked by us');
      assert.equal(rec.messaging_profile_id, null, 'not moved into our profile');
      assert.equal(rec.assignment, null, 'not assigned to our campaign');
    }
    // Our number released: theirs untouched.
    assert.equal((await c.delete(number(o.id, d.id))).status, 204);
    await waitFor('our release', async () => {
      const all = await simNumbers();
      const mine = all.find((y) => y.phone_number === d.phone_number && y.customer_reference === numberRef(d.id));
      return { done: mine && mine.status === 'deleted', value: mine };
    }, { timeoutMs: 15000 });
    for (const x of offered) {
      assert.equal((await simNumbers()).find((y) => y.phone_number === x.phone_number && y.status !== 'deleted')?.status, 'active');
    }
  });
});

// ================================================================ back-off, best effort

describe('pending orders and best-effort offers', { concurrency: 1 }, () => {
  test('a pending order is polled with back-off (1, 2, 4 ... s), not every 2 s', async () => {
    const { o, c, uc } = await orgWithCampaign('pending');
    const d = await withSimOptions({ order_seconds: [16, 16] }, async () => {
      const n = await createNumber(c, o.id, uc.id);
      return settled(c, o.id, n.id, 60000);
    });
    assert.equal(d.provisioning_status, 'complete', JSON.stringify(d));
    const order = (await simCalls()).find((x) => x.method === 'POST' && x.path === '/number_orders' && x.body?.customer_reference === numberRef(d.id));
    // The polls while it was pending (the last one, woken by the order's
    // webhook or due, finds it done).
    const done = Date.parse(order.at) + 16000;
    const polls = (await simCalls()).filter((x) => x.method === 'GET' && x.path.startsWith('/number_orders/') &&
      x.seq > order.seq && Date.parse(x.at) < done - 200);
    const at = polls.map((x) => Date.parse(x.at) - Date.parse(order.at));
    // every 2 s for 16 s would be 8; after 1, 2, 4 and 8 s (±20%): 3 or 4
    assert.ok(polls.length >= 3 && polls.length <= 4, `${polls.length} polls while pending, at ${at.join(', ')} ms`);
    for (let i = 2; i < at.length; i++) {
      assert.ok(at[i] - at[i - 1] >= (at[i - 1] - at[i - 2]) * 1.3, `the gaps grow: ${at.join(', ')} ms`);
    }
  });

  test('offers from other area codes (best effort) are never bought: a dedicated number fails, a campaign moves to its next region', async () => {
    const { o, c, uc } = await orgWithCampaign('besteffort');
    const dd = await withSimOptions({ scarce: { 971: 0 } }, async () => {
      // The provider, asked without filter[best_effort]=false, offers Oregon's other area codes.
      const plain = (await telnyx('GET', '/available_phone_numbers?filter[national_destination_code]=971&filter[limit]=5')).body;
      assert.ok(plain.data.length > 0 && plain.data.every((x) => x.best_effort && !x.phone_number.startsWith('+1971')),
        'the simulator offers best-effort numbers for a scarce area code');
      const n = await createNumber(c, o.id, uc.id, '971');
      const d = await settled(c, o.id, n.id);

      // A single-use campaign with 971 first and 541 second.
      const draft = await readyDraft(c, o.id, {
        number_mode: 'single_use', use_case_id: uc.id,
        regions: [{ type: 'area_codes', area_codes: ['971'] }, { type: 'area_codes', area_codes: ['541'] }],
      });
      const l = await c.post(`${campaignPath(o.id, draft.id)}/launch`, {});
      assert.equal(l.status, 200, l.text);
      const camp = await waitFor('the campaign to go active', async () => {
        const x = (await c.get(campaignPath(o.id, draft.id))).body;
        return { done: x.status !== 'launching', value: x };
      }, { timeoutMs: 40000, intervalMs: 300 });
      return { d, camp };
    });
    assert.equal(dd.d.provisioning_status, 'failed', JSON.stringify(dd.d));
    assert.match(dd.d.failure_reason, /^No numbers available in area code 971\.$/);
    assert.equal(dd.d.phone_number, null, 'nothing bought outside 971');
    const searches = (await simCalls()).filter((x) => x.method === 'GET' && x.path === '/available_phone_numbers' &&
      x.query['filter[national_destination_code]'] === '971' && x.query['filter[country_code]']); // ours, not the test's
    assert.ok(searches.length > 0 && searches.every((x) => x.query['filter[best_effort]'] === 'false'),
      'searches ask for exact matches only');
    assert.equal(dd.camp.status, 'active', JSON.stringify(dd.camp));
    assert.match(dd.camp.phone_number.phone_number, /^\+1541/, 'the next region\'s number');
    await c.post(`${campaignPath(o.id, dd.camp.id)}/archive`, {});
  });
});

// ================================================================ use cases

describe('use cases: either id, checked again, suspended ones block', { concurrency: 1 }, () => {
  test('a use case takes Telnyx\'s campaign id or the registry\'s TCR id, and shows both', async () => {
    const tcr = newTcrId();
    const made = await putCampaign(tcr, 'MNO_PROVISIONED');
    const o = freshOrg('ucids');
    const c = await loggedIn(o.owner, 'ucids-owner');
    const byTcr = await addUseCase(c, o.id, tcr, 'By TCR id');
    const byTelnyx = await addUseCase(c, o.id, made.campaignId, 'By Telnyx id');
    for (const u of [byTcr, byTelnyx]) {
      assert.equal(u.status, 'approved', JSON.stringify(u));
      assert.equal(u.tcr_campaign_id, tcr);
      assert.equal(u.telnyx_campaign_id, made.campaignId);
    }
    const unknown = await addUseCase(c, o.id, 'C0NOSUCH', 'Unknown');
    assert.equal(unknown.status, 'rejected');
    assert.match(unknown.status_detail, /knows no 10DLC campaign C0NOSUCH: give Telnyx's campaign id or the registry's TCR id/);
  });

  test('a use case\'s sending pace: set at creation or later, the default otherwise; checked like any field', async () => {
    const o = freshOrg('ucpace');
    const c = await loggedIn(o.owner, 'ucpace-owner');
    let r = await c.post(useCases(o.id), { name: 'Paced', provider_campaign_id: newTcrId(), messages_per_minute: 240 });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.messages_per_minute, 240);
    assert.equal(r.body.messages_per_minute_default, false);
    const id = r.body.id;
    r = await c.patch(`${useCases(o.id)}/${id}`, { messages_per_minute: 75 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.messages_per_minute, 75);
    r = await c.patch(`${useCases(o.id)}/${id}`, { messages_per_minute: null });
    assert.equal(r.body.messages_per_minute, Number(config().sender_use_case_per_minute ?? 4500));
    assert.equal(r.body.messages_per_minute_default, true);
    // Left out, the pace is not reset: an empty PATCH is refused, the pace kept.
    r = await c.patch(`${useCases(o.id)}/${id}`, { messages_per_minute: 75 });
    assertError(await c.patch(`${useCases(o.id)}/${id}`, {}), 422, 'validation_failed', 'messages_per_minute');
    r = await c.get(useCases(o.id));
    assert.equal(r.body.items.find((u) => u.id === id).messages_per_minute, 75);
    for (const bad of [0, -5, 1.5, '75', 10000001]) {
      assertError(await c.patch(`${useCases(o.id)}/${id}`, { messages_per_minute: bad }), 422, 'validation_failed', 'messages_per_minute');
      assertError(await c.post(useCases(o.id), { name: 'Bad', provider_campaign_id: newTcrId(), messages_per_minute: bad }), 422, 'validation_failed', 'messages_per_minute');
    }
    assertError(await c.patch(`${useCases(o.id)}/999999999`, { messages_per_minute: 60 }), 404, 'not_found');
    const other = freshOrg('ucpace2');
    const oc = await loggedIn(other.owner, 'ucpace2-owner');
    assertError(await oc.patch(`${useCases(o.id)}/${id}`, { messages_per_minute: 60 }), 404, 'not_found');
  });

  test('suspended after approval: checked again before buying, nothing bought; the reason shown; launches refused', async () => {
    const { o, c, uc, tcr } = await orgWithCampaign('suspend');
    // A complete number first, for a campaign on a dedicated number.
    const first = await createNumber(c, o.id, uc.id, '312');
    const firstDone = await settled(c, o.id, first.id);
    assert.equal(firstDone.provisioning_status, 'complete', JSON.stringify(firstDone));

    await putCampaign(tcr, 'TCR_SUSPENDED');
    // The provisioner asks again only when its last answer is older than
    // use_case_recheck_s (2 s here); the scheduled check (every 8 s) has
    // not come round yet. Wait out the first, whatever this machine's pace.
    const recheckMs = Number(config().use_case_recheck_s) * 1000;
    for (;;) {
      const u = await useCaseOf(c, o.id, uc.id);
      assert.equal(u.status, 'approved', 'the scheduled check came first');
      if (Date.now() - Date.parse(u.checked_at) > recheckMs + 1500) break;
      await new Promise((done) => setTimeout(done, 250));
    }
    // Our record still says approved: the API takes the number...
    const n = await createNumber(c, o.id, uc.id, '312');
    // ...and the provisioner asks again before buying (use_case_recheck_s).
    const d = await settled(c, o.id, n.id);
    assert.equal(d.provisioning_status, 'failed', JSON.stringify(d));
    assert.match(d.failure_reason, /is suspended at the provider \(TCR_SUSPENDED[^)]*\); nothing was bought/);
    assert.deepEqual((await simCalls()).filter((x) => x.method === 'POST' && x.path === '/number_orders' &&
      x.body?.customer_reference === numberRef(n.id)), [], 'no order');

    // The admins see it on the use case.
    const now = await useCaseOf(c, o.id, uc.id);
    assert.equal(now.status, 'suspended');
    assert.match(now.status_detail, /^TCR_SUSPENDED/);
    // New numbers and launches wait, with the reason.
    const refused = await c.post(numbers(o.id), { area_code: '312', use_case_id: uc.id });
    assertError(refused, 422, 'validation_failed', 'use_case_id');
    assert.match(refused.body.error.message, /suspended at the provider \(TCR_SUSPENDED/);
    const single = await readyDraft(c, o.id, { number_mode: 'single_use', use_case_id: uc.id, regions: [{ type: 'area_codes', area_codes: ['312'] }] });
    const l1 = await c.post(`${campaignPath(o.id, single.id)}/launch`, {});
    assertError(l1, 422, 'launch_not_ready', 'use_case_id');
    assert.match(l1.body.error.message, /is suspended at the provider.*new numbers and launches wait until its 10DLC campaign is approved again/);
    const dedicated = await readyDraft(c, o.id, { number_mode: 'dedicated', phone_number_id: first.id });
    const l2 = await c.post(`${campaignPath(o.id, dedicated.id)}/launch`, {});
    assertError(l2, 422, 'launch_not_ready', 'phone_number_id');
    assert.match(l2.body.error.message, /suspended at the provider/);
    // The campaign page says why its number cannot be used.
    const seen = (await c.get(campaignPath(o.id, dedicated.id))).body;
    assert.equal(seen.phone_number.use_case.status, 'suspended');
  });

  test('approved use cases are asked about again on a schedule (use_case_check_interval_s)', async () => {
    const { o, c, uc, tcr } = await orgWithCampaign('schedule');
    const interval = Number(config().use_case_check_interval_s);
    assert.ok(interval > 0 && interval <= 20, 'the test stack checks often');
    await putCampaign(tcr, 'TCR_EXPIRED');
    const u = await waitFor('the schedule to see the expiry', async () => {
      const x = await useCaseOf(c, o.id, uc.id);
      return { done: x.status !== 'approved', value: x };
    }, { timeoutMs: (interval + 10) * 1000, intervalMs: 500 });
    assert.equal(u.status, 'suspended');
    assert.match(u.status_detail, /^TCR_EXPIRED/);
  });
});

// ================================================================ webhooks and provider-check

describe('where webhooks go: profiles and campaigns pointed at us; provider-check', { concurrency: 1 }, () => {
  test('each organization has its own messaging profile, sending its webhooks to us; its numbers are in it', async () => {
    const a = await orgWithCampaign('profa');
    const b = await orgWithCampaign('profb');
    const na = await createNumber(a.c, a.o.id, a.uc.id);
    const nb = await createNumber(b.c, b.o.id, b.uc.id);
    const da = await settled(a.c, a.o.id, na.id);
    const db = await settled(b.c, b.o.id, nb.id);
    const profiles = await simProfiles();
    const pa = profiles.find((p) => p.name === `Launchline ${deploymentId()} org ${a.o.id}`);
    const pb = profiles.find((p) => p.name === `Launchline ${deploymentId()} org ${b.o.id}`);
    assert.ok(pa && pb && pa.id !== pb.id, 'two organizations, two profiles');
    for (const [p, d] of [[pa, da], [pb, db]]) {
      assert.equal(p.webhook_url, HOOK());
      assert.equal(p.webhook_failover_url ?? null, config().provider_webhook_failover_url ?? null);
      assert.ok(p.numbers.includes(d.phone_number), `${d.phone_number} is in its organization's profile`);
    }
    // The 10DLC campaign sends its events to us.
    const camp = (await simCampaigns()).campaigns.find((x) => x.tcrCampaignId === a.tcr);
    assert.equal(camp.webhookURL, HOOK());
  });

  test('provider-check: reports what is wrong at the provider; --fix sets it', async () => {
    const { o, c, uc, tcr } = await orgWithCampaign('pcheck');
    const n = await createNumber(c, o.id, uc.id);
    const d = await settled(c, o.id, n.id);
    assert.equal(d.provisioning_status, 'complete', JSON.stringify(d));
    let r = adminRun(['provider-check', '--org', o.name]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /ok +the API key is accepted/);
    assert.match(r.stdout, new RegExp(`ok +webhooks go to ${HOOK().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    assert.match(r.stdout, /ok +10DLC events go to/);
    assert.match(r.stdout, /ok +in the organization's messaging profile/);
    assert.match(r.stdout, /0 wrong, 0 fixed/);

    // Someone points the profile and the campaign elsewhere in the portal.
    const profile = (await simProfiles()).find((p) => p.name === `Launchline ${deploymentId()} org ${o.id}`);
    assert.equal((await telnyx('PATCH', `/messaging_profiles/${profile.id}`, { webhook_url: 'https://elsewhere.example/hook' })).status, 200);
    const { campaignId } = await campaignIds(tcr);
    assert.equal((await telnyx('PUT', `/10dlc/campaign/${campaignId}`, { webhookURL: 'https://elsewhere.example/10dlc' })).status, 200);
    r = adminRun(['provider-check', '--org', o.name]);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /WRONG +webhooks go to https:\/\/elsewhere\.example\/hook/);
    assert.match(r.stdout, /WRONG +10DLC events go to https:\/\/elsewhere\.example\/10dlc/);
    assert.match(r.stdout, /2 wrong, 0 fixed \(--fix sets what the API allows\)/);

    r = adminRun(['provider-check', '--fix', '--org', o.name]);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /fixed +webhooks go to https:\/\/elsewhere\.example\/hook/);
    assert.match(r.stdout, /0 wrong, 2 fixed/);
    assert.equal((await simProfiles()).find((p) => p.id === profile.id).webhook_url, HOOK());
    assert.equal((await simCampaigns()).campaigns.find((x) => x.tcrCampaignId === tcr).webhookURL, HOOK());
    assert.equal(adminRun(['provider-check', '--org', o.name]).status, 0);
  });
});
