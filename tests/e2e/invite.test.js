// Invitations end to end: the admin invites a texter on the People page,
// the invitee opens the link on a phone-sized screen, signs up and lands in
// the texter shell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, seed, uniq, newPassword } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, navLinks, openBrowser } from './lib/browser.js';

const PHONE = { width: 375, height: 740 };

async function assertNoSideScroll(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${where}: page is ${width}px wide, more than ${PHONE.width}px`);
}

test('an admin invites a texter, who signs up on a phone', { timeout: 120000 }, async () => {
  const email = `${uniq('invitee')}@e2e.test`;
  const admin = await openBrowser();
  let invitee;
  try {
    const page = admin.page;
    await login(page, seed().admin);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const org = page.getByLabel('Organization');
    if (await org.count()) await org.selectOption({ label: seed().org });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Role', { exact: true }).selectOption('texter');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const linkBox = page.getByLabel('Invite link');
    await linkBox.waitFor();
    assert.equal(await linkBox.getAttribute('readonly'), '');
    const link = await linkBox.inputValue();
    assert.match(link, /\/invite#[A-Za-z0-9_-]{20,}$/);
    await page.getByRole('button', { name: 'Copy link' }).waitFor();
    // The new invitation is listed as pending, with its Revoke button.
    const row = page.getByRole('row').filter({ hasText: email });
    await row.getByText('Pending').waitFor();
    await row.getByRole('button', { name: /^Revoke/ }).waitFor();
    await assertAccessible(page, 'People with a new invite link');

    // The invitee: another browser, a phone-sized screen. The link's origin
    // is the configured public_url; open it on the stack under test.
    invitee = await openBrowser({ viewport: PHONE });
    const phone = invitee.page;
    const u = new URL(link);
    await phone.goto(`${baseUrl()}${u.pathname}${u.hash}`);
    await phone.getByRole('heading', { level: 1, name: `Join ${seed().org}` }).waitFor();
    assert.equal(await phone.getByLabel('Email').inputValue(), email);
    assert.equal(await phone.getByLabel('Email').getAttribute('readonly'), '');
    await assertNoSideScroll(phone, 'the invitation');
    await assertAccessible(phone, 'the invitation sign-up');

    await phone.getByLabel('Your name').fill('Ivy Invitee');
    await phone.getByLabel('Password').fill(newPassword());
    await phone.getByRole('button', { name: 'Create account and join' }).click();

    await phone.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    assert.deepEqual(await navLinks(phone), ['My assignments']);
    await phone.getByText('Ivy Invitee').waitFor();
    assert.ok(!phone.url().includes('#'), 'the token is dropped from the address bar');
    await assertNoSideScroll(phone, 'the texter shell');
    await assertAccessible(phone, 'the texter shell on a phone');

    // Back on the admin side the invitation is used.
    await page.reload();
    await page.getByRole('row').filter({ hasText: email }).getByText('Accepted').waitFor();
    await page.getByRole('cell', { name: email, exact: true }).first().waitFor();

    assertNoConsoleErrors(admin);
    assertNoConsoleErrors(invitee);
  } finally {
    await admin.close();
    if (invitee) await invitee.close();
  }
});

test('an unknown invitation link shows a page that reveals nothing', { timeout: 60000 }, async () => {
  const b = await openBrowser({ viewport: PHONE });
  try {
    const { page } = b;
    await page.goto(`${baseUrl()}/invite#${'x'.repeat(32)}`);
    await page.getByRole('heading', { level: 1, name: 'This invitation is not valid' }).waitFor();
    assert.equal(await page.getByRole('textbox').count(), 0);
    await assertNoSideScroll(page, 'the invalid invitation');
    await assertAccessible(page, 'the invalid invitation');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
