// Unit tests of web/src/sms.js, the browser's SMS counter (no stack needed):
// encoding, characters, segments at the GSM-7 and UCS-2 boundaries, the
// extension table, surrogate pairs, and merge-field rendering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GSM7, UCS2, renderScript, smsInfo } from '../../web/src/sms.js';

test('an empty text is GSM-7 and takes no segment', () => {
  assert.deepEqual(smsInfo(''), { encoding: GSM7, characters: 0, units: 0, segments: 0, perSegment: 160, nonGsm: [] });
  assert.equal(smsInfo(null).segments, 0);
});

test('GSM-7: 160 characters fit one SMS, 161 take two, 306 two, 307 three', () => {
  assert.equal(smsInfo('a'.repeat(160)).segments, 1);
  const two = smsInfo('a'.repeat(161));
  assert.equal(two.segments, 2);
  assert.equal(two.perSegment, 153);
  assert.equal(smsInfo('a'.repeat(306)).segments, 2);
  assert.equal(smsInfo('a'.repeat(307)).segments, 3);
});

test('the whole GSM alphabet, accents included, stays GSM-7', () => {
  const info = smsInfo('Hi Renée! Café @ 5€? ¿Qué tal? ñ Ü § Δ Ω [x] {y} ~|^\\');
  assert.equal(info.encoding, GSM7);
  assert.deepEqual(info.nonGsm, []);
});

test('extension characters take two septets and are not split across parts', () => {
  const info = smsInfo('€'.repeat(80));
  assert.equal(info.characters, 80);
  assert.equal(info.units, 160);
  assert.equal(info.segments, 1);
  assert.equal(smsInfo('€'.repeat(81)).segments, 2);
  // 152 plain septets then one euro: the pair cannot start at 153, so it moves.
  const edge = smsInfo(`${'a'.repeat(152)}€${'a'.repeat(152)}`);
  assert.equal(edge.units, 306);
  assert.equal(edge.segments, 3);
});

test('one character outside GSM makes the whole text UCS-2, and says which', () => {
  const info = smsInfo('Don’t forget to vote’');
  assert.equal(info.encoding, UCS2);
  assert.deepEqual(info.nonGsm, ['’']);
  assert.equal(info.segments, 1);
  assert.equal(smsInfo('é'.repeat(70) + '’').segments, 2);
  // ë is not in the GSM alphabet (ä ö ñ ü à are).
  assert.deepEqual(smsInfo('Zoë').nonGsm, ['ë']);
});

test('UCS-2: 70 fit one SMS, 71 take two, 134 two, 135 three', () => {
  const x = 'ж';
  assert.equal(smsInfo(x.repeat(70)).segments, 1);
  assert.equal(smsInfo(x.repeat(71)).segments, 2);
  assert.equal(smsInfo(x.repeat(71)).perSegment, 67);
  assert.equal(smsInfo(x.repeat(134)).segments, 2);
  assert.equal(smsInfo(x.repeat(135)).segments, 3);
});

test('an emoji is one character, two UTF-16 units, never split', () => {
  const one = smsInfo('🗳️');
  assert.equal(one.encoding, UCS2);
  assert.equal(smsInfo('🗳').characters, 1);
  assert.equal(smsInfo('🗳').units, 2);
  assert.ok(one.characters >= 1);
  assert.equal(smsInfo('🗳'.repeat(35)).segments, 1);
  assert.equal(smsInfo('🗳'.repeat(36)).segments, 2);
  // 66 units and then a pair: it moves whole to the next part.
  assert.equal(smsInfo(`${'ж'.repeat(66)}🗳${'ж'.repeat(66)}`).segments, 3);
});

test('renderScript fills the known merge fields and leaves the others', () => {
  const text = renderScript('Hi {first_name} {last_name}, {texter_first_name} here about {ward}. {unknown}', {
    first_name: 'Ada',
    last_name: 'Lovelace',
    texter_first_name: 'Sam',
    ward: '7',
  });
  assert.equal(text, 'Hi Ada Lovelace, Sam here about 7. {unknown}');
  assert.equal(renderScript('{first_name}', { first_name: null }), '{first_name}');
  assert.equal(renderScript(undefined, {}), '');
});
