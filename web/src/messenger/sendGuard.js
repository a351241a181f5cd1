// One human action per text, the compliance rule of peer-to-peer texting:
// no key repeat, double tap or script may send two. The send view asks
// this guard before each send:
//   - a key that sent must be released before it sends again (repeated
//     keydown events of a held key never send, nor a second keydown
//     without a keyup between);
//   - a tap or key press within `gapMs` of the contact appearing, or of
//     the last send, does not send (a double tap lands on the next
//     contact before anyone could have read it);
//   - events a script made (isTrusted false) never send.
// Plain JavaScript, checked by tests/e2e/send-guard.unit.test.js.

export const SEND_GAP_MS = 600;

export function createSendGuard({ gapMs = SEND_GAP_MS, now = () => Date.now() } = {}) {
  let keyDown = false; // a key press not yet released
  let shownAt = -Infinity; // when the contact on screen appeared
  let sentAt = -Infinity; // when the last send was let through

  function settled(t) {
    return t - shownAt >= gapMs && t - sentAt >= gapMs;
  }

  return {
    // A new contact is on screen.
    shown() {
      shownAt = now();
    },
    // Whether `gapMs` have passed since the contact appeared and since
    // the last send (the Send button shows as ready from then).
    ready() {
      return settled(now());
    },
    // A tap or click on Send: true when it may send.
    tap(e) {
      if (e && e.isTrusted === false) return false;
      const t = now();
      if (!settled(t)) return false;
      sentAt = t;
      return true;
    },
    // A keydown of the send key: true when it may send. Every press
    // counts as held until keyUp, whether or not it sent.
    keyDown(e) {
      const held = keyDown || Boolean(e && e.repeat);
      keyDown = true;
      if (held) return false;
      return this.tap(e);
    },
    // The send key was released (or the window lost focus, when a keyup
    // would never come).
    keyUp() {
      keyDown = false;
    },
  };
}
