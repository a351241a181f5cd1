// Launch day, walked end to end the way an organizer and a texter work it
// (issue 17), driving the real screens only. It fails on any dead end:
//
//   an admin at 1280 px, member of two organizations, signs in, switches
//   to the launch organization, registers the use case, creates a
//   dedicated number, creates a campaign, uploads its contacts, launches
//   it, opens its texting page by clicking and copies the invite link ->
//   a texter on a 375 px phone (another browser) joins through it and
//   sends with Enter held down (exactly one text reaches the provider,
//   counted in the simulator's call log), the contact replies and the
//   texter answers -> the admin, on a fresh browser signed in (where the
//   other organization opens first), follows the number-ready email's link
//   and lands on that number in the launch organization -> the texter
//   resets a forgotten password from the email and signs in with it.
//
// Only what a person would do with another tool goes around the screens:
// the provider's side (a 10DLC campaign it has approved, the contact's
// reply through the simulator's inbound webhook, its call log), and the
// mail sink for the emails. The operator's CLI makes the admin's account
// and organizations. axe-core finds nothing on every screen visited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, createOrg, freshUser, newPassword, setRole, uniq } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { PROVISIONED_WITHIN, contactsCsv, waitUntil } from './lib/campaigns.js';
import { newTcrId, putCampaign, simCalls, simInbound } from '../api/lib/sim.js';
import { parsed, waitForMessages } from '../api/lib/mail.js';
import { sqlValue } from '../api/lib/db.js';
import { utcToZoned } from '../../web/src/tz.js';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };
// A slow machine (two shared cores) gets generous waits; nothing sleeps.
const SLOW = 60000;

// A US zone where it is not about to be midnight, so that open hours of
// 00:00-23:59 hold for the whole walk.
function zoneOpenNow() {
  for (const zone of ['America/Los_Angeles', 'America/New_York']) {
    const hour = Number(utcToZoned(new Date().toISOString(), zone).slice(11, 13));
    if (hour < 23) return zone;
  }
  throw new Error('no zone found');
}

// "+1 (707) 555-0100" -> "+17075550100"
function e164(shown) {
  return `+${shown.replace(/\D/g, '')}`;
}

// The POST /messages calls the provider received from our number.
async function textsFrom(number) {
  return (await simCalls()).filter((c) => c.method === 'POST' && c.path === '/messages' && c.body && c.body.from === number);
}

// A link from an email or the API names the configured public_url; open it
// on the stack under test.
function onStack(link) {
  const u = new URL(link);
  return `${baseUrl()}${u.pathname}${u.search}${u.hash}`;
}

// The plain-text part of the newest email to addr whose text matches re.
async function emailLink(addr, n, re) {
  const got = await waitForMessages(addr, n, { timeoutMs: SLOW });
  for (const m of got.slice().reverse()) {
    const text = (await parsed(m)).parts[0].content;
    const found = re.exec(text);
    if (found) return { link: found[1], subject: m.subject };
  }
  throw new Error(`no email to ${addr} matches ${re}`);
}

test('launch day: from sign-in to a texter\'s answer, the email link, and a reset password', { timeout: 600000 }, async () => {
  // The admin's account: in two organizations, the other one first both by
  // name and by age, so a device without a choice opens that one.
  const tag = uniq('walk');
  const otherOrg = createOrg(`E2E A Other ${tag}`);
  const launchOrg = createOrg(`E2E Z Launch ${tag}`);
  const admin = freshUser('walkadmin', [[otherOrg, 'admin']]);
  setRole(admin.email, launchOrg, 'owner');
  // The provider has approved a 10DLC campaign of the organization's.
  const tcr = newTcrId();
  await putCampaign(tcr, 'MNO_PROVISIONED');

  const browsers = [];
  const open = async (options) => {
    const b = await openBrowser(options);
    b.context.setDefaultTimeout(SLOW);
    browsers.push(b);
    return b;
  };
  try {
    // --- the admin, at 1280 px --------------------------------------------
    const desk = await open({ viewport: DESKTOP });
    const page = desk.page;
    await desk.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
    await login(page, admin);
    const orgSelect = page.getByLabel('Organization');
    await orgSelect.waitFor();
    assert.equal(await orgSelect.locator('option:checked').textContent(), otherOrg, 'the other organization opens first');
    await orgSelect.selectOption({ label: launchOrg });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Phone Numbers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phone Numbers' }).waitFor();
    await page.getByText('No phone numbers yet.').waitFor();
    await assertAccessible(page, 'Phone Numbers, empty');

    // The use case, approved by the provider.
    const useCase = `GOTV ${tag}`;
    await page.getByLabel('Use case name').fill(useCase);
    await page.getByLabel('10DLC campaign id').fill(tcr);
    await page.getByRole('button', { name: 'Add use case' }).click();
    const ucRow = page.getByRole('region', { name: 'Use cases', exact: true }).getByRole('row').filter({ hasText: tcr });
    await ucRow.getByText('Approved', { exact: true }).waitFor({ timeout: PROVISIONED_WITHIN });

    // A dedicated number: the area code by place name with the keyboard,
    // then a click on Create (the list must not re-open over it).
    const box = page.getByRole('combobox', { name: 'Area code' });
    await box.fill('Santa Ros');
    await page.getByRole('listbox', { name: 'Area code' }).getByRole('option').first().waitFor();
    await box.press('ArrowDown');
    await box.press('Enter');
    assert.match(await box.inputValue(), /^707 — CA/);
    const numberName = `Launch line ${tag}`;
    await page.getByLabel(/^Name/).fill(numberName);
    await assertAccessible(page, 'the number form, filled');
    await page.getByRole('button', { name: 'Create number' }).click();
    const numberRow = page.getByRole('region', { name: 'Numbers', exact: true }).getByRole('row').filter({ hasText: numberName });
    await numberRow.getByText('Provisioning Initiated').or(numberRow.getByText('Provisioning Complete')).first().waitFor();
    await numberRow.getByText('Provisioning Complete').waitFor({ timeout: PROVISIONED_WITHIN });
    const phoneShown = (await numberRow.getByRole('link').textContent()).trim();
    assert.match(phoneShown, /^\+1 \(707\) \d{3}-\d{4}$/);
    const ourNumber = e164(phoneShown);
    const numberId = Number(/\/numbers\/(\d+)/.exec(await numberRow.getByRole('link').getAttribute('href'))[1]);
    await assertAccessible(page, 'Phone Numbers with the number ready');

    // A campaign: a draft by name, then its settings.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
    await page.getByText('No campaigns yet.').waitFor();
    await assertAccessible(page, 'the empty campaign list');
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('heading', { level: 1, name: 'New campaign' }).waitFor();
    await assertAccessible(page, 'New campaign');
    const name = `Get out the vote ${tag}`;
    await page.getByLabel('Name').fill(name);
    await page.getByLabel(/^Description/).fill('Remind supporters to vote on Tuesday.');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { level: 1, name: `Edit ${name}` }).waitFor();
    const campaignId = Number(/\/campaigns\/(\d+)\/edit/.exec(page.url())[1]);
    await assertAccessible(page, 'the edit page of the new draft');

    // Open now: started an hour ago, all day long, in the campaign's zone.
    const zone = zoneOpenNow();
    await page.getByLabel('Time zone').selectOption(zone);
    await page.getByLabel('Start of initial messages').fill(utcToZoned(new Date(Date.now() - 3600000).toISOString(), zone));
    await page.getByLabel('End of initial messages').fill(utcToZoned(new Date(Date.now() + 3 * 86400000).toISOString(), zone));
    await page.getByLabel('Open from').fill('00:00');
    await page.getByLabel('Open until').fill('23:59');
    // The dedicated number, from the complete ones.
    await page.getByLabel('Dedicated number', { exact: true }).check();
    const numberSelect = page.locator('#campaign-number');
    const option = numberSelect.locator('option', { hasText: phoneShown });
    await option.waitFor({ state: 'attached' });
    await numberSelect.selectOption({ label: (await option.textContent()).trim() });
    await page.getByLabel('Script', { exact: true }).fill('Hi {first_name}, this is {texter_first_name}. Will you vote on Tuesday?');
    await page.getByLabel('Self assign').check();
    await page.getByLabel('Batch size').fill('3');
    await assertAccessible(page, 'the edit page, filled');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    // Contacts, from a file.
    const csv = contactsCsv(5, 100000 + Math.floor(Math.random() * 800000));
    await page.getByLabel('CSV file').setInputFiles({ name: 'supporters.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload contacts' }).click();
    const report = page.getByRole('region', { name: 'Import report: supporters.csv' });
    await report.waitFor();
    assert.equal(await report.getByTestId('import-imported').textContent(), '5');
    await assertAccessible(page, 'the import report');

    // Launch: reviewed, then at once (the number is ready).
    await page.getByRole('link', { name: 'Review and launch' }).click();
    await page.getByRole('heading', { level: 1, name: `Launch ${name}` }).waitFor();
    const checks = page.getByRole('list', { name: 'Ready to launch' }).getByRole('listitem');
    await checks.first().waitFor();
    assert.equal(await checks.filter({ hasText: 'Missing:' }).count(), 0, 'nothing missing');
    await assertAccessible(page, 'the launch screen');
    await page.getByRole('button', { name: 'Launch now' }).click();
    await page.waitForURL(new RegExp(`/campaigns/${campaignId}(\\?|$)`));
    await page.getByText(`${name} is active.`).waitFor();
    await page.getByTestId('campaign-status').getByText('Active', { exact: true }).waitFor();
    await assertAccessible(page, 'the active campaign');

    // The texting page, by clicking; the invite link, copied.
    await page.getByRole('navigation', { name: `Campaign ${name}` }).getByRole('link', { name: 'Texting' }).click();
    await page.getByRole('heading', { level: 1, name: `Texting: ${name}` }).waitFor();
    await page.getByRole('button', { name: 'Make an invite link' }).click();
    const linkBox = page.getByLabel('Invite link', { exact: true });
    await linkBox.waitFor();
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await linkBox.inputValue(), 'the clipboard holds the invite link');
    assert.match(copied, /\/join(\?[^#]*)?#[A-Za-z0-9_-]{32}$/);
    await assertAccessible(page, 'the texting page with its invite link');

    // --- the texter, on a phone ---------------------------------------------
    const phone = await open({ viewport: PHONE, hasTouch: true, isMobile: true });
    const tp = phone.page;
    await tp.goto(onStack(copied));
    await tp.getByRole('heading', { level: 1, name: `Join ${name}` }).waitFor();
    await assertAccessible(tp, 'the join page at 375px');
    const texter = { email: `${uniq('walktexter')}@e2e.test`, password: newPassword() };
    await tp.getByLabel('Email').fill(texter.email);
    await tp.getByLabel('Your name').fill('Jo Texter');
    await tp.getByLabel('Password').fill(texter.password);
    await tp.getByRole('button', { name: 'Create account and join' }).click();

    // The first batch (3 of 5), ready to send.
    await tp.getByRole('heading', { level: 1, name, exact: true }).waitFor();
    await tp.getByText('3 contacts left to message').waitFor();
    await tp.getByRole('list', { name: 'Message to send' }).getByText(/^Hi Ada\d+, this is Jo\. Will you vote on Tuesday\?/).waitFor();
    const first = (await tp.locator('.contact-name').textContent()).trim();
    await tp.locator('button.button-big:not([aria-disabled])').waitFor();
    await assertAccessible(tp, 'the messenger at 375px');

    // Enter held down on Send for ~3 s: key repeat after key repeat (a
    // keydown with repeat=true for a key already down). One text.
    const send = tp.getByRole('button', { name: 'Send', exact: true });
    await send.focus();
    await tp.keyboard.down('Enter');
    for (let i = 0; i < 90; i++) {
      await new Promise((r) => setTimeout(r, 33)); // the keyboard's repeat rate
      await tp.keyboard.down('Enter');
    }
    await tp.keyboard.up('Enter');
    await tp.getByText('2 contacts left to message').waitFor();
    const [sent] = await waitUntil('the first text at the provider', async () => {
      const t = await textsFrom(ourNumber);
      return t.length > 0 && t;
    }, { timeoutMs: SLOW });
    assert.match(sent.body.text, /^Hi Ada\d+, this is Jo\. Will you vote on Tuesday\?/);
    const contactPhone = sent.body.to;
    // The next contact is ready, and nothing more went out.
    await tp.locator('button.button-big:not([aria-disabled])').waitFor();
    await tp.getByText('2 contacts left to message').waitFor();
    assert.equal((await textsFrom(ourNumber)).length, 1, 'Enter held down sent one text');

    // The contact answers (the provider's inbound webhook), once the text
    // is delivered.
    await waitUntil('the first text delivered', () => sqlValue(`SELECT COUNT(*) FROM messages m
      JOIN conversations c ON c.id = m.conversation_id WHERE c.campaign_id = ${campaignId}
      AND m.direction = 'out' AND m.status = 'delivered'`) === '1', { timeoutMs: SLOW });
    await simInbound(contactPhone, ourNumber, 'Yes! Where do I vote?');

    // The texter finds the reply and answers it.
    await tp.getByRole('link', { name: 'My assignments' }).first().click();
    await tp.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    await tp.getByRole('link', { name: /Answer replies \(1\)/ }).click({ timeout: SLOW });
    await tp.getByRole('heading', { level: 1, name: 'Replies' }).waitFor();
    await tp.getByText('Yes! Where do I vote?').waitFor();
    await assertAccessible(tp, 'the replies at 375px');
    await tp.getByRole('link', { name: new RegExp(first) }).click();
    await tp.getByRole('heading', { level: 1, name: first }).waitFor();
    await tp.getByText('Yes! Where do I vote?').waitFor();
    await assertAccessible(tp, 'the conversation at 375px');
    const answer = 'At the library on Main Street, 7am to 8pm.';
    await tp.getByLabel('Your reply').fill(answer);
    await tp.getByRole('button', { name: 'Send reply' }).click();
    await tp.getByText(answer).waitFor();
    const texts = await waitUntil('the answer at the provider', async () => {
      const t = await textsFrom(ourNumber);
      return t.length >= 2 && t;
    }, { timeoutMs: SLOW });
    assert.equal(texts.length, 2, 'the first text and the answer, nothing else');
    assert.equal(texts[1].body.to, contactPhone);
    assert.equal(texts[1].body.text, answer);
    assertNoConsoleErrors(phone);

    // --- the admin on a fresh browser follows the number-ready email ------
    const mail = await emailLink(admin.email, 1, /See the number: (\S+)/);
    assert.match(mail.link, new RegExp(`/numbers/${numberId}\\?org=\\d+$`), 'the link names its organization');
    const fresh = await open({ viewport: DESKTOP });
    const fp = fresh.page;
    await login(fp, admin);
    const freshSelect = fp.getByLabel('Organization');
    await freshSelect.waitFor();
    assert.equal(await freshSelect.locator('option:checked').textContent(), otherOrg, 'a new device opens the other organization');
    await fp.goto(onStack(mail.link));
    await fp.getByRole('heading', { level: 1, name: phoneShown }).waitFor();
    assert.equal(await freshSelect.locator('option:checked').textContent(), launchOrg, 'the link opened its organization');
    assert.equal(new URL(fp.url()).pathname, `/numbers/${numberId}`);
    await fp.getByText('Provisioning Complete').first().waitFor();
    await fp.getByText(numberName).first().waitFor();
    await assertAccessible(fp, 'the number page from the email');
    assertNoConsoleErrors(fresh);
    assertNoConsoleErrors(desk);

    // --- the texter forgot the password ----------------------------------
    await tp.getByRole('button', { name: 'Log out' }).click();
    await tp.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await assertAccessible(tp, 'the login page at 375px');
    await tp.getByRole('link', { name: 'Forgot password?' }).click();
    await tp.getByRole('heading', { level: 1, name: 'Forgot your password?' }).waitFor();
    await assertAccessible(tp, 'the forgot-password page at 375px');
    await tp.getByLabel('Email').fill(texter.email);
    await tp.getByRole('button', { name: 'Email me a link' }).click();
    await tp.getByRole('status').filter({ hasText: 'If an account uses this address' }).waitFor();
    const reset = await emailLink(texter.email, 1, /Set a new password: (\S+)/);
    await tp.goto(onStack(reset.link));
    await tp.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor();
    await assertAccessible(tp, 'the reset-password page at 375px');
    const password = newPassword();
    await tp.getByLabel('New password').fill(password);
    await tp.getByRole('button', { name: 'Set the new password' }).click();
    await tp.getByRole('heading', { level: 1, name: 'Your password is set' }).waitFor();
    await assertAccessible(tp, 'the password-set page at 375px');
    await tp.getByRole('button', { name: 'Log in' }).click();
    await tp.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await tp.getByLabel('Email').fill(texter.email);
    await tp.getByLabel('Password').fill(password);
    await tp.getByRole('button', { name: 'Log in' }).click();
    await tp.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    await tp.getByRole('region', { name }).waitFor();
    await assertAccessible(tp, 'my assignments after the reset');
    assertNoConsoleErrors(phone);
  } finally {
    for (const b of browsers) await b.close();
  }
});
