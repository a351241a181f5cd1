// Launching campaigns against the provider simulator: the checks before
// anything is created, single-use (Launching -> Active; -> Failed -> retry),
// dedicated (Active at once), followups, archive releasing a single-use
// number (room in the use case), clone, pause/resume, the start-date rules
// after launch, the sending gates as the API shows them, incident mode
// (the CLI switch), the scheduled launch and the launch estimate.
//
// Single-use launches provision numbers and one test changes the
// simulator's options, so this file holds the simulator lock for its whole
// run (lib/simlock.js); it also owns the platform's incident switch (it
// always puts it back on). Its tests run one after another.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertError, loggedIn } from './lib/client.js';
import { freshOrg, freshUser } from './lib/admin.js';
import { lockSimulator } from './lib/simlock.js';
import { withSimOptions, putCampaign, waitFor } from './lib/sim.js';
import { records as sql } from './lib/db.js';
import {
  campaignsPath, campaignPath, numbersPath, useCasesPath, iso, HOUR, upload, orgWithUseCase,
  readyDraft, getCampaign, campaignReaches, completeNumber, provisioningLaunch,
} from './lib/campaigns.js';

let unlock;
before(async () => { unlock = await lockSimulator('campaigns-launch'); });
after(() => { provisioningLaunch(true); unlock?.(); });

const action = (c, orgId, id, what, body) => c.post(`${campaignPath(orgId, id)}/${what}`, body);
const useCaseOf = async (c, orgId, id) => (await c.all(useCasesPath(orgId))).find((u) => u.id === id);

describe('launch checks: each a 422 naming what to fix, nothing created', () => {
  let org; let c; let uc; let pending;

  before(async () => {
    ({ org, c, uc } = await orgWithUseCase('lchk'));
    const r = await c.post(useCasesPath(org.id), { name: 'Pending', provider_campaign_id: 'CPEND01' });
    pending = r.body;
  });

  test('every check in turn', async () => {
    const su = { number_mode: 'single_use', use_case_id: uc.id, regions: [{ type: 'area_codes', area_codes: ['415'] }] };
    const cases = [
      [{}, 3, 'number_mode'],
      [{ ...su, script: '' }, 3, 'script'],
      [{ ...su, script: 'Hi {nickname}' }, 3, 'script'],
      [su, 0, 'contacts'],
      [{ ...su, start_at: null }, 3, 'start_at'],
      [{ ...su, end_at: null }, 3, 'end_at'],
      [{ ...su, start_at: iso(Date.now() - 48 * HOUR), end_at: iso(Date.now() - 24 * HOUR) }, 3, 'end_at'],
      [{ ...su, use_case_id: null }, 3, 'use_case_id'],
      [{ ...su, use_case_id: pending.id }, 3, 'use_case_id'],
      [{ ...su, regions: [] }, 3, 'regions'],
      [{ number_mode: 'dedicated' }, 3, 'phone_number_id'],
    ];
    for (const [fields, contacts, field] of cases) {
      const d = await readyDraft(c, org.id, fields, contacts);
      const r = await action(c, org.id, d.id, 'launch');
      assertError(r, 422, 'launch_not_ready', field);
      const after = await getCampaign(c, org.id, d.id);
      assert.equal(after.status, 'draft');
      assert.equal(after.phone_number_id, null);
    }
    assert.deepEqual((await c.all(numbersPath(org.id))), [], 'no number was created');
    assert.equal((await useCaseOf(c, org.id, uc.id)).live_numbers, 0);
  });

  test('a dedicated number that is not complete yet', async () => {
    const n = await c.post(numbersPath(org.id), { area_code: '999', use_case_id: uc.id }); // no inventory: fails
    const d = await readyDraft(c, org.id, { number_mode: 'dedicated', phone_number_id: n.body.id });
    assertError(await action(c, org.id, d.id, 'launch'), 422, 'launch_not_ready', 'phone_number_id');
  });

  test('texters may not launch', async () => {
    const t = await loggedIn(freshUser('tx', [[org.name, 'texter']]), 'texter');
    const d = await readyDraft(c, org.id, {});
    assertError(await action(t, org.id, d.id, 'launch'), 403, 'forbidden');
  });
});

describe('single-use', () => {
  let org; let c; let uc;

  before(async () => { ({ org, c, uc } = await orgWithUseCase('single')); });

  test('Launching until its number completes, then Active by itself', async () => {
    const d = await readyDraft(c, org.id, {
      name: '€'.repeat(150), // the number's name: its first 100 characters, none cut in two
      number_mode: 'single_use', use_case_id: uc.id,
      // Open all day: sending opens at the start whatever the hour of the run
      // (09:00-21:00 Los Angeles would move it to the next morning at night).
      open_from: '00:00', open_until: '24:00',
      regions: [{ type: 'area_codes', area_codes: ['415', '510'] }, { type: 'area_codes', area_codes: ['650', '415'] }, { type: 'state', state: 'CA' }],
    });
    const r = await action(c, org.id, d.id, 'launch');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'launching');
    assert.equal(r.body.provisioning_status, 'initiated');
    assert.ok(r.body.launched_at);
    assert.equal(r.body.activated_at, null);
    assert.equal(r.body.sending_opens_at, null);
    assert.equal(r.body.phone_number.use_case.id, uc.id);
    // The number: single-use, its area codes the regions in order, then CA's.
    const n = (await c.get(`${numbersPath(org.id)}/${r.body.phone_number_id}`)).body;
    assert.equal(n.kind, 'single_use');
    assert.equal(n.name, '€'.repeat(100));
    assert.deepEqual(n.area_codes.slice(0, 3), ['415', '510', '650']);
    assert.equal(new Set(n.area_codes).size, n.area_codes.length, 'no area code twice');
    assert.ok(n.area_codes.includes('209') && n.area_codes.includes('916'), 'the state adds its area codes');
    assert.ok(n.area_codes.length > 20);
    const g = await getCampaign(c, org.id, d.id);
    assert.equal(g.sending.code, 'not_launched', 'launching: not active yet');
    assert.ok(g.timeline.some((e) => e.kind === 'initiated' && /Requested for campaign/.test(e.detail)));
    assertError(await action(c, org.id, d.id, 'launch'), 409, 'conflict');
    assertError(await action(c, org.id, d.id, 'pause'), 409, 'conflict');

    const done = await campaignReaches(c, org.id, d.id, 'active');
    assert.equal(done.provisioning_status, 'complete');
    assert.match(done.phone_number.phone_number, /^\+1/);
    assert.ok(done.activated_at);
    assert.ok(done.timeline.some((e) => e.kind === 'complete'));
    assert.equal(done.sending.code, 'before_start', 'the start is an hour away');
    assert.equal(done.sending.opens_at, done.start_at);
  });

  test('a failed number makes it Failed; retry: a new draft, the failed one archived, in one step', async () => {
    const reason = 'Carrier rejected the number';
    const d = await readyDraft(c, org.id, {
      name: 'Doomed', number_mode: 'single_use', use_case_id: uc.id, regions: [{ type: 'area_codes', area_codes: ['212'] }],
    }, 4);
    const failed = await withSimOptions({ assignment_failure_rate: 1, failure_reason: reason }, async () => {
      const r = await action(c, org.id, d.id, 'launch');
      assert.equal(r.status, 200, r.text);
      return campaignReaches(c, org.id, d.id, 'failed');
    });
    assert.equal(failed.provisioning_status, 'failed');
    assert.match(failed.phone_number.failure_reason, new RegExp(reason));
    assert.equal(failed.sending.code, 'failed');
    assertError(await c.patch(campaignPath(org.id, d.id), { name: 'x' }), 422, 'validation_failed', 'name');
    assertError(await action(c, org.id, d.id, 'pause'), 409, 'conflict');

    const r = await action(c, org.id, d.id, 'retry');
    assert.equal(r.status, 201, r.text);
    assert.notEqual(r.body.id, d.id);
    assert.equal(r.body.status, 'draft');
    assert.equal(r.body.name, 'Doomed (retry)', 'told apart from the failed one');
    assert.equal(r.body.number_mode, 'single_use');
    assert.equal(r.body.phone_number_id, null, 'a new number at its launch');
    assert.equal(r.body.contact_count, 4);
    assert.deepEqual(r.body.regions, failed.regions);
    assert.equal(r.body.script, failed.script);
    assert.equal((await getCampaign(c, org.id, d.id)).status, 'archived');
    assertError(await action(c, org.id, d.id, 'retry'), 409, 'conflict');
    assertError(await action(c, org.id, r.body.id, 'retry'), 409, 'conflict');
    // The retry launches like any single-use draft.
    const again = await action(c, org.id, r.body.id, 'launch');
    assert.equal(again.status, 200, again.text);
    assert.notEqual(again.body.phone_number_id, failed.phone_number_id);
    await campaignReaches(c, org.id, r.body.id, 'active');
  });
});

describe('dedicated and followups', () => {
  let org; let c; let uc; let number; let active;

  before(async () => {
    ({ org, c, uc } = await orgWithUseCase('dedi'));
    number = await completeNumber(c, org.id, uc.id, '415');
  });

  test('a dedicated campaign is Active at once, sending from its number', async () => {
    const d = await readyDraft(c, org.id, { number_mode: 'dedicated', phone_number_id: number.id, start_at: iso(Date.now() - HOUR), open_from: '00:00', open_until: '24:00' }, 6);
    const r = await action(c, org.id, d.id, 'launch');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'active');
    assert.equal(r.body.phone_number_id, number.id);
    assert.equal(r.body.provisioning_status, 'complete');
    assert.ok(r.body.activated_at);
    const g = await getCampaign(c, org.id, d.id);
    assert.deepEqual(g.sending, { open: true, code: 'open', message: g.sending.message, opens_at: g.sending.opens_at });
    assert.equal(g.counts.needs_message, 6);
    assert.equal(g.counts.unassigned, 6);
    // A number a live campaign sends from cannot be deleted.
    assertError(await c.delete(`${numbersPath(org.id)}/${number.id}`), 409, 'conflict');
    active = g;
  });

  test('pause and resume; the gates follow', async () => {
    let r = await action(c, org.id, active.id, 'pause');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'paused');
    assert.equal((await getCampaign(c, org.id, active.id)).sending.code, 'paused');
    assert.equal((await getCampaign(c, org.id, active.id)).replies.open, true, 'replies still go while paused');
    assertError(await action(c, org.id, active.id, 'pause'), 409, 'conflict');
    r = await action(c, org.id, active.id, 'resume');
    assert.equal(r.body.status, 'active');
    assertError(await action(c, org.id, active.id, 'resume'), 409, 'conflict');
  });

  test('after launch: the start only to a future time, the end freely, the number and script never', async () => {
    const p = campaignPath(org.id, active.id);
    // The API says what may still change; the PATCH rule is that list.
    const live = ['name', 'description', 'start_at', 'end_at', 'open_from', 'open_until', 'self_assign', 'batch_size'];
    assert.deepEqual((await getCampaign(c, org.id, active.id)).editable_fields, live);
    for (const [field, value] of Object.entries({ time_zone: 'UTC', org_display_name: 'Other', opt_out_language: 'Reply QUIT', number_mode: 'single_use', phone_number_id: null, script: 'Other', launch_at: iso(Date.now() + HOUR) })) {
      assert.ok(!live.includes(field));
      assertError(await c.patch(p, { [field]: value }), 422, 'validation_failed', field);
    }
    assertError(await c.patch(p, { start_at: iso(Date.now() - 10 * 60000) }), 422, 'validation_failed', 'start_at');
    let r = await c.patch(p, { start_at: iso(Date.now() + 2 * HOUR) });
    assert.equal(r.status, 200, r.text);
    assert.equal((await getCampaign(c, org.id, active.id)).sending.code, 'before_start');
    r = await c.patch(p, { start_at: r.body.start_at, end_at: iso(Date.now() + 30 * 24 * HOUR), name: 'Renamed', batch_size: 50, self_assign: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.name, 'Renamed');
    assertError(await c.patch(p, { end_at: iso(Date.now() + HOUR) }), 422, 'validation_failed', 'end_at'); // before the start
    assertError(await c.patch(p, { script: 'Something else' }), 422, 'validation_failed', 'script');
    assertError(await c.patch(p, { time_zone: 'UTC' }), 422, 'validation_failed', 'time_zone');
    assertError(await c.patch(p, { phone_number_id: null }), 422, 'validation_failed', 'phone_number_id');
    assertError(await c.patch(p, { launch_at: iso(Date.now() + HOUR) }), 422, 'validation_failed', 'launch_at');
    // Sent unchanged, a field that may no longer change is fine.
    r = await c.patch(p, { script: active.script, time_zone: active.time_zone, start_at: r.body.start_at });
    assert.equal(r.status, 200, r.text);
    await c.patch(p, { start_at: iso(Date.now() + 60000) });
  });

  test('open hours in the campaign\'s time zone: closed now, opening at the next local open hour', async () => {
    // Honolulu has no DST: the open hours two hours from now, local.
    const nowHi = new Date(Date.now() - 10 * HOUR);
    const from = (nowHi.getUTCHours() + 2) % 24;
    const d = await readyDraft(c, org.id, {
      number_mode: 'dedicated', phone_number_id: number.id, time_zone: 'Pacific/Honolulu', start_at: iso(Date.now() - HOUR),
      open_from: `${String(from).padStart(2, '0')}:00`, open_until: `${String(from).padStart(2, '0')}:30`,
    });
    const r = await action(c, org.id, d.id, 'launch');
    assert.equal(r.status, 200, r.text);
    const g = await getCampaign(c, org.id, d.id);
    assert.equal(g.sending.code, 'outside_open_hours');
    const opens = new Date(g.sending.opens_at);
    assert.equal((opens.getUTCHours() + 14) % 24, from, `opens at ${g.sending.opens_at}, ${from}:00 in Honolulu`);
    assert.equal(opens.getUTCMinutes(), 0);
    assert.ok(opens - Date.now() > 60 * 60000 && opens - Date.now() <= 2 * HOUR, g.sending.opens_at);
  });

  test('a followup: the parent\'s number, its contacts minus targeting, Active at once', async () => {
    // Texting is not here yet: set reply states and an opt-out directly.
    const convs = sql(`SELECT id, phone FROM conversations WHERE campaign_id = ${active.id} ORDER BY id`);
    assert.equal(convs.length, 6);
    sql(`UPDATE conversations SET status = 'needs_response' WHERE id = ${convs[0].id}`);
    sql(`UPDATE conversations SET status = 'convo' WHERE id = ${convs[1].id}`);
    sql(`UPDATE conversations SET status = 'messaged' WHERE id IN (${convs[2].id}, ${convs[3].id})`);
    sql(`UPDATE conversations SET opted_out = 1, status = 'closed' WHERE id = ${convs[4].id}`);
    sql(`INSERT INTO opt_outs (org_id, phone, source) VALUES (${org.id}, '${convs[5].phone}', 'keyword')`);

    let r = await action(c, org.id, active.id, 'followups', { name: 'No reply yet', exclude_replied: true });
    assert.equal(r.status, 201, r.text);
    const f = r.body;
    assert.equal(f.status, 'draft');
    assert.equal(f.number_mode, 'followup');
    assert.equal(f.parent_id, active.id);
    assert.equal(f.phone_number_id, number.id);
    assert.equal(f.provisioning_status, 'complete');
    assert.equal(f.start_at, null, 'its own start');
    assert.equal(f.contact_count, 2, 'the two messaged without reply; replied, opted out and org opt-out left out');
    const phones = (await c.all(`${campaignPath(org.id, f.id)}/contacts`)).map((x) => x.phone).sort();
    assert.deepEqual(phones, [convs[2].phone, convs[3].phone].sort());

    r = await action(c, org.id, active.id, 'followups', { exclude_not_replied: true, exclude_opted_out: false });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.name, 'Renamed followup');
    assert.equal(r.body.contact_count, 3, 'the two who replied and the one opted out of this campaign only');
    r = await action(c, org.id, active.id, 'followups', {});
    assert.equal(r.body.contact_count, 4, 'everyone but the opted out');

    // Its number and audience come from the original.
    assertError(await c.patch(campaignPath(org.id, f.id), { number_mode: 'dedicated' }), 422, 'validation_failed', 'number_mode');
    assertError(await c.patch(campaignPath(org.id, f.id), { phone_number_id: null }), 422, 'validation_failed', 'phone_number_id');
    assertError(await upload(c, org.id, f.id, 'phone\n(212) 555-0100\n'), 409, 'conflict');
    // A removal list on the followup, then launch: Active at once.
    const rm = await upload(c, org.id, f.id, `phone\n${convs[2].phone}\n(212) 555-0199\nnot a phone\n`, 'contacts/removals');
    assert.equal(rm.status, 200, rm.text);
    assert.deepEqual({ ...rm.body, problems: rm.body.problems.length }, { removed: 1, not_found: 1, invalid: 1, problems: 1 });
    assert.equal((await getCampaign(c, org.id, f.id)).contact_count, 1);
    await c.patch(campaignPath(org.id, f.id), { script: 'Still time to vote, {first_name}!', start_at: iso(Date.now()), end_at: iso(Date.now() + 24 * HOUR) });
    r = await action(c, org.id, f.id, 'launch');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'active');
    assert.equal(r.body.phone_number_id, number.id);

    assertError(await action(c, org.id, f.id, 'followups', { exclude_replied: 'yes' }), 422, 'validation_failed', 'exclude_replied');
    assertError(await action(c, org.id, f.id, 'followups', { colour: 'red' }), 422, 'validation_failed', 'colour');
    const draft = await readyDraft(c, org.id, {});
    assertError(await action(c, org.id, draft.id, 'followups', {}), 409, 'conflict');
  });

  test('clone: a new draft with the settings and the contacts', async () => {
    const r = await action(c, org.id, active.id, 'clone');
    assert.equal(r.status, 201, r.text);
    const k = r.body;
    const src = await getCampaign(c, org.id, active.id);
    assert.equal(k.status, 'draft');
    assert.equal(k.name, 'Renamed (copy)');
    for (const f of ['script', 'time_zone', 'end_at', 'open_from', 'open_until', 'description', 'regions']) {
      assert.deepEqual(k[f], src[f], f);
    }
    assert.equal(k.batch_size, 50);
    assert.equal(k.self_assign, true);
    assert.equal(k.number_mode, 'dedicated');
    assert.equal(k.phone_number_id, number.id);
    assert.equal(k.script, active.script);
    assert.equal(k.contact_count, 4, 'not the two opted out');
    assert.equal(k.launched_at, null);
    assert.equal((await getCampaign(c, org.id, active.id)).status, 'active', 'the original stays');
  });

  test('clone: every copy has a name of its own, suffixed, numbered past those taken', async () => {
    const names = [];
    for (const from of [active.id, active.id]) {
      const r = await action(c, org.id, from, 'clone');
      assert.equal(r.status, 201, r.text);
      names.push(r.body.name);
    }
    // A copy of a copy is numbered after the original, not "(copy) (copy)".
    const copy = (await c.all(campaignsPath(org.id))).find((x) => x.name === 'Renamed (copy)');
    const r = await action(c, org.id, copy.id, 'clone');
    assert.equal(r.status, 201, r.text);
    names.push(r.body.name);
    assert.deepEqual(names, ['Renamed (copy 2)', 'Renamed (copy 3)', 'Renamed (copy 4)']);
    // Another organization's names do not count.
    const other = freshOrg('lclone');
    const oc = await loggedIn(other.owner, 'lclone-owner');
    const d = await readyDraft(oc, other.id, { name: 'Renamed' });
    const o = await action(oc, other.id, d.id, 'clone');
    assert.equal(o.status, 201, o.text);
    assert.equal(o.body.name, 'Renamed (copy)');
  });

  test('archive: permanent; a dedicated number stays (and may then be deleted once unused)', async () => {
    const r = await action(c, org.id, active.id, 'archive');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'archived');
    assert.ok(r.body.archived_at);
    assert.deepEqual(r.body.editable_fields, [], 'nothing changes once archived');
    assertError(await action(c, org.id, active.id, 'archive'), 409, 'conflict');
    assertError(await action(c, org.id, active.id, 'resume'), 409, 'conflict');
    assertError(await c.patch(campaignPath(org.id, active.id), { end_at: iso(Date.now() + 99 * HOUR) }), 422, 'validation_failed', 'end_at');
    assert.equal((await c.get(`${numbersPath(org.id)}/${number.id}`)).body.provisioning_status, 'complete');
    assert.equal((await c.all(`${campaignsPath(org.id)}?status=archived`)).map((x) => x.id).includes(active.id), true);
  });
});

describe('archive releases a single-use number: room in the use case', () => {
  test('at 49 a launch is refused; archiving a single-use campaign makes room', { timeout: 240000 }, async () => {
    // A 10DLC campaign of its own at the simulator, so its 49 are ours.
    const cap = `CCAP${Date.now().toString(36).toUpperCase()}`;
    await putCampaign(cap, 'MNO_PROVISIONED');
    const { org, c, uc } = await orgWithUseCase('cap', cap);
    const su = { number_mode: 'single_use', use_case_id: uc.id, regions: [{ type: 'area_codes', area_codes: ['303'] }] };
    const first = await readyDraft(c, org.id, su);
    let r = await action(c, org.id, first.id, 'launch');
    assert.equal(r.status, 200, r.text);
    assert.equal((await useCaseOf(c, org.id, uc.id)).live_numbers, 1);
    const codes = ['212', '213', '305', '312', '404', '503', '512', '617', '702', '713', '206', '303'];
    const made = [];
    for (let i = 0; i < 48; i++) {
      const n = await c.post(numbersPath(org.id), { area_code: codes[i % codes.length], use_case_id: uc.id });
      assert.equal(n.status, 201, n.text);
      made.push(n.body.id);
    }
    assert.equal((await useCaseOf(c, org.id, uc.id)).live_numbers, 49);
    const second = await readyDraft(c, org.id, su);
    assertError(await action(c, org.id, second.id, 'launch'), 422, 'launch_not_ready', 'use_case_id');
    assert.equal((await getCampaign(c, org.id, second.id)).status, 'draft');

    r = await action(c, org.id, first.id, 'archive');
    assert.equal(r.status, 200, r.text);
    assert.equal((await useCaseOf(c, org.id, uc.id)).live_numbers, 48, 'the single-use number is released');
    assertError(await c.get(`${numbersPath(org.id)}/${r.body.phone_number_id}`), 404, 'not_found');
    assert.equal(r.body.phone_number.released, true);
    r = await action(c, org.id, second.id, 'launch');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'launching');
    // Clean up: the dedicated numbers go back, and the provisioners finish
    // releasing them before this file lets the simulator go.
    for (const id of made) await c.delete(`${numbersPath(org.id)}/${id}`);
    await waitFor('the deleted numbers to be released', async () => {
      const [row] = sql(`SELECT COUNT(*) AS n FROM phone_numbers WHERE org_id = ${org.id} AND ` +
        "release_requested_at IS NOT NULL AND released_at IS NULL AND (provider_number_id IS NOT NULL OR lease_owner IS NOT NULL)");
      return { done: row.n === '0', value: row };
    }, { timeoutMs: 90000, intervalMs: 500 });
  });
});

describe('incident mode (provisioning-based launching off)', () => {
  test('Active at once, sending opens after the wait; on again changes no Active campaign', async () => {
    const { org, c, uc } = await orgWithUseCase('incident');
    const d = await readyDraft(c, org.id, {
      number_mode: 'single_use', use_case_id: uc.id, regions: [{ type: 'area_codes', area_codes: ['415'] }],
      start_at: iso(Date.now() - HOUR), open_from: '00:00', open_until: '24:00',
    });
    provisioningLaunch(false);
    try {
      assert.equal((await c.get('/api/v1/platform')).body.provisioning_launch, false);
      const r = await action(c, org.id, d.id, 'launch');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.status, 'active', 'no waiting for provisioning');
      assert.equal(r.body.provisioning_status, 'initiated', 'the number is still ordered');
      const wait = Date.parse(r.body.sending_opens_at) - Date.parse(r.body.launched_at);
      assert.equal(wait, 10 * 60000, 'incident_wait_minutes after launch');
      const g = await getCampaign(c, org.id, d.id);
      assert.equal(g.sending.code, 'incident_wait');
      assert.equal(g.sending.opens_at, g.sending_opens_at);
    } finally {
      provisioningLaunch(true);
    }
    assert.equal((await c.get('/api/v1/platform')).body.provisioning_launch, true);
    // The number completes; the campaign stays Active and keeps its wait.
    await waitFor('the number to complete', async () => {
      const x = await getCampaign(c, org.id, d.id);
      return { done: x.provisioning_status === 'complete', value: x };
    }, { timeoutMs: 45000, intervalMs: 300 });
    const x = await getCampaign(c, org.id, d.id);
    assert.equal(x.status, 'active');
    assert.ok(x.sending_opens_at);
    // A launch now waits for provisioning again.
    const d2 = await readyDraft(c, org.id, { number_mode: 'single_use', use_case_id: uc.id, regions: [{ type: 'area_codes', area_codes: ['415'] }] });
    const r2 = await action(c, org.id, d2.id, 'launch');
    assert.equal(r2.body.status, 'launching');
    assert.equal(r2.body.sending_opens_at, null);
  });
});

describe('scheduled launch (launch_at), carried out by the provisioner role', () => {
  test('a ready draft launches at its time; one that fails a check records why', async () => {
    const { org, c, uc } = await orgWithUseCase('sched');
    const number = await completeNumber(c, org.id, uc.id, '212');
    const d = await readyDraft(c, org.id, { number_mode: 'dedicated', phone_number_id: number.id });
    let r = await c.patch(campaignPath(org.id, d.id), { launch_at: iso(Date.now() + 2000) });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.launch_at);
    const done = await campaignReaches(c, org.id, d.id, 'active', 20000);
    assert.equal(done.launch_at, null);
    assert.ok(done.launched_at);

    const bad = await readyDraft(c, org.id, { number_mode: 'dedicated', phone_number_id: number.id }, 0);
    r = await c.patch(campaignPath(org.id, bad.id), { launch_at: iso(Date.now() + 1500) });
    assert.equal(r.status, 200, r.text);
    const refused = await waitFor('the scheduled launch to be refused', async () => {
      const x = await getCampaign(c, org.id, bad.id);
      return { done: x.launch_error !== null, value: x };
    }, { timeoutMs: 20000, intervalMs: 300 });
    assert.equal(refused.status, 'draft');
    assert.equal(refused.launch_at, null);
    assert.match(refused.launch_error, /contact/);
    // Scheduling again clears the error; cancelling with null.
    r = await c.patch(campaignPath(org.id, bad.id), { launch_at: iso(Date.now() + HOUR) });
    assert.equal(r.body.launch_error, null);
    r = await c.patch(campaignPath(org.id, bad.id), { launch_at: null });
    assert.equal(r.body.launch_at, null);
    await sleep(10);
  });

  test('the launch estimate: median and p90 from history, or the stated default', async () => {
    const { org, c } = await orgWithUseCase('estimate');
    const r = await c.get(`/api/v1/orgs/${org.id}/launch-estimate`);
    assert.equal(r.status, 200, r.text);
    const e = r.body;
    assert.ok(e.median_seconds <= e.p90_seconds);
    assert.ok(e.hour_of_week >= 0 && e.hour_of_week < 168);
    const now = new Date();
    assert.equal(e.hour_of_week, ((now.getUTCDay() + 6) % 7) * 24 + now.getUTCHours());
    if (e.samples < 5) assert.deepEqual([e.basis, e.median_seconds, e.p90_seconds], ['default', 1200, 7200]);
    else assert.equal(e.basis, 'history');
    const t = await loggedIn(freshUser('tx', [[org.name, 'texter']]), 'texter');
    assertError(await t.get(`/api/v1/orgs/${org.id}/launch-estimate`), 403, 'forbidden');
  });
});
