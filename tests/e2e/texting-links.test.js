// An organizer finds a campaign's texting page by clicking, never by typing
// its address: from the campaign list (a link per row), from the campaign's
// own tabs, and back again through the breadcrumb. The texting page counts
// as the campaign page does ("Needs message", thousands separators).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { freshOrg } from '../api/lib/admin.js';
import { campaignFixture } from '../api/lib/texting.js';

test('the texting page is reached from the campaign list and the campaign page, and leads back', { timeout: 120000 }, async () => {
  const o = freshOrg('e2e-links');
  const c = campaignFixture(o.id, o.owner.id, { contacts: 1234, name: 'Links to texting' });
  const b = await openBrowser();
  try {
    const { page } = b;
    await login(page, o.owner);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();

    // A link per row of the list.
    await page.getByRole('link', { name: 'Texting for Links to texting' }).click();
    await page.getByRole('heading', { level: 1, name: 'Texting: Links to texting' }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/campaigns/${c.id}/texting`);
    const tabs = page.getByRole('navigation', { name: 'Campaign Links to texting' });
    assert.equal(await tabs.getByRole('link', { name: 'Texting' }).getAttribute('aria-current'), 'page');

    // Counts named and written as everywhere else.
    const table = page.getByRole('table', { name: 'Conversations per status and per texter' });
    await table.getByRole('columnheader', { name: 'Needs message' }).waitFor();
    assert.equal(await table.getByRole('columnheader', { name: 'To message' }).count(), 0);
    const all = table.getByRole('row', { name: /All conversations/ });
    assert.equal((await all.getByRole('cell').nth(0).textContent()).trim(), '1,234');
    await assertAccessible(page, 'the texting page');

    // The breadcrumb leads back to the campaign.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Links to texting' }).click();
    await page.getByRole('heading', { level: 1, name: 'Links to texting' }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/campaigns/${c.id}`);
    assert.equal(await tabs.getByRole('link', { name: 'Overview' }).getAttribute('aria-current'), 'page');
    await assertAccessible(page, 'the campaign page with its tabs');

    // And the campaign page's tab leads to it.
    await tabs.getByRole('link', { name: 'Texting' }).click();
    await page.getByRole('heading', { level: 1, name: 'Texting: Links to texting' }).waitFor();
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: /Campaigns/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/campaigns');
    assert.ok(!page.url().startsWith(`${baseUrl()}/campaigns/`));
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
