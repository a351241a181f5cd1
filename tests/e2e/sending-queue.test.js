// A campaign's sending queue in the SPA: the campaign page and its texting
// page show what waits to be sent, how long until it has all gone, the
// pace, and the messages whose fate is unknown; an admin sends one of them
// again after confirming that the contact may get it twice; a supervisor
// sees them but may not. Fixtures straight in the database (a use case at
// 6 messages a minute, messages queued and one unknown), as the texting
// tests do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { freshOrg, freshUser } from '../api/lib/admin.js';
import { sql, lit } from '../api/lib/db.js';
import { campaignFixture, sqlTexters } from '../api/lib/texting.js';

test('the campaign and texting pages show the queue; an admin sends an unknown message again', { timeout: 120000 }, async () => {
  const o = freshOrg('e2e-queue');
  const admin = freshUser('e2e-queue-admin', [[o.name, 'admin']]);
  const supervisor = freshUser('e2e-queue-sup', [[o.name, 'supervisor']]);
  const [t] = sqlTexters(o.id, 1);
  const c = campaignFixture(o.id, o.owner.id, { contacts: 5 });
  sql(`UPDATE use_cases SET messages_per_minute = 6 WHERE id = (SELECT use_case_id FROM phone_numbers WHERE id = ${c.number.id});
    UPDATE conversations SET status = 'messaged', assignee_id = ${t.id} WHERE campaign_id = ${c.id};
    INSERT INTO messages (conversation_id, campaign_id, direction, initial, body, from_number, to_number, sender_id,
      status, next_attempt_at, status_at, error)
    SELECT id, campaign_id, 'out', 1, CONCAT('Hello ', first_name, '!'), ${lit(c.number.e164)}, phone, ${t.id},
      IF(first_name = 'C1', 'unknown', 'queued'), IF(first_name = 'C1', NULL, UTC_TIMESTAMP(3)), UTC_TIMESTAMP(3),
      IF(first_name = 'C1', 'The provider never answered, no webhook came, and its records showed no such message. It was not sent again.', NULL)
    FROM conversations WHERE campaign_id = ${c.id} ORDER BY id;`);
  const unknownId = Number(sql(`SELECT m.id FROM messages m JOIN conversations x ON x.id = m.conversation_id
    WHERE x.campaign_id = ${c.id} AND x.first_name = 'C1'`)[0][0]);

  const b = await openBrowser();
  const { page } = b;
  try {
    await login(page, admin);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/campaigns/${c.id}`);
    const queue = page.getByRole('region', { name: 'Sending' });
    await queue.waitFor();
    // four wait at 6 a minute (one goes every 10 s)
    const waiting = Number(await queue.getByTestId('queue-waiting').textContent());
    assert.ok(waiting >= 1 && waiting <= 4, `waiting ${waiting}`);
    assert.match(await queue.getByTestId('queue-drain').textContent(), /^about (\d+ s|1 min)$/);
    assert.equal(await queue.getByTestId('queue-pace').textContent(), '6 a minute');
    assert.equal(await queue.getByTestId('queue-unknown').textContent(), '1');
    const item = queue.getByTestId(`unknown-${unknownId}`);
    await item.getByText('Hello C1!').waitFor();
    await item.getByText('It was not sent again.', { exact: false }).waitFor();
    await assertAccessible(page, 'a campaign with a sending queue');

    await item.getByRole('button', { name: 'Send again' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send this message again?' });
    await dialog.waitFor();
    await dialog.getByText('may text them twice', { exact: false }).waitFor();
    await assertAccessible(page, 'the resend dialog');
    await dialog.getByRole('button', { name: 'Send again' }).click();
    await queue.getByText('The message to C1 is queued again.').waitFor();
    await queue.getByTestId('queue-unknown').getByText('0', { exact: true }).waitFor();
    assert.notEqual(sql(`SELECT status FROM messages WHERE id = ${unknownId}`)[0][0], 'unknown');

    // The texting page shows the same queue.
    await page.goto(`${baseUrl()}/campaigns/${c.id}/texting`);
    const q2 = page.getByRole('region', { name: 'Sending' });
    await q2.waitFor();
    assert.equal(await q2.getByTestId('queue-pace').textContent(), '6 a minute');
    await assertAccessible(page, 'the texting page with its queue');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }

  // A supervisor sees an unknown message but has no button to send it again.
  sql(`UPDATE messages SET status = 'unknown', next_attempt_at = NULL, error = 'Unknown again.' WHERE id = ${unknownId}`);
  const s = await openBrowser();
  try {
    await login(s.page, supervisor);
    await s.page.getByRole('navigation', { name: 'Main' }).waitFor();
    await s.page.goto(`${baseUrl()}/campaigns/${c.id}`);
    const item = s.page.getByTestId(`unknown-${unknownId}`);
    await item.getByText('Unknown again.').waitFor();
    assert.equal(await item.getByRole('button', { name: 'Send again' }).count(), 0);
  } finally {
    await s.close();
  }
  sql(`UPDATE messages SET status = 'failed', next_attempt_at = NULL, paced = 0
    WHERE campaign_id = ${c.id} AND status IN ('queued', 'unknown')`);
});
