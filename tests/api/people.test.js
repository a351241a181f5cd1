// People of an organization: listing, roles, removal, and who may do what.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, loggedIn, assertError, membershipOf } from './lib/client.js';
import { seed } from './lib/env.js';
import { freshUser, freshOrg } from './lib/admin.js';

const S = seed();
const people = (orgId) => `/api/v1/orgs/${orgId}/people`;
const person = (orgId, userId) => `/api/v1/orgs/${orgId}/people/${userId}`;

let admin; // the seed owner of Demo Org
let demoId;

before(async () => {
  admin = await loggedIn(S.admin, 'admin');
  const demo = admin.me.memberships.find((m) => m.org_name === S.org);
  assert.ok(demo, `admin is a member of ${S.org}`);
  demoId = demo.org_id;
});

describe('listing people', () => {
  test('the owner lists the people of Demo Org', async () => {
    const r = await admin.get(people(demoId));
    assert.equal(r.status, 200);
    assert.ok(Array.isArray(r.body.items));
    const all = await admin.all(people(demoId));
    const owner = all.find((p) => p.email === S.admin.email);
    const texter = all.find((p) => p.email === S.texter.email);
    assert.ok(owner, 'the owner is listed');
    assert.equal(owner.role, 'owner');
    assert.equal(owner.user_id, admin.me.user.id);
    assert.ok(texter, 'the texter is listed');
    assert.equal(texter.role, 'texter');
    assert.ok(!Number.isNaN(Date.parse(owner.joined_at)));
  });

  test('people of a fresh org: exactly its members, with roles', async () => {
    const o = freshOrg('list');
    const t = freshUser('t', [[o.name, 'texter']]);
    const s = freshUser('s', [[o.name, 'supervisor']]);
    const c = await loggedIn(o.owner);
    const all = await c.all(people(o.id));
    const byEmail = Object.fromEntries(all.map((p) => [p.email, p]));
    assert.deepEqual(Object.keys(byEmail).sort(), [o.owner.email, t.email, s.email].sort());
    assert.equal(byEmail[o.owner.email].role, 'owner');
    assert.equal(byEmail[t.email].role, 'texter');
    assert.equal(byEmail[t.email].user_id, t.id);
    assert.equal(byEmail[t.email].name, t.name);
    assert.equal(byEmail[s.email].role, 'supervisor');

    // a supervisor may list people too
    const sc = await loggedIn(s);
    assert.equal((await sc.get(people(o.id))).status, 200);
  });

  test('pagination: limit=1 gives next_cursor, following it gives the next person', async () => {
    const o = freshOrg('page');
    freshUser('p1', [[o.name, 'texter']]);
    freshUser('p2', [[o.name, 'admin']]);
    const c = await loggedIn(o.owner);
    const seen = [];
    let r = await c.get(`${people(o.id)}?limit=1`);
    assert.equal(r.status, 200);
    assert.equal(r.body.items.length, 1);
    assert.equal(typeof r.body.next_cursor, 'string');
    seen.push(r.body.items[0].user_id);
    r = await c.get(`${people(o.id)}?limit=1&cursor=${encodeURIComponent(r.body.next_cursor)}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.items.length, 1);
    assert.ok(!seen.includes(r.body.items[0].user_id), 'the second page has another person');
    seen.push(r.body.items[0].user_id);
    for (let i = 0; i < 3 && r.body.next_cursor; i++) {
      r = await c.get(`${people(o.id)}?limit=1&cursor=${encodeURIComponent(r.body.next_cursor)}`);
      seen.push(...r.body.items.map((p) => p.user_id));
    }
    assert.equal(r.body.next_cursor, null);
    assert.equal(seen.length, 3);
    assert.equal(new Set(seen).size, 3);
  });

  test('limit outside 1..200: 422 validation_failed, field limit', async () => {
    assertError(await admin.get(`${people(demoId)}?limit=0`), 422, 'validation_failed', 'limit');
    assertError(await admin.get(`${people(demoId)}?limit=201`), 422, 'validation_failed', 'limit');
    assert.equal((await admin.get(`${people(demoId)}?limit=200`)).status, 200);
  });

  test('not logged in: 401 not_authenticated', async () => {
    assertError(await new Client().get(people(demoId)), 401, 'not_authenticated');
  });
});

describe('who may see and change people', () => {
  test('a texter: 403 forbidden on people and invitations', async () => {
    const t = await loggedIn(S.texter, 'texter');
    assertError(await t.get(people(demoId)), 403, 'forbidden');
    assertError(await t.get(`/api/v1/orgs/${demoId}/invitations`), 403, 'forbidden');
    assertError(await t.post(`/api/v1/orgs/${demoId}/invitations`, { email: 'texter-invites@api.test', role: 'texter' }), 403, 'forbidden');
    assertError(await t.patch(person(demoId, admin.me.user.id), { role: 'texter' }), 403, 'forbidden');
    assertError(await t.delete(person(demoId, admin.me.user.id)), 403, 'forbidden');
  });

  test('a user of another org asking for Demo Org: 404 not_found', async () => {
    const o = freshOrg('other');
    const c = await loggedIn(o.owner);
    assertError(await c.get(people(demoId)), 404, 'not_found');
    assertError(await c.get(`/api/v1/orgs/${demoId}/invitations`), 404, 'not_found');
    assertError(await c.post(`/api/v1/orgs/${demoId}/invitations`, { email: 'outsider-invites@api.test', role: 'texter' }), 404, 'not_found');
    assertError(await c.patch(person(demoId, admin.me.user.id), { role: 'texter' }), 404, 'not_found');
    assertError(await c.delete(person(demoId, admin.me.user.id)), 404, 'not_found');
    // and an org that does not exist looks the same
    const missing = await c.get(people(2000000000));
    assertError(missing, 404, 'not_found');
    // Demo Org is unchanged
    const owner = (await admin.all(people(demoId))).find((p) => p.email === S.admin.email);
    assert.equal(owner.role, 'owner');
  });
});

describe('changing roles', () => {
  test('the owner changes a member\'s role; the member sees it', async () => {
    const o = freshOrg('role');
    const m = freshUser('m', [[o.name, 'texter']]);
    const c = await loggedIn(o.owner);
    const r = await c.patch(person(o.id, m.id), { role: 'supervisor' });
    assert.equal(r.status, 200);
    assert.equal(r.body.user_id, m.id);
    assert.equal(r.body.email, m.email);
    assert.equal(r.body.role, 'supervisor');
    const listed = (await c.all(people(o.id))).find((p) => p.user_id === m.id);
    assert.equal(listed.role, 'supervisor');
    const mc = await loggedIn(m);
    assert.equal(membershipOf(mc.me, o.id).role, 'supervisor');
  });

  test('an invalid role: 422 validation_failed, field role', async () => {
    const o = freshOrg('badrole');
    const m = freshUser('m', [[o.name, 'texter']]);
    const c = await loggedIn(o.owner);
    assertError(await c.patch(person(o.id, m.id), { role: 'emperor' }), 422, 'validation_failed', 'role');
    assertError(await c.patch(person(o.id, m.id), {}), 422, 'validation_failed', 'role');
  });

  test('a user who is not a member of the org: 404 not_found', async () => {
    const o = freshOrg('nonmember');
    const stranger = freshUser('stranger');
    const c = await loggedIn(o.owner);
    assertError(await c.patch(person(o.id, stranger.id), { role: 'texter' }), 404, 'not_found');
    assertError(await c.delete(person(o.id, stranger.id)), 404, 'not_found');
  });

  test('only an owner grants or removes owner; a supervisor changes nothing', async () => {
    const o = freshOrg('grant');
    const ad = freshUser('ad', [[o.name, 'admin']]);
    const sup = freshUser('sup', [[o.name, 'supervisor']]);
    const t = freshUser('t', [[o.name, 'texter']]);
    const ac = await loggedIn(ad);
    assertError(await ac.patch(person(o.id, t.id), { role: 'owner' }), 403, 'forbidden');
    assertError(await ac.patch(person(o.id, o.owner.id), { role: 'admin' }), 403, 'forbidden');
    assertError(await ac.delete(person(o.id, o.owner.id)), 403, 'forbidden');
    const ok = await ac.patch(person(o.id, t.id), { role: 'supervisor' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.role, 'supervisor');

    const sc = await loggedIn(sup);
    assertError(await sc.patch(person(o.id, t.id), { role: 'texter' }), 403, 'forbidden');
    assertError(await sc.delete(person(o.id, t.id)), 403, 'forbidden');

    const oc = await loggedIn(o.owner);
    const promoted = await oc.patch(person(o.id, t.id), { role: 'owner' });
    assert.equal(promoted.status, 200);
    assert.equal(promoted.body.role, 'owner');
    const all = await oc.all(people(o.id));
    assert.equal(all.find((p) => p.user_id === o.owner.id).role, 'owner');
    assert.equal(all.find((p) => p.user_id === t.id).role, 'owner');
  });

  test('demoting or removing the last owner: 409 conflict', async () => {
    const o = freshOrg('lastowner');
    const t = freshUser('t', [[o.name, 'texter']]);
    const c = await loggedIn(o.owner);
    assertError(await c.patch(person(o.id, o.owner.id), { role: 'admin' }), 409, 'conflict');
    assertError(await c.delete(person(o.id, o.owner.id)), 409, 'conflict');
    let all = await c.all(people(o.id));
    assert.equal(all.find((p) => p.user_id === o.owner.id).role, 'owner', 'still the owner');

    // with a second owner the first may step down
    assert.equal((await c.patch(person(o.id, t.id), { role: 'owner' })).status, 200);
    const down = await c.patch(person(o.id, o.owner.id), { role: 'admin' });
    assert.equal(down.status, 200);
    assert.equal(down.body.role, 'admin');
    // and now t is the last owner
    const tc = await loggedIn(t);
    assertError(await tc.patch(person(o.id, t.id), { role: 'texter' }), 409, 'conflict');
    all = await tc.all(people(o.id));
    assert.equal(all.find((p) => p.user_id === t.id).role, 'owner');
  });
});

describe('removing people', () => {
  test('the owner removes a member: 204, gone from the list, and the org is gone from their /me', async () => {
    const o = freshOrg('remove');
    const m = freshUser('m', [[o.name, 'supervisor']]);
    const mc = await loggedIn(m);
    assert.ok(membershipOf(mc.me, o.id));

    const c = await loggedIn(o.owner);
    const r = await c.delete(person(o.id, m.id));
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    const all = await c.all(people(o.id));
    assert.equal(all.find((p) => p.user_id === m.id), undefined);

    const me = await mc.get('/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(membershipOf(me.body, o.id), undefined);
    assertError(await mc.get(people(o.id)), 404, 'not_found');
    // removing again: no such member
    assertError(await c.delete(person(o.id, m.id)), 404, 'not_found');
  });
});
