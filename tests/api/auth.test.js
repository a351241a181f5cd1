// Login, logout, /me and the failed-login limit.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Client, loggedIn, assertError } from './lib/client.js';
import { seed, configInt, baseUrl } from './lib/env.js';
import { freshUser, freshOrg, setRole, uniq } from './lib/admin.js';

const S = seed();
const INVALID = 'Email or password is incorrect.';

describe('login', () => {
  test('right password: 200 Me and an HttpOnly, SameSite=Lax session cookie', async () => {
    const c = new Client();
    const r = await c.post('/api/v1/auth/login', { email: S.admin.email, password: S.admin.password });
    assert.equal(r.status, 200);
    assert.equal(r.body.user.email, S.admin.email);
    assert.ok(r.body.csrf_token);
    const demo = r.body.memberships.find((m) => m.org_name === S.org);
    assert.ok(demo, `admin is a member of ${S.org}`);
    assert.equal(demo.role, 'owner');

    const cookie = r.cookies.find((k) => k.name === 'll_session');
    assert.ok(cookie, 'Set-Cookie ll_session');
    assert.ok(cookie.value.length >= 16, 'session token looks random');
    assert.equal(cookie.attrs.httponly, true, 'HttpOnly');
    assert.equal(String(cookie.attrs.samesite).toLowerCase(), 'lax', 'SameSite=Lax');
    assert.equal(cookie.attrs.path, '/');
    if (baseUrl().startsWith('http:')) assert.equal(cookie.attrs.secure, undefined, 'no Secure over plain HTTP');

    const me = await c.get('/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.id, r.body.user.id);
  });

  test('the texter can log in too', async () => {
    const c = new Client();
    const me = await c.login(S.texter.email, S.texter.password);
    assert.equal(me.user.email, S.texter.email);
    const demo = me.memberships.find((m) => m.org_name === S.org);
    assert.equal(demo && demo.role, 'texter');
  });

  test('wrong password and unknown email: the same 401 invalid_credentials', async () => {
    const u = freshUser('wrongpw');
    const c = new Client();
    const wrong = await c.post('/api/v1/auth/login', { email: u.email, password: `${u.password}-nope` });
    assertError(wrong, 401, 'invalid_credentials');
    const unknown = await c.post('/api/v1/auth/login', { email: `${uniq('nobody')}@api.test`, password: u.password });
    assertError(unknown, 401, 'invalid_credentials');
    assert.equal(wrong.body.error.message, unknown.body.error.message);
    assert.equal(wrong.body.error.message, INVALID);
    assert.equal(wrong.body.error.field, undefined, 'must not point at the email or the password');
    assert.equal(unknown.body.error.field, undefined, 'must not point at the email or the password');
    assert.equal(c.hasSession(), false);
  });

  test('missing field: 422 validation_failed naming it', async () => {
    const c = new Client();
    assertError(await c.post('/api/v1/auth/login', { email: S.admin.email }), 422, 'validation_failed', 'password');
    assertError(await c.post('/api/v1/auth/login', { password: 'whatever-password' }), 422, 'validation_failed', 'email');
    assert.equal(c.hasSession(), false);
  });

  test('repeated failures on one account: 429 rate_limited with Retry-After, even for the right password', async () => {
    const limit = configInt('login_fail_limit_account', 5);
    const windowSeconds = configInt('login_fail_window_minutes', 15) * 60;
    const u = freshUser('ratelimit');
    const c = new Client();
    for (let i = 1; i <= limit; i++) {
      const r = await c.post('/api/v1/auth/login', { email: u.email, password: `wrong-${i}-password` });
      assertError(r, 401, 'invalid_credentials');
    }
    const limited = await c.post('/api/v1/auth/login', { email: u.email, password: 'wrong-again-password' });
    assertError(limited, 429, 'rate_limited');
    const retry = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= windowSeconds, `Retry-After ${retry} within 1..${windowSeconds}`);

    const right = await c.post('/api/v1/auth/login', { email: u.email, password: u.password });
    assertError(right, 429, 'rate_limited');
    assert.ok(right.headers.get('retry-after'));
    assert.equal(c.hasSession(), false, 'no session while limited');

    // another account from the same address is not affected
    const other = freshUser('ratelimit-other');
    assert.equal((await new Client().post('/api/v1/auth/login', { email: other.email, password: other.password })).status, 200);
  });
});

describe('logout', () => {
  test('204, the cookie is cleared, then /me is 401, also with the old cookie', async () => {
    const c = await loggedIn(S.admin, 'admin');
    const oldSession = c.cookie('ll_session');
    assert.ok(oldSession);

    const r = await c.post('/api/v1/auth/logout');
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    const cleared = r.cookies.find((k) => k.name === 'll_session');
    assert.ok(cleared, 'logout sends Set-Cookie ll_session to clear it');
    assert.ok(cleared.value === '' || Number(cleared.attrs['max-age']) <= 0 || Date.parse(cleared.attrs.expires) <= Date.now(),
      `cookie cleared: ${cleared.raw}`);

    assertError(await c.get('/api/v1/me'), 401, 'not_authenticated');

    // the server forgot the session: replaying the old cookie does not work
    const replay = new Client('replay');
    replay.setCookie('ll_session', oldSession);
    assertError(await replay.get('/api/v1/me'), 401, 'not_authenticated');
  });

  test('with every worker caching the session, sign-out and a role change count at once', async () => {
    // Each API worker keeps a short cache of sessions (session_cache_s);
    // 24 requests in parallel reach every worker, so each has this one.
    const u = freshUser('cached', [[S.org, 'texter']]);
    const c = await loggedIn(u);
    const warm = async (client) => Promise.all(Array.from({ length: 24 }, () => client.get('/api/v1/me')));
    for (const r of await warm(c)) assert.equal(r.status, 200);

    setRole(u.email, S.org, 'supervisor'); // the CLI: another process
    for (const r of await warm(c)) {
      assert.equal(r.body.memberships.find((m) => m.org_name === S.org).role, 'supervisor',
        'no worker answers from a cache older than the change');
    }

    const old = c.cookie('ll_session');
    assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
    const replay = new Client('replay-cached');
    replay.setCookie('ll_session', old);
    for (const r of await warm(replay)) assertError(r, 401, 'not_authenticated');
  });

  test('other sessions of the same user survive', async () => {
    const a = await loggedIn(S.texter, 'phone');
    const b = await loggedIn(S.texter, 'laptop');
    assert.notEqual(a.cookie('ll_session'), b.cookie('ll_session'));
    assert.equal((await a.post('/api/v1/auth/logout')).status, 204);
    assert.equal((await b.get('/api/v1/me')).status, 200);
  });
});

describe('/me', () => {
  test('401 not_authenticated without a session, or with a bogus one', async () => {
    assertError(await new Client().get('/api/v1/me'), 401, 'not_authenticated');
    const bogus = new Client();
    bogus.setCookie('ll_session', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    assertError(await bogus.get('/api/v1/me'), 401, 'not_authenticated');
  });

  test('returns the user, memberships ordered by org name, and the session csrf_token', async () => {
    const b = freshOrg('beta');
    const a = freshOrg('alpha');
    // names sort as "Org alpha-…" < "Org beta-…"
    const u = freshUser('member', [[b.name, 'supervisor'], [a.name, 'texter']]);
    const c = await loggedIn(u);
    const loginToken = c.me.csrf_token;
    const r = await c.get('/api/v1/me');
    assert.equal(r.status, 200);
    assert.equal(r.body.user.email, u.email);
    assert.equal(r.body.user.name, u.name);
    assert.equal(r.body.user.id, u.id);
    assert.deepEqual(r.body.memberships, [
      { org_id: a.id, org_name: a.name, role: 'texter' },
      { org_id: b.id, org_name: b.name, role: 'supervisor' },
    ]);
    assert.equal(typeof r.body.csrf_token, 'string');
    assert.equal(r.body.csrf_token, loginToken, 'the session\'s token: the same one login returned');
    // the token works for a state-changing request
    assert.equal((await c.post('/api/v1/auth/logout', undefined, { csrf: r.body.csrf_token })).status, 204);
  });

  test('a role change made elsewhere shows on the next /me', async () => {
    const o = freshOrg('rolechange');
    const u = freshUser('member', [[o.name, 'texter']]);
    const c = await loggedIn(u);
    assert.equal(c.me.memberships[0].role, 'texter');
    setRole(u.email, o.name, 'admin');
    const r = await c.get('/api/v1/me');
    assert.deepEqual(r.body.memberships, [{ org_id: o.id, org_name: o.name, role: 'admin' }]);
  });
});
