// Provisioning emails end to end: a dedicated number, or a campaign's
// single-use number, finishes provisioning (complete or failed) through the
// real provisioner and the provider simulator; the person who asked gets one
// email, read back from the mail sink's .eml file with a real MIME parser
// (Python's email package): recipient, subject, both parts, the link. Also
// the admins' list of emails, the profile switch, and header injection
// through every field people control.
//
// Holds the simulator lock (lib/simlock.js): it provisions numbers, and its
// last test changes the simulator's options.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, loggedIn, assertError } from './lib/client.js';
import { freshUser, uniq } from './lib/admin.js';
import { config, publicUrl } from './lib/env.js';
import { records as sql, lit } from './lib/db.js';
import { lockSimulator } from './lib/simlock.js';
import { withSimOptions, waitFor } from './lib/sim.js';
import { messagesTo, waitForMessages, parsed } from './lib/mail.js';
import { orgWithUseCase, createNumber, settled, launchSingleUse } from './lib/provision.js';

const emails = (orgId, q = '') => `/api/v1/orgs/${orgId}/emails${q}`;

let unlock;
before(async () => { unlock = await lockSimulator('tests/api/mail.test.js'); });
after(() => unlock?.());

// "Name <addr>" of the configuration, split.
function mailbox(value) {
  const m = /^\s*(?:"?([^"<]*?)"?\s*)?<([^>]+)>\s*$/.exec(value || '');
  return m ? { name: m[1] || '', addr: m[2] } : { name: '', addr: (value || '').trim() };
}

// The outbox row of a number, once the mailer is done with it.
async function settledEmail(c, orgId, numberId) {
  return waitFor(`the email about number ${numberId}`, async () => {
    const items = await c.all(emails(orgId));
    const row = items.find((e) => e.phone_number_id === numberId);
    return { done: row && (row.status === 'sent' || row.status === 'failed'), value: row };
  }, { timeoutMs: 30000, intervalMs: 250 });
}

// Everything every one of our emails must be, whatever it says.
function assertWellFormed(p, to) {
  assert.deepEqual(p.defects, [], 'the MIME parser found no defects');
  assert.equal(p.bare_lf, false, 'no bare LF');
  assert.equal(p.bare_cr, false, 'no bare CR');
  assert.ok(p.ends_with_crlf, 'ends with CRLF');
  assert.ok(p.header_max_line_length <= 78, `header lines at most 78 characters (${p.header_max_line_length})`);
  assert.ok(p.max_line_length <= 998, 'no line over 998 characters');
  assert.equal(p.non_ascii_bytes, false, '7-bit clean: non-ASCII only encoded');
  assert.equal(p.mime_version, '1.0');
  assert.equal(p.content_type, 'multipart/alternative');
  assert.deepEqual(p.parts.map((x) => [x.content_type, x.charset]), [['text/plain', 'utf-8'], ['text/html', 'utf-8']]);
  assert.match(p.message_id, /^<[^<>@\s]+@[^<>@\s]+>$/);
  const date = Date.parse(p.date);
  assert.ok(Math.abs(date - Date.now()) < 10 * 60 * 1000, `Date is now: ${p.date}`);
  assert.equal(p.auto_submitted, 'auto-generated');
  assert.deepEqual(p.from, [mailbox(config().mail_from)]);
  assert.deepEqual(p.reply_to, [mailbox(config().mail_reply_to)]);
  assert.deepEqual(p.to, [to]);
  assert.deepEqual(p.cc, []);
  assert.deepEqual(p.bcc, []);
  // The headers we write, once each, and nothing else.
  assert.deepEqual([...p.header_names].sort(), ['Auto-Submitted', 'Content-Type', 'Date', 'From', 'MIME-Version',
    'Message-ID', 'Reply-To', 'Subject', 'To'].sort());
}

const text = (p) => p.parts[0].content;
const html = (p) => p.parts[1].content;

// The one message the sink got for `to` (fails on none or on a second copy).
async function onlyMessage(to, { settleMs = 1500 } = {}) {
  const [m] = await waitForMessages(to, 1);
  await sleep(settleMs); // a duplicate would come now
  const all = await messagesTo(to);
  assert.equal(all.length, 1, `exactly one email to ${to}: ${JSON.stringify(all.map((x) => x.subject))}`);
  return m;
}

describe('emails when provisioning ends', { concurrency: true }, () => {
  test('a dedicated number ready: one email to whoever asked, with the number and its link', async () => {
    const { o, c, uc } = await orgWithUseCase('mailok');
    // Another admin of the organization did not ask: no email for them.
    const bystander = freshUser('mailok-admin', [[o.name, 'admin']]);
    const made = await createNumber(c, o.id, uc.id, '415', 'Front desk');
    const d = await settled(c, o.id, made.id);
    assert.equal(d.provisioning_status, 'complete', JSON.stringify(d));

    const m = await onlyMessage(o.owner.email);
    const p = await parsed(m);
    assertWellFormed(p, { name: o.owner.name, addr: o.owner.email });
    // The number as people read it; the link names the organization.
    const shown = `(${d.phone_number.slice(2, 5)}) ${d.phone_number.slice(5, 8)}-${d.phone_number.slice(8)}`;
    assert.equal(p.subject, `Your number "Front desk" (${shown}) is ready`);
    const link = `${publicUrl()}/numbers/${d.id}?org=${o.id}`;
    assert.ok(text(p).includes(`See the number: ${link}`), text(p));
    assert.ok(text(p).includes(shown));
    assert.ok(text(p).includes(`Hello ${o.owner.name},`));
    assert.ok(text(p).includes(`Use case: ${uc.name}`));
    assert.ok(html(p).includes(`href="${link}"`), html(p));
    assert.ok(html(p).includes(shown));
    assert.ok(html(p).includes('&quot;Front desk&quot;'));
    assert.ok(html(p).includes('<meta name="viewport"'), 'sized for phones');
    // The envelope: our sender, the one recipient, authenticated as configured.
    assert.equal(m.mail_from, mailbox(config().mail_from).addr);
    assert.deepEqual(m.rcpt_tos, [o.owner.email]);
    assert.equal(m.auth_user, config().smtp_user);
    assert.equal(m.message_id, p.message_id);

    // Admins see it sent.
    const row = await settledEmail(c, o.id, d.id);
    assert.equal(row.status, 'sent');
    assert.equal(row.kind, 'number_complete');
    assert.equal(row.subject, p.subject);
    assert.deepEqual(row.recipient, { id: o.owner.id, name: o.owner.name, email: o.owner.email });
    assert.equal(row.campaign_id, null);
    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, null);
    assert.equal(row.next_attempt_at, null);
    assert.ok(Date.parse(row.sent_at) >= Date.parse(row.created_at));
    assert.deepEqual(await messagesTo(bystander.email), []);
  });

  test('a number that finds no number to buy: failed, with the reason and what to do', async () => {
    const { o, c, uc } = await orgWithUseCase('mailnone');
    const made = await createNumber(c, o.id, uc.id, '555');
    const d = await settled(c, o.id, made.id);
    assert.equal(d.provisioning_status, 'failed', JSON.stringify(d));
    const p = await parsed(await onlyMessage(o.owner.email));
    assertWellFormed(p, { name: o.owner.name, addr: o.owner.email });
    assert.equal(p.subject, 'Your number in area code 555 could not be provisioned');
    assert.ok(text(p).includes(`The reason: ${d.failure_reason}`), text(p));
    assert.ok(text(p).includes('What to do: create a new number'), text(p));
    // The button leads to the next step; the dead number is a plain link.
    const next = `${publicUrl()}/numbers?org=${o.id}`;
    assert.ok(text(p).includes(`Create a new number: ${next}`), text(p));
    assert.match(html(p), new RegExp(`<a href="${next.replace(/[.?]/g, '\\$&')}"[^>]*>Create a new number</a>`));
    const link = `${publicUrl()}/numbers/${d.id}?org=${o.id}`;
    assert.ok(text(p).includes(link));
    assert.ok(html(p).includes(`href="${link}"`));
    const row = await settledEmail(c, o.id, d.id);
    assert.equal(row.kind, 'number_failed');
    assert.equal(row.status, 'sent');
  });

  test('a campaign launched with a single-use number: "now Active", with the campaign\'s link', async () => {
    const { o, c, uc } = await orgWithUseCase('mailcamp');
    const name = `GOTV ${uniq('c')}`;
    const { numberId, campaignId } = launchSingleUse({ orgId: o.id, useCaseId: uc.id, userId: o.owner.id, name });
    const d = await settled(c, o.id, numberId);
    assert.equal(d.provisioning_status, 'complete', JSON.stringify(d));
    const p = await parsed(await onlyMessage(o.owner.email));
    assertWellFormed(p, { name: o.owner.name, addr: o.owner.email });
    assert.equal(p.subject, `Campaign "${name}" is now Active`);
    const link = `${publicUrl()}/campaigns/${campaignId}?org=${o.id}`;
    assert.ok(text(p).includes(`See the campaign: ${link}`), text(p));
    assert.ok(text(p).includes(`(${d.phone_number.slice(2, 5)}) ${d.phone_number.slice(5, 8)}-${d.phone_number.slice(8)}`));
    assert.ok(!text(p).includes('/numbers/'), 'about the campaign, not the number');
    assert.ok(html(p).includes(`href="${link}"`));
    const row = await settledEmail(c, o.id, numberId);
    assert.equal(row.kind, 'campaign_active');
    assert.equal(row.campaign_id, campaignId);
  });

  test('a campaign whose single-use number fails: the reason and "Retry with a new number"', async () => {
    const { o, c, uc } = await orgWithUseCase('mailcampfail');
    const name = `Canvass ${uniq('c')}`;
    const { numberId, campaignId } = launchSingleUse({ orgId: o.id, useCaseId: uc.id, userId: o.owner.id, name, areaCode: '555' });
    const d = await settled(c, o.id, numberId);
    assert.equal(d.provisioning_status, 'failed');
    const p = await parsed(await onlyMessage(o.owner.email));
    assertWellFormed(p, { name: o.owner.name, addr: o.owner.email });
    assert.equal(p.subject, `Campaign "${name}" failed to launch`);
    const link = `${publicUrl()}/campaigns/${campaignId}?org=${o.id}`;
    assert.ok(text(p).includes(`The reason: ${d.failure_reason}`), text(p));
    assert.ok(text(p).includes(`Retry with a new number: ${link}`), text(p));
    assert.ok(html(p).includes(`href="${link}"`));
    assert.match(html(p), /<a href="[^"]+"[^>]*>Retry with a new number<\/a>/);
    const row = await settledEmail(c, o.id, numberId);
    assert.equal(row.kind, 'campaign_failed');
  });

  test('the profile switch: off, no email; on again, emails again', async () => {
    const { o, c, uc } = await orgWithUseCase('mailoff');
    let r = await c.patch('/api/v1/me', { provisioning_emails: false });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.provisioning_emails, false);
    assert.equal(r.body.user.email, o.owner.email);
    assert.equal((await c.get('/api/v1/me')).body.provisioning_emails, false);
    // a new sign-in sees it too
    assert.equal((await loggedIn(o.owner)).me.provisioning_emails, false);

    const quiet = await createNumber(c, o.id, uc.id, '510');
    assert.equal((await settled(c, o.id, quiet.id)).provisioning_status, 'complete');
    await sleep(2500);
    assert.deepEqual(await messagesTo(o.owner.email), [], 'no email while switched off');
    assert.deepEqual((await c.all(emails(o.id))).filter((e) => e.phone_number_id === quiet.id), [], 'nothing queued');

    r = await c.patch('/api/v1/me', { provisioning_emails: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.provisioning_emails, true);
    const loud = await createNumber(c, o.id, uc.id, '510');
    assert.equal((await settled(c, o.id, loud.id)).provisioning_status, 'complete');
    const p = await parsed(await onlyMessage(o.owner.email));
    assert.ok(text(p).includes(`/numbers/${loud.id}`));
  });

  test('PATCH /me: every role may; bad bodies are refused and change nothing', async () => {
    const { o, c } = await orgWithUseCase('mailme');
    const texter = freshUser('mailme-texter', [[o.name, 'texter']]);
    const t = await loggedIn(texter);
    assert.equal(t.me.provisioning_emails, true, 'on by default');
    let r = await t.patch('/api/v1/me', { provisioning_emails: false });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.provisioning_emails, false);
    assert.equal((await c.get('/api/v1/me')).body.provisioning_emails, true, 'only their own');

    assertError(await c.patch('/api/v1/me', {}), 422, 'validation_failed', 'provisioning_emails');
    assertError(await c.patch('/api/v1/me', { provisioning_emails: 'no' }), 422, 'validation_failed', 'provisioning_emails');
    assertError(await c.patch('/api/v1/me', { provisioning_emails: 0 }), 422, 'validation_failed', 'provisioning_emails');
    assertError(await c.patch('/api/v1/me', { provisioning_emails: null }), 422, 'validation_failed', 'provisioning_emails');
    r = await c.request('PATCH', '/api/v1/me', { body: '{"provisioning_emails":', contentType: 'application/json' });
    assertError(r, 400, 'malformed_json');
    assertError(await c.patch('/api/v1/me', { provisioning_emails: false }, { csrf: false }), 403, 'csrf_failed');
    assertError(await new Client('anon').patch('/api/v1/me', { provisioning_emails: false }), 401, 'not_authenticated');
    assert.equal((await c.get('/api/v1/me')).body.provisioning_emails, true, 'unchanged by refused requests');
  });

  test('the emails list: owners and admins only, filters, pages', async () => {
    const { o, c, uc } = await orgWithUseCase('maillist');
    const a = await createNumber(c, o.id, uc.id, '555');
    const b = await createNumber(c, o.id, uc.id, '415');
    await settled(c, o.id, a.id);
    await settled(c, o.id, b.id);
    await settledEmail(c, o.id, a.id);
    await settledEmail(c, o.id, b.id);

    const admin = await loggedIn(freshUser('maillist-admin', [[o.name, 'admin']]));
    const all = (await admin.get(emails(o.id))).body.items;
    assert.equal(all.length, 2);
    assert.ok(all[0].id > all[1].id, 'newest first');
    const page = await admin.get(emails(o.id, '?limit=1'));
    assert.equal(page.body.items.length, 1);
    assert.ok(page.body.next_cursor);
    const next = await admin.get(emails(o.id, `?limit=1&cursor=${page.body.next_cursor}`));
    assert.equal(next.body.items[0].id, all[1].id);
    assert.equal(next.body.next_cursor, null);
    assert.equal((await admin.get(emails(o.id, '?status=sent'))).body.items.length, 2);
    assert.deepEqual((await admin.get(emails(o.id, '?status=failed'))).body.items, []);
    const bad = await admin.get(emails(o.id, '?status=lost'));
    assertError(bad, 422, 'validation_failed', 'status');
    assert.equal(bad.body.error.message, 'status must be queued, sending, sent or failed.');
    assertError(await admin.get(emails(o.id, '?limit=0')), 422, 'validation_failed', 'limit');

    const sup = await loggedIn(freshUser('maillist-sup', [[o.name, 'supervisor']]));
    assertError(await sup.get(emails(o.id)), 403, 'forbidden');
    const tex = await loggedIn(freshUser('maillist-tex', [[o.name, 'texter']]));
    assertError(await tex.get(emails(o.id)), 403, 'forbidden');
    const stranger = await loggedIn(freshUser('maillist-out'));
    assertError(await stranger.get(emails(o.id)), 404, 'not_found');
    assertError(await new Client('anon').get(emails(o.id)), 401, 'not_authenticated');
  });

  test('header injection through every field people control: names of the user, the number, the campaign and the org', async () => {
    const { o, c, uc } = await orgWithUseCase('mailinject');
    const evil = `e${Date.now() % 1e7}@evil.example`;
    // (users.name holds 100 characters)
    const inject = (label) => `${label}\r\nBcc: ${evil}\r\nX-Injected: 1\r\n\r\n<i>é</i>`;
    // The user's, the org's and the names as the database holds them (the API
    // and the CLI keep names to one line; the database is the last word).
    sql(`UPDATE users SET name = ${lit(inject('Eve Owner'))} WHERE id = ${o.owner.id};
         UPDATE orgs SET name = ${lit(inject('Evil Org'))} WHERE id = ${o.id};`);
    const made = await createNumber(c, o.id, uc.id, '415', 'Front line');
    sql(`UPDATE phone_numbers SET name = ${lit(inject('Evil number'))} WHERE id = ${made.id}`);
    const cname = inject('Evil campaign');
    const camp = launchSingleUse({ orgId: o.id, useCaseId: uc.id, userId: o.owner.id, name: cname });
    await settled(c, o.id, made.id);
    await settled(c, o.id, camp.numberId);

    const ms = await waitForMessages(o.owner.email, 2);
    await sleep(1500);
    assert.equal((await messagesTo(o.owner.email)).length, 2);
    // In the bodies a line break becomes a space; in headers, runs of
    // spaces are one (folding must never leave a line of only spaces).
    const oneLine = (s) => s.replace(/[\r\n]/g, ' ');
    const header = (s) => oneLine(s).replace(/ +/g, ' ').trim();
    for (const m of ms) {
      const p = await parsed(m);
      assertWellFormed(p, { name: header(inject('Eve Owner')), addr: o.owner.email });
      assert.deepEqual(m.rcpt_tos, [o.owner.email], 'the envelope has the one recipient');
      assert.ok(!p.header_names.includes('X-Injected'));
      assert.ok(!/[\r\n]/.test(p.subject), 'a one-line subject');
      assert.ok(p.subject.includes(header(inject('Evil campaign'))) || p.subject.includes(header(inject('Evil number'))), p.subject);
      // The bodies: names on one line in the text, escaped in the HTML.
      assert.ok(!html(p).includes('<i>'), 'no markup from names');
      assert.ok(html(p).includes('&lt;i&gt;é&lt;/i&gt;'));
      assert.ok(!/\nBcc:/.test(text(p)), 'no name starts a line of the text');
      assert.ok(text(p).includes(`Hello ${oneLine(inject('Eve Owner'))},`));
    }
    assert.deepEqual(await messagesTo(evil), [], 'nothing reached the injected address');
  });
});

// Changes the simulator's options: one test at a time, after the rest.
test('the carriers refuse the number: the provider\'s reason, word for word', async () => {
  const reason = `T-Mobile declined the 10DLC registration (${uniq('r')})`;
  const { o, c, uc } = await orgWithUseCase('mailcarrier');
  const d = await withSimOptions({ assignment_failure_rate: 1, failure_reason: reason }, async () => {
    const made = await createNumber(c, o.id, uc.id, '212', 'Carrier test');
    return settled(c, o.id, made.id);
  });
  assert.equal(d.provisioning_status, 'failed');
  // The carriers' words as they are, once: no prefix of ours before them.
  assert.equal(d.failure_reason, reason);
  const p = await parsed(await onlyMessage(o.owner.email));
  assertWellFormed(p, { name: o.owner.name, addr: o.owner.email });
  assert.equal(p.subject, 'Your number "Carrier test" could not be provisioned');
  // The whole line is the reason (the text part keeps the wire's CRLF).
  assert.ok(text(p).split(/\r?\n/).includes(`The reason: ${reason}`), text(p));
  assert.ok(html(p).includes(reason));
  assert.ok(text(p).includes('What to do:'));
});
