// The People screen beyond the happy path: a refused role change (the last
// owner, once confirmed) shows the server's message and keeps the role; a pending
// invitation can be resent (a new link, by email) and revoked; an invitee who already has an account logs in
// to accept and lands in the inviting organization.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, createOrg, freshUser, seed, setRole, uniq } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { messagesTo } from '../api/lib/mail.js';
import { waitUntil } from './lib/campaigns.js';

async function invite(page, email, role) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption(role);
  await page.getByRole('button', { name: 'Create invitation' }).click();
  await page.getByText(`Invitation created for ${email}`).waitFor();
  return page.getByLabel('Invite link').inputValue();
}

test('People: refused role change, revoke, and log in to accept', { timeout: 120000 }, async () => {
  const org = createOrg(`E2E People ${uniq('org')}`);
  const owner = freshUser('owner', []);
  setRole(owner.email, org, 'owner');
  const existing = freshUser('existing', [[seed().org, 'texter']]);

  const admin = await openBrowser();
  let invitee;
  try {
    const page = admin.page;
    // A deep link while signed out comes back after login.
    await page.goto(`${baseUrl()}/people`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();

    // The only owner cannot step down: once confirmed, the API's 409
    // message is shown in the dialog and the select keeps the role the
    // owner still has.
    const myRole = page.getByLabel(`Role of ${owner.name}`);
    await myRole.selectOption('admin');
    const dialog = page.getByRole('dialog', { name: `Change the role of ${owner.name}?` });
    await dialog.getByRole('button', { name: 'Make me admin' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /An organization needs at least one owner/);
    await assertAccessible(page, 'People with a refused role change');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await myRole.inputValue(), 'owner');

    // Resend a pending invitation: emailed again with a new link, shown
    // to copy, which is also the one the email carries.
    const gone = `${uniq('revoke')}@e2e.test`;
    const firstLink = await invite(page, gone, 'texter');
    const goneRow = page.getByRole('row').filter({ hasText: gone });
    await goneRow.getByRole('button', { name: /^Resend/ }).click();
    await page.getByText(`Sent again to ${gone} with a new link`).waitFor();
    const newLink = await page.getByLabel('Link sent again').inputValue();
    assert.notEqual(newLink, firstLink);
    // (The first email, if still unsent, was cancelled: its link is dead.)
    const token = new URL(newLink).hash.slice(1);
    await waitUntil('the new link by email', async () =>
      (await messagesTo(gone)).some((m) => m.text.includes(`/invite?org=`) && m.text.includes(`#${token}`)),
    );
    await assertAccessible(page, 'People after a resend');

    // Revoke a pending invitation.
    await goneRow.getByRole('button', { name: /^Revoke/ }).click();
    await goneRow.getByText('Revoked').waitFor();
    assert.equal(await goneRow.getByRole('button').count(), 0);

    // Invite someone who already has an account, as a supervisor.
    const link = await invite(page, existing.email, 'supervisor');
    invitee = await openBrowser();
    const other = invitee.page;
    const u = new URL(link);
    await other.goto(`${baseUrl()}${u.pathname}${u.hash}`);
    await other.getByRole('heading', { level: 2, name: 'Log in to accept' }).waitFor();
    assert.equal(await other.getByLabel('Email').inputValue(), existing.email);
    await assertAccessible(other, 'log in to accept');
    await other.getByLabel('Password').fill(existing.password);
    await other.getByRole('button', { name: 'Log in and accept' }).click();
    // A supervisor's home is Campaigns, in the inviting organization.
    await other.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
    assert.equal(await other.getByLabel('Organization').locator('option:checked').textContent(), org);

    // A used link is no longer valid.
    await other.goto(`${baseUrl()}${u.pathname}${u.hash}`);
    await other.getByRole('heading', { level: 1, name: 'This invitation is not valid' }).waitFor();

    // On the owner's side the new member is listed with that role.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    assert.equal(await page.getByLabel(`Role of ${existing.name}`).inputValue(), 'supervisor');

    assertNoConsoleErrors(admin);
    assertNoConsoleErrors(invitee);
  } finally {
    await admin.close();
    if (invitee) await invitee.close();
  }
});
