// Conformance with Telnyx's published API, end to end: everything
// Launchline does at the provider, driven through our own API (a dedicated
// number and a single-use campaign's number provisioned, texts sent,
// replies and a STOP received, two organizations' STOPs kept apart, numbers
// released), then two checks of every request the simulator received:
//   - the simulator's own count of non-conforming requests is 0 (it answers
//     those 422 and counts them), and of answers or webhooks of its own off
//     the subset too;
//   - each recorded request validates against the OpenAPI subset again,
//     here, independently of the simulator (provider-requests.test.js's
//     checker: path, query names and values, body).
// Holds the simulator lock for its whole run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loggedIn } from './lib/client.js';
import { freshOrg, messageRef } from './lib/admin.js';
import { config } from './lib/env.js';
import { lockSimulator } from './lib/simlock.js';
import {
  simCalls, simStats, simProfiles, simInbound, simMessagesOf, putCampaign, newTcrId, waitFor, withSimOptions,
} from './lib/sim.js';
import { campaignPath, contactsCsv, upload, iso, HOUR } from './lib/campaigns.js';
import { requestProblems } from './lib/telnyx-check.js';
import { messageRow } from './lib/texting.js';

const org = (id) => `/api/v1/orgs/${id}`;

let unlock;
let startSeq = 0;
let statsBefore;
before(async () => {
  unlock = await lockSimulator('tests/api/provider-conformance.test.js');
  startSeq = Math.max(0, ...(await simCalls()).map((x) => x.seq));
  // Other files send the simulator bad requests and odd webhooks on purpose:
  // what counts is what changed during this run (it holds the lock).
  statsBefore = await simStats();
});
after(() => unlock?.());

// An organization, its owner (who also texts), an approved use case.
async function setUp(label) {
  const tcr = newTcrId();
  await putCampaign(tcr, 'MNO_PROVISIONED');
  const o = freshOrg(label);
  const c = await loggedIn(o.owner, `${label}-owner`);
  const r = await c.post(`${org(o.id)}/use-cases`, { name: `UC ${label}`, provider_campaign_id: tcr });
  assert.equal(r.status, 201, r.text);
  const uc = await waitFor('the use case approved', async () => {
    const u = (await c.all(`${org(o.id)}/use-cases`)).find((x) => x.id === r.body.id);
    return { done: u.status === 'approved', value: u };
  }, { timeoutMs: 15000 });
  return { o, c, uc };
}

async function numberSettled(c, orgId, id) {
  return waitFor(`number ${id} provisioned`, async () => {
    const d = (await c.get(`${org(orgId)}/phone-numbers/${id}`)).body;
    return { done: d.provisioning_status !== 'initiated', value: d };
  }, { timeoutMs: 40000, intervalMs: 300 });
}

// A campaign open for sending now, its contacts (phones from `offset`), the
// owner as its texter with every conversation.
async function liveCampaign(x, fields, offset) {
  const { o, c } = x;
  let r = await c.post(`${org(o.id)}/campaigns`, {
    name: `Live ${Date.now().toString(36)}`, time_zone: 'America/Los_Angeles',
    script: 'Hi {first_name}, will you vote?', start_at: iso(Date.now() - 60000), end_at: iso(Date.now() + 24 * HOUR),
    open_from: '00:00', open_until: '24:00', ...fields,
  });
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  r = await upload(c, o.id, id, contactsCsv(2, offset));
  assert.equal(r.status, 200, r.text);
  r = await c.post(`${campaignPath(o.id, id)}/launch`, {});
  assert.equal(r.status, 200, r.text);
  const camp = await waitFor('the campaign active', async () => {
    const k = (await c.get(campaignPath(o.id, id))).body;
    return { done: k.status !== 'launching', value: k };
  }, { timeoutMs: 40000, intervalMs: 300 });
  assert.equal(camp.status, 'active', JSON.stringify(camp));
  assert.equal((await c.post(`${campaignPath(o.id, id)}/texters`, { user_id: o.owner.id })).status, 201);
  r = await c.post(`${campaignPath(o.id, id)}/assignments/distribute`, { texter_ids: [o.owner.id] });
  assert.equal(r.status, 200, r.text);
  return camp;
}

// The phone of contactsCsv's contact k (first_name "Ada<k>"), in E.164.
const phoneOf = (firstName) => {
  const k = Number(firstName.replace(/^Ada/, ''));
  return `+14152${String(Math.floor(k / 10000) % 100).padStart(2, '0')}${String(k % 10000).padStart(4, '0')}`;
};

// Sends every initial message of the campaign; answers the conversations
// (with the contact's phone) and the messages.
async function sendAll(x, camp) {
  const { o, c } = x;
  const convs = await c.all(`${org(o.id)}/campaigns/${camp.id}/conversations`);
  const sent = [];
  for (const cv of convs) {
    const r = await c.post(`${org(o.id)}/conversations/${cv.id}/initial`, {});
    assert.equal(r.status, 201, r.text);
    sent.push({ conv: { ...cv, phone: phoneOf(cv.first_name) }, message: r.body.message });
  }
  for (const s of sent) {
    await waitFor(`message ${s.message.id} taken by the provider`, async () => {
      const seen = await simMessagesOf(messageRef(s.message.id));
      return { done: seen.counts.created === 1, value: seen };
    }, { timeoutMs: 30000 });
  }
  return sent;
}

test('provisioning, sending, replies and STOP through our API: every request conforms, none refused, none duplicated', { timeout: 240000 }, async () => {
  const a = await setUp('conf-a');
  const b = await setUp('conf-b');

  // A dedicated number for each organization.
  const na = (await a.c.post(`${org(a.o.id)}/phone-numbers`, { area_code: '415', use_case_id: a.uc.id })).body;
  const nb = (await b.c.post(`${org(b.o.id)}/phone-numbers`, { area_code: '510', use_case_id: b.uc.id })).body;
  const da = await numberSettled(a.c, a.o.id, na.id);
  const db = await numberSettled(b.c, b.o.id, nb.id);
  assert.equal(da.provisioning_status, 'complete', JSON.stringify(da));
  assert.equal(db.provisioning_status, 'complete', JSON.stringify(db));

  // Both organizations text the same two people.
  const ca = await liveCampaign(a, { number_mode: 'dedicated', phone_number_id: na.id }, 9000);
  const cb = await liveCampaign(b, { number_mode: 'dedicated', phone_number_id: nb.id }, 9000);
  const sentA = await sendAll(a, ca);
  const sentB = await sendAll(b, cb);
  const [p1, p2] = sentA.map((s) => s.conv.phone);

  // A reply, and a STOP, to organization A's number.
  await simInbound(p1, da.phone_number, 'Yes I will');
  await simInbound(p2, da.phone_number, 'STOP');
  await waitFor('the reply and the opt-out', async () => {
    const [c1, c2] = await Promise.all(sentA.map(async (x) => (await a.c.get(`${org(a.o.id)}/conversations/${x.conv.id}`)).body));
    return { done: c1.status === 'needs_response' && c2.opted_out, value: [c1, c2] };
  }, { timeoutMs: 15000 });
  // Telnyx blocks p2 for A's profile only: B's profile is not A's.
  const profiles = await simProfiles();
  const pa = profiles.find((p) => p.numbers.includes(da.phone_number));
  const pb = profiles.find((p) => p.numbers.includes(db.phone_number));
  assert.ok(pa && pb && pa.id !== pb.id, 'each organization its own messaging profile');
  assert.ok(pa.blocked.includes(p2) && !pb.blocked.includes(p2), 'the STOP blocks A only');
  // B answers p2 (who never stopped B): the text goes out.
  const convB2 = sentB.find((s) => s.conv.phone === p2).conv;
  await simInbound(p2, db.phone_number, 'Who is this?');
  await waitFor('B sees the reply', async () => {
    const cv = (await b.c.get(`${org(b.o.id)}/conversations/${convB2.id}`)).body;
    return { done: cv.messages.some((m) => m.direction === 'in'), value: cv };
  }, { timeoutMs: 15000 });
  const reply = await b.c.post(`${org(b.o.id)}/conversations/${convB2.id}/messages`, { body: 'Your neighbours at B.' });
  assert.equal(reply.status, 201, reply.text);
  const replied = await waitFor('B\'s reply delivered', async () => {
    const seen = await simMessagesOf(messageRef(reply.body.message?.id ?? reply.body.id));
    return { done: seen.counts.created === 1, value: seen };
  }, { timeoutMs: 30000 });
  assert.equal(replied.counts.created, 1);

  // A single-use campaign: its number ordered at launch, released at archive.
  const su = await liveCampaign(a, { number_mode: 'single_use', use_case_id: a.uc.id, regions: [{ type: 'area_codes', area_codes: ['650'] }] }, 9100);
  await sendAll(a, su);
  assert.equal((await a.c.post(`${campaignPath(a.o.id, su.id)}/archive`, {})).status, 200);

  // Numbers released: A's dedicated one (its campaign archived first).
  assert.equal((await a.c.post(`${campaignPath(a.o.id, ca.id)}/archive`, {})).status, 200);
  assert.equal((await a.c.delete(`${org(a.o.id)}/phone-numbers/${na.id}`)).status, 204);
  await waitFor('the releases', async () => {
    const calls = (await simCalls()).filter((x) => x.seq > startSeq);
    const deletes = calls.filter((x) => x.method === 'DELETE' && x.path.startsWith('/phone_numbers/') && x.status === 200);
    return { done: deletes.length >= 2, value: deletes.length };
  }, { timeoutMs: 30000 });

  // Every request, checked by the simulator and again here.
  const stats = await simStats();
  assert.equal(stats.nonconforming.count - statsBefore.nonconforming.count, 0,
    `the simulator refused requests: ${JSON.stringify(stats.nonconforming.last)}`);
  assert.equal(stats.invalid_answers.count - statsBefore.invalid_answers.count, 0,
    `the simulator answered off the subset: ${JSON.stringify(stats.invalid_answers.last)}`);
  const calls = (await simCalls()).filter((x) => x.seq > startSeq);
  const problems = calls.flatMap((x) => requestProblems(x).map((p) => `#${x.seq} ${p}`));
  assert.deepEqual(problems, [], `${problems.length} of ${calls.length} requests off the subset`);
  // Where the API takes a failover URL, we send one (the test stack sets
  // provider_webhook_failover_url): every message carries its reference there too.
  const failover = config().provider_webhook_failover_url;
  assert.ok(failover, 'the test stack sets provider_webhook_failover_url');
  for (const x of calls.filter((y) => y.method === 'POST' && y.path === '/messages')) {
    const ref = new URL(x.body.webhook_url).searchParams.get('ref');
    assert.equal(x.body.webhook_failover_url, `${failover}&ref=${ref}`, 'the failover URL, with the same reference');
  }
  for (const x of calls.filter((y) => y.method === 'POST' && y.path === '/messaging_profiles')) {
    assert.equal(x.body.webhook_failover_url, failover);
  }
  for (const op of ['POST /messaging_profiles', 'POST /number_orders', 'PATCH /phone_numbers/', 'POST /10dlc/phone_number_campaigns',
    'POST /messages', 'DELETE /phone_numbers/', 'DELETE /10dlc/phone_number_campaigns/']) {
    const [m, p] = op.split(' ');
    assert.ok(calls.some((x) => x.method === m && x.path.startsWith(p)), `the run exercised ${op}`);
  }
});

test('a STOP whose webhook was lost: the provider refuses with 40300, the contact is opted out of that organization only', { timeout: 180000 }, async () => {
  const a = await setUp('stop-a');
  const b = await setUp('stop-b');
  const na = (await a.c.post(`${org(a.o.id)}/phone-numbers`, { area_code: '415', use_case_id: a.uc.id })).body;
  const nb = (await b.c.post(`${org(b.o.id)}/phone-numbers`, { area_code: '510', use_case_id: b.uc.id })).body;
  const da = await numberSettled(a.c, a.o.id, na.id);
  assert.equal((await numberSettled(b.c, b.o.id, nb.id)).provisioning_status, 'complete');
  const ca = await liveCampaign(a, { number_mode: 'dedicated', phone_number_id: na.id }, 9200);
  const cb = await liveCampaign(b, { number_mode: 'dedicated', phone_number_id: nb.id }, 9200);
  const who = phoneOf('Ada9200');

  // The contact texts STOP to A's number; the webhook never reaches us.
  await withSimOptions({ webhook: { loss: 1 } }, async () => {
    const r = await simInbound(who, da.phone_number, 'STOP');
    assert.equal(r.block, 'added', JSON.stringify(r));
  });
  const convA = (await a.c.all(`${org(a.o.id)}/campaigns/${ca.id}/conversations`)).find((x) => phoneOf(x.first_name) === who);
  const convB = (await b.c.all(`${org(b.o.id)}/campaigns/${cb.id}/conversations`)).find((x) => phoneOf(x.first_name) === who);
  assert.equal((await a.c.get(`${org(a.o.id)}/conversations/${convA.id}`)).body.opted_out, false, 'we have not heard of it');

  // A's text is refused by the provider (40300): failed, and the contact opted out of A.
  const sa = await a.c.post(`${org(a.o.id)}/conversations/${convA.id}/initial`, {});
  assert.equal(sa.status, 201, sa.text);
  const afterA = await waitFor('A\'s text refused', async () => {
    const cv = (await a.c.get(`${org(a.o.id)}/conversations/${convA.id}`)).body;
    const m = cv.messages.find((x) => x.id === sa.body.message.id);
    return { done: m && m.status === 'failed' && cv.opted_out, value: cv };
  }, { timeoutMs: 30000 });
  assert.ok(afterA.opted_out);
  assert.match(messageRow(sa.body.message.id).error, /STOP/);
  assert.equal((await simMessagesOf(messageRef(sa.body.message.id))).counts.created, 0, 'the provider sent nothing');
  // B, whose profile the STOP did not touch, still reaches the contact.
  const sb = await b.c.post(`${org(b.o.id)}/conversations/${convB.id}/initial`, {});
  assert.equal(sb.status, 201, sb.text);
  await waitFor('B\'s text taken', async () => {
    const seen = await simMessagesOf(messageRef(sb.body.message.id));
    return { done: seen.counts.created === 1, value: seen };
  }, { timeoutMs: 30000 });
  assert.equal((await b.c.get(`${org(b.o.id)}/conversations/${convB.id}`)).body.opted_out, false);
});
