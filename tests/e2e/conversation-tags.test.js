// After the first text, on a phone (375 px): a texter tags a conversation
// from the organization's tags and closes it; a new reply from the contact
// opens it again. And an admin manages the tags in Settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { baseUrl, uniq } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { loggedIn } from '../api/lib/client.js';
import { freshOrg, freshUser } from '../api/lib/admin.js';
import { sql, sqlValue } from '../api/lib/db.js';
import { sendWebhook, deliveriesOf } from '../api/lib/sim.js';
import { campaignFixture, onCampaign } from '../api/lib/texting.js';

const PHONE = { width: 375, height: 740 };
const tagsPath = (orgId) => `/api/v1/orgs/${orgId}/tags`;

async function assertNoSideScroll(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${where}: page is ${width}px wide, more than ${PHONE.width}px`);
}

// The contact writes, as the provider tells us (message.received).
async function textIn(from, to, text) {
  const r = await sendWebhook('message.received', {
    id: randomUUID(), record_type: 'message', direction: 'inbound', type: 'SMS', text,
    from: { phone_number: from }, to: [{ phone_number: to, status: 'delivered' }],
  });
  const [d] = await deliveriesOf(r.id);
  assert.equal(d.outcome, 'delivered', JSON.stringify(d));
}

test('a texter on a phone tags a conversation and closes it; a reply opens it again', { timeout: 120000 }, async () => {
  const o = freshOrg('e2e-tags');
  const owner = await loggedIn(o.owner, 'owner');
  for (const [name, escalate] of [['needs follow-up', false], ['escalate', true]]) {
    const r = await owner.post(tagsPath(o.id), { name, escalate });
    assert.equal(r.status, 201, r.text);
  }
  const texter = freshUser('tagger', [[o.name, 'texter']]);
  const tid = Number(sqlValue(`SELECT id FROM users WHERE email = '${texter.email}'`));
  const c = campaignFixture(o.id, o.owner.id, { contacts: 1, name: 'Tag and close' });
  onCampaign(c.id, [tid]);
  const [k] = c.conversations;
  sql(`UPDATE conversations SET assignee_id = ${tid}, status = 'messaged', last_message_at = UTC_TIMESTAMP() WHERE id = ${k.id}`);
  await textIn(k.phone, c.number.e164, 'Yes, count me in.');

  const b = await openBrowser({ viewport: PHONE });
  try {
    const { page } = b;
    await login(page, texter);
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    await page.goto(`${baseUrl()}/inbox`);
    await page.getByRole('link', { name: /C1 Fixture/ }).click();
    await page.getByRole('heading', { level: 1, name: 'C1 Fixture' }).waitFor();
    await page.getByText('Yes, count me in.').waitFor();

    await page.getByLabel('Add a tag').selectOption({ label: 'needs follow-up' });
    await page.getByRole('button', { name: 'Add tag' }).click();
    const chips = page.getByRole('list', { name: 'Tags on this conversation' });
    await chips.getByText('needs follow-up').waitFor();
    await page.getByRole('button', { name: 'Remove tag needs follow-up' }).waitFor();
    await assertNoSideScroll(page, 'a tagged conversation');
    await assertAccessible(page, 'a tagged conversation');
    assert.deepEqual(sql(`SELECT t.name FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.conversation_id = ${k.id}`), [['needs follow-up']]);

    await page.getByRole('button', { name: 'Close conversation' }).click();
    await page.getByTestId('closed-note').waitFor();
    assert.equal(sqlValue(`SELECT status FROM conversations WHERE id = ${k.id}`), 'closed');
    assert.equal(await page.getByRole('button', { name: 'Close conversation' }).count(), 0);
    await assertNoSideScroll(page, 'a closed conversation');

    // The contact writes again: the open page shows it, no longer closed.
    await textIn(k.phone, c.number.e164, 'Wait, one more question.');
    await page.getByText('Wait, one more question.').waitFor({ timeout: 15000 });
    await page.getByTestId('closed-note').waitFor({ state: 'detached', timeout: 15000 });
    await page.getByRole('button', { name: 'Close conversation' }).waitFor();
    assert.equal(sqlValue(`SELECT status FROM conversations WHERE id = ${k.id}`), 'needs_response');
    await chips.getByText('needs follow-up').waitFor();

    // Skip it: back to the replies, where it waits, marked skipped.
    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.getByRole('heading', { level: 1, name: 'Replies' }).waitFor();
    await page.getByRole('link', { name: /C1 Fixture.*Skipped/ }).waitFor();
    await assertNoSideScroll(page, 'the replies');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('an admin adds, renames, marks and deletes tags in Settings', { timeout: 120000 }, async () => {
  const o = freshOrg('e2e-tag-settings');
  const b = await openBrowser({ viewport: PHONE });
  try {
    const { page } = b;
    await login(page, o.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/settings`);
    await page.getByRole('heading', { level: 2, name: 'Tags' }).waitFor();
    await page.getByText('No tags yet.').waitFor();

    const name = `wrong number ${uniq('w')}`.slice(0, 40);
    await page.getByLabel('New tag').fill(name);
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByLabel(`Name of tag ${name}`).waitFor();
    // The same name again: the field says why.
    await page.getByLabel('New tag').fill(name.toUpperCase());
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByText('This organization has a tag of that name already.').waitFor();
    await assertNoSideScroll(page, 'tag settings');
    await assertAccessible(page, 'tag settings');

    await page.getByLabel(`Name of tag ${name}`).fill('escalate');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('Name of tag escalate').waitFor();
    await page.getByRole('list', { name: 'Tags' }).getByLabel('Escalates').check();
    await waitForSql(`SELECT escalate FROM tags WHERE org_id = ${o.id} AND name = 'escalate'`, '1');

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No tags yet.').waitFor();
    assert.equal(sqlValue(`SELECT COUNT(*) FROM tags WHERE org_id = ${o.id}`), '0');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

async function waitForSql(query, want, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = sqlValue(query);
    if (got === want) return;
    if (Date.now() > deadline) assert.equal(got, want, query);
    await new Promise((r) => setTimeout(r, 100));
  }
}
