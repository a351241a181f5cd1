// Canned responses end to end: a texter on a 375 px phone answers a reply
// with one. The campaign has seven (six of its own, one organization-wide
// it includes), so the filter box shows; one tap puts the text, rendered
// for the contact, in the reply box; the texter edits it and sends it;
// the provider (the simulator) receives exactly the edited text. Then the
// organizer's side: the campaign page's section and the organization-wide
// screen, on a phone too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { loggedIn } from '../api/lib/client.js';
import { freshOrg, freshUser } from '../api/lib/admin.js';
import { sql, sqlValue } from '../api/lib/db.js';
import { randomUUID } from 'node:crypto';
import { deliveriesOf, postsOf, sendWebhook, simCalls, waitFor } from '../api/lib/sim.js';
import { campaignFixture, messageRef, onCampaign } from '../api/lib/texting.js';

const PHONE = { width: 375, height: 740 };

async function assertNoSideScroll(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${where}: page is ${width}px wide, more than ${PHONE.width}px`);
}

test('a texter on a phone answers a reply with a canned response, edited, and the contact receives it', { timeout: 180000 }, async () => {
  const o = freshOrg('e2e-canned');
  const owner = await loggedIn(o.owner, 'owner');
  const texter = freshUser('canned-texter', [[o.name, 'texter']]);
  const tid = Number(sqlValue(`SELECT id FROM users WHERE email = '${texter.email}'`));
  const c = campaignFixture(o.id, o.owner.id, { contacts: 1, name: 'Canned GOTV' });
  const [k] = c.conversations;
  onCampaign(c.id, [tid]);
  sql(`UPDATE campaigns SET contact_columns = '["ward"]' WHERE id = ${c.id};
    UPDATE conversations SET assignee_id = ${tid}, fields = '{"ward":"7"}' WHERE id = ${k.id}`);
  const base = `/api/v1/orgs/${o.id}`;
  const mine = [
    ['Polling place', 'Hi {first_name}! Ward {ward} votes at the library on Main Street.'],
    ['Hours', 'Polls are open 7am to 8pm.'],
    ['ID needed', 'Bring a photo ID, {first_name}.'],
    ['Ride to the polls', 'We can drive you: reply RIDE.'],
    ['Early voting', 'Early voting runs all week at City Hall.'],
    ['Thank you', 'Thanks so much, {first_name}! {texter_first_name}'],
  ];
  for (const [title, text] of mine) {
    const r = await owner.post(`${base}/campaigns/${c.id}/canned-responses`, { title, text });
    assert.equal(r.status, 201, r.text);
  }
  const wide = await owner.post(`${base}/canned-responses`, { title: 'Wrong number', text: 'Sorry for the text!' });
  assert.equal((await owner.request('PUT', `${base}/campaigns/${c.id}/included-responses/${wide.body.id}`)).status, 200);

  // The first message goes out, and the contact answers.
  const tx = await loggedIn(texter, 'texter');
  const first = await tx.post(`${base}/conversations/${k.id}/initial`, {});
  assert.equal(first.status, 201, first.text);
  await waitFor('the first message to be delivered', async () => {
    const s = sqlValue(`SELECT status FROM messages WHERE id = ${first.body.message.id}`);
    return { done: s === 'delivered', value: s };
  }, { timeoutMs: 20000 });
  // The fixture's number lives in our database only, so the inbound text
  // comes as the provider's signed webhook (as texting-hooks.test.js).
  const event = await sendWebhook('message.received', {
    id: randomUUID(), record_type: 'message', direction: 'inbound', type: 'SMS', text: 'Where do I vote?',
    from: { phone_number: k.phone }, to: [{ phone_number: c.number.e164, status: 'delivered' }],
  });
  assert.equal((await deliveriesOf(event.id))[0].outcome, 'delivered');
  await waitFor('the reply to arrive', async () => {
    const s = sqlValue(`SELECT status FROM conversations WHERE id = ${k.id}`);
    return { done: s === 'needs_response', value: s };
  }, { timeoutMs: 20000 });

  const b = await openBrowser({ viewport: PHONE });
  try {
    const { page } = b;
    await login(page, texter);
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    await page.goto(`${baseUrl()}/conversations/${k.id}`);
    await page.getByText('Where do I vote?').waitFor();
    const toggle = page.getByRole('button', { name: 'Canned responses (7)' });
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const list = page.getByRole('list', { name: 'Canned responses' });
    assert.equal(await list.getByRole('button').count(), 7);
    await assertNoSideScroll(page, 'the canned responses');
    await assertAccessible(page, 'the canned responses');

    // More than six: a filter box, by title or text.
    await page.getByLabel('Find a canned response').fill('library');
    assert.equal(await list.getByRole('button').count(), 1);
    await page.getByLabel('Find a canned response').fill('zzz');
    await page.getByText('None match').waitFor();
    await page.getByLabel('Find a canned response').fill('poll');
    assert.equal(await list.getByRole('button').count(), 3, 'Polling place, Hours (polls), Ride to the polls');

    // One tap: the text, rendered for this contact, in the reply box.
    await list.getByRole('button', { name: /Polling place/ }).click();
    const box = page.getByLabel('Your reply');
    assert.equal(await box.inputValue(), 'Hi C1! Ward 7 votes at the library on Main Street.');
    assert.equal(await page.getByRole('list', { name: 'Canned responses' }).count(), 0, 'the list closes');
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'reply-text', 'focus is in the reply box');
    // Edited before sending.
    await box.press('End');
    await box.pressSequentially(' Doors open at 7.');
    const sent = 'Hi C1! Ward 7 votes at the library on Main Street. Doors open at 7.';
    assert.equal(await box.inputValue(), sent);
    await assertNoSideScroll(page, 'the conversation');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.locator('.bubble-out', { hasText: 'Doors open at 7.' }).waitFor();

    // The contact receives exactly that: the provider got it, to their phone.
    const id = Number(sqlValue(`SELECT id FROM messages WHERE conversation_id = ${k.id} AND direction = 'out' AND initial = 0`));
    const [call] = await waitFor('the reply at the provider', async () => {
      const posts = postsOf(await simCalls(), messageRef(id));
      return { done: posts.length > 0, value: posts };
    }, { timeoutMs: 20000 });
    assert.equal(call.body.text, sent);
    assert.equal(call.body.to, k.phone);
    assert.equal(call.body.from, c.number.e164);
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('an organizer keeps a campaign\'s canned responses and the organization\'s on a phone', { timeout: 120000 }, async () => {
  const o = freshOrg('e2e-canned-admin');
  const c = campaignFixture(o.id, o.owner.id, { contacts: 1, name: 'Canned admin' });
  sql(`UPDATE campaigns SET contact_columns = '["ward"]' WHERE id = ${c.id}`);
  const b = await openBrowser({ viewport: PHONE });
  try {
    const { page } = b;
    await login(page, o.owner);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Canned responses' }).waitFor();

    // Organization-wide: its own screen.
    await page.goto(`${baseUrl()}/canned-responses`);
    await page.getByRole('heading', { level: 1, name: 'Canned responses' }).waitFor();
    await page.getByText('None yet.').waitFor();
    const form = page.getByRole('form', { name: 'Add canned response' });
    await form.getByLabel('Title').fill('Wrong number');
    await form.getByLabel('Text').fill('Sorry, {first_name}: wrong number.');
    await form.getByRole('button', { name: 'Add canned response' }).click();
    await page.getByText('Sorry, {first_name}: wrong number.').waitFor();
    await assertNoSideScroll(page, 'the organization-wide canned responses');
    await assertAccessible(page, 'the organization-wide canned responses');

    // The campaign's section: a merge field its contacts lack is refused under Text.
    await page.goto(`${baseUrl()}/campaigns/${c.id}`);
    const section = page.getByRole('region', { name: 'Canned responses' });
    await section.getByRole('button', { name: 'New canned response' }).click();
    await section.getByLabel('Title').fill('Precinct');
    await section.getByLabel('Text').fill('Your precinct is {precinct}.');
    await section.getByRole('button', { name: 'Add canned response' }).click();
    await section.getByText(/uses \{precinct\}, which is not a merge field/).waitFor();
    assert.equal(await section.getByLabel('Text').getAttribute('aria-invalid'), 'true');
    await section.getByLabel('Title').fill('Ward');
    await section.getByLabel('Text').fill('You are in ward {ward}.');
    await section.getByRole('button', { name: 'Add canned response' }).click();
    await section.getByText('You are in ward {ward}.').waitFor();
    // Include the organization-wide one, then leave it out.
    await section.getByLabel('Include an organization-wide one').selectOption({ label: 'Wrong number' });
    await section.getByRole('button', { name: 'Include', exact: true }).click();
    await section.locator('.small-tag', { hasText: 'Organization-wide' }).waitFor();
    await assertNoSideScroll(page, 'the campaign page');
    await assertAccessible(page, 'the campaign page');
    await section.getByRole('button', { name: 'Leave out Wrong number' }).click();
    await section.locator('.small-tag').waitFor({ state: 'detached' });
    // Edit, then delete.
    await section.getByRole('button', { name: 'Edit Ward' }).click();
    await section.getByLabel('Title').first().fill('Your ward');
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByRole('button', { name: 'Edit Your ward' }).waitFor();
    await section.getByRole('button', { name: 'Delete Your ward' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await section.getByText('None yet.').waitFor();
    assert.equal(sqlValue(`SELECT COUNT(*) FROM canned_responses WHERE campaign_id = ${c.id}`), '0');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
