// Unit tests of web/src/components/useSubmit.js (no stack, no browser): the
// hook runs in a component that renders nothing, so Preact needs no DOM.
// One submission: busy while it runs, the error it ends with, what it was
// started with (busyWith), and whether a success frees the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { h, render } from '../../web/node_modules/preact/dist/preact.mjs';
import { useSubmit } from '../../web/src/components/useSubmit.js';

// Renders a probe around useSubmit(action, options); returns a getter of
// the hook's latest answer.
function mount(action, options) {
  let latest;
  function Probe() {
    latest = useSubmit(action, options);
    return null;
  }
  render(h(Probe, null), { childNodes: [], firstChild: null, insertBefore() {}, appendChild() {}, removeChild() {} });
  return () => latest;
}

// Lets the queued renders run.
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('a form submission: the event is prevented and not passed on; busy stays on after a success', async () => {
  const step = deferred();
  const calls = [];
  const hook = mount((...args) => {
    calls.push(args);
    return step.promise;
  });
  assert.equal(hook().busy, false);
  let prevented = 0;
  const done = hook().submit({ preventDefault: () => prevented++ });
  await settle();
  assert.equal(prevented, 1);
  assert.deepEqual(calls, [[]]);
  assert.equal(hook().busy, true);
  assert.equal(hook().busyWith, null);
  step.resolve();
  await done;
  await settle();
  assert.equal(hook().busy, true, 'the screen moves on: busy stays');
  assert.equal(hook().error, null);
});

test('{ again: true } frees the form after a success', async () => {
  const hook = mount(async () => {}, { again: true });
  await hook().submit();
  await settle();
  assert.equal(hook().busy, false);
  assert.equal(hook().busyWith, null);
});

test('a failure keeps its error and frees the form; the next submission clears the error', async () => {
  let fail = true;
  const hook = mount(async () => {
    if (fail) throw new Error('Not saved: the name is empty.');
  });
  await hook().submit();
  await settle();
  assert.equal(hook().busy, false);
  assert.equal(hook().error.message, 'Not saved: the name is empty.');
  fail = false;
  const step = hook().submit();
  await settle();
  assert.equal(hook().error, null);
  await step;
});

test('arguments go to the action; busyWith is the first, a function included, which is not called', async () => {
  const step = deferred();
  const seen = [];
  const hook = mount(
    (...args) => {
      seen.push(args);
      return step.promise;
    },
    { again: true },
  );
  let called = 0;
  const fn = () => called++;
  const first = hook().submit(fn, 'x');
  await settle();
  assert.equal(hook().busyWith, fn);
  assert.equal(called, 0, 'not run as a state updater');
  assert.deepEqual(seen, [[fn, 'x']]);
  step.resolve();
  await first;
  await settle();
  assert.equal(hook().busyWith, null);

  const person = { user_id: 7 };
  const again = deferred();
  const hook2 = mount(() => again.promise, { again: true });
  const second = hook2().submit({ preventDefault() {} }, person, 'admin');
  await settle();
  assert.equal(hook2().busyWith, person, 'the event is dropped, the item is what is busy');
  again.reject(new Error('Could not change the role.'));
  await second;
  await settle();
  assert.equal(hook2().busyWith, null);
  assert.equal(hook2().error.message, 'Could not change the role.');
});

test('setError shows an error of the screen and clears it', async () => {
  const hook = mount(async () => {});
  hook().setError(new Error('Choose a CSV file first.'));
  await settle();
  assert.equal(hook().error.message, 'Choose a CSV file first.');
  assert.equal(hook().busy, false);
  hook().setError(null);
  await settle();
  assert.equal(hook().error, null);
});
