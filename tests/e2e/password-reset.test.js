// A forgotten password, the way a texter walks it on a phone: "Forgot
// password?" on the login screen, the email's link, a new password, and
// signing in with it (issue 17). Another device signed in before is
// signed out by the reset. Then, in Profile, changing the password needs
// the current one (a wrong one is named under its field).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '../api/lib/client.js';
import { parsed, waitForMessages } from '../api/lib/mail.js';
import { baseUrl, createOrg, freshUser, newPassword, uniq } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';

test('forgot password: the email\'s link sets a new one, and it signs in', { timeout: 120000 }, async () => {
  const org = createOrg(`E2E Reset ${uniq('org')}`);
  const user = freshUser('forgot', [[org, 'texter']]);
  const other = new Client('other device');
  await other.login(user.email, user.password);
  const b = await openBrowser({ viewport: { width: 375, height: 740 } });
  const { page } = b;
  try {
    await page.goto(`${baseUrl()}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forgot your password?' }).waitFor();
    await assertAccessible(page, 'the forgot-password screen');
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('status').filter({ hasText: 'If an account uses this address' }).waitFor();

    const [m] = await waitForMessages(user.email, 1);
    const text = (await parsed(m)).parts[0].content;
    const link = text.match(/Set a new password: (\S+)/)[1];
    assert.ok(link.startsWith(`${baseUrl()}/reset-password?token=`), link);

    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor();
    assert.equal(new URL(page.url()).search, '', 'the token left the address bar');
    await assertAccessible(page, 'the reset-password screen');
    // Too short: the API's rule, under the field.
    await page.getByLabel('New password').fill('short');
    await page.getByLabel('New password').evaluate((el) => el.removeAttribute('minlength'));
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('alert').filter({ hasText: '8 to 256 characters' }).waitFor();

    const password = newPassword();
    await page.getByLabel('New password').fill(password);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your password is set' }).waitFor();
    assert.equal((await other.get('/api/v1/me')).status, 401, 'the other device was signed out');

    await page.getByRole('button', { name: 'Log in' }).click();
    await login(page, { email: user.email, password });
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();

    // The link works once.
    await page.goto(link);
    await page.getByLabel('New password').fill(newPassword());
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('alert').filter({ hasText: 'does not work any more' }).waitFor();
    await page.getByRole('link', { name: 'Email me a new link' }).waitFor();
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('Profile: changing the password needs the current one; this device stays signed in', { timeout: 90000 }, async () => {
  const org = createOrg(`E2E Change ${uniq('org')}`);
  const user = freshUser('change', [[org, 'admin']]);
  const other = new Client('other device');
  await other.login(user.email, user.password);
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, user);
    await page.getByRole('banner').getByRole('link', { name: user.name }).click();
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    const password = newPassword();
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password').fill(password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'The current password is not right.' }).waitFor();
    assert.equal(await page.getByLabel('Current password').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page, 'Profile with a wrong current password');

    await page.getByLabel('Current password').fill(user.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'One other session was signed out.' }).waitFor();
    assert.equal((await other.get('/api/v1/me')).status, 401);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
