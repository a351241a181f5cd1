// Campaign invite links: made only with self assign on, a new random token
// each time (the old one dies), disabled for good; following one signs up a
// texter of the organization (or takes a signed-in person in), joins the
// campaign and requests the first batch. Unknown, disabled and dead links
// all answer the same 404 that says nothing about any campaign; tokens
// never reach the logs.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, loggedIn, assertError } from './lib/client.js';
import { freshOrg, freshUser, uniq, newPassword } from './lib/admin.js';
import { sql, sqlValue } from './lib/db.js';
import { org, campaignFixture, conversationsOf, claimsSettled } from './lib/texting.js';

const link = (o, c) => `${org(o)}/campaigns/${c}/invite-link`;

async function lookup(token, client = new Client('visitor')) {
  return client.post('/api/v1/join/lookup', { token });
}

describe('campaign invite links', () => {
  let o; let owner;
  before(async () => {
    o = freshOrg('join');
    owner = await loggedIn(o.owner, 'owner');
  });

  test('needs self assign; each enable makes a new 192-bit token and kills the old one', async () => {
    const off = campaignFixture(o.id, o.owner.id, { contacts: 0, selfAssign: false });
    assertError(await owner.post(link(o.id, off.id), {}), 409, 'self_assign_off');
    assert.deepEqual((await owner.get(link(o.id, off.id))).body, { invite_token: null, invite_url: null });

    const c = campaignFixture(o.id, o.owner.id, { contacts: 0 });
    const first = await owner.post(link(o.id, c.id), {});
    assert.equal(first.status, 201, first.text);
    assert.match(first.body.invite_token, /^[A-Za-z0-9_-]{32}$/);
    assert.ok(first.body.invite_url.endsWith(`/join#${first.body.invite_token}`));
    assert.deepEqual((await owner.get(link(o.id, c.id))).body, first.body);
    const l = await lookup(first.body.invite_token);
    assert.equal(l.status, 200, l.text);
    assert.equal(l.body.org_name, o.name);
    assert.equal(l.body.your_role, null);

    const second = await owner.post(link(o.id, c.id), {});
    assert.notEqual(second.body.invite_token, first.body.invite_token);
    assertError(await lookup(first.body.invite_token), 404, 'not_found');
    assert.equal((await lookup(second.body.invite_token)).status, 200);
  });

  test('disabled, unknown, self assign off, archived: the same 404, nothing about the campaign', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 0, name: 'Secret Campaign Name' });
    const { invite_token: token } = (await owner.post(link(o.id, c.id), {})).body;
    assert.equal((await owner.delete(link(o.id, c.id))).status, 204);
    const disabled = await lookup(token);
    const unknown = await lookup('A'.repeat(32));
    for (const r of [disabled, unknown]) {
      assertError(r, 404, 'not_found');
      assert.ok(!r.text.includes('Secret') && !r.text.includes(o.name), r.text);
    }
    assert.equal(disabled.body.error.message, unknown.body.error.message);
    // Enabling again makes a new link; the disabled one stays dead.
    const again = (await owner.post(link(o.id, c.id), {})).body.invite_token;
    assertError(await lookup(token), 404, 'not_found');
    assert.equal((await lookup(again)).status, 200);
    sql(`UPDATE campaigns SET self_assign = 0 WHERE id = ${c.id}`);
    assertError(await lookup(again), 404, 'not_found');
    sql(`UPDATE campaigns SET self_assign = 1, status = 'archived' WHERE id = ${c.id}`);
    assertError(await lookup(again), 404, 'not_found');
    assertError(await lookup('short'), 422, 'validation_failed', 'token');
  });

  test('signing up through the link: a texter of the organization, on the campaign, first batch taken', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 12, batchSize: 5 });
    const { invite_token: token } = (await owner.post(link(o.id, c.id), {})).body;
    const visitor = new Client('visitor');
    const email = `${uniq('joiner')}@api.test`;
    const r = await visitor.post('/api/v1/join/signup', { token, email: email.toUpperCase(), name: 'Jo Joiner', password: newPassword() });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.user.email, email);
    assert.deepEqual(r.body.memberships.map((m) => [m.org_id, m.role]), [[o.id, 'texter']]);
    assert.deepEqual(r.body.join, { org_id: o.id, campaign_id: c.id, campaign_name: sqlValue(`SELECT name FROM campaigns WHERE id = ${c.id}`), outcome: 'claimed', claimed: 5, message: null });
    const me = await visitor.get('/api/v1/me');
    assert.equal(me.status, 200, 'signed in');
    await claimsSettled(c.id);
    assert.equal(conversationsOf(c.id).filter((x) => x.assignee === r.body.user.id).length, 5);
    const list = await visitor.get(`${org(o.id)}/campaigns/${c.id}/conversations`);
    assert.equal(list.body.items.length, 5);

    // The same email again: 409, nothing new.
    const users = sqlValue('SELECT COUNT(*) FROM users');
    assertError(await new Client('again').post('/api/v1/join/signup', { token, email, name: 'Jo', password: newPassword() }), 409, 'conflict', 'email');
    assert.equal(sqlValue('SELECT COUNT(*) FROM users'), users);
    assertError(await new Client('bad').post('/api/v1/join/signup', { token, email: `${uniq('x')}@api.test`, name: 'X', password: 'short' }), 422, 'validation_failed', 'password');
    assertError(await new Client('dead').post('/api/v1/join/signup', { token: 'B'.repeat(32), email: `${uniq('y')}@api.test`, name: 'Y', password: newPassword() }), 404, 'not_found');
  });

  test('signed in: a member keeps their role, anyone else becomes a texter; joining twice keeps the batch', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 4, batchSize: 3 });
    const { invite_token: token } = (await owner.post(link(o.id, c.id), {})).body;
    const sup = freshUser('sup', [[o.name, 'supervisor']]);
    const supC = await loggedIn(sup, 'sup');
    assert.equal((await lookup(token, supC)).body.your_role, 'supervisor');
    let r = await supC.post('/api/v1/join/accept', { token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.memberships.find((m) => m.org_id === o.id).role, 'supervisor');
    assert.equal(r.body.join.outcome, 'claimed');
    assert.equal(r.body.join.claimed, 3);
    r = await supC.post('/api/v1/join/accept', { token });
    assert.equal(r.body.join.outcome, 'assignment_not_finished');
    assert.equal(r.body.join.claimed, 0);

    const outsider = freshUser('outsider');
    const outC = await loggedIn(outsider, 'outsider');
    r = await outC.post('/api/v1/join/accept', { token });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.memberships.find((m) => m.org_id === o.id).role, 'texter');
    assert.deepEqual([r.body.join.outcome, r.body.join.claimed], ['claimed', 1]);
    r = await new Client('anon').post('/api/v1/join/accept', { token });
    assertError(r, 401, 'not_authenticated');
  });

  test('a live campaign with nothing left: joined all the same, told why', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 0 });
    const { invite_token: token } = (await owner.post(link(o.id, c.id), {})).body;
    const r = await new Client('late').post('/api/v1/join/signup', { token, email: `${uniq('late')}@api.test`, name: 'Late', password: newPassword() });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.join.outcome, 'no_more_conversations');
    assert.equal(r.body.join.message, 'No more conversations available.');
    assert.equal(sqlValue(`SELECT COUNT(*) FROM campaign_texters WHERE campaign_id = ${c.id}`), '1');
  });

  test('tokens never reach the server log', () => {
    const file = process.env.STATE_DIR && join(process.env.STATE_DIR, 'launchline.log');
    if (!file || !existsSync(file)) return;
    const log = readFileSync(file, 'utf8');
    for (const [t] of sql("SELECT invite_token FROM campaigns WHERE invite_token IS NOT NULL")) {
      assert.ok(!log.includes(t), 'an invite token is in the log');
    }
  });
});
