// The front door's edges (issue 16): the errors nginx raises itself answer
// /api and /hooks in the one JSON error shape; HEAD answers like GET without
// a body; a stalled database is answered 503 within the request's statement
// limit instead of nginx's 60 s.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Client, assertError, loggedIn } from './lib/client.js';
import { baseUrl, configInt, seed } from './lib/env.js';
import { freshOrg } from './lib/admin.js';
import { openSession } from './lib/session.js';
import { campaignsPath, campaignPath } from './lib/campaigns.js';
import { specValidator } from './lib/openapi.js';

// One request written byte for byte (fetch refuses TRACE and CONNECT and
// cleans paths up), read to the end: {status, headers, text}, checked
// against fcgi/openapi.json like every Client answer when `checked`.
function raw(method, path, { headers = {}, checked = true } = {}) {
  const url = new URL(baseUrl());
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${url.host}`, 'Connection: close'];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return new Promise((resolve, reject) => {
    const chunks = [];
    const s = net.connect(Number(url.port), url.hostname, () => s.write(`${lines.join('\r\n')}\r\n\r\n`));
    s.setTimeout(20000, () => s.destroy(new Error(`${method} ${path}: no answer in 20 s`)));
    s.on('data', (d) => chunks.push(d));
    s.on('error', reject);
    s.on('end', () => {
      const all = Buffer.concat(chunks).toString('latin1');
      const at = all.indexOf('\r\n\r\n');
      const [statusLine, ...headerLines] = all.slice(0, at).split('\r\n');
      const h = new Headers();
      for (const l of headerLines) {
        const i = l.indexOf(':');
        h.append(l.slice(0, i).trim(), l.slice(i + 1).trim());
      }
      const status = Number(statusLine.split(' ')[1]);
      const text = all.slice(at + 4);
      let body = null;
      try { body = JSON.parse(text); } catch { body = null; }
      const res = { method, path, status, headers: h, text, body };
      if (checked) {
        const problems = specValidator().check({ method, path, status, headers: h, text });
        if (problems.length) return reject(new Error(`not as fcgi/openapi.json says:\n  ${problems.join('\n  ')}`));
      }
      resolve(res);
    });
  });
}

const big = 'a'.repeat(9000);

describe('errors nginx raises itself', () => {
  test('a header over 8 kB: 431 headers_too_large under /api and /hooks, in JSON', async () => {
    assertError(await raw('GET', '/api/v1/health', { headers: { 'X-Big': big } }), 431, 'headers_too_large');
    assertError(await raw('POST', '/hooks/telnyx', { headers: { 'X-Big': big } }), 431, 'headers_too_large');
    // many headers, 40 kB in all (over nginx's 4 x 8 kB)
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`X-H${i}`, 'b'.repeat(1000)]));
    assertError(await raw('GET', '/api/v1/me', { headers: many }), 431, 'headers_too_large');
    // a cookie is a header too: the sign-in page's own call
    assertError(await raw('GET', '/api/v1/me', { headers: { Cookie: `ll_session=${big}` } }), 431, 'headers_too_large');
  });

  test('a path nginx cannot read (%00, a .. above the root): 400 bad_request in JSON', async () => {
    assertError(await raw('GET', '/api/v1/orgs%00/people'), 400, 'bad_request');
    assertError(await raw('GET', '/api/v1/health%00'), 400, 'bad_request');
    assertError(await raw('POST', '/hooks/telnyx%00'), 400, 'bad_request');
    assertError(await raw('GET', '/api/../../etc/passwd'), 400, 'bad_request');
  });

  test('a request line over 8 kB: 414 uri_too_long in JSON', async () => {
    assertError(await raw('GET', `/api/v1/health?x=${big}`), 414, 'uri_too_long');
  });

  test('TRACE and CONNECT: 405 method_not_allowed with the route\'s own Allow (404 for no route)', async () => {
    for (const method of ['TRACE', 'CONNECT']) {
      const r = await raw(method, '/api/v1/health');
      assertError(r, 405, 'method_not_allowed');
      assert.equal(r.headers.get('allow'), 'GET, HEAD');
      const login = await raw(method, '/api/v1/auth/login');
      assertError(login, 405, 'method_not_allowed');
      assert.equal(login.headers.get('allow'), 'POST');
      const hook = await raw(method, '/hooks/telnyx');
      assertError(hook, 405, 'method_not_allowed');
      assert.equal(hook.headers.get('allow'), 'POST');
      assertError(await raw(method, '/api/v1/nope'), 404, 'not_found');
    }
  });

  test('outside /api and /hooks the site keeps nginx\'s own pages', async () => {
    for (const r of [
      await raw('GET', '/', { headers: { 'X-Big': big }, checked: false }),
      await raw('GET', '/campaigns%00', { checked: false }),
      await raw('TRACE', '/', { checked: false }),
      await raw('GET', '/apix', { headers: { 'X-Big': big }, checked: false }),
    ]) {
      assert.match(r.headers.get('content-type'), /^text\/html/, `${r.method} ${r.path}: ${r.status}`);
      assert.ok(r.status === 400 || r.status === 405, `${r.method} ${r.path}: ${r.status}`);
    }
  });
});

describe('HEAD', () => {
  // The headers a GET and a HEAD of the same thing must share.
  const same = ['content-type', 'content-length', 'cache-control', 'allow'];

  test('answers like GET without a body: status and headers, Content-Length included', async () => {
    const c = await loggedIn(seed().admin, 'head-admin');
    const anon = new Client('head-anon');
    for (const [who, path] of [[anon, '/api/v1/health'], [c, '/api/v1/me'], [anon, '/api/v1/me'],
      [c, '/api/v1/area-codes?limit=3'], [anon, '/api/v1/auth/login']]) {
      const get = await who.get(path);
      const head = await who.request('HEAD', path);
      assert.equal(head.status, get.status, `HEAD ${path}`);
      assert.equal(head.text, '', `HEAD ${path} has a body`);
      for (const name of same) assert.equal(head.headers.get(name), get.headers.get(name), `HEAD ${path}: ${name}`);
      assert.ok(Number(head.headers.get('content-length')) > 0, `HEAD ${path}: Content-Length`);
    }
    // the body GET sends is the length HEAD announced
    const get = await c.get('/api/v1/me');
    assert.equal(Number((await c.request('HEAD', '/api/v1/me')).headers.get('content-length')), Buffer.byteLength(get.text));
  });

  test('only where GET goes: HEAD on a POST route is 405 with Allow', async () => {
    const r = await new Client('head-post').request('HEAD', '/api/v1/auth/login');
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'POST');
    assert.equal(r.text, '');
  });
});

describe('a stalled database', () => {
  test('a request waiting on it is answered 503 in JSON within db_request_statement_timeout_ms', async () => {
    const limit = configInt('db_request_statement_timeout_ms', 5000);
    const org = freshOrg('stall');
    const c = await loggedIn(org.owner, 'stall-owner');
    const d = (await c.post(campaignsPath(org.id), { name: 'Stalled' })).body;
    // A session of our own holds the campaign's row: the PATCH waits for
    // it (InnoDB alone would wait 50 s, and nginx gives up at 60 s).
    const s = openSession();
    let ms;
    try {
      assert.deepEqual(await s.query('START TRANSACTION'), []);
      assert.equal((await s.query(`SELECT id FROM campaigns WHERE id = ${d.id} FOR UPDATE`)).length, 1);
      const t0 = Date.now();
      const r = await c.patch(campaignPath(org.id, d.id), { name: 'Moved' }, { timeoutMs: 40000 });
      ms = Date.now() - t0;
      assertError(r, 503, 'unavailable');
    } finally {
      await s.query('ROLLBACK');
      s.close();
    }
    console.log(`stalled database: 503 after ${ms} ms (db_request_statement_timeout_ms = ${limit})`);
    // It waited on the lock (so the limit answered it), and not for long.
    assert.ok(ms >= limit - 500, `answered in ${ms} ms, before the limit of ${limit} ms: not by it`);
    assert.ok(ms < 20000, `answered in ${ms} ms: the limit is ${limit} ms`);
    // the worker is fine afterwards, and the stalled change was not made
    assert.equal((await c.get(campaignPath(org.id, d.id))).body.name, 'Stalled');
    const after = await c.patch(campaignPath(org.id, d.id), { name: 'Moved' });
    assert.equal(after.status, 200, after.text);
  });
});
