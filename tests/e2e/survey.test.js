// Survey questions end to end. A texter on a 375 px phone sees the
// current question in a conversation, records the contact's answer with
// one tap, is offered its reply (rendered for the contact) in the reply
// box, edits and sends it, and the provider (the simulator's call log)
// receives exactly that; the next question follows, and the answer can be
// changed. Then the organizer's side on a phone: questions and answers
// built on the campaign page, a loop refused under "Then ask", an answer
// contacts gave kept (409) and the counts per answer shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { baseUrl } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { loggedIn } from '../api/lib/client.js';
import { freshOrg, freshUser } from '../api/lib/admin.js';
import { sql, sqlValue } from '../api/lib/db.js';
import { deliveriesOf, postsOf, sendWebhook, simCalls, waitFor } from '../api/lib/sim.js';
import { campaignFixture, messageRef, onCampaign } from '../api/lib/texting.js';

const PHONE = { width: 375, height: 740 };

async function assertNoSideScroll(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${where}: page is ${width}px wide, more than ${PHONE.width}px`);
}

test('a texter on a phone records a survey answer and sends the offered reply', { timeout: 180000 }, async () => {
  const o = freshOrg('e2e-survey');
  const owner = await loggedIn(o.owner, 'owner');
  const texter = freshUser('survey-texter', [[o.name, 'texter']]);
  const tid = Number(sqlValue(`SELECT id FROM users WHERE email = '${texter.email}'`));
  const c = campaignFixture(o.id, o.owner.id, { contacts: 1, name: 'Survey GOTV' });
  const [k] = c.conversations;
  onCampaign(c.id, [tid]);
  sql(`UPDATE campaigns SET contact_columns = '["ward"]' WHERE id = ${c.id};
    UPDATE conversations SET assignee_id = ${tid}, fields = '{"ward":"7"}' WHERE id = ${k.id}`);
  const base = `/api/v1/orgs/${o.id}`;
  const q1 = (await owner.post(`${base}/campaigns/${c.id}/survey/questions`, { text: 'Will you vote on Tuesday?' })).body;
  const q2 = (await owner.post(`${base}/campaigns/${c.id}/survey/questions`, { text: 'Do you need a ride?' })).body;
  let r = await owner.post(`${base}/survey-questions/${q1.id}/options`, { label: 'Yes', reply: 'Great, {first_name}! Ward {ward} votes at the library.', next_question_id: q2.id });
  assert.equal(r.status, 201, r.text);
  const yes = r.body;
  r = await owner.post(`${base}/survey-questions/${q1.id}/options`, { label: 'Not sure', reply: 'No worries, {first_name}.' });
  const unsure = r.body;
  await owner.post(`${base}/survey-questions/${q2.id}/options`, { label: 'Yes, a ride', reply: 'We will call you.' });

  // The first message goes out, and the contact answers.
  const tx = await loggedIn(texter, 'texter');
  const first = await tx.post(`${base}/conversations/${k.id}/initial`, {});
  assert.equal(first.status, 201, first.text);
  await waitFor('the first message to be delivered', async () => {
    const s = sqlValue(`SELECT status FROM messages WHERE id = ${first.body.message.id}`);
    return { done: s === 'delivered', value: s };
  }, { timeoutMs: 20000 });
  const event = await sendWebhook('message.received', {
    id: randomUUID(), record_type: 'message', direction: 'inbound', type: 'SMS', text: 'Yes I will vote!',
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
    await page.getByText('Yes I will vote!').waitFor();
    const survey = page.getByRole('region', { name: 'Survey' });
    await survey.getByRole('group', { name: 'Will you vote on Tuesday?' }).waitFor();
    const answer = survey.getByRole('button', { name: 'Yes', exact: true });
    assert.equal(await answer.getAttribute('aria-pressed'), 'false');
    const box = await answer.boundingBox();
    assert.ok(box.height >= 44, `the answer button is ${box.height}px tall`);
    assert.ok(box.width >= 300, `the answer button is ${box.width}px wide: one tap on a phone`);
    await assertNoSideScroll(page, 'the survey');
    await assertAccessible(page, 'the survey');

    // One tap: recorded, the reply offered in the box, the next question asked.
    await answer.click();
    await survey.getByRole('group', { name: 'Do you need a ride?' }).waitFor();
    const reply = page.getByLabel('Your reply');
    assert.equal(await reply.inputValue(), 'Great, C1! Ward 7 votes at the library.');
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'reply-text', 'focus is in the reply box');
    const given = survey.getByRole('list', { name: 'Answers recorded' });
    await given.getByText('Will you vote on Tuesday?', { exact: true }).waitFor();
    await given.getByText('Yes', { exact: true }).waitFor();
    assert.equal(sqlValue(`SELECT option_id FROM survey_answers WHERE conversation_id = ${k.id} AND question_id = ${q1.id}`), String(yes.id));
    assert.equal(sqlValue(`SELECT answered_by FROM survey_answers WHERE conversation_id = ${k.id}`), String(tid));

    // Edited and sent through the reply path; the provider gets exactly that.
    await reply.press('End');
    await reply.pressSequentially(' Doors open at 7.');
    const sent = 'Great, C1! Ward 7 votes at the library. Doors open at 7.';
    await assertNoSideScroll(page, 'the conversation with its survey');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.locator('.bubble-out', { hasText: 'Doors open at 7.' }).waitFor();
    const id = Number(sqlValue(`SELECT id FROM messages WHERE conversation_id = ${k.id} AND direction = 'out' AND initial = 0`));
    const [call] = await waitFor('the reply at the provider', async () => {
      const posts = postsOf(await simCalls(), messageRef(id));
      return { done: posts.length > 0, value: posts };
    }, { timeoutMs: 20000 });
    assert.equal(call.body.text, sent);
    assert.equal(call.body.to, k.phone);
    assert.equal(call.body.from, c.number.e164);

    // The answer changes: asked again, the chosen one pressed; the history keeps both.
    await given.getByRole('button', { name: 'Change the answer to Will you vote on Tuesday?' }).click();
    const again = survey.getByRole('group', { name: 'Will you vote on Tuesday?' });
    assert.equal(await again.getByRole('button', { name: 'Yes', exact: true }).getAttribute('aria-pressed'), 'true');
    await again.getByRole('button', { name: 'Not sure' }).click();
    await survey.getByText('Survey complete.').waitFor();
    assert.equal(await reply.inputValue(), 'No worries, C1.');
    assert.equal(sqlValue(`SELECT option_id FROM survey_answers WHERE conversation_id = ${k.id} AND question_id = ${q1.id}`), String(unsure.id));
    assert.equal(sqlValue(`SELECT COUNT(*) FROM survey_answer_log WHERE conversation_id = ${k.id}`), '2');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('an organizer builds a campaign\'s survey on a phone and sees answers per option', { timeout: 120000 }, async () => {
  const o = freshOrg('e2e-survey-admin');
  const c = campaignFixture(o.id, o.owner.id, { contacts: 2, name: 'Survey admin' });
  sql(`UPDATE campaigns SET contact_columns = '["ward"]' WHERE id = ${c.id}`);
  const b = await openBrowser({ viewport: PHONE });
  try {
    const { page } = b;
    await login(page, o.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/campaigns/${c.id}`);
    const section = page.getByRole('region', { name: 'Survey questions' });
    await section.getByText('None yet.').waitFor();
    // The form stays open for the next question.
    await section.getByRole('button', { name: 'New question' }).click();
    for (const text of ['Will you vote?', 'Need a ride?']) {
      await section.getByLabel('Question', { exact: true }).fill(text);
      await section.getByRole('button', { name: 'Add question' }).click();
      await section.getByRole('heading', { name: text }).waitFor();
    }
    // An answer to the first question, leading to the second; a merge field the contacts lack is refused under the reply.
    await section.getByRole('button', { name: 'New answer to question 1' }).click();
    const form = section.getByRole('form', { name: 'Add answer to question 1' });
    await form.getByLabel('Answer', { exact: true }).fill('Yes');
    await form.getByLabel('Reply offered (optional)').fill('Great! Precinct {precinct}.');
    await form.getByLabel('Then ask').selectOption({ label: 'Need a ride?' });
    await form.getByRole('button', { name: 'Add answer' }).click();
    await form.getByText(/uses \{precinct\}, which is not a merge field/).waitFor();
    assert.equal(await form.getByLabel('Reply offered (optional)').getAttribute('aria-invalid'), 'true');
    await form.getByLabel('Reply offered (optional)').fill('Great! Ward {ward} votes at the school.');
    await form.getByRole('button', { name: 'Add answer' }).click();
    await section.getByText('Then: Need a ride?').waitFor();
    // The second question may not lead back to the first: refused under "Then ask".
    await section.getByRole('button', { name: 'New answer to question 2' }).click();
    const form2 = section.getByRole('form', { name: 'Add answer to question 2' });
    await form2.getByLabel('Answer', { exact: true }).fill('Loop');
    await form2.getByLabel('Then ask').selectOption({ label: 'Will you vote?' });
    await form2.getByRole('button', { name: 'Add answer' }).click();
    await form2.getByText(/may not loop/).waitFor();
    assert.equal(await form2.getByLabel('Then ask').getAttribute('aria-invalid'), 'true');
    await form2.getByLabel('Then ask').selectOption({ label: 'Nothing more (the survey ends)' });
    await form2.getByLabel('Answer', { exact: true }).fill('No ride');
    await form2.getByRole('button', { name: 'Add answer' }).click();
    await section.getByText('Then: the survey ends.').waitFor();
    await assertNoSideScroll(page, 'the campaign page with its survey');
    await assertAccessible(page, 'the campaign page with its survey');

    // Both contacts answered Yes: the counts show, and Yes cannot be deleted.
    const yes = Number(sqlValue(`SELECT o.id FROM survey_options o JOIN survey_questions q ON q.id = o.question_id WHERE q.campaign_id = ${c.id} AND o.label = 'Yes'`));
    const q1 = Number(sqlValue(`SELECT MIN(id) FROM survey_questions WHERE campaign_id = ${c.id}`));
    sql(`INSERT INTO survey_answers (conversation_id, question_id, option_id, campaign_id, answered_by, answered_at)
      SELECT id, ${q1}, ${yes}, ${c.id}, ${o.owner.id}, UTC_TIMESTAMP(3) FROM conversations WHERE campaign_id = ${c.id}`);
    await page.reload();
    await section.getByText('2 contacts').waitFor();
    await section.getByText('2 answers recorded.').waitFor();
    await section.getByRole('button', { name: 'Delete answer Yes' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByText(/2 contacts have answered with this answer/).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    // Its text may still change.
    await section.getByRole('button', { name: 'Edit answer Yes' }).click();
    const edit = section.getByRole('form', { name: 'Edit answer Yes' });
    await edit.getByLabel('Answer', { exact: true }).fill('Yes, voting');
    await edit.getByRole('button', { name: 'Save answer' }).click();
    await section.getByRole('button', { name: 'Edit answer Yes, voting' }).waitFor();
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
