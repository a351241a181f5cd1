// A user in two organizations gets the organization switcher; switching
// changes the navigation and the data, and the choice survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOrg, freshUser, seed, setRole, uniq } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, navLinks, openBrowser } from './lib/browser.js';

test('a user with two memberships switches organization', { timeout: 90000 }, async () => {
  const user = freshUser('twoorgs', [[seed().org, 'texter']]);
  const b = await openBrowser();
  const { page } = b;
  try {
    // One membership: no switcher.
    await login(page, user);
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    assert.equal(await page.getByLabel('Organization').count(), 0);

    // A second organization, where the same user is an admin.
    const second = createOrg(`E2E Org ${uniq('org')}`);
    setRole(user.email, second, 'admin');
    await page.reload();
    const select = page.getByLabel('Organization');
    await select.waitFor();
    await assertAccessible(page, 'the shell with the organization switcher');

    await select.selectOption({ label: seed().org });
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    assert.deepEqual(await navLinks(page), ['My assignments']);

    await select.selectOption({ label: second });
    await page.getByRole('heading', { level: 1, name: 'Phone Numbers' }).waitFor();
    assert.deepEqual(await navLinks(page), ['Phone Numbers', 'Campaigns', 'Canned responses', 'People', 'Settings']);

    // The People page now lists the second organization's members only.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('cell', { name: user.email }).waitFor();
    assert.equal(await page.getByRole('cell', { name: seed().admin.email }).count(), 0);
    await assertAccessible(page, `People of ${second}`);

    // The choice is remembered.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    assert.equal(await page.getByLabel('Organization').locator('option:checked').textContent(), second);

    // And back: the texter's screen again.
    await page.getByLabel('Organization').selectOption({ label: seed().org });
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    assert.deepEqual(await navLinks(page), ['My assignments']);
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
