// The provider client's back-off (fcgi/prov.c): Retry-After and
// x-ratelimit-reset set the wait after a 429 only. A 5xx that carries
// x-ratelimit-reset (Telnyx sends the rate-limit headers on every answer)
// is tried again after the ordinary back-off (a quarter of a second at
// first), not after the header's 30 s. Seen through the provisioner's
// check of a new use case (GET /10dlc/campaign/{id}); the sending side of
// the rule is in texting-faults.test.js.
//
// It changes the simulator's options: it holds the simulator lock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freshOrg } from './lib/admin.js';
import { loggedIn } from './lib/client.js';
import { lockSimulator } from './lib/simlock.js';
import { putCampaign, simCalls, waitFor, withSimOptions, newTcrId } from './lib/sim.js';

let unlock;
before(async () => { unlock = await lockSimulator('provider-backoff'); });
after(() => unlock?.());

test('a 503 carrying x-ratelimit-reset: 30 is tried again after the ordinary back-off', { timeout: 60000 }, async () => {
  const o = freshOrg('backoff');
  const c = await loggedIn(o.owner);
  // Registered by Telnyx's own campaign id: asked about with GET /10dlc/campaign/{id}.
  const { campaignId: campaign } = await putCampaign(newTcrId(), 'MNO_PROVISIONED');
  let uc;
  await withSimOptions({ fault_paths: `^/10dlc/campaign/${campaign}$`, rate_limit_every: 1000, rate_limit_reset_seconds: 30, error_next: 1 }, async () => {
    const r = await c.post(`/api/v1/orgs/${o.id}/use-cases`, { name: 'Back-off', provider_campaign_id: campaign });
    assert.equal(r.status, 201, r.text);
    uc = await waitFor('the use case to be approved', async () => {
      const u = (await c.get(`/api/v1/orgs/${o.id}/use-cases`)).body.items.find((x) => x.id === r.body.id);
      return { done: u.status === 'approved', value: u };
    }, { timeoutMs: 20000, intervalMs: 100 });
  });
  assert.equal(uc.status, 'approved');
  const gets = (await simCalls()).filter((x) => x.method === 'GET' && x.path === `/10dlc/campaign/${campaign}`);
  assert.ok(gets.length >= 2, JSON.stringify(gets));
  assert.equal(gets[0].status, 503);
  assert.equal(gets[1].status, 200);
  const gap = Date.parse(gets[1].at) - Date.parse(gets[0].at);
  assert.ok(gap < 5000, `asked again ${gap} ms after the 503, not after x-ratelimit-reset's 30 s`);
});
