// Unit tests of web/src/messenger/sendGuard.js (no stack needed): one human
// action per text. A held key, a second press without a release, a double
// tap and a scripted click never send twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSendGuard } from '../../web/src/messenger/sendGuard.js';

// A guard on a clock the test moves; the contact appeared at 0.
function guardAt() {
  const clock = { t: 0 };
  const guard = createSendGuard({ gapMs: 600, now: () => clock.t });
  guard.shown();
  return { guard, clock };
}

const press = { key: 'Enter', repeat: false, isTrusted: true };
const repeat = { key: 'Enter', repeat: true, isTrusted: true };

test('a held key sends once: repeated keydowns never send, even on later contacts', () => {
  const { guard, clock } = guardAt();
  clock.t = 1000;
  assert.equal(guard.keyDown(press), true);
  let sent = 1;
  // Key repeat: ~30 a second for three seconds, contacts coming and going.
  for (let i = 0; i < 100; i++) {
    clock.t += 33;
    if (i % 10 === 0) guard.shown();
    if (guard.keyDown(repeat)) sent++;
  }
  assert.equal(sent, 1);
  guard.keyUp();
  clock.t += 1000;
  assert.equal(guard.keyDown(press), true, 'a new press after the release sends');
});

test('a second keydown without a release does not send (repeat flag or not)', () => {
  const { guard, clock } = guardAt();
  clock.t = 1000;
  assert.equal(guard.keyDown(press), true);
  clock.t = 5000;
  guard.shown();
  clock.t = 6000;
  assert.equal(guard.keyDown(press), false);
  guard.keyUp();
  assert.equal(guard.keyDown(press), true);
});

test('a press too soon after the contact appeared does not send, and must be released', () => {
  const { guard, clock } = guardAt();
  clock.t = 100;
  assert.equal(guard.keyDown(press), false);
  clock.t = 2000;
  assert.equal(guard.keyDown(repeat), false, 'still the same press');
  guard.keyUp();
  assert.equal(guard.keyDown(press), true);
});

test('taps: a double tap sends once; a tap once the contact has been seen sends', () => {
  const { guard, clock } = guardAt();
  assert.equal(guard.ready(), false);
  clock.t = 700;
  assert.equal(guard.ready(), true);
  assert.equal(guard.tap({ isTrusted: true }), true);
  assert.equal(guard.ready(), false);
  clock.t = 780; // the second tap of a double tap, the next contact already shown
  guard.shown();
  assert.equal(guard.tap({ isTrusted: true }), false);
  clock.t = 1000;
  assert.equal(guard.tap({ isTrusted: true }), false, 'the next contact appeared 220 ms ago');
  clock.t = 1400;
  assert.equal(guard.tap({ isTrusted: true }), true);
});

test('events a script made never send', () => {
  const { guard, clock } = guardAt();
  clock.t = 5000;
  assert.equal(guard.tap({ isTrusted: false }), false);
  assert.equal(guard.keyDown({ key: 'Enter', repeat: false, isTrusted: false }), false);
  guard.keyUp();
  assert.equal(guard.tap({ isTrusted: true }), true);
});
