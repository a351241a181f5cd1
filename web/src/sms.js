// SMS length in the browser, for the live counter under the script editor:
// which encoding a text needs (GSM-7 when every character is in the GSM
// 03.38 alphabet, else UCS-2), how many characters it has and how many SMS
// segments it takes. Plain JavaScript with no imports, so Node's test
// runner checks it directly (tests/e2e/sms.unit.test.js).
//
// Segments: GSM-7 fits 160 septets in one SMS, 153 per part once split (the
// rest carries the concatenation header); the extension characters
// (€ [ ] { } \ ^ ~ | and form feed) take two septets and are never split
// across parts. UCS-2 fits 70 UTF-16 units in one SMS, 67 per part; a
// character outside the BMP (most emoji) takes two units and is never split.

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

export const GSM7 = 'GSM-7';
export const UCS2 = 'UCS-2';

const LIMITS = {
  [GSM7]: { single: 160, part: 153 },
  [UCS2]: { single: 70, part: 67 },
};

// The septets a character takes in GSM-7: 1, 2 (extension table), or 0
// when it is not in the GSM alphabet at all.
function septets(ch) {
  if (BASIC.has(ch)) return 1;
  if (EXTENDED.has(ch)) return 2;
  return 0;
}

// How many parts `sizes` (the units each character takes, in order) fill
// when a part holds `part` units and no character is split.
function countParts(sizes, part) {
  let parts = 1;
  let used = 0;
  for (const n of sizes) {
    if (used + n > part) {
      parts += 1;
      used = 0;
    }
    used += n;
  }
  return parts;
}

// {encoding, characters, units, segments, perSegment, nonGsm} for `text`:
// characters counts what a person sees as one (code points), units what
// the SMS spends (septets or UTF-16 units), perSegment the capacity of one
// segment at this length, nonGsm the distinct characters that force UCS-2
// (in order of appearance). An empty text takes 0 segments.
export function smsInfo(text) {
  const chars = Array.from(String(text ?? ''));
  const nonGsm = [];
  for (const ch of chars) {
    if (septets(ch) === 0 && !nonGsm.includes(ch)) nonGsm.push(ch);
  }
  const encoding = nonGsm.length ? UCS2 : GSM7;
  const sizes = chars.map((ch) => (encoding === GSM7 ? septets(ch) : ch.length));
  const units = sizes.reduce((a, b) => a + b, 0);
  const { single, part } = LIMITS[encoding];
  let segments;
  if (units === 0) segments = 0;
  else if (units <= single) segments = 1;
  else segments = countParts(sizes, part);
  return {
    encoding,
    characters: chars.length,
    units,
    segments,
    perSegment: segments > 1 ? part : single,
    nonGsm,
  };
}

// The merge fields a script may use besides the contact file's own columns.
export const STANDARD_FIELDS = ['first_name', 'last_name', 'texter_first_name'];

// `script` with each {field} that `values` knows replaced by its value;
// fields it does not know stay as they are written.
export function renderScript(script, values) {
  return String(script ?? '').replace(/\{([^{}\n]{1,64})\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(values, name) && values[name] != null ? String(values[name]) : whole,
  );
}
