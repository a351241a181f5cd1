// Front door: health, the served OpenAPI document, routing errors, JSON parsing, body size, CSRF.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Client, loggedIn, assertError } from './lib/client.js';
import { SPEC_PATH } from './lib/openapi.js';
import { baseUrl, seed, configInt } from './lib/env.js';

const S = seed();

describe('system endpoints', () => {
  test('GET /api/v1/health: 200 with the database up', async () => {
    const r = await new Client().get('/api/v1/health');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { status: 'ok', database: 'up' });
    assert.ok(r.headers.get('x-request-id'));
  });

  test('GET /api/v1/openapi.json serves fcgi/openapi.json', async () => {
    const r = await new Client().get('/api/v1/openapi.json');
    assert.equal(r.status, 200);
    const served = JSON.parse(r.text);
    assert.equal(served.openapi, '3.1.0');
    assert.deepEqual(served, JSON.parse(readFileSync(SPEC_PATH, 'utf8')));
  });

  test('X-Request-Id differs between requests', async () => {
    const c = new Client();
    const a = await c.get('/api/v1/health');
    const b = await c.get('/api/v1/health');
    assert.notEqual(a.headers.get('x-request-id'), b.headers.get('x-request-id'));
  });
});

describe('static files', () => {
  test('GET /robots.txt: a robots file, not the SPA page', async () => {
    const r = await fetch(`${baseUrl()}/robots.txt`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/plain/);
    const text = await r.text();
    assert.match(text, /^User-agent: \*$/m);
    assert.match(text, /^Disallow: \/$/m);
    assert.doesNotMatch(text, /<html/i);
  });
});

describe('routing errors', () => {
  test('unknown route: 404 not_found JSON', async () => {
    const c = new Client();
    assertError(await c.get('/api/v1/no-such-thing'), 404, 'not_found');
    assertError(await c.get('/api/v1/orgs/1/nothing-here'), 404, 'not_found');
    // path ids are integers: anything else is no route at all
    assertError(await c.get('/api/v1/orgs/abc/people'), 404, 'not_found');
  });

  test('wrong method: 405 method_not_allowed with Allow', async () => {
    const c = new Client();
    const r = await c.get('/api/v1/auth/login');
    assertError(r, 405, 'method_not_allowed');
    assert.match(r.headers.get('allow'), /\bPOST\b/);

    const d = await c.delete('/api/v1/me');
    assertError(d, 405, 'method_not_allowed');
    assert.match(d.headers.get('allow'), /\bGET\b/);
    assert.doesNotMatch(d.headers.get('allow'), /\bDELETE\b/);

    const p = await c.request('PUT', '/api/v1/health');
    assertError(p, 405, 'method_not_allowed');
    assert.match(p.headers.get('allow'), /\bGET\b/);
  });
});

describe('request bodies', () => {
  test('malformed JSON: 400 malformed_json whose message names the problem', async () => {
    const c = new Client();
    for (const body of ['{"email": "a@b.test", "password": ', '{"email": "a@b.test",, }', '{email: 1}']) {
      const r = await c.request('POST', '/api/v1/auth/login', { body });
      assertError(r, 400, 'malformed_json');
      assert.match(r.body.error.message, /json/i, `message should say the JSON is at fault: ${r.body.error.message}`);
      assert.ok(r.body.error.message.length > 'malformed_json'.length);
    }
  });

  test('body over max_body_bytes: 413 payload_too_large', async () => {
    const max = configInt('max_body_bytes', 1048576);
    const size = Math.max(Math.floor(1.5 * 1024 * 1024), Math.floor(max * 1.5));
    const c = new Client();
    const body = JSON.stringify({ email: 'big@api.test', password: 'x'.repeat(size) });
    assert.ok(Buffer.byteLength(body) > max);
    const r = await c.request('POST', '/api/v1/auth/login', { body });
    assertError(r, 413, 'payload_too_large');
  });
});

describe('CSRF', () => {
  test('GET /api/v1/csrf sets ll_csrf (SameSite=Strict, Path=/, readable by scripts) and returns it', async () => {
    const c = new Client();
    const r = await c.get('/api/v1/csrf');
    assert.equal(r.status, 200);
    const cookie = r.cookies.find((k) => k.name === 'll_csrf');
    assert.ok(cookie, 'Set-Cookie ll_csrf');
    assert.equal(cookie.value, r.body.csrf_token);
    assert.equal(String(cookie.attrs.samesite).toLowerCase(), 'strict');
    assert.equal(cookie.attrs.path, '/');
    assert.equal(cookie.attrs.httponly, undefined, 'll_csrf must not be HttpOnly');
  });

  test('logged out: missing, wrong or cookie-less token -> 403 csrf_failed', async () => {
    const c = new Client();
    await c.get('/api/v1/csrf');
    const creds = { email: S.admin.email, password: S.admin.password };

    assertError(await c.post('/api/v1/auth/login', creds, { csrf: false }), 403, 'csrf_failed');
    assertError(await c.post('/api/v1/auth/login', creds, { csrf: 'not-the-token-000000000000' }), 403, 'csrf_failed');
    // a token without the matching cookie
    const other = new Client();
    assertError(await other.post('/api/v1/auth/login', creds, { csrf: c.cookie('ll_csrf') }), 403, 'csrf_failed');
    assert.equal(other.hasSession(), false);
    assert.equal(c.hasSession(), false);
    // the same request with the right token works
    assert.equal((await c.post('/api/v1/auth/login', creds)).status, 200);
  });

  test('logged out: CSRF is checked before authentication and before parsing the body', async () => {
    const c = new Client();
    await c.get('/api/v1/csrf');
    assertError(await c.post('/api/v1/orgs/1/invitations', { email: 'x@api.test', role: 'texter' }, { csrf: false }), 403, 'csrf_failed');
    assertError(await c.request('POST', '/api/v1/auth/login', { body: '{not json', csrf: false }), 403, 'csrf_failed');
    // with the token, the same unauthenticated request is a 401
    assertError(await c.post('/api/v1/orgs/1/invitations', { email: 'x@api.test', role: 'texter' }), 401, 'not_authenticated');
  });

  test('logged in: missing or wrong token -> 403 csrf_failed, and nothing happens', async () => {
    const c = new Client('admin');
    await c.get('/api/v1/csrf'); // also holds an ll_csrf cookie, which is not the session's token
    await c.login(S.admin.email, S.admin.password);
    assert.ok(c.csrfToken);

    assertError(await c.post('/api/v1/auth/logout', undefined, { csrf: false }), 403, 'csrf_failed');
    assertError(await c.post('/api/v1/auth/logout', undefined, { csrf: `${c.csrfToken}x` }), 403, 'csrf_failed');
    assertError(await c.post('/api/v1/auth/logout', undefined, { csrf: 'wrong' }), 403, 'csrf_failed');
    if (c.cookie('ll_csrf') && c.cookie('ll_csrf') !== c.csrfToken) {
      assertError(await c.post('/api/v1/auth/logout', undefined, { csrf: c.cookie('ll_csrf') }), 403, 'csrf_failed');
    }
    // still logged in
    const me = await c.get('/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.email, S.admin.email);
    // the session's token is accepted
    assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
  });

  test('logged in: a state-changing admin call without the token is refused before it runs', async () => {
    const c = await loggedIn(S.admin, 'admin');
    const demo = c.me.memberships.find((m) => m.org_name === S.org);
    assert.ok(demo, `admin is a member of ${S.org}`);
    const r = await c.post(`/api/v1/orgs/${demo.org_id}/invitations`, { email: 'csrf-probe@api.test', role: 'texter' }, { csrf: false });
    assertError(r, 403, 'csrf_failed');
    const list = await c.all(`/api/v1/orgs/${demo.org_id}/invitations`);
    assert.equal(list.filter((i) => i.email === 'csrf-probe@api.test').length, 0, 'no invitation was created');
  });
});
