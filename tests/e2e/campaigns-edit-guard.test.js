// The edit page keeps what the admin meant: Enter in the area-code field
// adds the code and closes its list, so the buttons below take their own
// clicks ("Remove region 1" once added area code 201); and unsaved edits
// are not lost silently: leaving for another screen asks first, closing
// the tab asks the browser's question, and saved edits leave freely.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { campaignOrg, readyDraft } from './lib/campaigns.js';
import { baseUrl } from './lib/env.js';

test('Enter in the area-code field closes its list; Remove region 1 removes region 1', { timeout: 120000 }, async () => {
  const ctx = await campaignOrg('picker');
  const draft = await readyDraft(ctx, {
    name: `Regions ${Date.now().toString(36)}`,
    number_mode: 'single_use',
    use_case_id: ctx.useCase.id,
    regions: [{ type: 'area_codes', area_codes: ['415'] }, { type: 'area_codes', area_codes: ['212'] }],
  });
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, ctx.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/campaigns/${draft.id}/edit`);
    await page.getByRole('heading', { level: 1, name: `Edit ${draft.name}` }).waitFor();

    const region1 = page.getByRole('combobox', { name: 'Add an area code to region 1' });
    await region1.fill('510');
    await region1.press('Enter');
    await page.getByRole('list', { name: 'Area codes of region 1' }).getByText('510').waitFor();
    assert.equal(await region1.getAttribute('aria-expanded'), 'false', 'the list is closed after Enter');
    assert.equal(await page.getByRole('listbox', { name: 'Add an area code to region 1' }).isVisible(), false);
    await assertAccessible(page, 'the regions after Enter');

    // A real click where the button is (not a click dispatched to it).
    const remove = page.getByRole('button', { name: 'Remove region 1' });
    await remove.scrollIntoViewIfNeeded();
    const box = await remove.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const codes = page.getByRole('list', { name: 'Area codes of region 1' });
    await codes.getByText('212').waitFor();
    assert.deepEqual((await codes.getByRole('listitem').allTextContents()).map((t) => t.replace('×', '').trim()), ['212']);
    assert.equal(await page.getByRole('list', { name: 'Area codes of region 2' }).count(), 0, 'one region left');
    assert.equal(await page.getByText('201', { exact: true }).count(), 0, 'area code 201 was not added');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('leaving the edit page with unsaved changes asks first; saved changes leave freely', { timeout: 120000 }, async () => {
  const ctx = await campaignOrg('unsaved');
  const draft = await readyDraft(ctx, { name: `Unsaved ${Date.now().toString(36)}` });
  const b = await openBrowser();
  const { page } = b;
  const dialogs = [];
  let answer = 'dismiss';
  page.on('dialog', async (d) => {
    dialogs.push({ type: d.type(), message: d.message() });
    if (answer === 'accept') await d.accept();
    else await d.dismiss();
  });
  try {
    await login(page, ctx.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/campaigns/${draft.id}/edit`);
    await page.getByRole('heading', { level: 1, name: `Edit ${draft.name}` }).waitFor();

    // Nothing changed: leaving asks nothing.
    await page.getByRole('link', { name: 'Review and launch' }).click();
    await page.getByRole('heading', { level: 1, name: `Launch ${draft.name}` }).waitFor();
    assert.equal(dialogs.length, 0);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: `Edit ${draft.name}` }).waitFor();

    // An unsaved change: "Review and launch" asks; staying keeps the edit.
    await page.getByLabel(/^Description/).fill('Changed, not saved.');
    await page.getByText('Unsaved changes.').waitFor();
    await assertAccessible(page, 'the edit page with unsaved changes');
    await page.getByRole('link', { name: 'Review and launch' }).click();
    assert.equal(dialogs.length, 1);
    assert.equal(dialogs[0].type, 'confirm');
    assert.match(dialogs[0].message, /not saved/);
    assert.equal(new URL(page.url()).pathname, `/campaigns/${draft.id}/edit`);
    assert.equal(await page.getByLabel(/^Description/).inputValue(), 'Changed, not saved.');

    // The main navigation and Back ask too.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    assert.equal(dialogs.length, 2);
    await page.evaluate(() => history.back());
    await page.waitForFunction(() => location.pathname.endsWith('/edit'));
    await page.waitForTimeout(300);
    assert.equal(dialogs.length, 3);
    assert.equal(new URL(page.url()).pathname, `/campaigns/${draft.id}/edit`);
    assert.equal(await page.getByLabel(/^Description/).inputValue(), 'Changed, not saved.');

    // Closing the tab: the browser's own question (dismissed: the page stays).
    await page.close({ runBeforeUnload: true });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(dialogs.length, 4);
    assert.equal(dialogs[3].type, 'beforeunload');
    assert.equal(page.isClosed(), false);

    // Saved: leaving asks nothing.
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: /^Saved\.$/ }).waitFor();
    await page.getByRole('link', { name: 'Review and launch' }).click();
    await page.getByRole('heading', { level: 1, name: `Launch ${draft.name}` }).waitFor();
    assert.equal(dialogs.length, 4);

    // Confirmed: the edit is dropped and the next screen opens.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: `Edit ${draft.name}` }).waitFor();
    await page.getByLabel(/^Description/).fill('Dropped on purpose.');
    answer = 'accept';
    await page.getByRole('link', { name: 'Review and launch' }).click();
    await page.getByRole('heading', { level: 1, name: `Launch ${draft.name}` }).waitFor();
    assert.equal(dialogs.length, 5);
    const saved = (await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/campaigns/${draft.id}`)).body;
    assert.equal(saved.description, 'Changed, not saved.');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
