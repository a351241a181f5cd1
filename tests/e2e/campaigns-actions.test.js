// What a campaign's page lets one do after launch: pause and resume; clone
// into a new draft; "Create followup" with targeting and a removal list,
// launched Active at once on the same number; archive, permanent and
// confirmed first, which for a single-use campaign says its number is
// released and frees room in the use case. And the list's status filters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { campaignOrg, completeNumber, launched, readyDraft, waitUntil } from './lib/campaigns.js';
import { utcToZoned } from '../../web/src/tz.js';
import { freshUser } from '../api/lib/admin.js';

async function statusText(page) {
  return (await page.getByTestId('campaign-status').textContent()).trim();
}

test('pause, resume, clone and a followup with targeting on a dedicated campaign', { timeout: 180000 }, async () => {
  const ctx = await campaignOrg('actions');
  const number = await completeNumber(ctx);
  const draft = await readyDraft(ctx, { name: `Actions ${Date.now().toString(36)}`, number_mode: 'dedicated', phone_number_id: number.id }, 4);
  const active = await launched(ctx, draft, 'active');
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, ctx.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/campaigns/${active.id}`);
    await page.getByRole('heading', { level: 1, name: active.name }).waitFor();
    // Counts per status, contacts, texters and settings.
    assert.equal(await page.getByTestId('count-needs_message').textContent(), '4');
    assert.match(await page.getByTestId('counts-at').textContent(), /^As of \d{1,2}:\d{2}:\d{2}\s[AP]M [A-Z]{3,4}$/);
    await page.getByRole('region', { name: 'Contacts (4)' }).getByRole('row').nth(4).waitFor();
    await page.getByRole('region', { name: 'Texters' }).waitFor();
    await page.getByRole('region', { name: 'Settings' }).waitFor();
    await assertAccessible(page, 'an active campaign');

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('campaign-status').getByText('Paused', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByTestId('campaign-status').getByText('Active', { exact: true }).waitFor();

    // Followup: leave out who replied and who opted out, and one phone by list.
    await page.getByRole('button', { name: 'Create followup' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create followup' });
    await dialog.waitFor();
    await assertAccessible(page, 'the followup dialog');
    const followName = `${active.name} followup`;
    assert.equal(await dialog.getByLabel('Name').inputValue(), followName);
    await dialog.getByLabel('Contacts who replied').check();
    assert.equal(await dialog.getByLabel('Contacts who opted out').isChecked(), true);
    await dialog.getByLabel(/^Removal list/).setInputFiles({
      name: 'remove.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('phone\n(415) 200-0003\n'),
    });
    await dialog.getByRole('button', { name: 'Create followup' }).click();
    await page.waitForURL(/\/campaigns\/\d+\/edit(?:\?|$)/);
    const followId = Number(/\/campaigns\/(\d+)\/edit(?:\?|$)/.exec(page.url())[1]);
    await page.getByText(`Followup ${followName} created with 3 contacts (1 left out by the removal list).`, { exact: false }).waitFor();
    await page.getByText('A followup sends from the number of its original campaign', { exact: false }).waitFor();
    const follow = await waitUntil('the removal list applied', async () => {
      const c = (await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/campaigns/${followId}`)).body;
      return c.contact_count === 3 && c;
    }, { timeoutMs: 10000 });
    assert.equal(follow.number_mode, 'followup');
    assert.equal(follow.parent_id, active.id);
    assert.equal(follow.phone_number_id, number.id);
    await assertAccessible(page, 'the edit page of a followup');

    // A followup takes no contact file, but another removal list.
    assert.equal(await page.getByRole('button', { name: 'Upload contacts' }).count(), 0);
    await page.getByLabel('Removal list').setInputFiles({
      name: 'more.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('phone\n415-200-0002\nnonsense\n'),
    });
    await page.getByRole('button', { name: 'Remove contacts' }).click();
    const removal = page.getByRole('region', { name: 'Removal report: more.csv' });
    await removal.waitFor();
    assert.equal(await removal.getByTestId('import-removed').textContent(), '1');
    assert.equal(await removal.getByTestId('import-invalid').textContent(), '1');
    await removal.getByRole('row').filter({ hasText: /^3/ }).waitFor();
    await page.getByText('2 contacts so far.', { exact: false }).waitFor();

    // Its script and start (a followup's window starts unset), then
    // launched: Active at once on the same number.
    await page.getByLabel('Script', { exact: true }).fill('Hi {first_name}, one more reminder: vote Tuesday!');
    await page.getByLabel('Start of initial messages').fill(utcToZoned(new Date(Date.now() + 3600000).toISOString(), follow.time_zone));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByRole('link', { name: 'Review and launch' }).click();
    await page.getByRole('button', { name: 'Launch now' }).click();
    await page.waitForURL(new RegExp(`/campaigns/${followId}(\\?|$)`));
    assert.equal(await statusText(page), 'Active');
    await page.getByTestId('campaign-number').getByText('Provisioning Complete').waitFor();

    // Clone: a new draft with the settings and contacts; the original stays.
    await page.goto(`${baseUrl()}/campaigns/${active.id}`);
    await page.getByRole('button', { name: 'Clone' }).click();
    await page.waitForURL((url) => /\/campaigns\/\d+$/.test(url.pathname) && !url.pathname.endsWith(`/${active.id}`));
    const cloneId = Number(/\/campaigns\/(\d+)(?:\?|$)/.exec(page.url())[1]);
    await page.getByText('Cloned into a new draft', { exact: false }).waitFor();
    await page.getByRole('heading', { level: 1, name: `${active.name} (copy)` }).waitFor();
    assert.equal(await statusText(page), 'Draft');
    const clone = (await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/campaigns/${cloneId}`)).body;
    assert.equal(clone.contact_count, 4);
    assert.equal(clone.script, active.script);
    assert.equal(clone.number_mode, 'dedicated');
    assert.equal((await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/campaigns/${active.id}`)).body.status, 'active');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('archive asks first, says it is permanent and that the single-use number is released', { timeout: 180000 }, async () => {
  const ctx = await campaignOrg('archive');
  const draft = await readyDraft(ctx, {
    name: `Archive ${Date.now().toString(36)}`,
    number_mode: 'single_use',
    use_case_id: ctx.useCase.id,
    regions: [{ type: 'area_codes', area_codes: ['530'] }],
  });
  const active = await launched(ctx, draft, 'active');
  const useCaseLive = async () =>
    (await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/use-cases?limit=100`)).body.items.find((u) => u.id === ctx.useCase.id).live_numbers;
  assert.equal(await useCaseLive(), 1);
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, ctx.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/campaigns/${active.id}`);
    await page.getByRole('heading', { level: 1, name: active.name }).waitFor();
    await page.getByRole('button', { name: 'Archive' }).click();
    const dialog = page.getByRole('dialog', { name: `Archive ${active.name}?` });
    await dialog.waitFor();
    await dialog.getByText('Archiving is permanent', { exact: false }).waitFor();
    await dialog.getByText(/Its single-use number \+1 \(530\) \d{3}-\d{4} is released, which frees room in its use case/).waitFor();
    await assertAccessible(page, 'the archive confirmation');
    // Cancel keeps it.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await statusText(page), 'Active');

    await page.getByRole('button', { name: 'Archive' }).click();
    await dialog.getByRole('button', { name: 'Archive' }).click();
    await page.getByTestId('campaign-status').getByText('Archived', { exact: true }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.getByRole('button', { name: 'Archive' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Edit' }).count(), 0);
    await page.getByRole('button', { name: 'Clone' }).waitFor();
    await waitUntil('the use case to have room again', async () => (await useCaseLive()) === 0, { timeoutMs: 15000 });
    await assertAccessible(page, 'an archived campaign');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('the list filters campaigns by status and keeps the filter in the address', { timeout: 180000 }, async () => {
  const ctx = await campaignOrg('filters');
  const number = await completeNumber(ctx);
  const tag = Date.now().toString(36);
  const draft = await readyDraft(ctx, { name: `Draft ${tag}` }, 0);
  const live = await launched(ctx, await readyDraft(ctx, { name: `Live ${tag}`, number_mode: 'dedicated', phone_number_id: number.id }));
  const gone = await readyDraft(ctx, { name: `Gone ${tag}` }, 0);
  const r = await ctx.api.post(`/api/v1/orgs/${ctx.org.id}/campaigns/${gone.id}/archive`, {});
  assert.equal(r.status, 200, r.text);
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, ctx.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/campaigns`);
    const rows = page.getByRole('region', { name: 'All campaigns' }).getByRole('row');
    await rows.filter({ hasText: live.name }).waitFor();
    const names = async () => (await page.locator('.campaign-link').allTextContents()).map((s) => s.trim()).sort();
    assert.deepEqual(await names(), [draft.name, gone.name, live.name].sort());
    // Status tags in the provisioning colours.
    assert.match(await rows.filter({ hasText: live.name }).locator('.tag').first().getAttribute('class'), /tag-campaign-active/);
    await assertAccessible(page, 'the campaign list');

    const filter = page.getByRole('group', { name: 'Filter by status' });
    await filter.getByRole('button', { name: 'Archived' }).click();
    await page.getByRole('region', { name: 'Archived campaigns' }).getByRole('row').filter({ hasText: gone.name }).waitFor();
    assert.deepEqual(await names(), [gone.name]);
    assert.equal(await filter.getByRole('button', { name: 'Archived' }).getAttribute('aria-pressed'), 'true');
    assert.equal(new URL(page.url()).searchParams.get('status'), 'archived');
    await page.reload();
    await page.getByRole('region', { name: 'Archived campaigns' }).getByRole('row').filter({ hasText: gone.name }).waitFor();

    await filter.getByRole('button', { name: 'Active' }).click();
    await page.getByRole('region', { name: 'Active campaigns' }).getByRole('row').filter({ hasText: live.name }).waitFor();
    assert.deepEqual(await names(), [live.name]);
    await filter.getByRole('button', { name: 'Failed' }).click();
    await page.getByText('No failed campaigns.').waitFor();
    await filter.getByRole('button', { name: 'Draft' }).click();
    await page.getByRole('region', { name: 'Draft campaigns' }).getByRole('row').filter({ hasText: draft.name }).waitFor();
    assert.deepEqual(await names(), [draft.name]);
    await assertAccessible(page, 'the campaign list filtered');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('a supervisor manages campaigns but is not led to the number pages', { timeout: 180000 }, async () => {
  const ctx = await campaignOrg('supervisor');
  const number = await completeNumber(ctx);
  const active = await launched(ctx, await readyDraft(ctx, { name: `Sup ${Date.now().toString(36)}`, number_mode: 'dedicated', phone_number_id: number.id }));
  const supervisor = freshUser('sup', [[ctx.org.name, 'supervisor']]);
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, supervisor);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Phone Numbers' }).count(), 0);
    await nav.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('row').filter({ hasText: active.name }).getByRole('link', { name: active.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: active.name }).waitFor();
    const numberCell = page.getByTestId('campaign-number');
    await numberCell.getByText('Provisioning Complete').waitFor();
    assert.equal(await numberCell.getByRole('link').count(), 0, 'no link to a page a supervisor cannot open');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('campaign-status').getByText('Paused', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { level: 1, name: `Edit ${active.name}` }).waitFor();
    await page.getByLabel('Batch size').fill('25');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    assert.equal((await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/campaigns/${active.id}`)).body.batch_size, 25);
    await assertAccessible(page, 'the edit page of a paused campaign (supervisor)');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
