// Survey questions: organizers keep a campaign's question tree (limits,
// the script's merge fields in replies, next questions of the same
// campaign that never loop back, deleting what answers hold refused),
// texters read their own conversations' surveys (the current question,
// replies rendered for the contact) and record, change and clear answers
// with who and when kept; the offered reply goes out through the reply
// path, which still refuses an opted-out contact. Counts per option.
// Nothing crosses organizations.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertError } from './lib/client.js';
import { freshOrg } from './lib/admin.js';
import { sql, sqlValue } from './lib/db.js';
import { org, campaignFixture, sqlTexters } from './lib/texting.js';

const survey = (o, c) => `${org(o)}/campaigns/${c}/survey`;
const questions = (o, c) => `${survey(o, c)}/questions`;
const question = (o, id) => `${org(o)}/survey-questions/${id}`;
const options = (o, q) => `${question(o, q)}/options`;
const option = (o, id) => `${org(o)}/survey-options/${id}`;
const convSurvey = (o, id) => `${org(o)}/conversations/${id}/survey`;
const answer = (o, conv, q) => `${convSurvey(o, conv)}/answers/${q}`;

// A campaign whose contact file has a ward column (every contact's is 7).
function wardCampaign(o, contacts = 2) {
  const c = campaignFixture(o.id, o.owner.id, { contacts });
  sql(`UPDATE campaigns SET contact_columns = '["ward"]' WHERE id = ${c.id};
    UPDATE conversations SET fields = '{"ward":"7"}' WHERE campaign_id = ${c.id}`);
  return c;
}

// Two questions: "Will you vote?" Yes -> "Need a ride?", No -> end.
async function votingTree(client, o, c) {
  const q1 = (await client.post(questions(o.id, c.id), { text: 'Will you vote?' })).body;
  const q2 = (await client.post(questions(o.id, c.id), { text: 'Need a ride?' })).body;
  const yes = (await client.post(options(o.id, q1.id), { label: 'Yes', reply: 'Great, {first_name}! Ward {ward} votes at the school.', next_question_id: q2.id })).body;
  const no = (await client.post(options(o.id, q1.id), { label: 'No', reply: 'Thanks anyway, {first_name}.' })).body;
  const ride = (await client.post(options(o.id, q2.id), { label: 'Ride please', reply: '{texter_first_name} will call you.' })).body;
  const noRide = (await client.post(options(o.id, q2.id), { label: 'No ride' })).body;
  return { q1, q2, yes, no, ride, noRide };
}

describe('survey questions', () => {
  let a; let b; let adminA; let supA; let texA; let tex2A; let adminB;
  before(() => {
    a = freshOrg('survey-a');
    b = freshOrg('survey-b');
    [adminA] = sqlTexters(a.id, 1, 'owner');
    [supA] = sqlTexters(a.id, 1, 'supervisor');
    [texA, tex2A] = sqlTexters(a.id, 2, 'texter');
    [adminB] = sqlTexters(b.id, 1, 'owner');
  });

  test('an organizer builds, reads, edits and deletes a campaign\'s question tree', async () => {
    const c = wardCampaign(a);
    let r = await supA.client.get(survey(a.id, c.id));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { campaign_id: c.id, questions: [] });

    r = await supA.client.post(questions(a.id, c.id), { text: 'Will you vote?' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.campaign_id, c.id);
    assert.deepEqual(r.body.options, []);
    const t = await votingTree(supA.client, a, c);
    assert.equal(t.yes.next_question_id, t.q2.id);
    assert.equal(t.no.next_question_id, null);
    assert.equal(t.noRide.reply, '', 'no reply: none offered');
    assert.equal(t.yes.answers, 0);

    r = await supA.client.get(survey(a.id, c.id));
    assert.deepEqual(r.body.questions.map((q) => [q.text, q.options.map((o) => o.label)]), [
      ['Will you vote?', []],
      ['Will you vote?', ['Yes', 'No']],
      ['Need a ride?', ['Ride please', 'No ride']],
    ], 'by id, options by id');

    // Edits: text, label, reply, next (null ends the survey there).
    r = await adminA.client.patch(question(a.id, t.q1.id), { text: 'Will you vote on Tuesday?' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.text, 'Will you vote on Tuesday?');
    assert.deepEqual(r.body.options.map((o) => o.label), ['Yes', 'No']);
    r = await supA.client.patch(option(a.id, t.yes.id), { label: 'Yes!' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.label, 'Yes!');
    assert.equal(r.body.reply, t.yes.reply, 'the reply is kept');
    assert.equal(r.body.next_question_id, t.q2.id, 'the next question is kept');
    r = await supA.client.patch(option(a.id, t.yes.id), { next_question_id: null });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.next_question_id, null);
    r = await supA.client.patch(option(a.id, t.yes.id), { next_question_id: t.q2.id, reply: '' });
    assert.equal(r.body.next_question_id, t.q2.id);
    assert.equal(r.body.reply, '');

    // Deleting a question ends the survey at every option leading to it.
    r = await supA.client.delete(question(a.id, t.q2.id));
    assert.equal(r.status, 204, r.text);
    r = await supA.client.get(survey(a.id, c.id));
    assert.equal(r.body.questions.find((q) => q.id === t.q1.id).options[0].next_question_id, null);
    assertError(await supA.client.patch(option(a.id, t.ride.id), { label: 'x' }), 404, 'not_found');
    r = await supA.client.delete(option(a.id, t.no.id));
    assert.equal(r.status, 204, r.text);
    assertError(await supA.client.delete(option(a.id, t.no.id)), 404, 'not_found');
    assertError(await supA.client.delete(question(a.id, t.q2.id)), 404, 'not_found');
    assertError(await supA.client.patch(question(a.id, t.q2.id), { text: 'x' }), 404, 'not_found');
  });

  test('every text has limits and a 422 naming it; replies use the campaign\'s merge fields', async () => {
    const c = wardCampaign(a);
    const postQ = (body) => supA.client.post(questions(a.id, c.id), body);
    assertError(await postQ({}), 422, 'validation_failed', 'text');
    assertError(await postQ({ text: '' }), 422, 'validation_failed', 'text');
    assertError(await postQ({ text: '  \n ' }), 422, 'validation_failed', 'text');
    assertError(await postQ({ text: 5 }), 422, 'validation_failed', 'text');
    assertError(await postQ({ text: 'x'.repeat(501) }), 422, 'validation_failed', 'text');
    let r = await postQ({ text: 'é'.repeat(500) });
    assert.equal(r.status, 201, 'characters, not bytes');
    const q = r.body.id;
    assertError(await supA.client.patch(question(a.id, q), {}), 422, 'validation_failed', 'text');
    assertError(await supA.client.patch(question(a.id, q), { text: 'y'.repeat(501) }), 422, 'validation_failed', 'text');

    const postO = (body) => supA.client.post(options(a.id, q), body);
    assertError(await postO({ reply: 'Hi' }), 422, 'validation_failed', 'label');
    assertError(await postO({ label: ' ' }), 422, 'validation_failed', 'label');
    assertError(await postO({ label: 'x'.repeat(101) }), 422, 'validation_failed', 'label');
    assertError(await postO({ label: 'L', reply: 'x'.repeat(1601) }), 422, 'validation_failed', 'reply');
    assertError(await postO({ label: 'L', reply: 7 }), 422, 'validation_failed', 'reply');
    assertError(await postO({ label: 'L', next_question_id: 'one' }), 422, 'validation_failed', 'next_question_id');
    r = await postO({ label: 'L', reply: 'Your precinct is {precinct}.' });
    assertError(r, 422, 'validation_failed', 'reply');
    assert.match(r.body.error.message, /\{precinct\}/);
    r = await postO({ label: 'ü'.repeat(100), reply: 'ö'.repeat(1600) });
    assert.equal(r.status, 201, r.text);
    r = await postO({ label: 'Ward', reply: '{first_name} {last_name}, ward {ward}; {texter_first_name}' });
    assert.equal(r.status, 201, r.text);
    const o = r.body.id;
    assertError(await supA.client.patch(option(a.id, o), {}), 422, 'validation_failed', 'label');
    assertError(await supA.client.patch(option(a.id, o), { label: '' }), 422, 'validation_failed', 'label');
    assertError(await supA.client.patch(option(a.id, o), { reply: '{precinct}' }), 422, 'validation_failed', 'reply');
    assertError(await supA.client.patch(option(a.id, o), { reply: 'z'.repeat(1601) }), 422, 'validation_failed', 'reply');
  });

  test('the tree has no cycles: a next question of this campaign that does not lead back', async () => {
    const c = wardCampaign(a);
    const other = wardCampaign(a);
    const t = await votingTree(supA.client, a, c);
    const q3 = (await supA.client.post(questions(a.id, c.id), { text: 'Bring a friend?' })).body;
    const elsewhere = (await supA.client.post(questions(a.id, other.id), { text: 'Elsewhere?' })).body;

    // Itself, and back up the path (q1 -> q2, so q2 -> q1 loops).
    let r = await supA.client.post(options(a.id, t.q1.id), { label: 'Loop', next_question_id: t.q1.id });
    assertError(r, 422, 'validation_failed', 'next_question_id');
    assert.match(r.body.error.message, /loop/);
    assertError(await supA.client.patch(option(a.id, t.ride.id), { next_question_id: t.q1.id }), 422, 'validation_failed', 'next_question_id');
    // q2 -> q3 is fine; then q3 -> q1 closes a longer loop.
    r = await supA.client.patch(option(a.id, t.ride.id), { next_question_id: q3.id });
    assert.equal(r.status, 200, r.text);
    r = await supA.client.post(options(a.id, q3.id), { label: 'Back', next_question_id: t.q1.id });
    assertError(r, 422, 'validation_failed', 'next_question_id');
    r = await supA.client.post(options(a.id, q3.id), { label: 'Back to q2', next_question_id: t.q2.id });
    assertError(r, 422, 'validation_failed', 'next_question_id');
    // Two paths to one question are not a loop (no -> q3 as well).
    r = await supA.client.patch(option(a.id, t.no.id), { next_question_id: q3.id });
    assert.equal(r.status, 200, r.text);
    // Re-pointing an option away from a path frees it: ride -> none, then q3 -> q2 is fine.
    await supA.client.patch(option(a.id, t.ride.id), { next_question_id: null });
    r = await supA.client.post(options(a.id, q3.id), { label: 'Then q2', next_question_id: t.q2.id });
    assert.equal(r.status, 201, r.text);
    // Another campaign's question, one that does not exist, another organization's.
    const qb = (await adminB.client.post(questions(b.id, wardCampaign(b).id), { text: 'B?' })).body;
    for (const next of [elsewhere.id, 999999999, qb.id]) {
      r = await supA.client.post(options(a.id, t.q2.id), { label: 'X', next_question_id: next });
      assertError(r, 422, 'validation_failed', 'next_question_id');
      assertError(await supA.client.patch(option(a.id, t.noRide.id), { next_question_id: next }), 422, 'validation_failed', 'next_question_id');
    }
  });

  test('a texter records, changes and clears answers on their own conversation; the offered reply goes out through the reply path', async () => {
    const c = wardCampaign(a, 3);
    const [c1, c2, c3] = c.conversations;
    sql(`UPDATE conversations SET assignee_id = ${texA.id}, status = 'needs_response' WHERE id IN (${c1.id}, ${c3.id});
      UPDATE conversations SET assignee_id = ${tex2A.id} WHERE id = ${c2.id}`);
    const t = await votingTree(supA.client, a, c);

    let r = await texA.client.get(convSurvey(a.id, c1.id));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.conversation_id, c1.id);
    assert.equal(r.body.current_question_id, t.q1.id, 'the first question starts');
    assert.deepEqual(r.body.answers, []);
    assert.deepEqual(r.body.history, []);
    assert.equal(r.body.questions[0].options[0].reply, 'Great, C1! Ward 7 votes at the school.', 'rendered for the contact');
    assert.equal(r.body.questions[1].options[0].reply, 'Texter will call you.');
    assert.equal(r.body.questions[0].options[0].answers, undefined, 'texters see no counts');

    // Yes: recorded, the reply offered, the next question current.
    r = await texA.client.request('PUT', answer(a.id, c1.id, t.q1.id), { json: { option_id: t.yes.id } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.reply, 'Great, C1! Ward 7 votes at the school.');
    assert.equal(r.body.current_question_id, t.q2.id);
    assert.equal(r.body.answers.length, 1);
    assert.equal(r.body.answers[0].option_id, t.yes.id);
    assert.equal(r.body.answers[0].answered_by, texA.id);
    assert.equal(r.body.answers[0].answered_by_name, 'Texter 1');
    // Changed by a supervisor: who and when kept, newest first.
    r = await supA.client.request('PUT', answer(a.id, c1.id, t.q1.id), { json: { option_id: t.no.id } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.reply, 'Thanks anyway, C1.');
    assert.equal(r.body.current_question_id, null, 'No ends the survey');
    assert.deepEqual(r.body.answers.map((x) => [x.option_id, x.answered_by]), [[t.no.id, supA.id]]);
    assert.deepEqual(r.body.history.map((x) => [x.option_id, x.label, x.answered_by]), [
      [t.no.id, 'No', supA.id], [t.yes.id, 'Yes', texA.id]]);
    assert.ok(r.body.history.every((x) => !Number.isNaN(Date.parse(x.answered_at))));
    // Back to yes and on to the second question; an answer with no reply offers "".
    await texA.client.request('PUT', answer(a.id, c1.id, t.q1.id), { json: { option_id: t.yes.id } });
    r = await texA.client.request('PUT', answer(a.id, c1.id, t.q2.id), { json: { option_id: t.noRide.id } });
    assert.equal(r.body.reply, '');
    assert.equal(r.body.current_question_id, null);
    // Cleared: history entry with no option, the question current again.
    r = await texA.client.delete(answer(a.id, c1.id, t.q2.id));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.current_question_id, t.q2.id);
    assert.deepEqual(r.body.history[0], { ...r.body.history[0], option_id: null, label: null, answered_by: texA.id });
    assert.equal(r.body.history.length, 5);
    assertError(await texA.client.delete(answer(a.id, c1.id, t.q2.id)), 404, 'not_found');

    // Bad answers: an option of another question, none, a question of another campaign.
    assertError(await texA.client.request('PUT', answer(a.id, c1.id, t.q2.id), { json: { option_id: t.yes.id } }), 422, 'validation_failed', 'option_id');
    assertError(await texA.client.request('PUT', answer(a.id, c1.id, t.q2.id), { json: {} }), 422, 'validation_failed', 'option_id');
    assertError(await texA.client.request('PUT', answer(a.id, c1.id, t.q2.id), { json: { option_id: 999999999 } }), 422, 'validation_failed', 'option_id');
    const other = wardCampaign(a);
    const qo = (await supA.client.post(questions(a.id, other.id), { text: 'Other?' })).body;
    assertError(await texA.client.request('PUT', answer(a.id, c1.id, qo.id), { json: { option_id: t.yes.id } }), 404, 'not_found');

    // The offered reply, edited, goes out through the reply path...
    r = await texA.client.request('PUT', answer(a.id, c1.id, t.q1.id), { json: { option_id: t.yes.id } });
    const text = `${r.body.reply} Polls open at 7.`;
    r = await texA.client.post(`${org(a.id)}/conversations/${c1.id}/messages`, { body: text });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.message.body, text);
    // ...an opted-out contact's answer is still recorded, the reply refused.
    sql(`UPDATE conversations SET opted_out = 1 WHERE id = ${c3.id}`);
    r = await texA.client.request('PUT', answer(a.id, c3.id, t.q1.id), { json: { option_id: t.no.id } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.answers[0].option_id, t.no.id);
    assertError(await texA.client.post(`${org(a.id)}/conversations/${c3.id}/messages`, { body: r.body.reply }), 409, 'opted_out');

    // Another texter's conversation: 403; supervisors may.
    assertError(await texA.client.get(convSurvey(a.id, c2.id)), 403, 'not_your_conversation');
    assertError(await texA.client.request('PUT', answer(a.id, c2.id, t.q1.id), { json: { option_id: t.yes.id } }), 403, 'not_your_conversation');
    assertError(await texA.client.delete(answer(a.id, c2.id, t.q1.id)), 403, 'not_your_conversation');
    r = await supA.client.request('PUT', answer(a.id, c2.id, t.q1.id), { json: { option_id: t.yes.id } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.reply, 'Great, C2! Ward 7 votes at the school.');
    // Texters do not keep the tree nor read its counts.
    assertError(await texA.client.get(survey(a.id, c.id)), 403, 'forbidden');
    assertError(await texA.client.post(questions(a.id, c.id), { text: 'T?' }), 403, 'forbidden');
    assertError(await texA.client.patch(question(a.id, t.q1.id), { text: 'T?' }), 403, 'forbidden');
    assertError(await texA.client.delete(question(a.id, t.q1.id)), 403, 'forbidden');
    assertError(await texA.client.post(options(a.id, t.q1.id), { label: 'L' }), 403, 'forbidden');
    assertError(await texA.client.patch(option(a.id, t.yes.id), { label: 'L' }), 403, 'forbidden');
    assertError(await texA.client.delete(option(a.id, t.yes.id)), 403, 'forbidden');
  });

  test('answers per option on the campaign; an answered option or question is kept (409), its text may change', async () => {
    const c = wardCampaign(a, 3);
    const [c1, c2, c3] = c.conversations;
    const t = await votingTree(adminA.client, a, c);
    for (const [conv, opt] of [[c1, t.yes], [c2, t.yes], [c3, t.no]]) {
      const r = await adminA.client.request('PUT', answer(a.id, conv.id, t.q1.id), { json: { option_id: opt.id } });
      assert.equal(r.status, 200, r.text);
    }
    await adminA.client.request('PUT', answer(a.id, c1.id, t.q2.id), { json: { option_id: t.ride.id } });
    let r = await supA.client.get(survey(a.id, c.id));
    const counts = Object.fromEntries(r.body.questions.flatMap((q) => q.options.map((o) => [o.label, o.answers])));
    assert.deepEqual(counts, { Yes: 2, No: 1, 'Ride please': 1, 'No ride': 0 });

    r = await supA.client.delete(option(a.id, t.yes.id));
    assertError(r, 409, 'survey_answers_recorded');
    assert.match(r.body.error.message, /2 contacts/);
    assertError(await supA.client.delete(question(a.id, t.q2.id)), 409, 'survey_answers_recorded');
    // Edits after answers: the answers keep their option; the history its old label.
    r = await supA.client.patch(option(a.id, t.yes.id), { label: 'Yes, voting' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.answers, 2);
    r = await adminA.client.get(convSurvey(a.id, c1.id));
    assert.deepEqual(r.body.answers.map((x) => x.label), ['Yes, voting', 'Ride please']);
    assert.equal(r.body.history.find((x) => x.option_id === t.yes.id).label, 'Yes');
    // An option no answer holds (only the history did) may go; the history keeps its label.
    await adminA.client.request('PUT', answer(a.id, c3.id, t.q1.id), { json: { option_id: t.yes.id } });
    r = await supA.client.delete(option(a.id, t.no.id));
    assert.equal(r.status, 204, r.text);
    r = await adminA.client.get(convSurvey(a.id, c3.id));
    assert.deepEqual(r.body.history.map((x) => [x.option_id, x.label]), [[t.yes.id, 'Yes, voting'], [null, 'No']]);
    // Once its answers are cleared a question may go too.
    await adminA.client.delete(answer(a.id, c1.id, t.q2.id));
    r = await supA.client.delete(question(a.id, t.q2.id));
    assert.equal(r.status, 204, r.text);
  });

  test('nothing crosses organizations: another organization\'s ids are 404', async () => {
    const c = wardCampaign(a);
    const cb = wardCampaign(b);
    sql(`UPDATE conversations SET assignee_id = ${adminB.id} WHERE campaign_id = ${cb.id}`);
    const t = await votingTree(adminA.client, a, c);
    const conv = c.conversations[0].id;
    // Under org A's path: not a member.
    assertError(await adminB.client.get(survey(a.id, c.id)), 404, 'not_found');
    assertError(await adminB.client.get(convSurvey(a.id, conv)), 404, 'not_found');
    assertError(await adminB.client.patch(question(a.id, t.q1.id), { text: 'x' }), 404, 'not_found');
    // Under their own path with org A's ids.
    assertError(await adminB.client.get(survey(b.id, c.id)), 404, 'not_found');
    assertError(await adminB.client.post(questions(b.id, c.id), { text: 'x' }), 404, 'not_found');
    assertError(await adminB.client.patch(question(b.id, t.q1.id), { text: 'x' }), 404, 'not_found');
    assertError(await adminB.client.delete(question(b.id, t.q1.id)), 404, 'not_found');
    assertError(await adminB.client.post(options(b.id, t.q1.id), { label: 'x' }), 404, 'not_found');
    assertError(await adminB.client.patch(option(b.id, t.yes.id), { label: 'x' }), 404, 'not_found');
    assertError(await adminB.client.delete(option(b.id, t.yes.id)), 404, 'not_found');
    assertError(await adminB.client.get(convSurvey(b.id, conv)), 404, 'not_found');
    assertError(await adminB.client.request('PUT', answer(b.id, conv, t.q1.id), { json: { option_id: t.yes.id } }), 404, 'not_found');
    assertError(await adminB.client.delete(answer(b.id, conv, t.q1.id)), 404, 'not_found');
    // Org B's conversation with org A's question: 404; with org A's option: 422 (not one of the question's).
    const convB = cb.conversations[0].id;
    assertError(await adminB.client.request('PUT', answer(b.id, convB, t.q1.id), { json: { option_id: t.yes.id } }), 404, 'not_found');
    const qb = (await adminB.client.post(questions(b.id, cb.id), { text: 'B?' })).body;
    assertError(await adminB.client.request('PUT', answer(b.id, convB, qb.id), { json: { option_id: t.yes.id } }), 422, 'validation_failed', 'option_id');
    // Untouched.
    const r = await adminA.client.get(survey(a.id, c.id));
    assert.deepEqual(r.body.questions.map((q) => q.text), ['Will you vote?', 'Need a ride?']);
    assert.ok(r.body.questions.every((q) => q.options.every((o) => o.answers === 0)));
  });

  test('a campaign holds at most 50 questions, a question 10 options', async () => {
    const c = campaignFixture(a.id, a.owner.id, { contacts: 0 });
    sql(`INSERT INTO survey_questions (org_id, campaign_id, text) VALUES ${Array.from({ length: 50 }, (_, i) => `(${a.id}, ${c.id}, 'Q${i}')`).join(', ')}`);
    assertError(await supA.client.post(questions(a.id, c.id), { text: 'One more' }), 409, 'too_many_survey_questions');
    const q = Number(sqlValue(`SELECT MIN(id) FROM survey_questions WHERE campaign_id = ${c.id}`));
    sql(`INSERT INTO survey_options (question_id, label, reply) VALUES ${Array.from({ length: 10 }, (_, i) => `(${q}, 'O${i}', '')`).join(', ')}`);
    assertError(await supA.client.post(options(a.id, q), { label: 'One more' }), 409, 'too_many_survey_options');
    const r = await supA.client.get(survey(a.id, c.id));
    assert.equal(r.body.questions.length, 50);
  });
});
