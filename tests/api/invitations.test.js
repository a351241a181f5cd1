// Invitations: create, list, lookup, signup, accept, revoke, who may invite whom.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Client, loggedIn, assertError, membershipOf } from './lib/client.js';
import { publicUrl } from './lib/env.js';
import { freshUser, freshOrg, uniq } from './lib/admin.js';
import { addFault, messagesTo, only, parsed, removeFault, waitForMessages } from './lib/mail.js';
import { records, sqlValue } from './lib/db.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const invitations = (orgId) => `/api/v1/orgs/${orgId}/invitations`;
const newEmail = (label = 'invitee') => `${uniq(label)}@api.test`;

function tokenOf(inviteUrl) {
  const i = inviteUrl.indexOf('#');
  assert.ok(i > 0, `invite_url has a fragment: ${inviteUrl}`);
  return inviteUrl.slice(i + 1);
}

async function invite(client, orgId, email, role) {
  const r = await client.post(invitations(orgId), { email, role });
  assert.equal(r.status, 201, `invite ${email} as ${role}: ${r.status} ${r.text}`);
  return { ...r.body, token: tokenOf(r.body.invite_url) };
}

async function lookup(token, client = new Client('anonymous')) {
  return client.post('/api/v1/invitations/lookup', { token });
}

describe('creating and listing invitations', () => {
  test('create: 201 with a pending invitation and a one-time /invite#<token> link', async () => {
    const o = freshOrg('inv');
    const c = await loggedIn(o.owner);
    const email = newEmail();
    const r = await c.post(invitations(o.id), { email, role: 'texter' });
    assert.equal(r.status, 201);
    const { invitation, invite_url: url } = r.body;
    assert.equal(invitation.email, email);
    assert.equal(invitation.role, 'texter');
    assert.equal(invitation.status, 'pending');
    assert.equal(invitation.invited_by_name, o.owner.name);
    assert.ok(Date.parse(invitation.expires_at) > Date.parse(invitation.created_at), 'expires after it is created');
    assert.ok(Date.parse(invitation.expires_at) > Date.now(), 'not expired yet');

    assert.ok(url.includes('/invite#'), url);
    assert.ok(url.startsWith(`${publicUrl()}/invite#`), `${url} starts with public_url`);
    const token = tokenOf(url);
    assert.match(token, /^[A-Za-z0-9_-]{22,}$/, 'base64url, at least 128 bits');

    // two invitations never share a token
    const again = await invite(c, o.id, newEmail(), 'texter');
    assert.notEqual(again.token, token);
  });

  test('list: the new invitation is there, pending, without its token', async () => {
    const o = freshOrg('invlist');
    const c = await loggedIn(o.owner);
    const created = await invite(c, o.id, newEmail(), 'supervisor');
    const r = await c.get(invitations(o.id));
    assert.equal(r.status, 200);
    const item = r.body.items.find((i) => i.id === created.invitation.id);
    assert.deepEqual(item, created.invitation);
    assert.ok(!r.text.includes(created.token), 'the token is shown only once, at creation');
  });

  test('invalid input: 422 with the field', async () => {
    const o = freshOrg('invbad');
    const c = await loggedIn(o.owner);
    assertError(await c.post(invitations(o.id), { email: 'not-an-email', role: 'texter' }), 422, 'validation_failed', 'email');
    assertError(await c.post(invitations(o.id), { role: 'texter' }), 422, 'validation_failed', 'email');
    assertError(await c.post(invitations(o.id), { email: newEmail(), role: 'boss' }), 422, 'validation_failed', 'role');
    assertError(await c.post(invitations(o.id), { email: newEmail() }), 422, 'validation_failed', 'role');
    assert.deepEqual((await c.get(invitations(o.id))).body.items, []);
  });

  test('pagination: limit=1 gives next_cursor; following it gives the next (older) invitation', async () => {
    const o = freshOrg('invpage');
    const c = await loggedIn(o.owner);
    const a = await invite(c, o.id, newEmail('a'), 'texter');
    const b = await invite(c, o.id, newEmail('b'), 'texter');
    const d = await invite(c, o.id, newEmail('d'), 'texter');

    const p1 = await c.get(`${invitations(o.id)}?limit=1`);
    assert.equal(p1.status, 200);
    assert.deepEqual(p1.body.items.map((i) => i.id), [d.invitation.id], 'newest first');
    assert.equal(typeof p1.body.next_cursor, 'string');
    const p2 = await c.get(`${invitations(o.id)}?limit=1&cursor=${encodeURIComponent(p1.body.next_cursor)}`);
    assert.equal(p2.status, 200);
    assert.deepEqual(p2.body.items.map((i) => i.id), [b.invitation.id]);

    const ids = [];
    let cursor = null;
    for (let page = 0; page < 5; page++) {
      const r = await c.get(`${invitations(o.id)}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      ids.push(...r.body.items.map((i) => i.id));
      cursor = r.body.next_cursor;
      if (!cursor) break;
    }
    assert.equal(cursor, null, 'the last page has next_cursor null');
    assert.deepEqual(ids, [d.invitation.id, b.invitation.id, a.invitation.id]);
  });

  test('pending ones first, newest first', async () => {
    const o = freshOrg('invorder');
    const c = await loggedIn(o.owner);
    const a = await invite(c, o.id, newEmail('a'), 'texter');
    const b = await invite(c, o.id, newEmail('b'), 'texter');
    const d = await invite(c, o.id, newEmail('d'), 'texter');
    assert.equal((await c.delete(`${invitations(o.id)}/${d.invitation.id}`)).status, 204);
    const items = await c.all(invitations(o.id));
    assert.deepEqual(items.map((i) => [i.id, i.status]), [
      [b.invitation.id, 'pending'],
      [a.invitation.id, 'pending'],
      [d.invitation.id, 'revoked'],
    ]);
  });
});

describe('using an invitation', () => {
  test('lookup works anonymously; signup creates the user with the invited role; the token then stops working', async () => {
    const o = freshOrg('signup');
    const c = await loggedIn(o.owner);
    const email = newEmail('newbie');
    const inv = await invite(c, o.id, email, 'supervisor');

    const anon = new Client('anonymous');
    const l = await lookup(inv.token, anon);
    assert.equal(l.status, 200);
    assert.deepEqual(l.body, {
      org_name: o.name, role: 'supervisor', kind: 'email', email, account_exists: false, signed_in_as: null, for_you: false,
    });
    assert.equal(anon.hasSession(), false);

    const password = 'a-long-enough-password';
    const s = await anon.post('/api/v1/invitations/signup', { token: inv.token, name: 'New Person', password });
    assert.equal(s.status, 201);
    assert.equal(s.body.user.email, email);
    assert.equal(s.body.user.name, 'New Person');
    assert.deepEqual(s.body.memberships, [{ org_id: o.id, org_name: o.name, role: 'supervisor' }]);
    assert.ok(s.body.csrf_token);
    const cookie = s.cookies.find((k) => k.name === 'll_session');
    assert.ok(cookie && cookie.attrs.httponly === true, 'signup logs in with an HttpOnly session cookie');
    assert.equal(String(cookie.attrs.samesite).toLowerCase(), 'lax');

    const me = await anon.get('/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(membershipOf(me.body, o.id).role, 'supervisor');
    // the new account can log in with its password
    const again = await loggedIn({ email, password });
    assert.equal(membershipOf(again.me, o.id).role, 'supervisor');
    // and shows in the org's people
    const person = (await c.all(`/api/v1/orgs/${o.id}/people`)).find((p) => p.email === email);
    assert.equal(person && person.role, 'supervisor');
    // the invitation is accepted
    const listed = (await c.all(invitations(o.id))).find((i) => i.id === inv.invitation.id);
    assert.equal(listed.status, 'accepted');

    // second use of the same token: 404
    assertError(await new Client().post('/api/v1/invitations/signup', { token: inv.token, name: 'Twice', password }), 404, 'not_found');
    assertError(await lookup(inv.token), 404, 'not_found');
  });

  test('unknown token: 404 not_found', async () => {
    const fake = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    assertError(await lookup(fake), 404, 'not_found');
    assertError(await new Client().post('/api/v1/invitations/signup', { token: fake, name: 'X', password: 'long-enough-1' }), 404, 'not_found');
    assertError(await lookup(''), 422, 'validation_failed', 'token');
  });

  test('revoke: 204, then lookup is 404 with the same message as for an unknown token', async () => {
    const o = freshOrg('revoke');
    const c = await loggedIn(o.owner);
    const inv = await invite(c, o.id, newEmail(), 'texter');
    assert.equal((await lookup(inv.token)).status, 200);

    const r = await c.delete(`${invitations(o.id)}/${inv.invitation.id}`);
    assert.equal(r.status, 204);
    assert.equal(r.text, '');

    const revoked = await lookup(inv.token);
    assertError(revoked, 404, 'not_found');
    const unknown = await lookup('BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB');
    assertError(unknown, 404, 'not_found');
    assert.equal(revoked.body.error.message, unknown.body.error.message, 'the message does not say why');
    assertError(await new Client().post('/api/v1/invitations/signup', { token: inv.token, name: 'Late', password: 'long-enough-1' }), 404, 'not_found');

    const listed = (await c.all(invitations(o.id))).find((i) => i.id === inv.invitation.id);
    assert.equal(listed.status, 'revoked');
  });

  test('revoking an invitation of another org: 404', async () => {
    const o1 = freshOrg('rev1');
    const o2 = freshOrg('rev2');
    const c1 = await loggedIn(o1.owner);
    const c2 = await loggedIn(o2.owner);
    const inv = await invite(c1, o1.id, newEmail(), 'texter');
    assertError(await c2.delete(`${invitations(o2.id)}/${inv.invitation.id}`), 404, 'not_found');
    assertError(await c2.delete(`${invitations(o1.id)}/${inv.invitation.id}`), 404, 'not_found');
    assert.equal((await lookup(inv.token)).status, 200, 'still usable');
  });

  test('signup validation: short password -> 422 field password; bad name -> 422 field name; the token stays usable', async () => {
    const o = freshOrg('signupbad');
    const c = await loggedIn(o.owner);
    const inv = await invite(c, o.id, newEmail(), 'texter');
    const anon = new Client('anonymous');
    const signup = (body) => anon.post('/api/v1/invitations/signup', body);

    assertError(await signup({ token: inv.token, name: 'Shorty', password: 'short' }), 422, 'validation_failed', 'password');
    assertError(await signup({ token: inv.token, name: 'Shorty', password: '1234567' }), 422, 'validation_failed', 'password');
    assertError(await signup({ token: inv.token, name: 'Longy', password: 'x'.repeat(257) }), 422, 'validation_failed', 'password');
    assertError(await signup({ token: inv.token, name: 'Nopass' }), 422, 'validation_failed', 'password');
    assertError(await signup({ token: inv.token, name: '', password: 'long-enough-1' }), 422, 'validation_failed', 'name');
    assertError(await signup({ token: inv.token, name: 'n'.repeat(101), password: 'long-enough-1' }), 422, 'validation_failed', 'name');
    assertError(await signup({ name: 'No Token', password: 'long-enough-1' }), 422, 'validation_failed', 'token');
    assert.equal(anon.hasSession(), false);

    assert.equal((await lookup(inv.token)).status, 200, 'failed signups do not use up the invitation');
    // the boundaries are allowed: exactly 8 characters
    const ok = await signup({ token: inv.token, name: 'n'.repeat(100), password: '12345678' });
    assert.equal(ok.status, 201);
  });

  test('an existing user: signup is 409, accepting while logged in adds the membership', async () => {
    const home = freshOrg('home');
    const u = freshUser('existing', [[home.name, 'texter']]);
    const o = freshOrg('joinme');
    const c = await loggedIn(o.owner);
    const inv = await invite(c, o.id, u.email, 'supervisor');

    const l = await lookup(inv.token);
    assert.equal(l.status, 200);
    assert.equal(l.body.account_exists, true);
    assert.equal(l.body.email, u.email);

    assertError(await new Client().post('/api/v1/invitations/signup', { token: inv.token, name: 'Dup', password: 'long-enough-1' }), 409, 'conflict');
    // accept needs a session
    assertError(await new Client().post('/api/v1/invitations/accept', { token: inv.token }), 401, 'not_authenticated');

    const uc = await loggedIn(u);
    const r = await uc.post('/api/v1/invitations/accept', { token: inv.token });
    assert.equal(r.status, 200);
    assert.equal(r.body.user.email, u.email);
    assert.deepEqual(membershipOf(r.body, o.id), { org_id: o.id, org_name: o.name, role: 'supervisor' });
    assert.deepEqual(membershipOf(r.body, home.id), { org_id: home.id, org_name: home.name, role: 'texter' });

    const me = await uc.get('/api/v1/me');
    assert.equal(membershipOf(me.body, o.id).role, 'supervisor');
    // used up
    assertError(await uc.post('/api/v1/invitations/accept', { token: inv.token }), 404, 'not_found');
    assertError(await lookup(inv.token), 404, 'not_found');
    const listed = (await c.all(invitations(o.id))).find((i) => i.id === inv.invitation.id);
    assert.equal(listed.status, 'accepted');
  });
});

describe('who may invite whom', () => {
  test('a supervisor invites texters only', async () => {
    const o = freshOrg('supinv');
    const s = freshUser('sup', [[o.name, 'supervisor']]);
    const sc = await loggedIn(s);
    for (const role of ['admin', 'owner', 'supervisor']) {
      assertError(await sc.post(invitations(o.id), { email: newEmail(), role }), 403, 'forbidden');
    }
    const inv = await invite(sc, o.id, newEmail(), 'texter');
    assert.equal(inv.invitation.invited_by_name, s.name);
    const list = await sc.get(invitations(o.id));
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((i) => i.id), [inv.invitation.id], 'the refused ones were not created');
    assert.equal((await sc.delete(`${invitations(o.id)}/${inv.invitation.id}`)).status, 204, 'a supervisor may revoke');
  });

  test('an admin invites any role but owner; an owner may invite an owner', async () => {
    const o = freshOrg('adinv');
    const a = freshUser('ad', [[o.name, 'admin']]);
    const ac = await loggedIn(a);
    assertError(await ac.post(invitations(o.id), { email: newEmail(), role: 'owner' }), 403, 'forbidden');
    for (const role of ['admin', 'supervisor', 'texter']) await invite(ac, o.id, newEmail(), role);

    const oc = await loggedIn(o.owner);
    const inv = await invite(oc, o.id, newEmail('co-owner'), 'owner');
    const l = await lookup(inv.token);
    assert.equal(l.body.role, 'owner');
  });

  test('a texter cannot list, create or revoke; an outsider gets 404', async () => {
    const o = freshOrg('texinv');
    const t = freshUser('tex', [[o.name, 'texter']]);
    const oc = await loggedIn(o.owner);
    const inv = await invite(oc, o.id, newEmail(), 'texter');
    const tc = await loggedIn(t);
    assertError(await tc.get(invitations(o.id)), 403, 'forbidden');
    assertError(await tc.post(invitations(o.id), { email: newEmail(), role: 'texter' }), 403, 'forbidden');
    assertError(await tc.delete(`${invitations(o.id)}/${inv.invitation.id}`), 403, 'forbidden');

    const outsider = await loggedIn(freshOrg('outsider').owner);
    assertError(await outsider.get(invitations(o.id)), 404, 'not_found');
    assertError(await outsider.delete(`${invitations(o.id)}/${inv.invitation.id}`), 404, 'not_found');
    assert.equal((await lookup(inv.token)).status, 200, 'still usable');
  });

  test('not logged in: 401 on the org endpoints', async () => {
    const o = freshOrg('anoninv');
    const anon = new Client('anonymous');
    assertError(await anon.get(invitations(o.id)), 401, 'not_authenticated');
    assertError(await anon.post(invitations(o.id), { email: newEmail(), role: 'texter' }), 401, 'not_authenticated');
  });
});

describe('an invitation is for its email address', () => {
  test('another signed-in account is refused clearly (403 wrong_account naming both addresses); the invited one accepts', async () => {
    const o = freshOrg('forwhom');
    const c = await loggedIn(o.owner);
    const invited = freshUser('invited');
    const other = freshUser('other', [[freshOrg('elsewhere').name, 'owner']]);
    const inv = await invite(c, o.id, invited.email, 'admin');

    const oc = await loggedIn(other);
    const seen = await lookup(inv.token, oc);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.kind, 'email');
    assert.equal(seen.body.email, invited.email);
    assert.equal(seen.body.signed_in_as, other.email);
    assert.equal(seen.body.for_you, false, 'the page can say so before anyone presses Accept');

    const refused = await oc.post('/api/v1/invitations/accept', { token: inv.token });
    assertError(refused, 403, 'wrong_account');
    assert.match(refused.body.error.message, new RegExp(`for ${invited.email.replace(/\./g, '\\.')}`));
    assert.match(refused.body.error.message, new RegExp(`signed in as ${other.email.replace(/\./g, '\\.')}`));
    assert.equal(membershipOf((await oc.get('/api/v1/me')).body, o.id), undefined, 'no membership for the wrong account');
    assert.equal((await c.all(invitations(o.id))).find((i) => i.id === inv.invitation.id).status, 'pending', 'not spent');

    const ic = await loggedIn(invited);
    const mine = await lookup(inv.token, ic);
    assert.equal(mine.body.for_you, true);
    const r = await ic.post('/api/v1/invitations/accept', { token: inv.token });
    assert.equal(r.status, 200);
    assert.equal(membershipOf(r.body, o.id).role, 'admin');
  });

  test('signing up through it makes its address: another email is 422 field email, the same in other case is fine', async () => {
    const o = freshOrg('signupaddr');
    const c = await loggedIn(o.owner);
    const email = newEmail('exact');
    const inv = await invite(c, o.id, email, 'texter');
    const signup = (body) => new Client('visitor').post('/api/v1/invitations/signup', { token: inv.token, name: 'Vi', password: 'long-enough-1', ...body });
    const wrong = await signup({ email: newEmail('someone-else') });
    assertError(wrong, 422, 'validation_failed', 'email');
    assert.match(wrong.body.error.message, new RegExp(email.replace(/\./g, '\\.')));
    const ok = await signup({ email: email.toUpperCase() });
    assert.equal(ok.status, 201);
    assert.equal(ok.body.user.email, email);
  });
});

describe('open links (texters only, made deliberately)', () => {
  test('only owners and admins make them, only for texters, without an email', async () => {
    const o = freshOrg('openrules');
    const sup = freshUser('opensup', [[o.name, 'supervisor']]);
    const sc = await loggedIn(sup);
    assertError(await sc.post(invitations(o.id), { open: true, role: 'texter' }), 403, 'forbidden');
    const ac = await loggedIn(freshUser('openadmin', [[o.name, 'admin']]));
    assertError(await ac.post(invitations(o.id), { open: true, role: 'supervisor' }), 422, 'validation_failed', 'role');
    assertError(await ac.post(invitations(o.id), { open: true, role: 'texter', email: newEmail() }), 422, 'validation_failed', 'email');
    assertError(await ac.post(invitations(o.id), { open: false, role: 'texter' }), 422, 'validation_failed', 'email');
    const r = await ac.post(invitations(o.id), { open: true, role: 'texter' });
    assert.equal(r.status, 201);
    assert.equal(r.body.invitation.kind, 'open');
    assert.equal(r.body.invitation.email, null);
    assert.equal(r.body.invitation.role, 'texter');
    assert.equal(r.body.invitation.uses, 0);
    const items = await ac.all(invitations(o.id));
    assert.deepEqual(items.map((i) => i.id), [r.body.invitation.id], 'only the one asked for was made');
    assert.equal(items[0].kind, 'open');
  });

  test('everyone with the link joins as a texter (a member keeps their role) until it is revoked; uses are counted', async () => {
    const o = freshOrg('openuse');
    const c = await loggedIn(o.owner);
    const created = await c.post(invitations(o.id), { open: true, role: 'texter' });
    const token = tokenOf(created.body.invite_url);

    const l = await lookup(token);
    assert.equal(l.status, 200);
    assert.deepEqual(l.body, { org_name: o.name, role: 'texter', kind: 'open', email: null, account_exists: false, signed_in_as: null, for_you: false });

    // two people sign up with their own addresses
    const signup = (body) => new Client('visitor').post('/api/v1/invitations/signup', { token, name: 'Open Visitor', password: 'long-enough-1', ...body });
    assertError(await signup({}), 422, 'validation_failed', 'email');
    const first = newEmail('open-first');
    const a = await signup({ email: first });
    assert.equal(a.status, 201);
    assert.equal(a.body.user.email, first);
    assert.deepEqual(a.body.memberships, [{ org_id: o.id, org_name: o.name, role: 'texter' }]);
    assert.equal((await signup({ email: newEmail('open-second') })).status, 201);
    assertError(await signup({ email: first }), 409, 'conflict', 'email');

    // an outsider signed in joins as a texter; a supervisor keeps their role
    const outsider = freshUser('open-outsider');
    const oc = await loggedIn(outsider);
    const seen = await lookup(token, oc);
    assert.equal(seen.body.for_you, true);
    assert.equal(membershipOf((await oc.post('/api/v1/invitations/accept', { token })).body, o.id).role, 'texter');
    const sup = freshUser('open-sup', [[o.name, 'supervisor']]);
    assert.equal(membershipOf((await (await loggedIn(sup)).post('/api/v1/invitations/accept', { token })).body, o.id).role, 'supervisor');

    let listed = (await c.all(invitations(o.id))).find((i) => i.id === created.body.invitation.id);
    assert.equal(listed.status, 'pending', 'an open link is not spent by a use');
    assert.equal(listed.uses, 4);

    assert.equal((await c.delete(`${invitations(o.id)}/${listed.id}`)).status, 204);
    assertError(await lookup(token), 404, 'not_found');
    assertError(await signup({ email: newEmail('open-late') }), 404, 'not_found');
    listed = (await c.all(invitations(o.id))).find((i) => i.id === created.body.invitation.id);
    assert.equal(listed.status, 'revoked');
  });
});

// Invitations by email (issue 17): the outbox sends them; the link in the
// answer stays for the admin to copy; a resend mails a new link.
describe('invitations are emailed', () => {
  const emailed = async (addr, n = 1) => {
    const ms = await waitForMessages(addr, n);
    const p = await parsed(ms[n - 1]);
    const text = p.parts[0].content;
    const m = text.match(/Accept the invitation: (\S+)/);
    assert.ok(m, text);
    return { p, text, url: m[1] };
  };

  test('an invitation for an address is emailed with its organization in the link; an open link is not', async () => {
    const o = freshOrg('invmail');
    const c = await loggedIn(o.owner);
    const email = newEmail('mailed');
    const v = await invite(c, o.id, email, 'admin');
    const { p, text, url } = await emailed(email);
    assert.equal(p.subject, `You are invited to ${o.name} on Launchline`);
    assert.equal(url, `${publicUrl()}/invite?org=${o.id}#${v.token}`, 'the same token as the copyable link, and the org');
    assert.ok(text.includes(`${o.owner.name} invited you to join ${o.name} on Launchline as an admin.`), text);
    assert.ok(p.parts[1].content.includes(`href="${url}"`));
    assert.equal((await lookup(url.split('#')[1])).status, 200);
    // Admins see it among the organization's emails.
    const list = await c.get(`/api/v1/orgs/${o.id}/emails`);
    assert.equal(list.status, 200, list.text);
    const row = list.body.items.find((e) => e.invitation_id === v.invitation.id);
    assert.ok(row, JSON.stringify(list.body.items));
    assert.equal(row.kind, 'invitation');
    assert.equal(row.recipient.email, email);
    assert.equal(row.recipient.id, null);
    assert.equal(row.phone_number_id, null);
    // Once sent, the outbox no longer holds the token.
    assert.equal(sqlValue(`SELECT COUNT(*) FROM email_outbox WHERE invitation_id = ${v.invitation.id} AND secret IS NOT NULL`), '0');

    const open = await c.post(invitations(o.id), { open: true, role: 'texter' });
    assert.equal(open.status, 201);
    assert.equal(sqlValue(`SELECT COUNT(*) FROM email_outbox WHERE invitation_id = ${open.body.invitation.id}`), '0', 'open links send nothing');
  });

  test('resend: a new link by email, the old one dead; accepted, revoked and open ones cannot be resent', async () => {
    const o = freshOrg('invresend');
    const c = await loggedIn(o.owner);
    const email = newEmail('again');
    const v = await invite(c, o.id, email, 'texter');
    await emailed(email);
    const r = await c.post(`${invitations(o.id)}/${v.invitation.id}/resend`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.invitation.status, 'pending');
    const token = tokenOf(r.body.invite_url);
    assert.notEqual(token, v.token);
    const second = await emailed(email, 2);
    assert.equal(second.url, `${publicUrl()}/invite?org=${o.id}#${token}`);
    assertError(await lookup(v.token), 404, 'not_found');
    assert.equal((await lookup(token)).status, 200);

    // A supervisor resends texters' invitations only.
    const sup = freshUser('invsup', [[o.name, 'supervisor']]);
    const s = await loggedIn(sup);
    const adminInv = await invite(c, o.id, newEmail('adm'), 'admin');
    assertError(await s.post(`${invitations(o.id)}/${adminInv.invitation.id}/resend`, {}), 403, 'forbidden');
    assert.equal((await s.post(`${invitations(o.id)}/${v.invitation.id}/resend`, {})).status, 200);

    assert.equal((await c.delete(`${invitations(o.id)}/${adminInv.invitation.id}`)).status, 204);
    assertError(await c.post(`${invitations(o.id)}/${adminInv.invitation.id}/resend`, {}), 409, 'conflict');
    const open = await c.post(invitations(o.id), { open: true, role: 'texter' });
    assertError(await c.post(`${invitations(o.id)}/${open.body.invitation.id}/resend`, {}), 409, 'conflict');
    assertError(await c.post(`${invitations(o.id)}/999999999/resend`, {}), 404, 'not_found');
    const texter = freshUser('invtx', [[o.name, 'texter']]);
    assertError(await (await loggedIn(texter)).post(`${invitations(o.id)}/${v.invitation.id}/resend`, {}), 403, 'forbidden');
  });

  test('an email still unsent when its link dies (a resend, a revoke) is cancelled, its token forgotten', async () => {
    const o = freshOrg('invcancel');
    const c = await loggedIn(o.owner);
    const email = newEmail('busy');
    // The recipient's server says "later": the email waits in the outbox.
    const rule = await addFault({ stage: 'rcpt', rcpt: only(email), action: 'reply', code: 451, text: '4.3.0 Try again later' });
    try {
      const v = await invite(c, o.id, email, 'texter');
      const rows = () => records(`SELECT id, status, secret IS NOT NULL AS has_secret, last_error FROM email_outbox
        WHERE invitation_id = ${v.invitation.id} ORDER BY id`);
      assert.equal((await c.post(`${invitations(o.id)}/${v.invitation.id}/resend`, {})).status, 200);
      let r = rows();
      assert.equal(r.length, 2);
      assert.deepEqual([r[0].status, r[0].has_secret], ['failed', '0'], JSON.stringify(r));
      assert.match(r[0].last_error, /sent again with a new link/);
      assert.equal(r[1].has_secret, '1', 'the new one waits with its token');
      assert.equal((await c.delete(`${invitations(o.id)}/${v.invitation.id}`)).status, 204);
      r = rows();
      assert.ok(r.every((x) => x.has_secret === '0'), JSON.stringify(r));
      assert.match(r[1].last_error, /revoked/);
    } finally {
      await removeFault(rule.id);
    }
    await sleep(1500);
    assert.deepEqual(await messagesTo(email), [], 'nothing with a dead link went out');
  });
});
