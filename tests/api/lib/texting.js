// Fixtures for the texting tests: campaigns with conversations, a sending
// number in any provisioning state, and many signed-in texters at once.
// They are written straight into the database so a test can build exactly
// the state it needs (a start date in the past, a number still
// provisioning, an incident wait, 1,000 contacts) without waiting on the
// provisioner or the campaign launcher.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { Client } from './client.js';
import { sql, sqlValue, lit } from './db.js';
import { uniq } from './admin.js';

export const org = (orgId) => `/api/v1/orgs/${orgId}`;

// A random US number no fixture has used (area and exchange 2-9xx).
export function randomE164() {
  return `+1${randomInt(2, 10)}${randomInt(10, 100)}${randomInt(2, 10)}${String(randomInt(0, 1000000)).padStart(6, '0')}`;
}

// SQL DATETIME (UTC) of now + seconds.
export function sqlTime(secondsFromNow) {
  return new Date(Date.now() + secondsFromNow * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

// A use case and a dedicated number of the org in the given provisioning
// status (complete by default); answers {id, e164}. One left 'initiated'
// is due for the provisioner only in a day, so it stays as made.
export function numberFixture(orgId, userId, { status = 'complete', e164 = randomE164() } = {}) {
  const rows = sql(`
    INSERT INTO use_cases (org_id, name, provider_campaign_id, status) VALUES (${orgId}, 'Fixture', ${lit(`CFX${randomBytes(4).toString('hex')}`)}, 'approved');
    INSERT INTO phone_numbers (org_id, use_case_id, kind, area_codes, phone_number, provisioning_status, step, initiated_by, next_attempt_at)
      VALUES (${orgId}, LAST_INSERT_ID(), 'dedicated', ${lit(e164.slice(2, 5))}, ${lit(e164)}, ${lit(status)}, 'done', ${userId},
        UTC_TIMESTAMP() + INTERVAL 1 DAY);
    SELECT LAST_INSERT_ID();`);
  return { id: Number(rows[0][0]), e164 };
}

/**
 * A campaign of orgId with `contacts` conversations (first names C1, C2...),
 * active and open around the clock by default. Options: status, selfAssign,
 * batchSize, script, startAt/endAt/sendingOpensAt (SQL times or null),
 * openFrom/openUntil (minutes), timeZone, number ({id,e164} from
 * numberFixture; a complete one is made when absent; null for none).
 * Answers {id, number, conversations: [{id, phone}]}.
 */
export function campaignFixture(orgId, userId, {
  contacts = 10, status = 'active', selfAssign = true, batchSize = 5, script = 'Hi {first_name}, this is {texter_first_name} with the campaign.',
  startAt = null, endAt = null, sendingOpensAt = null, openFrom = 0, openUntil = 1440, timeZone = 'UTC',
  number, name = `Campaign ${uniq('c')}`,
} = {}) {
  const num = number === undefined ? numberFixture(orgId, userId) : number;
  const id = Number(sqlValue(`
    INSERT INTO campaigns (org_id, name, status, self_assign, batch_size, phone_number_id, script, created_by, time_zone,
      open_from_min, open_until_min, start_at, end_at, sending_opens_at, number_mode)
    VALUES (${orgId}, ${lit(name)}, ${lit(contacts > 0 ? 'draft' : status)}, ${selfAssign ? 1 : 0}, ${batchSize}, ${num ? num.id : 'NULL'}, ${lit(script)},
      ${userId}, ${lit(timeZone)}, ${openFrom}, ${openUntil}, ${lit(startAt)}, ${lit(endAt)}, ${lit(sendingOpensAt)}, 'dedicated');
    SELECT LAST_INSERT_ID();`));
  if (contacts > 0) {
    // Contacts go into a draft, which then takes the status asked for, as
    // a launch does (the assigner role plans self assign's batches of a
    // live campaign: sql/013). Contact phones: +1 then a random 3-digit area and a running number.
    const base = randomInt(2000000, 9000000);
    const area = randomInt(201, 990);
    sql(`INSERT INTO conversations (campaign_id, phone, first_name, last_name)
      SELECT ${id}, CONCAT('+1', ${area}, LPAD(${base} + seq, 7, '0')), CONCAT('C', seq), 'Fixture'
      FROM seq_1_to_${contacts};
      UPDATE campaigns SET contact_count = ${contacts}, status = ${lit(status)} WHERE id = ${id};`);
  }
  const conversations = sql(`SELECT id, phone FROM conversations WHERE campaign_id = ${id} ORDER BY id`)
    .map(([cid, phone]) => ({ id: Number(cid), phone }));
  return { id, number: num, conversations };
}

// Puts users on a campaign (as the API would).
export function onCampaign(campaignId, userIds) {
  if (userIds.length === 0) return;
  sql(`INSERT IGNORE INTO campaign_texters (campaign_id, user_id) VALUES ${userIds.map((u) => `(${campaignId}, ${u})`).join(', ')}`);
}

/**
 * n texters of orgId, each with a live session: [{id, client}] where
 * client is a signed-in Client. Made in the database (no password hashing,
 * no login round trip), so hundreds take well under a second.
 */
export function sqlTexters(orgId, n, role = 'texter') {
  const tag = uniq('tx');
  const people = [];
  for (let i = 0; i < n; i++) {
    const token = randomBytes(32).toString('base64url');
    people.push({ email: `${tag}-${i}@api.test`, token, csrf: randomBytes(32).toString('base64url'),
      hash: createHash('sha256').update(token).digest('hex') });
  }
  sql(`INSERT INTO users (email, name, password_hash) VALUES ${people.map((p, i) => `(${lit(p.email)}, ${lit(`Texter ${i + 1}`)}, 'x')`).join(', ')}`);
  const ids = new Map(sql(`SELECT email, id FROM users WHERE email LIKE ${lit(`${tag}-%`)}`).map(([e, id]) => [e, Number(id)]));
  sql(`INSERT INTO memberships (org_id, user_id, role) VALUES ${people.map((p) => `(${orgId}, ${ids.get(p.email)}, ${lit(role)})`).join(', ')};
    INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ${people.map((p) => `(${lit(p.hash)}, ${ids.get(p.email)}, ${lit(p.csrf)}, UTC_TIMESTAMP() + INTERVAL 1 DAY)`).join(', ')};`);
  return people.map((p) => {
    const client = new Client(p.email);
    client.setCookie('ll_session', p.token);
    client.csrfToken = p.csrf;
    return { id: ids.get(p.email), email: p.email, client };
  });
}

// The conversations of a campaign as the database holds them.
export function conversationsOf(campaignId) {
  return sql(`SELECT id, assignee_id, status, opted_out FROM conversations WHERE campaign_id = ${campaignId} ORDER BY id`)
    .map(([id, assignee, status, optedOut]) => ({ id: Number(id), assignee: assignee === null ? null : Number(assignee), status, optedOut: optedOut === '1' }));
}

// Sets every self-assign batch still pending (what the assigner role does).
export async function claimsSettled(campaignId, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (Number(sqlValue(`SELECT COUNT(*) FROM assign_claims WHERE campaign_id = ${campaignId} AND applied_at IS NULL`)) === 0) return;
    if (Date.now() > deadline) throw new Error(`campaign ${campaignId}: self-assign batches still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A message row: {id, status, provider_message_id, attempts, ...}.
export function messageRow(id) {
  const rows = sql(`SELECT id, status, provider_message_id, attempts, direction, body, error FROM messages WHERE id = ${id}`);
  if (!rows.length) return null;
  const [mid, status, pid, attempts, direction, body, error] = rows[0];
  return { id: Number(mid), status, provider_message_id: pid, attempts: Number(attempts), direction, body, error };
}

let deployment;
// This deployment's identity (sql/015), part of every reference we leave at the provider.
export function deploymentId() {
  if (!deployment) deployment = sqlValue('SELECT deployment_id FROM deployment WHERE id = 1');
  return deployment;
}

// Our reference for message id at the provider: its Idempotency-Key and the ref= of its webhook_url.
export const messageRef = (id) => `launchline-${deploymentId()}-message-${id}`;
