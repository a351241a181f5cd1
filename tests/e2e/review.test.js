// Message review and exports end to end (issue 18): an organizer finds a
// conversation by its tag in Review (the list pages in windows of ids),
// reads the thread and replies as themselves, exports the campaign's
// conversations from the campaign page (started there, written by the
// exporter role) and downloads the CSV (a real browser download, read
// back by csv-parse: the tag, the status and a survey answer are in it),
// closes the conversation from Review as one of a selection, and finds
// another by its survey answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { baseUrl, uniq } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { loggedIn } from '../api/lib/client.js';
import { freshOrg, freshUser } from '../api/lib/admin.js';
import { sql, sqlValue } from '../api/lib/db.js';
import { sendWebhook, deliveriesOf } from '../api/lib/sim.js';
import { campaignFixture, onCampaign } from '../api/lib/texting.js';

const orgPath = (orgId) => `/api/v1/orgs/${orgId}`;

// The contact writes, as the provider tells us (message.received).
async function textIn(from, to, text) {
  const r = await sendWebhook('message.received', {
    id: randomUUID(), record_type: 'message', direction: 'inbound', type: 'SMS', text,
    from: { phone_number: from }, to: [{ phone_number: to, status: 'delivered' }],
  });
  const [d] = await deliveriesOf(r.id);
  assert.equal(d.outcome, 'delivered', JSON.stringify(d));
}

test('an organizer finds a conversation by tag in review, replies, exports the campaign and closes it', { timeout: 180000 }, async () => {
  const o = freshOrg('e2e-review');
  const owner = await loggedIn(o.owner, 'owner');
  const tagName = `wrong number ${uniq('w')}`.slice(0, 40);
  const tag = await owner.post(`${orgPath(o.id)}/tags`, { name: tagName, escalate: false });
  assert.equal(tag.status, 201, tag.text);
  const texter = freshUser('reviewed', [[o.name, 'texter']]);
  const tid = Number(sqlValue(`SELECT id FROM users WHERE email = '${texter.email}'`));
  const campaignName = `Review ${uniq('r')}`;
  const c = campaignFixture(o.id, o.owner.id, { contacts: 3, name: campaignName });
  onCampaign(c.id, [tid]);
  const [k, other] = c.conversations;
  sql(`UPDATE conversations SET assignee_id = ${tid}, status = 'messaged', last_message_at = UTC_TIMESTAMP()
    WHERE id IN (${k.id}, ${other.id})`);
  await textIn(k.phone, c.number.e164, 'Who is this? Wrong person.');
  const tagged = await owner.post(`${orgPath(o.id)}/conversations/${k.id}/tags`, { tag_id: tag.body.id });
  assert.equal(tagged.status, 200, tagged.text);
  // A survey question; the other conversation's contact answered Yes.
  const q = (await owner.post(`${orgPath(o.id)}/campaigns/${c.id}/survey/questions`, { text: 'Will you vote?' })).body;
  const yes = (await owner.post(`${orgPath(o.id)}/survey-questions/${q.id}/options`, { label: 'Yes', reply: '' })).body;
  const no = (await owner.post(`${orgPath(o.id)}/survey-questions/${q.id}/options`, { label: 'No', reply: '' })).body;
  const answered = await owner.put(`${orgPath(o.id)}/conversations/${other.id}/survey/answers/${q.id}`, { option_id: yes.id });
  assert.equal(answered.status, 200, answered.text);

  const b = await openBrowser();
  try {
    const { page } = b;
    await login(page, o.owner);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
    const rows = page.getByRole('table').getByRole('row');
    await page.getByRole('button', { name: 'C2 Fixture' }).waitFor();
    assert.equal(await rows.count(), 1 + 3, 'every conversation of the organization before filtering');

    // By tag: only the tagged one is left.
    await page.getByLabel('Tag').selectOption({ label: tagName });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: 'C2 Fixture' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'C1 Fixture' }).waitFor();
    assert.equal(await rows.count(), 1 + 1);
    await rows.nth(1).getByText(tagName).waitFor();
    await rows.nth(1).getByText('Needs response').waitFor();
    await assertAccessible(page, 'review, filtered by tag');

    // The whole thread, and a reply as the organizer.
    await page.getByRole('button', { name: 'C1 Fixture' }).click();
    const thread = page.getByRole('region', { name: 'C1 Fixture' });
    await thread.getByText('Who is this? Wrong person.').waitFor();
    const reply = `Sorry about that, we will fix it. ${uniq('r')}`;
    await thread.getByLabel('Reply as yourself').fill(reply);
    await thread.getByRole('button', { name: 'Send reply' }).click();
    await thread.getByRole('list', { name: 'Messages' }).getByText(reply).waitFor();
    assert.equal(sqlValue(`SELECT COUNT(*) FROM messages WHERE conversation_id = ${k.id} AND direction = 'out' AND body = '${reply}'`), '1');
    await rows.nth(1).getByText('Answered').waitFor();
    assert.equal(sqlValue(`SELECT assignee_id FROM conversations WHERE id = ${k.id}`), String(tid), 'the texter keeps it');
    await assertAccessible(page, 'review, a thread open');

    // The campaign's conversations, downloaded as the browser does.
    await page.goto(`${baseUrl()}/campaigns/${c.id}`);
    await page.getByRole('heading', { level: 2, name: 'Exports' }).waitFor();
    await assertAccessible(page, 'the campaign page with its exports');
    // Started on the page; the server writes it; the page polls until
    // the Download link comes, with the file's expiry a day on.
    await page.getByRole('button', { name: 'Export conversations (CSV)' }).click();
    const link = page.getByRole('link', { name: 'Download conversations (CSV)' });
    await link.waitFor({ timeout: 30000 });
    await page.getByText(/3 rows · kept until/).waitFor();
    await assertAccessible(page, 'the campaign page with an export ready');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      link.click(),
    ]);
    assert.match(download.suggestedFilename(), new RegExp(`^campaign-${c.id}-conversations-[0-9]+\\.csv$`));
    const exported = parse(readFileSync(await download.path(), 'utf8'), { columns: true });
    assert.equal(exported.length, 3);
    const row = exported.find((r) => Number(r.id) === k.id);
    assert.ok(row, 'the tagged conversation is in the export');
    assert.equal(row.tags, tagName);
    assert.equal(row.status, 'convo');
    assert.equal(row.texter_email, texter.email);
    assert.equal(exported.find((r) => Number(r.id) === other.id).tags, '');
    assert.equal(exported.find((r) => Number(r.id) === other.id)['Will you vote?'], 'Yes');
    assert.equal(row['Will you vote?'], '');

    // Back in review, by tag: select it and close it with the others chosen.
    await page.goto(`${baseUrl()}/review`);
    await page.getByLabel('Tag').selectOption({ label: tagName });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: 'C2 Fixture' }).waitFor({ state: 'detached' });
    await page.getByLabel('Select C1 Fixture').check();
    await page.getByRole('button', { name: 'Close conversations' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Close them' }).click();
    await page.getByText('1 of 1 conversation closed.').waitFor();
    assert.equal(sqlValue(`SELECT status FROM conversations WHERE id = ${k.id}`), 'closed');
    assert.equal(sqlValue(`SELECT status FROM conversations WHERE id = ${other.id}`), 'messaged', 'others are left');
    await rows.nth(1).getByText('Closed').waitFor();

    // By survey answer: the campaign's answers are offered once it is chosen.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Campaign', { exact: true }).selectOption({ label: campaignName });
    await page.getByLabel('Survey answer').selectOption({ label: 'Will you vote?: Yes' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: 'C1 Fixture' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'C2 Fixture' }).waitFor();
    assert.equal(await rows.count(), 1 + 1);
    await assertAccessible(page, 'review, filtered by survey answer');
    // "Any answer": the contacts who answered the question at all.
    await owner.put(`${orgPath(o.id)}/conversations/${k.id}/survey/answers/${q.id}`, { option_id: no.id });
    await page.getByLabel('Survey answer').selectOption({ label: 'Will you vote?: any answer' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: 'C1 Fixture' }).waitFor();
    await page.getByRole('button', { name: 'C2 Fixture' }).waitFor();
    assert.equal(await rows.count(), 1 + 2);
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
