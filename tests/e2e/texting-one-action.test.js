// One human action per text, on a 375 px phone: Enter held down (the
// browser's key repeat: keydown after keydown with repeat=true) sends one
// text, a rapid double tap and a double click on Send send one each, and a
// fresh press once the key is released sends the next.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { freshOrg, freshUser } from '../api/lib/admin.js';
import { sql, sqlValue } from '../api/lib/db.js';
import { campaignFixture, onCampaign } from '../api/lib/texting.js';

const PHONE = { width: 375, height: 740 };

function textsOf(campaignId) {
  return Number(sqlValue(`SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE c.campaign_id = ${campaignId} AND m.direction = 'out'`));
}

test('held Enter, double taps and double clicks send one text each time', { timeout: 120000 }, async () => {
  const o = freshOrg('e2e-one-action');
  const texter = freshUser('holder', [[o.name, 'texter']]);
  const tid = Number(sqlValue(`SELECT id FROM users WHERE email = '${texter.email}'`));
  const c = campaignFixture(o.id, o.owner.id, { contacts: 8, name: 'One action per text' });
  onCampaign(c.id, [tid]);
  sql(`UPDATE conversations SET assignee_id = ${tid} WHERE campaign_id = ${c.id}`);

  const b = await openBrowser({ viewport: PHONE, hasTouch: true });
  try {
    const { page } = b;
    await login(page, texter);
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    await page.getByRole('link', { name: 'Send messages' }).click();
    await page.getByText('8 contacts left to message').waitFor();
    const send = page.getByRole('button', { name: 'Send', exact: true });
    // Ready (not aria-disabled) once the contact has been on screen a moment.
    await page.locator('button.button-big:not([aria-disabled])').waitFor();
    await assertAccessible(page, 'the send view at 375px');

    // Enter held down on the focused Send button for ~3 s: 1 keydown, then
    // repeats (playwright sends repeat=true for a key already down).
    await send.focus();
    await page.keyboard.down('Enter');
    for (let i = 0; i < 90; i++) {
      await sleep(33);
      await page.keyboard.down('Enter');
    }
    await page.keyboard.up('Enter');
    await page.getByText('7 contacts left to message').waitFor();
    await sleep(1000);
    assert.equal(textsOf(c.id), 1, 'Enter held for 3 s sent one text');
    await page.getByText('7 contacts left to message').waitFor();

    // A rapid double tap (150 ms apart): one text.
    await page.locator('button.button-big:not([aria-disabled])').waitFor();
    let box = await send.boundingBox();
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await sleep(150);
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByText('6 contacts left to message').waitFor();
    await sleep(1000);
    assert.equal(textsOf(c.id), 2, 'a double tap sent one text');

    // A double click with the mouse: one text.
    await page.locator('button.button-big:not([aria-disabled])').waitFor();
    box = await send.boundingBox();
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByText('5 contacts left to message').waitFor();
    await sleep(1000);
    assert.equal(textsOf(c.id), 3, 'a double click sent one text');

    // A click from a script (not a person's event): nothing.
    await page.locator('button.button-big:not([aria-disabled])').waitFor();
    await send.evaluate((el) => el.click());
    await sleep(1000);
    assert.equal(textsOf(c.id), 3, 'a scripted click sent nothing');

    // Enter pressed and released, twice: two texts.
    await page.keyboard.press('Enter');
    await page.getByText('4 contacts left to message').waitFor();
    await page.locator('button.button-big:not([aria-disabled])').waitFor();
    await page.keyboard.press('Enter');
    await page.getByText('3 contacts left to message').waitFor();
    assert.equal(textsOf(c.id), 5);
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
