// Set-up for the campaign API tests: an organization with an approved use
// case, drafts ready to launch, contact files, and waiting for a status.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { loggedIn } from './client.js';
import { freshOrg } from './admin.js';
import { launchlineBin, configPath } from './env.js';
import { waitFor } from './sim.js';

export const campaignsPath = (orgId) => `/api/v1/orgs/${orgId}/campaigns`;
export const campaignPath = (orgId, id) => `/api/v1/orgs/${orgId}/campaigns/${id}`;
export const numbersPath = (orgId) => `/api/v1/orgs/${orgId}/phone-numbers`;
export const useCasesPath = (orgId) => `/api/v1/orgs/${orgId}/use-cases`;
export const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const HOUR = 3600 * 1000;

// A CSV of n contacts (phones 415-2xx-xxxx from offset) with a ward column.
export function contactsCsv(n, offset = 0) {
  const rows = ['phone,first_name,last_name,ward'];
  for (let i = 0; i < n; i++) {
    const k = offset + i;
    rows.push(`(415) 2${String(Math.floor(k / 10000) % 100).padStart(2, '0')}-${String(k % 10000).padStart(4, '0')},Ada${k},Lovelace${k},${(k % 9) + 1}`);
  }
  return `${rows.join('\n')}\n`;
}

export async function upload(c, orgId, id, csv, path = 'contacts') {
  return c.request('POST', `${campaignPath(orgId, id)}/${path}`, { body: csv, contentType: 'text/csv' });
}

// A fresh organization, its logged-in owner and an approved use case.
export async function orgWithUseCase(label, providerCampaign = 'CDEMO01') {
  const org = freshOrg(label);
  const c = await loggedIn(org.owner, `${label}-owner`);
  const r = await c.post(useCasesPath(org.id), { name: `UC ${label}`, provider_campaign_id: providerCampaign });
  assert.equal(r.status, 201, r.text);
  const uc = await waitFor(`use case ${r.body.id} approved`, async () => {
    const u = (await c.all(useCasesPath(org.id))).find((x) => x.id === r.body.id);
    return { done: u.status !== 'pending' || u.checked_at !== null, value: u };
  }, { timeoutMs: 15000 });
  assert.equal(uc.status, 'approved', JSON.stringify(uc));
  return { org, c, uc };
}

// A draft that passes every launch check but the number: script, window
// (start in an hour, end in a week), n contacts; `fields` over that.
export async function readyDraft(c, orgId, fields = {}, contacts = 3) {
  const r = await c.post(campaignsPath(orgId), {
    name: `Campaign ${Date.now().toString(36)}`,
    time_zone: 'America/Los_Angeles',
    script: 'Hi {first_name}, this is {texter_first_name}. Ward {ward}!',
    start_at: iso(Date.now() + HOUR),
    end_at: iso(Date.now() + 7 * 24 * HOUR),
    ...fields,
  });
  assert.equal(r.status, 201, r.text);
  if (contacts > 0) {
    const up = await upload(c, orgId, r.body.id, contactsCsv(contacts));
    assert.equal(up.status, 200, up.text);
    assert.equal(up.body.imported, contacts);
  }
  return (await c.get(campaignPath(orgId, r.body.id))).body;
}

export async function getCampaign(c, orgId, id) {
  const r = await c.get(campaignPath(orgId, id));
  assert.equal(r.status, 200, r.text);
  return r.body;
}

// Waits until the campaign's status is `status` (or fails on a final other one).
export async function campaignReaches(c, orgId, id, status, timeoutMs = 45000) {
  return waitFor(`campaign ${id} to be ${status}`, async () => {
    const x = await getCampaign(c, orgId, id);
    return { done: x.status === status, value: x };
  }, { timeoutMs, intervalMs: 300 });
}

// A dedicated number of the organization, complete.
export async function completeNumber(c, orgId, useCaseId, areaCode = '415') {
  const r = await c.post(numbersPath(orgId), { area_code: areaCode, use_case_id: useCaseId });
  assert.equal(r.status, 201, r.text);
  return waitFor(`number ${r.body.id} complete`, async () => {
    const n = (await c.get(`${numbersPath(orgId)}/${r.body.id}`)).body;
    assert.notEqual(n.provisioning_status, 'failed', JSON.stringify(n));
    return { done: n.provisioning_status === 'complete', value: n };
  }, { timeoutMs: 45000, intervalMs: 300 });
}

// The operator's switch, through the CLI.
export function provisioningLaunch(on) {
  execFileSync(launchlineBin(), ['admin', 'provisioning-launch', '--config', configPath(), on ? 'on' : 'off'],
    { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 30000 });
}
