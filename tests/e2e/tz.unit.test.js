// Unit tests of web/src/tz.js (no stack needed): the sending window is
// entered in the campaign's time zone and sent as UTC, correctly across
// DST changes, and read back the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTimeZone, timeZones, US_ZONES, utcToZoned, zoneGroups, zonedToUtc } from '../../web/src/tz.js';

test('a local time in a campaign time zone becomes the right UTC instant', () => {
  assert.equal(zonedToUtc('2026-11-28T09:00', 'America/Los_Angeles'), '2026-11-28T17:00:00Z');
  assert.equal(zonedToUtc('2026-07-04T09:00', 'America/Los_Angeles'), '2026-07-04T16:00:00Z');
  assert.equal(zonedToUtc('2026-07-04T09:00', 'Europe/Berlin'), '2026-07-04T07:00:00Z');
  assert.equal(zonedToUtc('2026-01-01T00:30', 'Asia/Kolkata'), '2025-12-31T19:00:00Z');
  assert.equal(zonedToUtc('2026-01-01T00:00', 'UTC'), '2026-01-01T00:00:00Z');
});

test('a time skipped by the clocks going forward moves forward by the gap', () => {
  // 2026-03-08 02:30 does not happen in New York: 03:30 EDT.
  assert.equal(zonedToUtc('2026-03-08T02:30', 'America/New_York'), '2026-03-08T07:30:00Z');
  assert.equal(zonedToUtc('2026-03-08T03:30', 'America/New_York'), '2026-03-08T07:30:00Z');
  assert.equal(zonedToUtc('2026-03-08T01:30', 'America/New_York'), '2026-03-08T06:30:00Z');
});

test('a time that happens twice (clocks going back) means the first', () => {
  assert.equal(zonedToUtc('2026-11-01T01:30', 'America/New_York'), '2026-11-01T05:30:00Z');
  assert.equal(zonedToUtc('2026-11-01T02:30', 'America/New_York'), '2026-11-01T07:30:00Z');
});

test('UTC instants read back as local datetime-local values', () => {
  assert.equal(utcToZoned('2026-11-28T17:00:00Z', 'America/Los_Angeles'), '2026-11-28T09:00');
  assert.equal(utcToZoned('2026-03-08T07:30:00Z', 'America/New_York'), '2026-03-08T03:30');
  assert.equal(utcToZoned(null, 'UTC'), '');
  assert.equal(utcToZoned('garbage', 'UTC'), '');
  for (const local of ['2026-06-01T12:05', '2026-12-31T23:59', '2026-11-01T00:59']) {
    assert.equal(utcToZoned(zonedToUtc(local, 'America/Chicago'), 'America/Chicago'), local);
  }
});

test('unreadable input gives null', () => {
  assert.equal(zonedToUtc('', 'UTC'), null);
  assert.equal(zonedToUtc('tomorrow', 'UTC'), null);
});

test('time zones: known ones recognised, the list keeps the current one', () => {
  assert.equal(isTimeZone('America/Los_Angeles'), true);
  assert.equal(isTimeZone('Mars/Olympus_Mons'), false);
  const list = timeZones('America/New_York');
  assert.ok(list.includes('America/New_York'));
  assert.ok(list.includes('UTC'));
  assert.ok(list.length > 100);
});

test('the picker offers the US zones first, then every other one once', () => {
  const [us, rest] = zoneGroups('Europe/Berlin');
  assert.deepEqual(us.zones.slice(0, 5), ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles']);
  assert.deepEqual(us.zones, US_ZONES.map(([z]) => z));
  assert.ok(rest.zones.includes('Europe/Berlin'));
  assert.ok(!rest.zones.includes('America/New_York'), 'not twice');
  assert.ok(us.zones.every((z) => isTimeZone(z)));
});
