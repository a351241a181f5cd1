// Profile: any signed-in person (here a texter, on a phone-sized screen, and
// an owner) reaches it from their name in the banner and switches
// provisioning emails off and on; the choice is saved (the API's /me says
// so) and survives a reload. It is not in the main navigation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, createOrg, freshUser, uniq } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, navLinks, openBrowser } from './lib/browser.js';

// /api/v1/me as the page's session sees it.
async function meOf(page) {
  return page.evaluate(async () => (await fetch('/api/v1/me', { headers: { Accept: 'application/json' } })).json());
}

for (const [role, viewport] of [['texter', { width: 375, height: 740 }], ['owner', undefined]]) {
  test(`Profile: ${role === 'owner' ? 'an' : 'a'} ${role} switches provisioning emails off and on`, { timeout: 90000 }, async () => {
    const org = createOrg(`E2E Profile ${uniq('org')}`);
    const user = freshUser(role, [[org, role]]);
    const b = await openBrowser(viewport ? { viewport } : undefined);
    const { page } = b;
    try {
      await login(page, user);
      await page.getByRole('banner').getByRole('link', { name: user.name }).click();
      await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
      assert.ok(!(await navLinks(page)).includes('Profile'), 'not in the main navigation');
      await page.getByText(user.email).first().waitFor();
      const box = page.getByLabel('Email me when a number I asked for is ready or could not be provisioned');
      assert.equal(await box.isChecked(), true, 'on by default');
      await assertAccessible(page, `Profile (${role})`);

      await box.uncheck();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'You will not get provisioning emails.' }).waitFor();
      assert.equal((await meOf(page)).provisioning_emails, false);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
      assert.equal(await box.isChecked(), false, 'the saved choice after a reload');

      await box.check();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'You will get an email' }).waitFor();
      assert.equal((await meOf(page)).provisioning_emails, true);
      await assertAccessible(page, `Profile saved (${role})`);
      assert.equal(new URL(page.url()).pathname, '/profile');
      assert.equal(await page.getByRole('banner').getByRole('link', { name: user.name }).getAttribute('aria-current'), 'page');
      assertNoConsoleErrors(b);
    } finally {
      await b.close();
    }
  });
}

test('Profile: a deep link while signed out comes back after login', { timeout: 60000 }, async () => {
  const org = createOrg(`E2E Profile ${uniq('org')}`);
  const user = freshUser('admin', [[org, 'admin']]);
  const b = await openBrowser();
  try {
    await b.page.goto(`${baseUrl()}/profile`);
    await b.page.waitForURL(/\/login\?next=/);
    await b.page.getByLabel('Email').fill(user.email);
    await b.page.getByLabel('Password').fill(user.password);
    await b.page.getByRole('button', { name: 'Log in' }).click();
    await b.page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
