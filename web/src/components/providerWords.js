// The provider's raw answers in words. Its statuses (PENDING_ASSIGNMENT,
// MNO_PROVISIONED) and order ids (UUIDs) reach the timeline and the use
// case status verbatim; people read words first, and the token stays as a
// detail for whoever talks to the provider's support. Plain JavaScript,
// checked by tests/e2e/provider-words.unit.test.js.

// Known tokens, as a sentence part ("the number is …").
const WORDS = {
  PENDING_ASSIGNMENT: 'waiting for the carriers',
  ASSIGNED: 'confirmed by the carriers',
  FAILED_ASSIGNMENT: 'refused by the carriers',
  PENDING_UNASSIGNMENT: 'being released by the carriers',
  TCR_PENDING: 'waiting for the registry',
  TCR_ACCEPTED: 'accepted by the registry',
  TCR_FAILED: 'refused by the registry',
  TCR_SUSPENDED: 'suspended by the registry',
  TCR_EXPIRED: 'expired at the registry',
  TELNYX_ACCEPTED: 'accepted by the provider',
  TELNYX_FAILED: 'refused by the provider',
  MNO_PENDING: 'waiting for the carriers',
  MNO_ACCEPTED: 'accepted by the carriers',
  MNO_PROVISIONED: 'approved by the carriers',
  MNO_REJECTED: 'rejected by the carriers',
  MNO_PROVISIONING_FAILED: 'refused by the carriers',
};

// An upper-case token of two or more parts, or a lone one we know.
const TOKEN = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\bASSIGNED\b/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

// A token in words: the known ones as above, others spelled out in lower
// case ("GW_REJECT" -> "gw reject").
export function tokenWords(token) {
  return WORDS[token] || token.toLowerCase().replace(/_/g, ' ');
}

/**
 * Text from the provider (or about its answers) with its tokens in words:
 * {words, tokens}: words to show first, tokens (the raw statuses, "order
 * <id>") to show as a detail. "Ordered +1… (order <uuid>, pending)." reads
 * "Ordered +1…; the order is pending."; "PENDING_ASSIGNMENT; next check in
 * 5 s." reads "Waiting for the carriers; next check in 5 s.".
 */
export function providerText(text) {
  const tokens = [];
  let words = String(text || '');
  words = words.replace(/\s*\(order ([0-9a-f-]{36}), ([^)]*)\)/i, (_, id, status) => {
    tokens.push(`order ${id}`);
    return `; the order is ${status}`;
  });
  words = words.replace(UUID, (id) => {
    tokens.push(id);
    return 'the id below';
  });
  words = words.replace(TOKEN, (t) => {
    tokens.push(t);
    return tokenWords(t);
  });
  words = words.replace(/^[a-z]/, (ch) => ch.toUpperCase());
  return { words, tokens };
}
