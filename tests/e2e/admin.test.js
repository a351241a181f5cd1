// The seed admin (owner of the demo organization) logs in and finds the
// admin shell; every screen of it is accessible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, seed } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, navLinks, openBrowser } from './lib/browser.js';

const ADMIN_NAV = ['Phone Numbers', 'Campaigns', 'Canned responses', 'Review', 'People', 'Emails', 'Settings'];

test('the admin logs in and sees the admin shell', { timeout: 90000 }, async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    // Signed out, the app leads to the login screen.
    await page.goto(`${baseUrl()}/`);
    await page.waitForURL(/\/login$/);
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.match(await page.title(), /Launchline/);
    await assertAccessible(page, 'the login screen');

    await login(page, seed().admin);
    // An owner's home is Phone Numbers.
    await page.getByRole('heading', { level: 1, name: 'Phone Numbers' }).waitFor();
    const org = page.getByLabel('Organization');
    if (await org.count()) await org.selectOption({ label: seed().org });
    assert.deepEqual(await navLinks(page), ADMIN_NAV);
    await page.getByRole('banner').getByText('Launchline', { exact: true }).waitFor();
    await page.getByRole('main').waitFor();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await assertAccessible(page, 'Phone Numbers');

    // Every screen of the admin shell, through the navigation.
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ADMIN_NAV) {
      await nav.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      assert.equal(await nav.getByRole('link', { name }).getAttribute('aria-current'), 'page');
      if (name === 'People') {
        await page.getByRole('cell', { name: seed().admin.email }).waitFor();
        await page.getByRole('heading', { name: 'Invitations' }).waitFor();
        await page.getByRole('status').filter({ hasText: 'Loading' }).waitFor({ state: 'detached' });
      }
      await assertAccessible(page, name);
    }

    // Reloading a client route keeps the screen (nginx falls back to the SPA).
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
