// Campaign screens, before launch: an owner creates a campaign from the
// list, sets it up on its edit page (time zone and window entered in the
// campaign's time zone and stored as UTC, a single-use number with three
// area-code regions, the script with merge-field buttons and the live
// character/segment counter), uploads contacts (a progress bar while the
// file goes up, then the report with line numbers), previews the message
// for a real contact, and sees the server's refusals at their field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { campaignOrg, contactsCsv } from './lib/campaigns.js';
import { utcToZoned } from '../../web/src/tz.js';

const TZ = 'America/Los_Angeles';

// The counter's three numbers as shown.
async function counter(page) {
  const read = (id) => page.getByTestId(id).textContent();
  return { characters: Number(await read('script-characters')), segments: Number(await read('script-segments')), encoding: await read('script-encoding') };
}

test('a campaign is created and set up on its screens, with the live segment counter', { timeout: 180000 }, async () => {
  const ctx = await campaignOrg('edit');
  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, ctx.owner);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
    await page.getByText('No campaigns yet.').waitFor();
    await assertAccessible(page, 'the empty campaign list');

    // New campaign: a name makes the draft, then its edit page.
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('heading', { level: 1, name: 'New campaign' }).waitFor();
    await assertAccessible(page, 'New campaign');
    const name = `GOTV Oakland ${Date.now().toString(36)}`;
    await page.getByLabel('Name').fill(name);
    await page.getByLabel(/^Description/).fill('Remind supporters to vote.');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { level: 1, name: `Edit ${name}` }).waitFor();
    const id = Number(/\/campaigns\/(\d+)\/edit(?:\?|$)/.exec(page.url())[1]);
    assert.ok(id > 0);

    // The organization's defaults show where the overrides go.
    const displayHint = await page.locator('#campaign-display-name-hint').textContent();
    assert.match(displayHint, /organization default, “.+”/);
    assert.match(await page.locator('#campaign-opt-out-hint').textContent(), /STOP|organization default/);
    assert.equal(await page.getByLabel('Open from').inputValue(), '09:00');
    assert.equal(await page.getByLabel('Open until').inputValue(), '21:00');
    await assertAccessible(page, 'the edit page of a new draft');

    // Window in Los Angeles time: three days ahead, 09:00 to a week later 20:00.
    await page.getByLabel('Time zone').selectOption(TZ);
    const day = (n) => utcToZoned(new Date(Date.now() + n * 86400000).toISOString(), TZ).slice(0, 10);
    const startLocal = `${day(3)}T09:00`;
    const endLocal = `${day(7)}T20:00`;
    await page.getByLabel('Start of initial messages').fill(startLocal);
    await page.getByLabel('End of initial messages').fill(endLocal);

    // Single-use number: a use case and three regions, the last a whole state.
    await page.getByLabel('Single-use number').check();
    await page.getByLabel('Use case', { exact: true }).selectOption({ label: `${ctx.useCase.name} — 0 of 49` });
    const region1 = page.getByRole('combobox', { name: 'Add an area code to region 1' });
    await region1.fill('415');
    await region1.press('Enter');
    await page.getByRole('list', { name: 'Area codes of region 1' }).getByText('415').waitFor();
    // From the list, by place name.
    await region1.fill('Oakland');
    await page.getByRole('listbox', { name: 'Add an area code to region 1' }).getByRole('option').first().click();
    await page.getByRole('list', { name: 'Area codes of region 1' }).getByText('510').waitFor();
    await page.getByRole('button', { name: 'Add region 2' }).click();
    const region2 = page.getByRole('combobox', { name: 'Add an area code to region 2' });
    await region2.fill('628');
    await page.getByRole('button', { name: 'Add area code to region 2' }).click();
    await page.getByRole('list', { name: 'Area codes of region 2' }).getByText('628').waitFor();
    await page.getByRole('button', { name: 'Add region 3' }).click();
    await page.getByRole('radiogroup', { name: 'Kind of region 3' }).getByLabel('A whole state').check();
    await page.getByLabel('State', { exact: true }).selectOption('CA');
    assert.equal(await page.getByRole('button', { name: 'Add region 4' }).count(), 0, 'at most three regions');
    await assertAccessible(page, 'the single-use number fields with three regions');

    // The script, with merge-field buttons and the live count.
    const script = page.getByLabel('Script', { exact: true });
    await script.fill('Hi ');
    await page.getByRole('group', { name: 'Insert a merge field' }).getByRole('button', { name: '{first_name}' }).click();
    await script.press('End');
    await script.pressSequentially(', it is ');
    await page.getByRole('button', { name: '{texter_first_name}' }).click();
    await script.press('End');
    await script.pressSequentially('. Vote on Tuesday!');
    assert.match(await script.inputValue(), /^Hi \{first_name\}, it is \{texter_first_name\}\. Vote on Tuesday!$/);
    const first = await counter(page);
    assert.equal(first.encoding, 'GSM-7');
    assert.equal(first.segments, 1);
    // Counted as written while there are no contacts; the counter follows each key.
    const texterFirst = ctx.owner.name.split(' ')[0];
    assert.equal(first.characters, (await script.inputValue()).replace('{texter_first_name}', texterFirst).length);
    await script.pressSequentially(' Don’t');
    const unicode = await counter(page);
    assert.equal(unicode.encoding, 'UCS-2');
    assert.equal(unicode.characters, first.characters + 6);
    await page.getByText('Unicode (UCS-2) because of “’”').waitFor();
    await script.press('Backspace');
    await script.press('Backspace');
    await script.pressSequentially("'t forget.");
    assert.equal((await counter(page)).encoding, 'GSM-7');
    await script.pressSequentially(' '.padEnd(160, 'x'));
    assert.equal((await counter(page)).segments, 2);
    await script.fill('Hi {first_name}, {texter_first_name} here: polls open 7am-8pm Tuesday in ward {ward}.');
    assert.equal((await counter(page)).segments, 1);

    await page.getByLabel('Self assign').check();
    await page.getByLabel('Batch size').fill('150');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    // Stored as UTC: 09:00 in Los Angeles.
    const saved = (await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/campaigns/${id}`)).body;
    assert.equal(saved.time_zone, TZ);
    assert.equal(utcToZoned(saved.start_at, TZ), startLocal);
    assert.equal(utcToZoned(saved.end_at, TZ), endLocal);
    assert.match(saved.start_at, /Z$/);
    assert.equal(saved.number_mode, 'single_use');
    assert.equal(saved.use_case_id, ctx.useCase.id);
    assert.deepEqual(saved.regions, [
      { type: 'area_codes', area_codes: ['415', '510'] },
      { type: 'area_codes', area_codes: ['628'] },
      { type: 'state', state: 'CA' },
    ]);
    assert.equal(saved.self_assign, true);
    assert.equal(saved.batch_size, 150);

    // Contacts: a bigger file through a slowed upload shows the progress bar.
    const good = contactsCsv(6000);
    const extra = '(415) 200-0000,Dup,Licate,1\nnot a phone,Bad,Row,2\n';
    const csv = good + extra;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: Math.ceil(Buffer.byteLength(csv) / 3),
    });
    await page.getByLabel('CSV file').setInputFiles({ name: 'supporters.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload contacts' }).click();
    const bar = page.getByRole('progressbar');
    await bar.waitFor();
    await page.getByText(/^Uploading supporters\.csv: \d+%$/).waitFor();
    await assertAccessible(page, 'the edit page while uploading');
    const report = page.getByRole('region', { name: 'Import report: supporters.csv' });
    await report.waitFor({ timeout: 60000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    assert.equal(await report.getByTestId('import-imported').textContent(), '6,000');
    assert.equal(await report.getByTestId('import-duplicates').textContent(), '1');
    assert.equal(await report.getByTestId('import-invalid').textContent(), '1');
    assert.equal(await report.getByTestId('import-opted_out').textContent(), '0');
    // The problems name their lines: the header is line 1.
    const rows = report.getByRole('row');
    await rows.filter({ hasText: '6002' }).waitFor();
    await rows.filter({ hasText: '6003' }).waitFor();
    await page.getByText('6,000 contacts so far.').waitFor();
    await assertAccessible(page, 'the import report');

    // The file's own columns become merge fields; the count and preview use a real contact.
    await page.getByRole('button', { name: '{ward}' }).waitFor();
    await page.getByText(/Counted for Ada0 Lovelace0/).waitFor();
    await page.getByRole('button', { name: 'Preview message' }).click();
    const bubble = page.getByRole('figure', { name: 'Message preview' });
    await bubble.waitFor();
    assert.match(await bubble.textContent(), /Hi Ada0, .+ here: polls open 7am-8pm Tuesday in ward 1\./);
    await page.getByLabel('Preview for').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Preview message' }).click();
    await bubble.getByText(/Hi Ada1, .+ ward 2\./).waitFor();
    await assertAccessible(page, 'the edit page with a preview');

    // Over-long: the counter says so as it is typed, and the server refuses it at the field.
    const goodScript = await script.inputValue();
    await script.fill('x'.repeat(1601));
    await page.getByText('The script has 1,601 characters; at most 1,600 are allowed.').waitFor();
    assert.equal((await counter(page)).segments, 11);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('#campaign-script-error').waitFor();
    assert.equal(await script.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'campaign-script');
    await script.fill(goodScript);

    // The server's refusal shows at its field: an end before the start.
    await page.getByLabel('End of initial messages').fill(`${day(2)}T09:00`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    const endError = page.locator('#campaign-end-error');
    await endError.waitFor();
    assert.equal(await page.getByLabel('End of initial messages').getAttribute('aria-invalid'), 'true');
    await page.getByText(/^Not saved: /).waitFor();
    await assertAccessible(page, 'the edit page with a refused end date');
    const unchanged = (await ctx.api.get(`/api/v1/orgs/${ctx.org.id}/campaigns/${id}`)).body;
    assert.equal(unchanged.end_at, saved.end_at, 'nothing half-saved');

    // The campaign's page sums it up; the list has it as a draft.
    await page.goto(`${baseUrl()}/campaigns/${id}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    assert.equal((await page.getByTestId('campaign-status').textContent()).trim(), 'Draft');
    await page.getByText('1. 415, 510 · 2. 628 · 3. California (CA)').waitFor();
    await page.getByRole('link', { name: '← Campaigns' }).click();
    await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByText('Draft', { exact: true }).waitFor();
    assert.match(await row.textContent(), /6,000/);
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
