// Canned responses: organizers keep a campaign's own and organization-wide
// ones (title and text limits, the script's merge fields: one the
// campaign's contacts lack is a 422 naming text), campaigns include
// organization-wide ones, texters read those of their own conversations
// rendered for the contact and send one through the reply path (which
// still refuses an opted-out contact). Nothing crosses organizations.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertError } from './lib/client.js';
import { freshOrg } from './lib/admin.js';
import { sql } from './lib/db.js';
import { org, campaignFixture, sqlTexters } from './lib/texting.js';

const orgCanned = (o) => `${org(o)}/canned-responses`;
const campCanned = (o, c) => `${org(o)}/campaigns/${c}/canned-responses`;
const included = (o, c, id) => `${org(o)}/campaigns/${c}/included-responses/${id}`;
const convCanned = (o, id) => `${org(o)}/conversations/${id}/canned-responses`;

// A campaign whose contact file has a ward column (C1's ward is 7).
function wardCampaign(o, contacts = 2) {
  const c = campaignFixture(o.id, o.owner.id, { contacts });
  sql(`UPDATE campaigns SET contact_columns = '["ward"]' WHERE id = ${c.id};
    UPDATE conversations SET fields = '{"ward":"7"}' WHERE campaign_id = ${c.id}`);
  return c;
}

describe('canned responses', () => {
  let a; let b; let adminA; let supA; let texA; let tex2A; let adminB;
  before(() => {
    a = freshOrg('canned-a');
    b = freshOrg('canned-b');
    [adminA] = sqlTexters(a.id, 1, 'owner');
    [supA] = sqlTexters(a.id, 1, 'supervisor');
    [texA, tex2A] = sqlTexters(a.id, 2, 'texter');
    [adminB] = sqlTexters(b.id, 1, 'owner');
  });

  test('an organizer creates, lists, edits and deletes a campaign\'s canned responses', async () => {
    const c = wardCampaign(a);
    let r = await supA.client.post(campCanned(a.id, c.id), { title: 'Polling place', text: 'Hi {first_name}, ward {ward} votes at the school.' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.scope, 'campaign');
    assert.equal(r.body.campaign_id, c.id);
    assert.equal(r.body.text, 'Hi {first_name}, ward {ward} votes at the school.', 'stored as written');
    const id = r.body.id;
    r = await supA.client.post(campCanned(a.id, c.id), { title: 'Address', text: 'It is at 1 Main St, {texter_first_name} here.' });
    assert.equal(r.status, 201, r.text);
    r = await supA.client.get(campCanned(a.id, c.id));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((x) => x.title), ['Address', 'Polling place'], 'by title');
    assert.equal(r.body.next_cursor, null);

    r = await adminA.client.patch(`${orgCanned(a.id)}/${id}`, { title: 'Where to vote' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.title, 'Where to vote');
    assert.equal(r.body.text, 'Hi {first_name}, ward {ward} votes at the school.', 'the text is kept');
    r = await adminA.client.patch(`${orgCanned(a.id)}/${id}`, { text: 'Ward {ward}: the library.' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.text, 'Ward {ward}: the library.');
    assert.equal(r.body.title, 'Where to vote');

    r = await supA.client.delete(`${orgCanned(a.id)}/${id}`);
    assert.equal(r.status, 204, r.text);
    r = await supA.client.delete(`${orgCanned(a.id)}/${id}`);
    assertError(r, 404, 'not_found');
    r = await supA.client.patch(`${orgCanned(a.id)}/${id}`, { title: 'x' });
    assertError(r, 404, 'not_found');
    r = await supA.client.get(campCanned(a.id, c.id));
    assert.deepEqual(r.body.items.map((x) => x.title), ['Address']);
  });

  test('titles and texts have limits; a merge field the contacts lack is a 422 naming text', async () => {
    const c = wardCampaign(a);
    const post = (body) => supA.client.post(campCanned(a.id, c.id), body);
    assertError(await post({ text: 'Hi' }), 422, 'validation_failed', 'title');
    assertError(await post({ title: 'T' }), 422, 'validation_failed', 'text');
    assertError(await post({ title: '', text: 'Hi' }), 422, 'validation_failed', 'title');
    assertError(await post({ title: '   ', text: 'Hi' }), 422, 'validation_failed', 'title');
    assertError(await post({ title: 7, text: 'Hi' }), 422, 'validation_failed', 'title');
    assertError(await post({ title: 'x'.repeat(101), text: 'Hi' }), 422, 'validation_failed', 'title');
    assertError(await post({ title: 'T', text: ' \n ' }), 422, 'validation_failed', 'text');
    assertError(await post({ title: 'T', text: 'x'.repeat(1601) }), 422, 'validation_failed', 'text');
    let r = await post({ title: 'T', text: 'Hi {first_name}, your precinct is {precinct}.' });
    assertError(r, 422, 'validation_failed', 'text');
    assert.match(r.body.error.message, /\{precinct\}/);
    // At the limits, and characters rather than bytes.
    r = await post({ title: 'é'.repeat(100), text: 'ü'.repeat(1600) });
    assert.equal(r.status, 201, r.text);
    // A campaign without a contact file yet knows the three standard fields only.
    const bare = campaignFixture(a.id, a.owner.id, { contacts: 0 });
    r = await supA.client.post(campCanned(a.id, bare.id), { title: 'T', text: '{first_name} {last_name}, {texter_first_name} here' });
    assert.equal(r.status, 201, r.text);
    assertError(await supA.client.post(campCanned(a.id, bare.id), { title: 'T', text: 'Ward {ward}' }), 422, 'validation_failed', 'text');
    // Edits: the same checks, and one of the two is needed.
    const id = r.body.id;
    assertError(await supA.client.patch(`${orgCanned(a.id)}/${id}`, {}), 422, 'validation_failed', 'title');
    assertError(await supA.client.patch(`${orgCanned(a.id)}/${id}`, { text: '{ward}' }), 422, 'validation_failed', 'text');
    assertError(await supA.client.patch(`${orgCanned(a.id)}/${id}`, { title: 'y'.repeat(101) }), 422, 'validation_failed', 'title');
    assertError(await supA.client.patch(`${orgCanned(a.id)}/${id}`, { text: 'z'.repeat(1601) }), 422, 'validation_failed', 'text');
  });

  test('organization-wide ones: checked against each campaign that includes them', async () => {
    const withWard = wardCampaign(a);
    const without = campaignFixture(a.id, a.owner.id, { contacts: 1 });
    let r = await adminA.client.post(orgCanned(a.id), { title: 'Ward office', text: 'The ward {ward} office is open.' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.scope, 'organization');
    assert.equal(r.body.campaign_id, null);
    const id = r.body.id;
    r = await supA.client.get(orgCanned(a.id));
    assert.ok(r.body.items.some((x) => x.id === id));

    r = await supA.client.request('PUT', included(a.id, without.id, id));
    assertError(r, 422, 'validation_failed', 'text');
    assert.match(r.body.error.message, /\{ward\}/);
    r = await supA.client.request('PUT', included(a.id, withWard.id, id));
    assert.equal(r.status, 200, r.text);
    r = await supA.client.request('PUT', included(a.id, withWard.id, id));
    assert.equal(r.status, 200, 'including twice is fine');
    r = await supA.client.get(campCanned(a.id, withWard.id));
    assert.deepEqual(r.body.items.map((x) => [x.id, x.scope]), [[id, 'organization']]);
    r = await supA.client.get(campCanned(a.id, without.id));
    assert.deepEqual(r.body.items, [], 'not included there');

    // An edit must still fit every campaign including it.
    r = await supA.client.patch(`${orgCanned(a.id)}/${id}`, { text: 'Precinct {precinct}.' });
    assertError(r, 422, 'validation_failed', 'text');
    assert.match(r.body.error.message, /\{precinct\}/);
    r = await supA.client.patch(`${orgCanned(a.id)}/${id}`, { text: 'Ward {ward} office, {first_name}.' });
    assert.equal(r.status, 200, r.text);

    // A campaign's own canned response cannot be included elsewhere.
    r = await supA.client.post(campCanned(a.id, without.id), { title: 'Own', text: 'Own text' });
    assertError(await supA.client.request('PUT', included(a.id, withWard.id, r.body.id)), 404, 'not_found');

    r = await supA.client.delete(included(a.id, withWard.id, id));
    assert.equal(r.status, 204, r.text);
    assertError(await supA.client.delete(included(a.id, withWard.id, id)), 404, 'not_found');
    r = await supA.client.get(campCanned(a.id, withWard.id));
    assert.deepEqual(r.body.items, []);

    // Deleting an organization-wide one takes it out of every campaign.
    assert.equal((await supA.client.request('PUT', included(a.id, withWard.id, id))).status, 200);
    assert.equal((await supA.client.delete(`${orgCanned(a.id)}/${id}`)).status, 204);
    r = await supA.client.get(campCanned(a.id, withWard.id));
    assert.deepEqual(r.body.items, []);
  });

  test('a texter reads their conversation\'s canned responses rendered for the contact, and sends one as a reply', async () => {
    const c = wardCampaign(a, 3);
    const [c1, c2, c3] = c.conversations;
    sql(`UPDATE conversations SET assignee_id = ${texA.id}, status = 'needs_response' WHERE id IN (${c1.id}, ${c3.id});
      UPDATE conversations SET assignee_id = ${tex2A.id} WHERE id = ${c2.id}`);
    let r = await supA.client.post(campCanned(a.id, c.id), { title: 'Ward', text: 'Hi {first_name} {last_name}! {texter_first_name} here: ward {ward} votes at the school.  ' });
    assert.equal(r.status, 201, r.text);
    r = await adminA.client.post(orgCanned(a.id), { title: 'Thanks', text: 'Thanks, {first_name}!' });
    const orgWide = r.body.id;
    await adminA.client.request('PUT', included(a.id, c.id, orgWide));
    // One the campaign does not include stays out.
    await adminA.client.post(orgCanned(a.id), { title: 'Aardvark', text: 'Not for this campaign' });

    r = await texA.client.get(convCanned(a.id, c1.id));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((x) => [x.title, x.scope, x.text]), [
      ['Thanks', 'organization', 'Thanks, C1!'],
      ['Ward', 'campaign', 'Hi C1 Fixture! Texter here: ward 7 votes at the school.'],
    ], 'rendered, trailing blanks gone, no opt-out language');

    // Texters read only their own conversations'; supervisors any.
    assertError(await texA.client.get(convCanned(a.id, c2.id)), 403, 'not_your_conversation');
    r = await supA.client.get(convCanned(a.id, c2.id));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items.length, 2);
    // Texters do not manage them, nor read a campaign's list.
    assertError(await texA.client.get(campCanned(a.id, c.id)), 403, 'forbidden');
    assertError(await texA.client.get(orgCanned(a.id)), 403, 'forbidden');
    assertError(await texA.client.post(campCanned(a.id, c.id), { title: 'T', text: 'x' }), 403, 'forbidden');
    assertError(await texA.client.post(orgCanned(a.id), { title: 'T', text: 'x' }), 403, 'forbidden');
    assertError(await texA.client.patch(`${orgCanned(a.id)}/${orgWide}`, { title: 'T' }), 403, 'forbidden');
    assertError(await texA.client.delete(`${orgCanned(a.id)}/${orgWide}`), 403, 'forbidden');
    assertError(await texA.client.request('PUT', included(a.id, c.id, orgWide)), 403, 'forbidden');

    // The rendered text, edited, goes out through the reply path...
    const text = `${r.body.items[1].text} Doors open at 7.`;
    r = await texA.client.post(`${org(a.id)}/conversations/${c1.id}/messages`, { body: text });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.message.body, text);
    // ...which still refuses an opted-out contact.
    sql(`UPDATE conversations SET opted_out = 1 WHERE id = ${c3.id}`);
    r = await texA.client.get(convCanned(a.id, c3.id));
    assert.equal(r.status, 200, 'reading is still allowed');
    assertError(await texA.client.post(`${org(a.id)}/conversations/${c3.id}/messages`, { body: r.body.items[0].text }), 409, 'opted_out');
  });

  test('nothing crosses organizations: another organization\'s ids are 404', async () => {
    const c = wardCampaign(a);
    const cb = wardCampaign(b);
    sql(`UPDATE conversations SET assignee_id = ${adminB.id} WHERE campaign_id = ${cb.id}`);
    let r = await adminA.client.post(campCanned(a.id, c.id), { title: 'Mine', text: 'Org A only' });
    const own = r.body.id;
    r = await adminA.client.post(orgCanned(a.id), { title: 'Org A wide', text: 'Org A wide' });
    const wide = r.body.id;
    r = await adminB.client.post(orgCanned(b.id), { title: 'Org B wide', text: 'Org B wide' });
    const wideB = r.body.id;

    // Under org A's path: not a member.
    assertError(await adminB.client.get(orgCanned(a.id)), 404, 'not_found');
    assertError(await adminB.client.get(campCanned(a.id, c.id)), 404, 'not_found');
    assertError(await adminB.client.get(convCanned(a.id, c.conversations[0].id)), 404, 'not_found');
    assertError(await adminB.client.patch(`${orgCanned(a.id)}/${own}`, { title: 'x' }), 404, 'not_found');
    // Under their own path with org A's ids.
    assertError(await adminB.client.get(campCanned(b.id, c.id)), 404, 'not_found');
    assertError(await adminB.client.post(campCanned(b.id, c.id), { title: 'T', text: 'x' }), 404, 'not_found');
    assertError(await adminB.client.patch(`${orgCanned(b.id)}/${own}`, { title: 'x' }), 404, 'not_found');
    assertError(await adminB.client.patch(`${orgCanned(b.id)}/${wide}`, { title: 'x' }), 404, 'not_found');
    assertError(await adminB.client.delete(`${orgCanned(b.id)}/${wide}`), 404, 'not_found');
    assertError(await adminB.client.request('PUT', included(b.id, cb.id, wide)), 404, 'not_found');
    assertError(await adminB.client.request('PUT', included(b.id, c.id, wideB)), 404, 'not_found');
    assertError(await adminB.client.delete(included(b.id, c.id, wideB)), 404, 'not_found');
    assertError(await adminB.client.get(convCanned(b.id, c.conversations[0].id)), 404, 'not_found');
    // Org A's list never shows org B's, and org B's conversations never org A's.
    r = await adminA.client.get(orgCanned(a.id));
    assert.ok(!r.body.items.some((x) => x.id === wideB));
    r = await adminB.client.get(convCanned(b.id, cb.conversations[0].id));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items, []);
    r = await adminA.client.get(campCanned(a.id, c.id));
    assert.deepEqual(r.body.items.map((x) => x.title), ['Mine'], 'untouched');
  });

  test('a campaign or the organization holds at most 200', async () => {
    const o = freshOrg('canned-full');
    const [owner] = sqlTexters(o.id, 1, 'owner');
    const c = campaignFixture(o.id, o.owner.id, { contacts: 0 });
    const rows = (campaign) => Array.from({ length: 200 }, (_, i) => `(${o.id}, ${campaign}, 'T${i}', 'x', ${o.owner.id})`).join(', ');
    sql(`INSERT INTO canned_responses (org_id, campaign_id, title, text, created_by) VALUES ${rows(c.id)}`);
    assertError(await owner.client.post(campCanned(o.id, c.id), { title: 'One more', text: 'x' }), 409, 'too_many_canned_responses');
    let r = await owner.client.post(orgCanned(o.id), { title: 'Org one', text: 'x' });
    assert.equal(r.status, 201, 'the organization\'s are counted apart');
    sql(`INSERT INTO canned_responses (org_id, campaign_id, title, text, created_by) VALUES ${rows('NULL')}`);
    assertError(await owner.client.post(orgCanned(o.id), { title: 'One more', text: 'x' }), 409, 'too_many_canned_responses');
    r = await owner.client.get(orgCanned(o.id));
    assert.equal(r.body.items.length, 201);
  });
});
