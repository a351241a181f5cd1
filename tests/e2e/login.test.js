// Login errors: a wrong password shows the server's message and the right
// one still gets in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshUser, seed } from './lib/env.js';
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
