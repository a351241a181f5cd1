// Export jobs in the browser (issue 18): an owner starts the export of a
// large campaign's conversations on its page and watches its progress
// ("N of 400,000 rows (P%)", polled while the exporter writes), then the
// Download link and the file's expiry come; in Settings, the
// organization's opt-outs are exported the same way and downloaded (a
// real browser download, read back by csv-parse).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { baseUrl } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { freshOrg } from '../api/lib/admin.js';
import { sql } from '../api/lib/db.js';
import { campaignFixture } from '../api/lib/texting.js';

const N = 400000;

test('an owner exports a large campaign with its progress, then the opt-outs from Settings', { timeout: 240000 }, async () => {
  const o = freshOrg('e2e-exports');
  const c = campaignFixture(o.id, o.owner.id, { contacts: N });
  sql(`INSERT INTO opt_outs (org_id, phone, source) VALUES (${o.id}, '${c.conversations[7].phone}', 'keyword')`);

  const b = await openBrowser();
  try {
    const { page } = b;
    await login(page, o.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/campaigns/${c.id}`);
    await page.getByRole('heading', { level: 2, name: 'Exports' }).waitFor();
    await page.getByRole('button', { name: 'Export conversations (CSV)' }).click();
    // Under way: rows of the estimated total, with a progress bar.
    await page.getByText(/^[0-9,]+ of 400,000 rows \([0-9]+%\)$/).waitFor({ timeout: 60000 });
    await page.getByRole('progressbar', { name: 'Conversations export' }).waitFor();
    await assertAccessible(page, 'an export under way');
    await page.getByRole('link', { name: 'Download conversations (CSV)' }).waitFor({ timeout: 120000 });
    await page.getByText(/^400,000 rows · kept until /).waitFor();
    await page.getByRole('progressbar').waitFor({ state: 'detached' });

    await page.goto(`${baseUrl()}/settings`);
    await page.getByRole('heading', { level: 2, name: 'Opt-outs' }).waitFor();
    await page.getByRole('button', { name: 'Export opt-outs (CSV)' }).click();
    const link = page.getByRole('link', { name: 'Download opt-outs (CSV)' });
    await link.waitFor({ timeout: 30000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), new RegExp(`^organization-${o.id}-opt_outs-[0-9]+\\.csv$`));
    const rows = parse(readFileSync(await download.path(), 'utf8'), { columns: true });
    assert.deepEqual(rows.map((r) => [r.phone, r.source]), [[c.conversations[7].phone, 'keyword']]);
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
