// Provider webhooks as a test sends them: POST /hooks/telnyx with no session
// and no CSRF token, signature headers as given.
import { randomUUID } from 'node:crypto';
import { Client } from './client.js';
import { seed } from './env.js';

export const HOOK = '/hooks/telnyx';

// A Telnyx webhook envelope, as a string (the signature covers the raw bytes).
export function webhookBody(type = '10dlc.phone_number.update',
  payload = { type: 'ASSIGNMENT', status: 'ASSIGNED', phoneNumber: '+14155550100', campaignId: 'CDEMO01' }) {
  return JSON.stringify({
    data: { event_type: type, id: randomUUID(), occurred_at: new Date().toISOString(), payload, record_type: 'event' },
    meta: { attempt: 1, delivered_to: `${seed().url}${HOOK}` },
  });
}

export const unixNow = () => String(Math.floor(Date.now() / 1000));

// deliver({signature, timestamp, body}): a header given as null/undefined is left out.
export async function deliver({ signature, timestamp, body = webhookBody() } = {}) {
  const headers = {};
  if (signature !== null && signature !== undefined) headers['telnyx-signature-ed25519'] = signature;
  if (timestamp !== null && timestamp !== undefined) headers['telnyx-timestamp'] = timestamp;
  return new Client('telnyx').request('POST', HOOK, { body, headers, csrf: false });
}
