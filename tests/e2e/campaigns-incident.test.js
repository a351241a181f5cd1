// Incident mode end to end in the browser: the operator switches
// provisioning-based launching off with the CLI; every signed-in page shows
// the banner; a single-use campaign launched now is Active at once, and its
// page counts down to when initial messages open (incident_wait_minutes
// after launch). Switched on again, the banner goes and the campaign stays
// Active.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { campaignOrg, readyDraft, setProvisioningLaunch } from './lib/campaigns.js';

// "9:58" or "1:02:09" -> seconds.
function seconds(clock) {
  return clock.split(':').map(Number).reduce((a, b) => a * 60 + b, 0);
}

test('incident mode: a banner on every page, Active at once, and a countdown', { timeout: 180000 }, async () => {
  const ctx = await campaignOrg('incident');
  const draft = await readyDraft(ctx, {
    name: `Incident ${Date.now().toString(36)}`,
    number_mode: 'single_use',
    use_case_id: ctx.useCase.id,
    regions: [{ type: 'area_codes', area_codes: ['209'] }],
  });
  const b = await openBrowser();
  const { page } = b;
  setProvisioningLaunch(false);
  try {
    await login(page, ctx.owner);
    const banner = page.getByRole('region', { name: 'Incident mode' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Phone Numbers', 'Campaigns', 'People', 'Settings']) {
      await nav.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await banner.waitFor();
      assert.match(await banner.textContent(), /Provisioning-based launching is switched off/);
    }
    await assertAccessible(page, 'a page with the incident banner');

    await page.goto(`${baseUrl()}/campaigns/${draft.id}/launch`);
    await page.getByRole('heading', { level: 1, name: `Launch ${draft.name}` }).waitFor();
    await banner.waitFor();
    await page.getByText(/Provisioning-based launching is switched off: the campaign becomes Active at once/).waitFor();
    await page.getByRole('button', { name: 'Launch now' }).click();
    await page.waitForURL(new RegExp(`/campaigns/${draft.id}(\\?|$)`));
    await page.getByText(`${draft.name} is active.`).waitFor();
    assert.equal((await page.getByTestId('campaign-status').textContent()).trim(), 'Active');

    // The countdown to when initial messages open (the gate's opens_at:
    // the incident wait, or the start or open hours if later), ticking.
    const timer = page.getByRole('timer', { name: 'Time until initial messages open' });
    await timer.waitFor();
    const c = (await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/campaigns/${draft.id}`)).body;
    assert.ok(c.sending_opens_at, 'the campaign has sending_opens_at');
    assert.equal(c.sending.code, 'incident_wait');
    assert.ok(Date.parse(c.sending.opens_at) >= Date.parse(c.sending_opens_at), 'not before the incident wait ends');
    const wait = Date.parse(c.sending.opens_at) - Date.now();
    const first = seconds(await timer.textContent());
    assert.ok(first > 0 && Math.abs(first * 1000 - wait) <= 5000, `countdown ${first}s, the gate opens in ${wait} ms`);
    await page.waitForTimeout(2100);
    const second = seconds(await timer.textContent());
    assert.ok(second < first && second >= first - 4, `the countdown moves: ${first} then ${second}`);
    await banner.waitFor();
    await assertAccessible(page, 'an incident-mode campaign with its countdown');

    // On again: no banner; the campaign stays Active.
    setProvisioningLaunch(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: draft.name }).waitFor();
    await page.getByRole('timer').waitFor();
    assert.equal(await banner.count(), 0);
    assert.equal((await page.getByTestId('campaign-status').textContent()).trim(), 'Active');
    assertNoConsoleErrors(b);
  } finally {
    setProvisioningLaunch(true);
    await b.close();
  }
});
