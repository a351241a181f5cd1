// An organization's settings (GET/PATCH /orgs/:id/settings): display
// name, opt-out language, default batch size and time zone, checked field
// by field, admins only; and campaigns that say they use the
// organization's default do (a new campaign's zone; the name, opt-out
// language and batch size of a campaign without its own).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { loggedIn, assertError } from './lib/client.js';
import { freshUser, freshOrg } from './lib/admin.js';
import { campaignsPath, campaignPath } from './lib/campaigns.js';

const settings = (orgId) => `/api/v1/orgs/${orgId}/settings`;

describe('organization settings', () => {
  test('a fresh organization: its name, the standard opt-out, 300, New York', async () => {
    const o = freshOrg('settings-new');
    const c = await loggedIn(o.owner);
    const r = await c.get(settings(o.id));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {
      name: o.name,
      display_name: null,
      effective_display_name: o.name,
      opt_out_language: 'Reply STOP to stop receiving messages.',
      default_batch_size: 300,
      time_zone: 'America/New_York',
    });
  });

  test('an admin changes all four; each stays; "" gives the name back', async () => {
    const o = freshOrg('settings-set');
    const ad = freshUser('ad', [[o.name, 'admin']]);
    const c = await loggedIn(ad);
    const r = await c.patch(settings(o.id), {
      display_name: 'Friends of the Park',
      opt_out_language: 'Text STOP to opt out.',
      default_batch_size: 120,
      time_zone: 'America/Los_Angeles',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.display_name, 'Friends of the Park');
    assert.equal(r.body.effective_display_name, 'Friends of the Park');
    assert.equal(r.body.opt_out_language, 'Text STOP to opt out.');
    assert.equal(r.body.default_batch_size, 120);
    assert.equal(r.body.time_zone, 'America/Los_Angeles');

    // One field at a time leaves the others.
    const one = await c.patch(settings(o.id), { default_batch_size: 50 });
    assert.equal(one.status, 200);
    assert.equal(one.body.default_batch_size, 50);
    assert.equal(one.body.time_zone, 'America/Los_Angeles');
    assert.equal(one.body.display_name, 'Friends of the Park');

    const back = await c.patch(settings(o.id), { display_name: '' });
    assert.equal(back.body.display_name, null);
    assert.equal(back.body.effective_display_name, o.name);
    assert.equal((await c.get(settings(o.id))).body.opt_out_language, 'Text STOP to opt out.');
  });

  test('bad values: 422 naming the field, nothing changed', async () => {
    const o = freshOrg('settings-bad');
    const c = await loggedIn(o.owner);
    const bad = [
      [{ time_zone: 'Mars/Olympus_Mons' }, 'time_zone'],
      [{ time_zone: '' }, 'time_zone'],
      [{ default_batch_size: 0 }, 'default_batch_size'],
      [{ default_batch_size: 5001 }, 'default_batch_size'],
      [{ default_batch_size: 2.5 }, 'default_batch_size'],
      [{ default_batch_size: '300' }, 'default_batch_size'],
      [{ opt_out_language: '' }, 'opt_out_language'],
      [{ opt_out_language: 'x'.repeat(301) }, 'opt_out_language'],
      [{ display_name: 'x'.repeat(201) }, 'display_name'],
      [{ display_name: 7 }, 'display_name'],
      [{ batch_size: 100 }, 'batch_size'],
    ];
    for (const [body, field] of bad) {
      assertError(await c.patch(settings(o.id), body), 422, 'validation_failed', field);
    }
    const r = await c.get(settings(o.id));
    assert.equal(r.body.time_zone, 'America/New_York');
    assert.equal(r.body.default_batch_size, 300);
  });

  test('supervisors and texters may not; a non-member gets 404', async () => {
    const o = freshOrg('settings-who');
    const sup = await loggedIn(freshUser('sup', [[o.name, 'supervisor']]));
    assertError(await sup.get(settings(o.id)), 403, 'forbidden');
    assertError(await sup.patch(settings(o.id), { default_batch_size: 10 }), 403, 'forbidden');
    const tx = await loggedIn(freshUser('tx', [[o.name, 'texter']]));
    assertError(await tx.patch(settings(o.id), { default_batch_size: 10 }), 403, 'forbidden');
    const stranger = await loggedIn(freshOrg('settings-stranger').owner);
    assertError(await stranger.get(settings(o.id)), 404, 'not_found');
  });
});

describe('campaigns use the organization\'s defaults', () => {
  test('a new campaign starts in its zone; without their own, the name, opt-out and batch size follow the settings', async () => {
    const o = freshOrg('settings-camp');
    const c = await loggedIn(o.owner);
    assert.equal((await c.patch(settings(o.id), { time_zone: 'America/Chicago' })).status, 200);

    const made = await c.post(campaignsPath(o.id), { name: 'Zone default' });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.body.time_zone, 'America/Chicago');
    const own = await c.post(campaignsPath(o.id), { name: 'Own zone', time_zone: 'America/Denver' });
    assert.equal(own.body.time_zone, 'America/Denver');

    // Changed after the campaign was made: it follows (it has none of its own).
    assert.equal((await c.patch(settings(o.id), {
      display_name: 'Park Friends', opt_out_language: 'Reply STOP to end.', default_batch_size: 75,
    })).status, 200);
    const k = (await c.get(campaignPath(o.id, made.body.id))).body;
    assert.equal(k.effective_org_display_name, 'Park Friends');
    assert.equal(k.effective_opt_out_language, 'Reply STOP to end.');
    assert.equal(k.batch_size, 75);
    assert.equal(k.time_zone, 'America/Chicago', 'a campaign keeps the zone it was made in');

    // A campaign's own values still win.
    const set = await c.patch(campaignPath(o.id, made.body.id), { org_display_name: 'The Park Team', batch_size: 20 });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.effective_org_display_name, 'The Park Team');
    assert.equal(set.body.batch_size, 20);
  });
});
