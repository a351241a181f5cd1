// Invitations end to end: the admin invites a texter on the People page,
// the invitee opens the link on a phone-sized screen, signs up and lands in
// the texter shell. An invitation is for its address: someone signed in as
// another account is told so plainly and may log out to go on. An open
// link (texters) takes anyone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, createOrg, freshUser, seed, uniq, newPassword } from './lib/env.js';
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

test('signed in as another account, the invitation page says whom it is for and offers to log out', { timeout: 90000 }, async () => {
  const org = createOrg(`E2E Wrong ${uniq('org')}`);
  const owner = freshUser('owner', [[org, 'owner']]);
  const invited = freshUser('invited');
  const other = freshUser('other', [[seed().org, 'texter']]);
  const adminBrowser = await openBrowser();
  let b;
  try {
    const admin = adminBrowser.page;
    await login(admin, owner);
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await admin.getByLabel('Email').fill(invited.email);
    await admin.getByLabel('Role', { exact: true }).selectOption('supervisor');
    await admin.getByRole('button', { name: 'Create invitation' }).click();
    const link = new URL(await admin.getByLabel('Invite link').inputValue());
    await admin.getByText(`Only ${invited.email} can accept it.`).waitFor();

    b = await openBrowser({ viewport: PHONE });
    const { page } = b;
    await login(page, other);
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    await page.goto(`${baseUrl()}${link.pathname}${link.hash}`);
    await page.getByRole('heading', { level: 2, name: 'This invitation is for another account' }).waitFor();
    const said = await page.locator('main').textContent();
    assert.ok(said.includes(`This invitation is for ${invited.email}; you are signed in as ${other.email}.`), said);
    assert.equal(await page.getByRole('button', { name: 'Accept invitation' }).count(), 0, 'nothing to accept');
    await assertNoSideScroll(page, 'the refusal');
    await assertAccessible(page, 'an invitation for another account');

    await page.getByRole('button', { name: `Log out and continue as ${invited.email}` }).click();
    await page.getByRole('heading', { level: 2, name: 'Log in to accept' }).waitFor();
    assert.equal(await page.getByLabel('Email').inputValue(), invited.email);
    await page.getByLabel('Password').fill(invited.password);
    await page.getByRole('button', { name: 'Log in and accept' }).click();
    await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
    assertNoConsoleErrors(adminBrowser);
    assertNoConsoleErrors(b);
  } finally {
    await adminBrowser.close();
    if (b) await b.close();
  }
});

test('an admin makes an open link for texters; anyone who has it signs up with their own address', { timeout: 90000 }, async () => {
  const org = createOrg(`E2E Open ${uniq('org')}`);
  const owner = freshUser('owner', [[org, 'admin']]);
  const adminBrowser = await openBrowser();
  let b;
  try {
    const admin = adminBrowser.page;
    await login(admin, owner);
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await admin.getByRole('radio', { name: /^Open link/ }).check();
    assert.equal(await admin.getByLabel('Email').count(), 0, 'an open link names nobody');
    await admin.getByRole('button', { name: 'Create open link' }).click();
    const link = new URL(await admin.getByLabel('Invite link').inputValue());
    const row = admin.getByRole('row').filter({ hasText: 'Open link' });
    await row.getByText('0 joined').waitFor();
    await assertAccessible(admin, 'People with an open link');

    b = await openBrowser({ viewport: PHONE });
    const { page } = b;
    await page.goto(`${baseUrl()}${link.pathname}${link.hash}`);
    await page.getByRole('heading', { level: 1, name: `Join ${org}` }).waitFor();
    await page.getByText('This is an open link').waitFor();
    const email = `${uniq('opener')}@e2e.test`;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Your name').fill('Otto Open');
    await page.getByLabel('Password').fill(newPassword());
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    await assertAccessible(page, 'the texter shell after an open link');

    await admin.reload();
    await admin.getByRole('row').filter({ hasText: 'Open link' }).getByText('1 joined').waitFor();
    assertNoConsoleErrors(adminBrowser);
    assertNoConsoleErrors(b);
  } finally {
    await adminBrowser.close();
    if (b) await b.close();
  }
});
