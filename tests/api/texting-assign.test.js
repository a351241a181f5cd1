// Texters on campaigns and who holds which conversation: adding and removing
// texters, pre-loading, distributing Unassigned equally, unassigning and
// reassigning by status, and self assign ("Request conversations"): its
// rules, its batches, opted-out contacts, the sweep of conversations given
// back, and 200 texters requesting at once (checked in the database).
// Self assign runs twice: through the host's claim broker (ll-claimer, which
// answers the claims that arrive together in one transaction), and with the
// broker's socket out of the way, where each worker claims by itself.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { loggedIn, assertError } from './lib/client.js';
import { upload } from './lib/campaigns.js';
import { freshOrg, freshUser } from './lib/admin.js';
import { config } from './lib/env.js';
import { children, masterPid } from './lib/procs.js';
import { waitFor } from './lib/sim.js';
import { sql, sqlValue } from './lib/db.js';
import {
  org, campaignFixture, onCampaign, sqlTexters, conversationsOf, claimsSettled,
} from './lib/texting.js';

const camp = (o, c) => `${org(o)}/campaigns/${c}`;

function countBy(list, key) {
  const m = new Map();
  for (const x of list) m.set(x[key], (m.get(x[key]) || 0) + 1);
  return m;
}

describe('texters on a campaign', () => {
  let o; let owner; let people;
  before(async () => {
    o = freshOrg('texters');
    owner = await loggedIn(o.owner, 'owner');
    people = sqlTexters(o.id, 3);
  });

  test('add members, list them, re-adding answers 200; strangers are refused', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 0 });
    let r = await owner.post(`${camp(o.id, c.id)}/texters`, { user_id: people[0].id });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.user_id, people[0].id);
    assert.equal(r.body.role, 'texter');
    r = await owner.post(`${camp(o.id, c.id)}/texters`, { user_id: people[0].id });
    assert.equal(r.status, 200, r.text);
    r = await owner.post(`${camp(o.id, c.id)}/texters`, { user_id: people[1].id });
    assert.equal(r.status, 201, r.text);
    const list = await owner.all(`${camp(o.id, c.id)}/texters`);
    assert.deepEqual(list.map((t) => t.user_id), [people[0].id, people[1].id]);

    const stranger = freshUser('stranger');
    assertError(await owner.post(`${camp(o.id, c.id)}/texters`, { user_id: stranger.id }), 422, 'validation_failed', 'user_id');
    assertError(await owner.post(`${camp(o.id, c.id)}/texters`, { user_id: 'x' }), 422, 'validation_failed', 'user_id');
    assertError(await owner.post(`${camp(o.id, 999999999)}/texters`, { user_id: people[0].id }), 404, 'not_found');
  });

  test('texters may not manage texters (403); other organizations see nothing (404)', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 0 });
    assertError(await people[2].client.post(`${camp(o.id, c.id)}/texters`, { user_id: people[2].id }), 403, 'forbidden');
    assertError(await people[2].client.get(`${camp(o.id, c.id)}/assignments`), 403, 'forbidden');
    const other = freshOrg('other');
    const them = await loggedIn(other.owner, 'other-owner');
    assertError(await them.get(`${camp(other.id, c.id)}/texters`), 404, 'not_found');
    assertError(await them.get(`${camp(o.id, c.id)}/texters`), 404, 'not_found');
  });

  test('archived and failed campaigns are read-only (409 campaign_read_only)', async () => {
    for (const status of ['archived', 'failed']) {
      const c = campaignFixture(o.id, o.owner.id, { contacts: 0, status });
      assertError(await owner.post(`${camp(o.id, c.id)}/texters`, { user_id: people[0].id }), 409, 'campaign_read_only');
    }
    for (const status of ['draft', 'launching', 'active', 'paused']) {
      const c = campaignFixture(o.id, o.owner.id, { contacts: 0, status });
      const r = await owner.post(`${camp(o.id, c.id)}/texters`, { user_id: people[0].id });
      assert.equal(r.status, 201, `${status}: ${r.text}`);
    }
  });

  test('removing a texter gives every one of their conversations back to Unassigned', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 6 });
    onCampaign(c.id, [people[0].id, people[1].id]);
    let r = await owner.post(`${camp(o.id, c.id)}/assignments/distribute`, { texter_ids: [people[0].id, people[1].id] });
    assert.equal(r.status, 200, r.text);
    sql(`UPDATE conversations SET status = 'needs_response' WHERE id = ${c.conversations[0].id}`);
    r = await owner.delete(`${camp(o.id, c.id)}/texters/${people[0].id}`);
    assert.equal(r.status, 204, r.text);
    const rows = conversationsOf(c.id);
    assert.equal(rows.filter((x) => x.assignee === people[0].id).length, 0);
    assert.equal(rows.filter((x) => x.assignee === null).length, 3);
    assert.equal(rows.filter((x) => x.assignee === people[1].id).length, 3);
    assertError(await owner.delete(`${camp(o.id, c.id)}/texters/${people[0].id}`), 404, 'not_found');
  });
});

describe('admin assignment', () => {
  let o; let owner; let t;
  before(async () => {
    o = freshOrg('assign');
    owner = await loggedIn(o.owner, 'owner');
    t = sqlTexters(o.id, 3);
  });

  test('pre-loading: a campaign with no texters keeps everything Unassigned', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 7 });
    const r = await owner.get(`${camp(o.id, c.id)}/assignments`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.counts.total, 7);
    assert.equal(r.body.unassigned.needs_message, 7);
    assert.deepEqual(r.body.texters, []);
  });

  test('distribute shares Unassigned equally (10 among 3: 4, 3, 3), never opted-out ones', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 11 });
    sql(`UPDATE conversations SET opted_out = 1 WHERE id = ${c.conversations[5].id}`);
    onCampaign(c.id, t.map((x) => x.id));
    const r = await owner.post(`${camp(o.id, c.id)}/assignments/distribute`, { texter_ids: t.map((x) => x.id) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.moved, 10);
    assert.deepEqual(r.body.texters.map((x) => x.assigned), [4, 3, 3]);
    const rows = conversationsOf(c.id);
    const by = countBy(rows, 'assignee');
    assert.deepEqual([by.get(t[0].id), by.get(t[1].id), by.get(t[2].id), by.get(null)], [4, 3, 3, 1]);
    assert.equal(rows.find((x) => x.optedOut).assignee, null);

    const s = await owner.get(`${camp(o.id, c.id)}/assignments`);
    assert.equal(s.status, 200, s.text);
    assert.deepEqual(s.body.texters.map((x) => x.counts.needs_message), [4, 3, 3]);
    assert.equal(s.body.unassigned.opted_out, 1);
    assert.equal(s.body.counts.total, 11);
  });

  test('distribute checks its input', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 2 });
    onCampaign(c.id, [t[0].id]);
    assertError(await owner.post(`${camp(o.id, c.id)}/assignments/distribute`, {}), 422, 'validation_failed', 'texter_ids');
    assertError(await owner.post(`${camp(o.id, c.id)}/assignments/distribute`, { texter_ids: [] }), 422, 'validation_failed', 'texter_ids');
    assertError(await owner.post(`${camp(o.id, c.id)}/assignments/distribute`, { texter_ids: ['1'] }), 422, 'validation_failed', 'texter_ids');
    assertError(await owner.post(`${camp(o.id, c.id)}/assignments/distribute`, { texter_ids: [t[1].id] }), 422, 'validation_failed', 'texter_ids');
    assertError(await owner.post(`${camp(o.id, c.id)}/assignments/distribute`, { texter_ids: [t[0].id], status: 'nope' }), 422, 'validation_failed', 'status');
    assert.equal(conversationsOf(c.id).filter((x) => x.assignee !== null).length, 0, 'nothing half-done');
  });

  test('unassign by status for some texters; reassign equally to others', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 12 });
    onCampaign(c.id, t.map((x) => x.id));
    let r = await owner.post(`${camp(o.id, c.id)}/assignments/distribute`, { texter_ids: [t[0].id, t[1].id] });
    assert.deepEqual(r.body.texters.map((x) => x.assigned), [6, 6]);
    // Two of t0's and one of t1's have been messaged.
    const mine = (u) => conversationsOf(c.id).filter((x) => x.assignee === u).map((x) => x.id);
    sql(`UPDATE conversations SET status = 'messaged' WHERE id IN (${mine(t[0].id).slice(0, 2).join(',')}, ${mine(t[1].id)[0]})`);

    r = await owner.post(`${camp(o.id, c.id)}/assignments/unassign`, { texter_ids: [t[0].id], statuses: ['needs_message'] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.moved, 4);
    let rows = conversationsOf(c.id);
    assert.equal(rows.filter((x) => x.assignee === t[0].id).length, 2, 't0 keeps the messaged ones');
    assert.equal(rows.filter((x) => x.assignee === null).length, 4);

    r = await owner.post(`${camp(o.id, c.id)}/assignments/reassign`, { from_texter_ids: [t[1].id], to_texter_ids: [t[0].id, t[2].id], statuses: ['needs_message'] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.moved, 5);
    rows = conversationsOf(c.id);
    const by = countBy(rows.filter((x) => x.status === 'needs_message'), 'assignee');
    assert.equal(by.get(t[1].id), undefined, 't1 has no needs_message left');
    assert.deepEqual([by.get(t[0].id), by.get(t[2].id)].sort(), [2, 3]);
    assert.equal(rows.filter((x) => x.assignee === t[1].id).length, 1, 't1 keeps the messaged one');

    // Everything of everyone back to Unassigned.
    r = await owner.post(`${camp(o.id, c.id)}/assignments/unassign`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(conversationsOf(c.id).filter((x) => x.assignee !== null).length, 0);
    assertError(await owner.post(`${camp(o.id, c.id)}/assignments/reassign`, { statuses: ['closed'] }), 422, 'validation_failed', 'to_texter_ids');
    assertError(await owner.post(`${camp(o.id, c.id)}/assignments/unassign`, { statuses: ['later'] }), 422, 'validation_failed', 'statuses');
  });
});

// How many claims each of the broker's turns answered for campaign id (its log lines).
function brokerTurns(campaignId) {
  const log = readFileSync(join(process.env.STATE_DIR, 'launchline.log'), 'utf8');
  const re = new RegExp(`"role":"claimer".*"msg":"campaign ${campaignId}: ([0-9]+) claims in one turn"`, 'g');
  return [...log.matchAll(re)].map((m) => Number(m[1]));
}

for (const mode of ['broker', 'direct']) describe(`self assign (${mode})`, () => {
  let o; let owner; let t;
  const socket = `${config().socket}.claims`;
  const aside = `${socket}.aside`;
  before(async () => {
    o = freshOrg(`self-${mode}`);
    owner = await loggedIn(o.owner, 'owner');
    t = sqlTexters(o.id, 4);
    assert.ok(existsSync(socket), `the claim broker listens on ${socket}`);
    // Workers connect by path: with it gone they claim by themselves.
    if (mode === 'direct') renameSync(socket, aside);
  });
  after(() => {
    if (mode === 'direct' && existsSync(aside)) renameSync(aside, socket);
  });
  const request = (who, c) => who.client.post(`${camp(o.id, c.id)}/assignments/request`, {});

  test('the rules: on the campaign, self assign on, live campaign, nothing left to send', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 20, batchSize: 5 });
    assertError(await request(t[0], c), 403, 'not_on_campaign');
    onCampaign(c.id, [t[0].id]);
    let r = await request(t[0], c);
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body, { claimed: 5, batch_size: 5 });
    assertError(await request(t[0], c), 409, 'assignment_not_finished');

    // The messenger shows the button only once nothing waits.
    let a = (await t[0].client.get(`${org(o.id)}/assignments`)).body.items.find((x) => x.campaign.id === c.id);
    assert.equal(a.can_request, false);
    assert.equal(a.counts.needs_message, 5);
    sql(`UPDATE conversations SET status = 'messaged' WHERE campaign_id = ${c.id} AND assignee_id = ${t[0].id}`);
    a = (await t[0].client.get(`${org(o.id)}/assignments`)).body.items.find((x) => x.campaign.id === c.id);
    assert.equal(a.can_request, true);
    r = await request(t[0], c);
    assert.equal(r.status, 201, r.text);

    for (const status of ['draft', 'archived', 'failed']) {
      const d = campaignFixture(o.id, o.owner.id, { contacts: 3, status });
      onCampaign(d.id, [t[1].id]);
      assertError(await request(t[1], d), 409, 'campaign_not_active');
    }
    const off = campaignFixture(o.id, o.owner.id, { contacts: 3, selfAssign: false });
    onCampaign(off.id, [t[1].id]);
    assertError(await request(t[1], off), 409, 'self_assign_off');
    assert.equal(conversationsOf(off.id).filter((x) => x.assignee !== null).length, 0);
    // Another organization's campaign, and none at all: 404, nothing taken.
    const other = freshOrg(`self-other-${mode}`);
    const theirs = campaignFixture(other.id, other.owner.id, { contacts: 3 });
    assertError(await t[1].client.post(`${org(o.id)}/campaigns/${theirs.id}/assignments/request`, {}), 404, 'not_found');
    assertError(await t[1].client.post(`${org(o.id)}/campaigns/999999999/assignments/request`, {}), 404, 'not_found');
    assert.equal(Number(sql(`SELECT COUNT(*) FROM assign_claims WHERE campaign_id = ${theirs.id}`)[0][0]), 0);
    assert.equal(brokerTurns(c.id).length > 0, mode === 'broker', `claims of campaign ${c.id} went ${mode === 'broker' ? 'through' : 'around'} the broker`);
  });

  test('a double click (eight requests at once from one texter) takes one batch', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 50, batchSize: 5 });
    onCampaign(c.id, [t[1].id]);
    const answers = await Promise.all(Array.from({ length: 8 }, () => request(t[1], c)));
    const took = answers.filter((r) => r.status === 201);
    assert.equal(took.length, 1, answers.map((r) => r.status).join(' '));
    for (const r of answers) if (r.status !== 201) assertError(r, 409, 'assignment_not_finished');
    assert.equal(Number(sql(`SELECT COUNT(*) FROM assign_claims WHERE campaign_id = ${c.id}`)[0][0]), 1);
    await claimsSettled(c.id);
    assert.equal(conversationsOf(c.id).filter((x) => x.assignee === t[1].id).length, 5);
  });

  test('batches come from Unassigned in order, skip opted-out contacts, and end with "No more conversations available"', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 9, batchSize: 4 });
    onCampaign(c.id, [t[2].id, t[3].id]);
    sql(`UPDATE conversations SET opted_out = 1 WHERE id = ${c.conversations[1].id};
         UPDATE conversations SET assignee_id = ${t[3].id}, status = 'messaged' WHERE id = ${c.conversations[2].id}`);
    let r = await request(t[2], c);
    assert.equal(r.body.claimed, 4);
    await claimsSettled(c.id);
    const got = conversationsOf(c.id).filter((x) => x.assignee === t[2].id).map((x) => x.id);
    assert.deepEqual(got, [0, 3, 4, 5].map((i) => c.conversations[i].id), 'in id order, stepping over the opted-out and the taken');
    r = await request(t[3], c);
    assert.equal(r.body.claimed, 3, 'what is left');
    sql(`UPDATE conversations SET status = 'messaged' WHERE campaign_id = ${c.id} AND assignee_id = ${t[2].id}`);
    r = await request(t[2], c);
    assertError(r, 409, 'no_more_conversations');
    assert.equal(r.body.error.message, 'No more conversations available.');
    await claimsSettled(c.id);
    const rows = conversationsOf(c.id);
    assert.equal(rows.find((x) => x.optedOut).assignee, null, 'the opted-out contact is never handed out');
  });

  test('conversations given back behind the cursor are handed out again', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 6, batchSize: 3 });
    onCampaign(c.id, [t[0].id, t[1].id]);
    assert.equal((await request(t[0], c)).body.claimed, 3);
    assert.equal((await request(t[1], c)).body.claimed, 3);
    assertError(await request({ client: owner }, c), 403, 'not_on_campaign');
    // t0 is taken off: their 3 go back to Unassigned, behind the cursor.
    assert.equal((await owner.delete(`${camp(o.id, c.id)}/texters/${t[0].id}`)).status, 204);
    sql(`UPDATE conversations SET status = 'messaged' WHERE campaign_id = ${c.id} AND assignee_id = ${t[1].id}`);
    const r = await request(t[1], c);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.claimed, 3);
    await claimsSettled(c.id);
    assert.equal(conversationsOf(c.id).filter((x) => x.assignee === t[1].id).length, 6);
  });

  test('a texter sees their batch at once, before the assigner role gets to it', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 5, batchSize: 5 });
    onCampaign(c.id, [t[3].id]);
    assert.equal((await request(t[3], c)).status, 201);
    const r = await t[3].client.get(`${camp(o.id, c.id)}/conversations?status=needs_message`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items.length, 5);
  });

  test('200 texters request at once: no conversation goes to two, none is lost', { timeout: 120000 }, async () => {
    const batch = 7;
    const contacts = 1200; // 200 * 7 = 1400 wanted: the last ones find none
    const c = campaignFixture(o.id, o.owner.id, { contacts, batchSize: batch });
    sql(`UPDATE conversations SET opted_out = 1 WHERE campaign_id = ${c.id} AND MOD(id, 50) = 0`);
    const optedOut = conversationsOf(c.id).filter((x) => x.optedOut).length;
    const crowd = sqlTexters(o.id, 200);
    onCampaign(c.id, crowd.map((x) => x.id));
    const answers = await Promise.all(crowd.map((x) => request(x, c)));
    const claimed = new Map();
    for (const [i, r] of answers.entries()) {
      if (r.status === 201) claimed.set(crowd[i].id, r.body.claimed);
      else assertError(r, 409, 'no_more_conversations');
    }
    await claimsSettled(c.id, 60000);
    const rows = conversationsOf(c.id);
    // One assignee column per conversation; what each texter was told is what they hold.
    const held = countBy(rows.filter((x) => x.assignee !== null), 'assignee');
    for (const [user, n] of claimed) assert.equal(held.get(user), n, `texter ${user} was told ${n}`);
    assert.equal([...held.keys()].filter((u) => !claimed.has(u)).length, 0, 'nobody holds conversations without a batch');
    const total = [...claimed.values()].reduce((a, b) => a + b, 0);
    assert.equal(total, contacts - optedOut, 'every conversation that is not opted out went to someone');
    assert.equal(rows.filter((x) => x.assignee === null && !x.optedOut).length, 0, 'none lost');
    assert.equal(rows.filter((x) => x.optedOut && x.assignee !== null).length, 0, 'no opted-out contact handed out');
    assert.ok([...claimed.values()].every((n) => n >= 1 && n <= batch));
    // The batches recorded do not overlap.
    const ranges = sql(`SELECT first_id, last_id FROM assign_claims WHERE campaign_id = ${c.id} ORDER BY first_id`).map((x) => x.map(Number));
    for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i][0] > ranges[i - 1][1], `batches ${i - 1} and ${i} overlap`);
    const turns = brokerTurns(c.id);
    if (mode === 'direct') assert.equal(turns.length, 0, 'no claim went through the broker');
    else {
      assert.equal(turns.reduce((a, b) => a + b, 0), 200, 'the broker answered every request');
      assert.ok(Math.max(...turns) > 1, `the broker answered requests together (turns: ${turns.join(' ')})`);
    }
  });

  test('a campaign without a batch size of its own takes the organization\'s default', async () => {
    sql(`UPDATE orgs SET default_batch_size = 60 WHERE id = ${o.id}`);
    const c = campaignFixture(o.id, o.owner.id, { contacts: 130, batchSize: 'NULL' });
    onCampaign(c.id, [t[0].id, t[1].id, t[2].id]);
    const told = [];
    for (const x of [t[0], t[1], t[2]]) {
      sql(`UPDATE conversations SET status = 'messaged' WHERE assignee_id = ${x.id} AND status = 'needs_message'`);
      const r = await request(x, c);
      assert.equal(r.status, 201, r.text);
      told.push(r.body.claimed);
      assert.equal(r.body.batch_size, 60);
    }
    assert.deepEqual(told, [60, 60, 10]);
    sql(`UPDATE orgs SET default_batch_size = 300 WHERE id = ${o.id}`);
  });

  // sql/013: the assigner role plans where each batch ends, so a claim reads
  // one row instead of walking the index; anything that changes the
  // Unassigned conversations ahead of the cursor makes the plan stale.
  const planned = (c, batch) => waitFor(`campaign ${c.id} planned`, async () => {
    const row = sql(`SELECT plan_done, plan_batch, (SELECT COUNT(*) FROM assign_plan p WHERE p.campaign_id = a.campaign_id
      AND p.gen = a.plan_gen) FROM assign_cursors a WHERE a.campaign_id = ${c.id}`)[0];
    return { done: row !== undefined && row[0] === '1' && Number(row[1]) === batch, value: row && Number(row[2]) };
  }, { timeoutMs: 20000, intervalMs: 100 });
  const sent = (who) => sql(`UPDATE conversations SET status = 'messaged' WHERE assignee_id = ${who.id} AND status = 'needs_message'`);

  if (mode === 'broker') test('the assigner role plans the batches of a live campaign and a claim reads where its batch ends', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 600, batchSize: 50 });
    assert.equal(await planned(c, 50), 12, 'twelve batches of 50 planned');
    const plan = sql(`SELECT from_id, last_id FROM assign_plan WHERE campaign_id = ${c.id} ORDER BY from_id`).map((x) => x.map(Number));
    assert.equal(plan[0][1], c.conversations[49].id);
    for (let i = 1; i < plan.length; i++) assert.equal(plan[i][0], plan[i - 1][1] + 1, 'each starts where the one before ended');
    assert.equal(plan[11][1], c.conversations[599].id);
    // A plan row that says otherwise is what the claim follows: it is read.
    sql(`UPDATE assign_plan SET last_id = ${c.conversations[9].id} WHERE campaign_id = ${c.id} AND from_id = ${plan[0][0]}`);
    onCampaign(c.id, [t[3].id]);
    sent(t[3]);
    assert.equal((await request(t[3], c)).status, 201);
    assert.equal(Number(sqlValue(`SELECT last_id FROM assign_claims WHERE campaign_id = ${c.id}`)), c.conversations[9].id);
  });

  test('after an opt-out, an admin\'s moves, contacts removed or a new batch size, a texter gets what they are told', async () => {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 400, batchSize: 50 });
    onCampaign(c.id, [t[0].id, t[1].id]);
    const takes = async (who) => {
      sent(who);
      const r = await request(who, c);
      assert.equal(r.status, 201, r.text);
      await claimsSettled(c.id);
      const held = conversationsOf(c.id).filter((x) => x.assignee === who.id && x.status === 'needs_message').length;
      assert.equal(held, r.body.claimed, 'told what they hold');
      return r.body.claimed;
    };
    await planned(c, 50);
    assert.equal(await takes(t[0]), 50);

    // The same phone in another campaign of the organization opts out there.
    const other = campaignFixture(o.id, o.owner.id, { contacts: 0 });
    const phone = c.conversations[60].phone;
    const mine = Number(sqlValue(`INSERT INTO conversations (campaign_id, phone, first_name, last_name, assignee_id, status)
      VALUES (${other.id}, '${phone}', 'Pat', 'Doe', ${t[1].id}, 'needs_response'); SELECT LAST_INSERT_ID();`));
    await planned(c, 50);
    assert.equal((await t[1].client.post(`${org(o.id)}/conversations/${mine}/opt-out`, {})).status, 200);
    assert.equal(await takes(t[1]), 50);

    // An admin gives three back to Unassigned, ahead of the cursor. (They
    // were handed out before the plan was made.)
    onCampaign(c.id, [t[2].id]);
    sql(`UPDATE conversations SET assignee_id = ${t[2].id} WHERE id IN (${[150, 160, 170].map((i) => c.conversations[i].id).join(',')});
      UPDATE assign_cursors SET plan_gen = plan_gen + 1, plan_to = NULL, plan_done = 0 WHERE campaign_id = ${c.id}`);
    await planned(c, 50);
    const back = await owner.post(`${camp(o.id, c.id)}/assignments/unassign`, { texter_ids: [t[2].id] });
    assert.equal(back.status, 200, back.text);
    assert.equal(back.body.moved, 3);
    assert.equal(await takes(t[0]), 50);

    // Contacts removed by list.
    await planned(c, 50);
    const gone = [220, 221].map((i) => c.conversations[i].phone);
    const rm = await upload(owner, o.id, c.id, `phone\n${gone.join('\n')}\n`, 'contacts/removals');
    assert.equal(rm.status, 200, rm.text);
    assert.equal(await takes(t[1]), 50);

    // A new batch size.
    await planned(c, 50);
    const p = await owner.patch(camp(o.id, c.id), { batch_size: 60 });
    assert.equal(p.status, 200, p.text);
    assert.equal(await takes(t[0]), 60);

    // An admin hands out everything left: nothing more to request.
    await planned(c, 60);
    const d = await owner.post(`${camp(o.id, c.id)}/assignments/distribute`, { texter_ids: [t[2].id] });
    assert.equal(d.status, 200, d.text);
    sent(t[1]);
    assertError(await request(t[1], c), 409, 'no_more_conversations');
  });

  if (mode === 'broker') test('the broker killed while 100 texters request: answers are batches or "busy", none twice, none lost; the master starts another', { timeout: 120000 }, async () => {
    const batch = 5;
    const c = campaignFixture(o.id, o.owner.id, { contacts: 600, batchSize: batch });
    const crowd = sqlTexters(o.id, 100);
    onCampaign(c.id, crowd.map((x) => x.id));
    const [claimer] = children(masterPid(), 'll-claimer');
    assert.ok(claimer, 'a claim broker runs');
    const pending = crowd.map((x) => request(x, c));
    await new Promise((r) => setTimeout(r, 5));
    process.kill(claimer, 'SIGKILL');
    const answers = await Promise.all(pending);
    const told = new Map();
    const again = [];
    for (const [i, r] of answers.entries()) {
      if (r.status === 201) told.set(crowd[i].id, r.body.claimed);
      else { assertError(r, 503, 'busy'); again.push(crowd[i]); }
    }
    await waitFor('another claim broker', async () => {
      const now = children(masterPid(), 'll-claimer');
      return { done: now.length === 1 && now[0] !== claimer, value: now };
    });
    // Asking again is safe: a batch whose answer was lost is theirs already.
    for (const x of again) {
      const r = await request(x, c);
      if (r.status === 201) told.set(x.id, r.body.claimed);
      else assertError(r, 409, 'assignment_not_finished');
    }
    await claimsSettled(c.id, 60000);
    const rows = conversationsOf(c.id);
    const held = countBy(rows.filter((x) => x.assignee !== null), 'assignee');
    for (const [user, n] of told) assert.equal(held.get(user), n, `texter ${user} was told ${n}`);
    for (const [user, n] of held) assert.ok(n === batch, `texter ${user} holds one batch (${n})`);
    assert.equal(held.size, 100, 'every texter holds a batch');
    assert.equal(rows.filter((x) => x.assignee === null).length, 600 - 100 * batch, 'the rest still Unassigned, none lost');
    const ranges = sql(`SELECT first_id, last_id FROM assign_claims WHERE campaign_id = ${c.id} ORDER BY first_id`).map((x) => x.map(Number));
    assert.equal(ranges.length, 100, 'one batch per texter');
    for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i][0] > ranges[i - 1][1], `batches ${i - 1} and ${i} overlap`);
  });
});
