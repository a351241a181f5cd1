// Passwords forgotten and changed (issue 17): a reset by email through the
// outbox (the same answer whether or not the account exists; a single-use
// token of 256 bits, stored hashed, for an hour; limited per client
// address and per account; every session ended), a change in the profile
// (the current password required; the other sessions ended), and
// `launchline admin reset-password` (the password on stdin).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, loggedIn, assertError, loopbackAddress } from './lib/client.js';
import { configInt, configPath, launchlineBin, publicUrl } from './lib/env.js';
import { freshOrg, freshUser, newPassword, uniq } from './lib/admin.js';
import { messagesTo, parsed, waitForMessages } from './lib/mail.js';
import { sql, sqlValue, lit } from './lib/db.js';

const RESETS = '/api/v1/password-resets';
const COMPLETE = '/api/v1/password-resets/complete';
const TOKEN_LIMIT = configInt('token_fail_limit_address', 20);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const text = (p) => p.parts[0].content;
const html = (p) => p.parts[1].content;
// Each test asks from its own loopback address: the per-address limit of
// one never touches another.
const visitor = (label) => new Client(label, { address: loopbackAddress() });

// The token of the newest reset email to addr (waiting for the nth).
async function resetToken(addr, n = 1) {
  const ms = await waitForMessages(addr, n);
  const p = await parsed(ms[n - 1]);
  const m = text(p).match(/\/reset-password\?token=([A-Za-z0-9_-]+)/);
  assert.ok(m, text(p));
  return { token: m[1], p };
}

async function ask(client, email) {
  const r = await client.post(RESETS, { email });
  assert.equal(r.status, 202, r.text);
  return r;
}

describe('a forgotten password, reset by email', () => {
  test('the email carries a single-use link; the reset sets the password and ends every session', async () => {
    const o = freshOrg('reset');
    const u = o.owner;
    const phone = await loggedIn(u, 'phone');
    const laptop = await loggedIn(u, 'laptop');
    const v = visitor('forgot');
    const r = await ask(v, u.email.toUpperCase());
    assert.match(r.body.message, /If an account uses this address/);

    const { token, p } = await resetToken(u.email);
    assert.equal(p.subject, 'Reset your Launchline password');
    assert.ok(Buffer.from(token, 'base64url').length >= 16, 'at least 128 bits');
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    const link = `${publicUrl()}/reset-password?token=${token}`;
    assert.ok(text(p).includes(`Set a new password: ${link}`), text(p));
    assert.ok(html(p).includes(`href="${link}"`), html(p));
    assert.ok(text(p).includes('within an hour'));
    // Only the hash is kept; the outbox forgot the token once it was sent.
    const rows = sql(`SELECT token_hash, TIMESTAMPDIFF(SECOND, created_at, expires_at) FROM password_resets
      WHERE user_id = ${u.id}`);
    assert.deepEqual(rows, [[sha256(token), '3600']]);
    assert.equal(sqlValue(`SELECT COUNT(*) FROM password_resets WHERE token_hash = ${lit(token)}`), '0');
    await waitSecretGone(u.id);

    // The rules of signup's passwords.
    assertError(await v.post(COMPLETE, { token, password: 'short' }), 422, 'validation_failed', 'password');
    assertError(await v.post(COMPLETE, { password: 'long-enough-1' }), 422, 'validation_failed', 'token');
    const password = newPassword();
    const done = await v.post(COMPLETE, { token, password });
    assert.equal(done.status, 204, done.text);
    // Every session of the account ended; the new password signs in, the old does not.
    assert.equal((await phone.get('/api/v1/me')).status, 401);
    assert.equal((await laptop.get('/api/v1/me')).status, 401);
    assertError(await new Client('old').post('/api/v1/auth/login', { email: u.email, password: u.password }), 401, 'invalid_credentials');
    await loggedIn({ email: u.email, password }, 'new');
    // Single use.
    assertError(await v.post(COMPLETE, { token, password: newPassword() }), 404, 'not_found', 'token');
    await assertNeverLogged(token);
  });

  test('an address without an account: the same answer, and no email', async () => {
    const ghost = `${uniq('ghost')}@api.test`;
    const u = freshUser('real');
    const v = visitor('ghost');
    const a = await ask(v, ghost);
    const b = await ask(v, u.email);
    assert.deepEqual(a.body, b.body);
    await waitForMessages(u.email, 1);
    await sleep(1500);
    assert.deepEqual(await messagesTo(ghost), []);
  });

  test('a newer link and the older one: completing one spends both', async () => {
    const u = freshUser('two');
    const v = visitor('two');
    await ask(v, u.email);
    const first = (await resetToken(u.email, 1)).token;
    await ask(v, u.email);
    const second = (await resetToken(u.email, 2)).token;
    assert.notEqual(first, second);
    assert.equal((await v.post(COMPLETE, { token: second, password: newPassword() })).status, 204);
    assertError(await v.post(COMPLETE, { token: first, password: newPassword() }), 404, 'not_found', 'token');
  });

  test('an hour later the link is dead', async () => {
    const u = freshUser('late');
    const v = visitor('late');
    await ask(v, u.email);
    const { token } = await resetToken(u.email);
    sql(`UPDATE password_resets SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE token_hash = ${lit(sha256(token))}`);
    assertError(await v.post(COMPLETE, { token, password: newPassword() }), 404, 'not_found', 'token');
    await loggedIn(u); // the old password still works
  });

  test('per account: at most 3 emails an hour, every request answered alike', async () => {
    const u = freshUser('flood');
    const v = visitor('flood');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await ask(v, u.email)).body);
    assert.ok(answers.every((b) => JSON.stringify(b) === JSON.stringify(answers[0])));
    await waitForMessages(u.email, 3);
    await sleep(2000);
    assert.equal((await messagesTo(u.email)).length, 3);
    assert.equal(sqlValue(`SELECT COUNT(*) FROM password_resets WHERE user_id = ${u.id}`), '3');
  });

  test('per client address: walking through addresses or tokens backs off with 429', async () => {
    const walker = visitor('walker');
    for (let i = 0; i < TOKEN_LIMIT; i++) await ask(walker, `${uniq('walk')}@api.test`);
    const r = await walker.post(RESETS, { email: `${uniq('walk')}@api.test` });
    assertError(r, 429, 'rate_limited');
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
    assertError(await walker.post(COMPLETE, { token: randomBytes(32).toString('base64url'), password: newPassword() }), 429, 'rate_limited');

    // Dead tokens count the same way.
    const guesser = visitor('guesser');
    for (let i = 0; i < TOKEN_LIMIT; i++) {
      assertError(await guesser.post(COMPLETE, { token: randomBytes(32).toString('base64url'), password: newPassword() }), 404, 'not_found');
    }
    assertError(await guesser.post(RESETS, { email: `${uniq('g')}@api.test` }), 429, 'rate_limited');
    // Another address is not held back.
    await ask(visitor('neighbour'), `${uniq('n')}@api.test`);
  });

  test('bad input: the one error shape, the field named', async () => {
    const v = visitor('bad');
    assertError(await v.post(RESETS, {}), 422, 'validation_failed', 'email');
    assertError(await v.post(RESETS, { email: 'not-an-address' }), 422, 'validation_failed', 'email');
    assertError(await v.post(COMPLETE, { token: 'short', password: 'long-enough-1' }), 422, 'validation_failed', 'token');
  });
});

describe('changing one\'s password in the profile', () => {
  test('the current password is required; the other sessions end, this one stays', async () => {
    const u = freshUser('change');
    const here = await loggedIn(u, 'here');
    const there = await loggedIn(u, 'there');
    const password = newPassword();
    assertError(await here.put('/api/v1/me/password', { current_password: 'wrong-password', password }), 422,
      'validation_failed', 'current_password');
    assertError(await here.put('/api/v1/me/password', { current_password: u.password }), 422, 'validation_failed', 'password');
    assertError(await here.put('/api/v1/me/password', { current_password: u.password, password: 'short' }), 422,
      'validation_failed', 'password');
    assert.equal((await there.get('/api/v1/me')).status, 200, 'a wrong try ends nothing');

    const r = await here.put('/api/v1/me/password', { current_password: u.password, password });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.ended, 1);
    assert.equal((await here.get('/api/v1/me')).status, 200, 'this session stays');
    assert.equal((await there.get('/api/v1/me')).status, 401, 'the other ended');
    assertError(await new Client('old').post('/api/v1/auth/login', { email: u.email, password: u.password }), 401, 'invalid_credentials');
    await loggedIn({ email: u.email, password });
    // Signed out, there is no password to change.
    assertError(await new Client('anon').put('/api/v1/me/password', { current_password: password, password: newPassword() }), 401, 'not_authenticated');
  });

  test('guessing the current password is limited like signing in', async () => {
    const u = freshUser('guess');
    const c = await loggedIn(u);
    const limit = configInt('login_fail_limit_account', 5);
    for (let i = 0; i < limit; i++) {
      assertError(await c.put('/api/v1/me/password', { current_password: `wrong-${i}-password`, password: newPassword() }), 422,
        'validation_failed', 'current_password');
    }
    assertError(await c.put('/api/v1/me/password', { current_password: u.password, password: newPassword() }), 429, 'rate_limited');
  });
});

describe('launchline admin reset-password', () => {
  const run = (args, input) => {
    try {
      return { status: 0, stdout: execFileSync(launchlineBin(), ['admin', args[0], '--config', configPath(), ...args.slice(1)], {
        input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 30000 }) };
    } catch (e) {
      return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
    }
  };

  test('reads the password from stdin and ends every session', async () => {
    const u = freshUser('cli');
    const c = await loggedIn(u);
    const password = newPassword();
    const r = run(['reset-password', u.email.toUpperCase()], `${password}\n`);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /1 sessions ended/);
    assert.equal((await c.get('/api/v1/me')).status, 401);
    await loggedIn({ email: u.email, password });
  });

  test('never from argv; too short or an unknown account is refused', () => {
    const u = freshUser('cli2');
    assert.equal(run(['reset-password', u.email, 'pw-in-argv-123'], 'pw-on-stdin-123\n').status, 2, 'usage');
    assert.equal(run(['reset-password', u.email], 'short\n').status, 1);
    assert.equal(run(['reset-password', `${uniq('nobody')}@api.test`], 'long-enough-1\n').status, 1);
  });
});

// The outbox keeps a reset's token only until its email is sent.
async function waitSecretGone(userId) {
  for (let i = 0; i < 50; i++) {
    const left = sqlValue(`SELECT COUNT(*) FROM email_outbox WHERE user_id = ${userId} AND kind = 'password_reset'
      AND secret IS NOT NULL`);
    if (left === '0') return;
    await sleep(200);
  }
  assert.fail('the sent reset email still holds its token in the outbox');
}

// Neither nginx's access log nor the application's names the token.
async function assertNeverLogged(token) {
  await sleep(1500); // nginx flushes its buffer every second
  const state = process.env.STATE_DIR;
  const logs = [join(state, 'launchline.log'), join(state, 'nginx', 'logs', 'launchline.access.log'), join(state, 'nginx.log')];
  let seen = 0;
  for (const f of logs) {
    if (!existsSync(f)) continue;
    seen++;
    assert.ok(!readFileSync(f, 'utf8').includes(token), `${f} holds the token`);
  }
  assert.ok(seen >= 2, `the logs were found: ${logs.join(', ')}`);
}
