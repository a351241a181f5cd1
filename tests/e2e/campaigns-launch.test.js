// Launching from the screens: a single-use campaign goes Launching (yellow,
// its number Provisioning Initiated) to Active (green) on its page without
// a reload; with the carriers refusing, it goes Failed (red, with the
// reason) and "Retry with a new number" makes a new draft; a dedicated
// number's campaign is Active at once; the launch screen shows the
// provisioning estimate, warns when the start is sooner than that, and
// shows the server's refusal when a check fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { PROVISIONED_WITHIN, campaignOrg, completeNumber, readyDraft, windowFields, withSimOptions } from './lib/campaigns.js';
import { utcToZoned } from '../../web/src/tz.js';

const TZ = 'America/Los_Angeles';

function singleUse(ctx, name) {
  return {
    name,
    time_zone: TZ,
    number_mode: 'single_use',
    use_case_id: ctx.useCase.id,
    regions: [{ type: 'area_codes', area_codes: ['707'] }],
    ...windowFields(3 * 24 * 60),
  };
}

async function statusText(page) {
  return (await page.getByTestId('campaign-status').textContent()).trim();
}

async function statusClass(page) {
  return page.getByTestId('campaign-status').locator('.tag').getAttribute('class');
}

test('single-use: Launching turns Active on the campaign page without a reload', { timeout: 180000 }, async () => {
  const ctx = await campaignOrg('launch');
  const draft = await readyDraft(ctx, singleUse(ctx, `Single ${Date.now().toString(36)}`));
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, ctx.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/campaigns/${draft.id}`);
    await page.getByRole('heading', { level: 1, name: draft.name }).waitFor();
    await page.getByRole('link', { name: 'Review and launch' }).click();
    await page.getByRole('heading', { level: 1, name: `Launch ${draft.name}` }).waitFor();

    // What happens, the estimate and the checks.
    await page.getByText(/A new number is ordered from the campaign’s area-code regions/).waitFor();
    await page.getByTestId('estimate-median').waitFor();
    assert.match(await page.getByTestId('estimate-median').textContent(), /^\d+ (s|min|h)/);
    assert.match(await page.getByTestId('estimate-p90').textContent(), /^\d+ (s|min|h)/);
    assert.match(await page.getByTestId('estimate-basis').textContent(), /^(Based on history: \d+ provisioning|A default estimate)/);
    const checks = page.getByRole('list', { name: 'Ready to launch' }).getByRole('listitem');
    assert.equal(await checks.count(), 4);
    assert.equal(await checks.filter({ hasText: 'Missing:' }).count(), 0);
    // The start is three days away: no warning now.
    assert.equal(await page.locator('.warning').count(), 0);
    await assertAccessible(page, 'the launch screen');

    // A launch scheduled after the start: warned.
    await page.getByLabel('Launch at a set time').check();
    const later = utcToZoned(new Date(Date.now() + 4 * 86400000).toISOString(), TZ);
    await page.getByLabel(/^Launch at \(/).fill(later);
    await page.getByRole('alert').filter({ hasText: /The start \(.+\) is before the scheduled launch\. The number will probably not be ready by the start/ }).waitFor();
    await assertAccessible(page, 'the launch screen with a warning');
    // Scheduled ("launch at"), then cancelled.
    await page.getByRole('button', { name: 'Schedule launch' }).click();
    await page.getByRole('status').filter({ hasText: /^Scheduled: the campaign launches at / }).waitFor();
    await page.getByText('Scheduled to launch at').waitFor();
    const scheduled = (await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/campaigns/${draft.id}`)).body;
    assert.equal(utcToZoned(scheduled.launch_at, TZ), later);
    assert.equal(scheduled.status, 'draft');
    await page.getByRole('button', { name: 'Cancel scheduled launch' }).click();
    await page.getByRole('status').filter({ hasText: 'The scheduled launch is cancelled.' }).waitFor();
    assert.equal((await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/campaigns/${draft.id}`)).body.launch_at, null);
    await page.getByLabel('Launch now').check();
    await page.locator('.warning').waitFor({ state: 'detached' });

    await withSimOptions({ provisioning_seconds: [6, 8] }, async () => {
      await page.getByRole('button', { name: 'Launch now' }).click();
      await page.waitForURL(new RegExp(`/campaigns/${draft.id}(\\?|$)`));
      await page.getByText(`${draft.name} is launching: its number is being provisioned.`).waitFor();
      await page.evaluate(() => {
        window.__sameDocument = true;
      });
      assert.equal(await statusText(page), 'Launching');
      assert.match(await statusClass(page), /\btag-campaign-launching\b/);
      const number = page.getByTestId('campaign-number');
      await number.getByText('Provisioning Initiated').waitFor();
      await assertAccessible(page, 'a launching campaign');

      // Then Active and green, by polling.
      await page.getByTestId('campaign-status').getByText('Active', { exact: true }).waitFor({ timeout: PROVISIONED_WITHIN });
      assert.match(await statusClass(page), /\btag-campaign-active\b/);
      await number.getByText('Provisioning Complete').waitFor();
      assert.match(await number.getByRole('link').textContent(), /^\+1 \(707\) \d{3}-\d{4}$/);
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was reloaded');
      // What the page says is what holds now: no "is launching" beside Active.
      assert.equal(await page.getByText(/is launching/).count(), 0, 'no stale "is launching"');
    });
    const entries = page.getByRole('region', { name: 'Provisioning timeline' }).getByRole('listitem');
    await entries.nth(1).waitFor();
    await assertAccessible(page, 'an active single-use campaign');

    // The list shows it Active too.
    await page.getByRole('link', { name: '← Campaigns' }).click();
    const row = page.getByRole('row').filter({ hasText: draft.name });
    await row.getByText('Active', { exact: true }).waitFor();
    await row.getByText('Provisioning Complete').waitFor();
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('single-use: a failed number makes the campaign Failed; retry makes a new draft', { timeout: 180000 }, async () => {
  const reason = 'Carrier rejected the number';
  const ctx = await campaignOrg('fail');
  const draft = await readyDraft(ctx, singleUse(ctx, `Fail ${Date.now().toString(36)}`));
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, ctx.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await withSimOptions({ assignment_failure_rate: 1, failure_reason: reason }, async () => {
      await page.goto(`${baseUrl()}/campaigns/${draft.id}/launch`);
      await page.getByRole('button', { name: 'Launch now' }).click();
      await page.waitForURL(new RegExp(`/campaigns/${draft.id}(\\?|$)`));
      await page.getByTestId('campaign-status').getByText('Failed', { exact: true }).waitFor({ timeout: PROVISIONED_WITHIN });
    });
    assert.match(await statusClass(page), /\btag-campaign-failed\b/);
    await page.getByTestId('campaign-number').getByText('Provisioning Failed').waitFor();
    await page.getByTestId('campaign-number').getByText(reason, { exact: false }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Edit' }).count(), 0, 'a failed campaign is read-only');
    await assertAccessible(page, 'a failed campaign');

    await page.getByRole('button', { name: 'Retry with a new number' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retry with a new number?' });
    await dialog.waitFor();
    await assertAccessible(page, 'the retry confirmation');
    await dialog.getByRole('button', { name: 'Retry with a new number' }).click();
    await page.waitForURL((url) => /\/campaigns\/\d+$/.test(url.pathname) && !url.pathname.endsWith(`/${draft.id}`));
    const newId = Number(/\/campaigns\/(\d+)(?:\?|$)/.exec(page.url())[1]);
    await page.getByText(`${draft.name} is archived;`, { exact: false }).waitFor();
    await page.getByRole('heading', { level: 1, name: `${draft.name} (retry)` }).waitFor();
    await page.getByTestId('campaign-status').getByText('Draft', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Review and launch' }).waitFor();

    const old = (await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/campaigns/${draft.id}`)).body;
    assert.equal(old.status, 'archived');
    const fresh = (await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/campaigns/${newId}`)).body;
    assert.equal(fresh.status, 'draft');
    assert.equal(fresh.contact_count, 3);
    assert.equal(fresh.number_mode, 'single_use');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('dedicated: chosen from the complete numbers, the campaign is Active at once', { timeout: 180000 }, async () => {
  const ctx = await campaignOrg('dedicated');
  const number = await completeNumber(ctx, '916', 'Field line');
  const draft = await readyDraft(ctx, { name: `Dedicated ${Date.now().toString(36)}` });
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, ctx.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/campaigns/${draft.id}/edit`);
    await page.getByRole('heading', { level: 1, name: `Edit ${draft.name}` }).waitFor();
    await page.getByLabel('Dedicated number', { exact: true }).check();
    const select = page.locator('#campaign-number');
    const phone = number.phone_number.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '+1 ($1) $2-$3');
    await select.locator('option', { hasText: phone }).waitFor({ state: 'attached' });
    const label = await select.locator('option', { hasText: phone }).textContent();
    assert.equal(label, `${phone} — Field line — ${ctx.useCase.name}`);
    await select.selectOption({ label });
    await assertAccessible(page, 'the dedicated number drop-down');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    await page.getByRole('link', { name: 'Review and launch' }).click();
    await page.getByText('The number is already provisioned: the campaign becomes Active at once').waitFor();
    assert.equal(await page.getByTestId('estimate-median').count(), 0, 'no provisioning estimate for a dedicated number');
    await page.getByRole('button', { name: 'Launch now' }).click();
    await page.waitForURL(new RegExp(`/campaigns/${draft.id}(\\?|$)`));
    await page.getByText(`${draft.name} is active.`).waitFor();
    assert.equal(await statusText(page), 'Active');
    await page.getByTestId('campaign-number').getByText(phone).waitFor();
    await page.getByTestId('campaign-number').getByText('Provisioning Complete').waitFor();
    await assertAccessible(page, 'an active dedicated campaign');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('a launch the server refuses names what to fix', { timeout: 120000 }, async () => {
  const ctx = await campaignOrg('notready');
  const draft = await readyDraft(ctx, { name: `Not ready ${Date.now().toString(36)}`, script: '' }, 0);
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, ctx.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/campaigns/${draft.id}/launch`);
    await page.getByRole('heading', { level: 1, name: `Launch ${draft.name}` }).waitFor();
    const missing = page.getByRole('list', { name: 'Ready to launch' }).getByRole('listitem').filter({ hasText: 'Missing:' });
    assert.deepEqual(
      (await missing.allTextContents()).map((t) => t.replace(/^✗\s*Missing:\s*/, '').replace(/\s*Fix in settings$/, '')),
      ['Write the script', 'Upload at least one contact', 'Choose a dedicated or a single-use number'],
    );
    await page.getByRole('button', { name: 'Launch now' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: /^Not launched: / });
    await refusal.waitFor();
    await refusal.getByRole('link', { name: 'Fix in settings' }).waitFor();
    await assertAccessible(page, 'a refused launch');
    const still = (await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/campaigns/${draft.id}`)).body;
    assert.equal(still.status, 'draft');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
