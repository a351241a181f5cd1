// Numbers through the real provisioner and the provider simulator, for the
// tests of what provisioning causes (emails): a fresh organization with an
// approved use case, numbers created through the API, and single-use numbers
// of a launching campaign written the way the campaigns backend writes them
// (one transaction: the number, then the campaign that points at it).
import assert from 'node:assert/strict';
import { freshOrg, uniq } from './admin.js';
import { loggedIn } from './client.js';
import { records as sql, lit } from './db.js';
import { putCampaign, waitFor } from './sim.js';

export const PROVISION_WAIT_MS = 40000;

// A fresh org, its logged-in owner (c) and an approved use case (uc) on a
// 10DLC campaign of its own at the provider: the provider holds at most 49
// numbers per campaign, whoever asks, and these numbers are never released.
export async function orgWithUseCase(label) {
  const o = freshOrg(label);
  const c = await loggedIn(o.owner, `${label}-owner`);
  const campaign = uniq('CMAIL').toUpperCase().replace(/[^A-Z0-9]/g, '');
  await putCampaign(campaign, 'MNO_PROVISIONED');
  const r = await c.post(`/api/v1/orgs/${o.id}/use-cases`, { name: `Use case ${label}`, provider_campaign_id: campaign });
  assert.equal(r.status, 201, r.text);
  const uc = await waitFor(`use case ${r.body.id} to be approved`, async () => {
    const u = (await c.get(`/api/v1/orgs/${o.id}/use-cases`)).body.items.find((x) => x.id === r.body.id);
    return { done: u.status === 'approved', value: u };
  }, { timeoutMs: 15000 });
  return { o, c, uc };
}

// POST a dedicated number; answers it (initiated).
export async function createNumber(c, orgId, useCaseId, areaCode = '415', name) {
  const body = { area_code: areaCode, use_case_id: useCaseId };
  if (name !== undefined) body.name = name;
  const r = await c.post(`/api/v1/orgs/${orgId}/phone-numbers`, body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// Waits until a number leaves initiated; answers its detail.
export async function settled(c, orgId, id, timeoutMs = PROVISION_WAIT_MS) {
  return waitFor(`number ${id} to leave initiated`, async () => {
    const r = await c.get(`/api/v1/orgs/${orgId}/phone-numbers/${id}`);
    assert.equal(r.status, 200, r.text);
    return { done: r.body.provisioning_status !== 'initiated', value: r.body };
  }, { timeoutMs, intervalMs: 300 });
}

// A campaign launched with a single-use number, as the campaigns backend
// writes it: answers {numberId, campaignId}. The provisioner takes the
// number from there.
export function launchSingleUse({ orgId, useCaseId, userId, name, areaCode = '415' }) {
  const rows = sql(`
    START TRANSACTION;
    INSERT INTO phone_numbers (org_id, use_case_id, kind, area_codes, initiated_by)
      VALUES (${orgId}, ${useCaseId}, 'single_use', ${lit(areaCode)}, ${userId});
    SET @n = LAST_INSERT_ID();
    INSERT INTO campaigns (org_id, name, status, number_mode, phone_number_id, use_case_id, regions,
                           script, created_by, launched_by, launched_at)
      VALUES (${orgId}, ${lit(name)}, 'launching', 'single_use', @n, ${useCaseId},
              ${lit(JSON.stringify([{ type: 'area_codes', area_codes: [areaCode] }]))}, 'Hi {firstName}!',
              ${userId}, ${userId}, UTC_TIMESTAMP());
    SET @c = LAST_INSERT_ID();
    COMMIT;
    SELECT @n AS number_id, @c AS campaign_id;`);
  return { numberId: Number(rows[0].number_id), campaignId: Number(rows[0].campaign_id) };
}
