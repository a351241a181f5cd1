// Set-up for the campaign browser tests: fresh organizations with an
// approved use case, complete dedicated numbers, drafts with contacts and
// launched campaigns made through the API (the screens under test are then
// driven in the browser), the provider simulator's options, and the
// operator's incident switch through the CLI.
//
// Each test makes its own organization, so the seed organization and the
// other tests never matter.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '../../api/lib/client.js';
import { freshOrg, uniq } from '../../api/lib/admin.js';
import { seed } from './env.js';
import { configPath, launchlineBin } from '../../api/lib/env.js';

// Provisioning takes 1-3 s in `make test` (longer when a test slows the
// simulator); pages poll every 3 s.
export const PROVISIONED_WITHIN = 45000;

// An API client for set-up. Responses are checked against openapi.json by
// the API tests; here they only need to work.
export async function apiAs(user) {
  const c = new Client(user.email, { validator: { check: () => [] } });
  await c.login(user.email, user.password);
  return c;
}

// `launchline admin VERB --config CONFIG ARGS...`
export function adminCli(verb, args = []) {
  try {
    return execFileSync(launchlineBin(), ['admin', verb, '--config', configPath(), ...args], {
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 30000,
    });
  } catch (e) {
    throw new Error(`launchline admin ${verb} ${args.join(' ')} failed (status ${e.status}): ${e.stderr || e.message}`);
  }
}

// The operator's switch: provisioning-based launching on (true) or off.
export function setProvisioningLaunch(on) {
  adminCli('provisioning-launch', [on ? 'on' : 'off']);
}

// Polls fn() until it returns a truthy value; returns it.
export async function waitUntil(what, fn, { timeoutMs = PROVISIONED_WITHIN, intervalMs = 300 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

function simUrl() {
  const url = process.env.SIM_URL || seed().sim_url;
  if (!url) throw new Error('SIM_URL is not set: the browser tests run against the real stack (make test)');
  return url.replace(/\/+$/, '');
}

// PUT /_sim/options (a partial update), or GET them all.
export async function simOptions(options) {
  const res = await fetch(`${simUrl()}/_sim/options`, {
    method: options ? 'PUT' : 'GET',
    headers: options ? { 'Content-Type': 'application/json' } : {},
    body: options ? JSON.stringify(options) : undefined,
  });
  assert.ok(res.ok, `${options ? 'PUT' : 'GET'} /_sim/options answered ${res.status}`);
  return res.json().catch(() => ({}));
}

// Runs fn with some simulator options changed, then puts the old values back.
export async function withSimOptions(options, fn) {
  const before = await simOptions();
  const restore = {};
  for (const key of Object.keys(options)) restore[key] = before[key];
  await simOptions(options);
  try {
    return await fn();
  } finally {
    await simOptions(restore).catch(() => {});
  }
}

// A fresh organization with a fresh owner, an API client for the owner, and
// an approved use case on a 10DLC campaign of its own at the simulator (the
// provider holds at most 49 numbers per campaign, whoever asks).
export async function campaignOrg(label = 'camp') {
  const org = freshOrg(label);
  const api = await apiAs(org.owner);
  const providerCampaign = uniq('CE2E').toUpperCase().replace(/[^A-Z0-9]/g, '');
  const put = await fetch(`${simUrl()}/_sim/campaigns/${providerCampaign}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ campaignStatus: 'MNO_PROVISIONED' }),
  });
  assert.ok(put.ok, `PUT /_sim/campaigns/${providerCampaign} answered ${put.status}`);
  const ucName = `GOTV ${label}`;
  const ucId = Number(adminCli('create-use-case', [org.name, ucName, providerCampaign]).trim().split('\n').pop());
  await waitUntil(`use case ${ucName} approved`, async () => {
    const r = await api.get(`/api/v1/orgs/${org.id}/use-cases?limit=100`);
    const uc = r.body.items.find((u) => u.id === ucId);
    return uc && uc.status === 'approved';
  });
  return { org, owner: org.owner, api, useCase: { id: ucId, name: ucName } };
}

// A dedicated number of the organization, provisioned (complete).
export async function completeNumber({ org, api, useCase }, areaCode = '707', name = 'Main line') {
  const r = await api.post(`/api/v1/orgs/${org.id}/phone-numbers`, { area_code: areaCode, use_case_id: useCase.id, name });
  assert.equal(r.status, 201, `create number: ${r.status} ${r.text}`);
  return waitUntil(`number ${r.body.id} complete`, async () => {
    const n = await api.get(`/api/v1/orgs/${org.id}/phone-numbers/${r.body.id}`);
    assert.notEqual(n.body.provisioning_status, 'failed', `number failed: ${n.text}`);
    return n.body.provisioning_status === 'complete' && n.body;
  });
}

// A CSV of `n` contacts with a `ward` column (phones (415) 200-0000 on,
// distinct per call through `offset`).
export function contactsCsv(n, offset = 0) {
  const rows = ['phone,first_name,last_name,ward'];
  for (let i = 0; i < n; i++) {
    const k = offset + i;
    rows.push(`(415) 2${String(Math.floor(k / 10000) % 100).padStart(2, '0')}-${String(k % 10000).padStart(4, '0')},Ada${k},Lovelace${k},${(k % 9) + 1}`);
  }
  return `${rows.join('\n')}\n`;
}

// Window: starts in `startInMinutes`, ends in a week; in UTC.
export function windowFields(startInMinutes = 60) {
  const start = new Date(Date.now() + startInMinutes * 60000);
  const end = new Date(Date.now() + 7 * 86400000);
  const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { start_at: iso(start), end_at: iso(end) };
}

// A draft ready to launch, made through the API: `fields` over a complete
// set of settings, and `contacts` contacts.
export async function readyDraft({ org, api }, fields, contacts = 3) {
  const base = {
    name: `Campaign ${Date.now().toString(36)}`,
    time_zone: 'America/Los_Angeles',
    script: 'Hi {first_name}, this is {texter_first_name} with the campaign.',
    ...windowFields(),
  };
  const r = await api.post(`/api/v1/orgs/${org.id}/campaigns`, { ...base, ...fields });
  assert.equal(r.status, 201, `create campaign: ${r.status} ${r.text}`);
  if (contacts > 0) {
    const up = await api.request('POST', `/api/v1/orgs/${org.id}/campaigns/${r.body.id}/contacts`, {
      body: contactsCsv(contacts),
      contentType: 'text/csv',
    });
    assert.equal(up.status, 200, `upload contacts: ${up.status} ${up.text}`);
    assert.equal(up.body.imported, contacts);
  }
  return r.body;
}

// Launches through the API; returns the campaign once it is `status`.
export async function launched({ org, api }, campaign, status = 'active') {
  const r = await api.post(`/api/v1/orgs/${org.id}/campaigns/${campaign.id}/launch`, {});
  assert.equal(r.status, 200, `launch: ${r.status} ${r.text}`);
  return waitUntil(`campaign ${campaign.id} ${status}`, async () => {
    const c = await api.get(`/api/v1/orgs/${org.id}/campaigns/${campaign.id}`);
    return c.body.status === status && c.body;
  });
}
