// A person's own sessions (issue 16): listed with the device they signed
// in with, ended one by one or all others at once, and an ended session
// stops working at once on this host, whichever worker had it cached.
// Ids never reach another person's sessions; no token or hash is shown.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Client, assertError } from './lib/client.js';
import { freshUser } from './lib/admin.js';
import { configInt } from './lib/env.js';
import { sql } from './lib/db.js';

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

// Signs user in as a browser with this User-Agent.
async function signIn(user, ua, name = ua) {
  const c = new Client(name);
  const r = await c.request('POST', '/api/v1/auth/login', { json: { email: user.email, password: user.password }, headers: { 'User-Agent': ua } });
  assert.equal(r.status, 200, r.text);
  return c;
}

const sessions = async (c) => {
  const r = await c.get('/api/v1/me/sessions');
  assert.equal(r.status, 200, r.text);
  return r;
};

// 24 requests at once reach every API worker, so each caches the session.
const everyWorker = (c) => Promise.all(Array.from({ length: 24 }, () => c.get('/api/v1/me')));

describe('my sessions', () => {
  test('listed newest first with the device, when made and last used, and which is this one; never a token or its hash', async () => {
    const u = freshUser('sessions');
    const laptop = await signIn(u, CHROME_WINDOWS, 'laptop');
    const phone = await signIn(u, SAFARI_IPHONE, 'phone');
    const r = await sessions(phone);
    assert.equal(r.body.items.length, 2);
    assert.equal(r.body.next_cursor, null);
    const [p, l] = r.body.items;
    assert.ok(p.id > l.id, 'newest first');
    assert.equal(p.device, 'Safari on iPhone');
    assert.equal(p.current, true);
    assert.equal(l.device, 'Chrome on Windows');
    assert.equal(l.current, false);
    assert.equal(l.user_agent, CHROME_WINDOWS);
    for (const s of r.body.items) {
      assert.ok(Date.parse(s.last_seen_at) >= Date.parse(s.created_at));
      assert.ok(Math.abs(Date.parse(s.created_at) - Date.now()) < 120000, `created_at ${s.created_at} is now`);
    }
    for (const c of [laptop, phone]) {
      const token = c.cookie('ll_session');
      assert.ok(!r.text.includes(token), 'no session token');
      assert.ok(!r.text.includes(createHash('sha256').update(token).digest('hex')), 'no token hash');
    }
    // the other device sees the same two, itself as current
    const fromLaptop = (await sessions(laptop)).body.items;
    assert.deepEqual(fromLaptop.map((s) => [s.id, s.current]), [[p.id, false], [l.id, true]]);
    // paged like every list
    const page = await laptop.get('/api/v1/me/sessions?limit=1');
    assert.deepEqual(page.body.items.map((s) => s.id), [p.id]);
    assert.ok(page.body.next_cursor);
    assertError(await new Client().get('/api/v1/me/sessions'), 401, 'not_authenticated');
  });

  test('signing out one session: it stops working at once on every worker; the others go on', async () => {
    const u = freshUser('signout-one');
    const laptop = await signIn(u, CHROME_WINDOWS, 'laptop');
    const phone = await signIn(u, SAFARI_IPHONE, 'phone');
    for (const r of await everyWorker(phone)) assert.equal(r.status, 200);
    const phoneId = (await sessions(laptop)).body.items.find((s) => !s.current).id;

    const r = await laptop.delete(`/api/v1/me/sessions/${phoneId}`);
    assert.equal(r.status, 204);
    assert.equal(r.cookies.find((k) => k.name === 'll_session'), undefined, 'the asking session keeps its cookie');
    for (const g of await everyWorker(phone)) assertError(g, 401, 'not_authenticated');
    for (const g of await everyWorker(laptop)) assert.equal(g.status, 200);
    assert.deepEqual((await sessions(laptop)).body.items.map((s) => s.current), [true]);
    assertError(await laptop.delete(`/api/v1/me/sessions/${phoneId}`), 404, 'not_found');
  });

  test("another person's session id is a 404, and that session goes on", async () => {
    const me = await signIn(freshUser('mine'), CHROME_WINDOWS, 'me');
    const them = await signIn(freshUser('theirs'), SAFARI_IPHONE, 'them');
    const theirId = (await sessions(them)).body.items[0].id;
    assertError(await me.delete(`/api/v1/me/sessions/${theirId}`), 404, 'not_found');
    assertError(await me.delete('/api/v1/me/sessions/999999999999'), 404, 'not_found');
    assert.equal((await them.get('/api/v1/me')).status, 200);
    assert.ok(!(await sessions(me)).body.items.some((s) => s.id === theirId), 'not listed either');
  });

  test('signing out all others: they stop at once, this one stays; then signing out here ends the last', async () => {
    const u = freshUser('signout-others');
    const a = await signIn(u, CHROME_WINDOWS, 'a');
    const b = await signIn(u, SAFARI_IPHONE, 'b');
    const here = await signIn(u, 'curl/8.5.0', 'here');
    await Promise.all([everyWorker(a), everyWorker(b)]);
    const r = await here.delete('/api/v1/me/sessions');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { ended: 2 });
    for (const g of [...await everyWorker(a), ...await everyWorker(b)]) assertError(g, 401, 'not_authenticated');
    const left = (await sessions(here)).body.items;
    assert.deepEqual(left.map((s) => [s.device, s.current]), [['curl', true]]);
    assert.deepEqual((await here.delete('/api/v1/me/sessions')).body, { ended: 0 });

    // its own id signs this one out too, clearing the cookie
    const token = here.cookie('ll_session');
    const own = await here.delete(`/api/v1/me/sessions/${left[0].id}`);
    assert.equal(own.status, 204);
    assert.equal(here.hasSession(), false, 'the cookie is cleared');
    const replay = new Client('replay');
    replay.setCookie('ll_session', token);
    assertError(await replay.get('/api/v1/me'), 401, 'not_authenticated');
  });

  test('last seen: a session in use is marked (to the minute) when a worker reads it afresh', { timeout: 60000 }, async () => {
    const u = freshUser('seen');
    const c = await signIn(u, CHROME_WINDOWS, 'seen');
    const { id } = (await sessions(c)).body.items[0];
    sql(`UPDATE sessions SET last_seen_at = UTC_TIMESTAMP() - INTERVAL 2 HOUR WHERE id = ${Number(id)}`);
    // a cached session is not read again until its entry ends
    await new Promise((r) => setTimeout(r, (configInt('session_cache_s', 10) + 1) * 1000));
    await everyWorker(c);
    const seen = (await sessions(c)).body.items[0];
    assert.ok(Date.now() - Date.parse(seen.last_seen_at) < 90000, `last_seen_at ${seen.last_seen_at} is about now`);
  });
});
