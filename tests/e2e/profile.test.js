// Profile: any signed-in person (here a texter, on a phone-sized screen, and
// an owner) reaches it from their name in the banner and switches
// provisioning emails off and on; the choice is saved (the API's /me says
// so) and survives a reload. It is not in the main navigation. It lists
// where they are signed in and signs out another device (which stops
// working at once) or every session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../api/lib/client.js';
import { baseUrl, createOrg, freshUser, uniq } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, navLinks, openBrowser } from './lib/browser.js';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

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

test('Profile: the sessions are listed and another device is signed out at once, then every one', { timeout: 90000 }, async () => {
  const org = createOrg(`E2E Sessions ${uniq('org')}`);
  const user = freshUser('sessions', [[org, 'supervisor']]);
  // The same person on a phone, signed in earlier.
  const phone = new Client('phone', { validator: { check: () => [] } });
  const r = await phone.request('POST', '/api/v1/auth/login', { json: { email: user.email, password: user.password }, headers: { 'User-Agent': IPHONE } });
  assert.equal(r.status, 200);
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, user);
    await page.getByRole('banner').getByRole('link', { name: user.name }).click();
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    const card = page.getByRole('region', { name: 'Where you are signed in' });
    const rows = card.getByRole('row');
    const here = rows.filter({ hasText: 'This device' });
    await here.waitFor();
    assert.match(await here.textContent(), /Chrome on Linux/);
    const other = rows.filter({ hasText: 'Safari on iPhone' });
    await other.waitFor();
    assert.equal(await rows.count(), 3, 'a header and two sessions');
    assert.equal(await here.getByRole('button').count(), 0, 'this device signs out with Log out or Sign out everywhere');
    await assertAccessible(page, 'Profile with two sessions');

    await other.getByRole('button', { name: /^Sign out Safari on iPhone/ }).click();
    await card.getByRole('status').filter({ hasText: 'Signed out Safari on iPhone' }).waitFor();
    await other.waitFor({ state: 'detached' });
    assert.equal((await phone.get('/api/v1/me')).status, 401, 'the phone is signed out at once');
    assert.equal(await rows.count(), 2);

    await card.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    assert.equal(await page.evaluate(async () => (await fetch('/api/v1/me')).status), 401);
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
