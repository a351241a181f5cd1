// The provider simulator (tests/provider-sim/server.js) is a strict stand-in
// for Telnyx API v2: its answer to every operation is checked here against the
// Telnyx OpenAPI subset (tests/provider-sim/telnyx-openapi-subset.json: the
// shared subset, kept whole, extended with further operations of Telnyx's
// spec3.json) with ajv 2020 + ajv-formats, its webhooks against the subset's
// webhook schemas and the Ed25519 public key; every behaviour it models and
// every fault it can inject is exercised, and at the end the simulator's own
// count of answers and webhooks off the subset must be zero.
//
// Env (set by tests/stack/): SIM_URL, STATE_DIR (API key in
// $STATE_DIR/provider_api_key, webhook public key in
// $STATE_DIR/provider-sim/webhook_public_key); LAUNCHLINE_CONFIG if set is
// checked to point at the simulator. Standalone:
//   node tests/provider-sim/server.js --port 19181 --api-key-file D/provider_api_key --key-dir D/provider-sim &
//   SIM_URL=http://127.0.0.1:19181 STATE_DIR=D node --test tests/api/provider-sim.test.js
//
// The simulator is shared by the whole run: this file holds the simulator lock
// (lib/simlock.js) from start to end, resets the simulator first, points every
// webhook URL it sets at a receiver of its own (a path per kind of URL, so
// where each webhook went is checked), assigns numbers only to campaigns of
// its own (never CDEMO01/CDEMO02, whose 49-number room other files count on),
// and at the end resets the simulator again and puts the options back as it
// found them. Fault injection is limited to a path only this file calls
// (fault_paths), so a Launchline provisioner polling in the background is not
// disturbed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import crypto from 'node:crypto';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOC, newAjv, pointAtDoc, resolveRef } from './lib/telnyx-openapi.js';
import { lockSimulator } from './lib/simlock.js';
import { IdempotencyStore, canonicalQuery } from '../provider-sim/idempotency.js';

// ---------------------------------------------------------------- environment

const SIM = (process.env.SIM_URL ?? '').replace(/\/+$/, '');
const STATE_DIR = process.env.STATE_DIR ?? '';
if (!SIM || !STATE_DIR) {
  throw new Error('SIM_URL and STATE_DIR must be set (tests/stack/test.sh sets them; by hand: SIM_URL=http://127.0.0.1:PORT STATE_DIR=dir holding provider_api_key and provider-sim/webhook_public_key)');
}
const API_KEY_FILE = join(STATE_DIR, 'provider_api_key');
const API_KEY = readFileSync(API_KEY_FILE, 'utf8').split(/\r?\n/)[0].trim();
const PUBLIC_KEY_FILE = join(STATE_DIR, 'provider-sim', 'webhook_public_key');
const PUBLIC_KEY_B64 = readFileSync(PUBLIC_KEY_FILE, 'utf8').trim();
const PUBLIC_KEY = crypto.createPublicKey({
  key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(PUBLIC_KEY_B64, 'base64').toString('base64url') },
  format: 'jwk',
});

// ---------------------------------------------------------------- the OpenAPI subset

const SHARED_SUBSET_FILE = fileURLToPath(new URL('../../../shared/provider/telnyx-openapi-subset.json', import.meta.url));
const ajv = newAjv();
// "url" (messaging profiles' and messages' webhook URLs) is not a JSON Schema
// format; ajv-formats' legacy regex for it refuses loopback and private hosts
// (http://127.0.0.1:...), which every local stack uses. The simulator takes
// any string there, and so does this check.
ajv.addFormat('url', true);

const compiled = new Map();
function validatorFor(key, schema) {
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile(pointAtDoc(schema));
    compiled.set(key, v);
  }
  return v;
}

const componentValidator = (name) => validatorFor(`schema:${name}`, { $ref: `#/components/schemas/${name}` });

function problems(validate, body) {
  if (validate(body)) return null;
  return `${ajv.errorsText(validate.errors)}\nbody: ${JSON.stringify(body).slice(0, 800)}`;
}

// The documented JSON schema of one answer: status, then NXX, then default.
function responseSchema(method, template, status) {
  const op = DOC.paths[template]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${template} is not an operation of the subset`);
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => op.responses[k]);
  assert.ok(key, `${method} ${template} -> ${status}: status not documented (${Object.keys(op.responses).join(', ')})`);
  let response = op.responses[key];
  while (response.$ref) response = resolveRef(response.$ref);
  const schema = response.content?.['application/json']?.schema;
  assert.ok(schema, `${method} ${template} -> ${status}: no application/json schema documented`);
  return { key: `${method} ${template} ${key}`, schema };
}

// Asserts that a simulator answer is the documented one for that operation.
function conform(r, method, template) {
  const { key, schema } = responseSchema(method, template, r.status);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/, `${key}: content-type`);
  const why = problems(validatorFor(key, schema), r.body);
  assert.equal(why, null, `${method} ${template} -> ${r.status} is off-schema: ${why}`);
  return r.body;
}

// Asserts a captured delivery against the subset's webhook operation (headers
// required there, then the request body schema).
function conformWebhook(delivery, webhookName) {
  const op = DOC.webhooks[webhookName].post;
  for (const p of op.parameters.filter((x) => x.in === 'header' && x.required)) {
    assert.ok(delivery.headers[p.name] !== undefined, `webhook header ${p.name} is missing`);
    if (p.schema.type === 'integer') assert.match(delivery.headers[p.name], /^[0-9]+$/, `${p.name} is an integer`);
  }
  const schema = op.requestBody.content['application/json'].schema;
  const why = problems(validatorFor(`webhook ${webhookName}`, schema), delivery.body);
  assert.equal(why, null, `${webhookName} webhook is off-schema: ${why}`);
}

// Telnyx's error shape, with the code expected.
function assertError(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.ok(Array.isArray(r.body?.errors) && r.body.errors.length > 0, r.text);
  for (const e of r.body.errors) assert.ok(typeof e.title === 'string' && typeof e.detail === 'string', JSON.stringify(e));
  if (code !== undefined) assert.equal(r.body.errors[0].code, code, r.text);
  return r.body.errors;
}

// ---------------------------------------------------------------- HTTP

async function call(method, path, { body, auth = true, key = API_KEY, headers = {}, raw, contentType } = {}) {
  const h = { ...headers };
  if (auth) h.authorization = `Bearer ${key}`;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined && contentType !== null) h['content-type'] = contentType ?? 'application/json';
  const started = Date.now();
  const res = await fetch(SIM + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, body: json, text, ms: Date.now() - started };
}

const control = (method, path, body) => call(method, `/_sim${path}`, { body, auth: false });

async function setOptions(patch) {
  const r = await control('PUT', '/options', patch);
  assert.equal(r.status, 200, `PUT /_sim/options ${JSON.stringify(patch)}: ${r.text}`);
  return r.body;
}

async function advance(seconds) {
  const r = await control('POST', '/clock/advance', { seconds });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

const stats = async () => (await control('GET', '/stats')).body;

const enc = encodeURIComponent;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function available(npa, limit = 5, extra = '') {
  return call('GET', `/available_phone_numbers?filter[country_code]=US&filter[national_destination_code]=${npa}` +
    `&filter[features][]=sms&filter[phone_number_type]=local&filter[limit]=${limit}${extra}`);
}

let refSeq = 0;
const newRef = (what) => `sim-test-${what}-${process.pid}-${++refSeq}`;

// A messaging profile of the account: {id, name, ...}.
async function newProfile(name, extra = {}) {
  const r = await call('POST', '/messaging_profiles', {
    body: { name, whitelisted_destinations: ['US'], enabled: true, webhook_api_version: '2', ...extra },
  });
  assert.equal(r.status, 200, r.text);
  return conform(r, 'POST', '/messaging_profiles').data;
}

let PROFILE; // this file's main messaging profile (webhooks to /profile, failover /profile-failover)

// Orders these numbers into a profile, lets the clock run the order out, and
// returns the order as the simulator reports it afterwards.
async function buyNumbers(numbers, { ref = newRef('buy'), profile = PROFILE.id } = {}) {
  const r = await call('POST', '/number_orders', {
    body: { phone_numbers: numbers.map((phone_number) => ({ phone_number })), customer_reference: ref, messaging_profile_id: profile },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.data.status, 'pending', r.text);
  await advance(5); // order_seconds defaults to 0.5-2
  const done = await call('GET', `/number_orders/${r.body.data.id}`);
  assert.equal(done.body.data.status, 'success', done.text);
  return done.body.data;
}

// The phone number resource's id of one of our numbers (as the contract
// finds it: GET /phone_numbers?filter[phone_number]=+1...).
async function numberIdOf(e164) {
  const r = await call('GET', `/phone_numbers?filter[phone_number]=${enc(e164)}`);
  assert.equal(r.status, 200, r.text);
  const hit = conform(r, 'GET', '/phone_numbers').data.filter((n) => n.phone_number === e164 && n.status === 'active');
  assert.equal(hit.length, 1, `${e164}: ${r.text.slice(0, 500)}`);
  return hit[0].id;
}

// {e164, id (the resource's), itemId (the order item's)} of a number bought now.
async function buyFirstFree(npa, profile = PROFILE.id) {
  const list = await available(npa, 1, '&filter[best_effort]=false');
  assert.equal(list.status, 200, list.text);
  assert.equal(list.body.data.length, 1, `no free number in ${npa}`);
  const order = await buyNumbers([list.body.data[0].phone_number], { profile });
  const e164 = order.phone_numbers[0].phone_number;
  return { e164, id: await numberIdOf(e164), itemId: order.phone_numbers[0].id };
}

// Telnyx's campaignId (a UUID) of a campaign, by its TCR id.
async function campaignIdOf(tcr) {
  const c = (await control('GET', '/campaigns')).body.campaigns.find((x) => x.tcrCampaignId === tcr);
  assert.ok(c, `no campaign ${tcr}`);
  return c.campaignId;
}

// Adds (or changes) a campaign through the control API: answers its view.
async function putSimCampaign(tcr, body) {
  const r = await control('PUT', `/campaigns/${tcr}`, body);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

// ---------------------------------------------------------------- webhook receiver

// One HTTP server; each kind of webhook URL is a path of it (/notify,
// /campaign, /profile, ...), so where each webhook went can be checked.
// fail(path, n, only) answers the next n deliveries to that path 500: of
// those whose data matches only(data), when given (a late webhook of an
// earlier test's message must not take a failure meant for this one).
class Receiver {
  constructor() {
    this.got = [];
    this.failing = new Map();
    this.server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let body = null;
        try {
          body = JSON.parse(raw);
        } catch {
          body = undefined;
        }
        const path = new URL(req.url, 'http://x').pathname;
        const rule = this.failing.get(path);
        const left = rule && (!rule.only || rule.only(body?.data ?? {})) ? rule.n : 0;
        const answered = left > 0 ? 500 : 200;
        if (left > 0) rule.n = left - 1;
        this.got.push({ at: Date.now(), method: req.method, url: req.url, path, headers: req.headers, raw, body, answered });
        res.writeHead(answered, { 'content-type': 'application/json' });
        res.end(answered === 200 ? '{"ok":true}' : '{"error":"try again"}');
      });
    });
  }

  async start() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${this.server.address().port}`;
  }

  url(name) {
    return `${this.base}/${name}`;
  }

  fail(name, n, only = null) {
    this.failing.set(`/${name}`, { n, only });
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  matching(pred) {
    return this.got.filter((d) => d.body && pred(d.body.data ?? {}, d));
  }

  // Waits until `count` deliveries match pred(data, delivery); returns them.
  async waitFor(pred, { count = 1, timeoutMs = 20000 } = {}) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.matching(pred);
      if (found.length >= count) return found;
      if (Date.now() > until) {
        assert.fail(`expected ${count} matching webhook(s) within ${timeoutMs} ms, got ${found.length}; ` +
          `received: ${this.got.map((d) => `${d.body?.data?.event_type}@${d.path}`).join(', ') || 'nothing'}`);
      }
      await sleep(25);
    }
  }
}

function signatureOk(delivery, raw = delivery.raw) {
  const ts = delivery.headers['telnyx-timestamp'];
  const sig = delivery.headers['telnyx-signature-ed25519'];
  if (!ts || !sig) return false;
  return crypto.verify(null, Buffer.from(`${ts}|${raw}`), PUBLIC_KEY, Buffer.from(sig, 'base64'));
}

function assertFreshlySigned(delivery) {
  assert.ok(signatureOk(delivery), 'the webhook signature verifies with the public key');
  const age = Math.abs(Date.now() / 1000 - Number(delivery.headers['telnyx-timestamp']));
  assert.ok(age < 60, `telnyx-timestamp is current (off by ${age} s)`);
}

// The simulator's delivery records of one event (by data.id), once final.
async function deliveriesOf(eventId) {
  const until = Date.now() + 8000;
  for (;;) {
    const mine = (await control('GET', '/webhooks')).body.webhooks.filter((w) => w.id === eventId);
    if (mine.length > 0 && mine.every((w) => ['delivered', 'rejected', 'failed', 'lost', 'no_url', 'dropped'].includes(w.outcome))) return mine;
    assert.ok(Date.now() < until, `deliveries of ${eventId}: ${JSON.stringify(mine).slice(0, 500)}`);
    await sleep(50);
  }
}

// ---------------------------------------------------------------- set-up

// The only campaigns this file assigns numbers to (TCR ids; registered in setUp()).
const CAMPAIGN = 'CSIMTS1';
const CAP_CAMPAIGN = 'CSIMCP1';
const FAULT_CAMPAIGN = 'CSIMFT1';
const STATUS_CAMPAIGN = 'CSIMST1';
const PACE_CAMPAIGN = 'CSIMTP1';
const ids = {}; // TCR id -> Telnyx campaignId

const receiver = new Receiver();
let unlock;
let found; // the options before this file ran; put back at the end
let defaults; // the options right after the reset

async function setUp() {
  for (const tcr of [CAMPAIGN, CAP_CAMPAIGN, FAULT_CAMPAIGN, STATUS_CAMPAIGN, PACE_CAMPAIGN]) {
    ids[tcr] = (await putSimCampaign(tcr, { campaignStatus: 'MNO_PROVISIONED' })).campaignId;
  }
  const hooked = await call('PUT', `/10dlc/campaign/${ids[CAMPAIGN]}`, {
    body: { webhookURL: receiver.url('campaign'), webhookFailoverURL: receiver.url('campaign-failover') },
  });
  assert.equal(hooked.status, 200, hooked.text);
  await putSimCampaign(STATUS_CAMPAIGN, { webhookURL: receiver.url('campaign-status') });
  await setOptions({ webhook_url: receiver.url('notify') });
  PROFILE = await newProfile(`Launchline sim-test ${process.pid} main`, {
    webhook_url: receiver.url('profile'), webhook_failover_url: receiver.url('profile-failover'),
  });
}

before(async () => {
  unlock = await lockSimulator('tests/api/provider-sim.test.js');
  found = (await control('GET', '/options')).body;
  const r = await control('POST', '/reset');
  assert.equal(r.status, 204, `POST /_sim/reset: ${r.status} ${r.text}`);
  defaults = (await control('GET', '/options')).body;
  await receiver.start();
  await setUp();
});

after(async () => {
  try {
    await control('POST', '/reset'); // no numbers, assignments or calls of ours left behind
    if (found) await control('PUT', '/options', found);
    await receiver.stop();
  } finally {
    unlock?.();
  }
});

// ---------------------------------------------------------------- tests

describe('set-up of the simulator', () => {
  test('the subset holds every operation, webhook and schema of the shared one, unchanged, and the operations of the contract', () => {
    if (existsSync(SHARED_SUBSET_FILE)) {
      const shared = JSON.parse(readFileSync(SHARED_SUBSET_FILE, 'utf8'));
      for (const [path, item] of Object.entries(shared.paths)) {
        for (const [method, op] of Object.entries(item)) assert.deepEqual(DOC.paths[path]?.[method], op, `${method} ${path}`);
      }
      for (const [name, hook] of Object.entries(shared.webhooks)) assert.deepEqual(DOC.webhooks[name], hook, `webhook ${name}`);
      for (const [kind, all] of Object.entries(shared.components)) {
        for (const [name, v] of Object.entries(all)) assert.deepEqual(DOC.components[kind]?.[name], v, `components/${kind}/${name}`);
      }
    }
    assert.equal(DOC.openapi, '3.1.0');
    assert.match(DOC.info.title, /subset/);
    assert.match(DOC.info.description, /354b744/);
    for (const [method, path] of [['get', '/phone_numbers'], ['patch', '/phone_numbers/{id}'], ['get', '/messaging_profiles'],
      ['post', '/messaging_profiles'], ['get', '/messaging_profiles/{id}'], ['patch', '/messaging_profiles/{id}'],
      ['get', '/10dlc/brand'], ['get', '/10dlc/campaign'], ['put', '/10dlc/campaign/{campaignId}'], ['get', '/reports/mdrs']]) {
      assert.ok(DOC.paths[path]?.[method], `${method} ${path} is in the subset`);
    }
    // Every reference resolves.
    (function walk(node) {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref') assert.ok(resolveRef(v), `${v} resolves`);
          else walk(v);
        }
      }
    })(DOC);
  });

  test('the validator rejects off-schema bodies', () => {
    // failureReasons is a string, never null; campaignId is required.
    const assignment = componentValidator('PhoneNumberCampaign');
    const good = { phoneNumber: '+14155550100', campaignId: 'C1', createdAt: 'x', updatedAt: 'y' };
    assert.ok(assignment(good));
    assert.ok(!assignment({ ...good, failureReasons: null }));
    const { campaignId, ...noCampaign } = good;
    assert.ok(campaignId && !assignment(noCampaign));
    // References into components resolve (an order status outside the enum fails).
    const { key, schema } = responseSchema('GET', '/number_orders/{number_order_id}', 200);
    assert.ok(!validatorFor(key, schema)({ data: { status: 'done' } }));
    assert.ok(!validatorFor(key, schema)({ data: { created_at: 'yesterday' } }));
  });

  test('the public key file matches GET /_sim/webhook_public_key and is a raw Ed25519 key', async () => {
    assert.equal(Buffer.from(PUBLIC_KEY_B64, 'base64').length, 32);
    const r = await control('GET', '/webhook_public_key');
    assert.equal(r.status, 200);
    assert.equal(r.body.public_key, PUBLIC_KEY_B64);
  });

  test('the stack config points Launchline at the simulator', (t) => {
    if (!process.env.LAUNCHLINE_CONFIG) {
      t.skip('LAUNCHLINE_CONFIG is not set');
      return;
    }
    const conf = {};
    for (const raw of readFileSync(process.env.LAUNCHLINE_CONFIG, 'utf8').split('\n')) {
      const m = /^\s*([A-Za-z0-9_]+)\s*=\s*(.*?)\s*$/.exec(raw.replace(/(^|\s)#.*$/, ''));
      if (m) conf[m[1]] = m[2];
    }
    assert.equal(conf.provider_base_url, SIM);
    assert.equal(conf.provider_api_key_file, API_KEY_FILE);
    assert.equal(statSync(API_KEY_FILE).mode & 0o777, 0o600);
    assert.ok(API_KEY.length >= 16);
    assert.equal(conf.provider_webhook_public_key, PUBLIC_KEY_B64);
  });

  test('POST /_sim/reset forgets orders, profiles, campaigns and options, not which numbers are sold', async () => {
    const list = await available('503', 1);
    const sold = list.body.data[0].phone_number;
    const r = await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: sold }] } });
    assert.equal(r.status, 200, r.text);
    await setOptions({ order_failure_rate: 0.5 });
    const demo = await campaignIdOf('CDEMO01');
    assert.equal((await control('POST', '/reset')).status, 204);
    assert.equal((await call('GET', `/number_orders/${r.body.data.id}`)).status, 404);
    assert.equal((await call('GET', `/messaging_profiles/${PROFILE.id}`)).status, 404);
    // Launchline may still hold it: a search never offers it again.
    const after = await available('503', 20, '&filter[best_effort]=false');
    assert.equal(after.body.data.length, 20);
    assert.ok(!after.body.data.some((x) => x.phone_number === sold), `${sold} offered again after a reset`);
    assert.deepEqual((await control('GET', '/options')).body, defaults);
    assert.equal((await call('GET', `/10dlc/campaign/${ids[CAMPAIGN]}`)).status, 404, 'campaigns added by PUT /_sim/campaigns are forgotten');
    assert.equal(await campaignIdOf('CDEMO01'), demo, 'the default campaigns keep their Telnyx ids');
    await setUp();
  });
});

describe('authentication and strict requests', () => {
  test('no or a wrong bearer key: 401 in Telnyx error shape; control API needs none', async () => {
    const none = await call('GET', '/available_phone_numbers?filter[national_destination_code]=503', { auth: false });
    assert.equal(none.status, 401);
    conform(none, 'GET', '/available_phone_numbers');
    assert.equal(none.body.errors[0].code, '10009');
    const wrong = await call('GET', '/available_phone_numbers?filter[national_destination_code]=503', { key: `${API_KEY}x` });
    assert.equal(wrong.status, 401);
    const wrong2 = await call('GET', `/10dlc/campaign/${ids[CAMPAIGN]}`, { key: 'not-the-key' });
    assert.equal(wrong2.status, 401);
    conform(wrong2, 'GET', '/10dlc/campaign/{campaignId}');
    assert.equal((await call('GET', '/available_phone_numbers?filter[national_destination_code]=503')).status, 200);
    assert.equal((await control('GET', '/health')).status, 200);
  });

  test('a request off the subset is 422 in Telnyx error shape (code 10015, 10004 when missing), counted and marked', async () => {
    const before = (await stats()).nonconforming.count;
    let n = 0;
    const refused = async (r, method, template, status = 422) => {
      n++;
      assert.equal(r.status, status, r.text);
      conform(r, method, template);
      return r.body.errors;
    };
    // An unknown query parameter, an unknown deepObject key, a wrong type.
    let errs = await refused(await call('GET', '/available_phone_numbers?filter[national_destination_code]=503&filter[colour]=red&sort_by=x'),
      'GET', '/available_phone_numbers');
    assert.deepEqual(errs.map((e) => [e.code, e.source.parameter]), [['10015', 'filter[colour]'], ['10015', 'sort_by']]);
    errs = await refused(await call('GET', '/available_phone_numbers?filter[limit]=many'), 'GET', '/available_phone_numbers');
    assert.deepEqual(errs.map((e) => e.source.parameter), ['filter[limit]']);
    errs = await refused(await call('GET', '/number_orders?page[size]=0'), 'GET', '/number_orders');
    assert.deepEqual(errs.map((e) => e.source.parameter), ['page[size]']);
    // A missing required field, a wrong type in the body, a field of the wrong kind.
    errs = await refused(await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: '+14155550100' } }),
      'POST', '/10dlc/phone_number_campaigns');
    assert.deepEqual(errs.map((e) => [e.code, e.source.pointer]), [['10004', '/campaignId']]);
    errs = await refused(await call('POST', '/number_orders', { body: { phone_numbers: '+14155550100' } }), 'POST', '/number_orders');
    assert.equal(errs[0].source.pointer, '/phone_numbers');
    errs = await refused(await call('POST', '/messaging_profiles', { body: { name: 'x', whitelisted_destinations: ['usa'] } }),
      'POST', '/messaging_profiles');
    assert.equal(errs[0].source.pointer, '/whitelisted_destinations/0');
    // A required query parameter missing; a path parameter of the wrong format.
    errs = await refused(await call('GET', '/10dlc/campaign'), 'GET', '/10dlc/campaign');
    assert.deepEqual(errs.map((e) => [e.code, e.source.parameter]), [['10004', 'brandId']]);
    errs = await refused(await call('GET', '/messaging_profiles/not-a-uuid'), 'GET', '/messaging_profiles/{id}');
    assert.equal(errs[0].source.parameter, 'id');
    // Not JSON; not application/json; a body where none is taken.
    errs = await refused(await call('POST', '/messages', { raw: '{"to": ' }), 'POST', '/messages');
    assert.equal(errs[0].code, '10023');
    errs = await refused(await call('POST', '/messages', { raw: '{"to":"+14155550111","text":"x"}', contentType: 'text/plain' }), 'POST', '/messages');
    assert.equal(errs[0].source.parameter, 'Content-Type');
    errs = await refused(await call('DELETE', '/phone_numbers/1293384261075731499', { body: { really: true } }), 'DELETE', '/phone_numbers/{id}');
    // An operation that documents 400 and no 422 answers 400.
    await refused(await call('GET', '/reports/mdrs?page[number]=2'), 'GET', '/reports/mdrs', 400);

    const s = await stats();
    assert.equal(s.nonconforming.count, before + n);
    assert.ok(s.nonconforming.by_operation['POST /messages'] >= 2);
    assert.ok(s.nonconforming.last.some((x) => x.reasons.some((why) => /filter\[colour\]/.test(why))), JSON.stringify(s.nonconforming.last));
    // Ours, not a Launchline provisioner's (it lists campaigns by brandId meanwhile).
    const logged = (await control('GET', '/calls?path=/10dlc/campaign')).body.calls.filter((c) => !c.query.brandId).at(-1);
    assert.equal(logged.status, 422);
    assert.ok(logged.nonconforming.some((why) => /brandId/.test(why)), JSON.stringify(logged));
    const fine = (await control('GET', '/calls?path=/available_phone_numbers')).body.calls.find((c) => c.status === 200);
    assert.equal(fine.nonconforming, undefined);
  });

  test('an unknown path or method is 404 (10005)', async () => {
    assertError(await call('GET', '/no_such_resource'), 404, '10005');
    assertError(await call('DELETE', '/messages'), 404, '10005');
    assertError(await call('GET', '/v2/available_phone_numbers'), 404, '10005');
  });

  test('the call log keeps request headers, the key shown as "Bearer ***"', async () => {
    const marker = newRef('headers');
    await call('GET', '/10dlc/brand', { headers: { 'x-test-marker': marker } });
    const calls = (await control('GET', '/calls?path=/10dlc/brand')).body.calls;
    const mine = calls.find((c) => c.headers?.['x-test-marker'] === marker);
    assert.ok(mine, JSON.stringify(calls.at(-1)));
    assert.equal(mine.headers.authorization, 'Bearer ***');
    assert.ok(mine.headers.host);
    const all = JSON.stringify((await control('GET', '/calls')).body);
    assert.ok(!all.includes(API_KEY), 'the API key never appears in the call log');
  });
});

describe('available phone numbers', () => {
  test('a deterministic list of local numbers per area code, on-schema', async () => {
    const a = await available('503', 7);
    assert.equal(a.status, 200);
    conform(a, 'GET', '/available_phone_numbers');
    assert.equal(a.body.data.length, 7);
    for (const n of a.body.data) {
      assert.match(n.phone_number, /^\+1503[2-9][0-9]{6}$/);
      assert.equal(n.record_type, 'available_phone_number');
      assert.equal(n.best_effort, false);
      assert.ok(n.features.some((f) => f.name === 'sms'));
    }
    assert.equal(new Set(a.body.data.map((n) => n.phone_number)).size, 7);
    const b = await available('503', 7);
    assert.deepEqual(b.body.data.map((n) => n.phone_number), a.body.data.map((n) => n.phone_number));
    const region = a.body.data[0].region_information;
    assert.ok(region.some((r) => r.region_type === 'state' && r.region_name === 'OR'), JSON.stringify(region));
  });

  test('best effort: a short area code is filled from the same state, marked and counted, unless filter[best_effort]=false', async () => {
    try {
      // 458 (Oregon) capped at 5 numbers; some may be sold already (the
      // simulator never offers a sold number again, even after a reset).
      await setOptions({ scarce: { 458: 5 } });
      const free = (await available('458', 100, '&filter[best_effort]=false')).body.data.length;
      assert.ok(free >= 1, 'a free number left in 458');
      const r = await available('458', free + 3);
      conform(r, 'GET', '/available_phone_numbers');
      const own = r.body.data.filter((n) => n.phone_number.startsWith('+1458'));
      const filled = r.body.data.filter((n) => !n.phone_number.startsWith('+1458'));
      assert.equal(own.length, free);
      assert.equal(filled.length, 3);
      assert.ok(own.every((n) => n.best_effort === false));
      for (const n of filled) {
        assert.equal(n.best_effort, true);
        assert.ok(n.region_information.some((x) => x.region_type === 'state' && x.region_name === 'OR'), JSON.stringify(n.region_information));
      }
      assert.deepEqual(r.body.meta, { total_results: free + 3, best_effort_results: 3 });
      assert.deepEqual(r.body.metadata, r.body.meta);
      const strict = await available('458', free + 3, '&filter[best_effort]=false');
      assert.equal(strict.body.data.length, free);
      assert.equal(strict.body.meta.best_effort_results, 0);
      // A one-area-code state is filled from anywhere.
      await setOptions({ scarce: { 458: 5, 701: 0 } });
      const nd = await available('701', 3);
      assert.equal(nd.body.data.length, 3);
      assert.ok(nd.body.data.every((n) => n.best_effort && !n.phone_number.startsWith('+1701')));
    } finally {
      await setOptions({ scarce: defaults.scarce });
    }
  });

  test('search_order rotate: each search goes on where the previous one stopped', async () => {
    try {
      await setOptions({ search_order: 'rotate' });
      const a = (await available('541', 4)).body.data.map((n) => n.phone_number);
      const b = (await available('541', 4)).body.data.map((n) => n.phone_number);
      assert.equal(a.length, 4);
      assert.equal(b.length, 4);
      assert.deepEqual(a.filter((x) => b.includes(x)), [], 'two searches offer different numbers');
      await setOptions({ scarce: { 541: 6 } });
      const c = (await available('541', 4, '&filter[best_effort]=false')).body.data.map((n) => n.phone_number);
      assert.equal(c.length, 4, 'it wraps around');
      assert.ok(c.every((x) => a.includes(x) || b.includes(x)));
    } finally {
      await setOptions({ search_order: defaults.search_order, scarce: defaults.scarce });
    }
    const first = (await available('541', 4)).body.data.map((n) => n.phone_number);
    assert.deepEqual((await available('541', 4)).body.data.map((n) => n.phone_number), first);
  });

  test('no inventory in an area code that does not exist; a malformed one is 422', async () => {
    const none = await available('999', 5);
    assert.equal(none.status, 200);
    conform(none, 'GET', '/available_phone_numbers');
    assert.deepEqual(none.body.data, []);
    const bad = await available('41a', 5);
    assert.equal(bad.status, 422);
    conform(bad, 'GET', '/available_phone_numbers');
  });

  test('option scarce caps an area code; 0 empties it', async () => {
    try {
      await setOptions({ scarce: { 701: 2 } });
      const two = await available('701', 10, '&filter[best_effort]=false');
      assert.equal(two.body.data.length, 2);
      await setOptions({ scarce: { 701: 0 } });
      assert.equal((await available('701', 10, '&filter[best_effort]=false')).body.data.length, 0);
      assert.equal((await available('702', 10)).body.data.length, 10, 'other area codes keep their stock');
    } finally {
      await setOptions({ scarce: defaults.scarce });
    }
    assert.equal((await available('701', 10)).body.data.length, 10);
  });
});

describe('number orders and phone numbers', () => {
  test('order pending -> success; distinct ids; the number found by filter[phone_number]; webhook to the notification URL only', async () => {
    const list = await available('802', 3);
    const e164 = list.body.data[0].phone_number;
    const ref = newRef('order');
    const created = await call('POST', '/number_orders', {
      body: { phone_numbers: [{ phone_number: e164 }], customer_reference: ref, messaging_profile_id: PROFILE.id },
    });
    assert.equal(created.status, 200, created.text);
    const order = conform(created, 'POST', '/number_orders').data;
    assert.equal(order.status, 'pending');
    assert.equal(order.customer_reference, ref);
    assert.equal(order.phone_numbers[0].phone_number, e164);
    assert.equal(order.phone_numbers[0].status, 'pending');
    const itemId = order.phone_numbers[0].id;

    const pending = await call('GET', `/number_orders/${order.id}`);
    assert.equal(conform(pending, 'GET', '/number_orders/{number_order_id}').data.status, 'pending');
    const listed = conform(await call('GET', `/phone_numbers?filter[phone_number]=${enc(e164)}`), 'GET', '/phone_numbers').data;
    assert.equal(listed.length, 1);
    assert.equal(listed[0].status, 'purchase-pending');
    const numberId = listed[0].id;
    assert.match(numberId, /^[0-9]{15,}$/, 'the resource id is a long numeric string');
    assert.notEqual(numberId, itemId, 'the order item id is not the number\'s id');
    assert.ok(!(await available('802', 3)).body.data.some((n) => n.phone_number === e164), 'an ordered number is no longer offered');

    // Ordering it again while the first order is pending fails.
    const again = await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: e164 }] } });
    assert.equal(again.status, 200);
    assert.equal(conform(again, 'POST', '/number_orders').data.status, 'failure');

    await advance(5);
    const done = await call('GET', `/number_orders/${order.id}`);
    assert.equal(conform(done, 'GET', '/number_orders/{number_order_id}').data.status, 'success');
    assert.equal(done.body.data.phone_numbers[0].status, 'success');
    assert.equal(done.body.data.phone_numbers[0].id, itemId);
    const active = await call('GET', `/phone_numbers/${numberId}`);
    const pn = conform(active, 'GET', '/phone_numbers/{id}').data;
    assert.deepEqual([pn.status, pn.phone_number, pn.messaging_profile_id], ['active', e164, PROFILE.id]);
    assert.equal(pn.customer_reference, null, 'the order\'s customer_reference is not copied to the number');

    // Only the resource id names it.
    for (const other of [itemId, enc(e164)]) {
      const r = await call('GET', `/phone_numbers/${other}`);
      assert.equal(r.status, 404, `GET /phone_numbers/${other}`);
      conform(r, 'GET', '/phone_numbers/{id}');
      assertError(await call('GET', `/phone_numbers/${other}/messaging`), 404, '10005');
    }
    // "+" left unencoded in a query string is a space: no number matches.
    assert.deepEqual((await call('GET', `/phone_numbers?filter[phone_number]=${e164}`)).body.data, []);
    assert.equal((await call('GET', `/phone_numbers?filter[phone_number]=${e164.slice(1)}`)).body.data[0].id, numberId);

    // A number already sold: the second order fails.
    const sold = await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: e164 }], customer_reference: newRef('sold') } });
    assert.equal(conform(sold, 'POST', '/number_orders').data.status, 'failure');

    // number_order.complete: on-schema, signed, at the account's notification URL only.
    const [hook] = await receiver.waitFor((d) => d.event_type === 'number_order.complete' && d.payload?.id === order.id);
    assert.equal(hook.path, '/notify');
    conformWebhook(hook, 'numberOrderStatusUpdate');
    assert.equal(hook.body.data.payload.status, 'success');
    assert.equal(hook.body.data.record_type, 'event');
    assert.equal(hook.body.meta.attempt, 1);
    assert.equal(hook.body.meta.delivered_to, receiver.url('notify'));
    assertFreshlySigned(hook);
    assert.ok(!signatureOk(hook, hook.raw.replace('"success"', '"failure"')), 'a changed body does not verify');

    // Release: deleted, gone, back in stock.
    const deleted = await call('DELETE', `/phone_numbers/${numberId}`);
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(conform(deleted, 'DELETE', '/phone_numbers/{id}').data.status, 'deleted');
    const gone = await call('GET', `/phone_numbers/${numberId}`);
    assert.equal(gone.status, 404);
    conform(gone, 'GET', '/phone_numbers/{id}');
    const gone2 = await call('DELETE', `/phone_numbers/${numberId}`);
    assert.equal(gone2.status, 404);
    conform(gone2, 'DELETE', '/phone_numbers/{id}');
    assert.deepEqual((await call('GET', `/phone_numbers?filter[phone_number]=${enc(e164)}`)).body.data, []);
    assert.ok((await available('802', 3)).body.data.some((n) => n.phone_number === e164), 'a released number is offered again');
  });

  test('PATCH /phone_numbers/{id} sets customer_reference and tags; GET /phone_numbers filters and pages', async () => {
    const list = (await available('804', 3, '&filter[best_effort]=false')).body.data.map((n) => n.phone_number);
    await buyNumbers(list, { ref: newRef('patch') });
    const tag = `tag-${process.pid}`;
    const ref = `Launchline-SimTest-${process.pid}-Number`;
    const id0 = await numberIdOf(list[0]);
    const patched = await call('PATCH', `/phone_numbers/${id0}`, { body: { customer_reference: ref, tags: [tag] } });
    assert.equal(patched.status, 200, patched.text);
    const n = conform(patched, 'PATCH', '/phone_numbers/{id}').data;
    assert.deepEqual([n.customer_reference, n.tags], [ref, [tag]]);
    assert.equal((await call('GET', `/phone_numbers/${id0}`)).body.data.customer_reference, ref);

    const byRef = conform(await call('GET', `/phone_numbers?filter[customer_reference]=${enc(ref.toLowerCase().slice(3, -3))}`), 'GET', '/phone_numbers');
    assert.deepEqual(byRef.data.map((x) => x.id), [id0], 'customer_reference matches case-insensitively, in part');
    const byTag = conform(await call('GET', `/phone_numbers?filter[tag]=${tag}`), 'GET', '/phone_numbers');
    assert.deepEqual(byTag.data.map((x) => x.id), [id0]);
    const page = conform(await call('GET', '/phone_numbers?filter[status]=active&page[number]=2&page[size]=1'), 'GET', '/phone_numbers');
    assert.equal(page.data.length, 1);
    assert.deepEqual([page.meta.page_number, page.meta.page_size], [2, 1]);
    assert.ok(page.meta.total_results >= 3 && page.meta.total_pages === page.meta.total_results);
    assertError(await call('GET', '/phone_numbers?filter[status]=sold'), 422, '10015');
    assertError(await call('PATCH', `/phone_numbers/${id0}`, { body: { connection_id: '1293384261075731499' } }), 422, '10017');
    assertError(await call('PATCH', '/phone_numbers/1293384261075731499', { body: { tags: [] } }), 404, '10005');
  });

  test('messaging settings: by the resource id, into an existing profile only', async () => {
    const { e164, id } = await buyFirstFree('805');
    const other = await newProfile(`Launchline sim-test ${process.pid} other`);
    const patched = await call('PATCH', `/phone_numbers/${id}/messaging`, { body: { messaging_profile_id: other.id } });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(conform(patched, 'PATCH', '/phone_numbers/{id}/messaging').data.messaging_profile_id, other.id);
    const settings = await call('GET', `/phone_numbers/${id}/messaging`);
    assert.equal(conform(settings, 'GET', '/phone_numbers/{id}/messaging').data.messaging_profile_id, other.id);
    assert.equal(settings.body.data.phone_number, e164);
    const unknown = await call('PATCH', `/phone_numbers/${id}/messaging`, { body: { messaging_profile_id: crypto.randomUUID() } });
    assertError(unknown, 422, '10017');
    conform(unknown, 'PATCH', '/phone_numbers/{id}/messaging');
  });

  test('GET /number_orders filter[customer_reference] matches any case, in part', async () => {
    const base = `Launchline-Sim-${process.pid}-Ref`;
    const numbers = (await available('806', 2, '&filter[best_effort]=false')).body.data.map((n) => n.phone_number);
    const a = await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: numbers[0] }], customer_reference: `${base}-1` } });
    const b = await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: numbers[1] }], customer_reference: `${base}-10` } });
    const found = conform(await call('GET', `/number_orders?filter[customer_reference]=${enc(`${base}-1`.toLowerCase())}`), 'GET', '/number_orders');
    assert.deepEqual(found.data.map((o) => o.id).sort(), [a.body.data.id, b.body.data.id].sort());
    assert.equal(found.meta.total_results, 2);
    assert.deepEqual(conform(await call('GET', `/number_orders?filter[customer_reference]=${enc(newRef('none'))}`), 'GET', '/number_orders').data, []);
  });

  test('order_failure_rate: the order fails, the number is purchase-failed and back in stock', async () => {
    const e164 = (await available('406', 1)).body.data[0].phone_number;
    try {
      await setOptions({ order_failure_rate: 1 });
      const r = await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: e164 }], customer_reference: newRef('fail') } });
      assert.equal(conform(r, 'POST', '/number_orders').data.status, 'pending');
      await advance(5);
      const done = await call('GET', `/number_orders/${r.body.data.id}`);
      assert.equal(conform(done, 'GET', '/number_orders/{number_order_id}').data.status, 'failure');
      assert.equal(done.body.data.phone_numbers[0].status, 'failure');
      const listed = conform(await call('GET', `/phone_numbers?filter[phone_number]=${enc(e164)}&filter[status]=purchase-failed`), 'GET', '/phone_numbers');
      assert.equal(listed.data.length, 1);
      const [hook] = await receiver.waitFor((d) => d.event_type === 'number_order.complete' && d.payload?.id === r.body.data.id);
      conformWebhook(hook, 'numberOrderStatusUpdate');
      assert.equal(hook.body.data.payload.status, 'failure');
    } finally {
      await setOptions({ order_failure_rate: defaults.order_failure_rate });
    }
    assert.equal((await available('406', 1)).body.data[0].phone_number, e164);
  });

  test('bad orders: an unknown number fails the order; an unknown profile is 10017; a malformed body is 422', async () => {
    const unknown = await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: '+19995550123' }] } });
    assert.equal(conform(unknown, 'POST', '/number_orders').data.status, 'failure');
    const e164 = (await available('406', 1)).body.data[0].phone_number;
    const noProfile = await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: e164 }], messaging_profile_id: crypto.randomUUID() } });
    assert.equal(assertError(noProfile, 422, '10017')[0].source.pointer, '/messaging_profile_id');
    conform(noProfile, 'POST', '/number_orders');
    const empty = await call('POST', '/number_orders', { body: { phone_numbers: [] } });
    assert.equal(empty.status, 422);
    conform(empty, 'POST', '/number_orders');
    const notE164 = await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: '4155550123' }] } });
    assert.equal(notE164.status, 422);
    assert.equal(conform(notE164, 'POST', '/number_orders').errors[0].source.pointer, '/phone_numbers/0/phone_number');
    const missing = await call('GET', '/number_orders/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    conform(missing, 'GET', '/number_orders/{number_order_id}');
  });
});

describe('messaging profiles', () => {
  test('create, list with filters and pages, get, update', async () => {
    const name = `Launchline sim-test ${process.pid} org 42`;
    const p = await newProfile(name, { webhook_url: receiver.url('p42'), webhook_failover_url: receiver.url('p42-failover') });
    assert.match(p.id, UUID);
    assert.deepEqual([p.name, p.enabled, p.webhook_url, p.webhook_failover_url, p.webhook_api_version, p.whitelisted_destinations],
      [name, true, receiver.url('p42'), receiver.url('p42-failover'), '2', ['US']]);
    const twin = await newProfile(`${name}0`);

    const eq = conform(await call('GET', `/messaging_profiles?filter[name][eq]=${enc(name)}`), 'GET', '/messaging_profiles');
    assert.deepEqual(eq.data.map((x) => x.id), [p.id]);
    assert.equal(eq.meta.total_results, 1);
    assert.deepEqual(conform(await call('GET', `/messaging_profiles?filter[name][eq]=${enc(name.toUpperCase())}`), 'GET', '/messaging_profiles').data, []);
    const contains = conform(await call('GET', `/messaging_profiles?filter[name][contains]=${enc(`${process.pid} ORG 42`)}`), 'GET', '/messaging_profiles');
    assert.deepEqual(contains.data.map((x) => x.id), [p.id, twin.id]);
    const byName = conform(await call('GET', `/messaging_profiles?filter[name]=${enc(`${process.pid} org 42`)}&page[size]=1&page[number]=2`), 'GET', '/messaging_profiles');
    assert.deepEqual(byName.data.map((x) => x.id), [twin.id]);
    assert.deepEqual(byName.meta, { page_number: 2, page_size: 1, total_pages: 2, total_results: 2 });

    const got = await call('GET', `/messaging_profiles/${p.id}`);
    assert.equal(conform(got, 'GET', '/messaging_profiles/{id}').data.name, name);
    const patched = await call('PATCH', `/messaging_profiles/${p.id}`, { body: { webhook_url: receiver.url('p42-new'), enabled: false } });
    assert.equal(patched.status, 200, patched.text);
    const q = conform(patched, 'PATCH', '/messaging_profiles/{id}').data;
    assert.deepEqual([q.webhook_url, q.enabled, q.webhook_failover_url], [receiver.url('p42-new'), false, receiver.url('p42-failover')]);
    const missing = await call('GET', `/messaging_profiles/${crypto.randomUUID()}`);
    assertError(missing, 404, '10005');
    conform(missing, 'GET', '/messaging_profiles/{id}');
    const noDestinations = await call('POST', '/messaging_profiles', { body: { name: 'no destinations' } });
    assert.equal(assertError(noDestinations, 422, '10004')[0].source.pointer, '/whitelisted_destinations');
    const listed = (await control('GET', '/profiles')).body.profiles.find((x) => x.id === p.id);
    assert.deepEqual([listed.name, listed.numbers, listed.blocked], [name, [], []]);
  });
});

describe('10DLC', () => {
  test('GET /10dlc/brand and GET /10dlc/campaign?brandId= list the brand and its campaigns with both ids', async () => {
    const brands = await call('GET', '/10dlc/brand');
    const set = conform(brands, 'GET', '/10dlc/brand');
    assert.equal(set.totalRecords, 1);
    const brand = set.records[0];
    assert.match(brand.brandId, UUID);
    assert.equal(brand.tcrBrandId, 'BSIM001');
    assert.equal(conform(await call('GET', '/10dlc/brand?tcrBrandId=BSIM001&page=1&recordsPerPage=500'), 'GET', '/10dlc/brand').totalRecords, 1);
    assert.equal(conform(await call('GET', '/10dlc/brand?tcrBrandId=BOTHER1'), 'GET', '/10dlc/brand').totalRecords, 0);

    const all = [];
    for (let page = 1; ; page++) {
      const r = await call('GET', `/10dlc/campaign?brandId=${brand.brandId}&page=${page}&recordsPerPage=3`);
      const p = conform(r, 'GET', '/10dlc/campaign');
      all.push(...p.records);
      if (all.length >= p.totalRecords) break;
    }
    const byTcr = Object.fromEntries(all.map((c) => [c.tcrCampaignId, c]));
    const expected = { CDEMO01: 'MNO_PROVISIONED', CDEMO02: 'MNO_PROVISIONED', CPEND01: 'TCR_PENDING', CREJ01: 'TCR_FAILED' };
    for (const [tcr, status] of Object.entries(expected)) {
      const c = byTcr[tcr];
      assert.ok(c, `${tcr} listed`);
      assert.match(c.campaignId, UUID);
      assert.notEqual(c.campaignId, tcr);
      assert.deepEqual([c.campaignStatus, c.brandId, c.tcrBrandId], [status, brand.brandId, 'BSIM001']);
      const one = await call('GET', `/10dlc/campaign/${c.campaignId}`);
      assert.deepEqual([conform(one, 'GET', '/10dlc/campaign/{campaignId}').tcrCampaignId, one.body.campaignStatus], [tcr, status]);
      const byTcrId = await call('GET', `/10dlc/campaign/${tcr}`);
      assert.equal(byTcrId.status, 404, 'a TCR id is not a Telnyx campaignId');
      conform(byTcrId, 'GET', '/10dlc/campaign/{campaignId}');
    }
    assert.equal(byTcr[CAMPAIGN].campaignId, ids[CAMPAIGN]);
    assert.ok(byTcr.CREJ01.failureReasons);
    // The brand's TCR id is not its Telnyx id: nothing listed.
    assert.equal(conform(await call('GET', '/10dlc/campaign?brandId=BSIM001'), 'GET', '/10dlc/campaign').totalRecords, 0);
    assertError(await call('GET', `/10dlc/campaign?brandId=${brand.brandId}&recordsPerPage=501`), 422, '10015');
    // The control API shows both ids too, the same in every run.
    const sim = (await control('GET', '/campaigns')).body;
    assert.equal(sim.brand.brandId, brand.brandId);
    assert.equal(sim.campaigns.find((c) => c.tcrCampaignId === 'CDEMO01').campaignId, byTcr.CDEMO01.campaignId);
  });

  test('PUT /10dlc/campaign/{campaignId} sets the webhook URLs (and what UpdateCampaignRequest allows)', async () => {
    const id = ids[FAULT_CAMPAIGN];
    const r = await call('PUT', `/10dlc/campaign/${id}`, { body: { webhookURL: receiver.url('fault-campaign'), sample2: 'Second sample. Reply STOP to opt out.' } });
    assert.equal(r.status, 200, r.text);
    const c = conform(r, 'PUT', '/10dlc/campaign/{campaignId}');
    assert.deepEqual([c.webhookURL, c.sample2, c.webhookFailoverURL], [receiver.url('fault-campaign'), 'Second sample. Reply STOP to opt out.', undefined]);
    assert.equal((await call('GET', `/10dlc/campaign/${id}`)).body.webhookURL, receiver.url('fault-campaign'));
    const cleared = conform(await call('PUT', `/10dlc/campaign/${id}`, { body: { webhookURL: '' } }), 'PUT', '/10dlc/campaign/{campaignId}');
    assert.equal(cleared.webhookURL, undefined);
    assertError(await call('PUT', `/10dlc/campaign/${FAULT_CAMPAIGN}`, { body: { webhookURL: receiver.url('x') } }), 404, '10005');
    assertError(await call('PUT', `/10dlc/campaign/${id}`, { body: { sample1: 'x'.repeat(256) } }), 422, '10015');
  });

  test('assignment: PENDING_ASSIGNMENT until the clock passes the drawn time, then ASSIGNED; the webhook goes to the campaign\'s URL only', async () => {
    const { e164 } = await buyFirstFree('808');
    try {
      await setOptions({ provisioning_seconds: [600, 600] });
      const byTcr = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: CAMPAIGN } });
      assert.equal(byTcr.status, 404, 'a TCR id is not a campaignId');
      conform(byTcr, 'POST', '/10dlc/phone_number_campaigns');
      const r = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: ids[CAMPAIGN] } });
      assert.equal(r.status, 200, r.text);
      const a = conform(r, 'POST', '/10dlc/phone_number_campaigns');
      assert.deepEqual([a.assignmentStatus, a.phoneNumber, a.campaignId, a.tcrCampaignId, a.telnyxCampaignId],
        ['PENDING_ASSIGNMENT', e164, ids[CAMPAIGN], CAMPAIGN, ids[CAMPAIGN]]);

      const path = `/10dlc/phone_number_campaigns/${enc(e164)}`;
      await advance(300);
      assert.equal(conform(await call('GET', path), 'GET', '/10dlc/phone_number_campaigns/{phoneNumber}').assignmentStatus, 'PENDING_ASSIGNMENT');
      await sleep(300); // two ticks of the 250 ms ticker: still not due
      assert.equal((await call('GET', path)).body.assignmentStatus, 'PENDING_ASSIGNMENT');
      await advance(301);
      const done = conform(await call('GET', path), 'GET', '/10dlc/phone_number_campaigns/{phoneNumber}');
      assert.equal(done.assignmentStatus, 'ASSIGNED');
      assert.equal(done.failureReasons, undefined);
      const took = (Date.parse(done.updatedAt) - Date.parse(done.createdAt)) / 1000;
      assert.ok(took >= 599 && took <= 602, `assignment took ${took} simulated seconds`);

      const [hook] = await receiver.waitFor((d) => d.event_type === '10dlc.phone_number.update' && d.payload?.phoneNumber === e164);
      assert.equal(hook.path, '/campaign');
      const p = hook.body.data.payload;
      assert.deepEqual([p.type, p.status, p.phoneNumber, p.campaignId, p.tcrCampaignId], ['ASSIGNMENT', 'ASSIGNED', e164, ids[CAMPAIGN], CAMPAIGN]);
      assert.match(hook.body.data.id, UUID);
      assert.ok(!Number.isNaN(Date.parse(hook.body.data.occurred_at)));
      assert.equal(hook.body.data.record_type, 'event');
      assert.equal(hook.body.meta.delivered_to, receiver.url('campaign'));
      assertFreshlySigned(hook);
      await sleep(200);
      assert.equal(receiver.matching((d, x) => d.payload?.phoneNumber === e164 && x.path !== '/campaign').length, 0, 'nowhere else');

      const list = await call('GET', `/10dlc/phone_number_campaigns?filter[tcr_campaign_id]=${CAMPAIGN}&recordsPerPage=100`);
      const page = conform(list, 'GET', '/10dlc/phone_number_campaigns');
      assert.ok(page.records.some((x) => x.phoneNumber === e164 && x.assignmentStatus === 'ASSIGNED'));
      const byUuid = conform(await call('GET', `/10dlc/phone_number_campaigns?filter[telnyx_campaign_id]=${ids[CAMPAIGN]}`), 'GET', '/10dlc/phone_number_campaigns');
      assert.ok(byUuid.records.some((x) => x.phoneNumber === e164));

      const again = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: ids[CAMPAIGN] } });
      assert.equal(again.status, 409, 'a live assignment is not created twice');
      conform(again, 'POST', '/10dlc/phone_number_campaigns');

      const del = await call('DELETE', path);
      assert.equal(del.status, 200, del.text);
      conform(del, 'DELETE', '/10dlc/phone_number_campaigns/{phoneNumber}');
      const gone = await call('GET', path);
      assert.equal(gone.status, 404);
      conform(gone, 'GET', '/10dlc/phone_number_campaigns/{phoneNumber}');
    } finally {
      await setOptions({ provisioning_seconds: defaults.provisioning_seconds });
    }
  });

  test('10DLC webhooks: the failover URL after the primary fails; none for a campaign without a URL', async () => {
    const { e164 } = await buyFirstFree('808');
    const other = await buyFirstFree('808');
    try {
      await setOptions({ provisioning_seconds: [10, 10], webhook: { max_attempts: 2 } });
      receiver.fail('campaign', 2);
      await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: ids[CAMPAIGN] } });
      await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: other.e164, campaignId: ids[CAP_CAMPAIGN] } });
      await advance(11);
      const hooks = await receiver.waitFor((d) => d.payload?.phoneNumber === e164, { count: 3 });
      assert.deepEqual(hooks.map((d) => [d.path, d.answered, d.body.meta.attempt]),
        [['/campaign', 500, 1], ['/campaign', 500, 2], ['/campaign-failover', 200, 3]]);
      const [rec] = await deliveriesOf(hooks[0].body.data.id);
      assert.equal(rec.outcome, 'delivered');
      assert.equal(rec.delivered_to, receiver.url('campaign-failover'));
      const quiet = (await control('GET', '/webhooks?event_type=10dlc.phone_number.update')).body.webhooks
        .filter((w) => w.event.payload.phoneNumber === other.e164);
      assert.deepEqual(quiet.map((w) => w.outcome), ['no_url'], `${CAP_CAMPAIGN} has no webhookURL: nothing sent`);
    } finally {
      receiver.fail('campaign', 0);
      await setOptions({ provisioning_seconds: defaults.provisioning_seconds, webhook: defaults.webhook });
      await call('DELETE', `/10dlc/phone_number_campaigns/${enc(e164)}`);
      await call('DELETE', `/10dlc/phone_number_campaigns/${enc(other.e164)}`);
    }
  });

  test('due work finishes on the ticker, with no request arriving', async () => {
    const { e164 } = await buyFirstFree('808');
    try {
      await setOptions({ provisioning_seconds: [0.6, 0.6] });
      const r = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: ids[CAMPAIGN] } });
      assert.equal(r.body.assignmentStatus, 'PENDING_ASSIGNMENT', r.text);
      // No call to the simulator from here on: only its own ticker can finish it.
      const started = Date.now();
      const [hook] = await receiver.waitFor((d) => d.event_type === '10dlc.phone_number.update' && d.payload?.phoneNumber === e164,
        { timeoutMs: 3000 });
      assert.equal(hook.body.data.payload.status, 'ASSIGNED');
      assert.ok(hook.at - started < 1500, `finished ${hook.at - started} ms after the assignment`);
    } finally {
      await setOptions({ provisioning_seconds: defaults.provisioning_seconds });
    }
  });

  test('provisioning times are drawn from the configured range, and a share from provisioning_tail', async () => {
    const list = (await available('909', 6)).body.data.map((n) => n.phone_number);
    await buyNumbers(list);
    try {
      await setOptions({ provisioning_seconds: [1000, 2000] });
      for (const e164 of list.slice(0, 4)) {
        const r = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: ids[CAMPAIGN] } });
        assert.equal(r.body.assignmentStatus, 'PENDING_ASSIGNMENT', r.text);
      }
      await setOptions({ provisioning_tail: { share: 1, seconds: [7200, 9000] } });
      for (const e164 of list.slice(4)) {
        const r = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: ids[CAMPAIGN] } });
        assert.equal(r.body.assignmentStatus, 'PENDING_ASSIGNMENT', r.text);
      }
    } finally {
      await setOptions({ provisioning_seconds: defaults.provisioning_seconds, provisioning_tail: defaults.provisioning_tail });
    }
    const numbers = (await control('GET', '/numbers')).body.numbers.filter((n) => list.includes(n.phone_number));
    assert.equal(numbers.length, 6);
    const wait = (n) => (Date.parse(n.assignment.due_at) - Date.parse(n.assignment.created_at)) / 1000;
    const waits = list.slice(0, 4).map((e164) => wait(numbers.find((n) => n.phone_number === e164)));
    for (const w of waits) assert.ok(w >= 999 && w <= 2001, `drawn ${w} s`);
    assert.ok(new Set(waits).size > 1, `four draws differ: ${waits}`);
    for (const e164 of list.slice(4)) {
      const w = wait(numbers.find((n) => n.phone_number === e164));
      assert.ok(w >= 7199 && w <= 9001, `tail drew ${w} s`);
    }
    for (const e164 of list) await call('DELETE', `/10dlc/phone_number_campaigns/${enc(e164)}`);
  });

  test('assignment_failure_rate: FAILED_ASSIGNMENT with failure_reason as failureReasons', async () => {
    const { e164 } = await buyFirstFree('406');
    const reason = 'T-Mobile: number blocked for content (simulated)';
    try {
      await setOptions({ assignment_failure_rate: 1, failure_reason: reason, provisioning_seconds: [10, 10] });
      const r = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: ids[CAMPAIGN] } });
      assert.equal(conform(r, 'POST', '/10dlc/phone_number_campaigns').assignmentStatus, 'PENDING_ASSIGNMENT');
      await advance(11);
      const g = await call('GET', `/10dlc/phone_number_campaigns/${enc(e164)}`);
      const a = conform(g, 'GET', '/10dlc/phone_number_campaigns/{phoneNumber}');
      assert.equal(a.assignmentStatus, 'FAILED_ASSIGNMENT');
      assert.equal(a.failureReasons, reason);
      const [hook] = await receiver.waitFor((d) => d.event_type === '10dlc.phone_number.update' && d.payload?.phoneNumber === e164);
      assert.equal(hook.body.data.payload.status, 'FAILED_ASSIGNMENT');
      assertFreshlySigned(hook);
    } finally {
      await setOptions({
        assignment_failure_rate: defaults.assignment_failure_rate,
        failure_reason: defaults.failure_reason,
        provisioning_seconds: defaults.provisioning_seconds,
      });
    }
  });

  test('POST /_sim/numbers/{e164}/assignment finishes one assignment now', async () => {
    const { e164 } = await buyFirstFree('505');
    try {
      await setOptions({ provisioning_seconds: [3600, 3600] });
      await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: ids[CAMPAIGN] } });
      const path = `/10dlc/phone_number_campaigns/${enc(e164)}`;
      const ok = await control('POST', `/numbers/${enc(e164)}/assignment`, { status: 'ASSIGNED' });
      assert.equal(ok.status, 200, ok.text);
      assert.equal((await call('GET', path)).body.assignmentStatus, 'ASSIGNED');
      const failed = await control('POST', `/numbers/${enc(e164)}/assignment`, { status: 'FAILED_ASSIGNMENT', reason: 'forced by the test' });
      assert.equal(failed.status, 200, failed.text);
      const a = conform(await call('GET', path), 'GET', '/10dlc/phone_number_campaigns/{phoneNumber}');
      assert.deepEqual([a.assignmentStatus, a.failureReasons], ['FAILED_ASSIGNMENT', 'forced by the test']);
      await receiver.waitFor((d) => d.event_type === '10dlc.phone_number.update' && d.payload?.phoneNumber === e164, { count: 2 });
      assert.equal((await control('POST', '/numbers/%2B19995550000/assignment', { status: 'ASSIGNED' })).status, 404);
      assert.equal((await control('POST', `/numbers/${enc(e164)}/assignment`, { status: 'DONE' })).status, 400);
      const listed = (await control('GET', '/numbers')).body.numbers.find((n) => n.phone_number === e164);
      assert.deepEqual([listed.assignment.campaignId, listed.assignment.tcrCampaignId], [ids[CAMPAIGN], CAMPAIGN]);
    } finally {
      await setOptions({ provisioning_seconds: defaults.provisioning_seconds });
    }
  });

  test('assigning needs an active number of the account, in a messaging profile, and a known campaign', async () => {
    const notOurs = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: '+19075550199', campaignId: ids[CAMPAIGN] } });
    assert.equal(notOurs.status, 404);
    conform(notOurs, 'POST', '/10dlc/phone_number_campaigns');
    const { e164, id } = await buyFirstFree('505');
    const unknown = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: crypto.randomUUID() } });
    assertError(unknown, 404, '10005');
    conform(unknown, 'POST', '/10dlc/phone_number_campaigns');
    assert.equal((await call('PATCH', `/phone_numbers/${id}/messaging`, { body: { messaging_profile_id: '' } })).status, 200);
    const noProfile = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: ids[CAMPAIGN] } });
    assertError(noProfile, 422, '10015');
    conform(noProfile, 'POST', '/10dlc/phone_number_campaigns');
    const pending = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: await campaignIdOf('CPEND01') } });
    assert.equal(pending.status, 422, 'checked in order: the profile first');
  });

  test('a campaign that is no longer MNO_PROVISIONED fails its pending numbers at once and refuses new ones', async () => {
    const list = (await available('907', 4, '&filter[best_effort]=false')).body.data.map((n) => n.phone_number);
    await buyNumbers(list);
    const id = ids[STATUS_CAMPAIGN];
    try {
      await setOptions({ provisioning_seconds: [3600, 3600] });
      for (const e164 of list.slice(0, 2)) {
        const r = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: id } });
        assert.equal(r.body.assignmentStatus, 'PENDING_ASSIGNMENT', r.text);
      }
      for (const [status, e164] of [['TCR_SUSPENDED', list[2]], ['TCR_EXPIRED', list[3]], ['MNO_REJECTED', list[3]]]) {
        await putSimCampaign(STATUS_CAMPAIGN, { campaignStatus: status });
        assert.equal(conform(await call('GET', `/10dlc/campaign/${id}`), 'GET', '/10dlc/campaign/{campaignId}').campaignStatus, status);
        const refused = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: id } });
        assert.equal(refused.status, 200, refused.text);
        const a = conform(refused, 'POST', '/10dlc/phone_number_campaigns');
        assert.equal(a.assignmentStatus, 'FAILED_ASSIGNMENT');
        assert.match(a.failureReasons, new RegExp(status));
        const hook = await receiver.waitFor((d) => d.payload?.phoneNumber === e164 && d.payload.failureReasons?.includes(status));
        assert.equal(hook[0].path, '/campaign-status');
      }
      for (const e164 of list.slice(0, 2)) {
        const a = conform(await call('GET', `/10dlc/phone_number_campaigns/${enc(e164)}`), 'GET', '/10dlc/phone_number_campaigns/{phoneNumber}');
        assert.equal(a.assignmentStatus, 'FAILED_ASSIGNMENT');
        assert.match(a.failureReasons, /TCR_SUSPENDED/);
        const [hook] = await receiver.waitFor((d) => d.payload?.phoneNumber === e164 && d.payload.status === 'FAILED_ASSIGNMENT');
        assert.equal(hook.path, '/campaign-status');
      }
      // Back to MNO_PROVISIONED: numbers can be assigned again.
      await putSimCampaign(STATUS_CAMPAIGN, { campaignStatus: 'MNO_PROVISIONED' });
      const again = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: list[0], campaignId: id } });
      assert.equal(again.body.assignmentStatus, 'PENDING_ASSIGNMENT', again.text);
    } finally {
      await setOptions({ provisioning_seconds: defaults.provisioning_seconds });
      for (const e164 of list) await call('DELETE', `/10dlc/phone_number_campaigns/${enc(e164)}`);
    }
  });

  test('the 50th live number of one campaign fails with "campaign has reached its number limit"', async () => {
    const campaignId = ids[CAP_CAMPAIGN];
    const list = (await available('907', 51, '&filter[best_effort]=false')).body.data.map((n) => n.phone_number);
    assert.equal(list.length, 51);
    await buyNumbers(list);
    try {
      await setOptions({ provisioning_seconds: [3600, 3600] });
      for (const e164 of list.slice(0, 49)) {
        const r = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId } });
        assert.equal(r.body.assignmentStatus, 'PENDING_ASSIGNMENT', r.text);
      }
      const fiftieth = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: list[49], campaignId } });
      assert.equal(fiftieth.status, 200, fiftieth.text);
      const a = conform(fiftieth, 'POST', '/10dlc/phone_number_campaigns');
      assert.equal(a.assignmentStatus, 'FAILED_ASSIGNMENT');
      assert.equal(a.failureReasons, 'campaign has reached its number limit');
      const polled = await call('GET', `/10dlc/phone_number_campaigns/${enc(list[49])}`);
      assert.equal(conform(polled, 'GET', '/10dlc/phone_number_campaigns/{phoneNumber}').failureReasons,
        'campaign has reached its number limit');

      const page = conform(await call('GET', `/10dlc/phone_number_campaigns?filter[tcr_campaign_id]=${CAP_CAMPAIGN}&recordsPerPage=100`),
        'GET', '/10dlc/phone_number_campaigns');
      assert.equal(page.totalRecords, 50);
      assert.equal(page.records.filter((x) => x.assignmentStatus === 'PENDING_ASSIGNMENT').length, 49);

      // Releasing one makes room again.
      assert.equal((await call('DELETE', `/10dlc/phone_number_campaigns/${enc(list[0])}`)).status, 200);
      const retry = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: list[49], campaignId } });
      assert.equal(retry.body.assignmentStatus, 'PENDING_ASSIGNMENT', retry.text);
      const over = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: list[50], campaignId } });
      assert.equal(over.body.assignmentStatus, 'FAILED_ASSIGNMENT');
    } finally {
      await setOptions({ provisioning_seconds: defaults.provisioning_seconds });
      for (const e164 of list) await call('DELETE', `/10dlc/phone_number_campaigns/${enc(e164)}`);
    }
  });
});

describe('messages', () => {
  let A; // a number of PROFILE
  let B; // another number of PROFILE
  let Q; // a number of another profile, QP
  let QP;
  before(async () => {
    A = await buyFirstFree('412');
    B = await buyFirstFree('412');
    QP = await newProfile(`Launchline sim-test ${process.pid} q`, { webhook_url: receiver.url('profile-q') });
    Q = await buyFirstFree('412', QP.id);
  });

  const contact = () => `+1617555${String(1000 + Math.floor(Math.random() * 9000))}`;
  const send = (body, headers) => call('POST', '/messages', { body, headers });

  test('POST /messages answers a queued outbound message; a body without `to` is 422', async () => {
    const to = contact();
    const r = await send({ from: A.e164, to, text: 'Hello', messaging_profile_id: PROFILE.id });
    assert.equal(r.status, 200, r.text);
    const m = conform(r, 'POST', '/messages').data;
    assert.deepEqual([m.to[0].phone_number, m.to[0].status, m.direction, m.messaging_profile_id], [to, 'queued', 'outbound', PROFILE.id]);
    assert.match(m.id, UUID);
    const bad = await send({ text: 'no recipient' });
    assertError(bad, 422, '10004');
    conform(bad, 'POST', '/messages');
  });

  test('message webhooks: the per-message URL when given, else the profile\'s, then its failover; none without a URL', async () => {
    const ref = newRef('message');
    const own = await send({ from: A.e164, to: contact(), text: 'per message', webhook_url: `${receiver.url('message')}?ref=${ref}` });
    const viaProfile = await send({ from: A.e164, to: contact(), text: 'via the profile' });
    for (const [r, path] of [[own, '/message'], [viaProfile, '/profile']]) {
      const id = r.body.data.id;
      const hooks = await receiver.waitFor((d) => d.payload?.id === id, { count: 2 });
      assert.deepEqual(hooks.map((d) => [d.body.data.event_type, d.path]).sort(), [['message.finalized', path], ['message.sent', path]]);
      for (const d of hooks) {
        conformWebhook(d, 'deliveryUpdate');
        assertFreshlySigned(d);
      }
    }
    assert.equal(receiver.matching((d) => d.payload?.id === own.body.data.id)[0].url, `/message?ref=${ref}`);
    try {
      await setOptions({ webhook: { max_attempts: 1 } });
      const text = `the profile's failover ${newRef('failover')}`;
      receiver.fail('profile', 2, (d) => d.payload?.text === text);
      const failover = await send({ from: B.e164, to: contact(), text });
      const hooks = await receiver.waitFor((d) => d.payload?.id === failover.body.data.id, { count: 4 });
      assert.deepEqual(hooks.map((d) => [d.path, d.answered]).sort(),
        [['/profile', 500], ['/profile', 500], ['/profile-failover', 200], ['/profile-failover', 200]]);
      // A failing per-message URL falls back to the profile's (use_profile_webhooks defaults to true) ...
      receiver.fail('message', 1);
      const back = await send({ from: A.e164, to: contact(), text: 'fall back', webhook_url: receiver.url('message') });
      const first = await receiver.waitFor((d) => d.payload?.id === back.body.data.id && d.event_type === 'message.sent', { count: 2 });
      assert.deepEqual(first.map((d) => d.path), ['/message', '/profile']);
      // ... unless use_profile_webhooks is false.
      receiver.fail('message', 2);
      const only = await send({ from: A.e164, to: contact(), text: 'no fall back', webhook_url: receiver.url('message'), use_profile_webhooks: false });
      await receiver.waitFor((d) => d.payload?.id === only.body.data.id, { count: 2 });
      await sleep(300);
      assert.ok(receiver.matching((d) => d.payload?.id === only.body.data.id).every((d) => d.path === '/message'));
    } finally {
      receiver.fail('profile', 0);
      receiver.fail('message', 0);
      await setOptions({ webhook: defaults.webhook });
    }
    // From a number no profile holds, no webhook_url: nothing is sent.
    const nowhere = await send({ from: '+14155550100', to: contact(), text: 'nowhere' });
    assert.equal(nowhere.status, 200, nowhere.text);
    await sleep(600);
    const recs = (await control('GET', '/webhooks?event_type=message.sent')).body.webhooks.filter((w) => w.event.payload.id === nowhere.body.data.id);
    assert.deepEqual(recs.map((w) => w.outcome), ['no_url']);
    assert.equal(receiver.matching((d) => d.payload?.id === nowhere.body.data.id).length, 0);
  });

  test('message.received goes to the profile holding the `to` number', async () => {
    const from = contact();
    for (const [to, path] of [[A.e164, '/profile'], [Q.e164, '/profile-q']]) {
      const r = await control('POST', '/messages/inbound', { from, to, text: 'Hi there' });
      assert.equal(r.status, 201, r.text);
      const [hook] = await receiver.waitFor((d) => d.event_type === 'message.received' && d.payload?.id === r.body.id);
      assert.equal(hook.path, path);
      conformWebhook(hook, 'inboundMessage');
      assert.deepEqual([hook.body.data.payload.from.phone_number, hook.body.data.payload.to[0].phone_number], [from, to]);
    }
    const stray = await control('POST', '/messages/inbound', { from, to: '+19995550100', text: 'Hi' });
    assert.equal(stray.body.delivery.outcome, 'no_url');
  });

  test('STOP blocks the sender for the profile of the number texted: 409 / 40300; START lifts it; other profiles unaffected', async () => {
    const who = contact();
    const stop = await control('POST', '/messages/inbound', { from: who, to: A.e164, text: '  stop all ' });
    assert.deepEqual([stop.body.keyword, stop.body.block, stop.body.messaging_profile_id], ['STOP ALL', 'added', PROFILE.id]);
    for (const from of [A.e164, B.e164]) {
      const r = await send({ from, to: who, text: 'Still there?' });
      assert.equal(r.status, 409, r.text);
      conform(r, 'POST', '/messages');
      assert.deepEqual(r.body.errors.map((e) => [e.code, e.title, e.detail]),
        [['40300', 'Blocked due to STOP message', `Messages cannot be sent from '${from}' to '${who}' due to an existing block rule.`]]);
    }
    assert.equal((await send({ from: Q.e164, to: who, text: 'Another profile' })).status, 200);
    assert.deepEqual((await control('GET', '/profiles')).body.profiles.find((p) => p.id === PROFILE.id).blocked, [who]);
    assert.equal((await control('POST', '/messages/inbound', { from: who, to: B.e164, text: 'Unstop' })).body.block, 'removed');
    assert.equal((await send({ from: A.e164, to: who, text: 'Welcome back' })).status, 200);
    // Every opt-out keyword, any case, alone in the text; not inside a sentence.
    for (const word of ['STOP', 'stopall', 'Unsubscribe', 'cancel', 'END', 'quit']) {
      const c = contact();
      await control('POST', '/messages/inbound', { from: c, to: A.e164, text: word });
      assert.equal((await send({ from: A.e164, to: c, text: 'x' })).status, 409, word);
      await control('POST', '/messages/inbound', { from: c, to: A.e164, text: 'START' });
      assert.equal((await send({ from: A.e164, to: c, text: 'x' })).status, 200, `${word} then START`);
    }
    const chatty = contact();
    await control('POST', '/messages/inbound', { from: chatty, to: A.e164, text: 'please stop texting me' });
    assert.equal((await send({ from: A.e164, to: chatty, text: 'x' })).status, 200);
  });

  test('Idempotency-Key is ignored on POST /messages: every POST creates a message, counted per reference', async () => {
    const key = newRef('idem').replace(/[^A-Za-z0-9_:-]/g, '-');
    const body = { from: A.e164, to: contact(), text: 'Same body', webhook_url: `${receiver.url('message')}?ref=${key}` };
    const first = await send(body, { 'idempotency-key': key });
    const second = await send(body, { 'idempotency-key': key });
    const third = await send({ ...body, text: 'Another body' }, { 'idempotency-key': key });
    const bad = await send({ from: A.e164, to: body.to, text: 'A key of the wrong form' }, { 'idempotency-key': 'not a valid key!' });
    for (const r of [first, second, third, bad]) assert.equal(r.status, 200, r.text);
    assert.equal(new Set([first, second, third, bad].map((r) => r.body.data.id)).size, 4);
    const mine = (await control('GET', `/messages?ref=${enc(key)}`)).body;
    assert.deepEqual(mine.counts, { posts: 3, created: 3, replayed: 0 });
    assert.equal(mine.messages.length, 3);
    assert.ok((await control('GET', '/messages')).body.duplicated.includes(key));
  });

  test('throughput per number: paced sends, 429 / 40318 when the queue is full, send times recorded', async () => {
    const from = (await buyFirstFree('413')).e164;
    try {
      await setOptions({ message_sent_ms: [5000, 5000], throughput: { number_mpm: 60, queue_limit: 3 } });
      const ok = [];
      for (let i = 0; i < 3; i++) {
        const r = await send({ from, to: contact(), text: `paced ${i}` });
        assert.equal(r.status, 200, r.text);
        ok.push(conform(r, 'POST', '/messages').data);
      }
      assert.ok(ok[2].wait_seconds >= 1.9, `the third waits ${ok[2].wait_seconds} s`);
      const full = await send({ from, to: contact(), text: 'one too many' });
      assertError(full, 429, '40318');
      conform(full, 'POST', '/messages');
      assert.equal(full.body.errors[0].title, 'Message queue full');
      assert.match(full.headers.get('retry-after') ?? '', /^[0-9]+$/);
      assert.ok((await control('GET', '/messages')).body.queues[`number:${from}`] === 3);
      await advance(10);
      const sent = (await control('GET', `/messages?from=${enc(from)}`)).body;
      assert.equal(sent.send_times.length, 3);
      const gaps = sent.send_times.slice(1).map((t, i) => Date.parse(t) - Date.parse(sent.send_times[i]));
      for (const g of gaps) assert.ok(Math.abs(g - 1000) <= 1, `one a second: ${gaps}`);
      assert.equal((await send({ from, to: contact(), text: 'room again' })).status, 200);
    } finally {
      await setOptions({ message_sent_ms: defaults.message_sent_ms, throughput: defaults.throughput });
    }
  });

  test('throughput per campaign: the drain rate is campaign_mpm; carrier_reject_mpm fails the excess with 40011', async () => {
    const list = (await available('414', 2, '&filter[best_effort]=false')).body.data.map((n) => n.phone_number);
    await buyNumbers(list);
    try {
      await setOptions({ provisioning_seconds: [1, 1] });
      for (const e164 of list) await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: ids[PACE_CAMPAIGN] } });
      await advance(2);
      await setOptions({ message_sent_ms: [5000, 5000], throughput: { campaign_mpm: 120, queue_limit: 100 } });
      for (let i = 0; i < 8; i++) {
        const r = await send({ from: list[i % 2], to: contact(), text: `campaign ${i}` });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.body.data.tcr_campaign_id, PACE_CAMPAIGN);
      }
      await advance(10);
      const sent = (await control('GET', `/messages?campaign=${ids[PACE_CAMPAIGN]}`)).body;
      const times = sent.send_times.map(Date.parse);
      assert.equal(times.length, 8);
      const perMinute = ((times.length - 1) / (times.at(-1) - times[0])) * 60000;
      assert.ok(Math.abs(perMinute - 120) < 1, `drained at ${perMinute}/min`);
      const summary = (await control('GET', '/messages')).body.by_campaign[PACE_CAMPAIGN];
      assert.equal(summary.sent, 8);
      assert.equal(Object.values(summary.per_minute).reduce((a, b) => a + b, 0), 8);

      await setOptions({ message_sent_ms: [0, 0], throughput: { campaign_mpm: 0, carrier_reject_mpm: 2 } });
      // The carrier counts per minute: start a fresh one.
      await advance(61 - (Date.parse((await control('GET', '/clock')).body.now) / 1000) % 60);
      const burst = [];
      for (let i = 0; i < 4; i++) burst.push((await send({ from: list[0], to: contact(), text: `burst ${i}`, webhook_url: receiver.url('burst') })).body.data.id);
      await advance(2);
      const finals = await receiver.waitFor((d) => d.event_type === 'message.finalized' && burst.includes(d.payload?.id), { count: 4 });
      const codes = finals.map((d) => d.body.data.payload.errors[0]?.code ?? d.body.data.payload.to[0].status).sort();
      assert.deepEqual(codes, ['40011', '40011', 'delivered', 'delivered']);
      for (const d of finals) conformWebhook(d, 'deliveryUpdate');
    } finally {
      await setOptions({ provisioning_seconds: defaults.provisioning_seconds, message_sent_ms: defaults.message_sent_ms, throughput: defaults.throughput });
      for (const e164 of list) await call('DELETE', `/10dlc/phone_number_campaigns/${enc(e164)}`);
    }
  });

  test('GET /reports/mdrs: the messages sent and received as MDRs, by id, direction, cli, cld, status and dates', async () => {
    const to = contact();
    const start = (await control('GET', '/clock')).body.now;
    const r = await send({ from: B.e164, to, text: 'For the records' });
    await advance(2);
    const end = new Date(Date.parse((await control('GET', '/clock')).body.now) + 1000).toISOString();
    const q = `/reports/mdrs?direction=OUTBOUND&cli=${enc(B.e164)}&cld=${enc(to)}&start_date=${enc(start)}&end_date=${enc(end)}`;
    const got = await call('GET', q);
    assert.equal(got.status, 200, got.text);
    const page = conform(got, 'GET', '/reports/mdrs');
    assert.equal(page.data.length, 1);
    const rec = page.data[0];
    assert.deepEqual([rec.id, rec.cli, rec.cld, rec.direction, rec.status, rec.message_type, rec.record_type, rec.profile_name],
      [r.body.data.id, B.e164, to, 'outbound', 'DELIVERED', 'SMS', 'mdr_report', PROFILE.name]);
    assert.deepEqual(page.meta, { page_number: 1, page_size: 1, total_pages: 1, total_results: 1 });
    assert.equal(conform(await call('GET', `/reports/mdrs?id=${r.body.data.id}`), 'GET', '/reports/mdrs').data.length, 1);
    assert.equal((await call('GET', `${q}&status=FAILED`)).body.data.length, 0);
    assert.equal((await call('GET', q.replace(enc(start), enc(end)).replace(/end_date=[^&]+/, `end_date=${enc(new Date(Date.parse(end) + 60000).toISOString())}`))).body.data.length, 0,
      'outside the dates');
    // A message still queued has no record yet.
    try {
      await setOptions({ message_sent_ms: [60000, 60000] });
      const later = await send({ from: B.e164, to, text: 'Not yet' });
      assert.ok(!(await call('GET', `/reports/mdrs?id=${later.body.data.id}`)).body.data.length);
      await advance(61);
      assert.equal((await call('GET', `/reports/mdrs?id=${later.body.data.id}`)).body.data.length, 1);
    } finally {
      await setOptions({ message_sent_ms: defaults.message_sent_ms });
    }
    const inbound = await control('POST', '/messages/inbound', { from: to, to: B.e164, text: 'Got it' });
    const rin = conform(await call('GET', `/reports/mdrs?direction=INBOUND&cld=${enc(B.e164)}&cli=${enc(to)}`), 'GET', '/reports/mdrs');
    assert.deepEqual(rin.data.map((x) => [x.id, x.status, x.direction]), [[inbound.body.id, 'RECEIVED', 'inbound']]);
    const bad = await call('GET', '/reports/mdrs?start_date=yesterday');
    assert.equal(bad.status, 400);
    conform(bad, 'GET', '/reports/mdrs');
  });
});

describe('Idempotency-Key (Telnyx\'s general contract, where an operation declares it)', () => {
  test('no operation of the subset declares it', () => {
    for (const [path, item] of Object.entries(DOC.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const declared = (op.parameters ?? []).map((p) => (p.$ref ? resolveRef(p.$ref) : p))
          .some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
        assert.ok(!declared, `${method} ${path} declares Idempotency-Key: add a test that it is honoured`);
      }
    }
  });

  test('the store: key format, scope, byte-for-byte retries, only successes replayed, 24 hours', () => {
    const store = new IdempotencyStore();
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const req = (over = {}) => ({ account: 'acct', method: 'POST', pathname: '/things', key: 'k-1:a_b', query: '', raw: '{"a":1}', nowMs: t0, ...over });
    assert.ok(store.check(req({ key: 'has space' })).error);
    assert.ok(store.check(req({ key: 'x'.repeat(256) })).error);
    assert.deepEqual(store.check(req()), {});
    store.remember(req(), { status: 422, json: '{}' });
    assert.deepEqual(store.check(req()), {}, 'a failure is not replayed');
    store.remember(req(), { status: 200, json: '{"data":1}' });
    assert.deepEqual(store.check(req({ nowMs: t0 + 1000 })).replay, { status: 200, json: '{"data":1}' });
    assert.ok(store.check(req({ raw: '{"a": 1}' })).error, 'another body, byte for byte');
    assert.ok(store.check(req({ query: 'x=1' })).error, 'other query parameters');
    assert.deepEqual(store.check(req({ method: 'PUT' })), {}, 'scoped by method');
    assert.deepEqual(store.check(req({ pathname: '/other' })), {}, 'scoped by path');
    assert.deepEqual(store.check(req({ account: 'other' })), {}, 'scoped by account');
    assert.ok(store.check(req({ nowMs: t0 + 24 * 3600 * 1000 - 1 })).replay);
    assert.deepEqual(store.check(req({ nowMs: t0 + 24 * 3600 * 1000 })), {}, 'gone after 24 hours');
    assert.equal(canonicalQuery(new URLSearchParams('b=2&a=1')), canonicalQuery(new URLSearchParams('a=1&b=2')));
  });
});

describe('injected faults', () => {
  let faultPath;
  const onlyHere = () => ({ fault_paths: `^${faultPath}$` });
  const restore = () => setOptions({
    fault_paths: defaults.fault_paths,
    rate_limit_every: defaults.rate_limit_every,
    rate_limit_reset_seconds: defaults.rate_limit_reset_seconds,
    error_rate: defaults.error_rate,
    error_next: defaults.error_next,
    error_status: defaults.error_status,
    slow_ms: defaults.slow_ms,
  });
  before(() => {
    faultPath = `/10dlc/campaign/${ids[FAULT_CAMPAIGN]}`;
  });
  const other = () => `/10dlc/campaign/${ids[CAMPAIGN]}`;

  test('rate_limit_every: every Nth call is 429 with code 10011, x-ratelimit-* and Retry-After', async () => {
    try {
      await setOptions({ ...onlyHere(), rate_limit_every: 3, rate_limit_reset_seconds: 7 });
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await call('GET', faultPath));
      assert.deepEqual(answers.map((r) => r.status), [200, 200, 429, 200, 200, 429]);
      const limited = answers[2];
      conform(limited, 'GET', '/10dlc/campaign/{campaignId}');
      assert.equal(limited.body.errors[0].code, '10011');
      assert.equal(limited.headers.get('x-ratelimit-limit'), '2');
      assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
      assert.equal(limited.headers.get('x-ratelimit-reset'), '7');
      assert.equal(limited.headers.get('retry-after'), '7');
      assert.equal(answers[0].headers.get('x-ratelimit-remaining'), '1');
      // Other paths are not limited.
      for (let i = 0; i < 3; i++) assert.equal((await call('GET', other())).status, 200);
    } finally {
      await restore();
    }
    for (let i = 0; i < 3; i++) assert.equal((await call('GET', faultPath)).status, 200);
  });

  test('error_next and error_rate: 503 (or error_status) with an errors[] body', async () => {
    const errors = componentValidator('10dlc_Errors');
    try {
      await setOptions({ ...onlyHere(), error_next: 2 });
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await call('GET', faultPath));
      assert.deepEqual(answers.map((r) => r.status), [503, 503, 200]);
      assert.equal(problems(errors, answers[0].body), null);
      const e = answers[0].body.errors[0];
      assert.ok(e.code && e.title && e.detail, JSON.stringify(e));
      assert.equal((await control('GET', '/options')).body.error_next, 0);

      await setOptions({ error_rate: 1 });
      const r = await call('GET', faultPath);
      assert.equal(r.status, 503);
      assert.equal(problems(errors, r.body), null);
      assert.ok(r.body.errors.length > 0);
      assert.equal((await call('GET', other())).status, 200);
      await setOptions({ error_status: 500 });
      assert.equal((await call('GET', faultPath)).status, 500);
    } finally {
      await restore();
    }
    assert.equal((await call('GET', faultPath)).status, 200);
    assert.ok((await stats()).undocumented_statuses['GET /10dlc/campaign/{campaignId} 503'] >= 3, '5xx: not documented by 10DLC operations');
  });

  test('slow_ms: answers late', async () => {
    try {
      await setOptions({ ...onlyHere(), slow_ms: 800 });
      const slow = await call('GET', faultPath);
      assert.equal(slow.status, 200);
      assert.ok(slow.ms >= 750, `took ${slow.ms} ms`);
      const fast = await call('GET', other());
      assert.ok(fast.ms < 500, `another path took ${fast.ms} ms`);
    } finally {
      await restore();
    }
    assert.ok((await call('GET', faultPath)).ms < 500);
  });

  test('PUT /_sim/options refuses bad values as a whole and null restores a default', async () => {
    const before = (await control('GET', '/options')).body;
    const bad = await control('PUT', '/options', { order_failure_rate: 0.5, assignment_failure_rate: 2 });
    assert.equal(bad.status, 400);
    assert.match(bad.body.errors[0].detail, /assignment_failure_rate/);
    const unknown = await control('PUT', '/options', { no_such_option: 1 });
    assert.equal(unknown.status, 400);
    assert.equal((await control('PUT', '/options', { throughput: { queue_limit: 0 } })).status, 400);
    assert.equal((await control('PUT', '/options', { provisioning_tail: { share: 2 } })).status, 400);
    assert.deepEqual((await control('GET', '/options')).body, before);
    try {
      await setOptions({ slow_ms: 5, webhook: { loss: 0.25 }, throughput: { number_mpm: 6 } });
      const after = await setOptions({ slow_ms: null, webhook: { loss: null }, throughput: null });
      assert.equal(after.slow_ms, defaults.slow_ms);
      assert.equal(after.webhook.loss, defaults.webhook.loss);
      assert.deepEqual(after.throughput, defaults.throughput);
    } finally {
      await setOptions({ slow_ms: defaults.slow_ms, webhook: defaults.webhook });
    }
  });
});

describe('webhook faults', () => {
  const restore = () => setOptions({ webhook: defaults.webhook });
  let n = 0;
  async function emit(note) {
    const r = await control('POST', '/webhooks', { event_type: 'sim.test', payload: { note: `${note}-${++n}` } });
    assert.equal(r.status, 200, r.text);
    return r.body.id;
  }
  const byId = (id) => (d) => d.id === id;

  test('POST /_sim/webhooks sends to the notification URL, or to `url`', async () => {
    const id = await emit('notify');
    const [d] = await receiver.waitFor(byId(id));
    assert.equal(d.path, '/notify');
    const r = await control('POST', '/webhooks', { event_type: 'sim.test', payload: { note: 'elsewhere' }, url: receiver.url('elsewhere') });
    const [e] = await receiver.waitFor(byId(r.body.id));
    assert.equal(e.path, '/elsewhere');
  });

  test('loss: the event is never sent', async () => {
    try {
      await setOptions({ webhook: { loss: 1 } });
      const id = await emit('lost');
      await sleep(600);
      assert.equal(receiver.matching(byId(id)).length, 0);
      const log = (await control('GET', '/webhooks?event_type=sim.test')).body.webhooks.find((w) => w.id === id);
      assert.equal(log.outcome, 'lost');
    } finally {
      await restore();
    }
  });

  test('duplicate: the same event arrives twice, both signed', async () => {
    try {
      await setOptions({ webhook: { duplicate: 1 } });
      const id = await emit('dup');
      const both = await receiver.waitFor(byId(id), { count: 2 });
      for (const d of both) assertFreshlySigned(d);
      assert.equal(both[0].body.data.id, both[1].body.data.id);
    } finally {
      await restore();
    }
  });

  test('bad_signature: the signature does not verify with the public key', async () => {
    try {
      await setOptions({ webhook: { bad_signature: 1 } });
      const id = await emit('forged');
      const [d] = await receiver.waitFor(byId(id));
      assert.ok(d.headers['telnyx-signature-ed25519']);
      assert.ok(!signatureOk(d), 'a badly signed webhook must not verify');
    } finally {
      await restore();
    }
    const id = await emit('honest');
    const [d] = await receiver.waitFor(byId(id));
    assertFreshlySigned(d);
  });

  test('delay_ms: the event arrives late', async () => {
    try {
      await setOptions({ webhook: { delay_ms: 700 } });
      const sent = Date.now();
      const id = await emit('late');
      const [d] = await receiver.waitFor(byId(id));
      assert.ok(d.at - sent >= 650, `arrived after ${d.at - sent} ms`);
    } finally {
      await restore();
    }
  });

  test('reorder: an event is held back and arrives after the next one', async () => {
    try {
      await setOptions({ webhook: { reorder: 1, reorder_max_ms: 3000 } });
      const first = await emit('first');
      const second = await emit('second');
      await receiver.waitFor((d) => d.id === first || d.id === second, { count: 2 });
      const order = receiver.got.map((d) => d.body?.data?.id).filter((id) => id === first || id === second);
      assert.deepEqual(order, [second, first]);
    } finally {
      await restore();
    }
  });

  test('timestamp_skew_seconds: a stale telnyx-timestamp, still correctly signed', async () => {
    try {
      await setOptions({ webhook: { timestamp_skew_seconds: -600 } });
      const id = await emit('stale');
      const [d] = await receiver.waitFor(byId(id));
      assert.ok(signatureOk(d));
      const age = Date.now() / 1000 - Number(d.headers['telnyx-timestamp']);
      assert.ok(age > 590 && age < 620, `timestamp is ${age} s old`);
    } finally {
      await restore();
    }
  });

  test('a receiver that fails is retried with meta.attempt counting up', async () => {
    receiver.fail('notify', 1);
    const id = await emit('retry');
    const [first, second] = await receiver.waitFor(byId(id), { count: 2, timeoutMs: 5000 });
    assert.equal(first.answered, 500);
    assert.equal(first.body.meta.attempt, 1);
    assert.equal(second.body.meta.attempt, 2);
    assertFreshlySigned(second);
    const log = (await control('GET', '/webhooks?event_type=sim.test')).body.webhooks.find((w) => w.id === id);
    assert.equal(log.outcome, 'delivered');
    assert.deepEqual(log.attempts.map((a) => a.status), [500, 200]);
  });
});

describe('control API', () => {
  test('GET /_sim/calls records provider calls; DELETE forgets them', async () => {
    const ref = newRef('calls');
    const e164 = (await available('503', 1)).body.data[0].phone_number;
    await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: e164 }], customer_reference: ref } });
    const r = await control('GET', '/calls?method=POST&path=/number_orders');
    assert.equal(r.status, 200);
    const mine = r.body.calls.filter((c) => c.body?.customer_reference === ref);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].method, 'POST');
    assert.equal(mine[0].path, '/number_orders');
    assert.equal(mine[0].status, 200);
    assert.equal(mine[0].headers['content-type'], 'application/json');
    assert.ok(!Number.isNaN(Date.parse(mine[0].at)));
    assert.ok(r.body.calls.every((c) => c.method === 'POST' && c.path === '/number_orders'));
    const search = (await control('GET', '/calls?path=/available_phone_numbers')).body.calls.at(-1);
    assert.equal(search.query['filter[national_destination_code]'], '503');
    assert.ok(!(await control('GET', '/calls')).body.calls.some((c) => c.path.startsWith('/_sim')));
    assert.equal((await control('DELETE', '/calls')).status, 204);
    const after = (await control('GET', '/calls')).body.calls;
    assert.ok(!after.some((c) => c.body?.customer_reference === ref));
  });

  test('GET /_sim/clock and /clock/advance move simulated time only forward', async () => {
    const before = (await control('GET', '/clock')).body;
    const moved = await advance(3600);
    assert.ok(moved.offset_seconds >= before.offset_seconds + 3600);
    assert.ok(Date.parse(moved.now) - Date.parse(moved.real_now) >= 3600 * 1000 - 1000);
    const bad = await control('POST', '/clock/advance', { seconds: -5 });
    assert.equal(bad.status, 400);
  });

  test('PUT /_sim/campaigns: creates by TCR id with a derived Telnyx id, changes, refuses bad input', async () => {
    const c = await putSimCampaign('CSIMNW1', { campaignStatus: 'MNO_PENDING' });
    assert.match(c.campaignId, UUID);
    assert.equal(c.tcrCampaignId, 'CSIMNW1');
    assert.equal((await call('GET', `/10dlc/campaign/${c.campaignId}`)).body.campaignStatus, 'MNO_PENDING');
    const changed = await putSimCampaign('CSIMNW1', { webhookURL: receiver.url('nw') });
    assert.deepEqual([changed.campaignStatus, changed.webhookURL, changed.campaignId], ['MNO_PENDING', receiver.url('nw'), c.campaignId]);
    assert.equal((await control('PUT', '/campaigns/CSIMNW2', {})).status, 400, 'a new campaign needs its status');
    assert.equal((await control('PUT', '/campaigns/CSIMNW1', { campaignStatus: 'GREAT' })).status, 400);
    assert.equal((await control('PUT', `/campaigns/${c.campaignId}`, { campaignStatus: 'MNO_PENDING' })).status, 400, 'TCR ids only');
    assert.equal((await control('DELETE', '/campaigns/CSIMNW1')).status, 204);
    assert.equal((await call('GET', `/10dlc/campaign/${c.campaignId}`)).status, 404);
  });
});

describe('conformance of the simulator itself', () => {
  test('every answer and webhook of this run was on the subset', async () => {
    await sleep(500); // the last webhooks
    const s = await stats();
    assert.equal(s.invalid_answers.count, 0, JSON.stringify(s.invalid_answers.last, null, 1));
  });
});
