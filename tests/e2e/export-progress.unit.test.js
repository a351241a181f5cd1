// Unit tests of web/src/components/exportProgress.js (no stack, no
// browser): what an export under way shows as it is polled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLive, progressText } from '../../web/src/components/exportProgress.js';

test('queued, then rows of the estimated total with the percentage', () => {
  assert.equal(progressText({ status: 'queued', rows_done: 0, rows_total: 0 }), 'Waiting to start…');
  assert.equal(progressText({ status: 'running', rows_done: 12000, rows_total: 40000 }), '12,000 of 40,000 rows (30%)');
  assert.equal(progressText({ status: 'running', rows_done: 0, rows_total: 1000000 }), '0 of 1,000,000 rows (0%)');
});

test('an estimate passed (rows came in meanwhile) shows 100%, never more', () => {
  assert.equal(progressText({ status: 'running', rows_done: 41000, rows_total: 40000 }), '41,000 of 40,000 rows (100%)');
});

test('no estimate yet: the rows alone', () => {
  assert.equal(progressText({ status: 'running', rows_done: 2000, rows_total: 0 }), '2,000 rows');
});

test('queued and running are under way; done and failed are not', () => {
  assert.deepEqual(['queued', 'running', 'done', 'failed'].map((status) => isLive({ status })), [true, true, false, false]);
});
