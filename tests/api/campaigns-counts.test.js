// Conversation counts on the campaign page (GET campaigns/{id}) and the
// texting page (GET campaigns/{id}/assignments): small campaigns counted
// for each answer; large ones (above counts_live_max = 20,000
// conversations, made here by setting contact_count on a small fixture)
// answered from a snapshot that the assigner role counts again while pages
// poll, each answer saying as of when (counts_at); a request counts itself
// only when the snapshot is older than 30 s and nobody else is counting.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { loggedIn } from './lib/client.js';
import { freshOrg } from './lib/admin.js';
import { sql } from './lib/db.js';
import { waitFor } from './lib/sim.js';
import { campaignFixture, org as orgPath, sqlTexters, onCampaign } from './lib/texting.js';

const LARGE = 1000000; // contact_count that makes a campaign large

describe('conversation counts', () => {
  let o; let owner; let t;
  before(async () => {
    o = freshOrg('counts');
    owner = await loggedIn(o.owner, 'owner');
    t = sqlTexters(o.id, 2);
  });

  const detail = async (id) => {
    const r = await owner.get(`${orgPath(o.id)}/campaigns/${id}`);
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  const summary = async (id) => {
    const r = await owner.get(`${orgPath(o.id)}/campaigns/${id}/assignments`);
    assert.equal(r.status, 200, r.text);
    return r.body;
  };
  // 10 conversations: 4 to texter 0, 2 to texter 1 (one messaged), 1 opted out.
  function fixture(size) {
    const c = campaignFixture(o.id, o.owner.id, { contacts: 10 });
    onCampaign(c.id, t.map((x) => x.id));
    const ids = c.conversations.map((x) => x.id);
    sql(`UPDATE conversations SET assignee_id = ${t[0].id} WHERE id IN (${ids.slice(0, 4).join(',')});
      UPDATE conversations SET assignee_id = ${t[1].id} WHERE id IN (${ids.slice(4, 6).join(',')});
      UPDATE conversations SET status = 'messaged' WHERE id = ${ids[5]};
      UPDATE conversations SET opted_out = 1 WHERE id = ${ids[9]};
      UPDATE campaigns SET contact_count = ${size} WHERE id = ${c.id};`);
    return { id: c.id, ids };
  }
  const expectFixture = (d, s) => {
    assert.deepEqual(d.counts, { needs_message: 9, messaged: 1, needs_response: 0, convo: 0, closed: 0, opted_out: 1, unassigned: 4, escalated: 0 });
    assert.deepEqual(s.counts, { needs_message: 9, messaged: 1, needs_response: 0, convo: 0, closed: 0, opted_out: 1, total: 10, escalated: 0 });
    assert.deepEqual(s.unassigned, { needs_message: 4, messaged: 0, needs_response: 0, convo: 0, closed: 0, opted_out: 1, total: 4, escalated: 0 });
    assert.deepEqual(s.texters.map((x) => [x.user_id, x.counts.needs_message, x.counts.messaged, x.counts.total]),
      [[t[0].id, 4, 0, 4], [t[1].id, 1, 1, 2]]);
  };
  const age = (at) => Date.now() - Date.parse(at);

  test('a small campaign is counted for each answer', async () => {
    const c = fixture(10);
    const d = await detail(c.id);
    const s = await summary(c.id);
    expectFixture(d, s);
    assert.ok(age(d.counts_at) < 5000 && age(s.counts_at) < 5000, `${d.counts_at} ${s.counts_at}`);
    sql(`UPDATE conversations SET status = 'closed' WHERE id = ${c.ids[0]}`);
    assert.equal((await detail(c.id)).counts.closed, 1, 'seen at once');
    assert.equal(sql(`SELECT COUNT(*) FROM campaign_counts WHERE campaign_id = ${c.id}`)[0][0], '0', 'no snapshot');
  });

  test('a large campaign is answered from its snapshot, counted again in the background while watched', async () => {
    const c = fixture(LARGE);
    const d = await detail(c.id); // the first look counts it
    const s = await summary(c.id);
    expectFixture(d, s);
    assert.equal(s.counts_at, d.counts_at, 'one snapshot for both pages');
    sql(`UPDATE conversations SET status = 'closed' WHERE id = ${c.ids[0]}`);
    const again = await detail(c.id);
    assert.equal(again.counts.closed, 0, 'the snapshot, not a count');
    assert.equal(again.counts_at, d.counts_at);
    // The assigner role counts it again within counts_refresh_s (5 s) of
    // the last count, while a page keeps asking.
    const fresh = await waitFor('the snapshot to be counted again', async () => {
      const x = await detail(c.id);
      return { done: x.counts.closed === 1, value: x };
    }, { timeoutMs: 15000, intervalMs: 500 });
    assert.ok(Date.parse(fresh.counts_at) > Date.parse(d.counts_at));
    assert.equal(fresh.counts.needs_message, 8);
    assert.equal((await summary(c.id)).counts.closed, 1);
  });

  test('nobody watching: the snapshot ages, and the first request after 30 s counts it itself', async () => {
    const c = fixture(LARGE);
    const d = await detail(c.id);
    // As if the page had been closed a minute: the refresher leaves it.
    sql(`UPDATE conversations SET status = 'closed' WHERE id = ${c.ids[0]};
      UPDATE campaign_counts SET computed_at = computed_at - INTERVAL 40 SECOND,
        wanted_at = wanted_at - INTERVAL 2 MINUTE WHERE campaign_id = ${c.id};`);
    const x = await detail(c.id);
    assert.equal(x.counts.closed, 1, 'counted for this answer');
    assert.ok(Date.parse(x.counts_at) > Date.parse(d.counts_at));
    assert.ok(age(x.counts_at) < 5000);
  });

  test('while someone else counts, requests answer the old snapshot at once', async () => {
    const c = fixture(LARGE);
    const d = await detail(c.id);
    sql(`UPDATE conversations SET status = 'closed' WHERE id = ${c.ids[0]};
      UPDATE campaign_counts SET computed_at = computed_at - INTERVAL 40 SECOND, wanted_at = wanted_at - INTERVAL 2 MINUTE,
        lease_owner = 'elsewhere', lease_until = UTC_TIMESTAMP(3) + INTERVAL 1 MINUTE WHERE campaign_id = ${c.id};`);
    const old = Date.parse(d.counts_at) - 40000;
    const answers = await Promise.all(Array.from({ length: 6 }, () => detail(c.id)));
    for (const a of answers) {
      assert.equal(a.counts.closed, 0);
      assert.equal(Date.parse(a.counts_at), old, 'as of the old count');
    }
    // The other counter's lease runs out without a result: the next
    // request takes over.
    sql(`UPDATE campaign_counts SET lease_until = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE campaign_id = ${c.id}`);
    await sleep(10);
    assert.equal((await detail(c.id)).counts.closed, 1);
  });
});
