// A user in two organizations gets the organization switcher; switching
// changes the navigation and the data, and the choice survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, createOrg, freshUser, seed, setRole, uniq } from './lib/env.js';
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
    assert.deepEqual(await navLinks(page), ['Phone Numbers', 'Campaigns', 'Canned responses', 'Review', 'People', 'Emails', 'Settings']);

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

test('an address names its organization: a link opens there on any device, or says the account is not in it', { timeout: 90000 }, async () => {
  const second = createOrg(`E2E Org ${uniq('link')}`);
  const user = freshUser('orglink', [[seed().org, 'texter'], [second, 'admin']]);
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, user);
    const select = page.getByLabel('Organization');
    await select.waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    const secondId = me.memberships.find((m) => m.org_name === second).org_id;
    await select.selectOption({ label: seed().org });
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();

    // A link into the second organization (as emails make) opens there,
    // though this device had the first one chosen.
    await page.goto(`${baseUrl()}/campaigns?org=${secondId}`);
    await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
    assert.equal(await select.locator('option:checked').textContent(), second);

    // Moving on keeps the organization in the address, so a copied
    // address names it too.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await page.waitForFunction((id) => new URLSearchParams(location.search).get('org') === String(id), secondId);
    // Switching changes the address with it.
    await select.selectOption({ label: seed().org });
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    const firstId = me.memberships.find((m) => m.org_name === seed().org).org_id;
    await page.waitForFunction((id) => new URLSearchParams(location.search).get('org') === String(id), firstId);

    // An organization the account is not in: said plainly, not "not found".
    await page.goto(`${baseUrl()}/numbers/1?org=999999999`);
    await page.getByRole('heading', { level: 1, name: 'Not in your organizations' }).waitFor();
    await page.getByText(`not a member of`).waitFor();
    await assertAccessible(page, 'a link to another organization');
    await page.getByRole('link', { name: `Go to ${seed().org}` }).click();
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
