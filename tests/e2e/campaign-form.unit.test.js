// Unit tests of web/src/components/campaignForm.js (no stack needed): the
// edit form sends only what changed, only fields that may still change in
// the campaign's status, and the window as UTC from the campaign's zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changes, cleanRegions, isEditable, isReadOnly, toForm } from '../../web/src/components/campaignForm.js';

// What the server says may change (editable_fields), by status.
const ALL = ['name', 'description', 'time_zone', 'start_at', 'end_at', 'open_from', 'open_until', 'org_display_name',
  'opt_out_language', 'number_mode', 'phone_number_id', 'use_case_id', 'regions', 'script', 'self_assign', 'batch_size',
  'launch_at'];
const LIVE = ['name', 'description', 'start_at', 'end_at', 'open_from', 'open_until', 'self_assign', 'batch_size'];

const draft = {
  id: 1,
  name: 'GOTV',
  description: '',
  status: 'draft',
  time_zone: 'America/Los_Angeles',
  start_at: '2026-11-28T17:00:00Z',
  end_at: '2026-11-30T03:00:00Z',
  open_from: '09:00',
  open_until: '21:00',
  org_display_name: null,
  opt_out_language: null,
  number_mode: null,
  phone_number_id: null,
  use_case_id: null,
  regions: [],
  script: '',
  self_assign: false,
  batch_size: 300,
  editable_fields: ALL,
};

test('an untouched form changes nothing', () => {
  assert.deepEqual(changes(toForm(draft), draft), {});
  const active = { ...draft, status: 'active', number_mode: 'dedicated', phone_number_id: 7, script: 'Hi', editable_fields: LIVE };
  assert.deepEqual(changes(toForm(active), active), {});
  // A window stored with seconds (made through the API) reads as whole
  // minutes and is no change; saving another field leaves it alone.
  const seconds = { ...draft, start_at: '2026-11-28T17:00:27Z', end_at: '2026-11-30T03:00:59Z' };
  assert.deepEqual(changes(toForm(seconds), seconds), {});
  assert.deepEqual(changes({ ...toForm(seconds), name: 'GOTV 2' }, seconds), { name: 'GOTV 2' });
});

test('the window is read in the campaign time zone and sent as UTC', () => {
  const f = toForm(draft);
  assert.equal(f.start, '2026-11-28T09:00');
  assert.equal(f.end, '2026-11-29T19:00');
  assert.deepEqual(changes({ ...f, start: '2026-11-28T10:30' }, draft), { start_at: '2026-11-28T18:30:00Z' });
  // Another time zone moves both instants: the wall times stay.
  assert.deepEqual(changes({ ...f, time_zone: 'America/New_York' }, draft), {
    time_zone: 'America/New_York',
    start_at: '2026-11-28T14:00:00Z',
    end_at: '2026-11-30T00:00:00Z',
  });
  assert.deepEqual(changes({ ...f, end: '' }, draft), { end_at: null });
});

test('empty overrides mean the organization default (null); text is trimmed', () => {
  const f = toForm({ ...draft, org_display_name: 'Team Ada' });
  assert.deepEqual(changes({ ...f, org_display_name: '  ' }, { ...draft, org_display_name: 'Team Ada' }), { org_display_name: null });
  assert.deepEqual(changes({ ...toForm(draft), opt_out_language: ' Text STOP to quit. ' }, draft), {
    opt_out_language: 'Text STOP to quit.',
  });
});

test('number fields follow the mode', () => {
  const f = toForm(draft);
  assert.deepEqual(changes({ ...f, number_mode: 'dedicated', phone_number_id: '7' }, draft), {
    number_mode: 'dedicated',
    phone_number_id: 7,
  });
  const single = {
    ...f,
    number_mode: 'single_use',
    use_case_id: '3',
    phone_number_id: '7',
    regions: [{ type: 'area_codes', area_codes: ['415'] }, { type: 'area_codes', area_codes: [] }, { type: 'country' }],
  };
  assert.deepEqual(changes(single, draft), {
    number_mode: 'single_use',
    use_case_id: 3,
    regions: [{ type: 'area_codes', area_codes: ['415'] }, { type: 'country' }],
  });
  assert.deepEqual(cleanRegions([{ type: 'state', state: 'CA', area_codes: ['1'] }]), [{ type: 'state', state: 'CA' }]);
  // A followup's number is its parent's: never sent.
  const followup = { ...draft, number_mode: 'followup', phone_number_id: 9 };
  assert.deepEqual(changes({ ...toForm(followup), number_mode: 'dedicated' }, followup), {});
});

test('after launch only the still-editable fields go out', () => {
  const active = { ...draft, status: 'active', number_mode: 'dedicated', phone_number_id: 7, script: 'Hi', editable_fields: LIVE };
  const f = toForm(active);
  const body = changes(
    {
      ...f,
      name: 'GOTV 2',
      script: 'Changed',
      time_zone: 'UTC',
      number_mode: 'single_use',
      end: '2026-12-01T12:00',
      self_assign: true,
      batch_size: '50',
    },
    active,
  );
  // time_zone is fixed, so the end is still read in Los Angeles time.
  assert.deepEqual(body, { name: 'GOTV 2', end_at: '2026-12-01T20:00:00Z', self_assign: true, batch_size: 50 });
  assert.equal(isEditable(active, 'script'), false);
  assert.equal(isEditable(active, 'start_at'), true);
  assert.equal(isEditable(draft, 'script'), true);
  // The server's list decides, not a copy of its rule here.
  assert.equal(isEditable({ ...active, editable_fields: [...LIVE, 'script'] }, 'script'), true);
  assert.equal(isEditable({ ...draft, editable_fields: ['name'] }, 'script'), false);
});

test('failed and archived campaigns are read-only', () => {
  for (const status of ['failed', 'archived']) {
    const c = { ...draft, status, editable_fields: [] };
    assert.equal(isReadOnly(c), true);
    assert.deepEqual(changes({ ...toForm(c), name: 'x' }, c), {});
  }
});

test('a batch size that is not a number goes as typed, for the server to refuse', () => {
  assert.deepEqual(changes({ ...toForm(draft), batch_size: '12x' }, draft), { batch_size: '12x' });
});
