// Unit tests of web/src/components/format.js's formatDuration (no stack
// needed): how long until a campaign's waiting messages have been sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration } from '../../web/src/components/format.js';

test('a wait as people say it', () => {
  assert.equal(formatDuration(0), 'less than a minute');
  assert.equal(formatDuration(59), 'less than a minute');
  assert.equal(formatDuration(60), 'about 1 minute');
  assert.equal(formatDuration(89), 'about 1 minute');
  assert.equal(formatDuration(1000), 'about 17 minutes');
  assert.equal(formatDuration(3600), 'about 1 h');
  assert.equal(formatDuration(7500), 'about 2 h 5 min');
  assert.equal(formatDuration(null), 'less than a minute');
  assert.equal(formatDuration(-5), 'less than a minute');
});
