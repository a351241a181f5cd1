// Unit tests of web/src/components/providerWords.js (no stack needed): the
// provider's raw statuses and order ids read as words, the token kept as
// the detail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { providerText, tokenWords } from '../../web/src/components/providerWords.js';

test('timeline details: words first, the tokens apart', () => {
  assert.deepEqual(providerText('PENDING_ASSIGNMENT; next check in 5 s.'), {
    words: 'Waiting for the carriers; next check in 5 s.',
    tokens: ['PENDING_ASSIGNMENT'],
  });
  assert.deepEqual(providerText('Ordered +17075550123 (order 3f2b8c1e-9a4d-4e1f-8b2a-0c9d8e7f6a5b, pending).'), {
    words: 'Ordered +17075550123; the order is pending.',
    tokens: ['order 3f2b8c1e-9a4d-4e1f-8b2a-0c9d8e7f6a5b'],
  });
  assert.deepEqual(providerText('The assignment to 4b30017a-aaaa-bbbb-cccc-1234567890ab exists (MNO_PROVISIONED).'), {
    words: 'The assignment to the id below exists (approved by the carriers).',
    tokens: ['4b30017a-aaaa-bbbb-cccc-1234567890ab', 'MNO_PROVISIONED'],
  });
});

test('plain text stays as it is', () => {
  assert.deepEqual(providerText('The carriers confirmed +17075550123.'), { words: 'The carriers confirmed +17075550123.', tokens: [] });
  assert.deepEqual(providerText(null), { words: '', tokens: [] });
});

test('unknown tokens are spelled out in lower case', () => {
  assert.equal(tokenWords('GW_REJECT'), 'gw reject');
  assert.equal(tokenWords('MNO_PROVISIONED'), 'approved by the carriers');
  assert.deepEqual(providerText('TCR_SUSPENDED'), { words: 'Suspended by the registry', tokens: ['TCR_SUSPENDED'] });
});
