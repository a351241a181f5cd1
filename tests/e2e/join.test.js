// A campaign invite link followed by someone who already has an account:
// signing up with that email marks the email field with the server's
// message and offers "Log in instead"; logging in from there joins the
// campaign. The join page's sign-up and log-in forms are the shared
// SignupForm and LoginForm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, freshUser, newPassword } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, openBrowser } from './lib/browser.js';
import { loggedIn } from '../api/lib/client.js';
import { freshOrg } from '../api/lib/admin.js';
import { campaignPath } from '../api/lib/campaigns.js';
import { campaignFixture } from '../api/lib/texting.js';

test('an existing account on a join link is told to log in, and logging in joins', { timeout: 120000 }, async () => {
  const o = freshOrg('e2e-join-login');
  const owner = await loggedIn(o.owner, 'owner');
  const c = campaignFixture(o.id, o.owner.id, { contacts: 2, name: 'Join by logging in' });
  const link = await owner.post(`${campaignPath(o.id, c.id)}/invite-link`, {});
  assert.equal(link.status, 201, link.text);
  const user = freshUser('joinlogin');
  const b = await openBrowser();
  try {
    const { page } = b;
    const u = new URL(link.body.invite_url);
    await page.goto(`${baseUrl()}${u.pathname}${u.hash}`);
    await page.getByRole('heading', { level: 1, name: 'Join Join by logging in' }).waitFor();

    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Your name').fill('Someone Else');
    await page.getByLabel('Password').fill(newPassword());
    await page.getByRole('button', { name: 'Create account and join' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal((await alert.textContent()).trim(), 'An account with this email exists: log in to join.');
    const email = page.getByLabel('Email');
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.equal(await email.getAttribute('aria-describedby'), await alert.getAttribute('id'));
    assert.equal(await page.getByLabel('Your name').getAttribute('aria-invalid'), null);
    await assertAccessible(page, 'the join page with a taken email');

    await page.getByRole('button', { name: 'Log in instead' }).click();
    await page.getByRole('heading', { level: 2, name: 'Log in to join' }).waitFor();
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await assertAccessible(page, 'the join page log-in');
    await page.getByRole('button', { name: 'Log in and join' }).click();

    await page.getByRole('heading', { level: 1, name: 'Join by logging in', exact: true }).waitFor();
    assert.ok(new URL(page.url()).pathname.startsWith('/assignments'), page.url());
    assert.ok(!page.url().includes('#'), 'the token is dropped from the address bar');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
