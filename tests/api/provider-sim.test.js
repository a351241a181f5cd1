// The provider simulator (tests/provider-sim/server.js) speaks Telnyx API v2:
// its answer to every operation is checked against the Telnyx OpenAPI subset
// (tests/provider-sim/telnyx-openapi-subset.json, a verbatim copy of
// shared/provider/telnyx-openapi-subset.json) with ajv 2020 + ajv-formats, its
// webhooks against the subset's webhook schemas and the Ed25519 public key, and
// every fault it can inject is exercised.
//
// Env (set by tests/stack/): SIM_URL, STATE_DIR (API key in
// $STATE_DIR/provider_api_key, webhook public key in
// $STATE_DIR/provider-sim/webhook_public_key); LAUNCHLINE_CONFIG if set is
// checked to point at the simulator.
//
// The simulator is shared by the whole run: this file holds the simulator lock
// (lib/simlock.js) from start to end, resets the simulator first, points its
// webhooks at a receiver of its own, assigns numbers only to campaign ids of its
// own (never CDEMO01/CDEMO02, whose 49-number room other files count on), and
// at the end resets the simulator again and puts the options back as it found
// them. Fault injection is limited to a path only this file calls
// (fault_paths), so a Launchline provisioner polling in the background is not
// disturbed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import crypto from 'node:crypto';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOC, SUBSET_FILE, newAjv, pointAtDoc, resolveRef } from './lib/telnyx-openapi.js';
import { lockSimulator } from './lib/simlock.js';

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

// ---------------------------------------------------------------- HTTP

async function call(method, path, { body, auth = true, key = API_KEY } = {}) {
  const headers = {};
  if (auth) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const started = Date.now();
  const res = await fetch(SIM + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
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

const enc = encodeURIComponent;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function available(npa, limit = 5, extra = '') {
  return call('GET', `/available_phone_numbers?filter[country_code]=US&filter[national_destination_code]=${npa}` +
    `&filter[features][]=sms&filter[phone_number_type]=local&filter[limit]=${limit}${extra}`);
}

let refSeq = 0;
const newRef = (what) => `sim-test-${what}-${process.pid}-${++refSeq}`;

// Orders these numbers, lets the clock run the order out, and returns the
// order as the simulator reports it afterwards.
async function buyNumbers(numbers, ref = newRef('buy')) {
  const r = await call('POST', '/number_orders', {
    body: { phone_numbers: numbers.map((phone_number) => ({ phone_number })), customer_reference: ref, messaging_profile_id: 'mp-sim-test' },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.data.status, 'pending', r.text);
  await advance(5); // order_seconds defaults to 0.5-2
  const done = await call('GET', `/number_orders/${r.body.data.id}`);
  assert.equal(done.body.data.status, 'success', done.text);
  return done.body.data;
}

async function buyFirstFree(npa) {
  const list = await available(npa, 1);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.body.data.length, 1, `no free number in ${npa}`);
  const order = await buyNumbers([list.body.data[0].phone_number]);
  return order.phone_numbers[0];
}

// ---------------------------------------------------------------- webhook receiver

class Receiver {
  constructor() {
    this.got = [];
    this.failNext = 0;
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
        const answered = this.failNext > 0 ? 500 : 200;
        if (this.failNext > 0) this.failNext--;
        this.got.push({ at: Date.now(), method: req.method, url: req.url, headers: req.headers, raw, body, answered });
        res.writeHead(answered, { 'content-type': 'application/json' });
        res.end(answered === 200 ? '{"ok":true}' : '{"error":"try again"}');
      });
    });
  }

  async start() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${this.server.address().port}/hooks/telnyx`;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  matching(pred) {
    return this.got.filter((d) => d.body && pred(d.body.data ?? {}, d));
  }

  // Waits until `count` deliveries match pred(data, delivery); returns them.
  async waitFor(pred, { count = 1, timeoutMs = 6000 } = {}) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.matching(pred);
      if (found.length >= count) return found;
      if (Date.now() > until) {
        assert.fail(`expected ${count} matching webhook(s) within ${timeoutMs} ms, got ${found.length}; ` +
          `received: ${this.got.map((d) => d.body?.data?.event_type).join(', ') || 'nothing'}`);
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

// ---------------------------------------------------------------- set-up

// The only campaigns this file assigns numbers to (registered in before()).
const CAMPAIGN = 'CSIMTEST1';
const CAP_CAMPAIGN = 'CSIMCAP1';

const receiver = new Receiver();
let unlock;
let found; // the options before this file ran; put back at the end
let defaults; // the options right after the reset

before(async () => {
  unlock = await lockSimulator('tests/api/provider-sim.test.js');
  found = (await control('GET', '/options')).body;
  const r = await control('POST', '/reset');
  assert.equal(r.status, 204, `POST /_sim/reset: ${r.status} ${r.text}`);
  defaults = (await control('GET', '/options')).body;
  for (const id of [CAMPAIGN, CAP_CAMPAIGN, 'CSIMFAULT']) {
    assert.equal((await control('PUT', `/campaigns/${id}`, { campaignStatus: 'MNO_PROVISIONED' })).status, 200);
  }
  await receiver.start();
  await setOptions({ webhook_url: receiver.url });
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
  test('the subset copy is verbatim and the validator rejects off-schema bodies', () => {
    if (existsSync(SHARED_SUBSET_FILE)) {
      assert.ok(readFileSync(SUBSET_FILE).equals(readFileSync(SHARED_SUBSET_FILE)),
        'tests/provider-sim/telnyx-openapi-subset.json differs from shared/provider/');
    }
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
    assert.ok(conf.provider_messaging_profile_id, 'provider_messaging_profile_id is set');
  });

  test('POST /_sim/reset forgets orders and options, not which numbers are sold', async () => {
    const list = await available('503', 1);
    const sold = list.body.data[0].phone_number;
    const r = await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: sold }] } });
    assert.equal(r.status, 200);
    await setOptions({ order_failure_rate: 0.5 });
    assert.equal((await control('POST', '/reset')).status, 204);
    assert.equal((await call('GET', `/number_orders/${r.body.data.id}`)).status, 404);
    // Launchline may still hold it: a search never offers it again.
    const after = await available('503', 20);
    assert.equal(after.body.data.length, 20);
    assert.ok(!after.body.data.some((x) => x.phone_number === sold), `${sold} offered again after a reset`);
    assert.deepEqual((await control('GET', '/options')).body, defaults);
    assert.equal((await call('GET', `/10dlc/campaign/${CAMPAIGN}`)).status, 404, 'campaigns added by PUT /_sim/campaigns are forgotten');
    for (const id of [CAMPAIGN, CAP_CAMPAIGN, 'CSIMFAULT']) {
      assert.equal((await control('PUT', `/campaigns/${id}`, { campaignStatus: 'MNO_PROVISIONED' })).status, 200);
    }
    await setOptions({ webhook_url: receiver.url });
  });
});

describe('authentication', () => {
  test('no or a wrong bearer key: 401 in Telnyx error shape; control API needs none', async () => {
    const none = await call('GET', '/available_phone_numbers?filter[national_destination_code]=503', { auth: false });
    assert.equal(none.status, 401);
    conform(none, 'GET', '/available_phone_numbers');
    assert.equal(none.body.errors[0].code, '10009');
    const wrong = await call('GET', '/available_phone_numbers?filter[national_destination_code]=503', { key: `${API_KEY}x` });
    assert.equal(wrong.status, 401);
    const wrong2 = await call('GET', '/10dlc/campaign/CDEMO01', { key: 'not-the-key' });
    assert.equal(wrong2.status, 401);
    conform(wrong2, 'GET', '/10dlc/campaign/{campaignId}');
    assert.equal((await call('GET', '/available_phone_numbers?filter[national_destination_code]=503')).status, 200);
    assert.equal((await control('GET', '/health')).status, 200);
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
      assert.ok(n.features.some((f) => f.name === 'sms'));
    }
    assert.equal(new Set(a.body.data.map((n) => n.phone_number)).size, 7);
    const b = await available('503', 7);
    assert.deepEqual(b.body.data.map((n) => n.phone_number), a.body.data.map((n) => n.phone_number));
    const region = a.body.data[0].region_information;
    assert.ok(region.some((r) => r.region_type === 'state' && r.region_name === 'OR'), JSON.stringify(region));
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
      const c = (await available('541', 4)).body.data.map((n) => n.phone_number);
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
      const two = await available('701', 10);
      assert.equal(two.body.data.length, 2);
      await setOptions({ scarce: { 701: 0 } });
      assert.equal((await available('701', 10)).body.data.length, 0);
      assert.equal((await available('702', 10)).body.data.length, 10, 'other area codes keep their stock');
    } finally {
      await setOptions({ scarce: defaults.scarce });
    }
    assert.equal((await available('701', 10)).body.data.length, 10);
  });
});

describe('number orders and phone numbers', () => {
  test('order pending -> success, sold numbers refused, webhook signed and on-schema, messaging, release', async () => {
    const list = await available('802', 3);
    const e164 = list.body.data[0].phone_number;
    const ref = newRef('order');

    const created = await call('POST', '/number_orders', {
      body: { phone_numbers: [{ phone_number: e164 }], customer_reference: ref, messaging_profile_id: 'mp-sim-test' },
    });
    assert.equal(created.status, 200, created.text);
    const order = conform(created, 'POST', '/number_orders').data;
    assert.equal(order.status, 'pending');
    assert.equal(order.customer_reference, ref);
    assert.equal(order.phone_numbers[0].phone_number, e164);
    assert.equal(order.phone_numbers[0].status, 'pending');
    const numberId = order.phone_numbers[0].id;

    const pending = await call('GET', `/number_orders/${order.id}`);
    assert.equal(conform(pending, 'GET', '/number_orders/{number_order_id}').data.status, 'pending');
    const pn = await call('GET', `/phone_numbers/${numberId}`);
    assert.equal(conform(pn, 'GET', '/phone_numbers/{id}').data.status, 'purchase-pending');
    assert.ok(!(await available('802', 3)).body.data.some((n) => n.phone_number === e164), 'an ordered number is no longer offered');

    // Ordering it again while the first order is pending fails.
    const again = await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: e164 }] } });
    assert.equal(again.status, 200);
    assert.equal(conform(again, 'POST', '/number_orders').data.status, 'failure');
    assert.equal(again.body.data.phone_numbers[0].status, 'failure');

    await advance(5);
    const done = await call('GET', `/number_orders/${order.id}`);
    assert.equal(conform(done, 'GET', '/number_orders/{number_order_id}').data.status, 'success');
    assert.equal(done.body.data.phone_numbers[0].status, 'success');
    const active = await call('GET', `/phone_numbers/${numberId}`);
    assert.equal(conform(active, 'GET', '/phone_numbers/{id}').data.status, 'active');
    assert.equal(active.body.data.phone_number, e164);
    assert.equal(active.body.data.messaging_profile_id, 'mp-sim-test');
    const byE164 = await call('GET', `/phone_numbers/${enc(e164)}`);
    assert.equal(byE164.body.data.id, numberId);

    // A number already sold: the second order fails.
    const sold = await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: e164 }], customer_reference: newRef('sold') } });
    assert.equal(conform(sold, 'POST', '/number_orders').data.status, 'failure');

    // Finding the order by customer_reference (crash recovery).
    const found = await call('GET', `/number_orders?filter[customer_reference]=${enc(ref)}`);
    conform(found, 'GET', '/number_orders');
    assert.deepEqual(found.body.data.map((o) => [o.id, o.status]), [[order.id, 'success']]);
    assert.equal(found.body.data[0].phone_numbers[0].id, numberId);
    assert.equal(found.body.meta.total_results, 1);
    const nothing = await call('GET', `/number_orders?filter[customer_reference]=${enc(newRef('none'))}`);
    assert.deepEqual(conform(nothing, 'GET', '/number_orders').data, []);

    // number_order.complete: on-schema, signed.
    const [hook] = await receiver.waitFor((d) => d.event_type === 'number_order.complete' && d.payload?.id === order.id);
    conformWebhook(hook, 'numberOrderStatusUpdate');
    assert.equal(hook.body.data.payload.status, 'success');
    assert.equal(hook.body.data.record_type, 'event');
    assert.equal(hook.body.meta.attempt, 1);
    assert.equal(hook.body.meta.delivered_to, receiver.url);
    assertFreshlySigned(hook);
    assert.ok(!signatureOk(hook, hook.raw.replace('"success"', '"failure"')), 'a changed body does not verify');

    // Messaging profile.
    const patched = await call('PATCH', `/phone_numbers/${numberId}/messaging`, { body: { messaging_profile_id: 'mp-other' } });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(conform(patched, 'PATCH', '/phone_numbers/{id}/messaging').data.messaging_profile_id, 'mp-other');
    const settings = await call('GET', `/phone_numbers/${numberId}/messaging`);
    assert.equal(conform(settings, 'GET', '/phone_numbers/{id}/messaging').data.messaging_profile_id, 'mp-other');
    assert.equal(settings.body.data.phone_number, e164);

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
    assert.ok((await available('802', 3)).body.data.some((n) => n.phone_number === e164), 'a released number is offered again');
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
      const pn = await call('GET', `/phone_numbers/${r.body.data.phone_numbers[0].id}`);
      assert.equal(conform(pn, 'GET', '/phone_numbers/{id}').data.status, 'purchase-failed');
      const [hook] = await receiver.waitFor((d) => d.event_type === 'number_order.complete' && d.payload?.id === r.body.data.id);
      conformWebhook(hook, 'numberOrderStatusUpdate');
      assert.equal(hook.body.data.payload.status, 'failure');
    } finally {
      await setOptions({ order_failure_rate: defaults.order_failure_rate });
    }
    assert.equal((await available('406', 1)).body.data[0].phone_number, e164);
  });

  test('bad orders: an unknown number fails the order; a malformed body is 422', async () => {
    const unknown = await call('POST', '/number_orders', { body: { phone_numbers: [{ phone_number: '+19995550123' }] } });
    assert.equal(conform(unknown, 'POST', '/number_orders').data.status, 'failure');
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

describe('10DLC', () => {
  test('campaign status for the known campaign ids; unknown is 404', async () => {
    const expected = { CDEMO01: 'MNO_PROVISIONED', CDEMO02: 'MNO_PROVISIONED', CPEND01: 'TCR_PENDING', CREJ01: 'TCR_FAILED' };
    for (const [id, status] of Object.entries(expected)) {
      const r = await call('GET', `/10dlc/campaign/${id}`);
      assert.equal(r.status, 200, r.text);
      const c = conform(r, 'GET', '/10dlc/campaign/{campaignId}');
      assert.equal(c.campaignId, id);
      assert.equal(c.campaignStatus, status);
    }
    const unknown = await call('GET', '/10dlc/campaign/CNOSUCH9');
    assert.equal(unknown.status, 404);
    conform(unknown, 'GET', '/10dlc/campaign/{campaignId}');
    const added = await control('PUT', '/campaigns/CSIMNEW', { campaignStatus: 'MNO_PENDING' });
    assert.equal(added.status, 200, added.text);
    assert.equal((await call('GET', '/10dlc/campaign/CSIMNEW')).body.campaignStatus, 'MNO_PENDING');
  });

  test('assignment: PENDING_ASSIGNMENT until the clock passes the drawn provisioning time, then ASSIGNED with a signed webhook', async () => {
    const { phone_number: e164 } = await buyFirstFree('808');
    try {
      await setOptions({ provisioning_seconds: [600, 600] });
      const r = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: CAMPAIGN } });
      assert.equal(r.status, 200, r.text);
      const a = conform(r, 'POST', '/10dlc/phone_number_campaigns');
      assert.equal(a.assignmentStatus, 'PENDING_ASSIGNMENT');
      assert.equal(a.phoneNumber, e164);
      assert.equal(a.campaignId, CAMPAIGN);

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
      const p = hook.body.data.payload;
      assert.deepEqual([p.type, p.status, p.phoneNumber, p.campaignId], ['ASSIGNMENT', 'ASSIGNED', e164, CAMPAIGN]);
      assert.match(hook.body.data.id, /^[0-9a-f-]{36}$/);
      assert.ok(!Number.isNaN(Date.parse(hook.body.data.occurred_at)));
      assert.equal(hook.body.data.record_type, 'event');
      assert.equal(hook.body.meta.delivered_to, receiver.url);
      assertFreshlySigned(hook);

      const list = await call('GET', `/10dlc/phone_number_campaigns?filter[tcr_campaign_id]=${CAMPAIGN}&recordsPerPage=100`);
      const page = conform(list, 'GET', '/10dlc/phone_number_campaigns');
      assert.ok(page.records.some((x) => x.phoneNumber === e164 && x.assignmentStatus === 'ASSIGNED'));

      const again = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: CAMPAIGN } });
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

  test('due work finishes on the ticker, with no request arriving', async () => {
    const { phone_number: e164 } = await buyFirstFree('808');
    try {
      await setOptions({ provisioning_seconds: [0.6, 0.6] });
      const r = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: CAMPAIGN } });
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

  test('provisioning times are drawn from the configured range', async () => {
    const list = (await available('909', 4)).body.data.map((n) => n.phone_number);
    await buyNumbers(list);
    try {
      await setOptions({ provisioning_seconds: [1000, 2000] });
      for (const e164 of list) {
        const r = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: CAMPAIGN } });
        assert.equal(r.body.assignmentStatus, 'PENDING_ASSIGNMENT', r.text);
      }
    } finally {
      await setOptions({ provisioning_seconds: defaults.provisioning_seconds });
    }
    const numbers = (await control('GET', '/numbers')).body.numbers.filter((n) => list.includes(n.phone_number));
    assert.equal(numbers.length, 4);
    const waits = numbers.map((n) => (Date.parse(n.assignment.due_at) - Date.parse(n.assignment.created_at)) / 1000);
    for (const w of waits) assert.ok(w >= 999 && w <= 2001, `drawn ${w} s`);
    assert.ok(new Set(waits).size > 1, `four draws differ: ${waits}`);
  });

  test('assignment_failure_rate: FAILED_ASSIGNMENT with failure_reason as failureReasons', async () => {
    const { phone_number: e164 } = await buyFirstFree('406');
    const reason = 'T-Mobile: number blocked for content (simulated)';
    try {
      await setOptions({ assignment_failure_rate: 1, failure_reason: reason, provisioning_seconds: [10, 10] });
      const r = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: CAMPAIGN } });
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
    const { phone_number: e164 } = await buyFirstFree('505');
    try {
      await setOptions({ provisioning_seconds: [3600, 3600] });
      await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: CAMPAIGN } });
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
    } finally {
      await setOptions({ provisioning_seconds: defaults.provisioning_seconds });
    }
  });

  test('assigning needs an active number and an approved campaign', async () => {
    const notOurs = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: '+19075550199', campaignId: CAMPAIGN } });
    assert.equal(notOurs.status, 404);
    conform(notOurs, 'POST', '/10dlc/phone_number_campaigns');
    const { phone_number: e164 } = await buyFirstFree('505');
    const pendingCampaign = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164, campaignId: 'CPEND01' } });
    assert.equal(pendingCampaign.status, 400);
    conform(pendingCampaign, 'POST', '/10dlc/phone_number_campaigns');
    const noCampaign = await call('POST', '/10dlc/phone_number_campaigns', { body: { phoneNumber: e164 } });
    assert.equal(noCampaign.status, 400);
    conform(noCampaign, 'POST', '/10dlc/phone_number_campaigns');
  });

  test('the 50th live number of one campaign fails with "campaign has reached its number limit"', async () => {
    const campaignId = CAP_CAMPAIGN;
    const list = (await available('907', 51)).body.data.map((n) => n.phone_number);
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

      const page = conform(await call('GET', `/10dlc/phone_number_campaigns?filter[tcr_campaign_id]=${campaignId}&recordsPerPage=100`),
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
    }
  });
});

describe('messages', () => {
  test('POST /messages answers a queued outbound message', async () => {
    const r = await call('POST', '/messages', { body: { from: '+14155550100', to: '+14155550111', text: 'Hello', messaging_profile_id: 'mp-sim-test' } });
    assert.equal(r.status, 200, r.text);
    const m = conform(r, 'POST', '/messages').data;
    assert.equal(m.to[0].phone_number, '+14155550111');
    assert.equal(m.direction, 'outbound');
    const bad = await call('POST', '/messages', { body: { text: 'no recipient' } });
    assert.ok(bad.status >= 400 && bad.status < 500);
    conform(bad, 'POST', '/messages');
  });
});

describe('injected faults', () => {
  const faultPath = '/10dlc/campaign/CSIMFAULT';
  const onlyHere = { fault_paths: '^/10dlc/campaign/CSIMFAULT$' };
  const restore = () => setOptions({
    fault_paths: defaults.fault_paths,
    rate_limit_every: defaults.rate_limit_every,
    rate_limit_reset_seconds: defaults.rate_limit_reset_seconds,
    error_rate: defaults.error_rate,
    error_next: defaults.error_next,
    error_status: defaults.error_status,
    slow_ms: defaults.slow_ms,
  });

  test('rate_limit_every: every Nth call is 429 with code 10011, x-ratelimit-* and Retry-After', async () => {
    try {
      await setOptions({ ...onlyHere, rate_limit_every: 3, rate_limit_reset_seconds: 7 });
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
      for (let i = 0; i < 3; i++) assert.equal((await call('GET', '/10dlc/campaign/CDEMO01')).status, 200);
    } finally {
      await restore();
    }
    for (let i = 0; i < 3; i++) assert.equal((await call('GET', faultPath)).status, 200);
  });

  test('error_next and error_rate: 503 (or error_status) with an errors[] body', async () => {
    const errors = componentValidator('10dlc_Errors');
    try {
      await setOptions({ ...onlyHere, error_next: 2 });
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
      assert.equal((await call('GET', '/10dlc/campaign/CDEMO01')).status, 200);
      await setOptions({ error_status: 500 });
      assert.equal((await call('GET', faultPath)).status, 500);
    } finally {
      await restore();
    }
    assert.equal((await call('GET', faultPath)).status, 200);
  });

  test('slow_ms: answers late', async () => {
    try {
      await setOptions({ ...onlyHere, slow_ms: 800 });
      const slow = await call('GET', faultPath);
      assert.equal(slow.status, 200);
      assert.ok(slow.ms >= 750, `took ${slow.ms} ms`);
      const other = await call('GET', '/10dlc/campaign/CDEMO01');
      assert.ok(other.ms < 500, `another path took ${other.ms} ms`);
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
    assert.deepEqual((await control('GET', '/options')).body, before);
    try {
      await setOptions({ slow_ms: 5, webhook: { loss: 0.25 } });
      const after = await setOptions({ slow_ms: null, webhook: { loss: null } });
      assert.equal(after.slow_ms, defaults.slow_ms);
      assert.equal(after.webhook.loss, defaults.webhook.loss);
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
    receiver.failNext = 1;
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
});
