// Unit tests of web/src/components/format.js (no stack needed): the app's
// one way of writing times (in the campaign's zone with its abbreviation,
// the viewer's clock beside it when that reads differently), spans, live
// waits and zone names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatClock,
  formatCountdown,
  formatDuration,
  formatTime,
  viewerZone,
  zoneLabel,
} from '../../web/src/components/format.js';

// The viewer's zone is the process's: each case below runs with TZ set.
function as(zone, fn) {
  const was = process.env.TZ;
  process.env.TZ = zone;
  try {
    fn();
  } finally {
    if (was === undefined) delete process.env.TZ;
    else process.env.TZ = was;
  }
}

test('a time in the campaign zone carries its abbreviation', () => {
  as('America/New_York', () => {
    assert.equal(viewerZone(), 'America/New_York');
    // The same zone as the viewer: one reading, no "your time".
    assert.equal(formatTime('2026-11-28T17:00:00Z', 'America/New_York'), 'Nov 28, 2026, 12:00 PM EST');
    assert.equal(formatTime('2026-07-04T16:00:00Z', 'America/New_York'), 'Jul 4, 2026, 12:00 PM EDT');
  });
});

test("a texter elsewhere sees the campaign's time and their own", () => {
  as('America/Los_Angeles', () => {
    assert.equal(
      formatTime('2026-11-28T14:00:00Z', 'America/New_York'),
      'Nov 28, 2026, 9:00 AM EST (6:00 AM PST your time)',
    );
    // Another day on the viewer's clock: the date is said too.
    assert.equal(
      formatTime('2026-11-28T06:00:00Z', 'America/New_York'),
      'Nov 28, 2026, 1:00 AM EST (Nov 27, 10:00 PM PST your time)',
    );
    // local: false, the campaign's time alone; date: false, the time alone.
    assert.equal(formatTime('2026-11-28T14:00:00Z', 'America/New_York', { local: false }), 'Nov 28, 2026, 9:00 AM EST');
    assert.equal(formatTime('2026-11-28T14:00:00Z', 'America/New_York', { date: false }), '9:00 AM EST (6:00 AM PST your time)');
  });
});

test("without a campaign zone a time is the viewer's, with seconds on request", () => {
  as('America/Chicago', () => {
    assert.equal(formatTime('2026-11-28T14:00:05Z'), 'Nov 28, 2026, 8:00 AM CST');
    assert.equal(formatTime('2026-11-28T14:00:05Z', null, { seconds: true }), 'Nov 28, 2026, 8:00:05 AM CST');
  });
});

test('unreadable input and zones do not throw', () => {
  as('UTC', () => {
    assert.equal(formatTime(null), '');
    assert.equal(formatTime('garbage'), 'garbage');
    assert.match(formatTime('2026-11-28T14:00:00Z', 'Mars/Olympus_Mons', { local: false }), /^Nov 28, 2026, 2:00 PM (UTC|GMT)$/);
  });
});

test('spans, countdowns and clocks', () => {
  assert.equal(formatDuration(42), '42 s');
  assert.equal(formatDuration(720), '12 min');
  assert.equal(formatDuration(4800), '1 h 20 min');
  assert.equal(formatDuration(7200), '2 h');
  assert.equal(formatDuration(3 * 86400 + 3600), '3 d 1 h');
  assert.equal(formatDuration(null), '0 s');
  assert.equal(formatCountdown(7500000), '2 h 5 min');
  assert.equal(formatCountdown(249000), '4 min 09 s');
  assert.equal(formatCountdown(36100), '37 s');
  assert.equal(formatClock(545000), '9:05');
  assert.equal(formatClock(3729000), '1:02:09');
  assert.equal(formatClock(-5), '0:00');
});

test('zones by the names people use', () => {
  assert.equal(zoneLabel('America/Los_Angeles'), 'Pacific (America/Los Angeles)');
  assert.equal(zoneLabel('Europe/Berlin'), 'Europe/Berlin');
});
