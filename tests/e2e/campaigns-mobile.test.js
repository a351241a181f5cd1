// The campaign list and a campaign's page at phone size (375 px): nothing
// scrolls sideways, tables become stacked rows, the actions wrap, the
// contacts start folded, and axe finds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { campaignOrg, completeNumber, launched, readyDraft } from './lib/campaigns.js';

async function assertNoSidewaysScroll(page, where) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= width, `${where} scrolls sideways at 375 px (${scroll} > ${width})`);
}

test('the campaign list and a campaign page work at 375 px', { timeout: 180000 }, async () => {
  const ctx = await campaignOrg('mobile');
  const number = await completeNumber(ctx);
  const active = await launched(
    ctx,
    await readyDraft(ctx, { name: `A rather long campaign name for a phone ${Date.now().toString(36)}`, number_mode: 'dedicated', phone_number_id: number.id }, 5),
  );
  const b = await openBrowser({ viewport: { width: 375, height: 740 } });
  const { page } = b;
  try {
    await login(page, ctx.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/campaigns`);
    await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: active.name });
    await row.waitFor();
    // Stacked: the header row is hidden, each cell carries its label.
    const head = await page.locator('.table thead').first().boundingBox();
    assert.ok(!head || head.width <= 1, `the table header is still shown: ${JSON.stringify(head)}`);
    await assertNoSidewaysScroll(page, 'the campaign list');
    await assertAccessible(page, 'the campaign list at 375px');

    await row.getByRole('link', { name: active.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: active.name }).waitFor();
    // The contacts start folded on a phone (50 stacked rows would push the
    // rest of the page far down); one tap shows them.
    const contacts = page.getByRole('region', { name: 'Contacts (5)' });
    const toggle = contacts.getByRole('button', { name: 'Show the contacts' });
    await toggle.waitFor();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await contacts.getByRole('row').count(), 0, 'no contact rows before the tap');
    const folded = await page.evaluate(() => document.documentElement.scrollHeight);
    await toggle.click();
    await contacts.getByRole('row').nth(5).waitFor();
    assert.equal(await contacts.getByRole('button', { name: 'Hide the contacts' }).getAttribute('aria-expanded'), 'true');
    const unfolded = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(unfolded > folded + 200, `folded ${folded} px, shown ${unfolded} px`);
    await page.getByRole('button', { name: 'Archive' }).waitFor();
    await assertNoSidewaysScroll(page, 'the campaign page');
    await assertAccessible(page, 'the campaign page at 375px');

    await page.goto(`${baseUrl()}/campaigns/${active.id}/edit`);
    await page.getByRole('heading', { level: 1, name: `Edit ${active.name}` }).waitFor();
    await assertNoSidewaysScroll(page, 'the edit page');
    await assertAccessible(page, 'the edit page at 375px');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
