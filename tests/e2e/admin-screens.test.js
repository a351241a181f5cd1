// The admin screens of issue 17: Settings (the defaults a new campaign's
// form then shows as "the organization default"), Emails (a failed email,
// the server's answer, Send again, then Sent), and People (a role change
// and a removal each only after confirming; the last owner cannot step
// down). axe finds nothing on any of them, dialogs open included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { apiAs, campaignOrg, completeNumber, waitUntil } from './lib/campaigns.js';
import { freshOrg, freshUser } from '../api/lib/admin.js';
import { addFault, removeFault, only, waitForMessages } from '../api/lib/mail.js';

test('Settings: an admin changes the defaults; a new campaign starts from them', { timeout: 120000 }, async () => {
  const org = freshOrg('e2e-settings');
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, org.owner);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const optOut = page.getByLabel('Opt-out language');
    await optOut.waitFor();
    assert.equal(await optOut.inputValue(), 'Reply STOP to stop receiving messages.');
    assert.equal(await page.getByLabel('Default batch size').inputValue(), '300');
    assert.equal(await page.getByLabel('Time zone').inputValue(), 'America/New_York');
    await assertAccessible(page, 'Settings');

    // A bad value is named under its field and nothing is saved.
    await optOut.fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'opt_out_language' }).waitFor();
    assert.equal(await optOut.getAttribute('aria-invalid'), 'true');
    await assertAccessible(page, 'Settings with a field error');

    await page.getByLabel('Display name').fill('Friends of the Park');
    await optOut.fill('Text STOP to opt out.');
    await page.getByLabel('Default batch size').fill('120');
    await page.getByLabel('Time zone').selectOption('America/Chicago');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    assert.equal(await optOut.getAttribute('aria-invalid'), null);

    await page.reload();
    await page.getByLabel('Opt-out language').waitFor();
    assert.equal(await page.getByLabel('Display name').inputValue(), 'Friends of the Park');
    assert.equal(await page.getByLabel('Opt-out language').inputValue(), 'Text STOP to opt out.');
    assert.equal(await page.getByLabel('Default batch size').inputValue(), '120');
    assert.equal(await page.getByLabel('Time zone').inputValue(), 'America/Chicago');

    // A new campaign: its form shows these as the organization's defaults.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByLabel('Name').fill('Park cleanup');
    await page.getByRole('button', { name: /Create/ }).click();
    await page.waitForURL(/\/campaigns\/\d+\/edit(?:\?|$)/);
    await page.getByText('Empty: the organization default, “Friends of the Park”.').waitFor();
    await page.getByText('Empty: the organization default, “Text STOP to opt out.”.').waitFor();
    assert.equal(await page.locator('#campaign-time-zone').inputValue(), 'America/Chicago');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('Emails: a failed email shows the server\'s answer; Send again delivers it once', { timeout: 150000 }, async () => {
  const ctx = await campaignOrg('e2e-emails');
  const rule = await addFault({ stage: 'rcpt', rcpt: only(ctx.owner.email), action: 'reply', code: 550, text: '5.1.1 No such user here', times: 1 });
  const b = await openBrowser();
  const { page } = b;
  try {
    const n = await completeNumber(ctx, '707', 'Emails line');
    await waitUntil('the email to fail', async () => {
      const r = await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/emails?status=failed`);
      return r.body.items.some((e) => e.phone_number_id === n.id);
    });

    await login(page, ctx.owner);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Emails' }).click();
    await page.getByRole('heading', { level: 1, name: 'Emails' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: '550 5.1.1 No such user here' });
    await row.waitFor();
    await row.getByText('Failed', { exact: true }).waitFor();
    await row.getByText(ctx.owner.email, { exact: true }).waitFor();
    await assertAccessible(page, 'Emails with a failed email');

    // Only failed ones: the filter.
    await page.getByRole('button', { name: 'Sent', exact: true }).click();
    await page.getByText('No sent emails.').waitFor();
    await page.getByRole('button', { name: 'Failed', exact: true }).click();
    await row.waitFor();

    await row.getByRole('button', { name: /^Send again/ }).click();
    await page.getByRole('status').filter({ hasText: `is queued to be sent again to ${ctx.owner.email}` }).waitFor();
    await waitForMessages(ctx.owner.email, 1);
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await waitUntil('the row to read Sent', async () => {
      await page.getByRole('button', { name: 'Sent', exact: true }).click();
      return (await page.getByRole('row').filter({ hasText: ctx.owner.email }).count()) === 1;
    }, { timeoutMs: 30000, intervalMs: 1000 });
    const sent = page.getByRole('row').filter({ hasText: ctx.owner.email });
    assert.equal(await sent.getByRole('button').count(), 0, 'no Send again on a sent email');
    await assertAccessible(page, 'Emails with a sent email');
    assertNoConsoleErrors(b);
  } finally {
    await removeFault(rule.id);
    await b.close();
  }
});

test('People: role changes and removal wait for confirmation; the last owner stays', { timeout: 120000 }, async () => {
  const org = freshOrg('e2e-people');
  const member = freshUser('member', [[org.name, 'texter']]);
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, org.owner);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    const role = page.getByLabel(`Role of ${member.name}`);
    await role.waitFor();

    // Choosing a role asks first; Cancel leaves it as it was.
    await role.selectOption('supervisor');
    const dialog = page.getByRole('dialog', { name: `Change the role of ${member.name}?` });
    await dialog.waitFor();
    await assertAccessible(page, 'People with the role dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await role.inputValue(), 'texter');
    const api = await apiAs(org.owner);
    const roleNow = async () => (await api.all(`/api/v1/orgs/${org.id}/people`)).find((p) => p.user_id === member.id).role;
    assert.equal(await roleNow(), 'texter', 'nothing changed before confirming');

    await role.selectOption('supervisor');
    await dialog.getByRole('button', { name: 'Make them supervisor' }).click();
    await page.getByRole('status').filter({ hasText: `${member.name} is now supervisor.` }).waitFor();
    assert.equal(await role.inputValue(), 'supervisor');
    assert.equal(await roleNow(), 'supervisor');

    // The last owner cannot step down: the server's reason in the dialog.
    const mine = page.getByLabel(`Role of ${org.owner.name}`);
    await mine.selectOption('admin');
    const own = page.getByRole('dialog', { name: `Change the role of ${org.owner.name}?` });
    await own.getByRole('button', { name: 'Make me admin' }).click();
    await own.getByRole('alert').filter({ hasText: 'at least one owner' }).waitFor();
    await assertAccessible(page, 'People with a refused role change');
    await own.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await mine.inputValue(), 'owner');

    // Remove, confirmed: gone from the list, and their access ends at once.
    const memberApi = await apiAs(member);
    assert.equal((await memberApi.get(`/api/v1/orgs/${org.id}/campaigns`)).status, 200);
    await page.getByRole('button', { name: `Remove ${member.name}` }).click();
    const rm = page.getByRole('dialog', { name: `Remove ${member.name} from ${org.name}?` });
    await rm.waitFor();
    await assertAccessible(page, 'People with the remove dialog');
    await rm.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('status').filter({ hasText: `${member.name} was removed from ${org.name}` }).waitFor();
    await page.getByRole('cell', { name: member.email }).waitFor({ state: 'detached' });
    assert.equal((await memberApi.get(`/api/v1/orgs/${org.id}/campaigns`)).status, 404);
    // No Remove for oneself.
    assert.equal(await page.getByRole('button', { name: `Remove ${org.owner.name}` }).count(), 0);
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
