// Unit tests of web/src/messenger/cannedFilter.js (no stack needed): when
// the messenger's filter box shows, and which canned responses a query keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FILTER_AFTER, filterCanned } from '../../web/src/messenger/cannedFilter.js';

const items = [
  { id: 1, title: 'Polling place', text: 'Ward 7 votes at the library on Main Street.' },
  { id: 2, title: 'Hours', text: 'Polls are open 7am to 8pm.' },
  { id: 3, title: 'Élection', text: 'Merci, à bientôt !' },
  { id: 4, title: 'Ride', text: 'We can drive you.' },
];
const ids = (list) => list.map((c) => c.id);

test('the filter box shows past six', () => {
  assert.equal(FILTER_AFTER, 6);
});

test('an empty or blank query keeps every one, in order', () => {
  assert.equal(filterCanned(items, ''), items);
  assert.equal(filterCanned(items, '   '), items);
  assert.equal(filterCanned(items, null), items);
});

test('a query matches the title or the text, any case', () => {
  assert.deepEqual(ids(filterCanned(items, 'poll')), [1, 2]);
  assert.deepEqual(ids(filterCanned(items, 'LIBRARY')), [1]);
  assert.deepEqual(ids(filterCanned(items, 'drive')), [4]);
  assert.deepEqual(ids(filterCanned(items, 'nothing like it')), []);
});

test('every word must match, anywhere, accents ignored', () => {
  assert.deepEqual(ids(filterCanned(items, 'polls 8pm')), [2]);
  assert.deepEqual(ids(filterCanned(items, 'main   ward')), [1]);
  assert.deepEqual(ids(filterCanned(items, 'main hours')), []);
  assert.deepEqual(ids(filterCanned(items, 'election bientot')), [3]);
  assert.deepEqual(ids(filterCanned(items, 'élection')), [3]);
});
