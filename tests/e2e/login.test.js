// Login errors: a wrong password shows the server's message and the right
// one still gets in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, freshUser, seed } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, navLinks, openBrowser } from './lib/browser.js';

test('login with a wrong password shows the error message', { timeout: 60000 }, async () => {
  // A fresh account: failed logins count against the account, and the
  // shared seed accounts must never be locked out.
  const user = freshUser('wrongpw', [[seed().org, 'texter']]);
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, { email: user.email, password: `${user.password}-wrong` });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal((await alert.textContent()).trim(), 'Email or password is incorrect.');
    // Still on the login screen, with the email kept.
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    assert.equal(await page.getByLabel('Email').inputValue(), user.email);
    await assertAccessible(page, 'the login screen with an error');

    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    assert.deepEqual(await navLinks(page), ['My assignments']);
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

// The bundle is split by screen: the login page loads the app's frame and
// the signed-out pages, not the admin screens (they come after sign-in).
// Budget: 64 kB of JavaScript (one 155 kB bundle before the split).
const LOGIN_JS_BUDGET = 64 * 1024;

test('the login page loads no admin screens and little JavaScript', { timeout: 60000 }, async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    const scripts = [];
    page.on('response', async (r) => {
      if (r.url().endsWith('.js')) scripts.push({ url: r.url(), bytes: (await r.body()).length });
    });
    await page.goto(`${baseUrl()}/login`);
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await page.waitForLoadState('networkidle');
    const total = scripts.reduce((n, s) => n + s.bytes, 0);
    const names = scripts.map((s) => new URL(s.url).pathname).join(', ');
    console.log(`login page JavaScript: ${total} bytes in ${scripts.length} files (${names})`);
    assert.ok(scripts.length > 0, 'some JavaScript');
    assert.ok(total <= LOGIN_JS_BUDGET, `${total} bytes of JavaScript on the login page (${names})`);
    for (const screen of ['CampaignEdit', 'CampaignDetail', 'PhoneNumbers', 'People', 'CampaignTexting']) {
      assert.ok(!names.includes(`/${screen}-`), `${screen} loaded on the login page`);
    }
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
