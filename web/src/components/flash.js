// A one-time message carried to the next screen, e.g. "Released +1 (415)
// 555-0123." after deleting a number on its own page. A message about a
// campaign's status names the status it was true in (whileStatus), and the
// campaign's pages show it only while the campaign is still in it: "is
// launching" goes when the campaign turns Active.
let message = null;

export function setFlash(text, { whileStatus = null } = {}) {
  message = { text, whileStatus };
}

// The message ({text, whileStatus}), once; null when there is none.
export function takeFlashEntry() {
  const m = message;
  message = null;
  return m;
}

// The message's text, once; null when there is none.
export function takeFlash() {
  const m = takeFlashEntry();
  return m && m.text;
}

// The message's text while it still holds for a campaign in `status`.
export function flashText(flash, status) {
  if (!flash) return null;
  return !flash.whileStatus || flash.whileStatus === status ? flash.text : null;
}
