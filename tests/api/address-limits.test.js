// Limits per client address (issue 16): nobody walks invitation or
// campaign-link tokens, and many people behind one address (an office NAT
// on launch day) are not locked out by each other's mistakes. Each test
// connects from its own loopback address (127.x.y.z: nginx's
// $remote_addr), so the rest of the suite, at 127.0.0.1, is untouched.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, loggedIn, assertError, loopbackAddress } from './lib/client.js';
import { configInt } from './lib/env.js';
import { freshOrg, freshUser, uniq } from './lib/admin.js';
import { org, campaignFixture } from './lib/texting.js';

const TOKEN_LIMIT = configInt('token_fail_limit_address', 20);
const LOGIN_LIMIT = configInt('login_fail_limit_address', 20);
const ACCOUNT_LIMIT = configInt('login_fail_limit_account', 5);
const FIRST = configInt('address_backoff_s', 2);

const badToken = () => randomBytes(24).toString('base64url');
const from = (label, address = loopbackAddress()) => new Client(label, { address });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function retryAfter(r) {
  assertError(r, 429, 'rate_limited');
  const s = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(s) && s >= 1, `Retry-After ${r.headers.get('retry-after')}`);
  return s;
}

async function invitationToken() {
  const o = freshOrg('limits');
  const c = await loggedIn(o.owner);
  const r = await c.post(`/api/v1/orgs/${o.id}/invitations`, { email: `${uniq('lim')}@api.test`, role: 'texter' });
  assert.equal(r.status, 201);
  return r.body.invite_url.split('#')[1];
}

describe('token lookups per address', () => {
  test('a burst of bad invitation tokens: 429 with Retry-After (even for a live token), another address unaffected', async () => {
    const live = await invitationToken();
    const walker = from('walker');
    for (let i = 0; i < TOKEN_LIMIT; i++) {
      assertError(await walker.post('/api/v1/invitations/lookup', { token: badToken() }), 404, 'not_found');
    }
    const held = retryAfter(await walker.post('/api/v1/invitations/lookup', { token: badToken() }));
    assert.ok(held <= FIRST, `the first back-off is ${FIRST} s, not ${held}`);
    retryAfter(await walker.post('/api/v1/invitations/lookup', { token: live }));
    retryAfter(await walker.post('/api/v1/invitations/signup', { token: live, name: 'W', password: 'long-enough-1' }));

    const neighbour = from('neighbour');
    assert.equal((await neighbour.post('/api/v1/invitations/lookup', { token: live })).status, 200);
    // campaign links are another kind: the walker's own are not held yet
    assertError(await walker.post('/api/v1/join/lookup', { token: badToken() }), 404, 'not_found');

    // the address backs off rather than being locked: after the wait, one
    // more bad token, and the wait has doubled
    await sleep(held * 1000 + 200);
    assertError(await walker.post('/api/v1/invitations/lookup', { token: badToken() }), 404, 'not_found');
    const longer = retryAfter(await walker.post('/api/v1/invitations/lookup', { token: live }));
    assert.ok(longer > held, `Retry-After grows: ${held} then ${longer}`);
  });

  test('a burst of bad campaign-link tokens (/join): 429 with Retry-After; another address unaffected', async () => {
    const o = freshOrg('joinlimit');
    const owner = await loggedIn(o.owner);
    const c = campaignFixture(o.id, o.owner.id, { contacts: 0 });
    const { invite_token: live } = (await owner.post(`${org(o.id)}/campaigns/${c.id}/invite-link`, {})).body;
    const walker = from('join-walker');
    for (let i = 0; i < TOKEN_LIMIT; i++) {
      assertError(await walker.post('/api/v1/join/lookup', { token: badToken() }), 404, 'not_found');
    }
    retryAfter(await walker.post('/api/v1/join/lookup', { token: live }));
    retryAfter(await walker.post('/api/v1/join/signup', { token: live, email: `${uniq('j')}@api.test`, name: 'J', password: 'long-enough-1' }));
    assert.equal((await from('join-neighbour').post('/api/v1/join/lookup', { token: live })).status, 200);
  });

  test('one dead link followed by a whole office is not a walk: the same token again and again stays a 404', async () => {
    const office = loopbackAddress();
    const dead = badToken();
    for (let i = 0; i < TOKEN_LIMIT * 2; i++) {
      assertError(await from(`texter-${i}`, office).post('/api/v1/join/lookup', { token: dead }), 404, 'not_found');
    }
  });
});

describe('sign-ins per address count distinct accounts', () => {
  test('many failures on ONE account from an address do not lock the other accounts behind it', async () => {
    const office = loopbackAddress();
    const clumsy = freshUser('clumsy');
    const c = from('clumsy', office);
    // fails just under the account's own limit, then gets it right
    // (which clears that account's count), again and again: far more
    // failures from this address than the old limit of 50 attempts
    for (let round = 0; round < 13; round++) {
      for (let i = 0; i < ACCOUNT_LIMIT - 1; i++) {
        assertError(await c.post('/api/v1/auth/login', { email: clumsy.email, password: `wrong-${round}-${i}` }), 401, 'invalid_credentials');
      }
      assert.equal((await c.post('/api/v1/auth/login', { email: clumsy.email, password: clumsy.password })).status, 200);
    }
    // the account's own limit still holds
    for (let i = 0; i < ACCOUNT_LIMIT; i++) await c.post('/api/v1/auth/login', { email: clumsy.email, password: 'wrong-again-pw' });
    retryAfter(await c.post('/api/v1/auth/login', { email: clumsy.email, password: clumsy.password }));
    // a colleague behind the same address signs in
    const colleague = freshUser('colleague');
    assert.equal((await from('colleague', office).post('/api/v1/auth/login', { email: colleague.email, password: colleague.password })).status, 200);
  });

  test('failures across many accounts make the address back off, longer with each further account, never a lock', async () => {
    const sprayer = loopbackAddress();
    const s = from('sprayer', sprayer);
    const fail = async () => assertError(await s.post('/api/v1/auth/login', { email: `${uniq('spray')}@api.test`, password: 'guess-guess-1' }), 401, 'invalid_credentials');
    for (let i = 0; i < LOGIN_LIMIT; i++) await fail();
    const victim = freshUser('behind-sprayer');
    const first = retryAfter(await s.post('/api/v1/auth/login', { email: victim.email, password: victim.password }));
    assert.ok(first <= FIRST, `first back-off ${first} s`);
    // the victim signs in from anywhere else; the back-off is the address's
    assert.equal((await from('victim-home').post('/api/v1/auth/login', { email: victim.email, password: victim.password })).status, 200);

    let last = first;
    for (let step = 0; step < 2; step++) {
      await sleep(last * 1000 + 200);
      await fail(); // one more account
      const next = retryAfter(await s.post('/api/v1/auth/login', { email: victim.email, password: victim.password }));
      assert.ok(next > last, `Retry-After grows: ${last} then ${next}`);
      last = next;
    }
    // and once it has waited, the right password gets in
    await sleep(last * 1000 + 200);
    assert.equal((await s.post('/api/v1/auth/login', { email: victim.email, password: victim.password })).status, 200);
  });
});
