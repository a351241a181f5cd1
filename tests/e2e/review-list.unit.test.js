// Unit tests of web/src/components/useReviewList.js (no stack, no
// browser): message review's list pages in windows of ids, so a page may
// be empty and still have a next_cursor. A load fetches on until rows
// arrive or the cursor ends; "Show more" does the same from the cursor; a
// newer load drops the pages of an older one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { h, render } from '../../web/node_modules/preact/dist/preact.mjs';
import { useReviewList } from '../../web/src/components/useReviewList.js';

// Renders a probe around useReviewList(fetchPage, deps); returns a
// getter of the hook's latest answer.
function mount(fetchPage, deps = []) {
  let latest;
  function Probe() {
    latest = useReviewList(fetchPage, deps);
    return null;
  }
  render(h(Probe, null), { childNodes: [], firstChild: null, insertBefore() {}, appendChild() {}, removeChild() {} });
  return () => latest;
}

// Preact runs effects after the next frame (a timer of ~100 ms without
// requestAnimationFrame), so a settle waits past that.
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

// A fetcher answering from a map cursor -> page (null: the first), and
// recording the cursors it was asked for.
function pages(map) {
  const asked = [];
  const fetchPage = async (cursor) => {
    asked.push(cursor);
    const p = map[cursor === null ? 'start' : cursor];
    if (p instanceof Error) throw p;
    return p;
  };
  return { asked, fetchPage };
}

test('the first load reads on through empty windows until rows arrive', async () => {
  const { asked, fetchPage } = pages({
    start: { items: [], next_cursor: 'a' },
    a: { items: [], next_cursor: 'b' },
    b: { items: [{ id: 7 }], next_cursor: 'c' },
    c: { items: [], next_cursor: null },
  });
  const list = mount(fetchPage);
  await settle();
  assert.deepEqual(asked, [null, 'a', 'b'], 'stops at the first page with rows');
  assert.deepEqual(list().items, [{ id: 7 }]);
  assert.equal(list().hasMore, true);
  assert.equal(list().loading, false);
  assert.equal(list().checked, 3);

  list().loadMore();
  await settle();
  assert.deepEqual(asked, [null, 'a', 'b', 'c']);
  assert.deepEqual(list().items, [{ id: 7 }], 'an empty last window adds nothing');
  assert.equal(list().hasMore, false, 'the cursor ended: no more "Show more"');
});

test('a filter that matches nothing ends with an empty list once the cursor is null', async () => {
  const { asked, fetchPage } = pages({
    start: { items: [], next_cursor: 'a' },
    a: { items: [], next_cursor: null },
  });
  const list = mount(fetchPage);
  await settle();
  assert.deepEqual(asked, [null, 'a']);
  assert.deepEqual(list().items, []);
  assert.equal(list().hasMore, false);
});

test('an error keeps what was read and the cursor to go on from', async () => {
  const { asked, fetchPage } = pages({
    start: { items: [], next_cursor: 'a' },
    a: new Error('Cannot reach the server.'),
  });
  const list = mount(fetchPage);
  await settle();
  assert.deepEqual(asked, [null, 'a']);
  assert.equal(list().error.message, 'Cannot reach the server.');
  assert.deepEqual(list().items, []);
  assert.equal(list().hasMore, true, 'Show more tries the failed window again');
});

test('a reload drops the pages of the load it replaced', async () => {
  let release;
  const slow = new Promise((resolve) => {
    release = resolve;
  });
  let calls = 0;
  const fetchPage = async () => {
    calls += 1;
    if (calls === 1) {
      await slow;
      return { items: [{ id: 1 }], next_cursor: null };
    }
    return { items: [{ id: 2 }], next_cursor: null };
  };
  const list = mount(fetchPage);
  await settle();
  list().reload();
  await settle();
  release();
  await settle();
  assert.deepEqual(list().items, [{ id: 2 }], 'the older answer came last and was dropped');
  assert.equal(list().loading, false);
});
