// A one-time message carried to the next screen, e.g. "Released +1 (415)
// 555-0123." after deleting a number on its own page.
let message = null;

export function setFlash(text) {
  message = text;
}

// The message, once; null when there is none.
export function takeFlash() {
  const m = message;
  message = null;
  return m;
}
