// The provider simulator's control API (tests/provider-sim/, paths under /_sim/),
// and small waiting helpers for the provisioning tests.
//
// The simulator is shared by the whole test run: a test that changes its
// options must restore them (withSimOptions does), and must not run alongside
// tests that provision numbers. provisioning.test.js holds every Launchline
// test that depends on the simulator; it takes lib/simlock.js for its whole
// run and changes options only in its sequential part.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { seed, config } from './env.js';
import { deploymentId } from './admin.js';

export function simUrl() {
  const url = process.env.SIM_URL || seed().sim_url;
  if (!url) throw new Error('SIM_URL is not set: the provisioning tests need the provider simulator (make test sets it)');
  return url.replace(/\/+$/, '');
}

async function sim(method, path, json) {
  const res = await fetch(simUrl() + path, {
    method,
    headers: json === undefined ? {} : { 'Content-Type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  assert.ok(res.status < 300, `simulator ${method} ${path} answered ${res.status} ${text}`);
  return body;
}

export const simOptions = () => sim('GET', '/_sim/options');
export const setSimOptions = (options) => sim('PUT', '/_sim/options', options);
export const forceAssignment = (e164, status, reason) =>
  sim('POST', `/_sim/numbers/${encodeURIComponent(e164)}/assignment`, reason === undefined ? { status } : { status, reason });

// The simulator's account: [{id (the phone number resource's id), phone_number, status (active|deleted|...),
// order_id, order_item_id, messaging_profile_id, customer_reference, tags, assignment: {campaignId (Telnyx's),
// tcrCampaignId, assignmentStatus, failureReasons, created_at, due_at, done_at, done_real_at} | null}].
export async function simNumbers() {
  return (await sim('GET', '/_sim/numbers')).numbers;
}

// Adds or changes a 10DLC campaign the simulator knows, by its TCR id (e.g. CDEMO01; campaignStatus e.g.
// MNO_PROVISIONED, TCR_PENDING, TCR_SUSPENDED, MNO_REJECTED: a change applies at once, pending assignments of a
// campaign leaving MNO_PROVISIONED fail). extra: {failureReasons, webhookURL, webhookFailoverURL}. Answers the
// campaign, with Telnyx's campaignId (a UUID) and its tcrCampaignId.
export const putCampaign = (tcrCampaignId, campaignStatus, extra = {}) =>
  sim('PUT', `/_sim/campaigns/${encodeURIComponent(tcrCampaignId)}`, campaignStatus === undefined ? extra : { campaignStatus, ...extra });

// A fresh registry (TCR) campaign id: "C" and six upper-case letters or digits.
export function newTcrId() {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let id = 'C';
  for (const b of randomBytes(6)) id += abc[b % abc.length];
  return id;
}

// The simulated brand and every campaign: {brand: {brandId, tcrBrandId, ...}, campaigns: [{campaignId, tcrCampaignId,
// campaignStatus, webhookURL, assignedPhoneNumbersCount, liveNumbers, ...}]}.
export const simCampaigns = () => sim('GET', '/_sim/campaigns');

// Both ids of a campaign given either one: {campaignId (Telnyx's UUID), tcrCampaignId}; throws if unknown.
export async function campaignIds(id) {
  const c = (await simCampaigns()).campaigns.find((x) => x.tcrCampaignId === id || x.campaignId === id);
  assert.ok(c, `the simulator knows no campaign ${id}`);
  return { campaignId: c.campaignId, tcrCampaignId: c.tcrCampaignId };
}

// Telnyx's campaignId (the id every /10dlc/... call takes) of a TCR id such as CDEMO01.
export const telnyxCampaignId = async (tcrCampaignId) => (await campaignIds(tcrCampaignId)).campaignId;

// The account's messaging profiles: [{id, name, enabled, webhook_url, webhook_failover_url, numbers: [e164],
// blocked: [senders who texted STOP]}].
export async function simProfiles() {
  return (await sim('GET', '/_sim/profiles')).profiles;
}

// The simulator's counters: calls per operation, nonconforming requests and invalid answers ({count,
// by_operation, last: [{what, path, reasons}]}), undocumented_statuses, orders, numbers, assignments, webhooks.
export const simStats = () => sim('GET', '/_sim/stats');

// Asserts the simulator sent nothing off the Telnyx subset (answers, webhooks) and answers the requests it
// refused as off-schema ({count, by_operation, last}) so a test can assert our client sent none.
export async function simConformance() {
  const s = await simStats();
  assert.equal(s.invalid_answers.count, 0, `the simulator answered off-schema: ${JSON.stringify(s.invalid_answers.last)}`);
  return s.nonconforming;
}

// Runs fn with some simulator options changed, and puts the previous values back.
export async function withSimOptions(options, fn) {
  const before = await simOptions();
  const restore = {};
  for (const key of Object.keys(options)) restore[key] = before[key];
  await setSimOptions(options);
  try {
    return await fn();
  } finally {
    await setSimOptions(restore);
  }
}

// Every call the simulator received (oldest first), with the path decoded:
// [{method, path, query, body, at, ...}].
export async function simCalls() {
  const body = await sim('GET', '/_sim/calls');
  const calls = Array.isArray(body) ? body : body.calls;
  assert.ok(Array.isArray(calls), `GET /_sim/calls: no list of calls in ${JSON.stringify(body).slice(0, 200)}`);
  return calls.map((c) => {
    let path = c.path;
    try { path = decodeURIComponent(c.path); } catch { /* keep it raw */ }
    return { ...c, rawPath: c.path, path: path.split('?')[0] };
  });
}

// Has the simulator send one webhook through its pipeline (signed with its key,
// webhook faults applied); answers the delivery record {seq, id, outcome, ...}.
export const sendWebhook = (eventType, payload) => sim('POST', '/_sim/webhooks', { event_type: eventType, payload });

// The simulator's webhook deliveries: [{seq, id, event_type, outcome, duplicate, bad_signature, attempts:[{status}], event}].
export async function simWebhooks() {
  return (await sim('GET', '/_sim/webhooks')).webhooks;
}

const FINAL = new Set(['delivered', 'rejected', 'failed', 'lost', 'no_url', 'dropped']);

// Waits until every delivery of the event with this data.id has a final outcome; answers them.
export async function deliveriesOf(eventId, { timeoutMs = 15000 } = {}) {
  return waitFor(`the deliveries of webhook ${eventId}`, async () => {
    const mine = (await simWebhooks()).filter((w) => w.id === eventId);
    return { done: mine.length > 0 && mine.every((w) => FINAL.has(w.outcome)), value: mine };
  }, { timeoutMs, intervalMs: 100 });
}

// A provider (Telnyx API) GET against the simulator, with the stack's API key
// (launchline.conf's provider_api_key_file); answers the parsed body.
export async function providerGet(path) {
  const keyFile = config().provider_api_key_file;
  assert.ok(keyFile, 'launchline.conf has no provider_api_key_file');
  const key = readFileSync(keyFile, 'utf8').split(/\r?\n/)[0].trim();
  const res = await fetch(simUrl() + path, { headers: { Authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(10000) });
  const text = await res.text();
  assert.equal(res.status, 200, `provider GET ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

// The provider's orders for our number `id` (found by the customer_reference of every POST
// /number_orders we saw): [{customer_reference, status, phone_number}], as the provider sees them now.
export async function providerOrdersFor(calls, id) {
  const out = [];
  // one lookup per reference: a POST refused with 429 (or 503) and sent again carries the same one
  for (const ref of new Set(ordersFor(calls, id).map((call) => call.body.customer_reference))) {
    // The filter matches in part: only the order with exactly our reference is ours.
    const found = (await providerGet(`/number_orders?filter[customer_reference]=${encodeURIComponent(ref)}`)).data
      .filter((o) => o.customer_reference === ref);
    for (const o of found) out.push({ customer_reference: ref, status: o.status, phone_number: o.phone_numbers[0] && o.phone_numbers[0].phone_number });
  }
  return out;
}

// POST /number_orders calls made for our number `id` (customer_reference
// "launchline-<deployment>-number-<id>-<attempt>", fcgi/refs.h).
export function ordersFor(calls, id) {
  const re = new RegExp(`^launchline-${deploymentId()}-number-${id}(-[0-9]+)?$`);
  return calls.filter((c) => c.method === 'POST' && c.path.replace(/\/+$/, '') === '/number_orders' &&
    c.body && typeof c.body === 'object' && re.test(String(c.body.customer_reference)));
}

// Polls fn() until it answers {done: true, value}; returns value. fn answers
// {done: false, value} to go on waiting; after timeoutMs it throws, showing
// the last value seen.
export async function waitFor(what, fn, { timeoutMs = 30000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { done, value } = await fn();
    if (done) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(value).slice(0, 2000)}`);
    }
    await sleep(intervalMs);
  }
}

// The messages the simulator created for one of our references (the ref= of webhook_url or the
// Idempotency-Key, "launchline-...-message-<id>"): {counts: {posts, created, replayed}, messages, send_times}.
export const simMessagesOf = (ref) => sim('GET', `/_sim/messages?ref=${encodeURIComponent(ref)}`);
// Totals: {refs, posts, created, replayed, duplicated: [refs created twice], sent: {total, per_minute},
// by_campaign: {TCR id: {sent, per_minute}}, queues}.
export const simMessageTotals = () => sim('GET', '/_sim/messages');
// The messages sent from a number or counted against a campaign (TCR or Telnyx id), with their send times
// (simulated ISO times, sorted): {messages, send_times}. filter: {from, to, campaign}.
export function simSends(filter) {
  const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined));
  return sim('GET', `/_sim/messages?${q}`);
}
// Messages per minute between the first and the last of these send times (NaN for fewer than two).
export function sendRate(sendTimes) {
  if (sendTimes.length < 2) return NaN;
  const t = sendTimes.map(Date.parse);
  return ((t.length - 1) / (t[t.length - 1] - t[0])) * 60000;
}
// A contact texts one of our numbers: STOP / START keywords change the block rules of the number's messaging
// profile; message.received goes to that profile's webhook_url. Answers {id, messaging_profile_id, keyword,
// block, delivery}.
export const simInbound = (from, to, text) => sim('POST', '/_sim/messages/inbound', { from, to, text });

// The provider's message detail records (GET /reports/mdrs), with the stack's API key. query: {direction
// (INBOUND|OUTBOUND), cli, cld, id, status, message_type, profile, start_date, end_date (ISO 8601)}.
// Answers {data: [{id (the message id), cli, cld, direction, status, created_at, parts, ...}], meta}.
export function providerMdrs(query) {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined));
  return providerGet(`/reports/mdrs?${q}`);
}

// The POST /messages calls the simulator received for our reference ref
// (the ref= of their webhook_url), refused ones (429, 503) included:
// [{seq, at (ms), status, body}].
export function postsOf(calls, ref) {
  return calls.filter((c) => c.method === 'POST' && c.path === '/messages' && c.body &&
    typeof c.body.webhook_url === 'string' && new URL(c.body.webhook_url).searchParams.get('ref') === ref)
    .map((c) => ({ ...c, at: Date.parse(c.at) }));
}
