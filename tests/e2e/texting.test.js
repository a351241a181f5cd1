// Texting end to end on a phone-sized screen: a campaign made through the
// campaigns API with self assign and an invite link; a new texter follows
// the link, signs up, lands on their first batch, sends the first message
// with one click, gets a reply from the simulator and answers it. Also: a
// disabled link, the sending gates as the messenger shows them, and the
// organizer's texting page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, seed, uniq, newPassword } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';
import { loggedIn } from '../api/lib/client.js';
import { freshOrg, freshUser } from '../api/lib/admin.js';
import { sql, sqlValue } from '../api/lib/db.js';
import { simInbound, waitFor } from '../api/lib/sim.js';
import { orgWithUseCase, completeNumber, contactsCsv, upload, campaignsPath, campaignPath, iso, HOUR } from '../api/lib/campaigns.js';
import { campaignFixture, onCampaign, sqlTime } from '../api/lib/texting.js';
import { setProvisioningLaunch } from './lib/campaigns.js';

const PHONE = { width: 375, height: 740 };

async function assertNoSideScroll(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${where}: page is ${width}px wide, more than ${PHONE.width}px`);
}

// Every link and button a texter can tap is at least 44 by 44 px (WCAG's
// target size), the banner's and the page's alike.
async function assertTouchTargets(page, where) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('a[href], button, input[type=checkbox], input[type=radio], select, summary')]
      .filter((el) => el.getClientRects().length > 0 && !el.closest('.skip-link') && !el.classList.contains('skip-link'))
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { what: `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`, w: Math.round(r.width), h: Math.round(r.height) };
      })
      .filter((t) => t.w < 44 || t.h < 44),
  );
  assert.deepEqual(small, [], `${where}: touch targets under 44 px`);
}

// A live campaign through the campaigns API: dedicated number, self assign,
// batches of 3, open around the clock; and its invite link.
async function liveCampaign() {
  const { org, c, uc } = await orgWithUseCase('e2e-texting');
  const number = await completeNumber(c, org.id, uc.id, '707');
  const r = await c.post(campaignsPath(org.id), {
    name: `Get out the vote ${uniq('gotv')}`,
    description: 'Remind supporters to vote on Tuesday.',
    time_zone: 'UTC',
    script: 'Hi {first_name}, this is {texter_first_name}. Will you vote on Tuesday?',
    start_at: iso(Date.now() - HOUR),
    end_at: iso(Date.now() + 24 * HOUR),
    open_from: '00:00',
    open_until: '24:00',
    number_mode: 'dedicated',
    phone_number_id: number.id,
    self_assign: true,
    batch_size: 3,
  });
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  const up = await upload(c, org.id, id, contactsCsv(5, Math.floor(Math.random() * 900000)));
  assert.equal(up.status, 200, up.text);
  const launched = await c.post(`${campaignPath(org.id, id)}/launch`, {});
  assert.equal(launched.status, 200, launched.text);
  assert.equal(launched.body.status, 'active');
  const link = await c.post(`${campaignPath(org.id, id)}/invite-link`, {});
  assert.equal(link.status, 201, link.text);
  return { org, owner: c, id, name: r.body.name, number: number.phone_number, link: link.body.invite_url };
}

test('a new texter follows the invite link on a phone, sends the first message, and answers the reply', { timeout: 180000 }, async () => {
  const camp = await liveCampaign();
  const b = await openBrowser({ viewport: PHONE });
  try {
    const { page } = b;
    const u = new URL(camp.link);
    await page.goto(`${baseUrl()}${u.pathname}${u.hash}`);
    await page.getByRole('heading', { level: 1, name: `Join ${camp.name}` }).waitFor();
    await page.getByText('Remind supporters to vote on Tuesday.').waitFor();
    await assertNoSideScroll(page, 'the join page');
    await assertAccessible(page, 'the join page');

    const email = `${uniq('joiner')}@e2e.test`;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Your name').fill('Jo Texter');
    await page.getByLabel('Password').fill(newPassword());
    await page.getByRole('button', { name: 'Create account and join' }).click();

    // Lands in the messenger on the first batch (3 of 5 contacts).
    await page.getByRole('heading', { level: 1, name: camp.name, exact: true }).waitFor();
    assert.ok(!page.url().includes('#'), 'the token is dropped from the address bar');
    await page.getByText('3 contacts left to message').waitFor();
    const first = (await page.locator('.contact-name').textContent()).trim();
    const draft = page.getByRole('list', { name: 'Message to send' });
    await draft.getByText(/^Hi Ada\d+, this is Jo\. Will you vote on Tuesday\?/).waitFor();
    await assertNoSideScroll(page, 'the messenger');
    await assertAccessible(page, 'the messenger');
    await assertTouchTargets(page, 'the messenger');

    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText('2 contacts left to message').waitFor();
    // Then the next contact (the count may show a moment before its name).
    const exactly = new RegExp(`^\\s*${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    await page.locator('.contact-name', { hasNotText: exactly }).waitFor({ timeout: 5000 });

    // The first message reached the provider; its contact answers.
    const [k] = sql(`SELECT c.phone, m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
      WHERE c.campaign_id = ${camp.id} AND m.direction = 'out'`);
    assert.ok(k, 'one message queued');
    assert.equal(sqlValue(`SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.campaign_id = ${camp.id}`), '1');
    await waitFor('the message to be delivered', async () => {
      const s = sqlValue(`SELECT status FROM messages WHERE id = ${k[1]}`);
      return { done: s === 'delivered', value: s };
    }, { timeoutMs: 20000 });
    await simInbound(k[0], camp.number, 'Yes! Where do I vote?');

    // The reply shows in the assignments and the inbox; answer it.
    await page.getByRole('link', { name: 'My assignments' }).first().click();
    await page.getByRole('link', { name: /Answer replies \(1\)/ }).click({ timeout: 20000 });
    await page.getByRole('heading', { level: 1, name: 'Replies' }).waitFor();
    await page.getByText('Yes! Where do I vote?').waitFor();
    await assertAccessible(page, 'the replies');
    await assertTouchTargets(page, 'the replies');
    await page.getByRole('link', { name: new RegExp(first) }).click();
    await page.getByRole('heading', { level: 1, name: first }).waitFor();
    await page.getByText('Yes! Where do I vote?').waitFor();
    await page.getByLabel('Your reply').fill('At the library on Main Street, 7am to 8pm.');
    await assertNoSideScroll(page, 'the conversation');
    await assertAccessible(page, 'the conversation');
    await assertTouchTargets(page, 'the conversation');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('At the library on Main Street, 7am to 8pm.').waitFor();
    await waitFor('the reply to be sent', async () => {
      const rows = sql(`SELECT m.status FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.campaign_id = ${camp.id} AND m.direction = 'out' AND m.initial = 0`);
      return { done: rows.length === 1 && ['sent', 'delivered'].includes(rows[0][0]), value: rows };
    }, { timeoutMs: 20000 });
    assert.equal(sqlValue(`SELECT status FROM conversations WHERE campaign_id = ${camp.id} AND phone = '${k[0]}'`), 'convo');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('a disabled link shows a plain page that reveals nothing', { timeout: 120000 }, async () => {
  const o = freshOrg('e2e-dead-link');
  const owner = await loggedIn(o.owner, 'owner');
  const c = campaignFixture(o.id, o.owner.id, { contacts: 1, name: 'Very Secret Campaign' });
  const { invite_url: url } = (await owner.post(`${campaignPath(o.id, c.id)}/invite-link`, {})).body;
  assert.equal((await owner.delete(`${campaignPath(o.id, c.id)}/invite-link`)).status, 204);
  const b = await openBrowser({ viewport: PHONE });
  try {
    const { page } = b;
    const u = new URL(url);
    await page.goto(`${baseUrl()}${u.pathname}${u.hash}`);
    await page.getByRole('heading', { level: 1, name: 'This link is not valid' }).waitFor();
    assert.equal(await page.getByRole('textbox').count(), 0);
    const text = await page.locator('main').textContent();
    assert.ok(!text.includes('Very Secret') && !text.includes(o.name), text);
    await assertNoSideScroll(page, 'the dead link');
    await assertAccessible(page, 'the dead link');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('the messenger says plainly why sending is closed, when it opens (the campaign\'s time and the texter\'s), and offers only what can be done now', { timeout: 120000 }, async () => {
  const o = freshOrg('e2e-gates');
  const texter = freshUser('gated', [[o.name, 'texter']]);
  const tid = Number(sqlValue(`SELECT id FROM users WHERE email = '${texter.email}'`));
  const early = campaignFixture(o.id, o.owner.id, { contacts: 2, name: 'Starts tomorrow', startAt: sqlTime(26 * 3600), timeZone: 'America/New_York' });
  const incident = campaignFixture(o.id, o.owner.id, { contacts: 2, name: 'Incident wait', sendingOpensAt: sqlTime(300) });
  // Self assign, nothing of the texter's left to send, closed until tomorrow.
  const later = campaignFixture(o.id, o.owner.id, { contacts: 3, name: 'More tomorrow', startAt: sqlTime(26 * 3600) });
  for (const c of [early, incident]) {
    onCampaign(c.id, [tid]);
    sql(`UPDATE conversations SET assignee_id = ${tid} WHERE campaign_id = ${c.id}`);
  }
  onCampaign(later.id, [tid]);
  // The operators' incident banner is theirs, not the texters'.
  setProvisioningLaunch(false);
  const b = await openBrowser({ viewport: PHONE, timezoneId: 'America/Los_Angeles' });
  try {
    const { page } = b;
    await login(page, texter);
    await page.getByRole('heading', { level: 1, name: 'My assignments' }).waitFor();
    const card = (name) => page.getByRole('region', { name });
    await card('Starts tomorrow').getByText('Not started yet').waitFor();
    // In the campaign's zone with its abbreviation, and the texter's own clock.
    await card('Starts tomorrow')
      .getByText(/Initial messages can be sent from \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T \((\w{3} \d{1,2}, )?\d{1,2}:\d{2} [AP]M P[SD]T your time\) \(in /)
      .waitFor();
    await card('Incident wait').getByText(/Sending opens in [45] min \d{2} s, at .+ (UTC|GMT) \(.+P[SD]T your time\)\./).waitFor();
    // Sending closed: no "Request conversations", but when it can be asked.
    await card('More tomorrow').getByText(/Initial messages can be sent from/).waitFor();
    await card('More tomorrow').getByText('You can request more conversations once initial messages open.').waitFor();
    assert.equal(await card('More tomorrow').getByRole('button', { name: 'Request conversations' }).count(), 0);
    // Whatever the page asks for has been answered (the banner would be up).
    await page.waitForLoadState('networkidle');
    assert.equal(await page.getByRole('region', { name: 'Incident mode' }).count(), 0, 'no incident banner for texters');
    await assertAccessible(page, 'assignments with closed gates');
    await assertTouchTargets(page, 'my assignments');
    await card('Starts tomorrow').getByRole('link', { name: 'See your assignment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Starts tomorrow', exact: true }).waitFor();
    await page.getByText('Not started yet').waitFor();
    await page.getByText(/E[SD]T \(.*P[SD]T your time\)/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled(), true);
    await assertNoSideScroll(page, 'a closed messenger');
    assertNoConsoleErrors(b);
  } finally {
    setProvisioningLaunch(true);
    await b.close();
  }
});

test('organizers see counts per status and per texter, and manage texters and the invite link', { timeout: 120000 }, async () => {
  const o = freshOrg('e2e-organizer');
  const t1 = freshUser('ann', [[o.name, 'texter']]);
  const c = campaignFixture(o.id, o.owner.id, { contacts: 6, name: 'Organizer view' });
  const b = await openBrowser();
  try {
    const { page } = b;
    await login(page, o.owner);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${baseUrl()}/campaigns/${c.id}/texting`);
    await page.getByRole('heading', { level: 1, name: 'Texting: Organizer view' }).waitFor();
    await page.getByText('No texters yet').waitFor();
    await page.getByLabel(`Add a member of ${o.name}`).selectOption({ label: `${t1.name} (${t1.email})` });
    await page.getByRole('button', { name: 'Add texter' }).click();
    await page.getByRole('button', { name: `Remove ${t1.name}` }).waitFor();
    await page.getByRole('group', { name: 'Texters' }).getByLabel(t1.name).check();
    await page.getByRole('button', { name: 'Distribute equally to the chosen texters' }).click();
    await page.getByText('6 conversations distributed.').waitFor();
    const row = page.getByRole('row', { name: new RegExp(t1.name) });
    await row.getByRole('cell').first().waitFor();
    assert.equal((await row.getByRole('cell').nth(0).textContent()).trim(), '6');
    assert.match(await page.getByTestId('counts-at').textContent(), /^As of \d{1,2}:\d{2}:\d{2}\s[AP]M [A-Z]{3,4}$/, 'how fresh the counts are');
    await page.getByRole('button', { name: 'Make an invite link' }).click();
    const link = page.getByLabel('Invite link', { exact: true });
    await link.waitFor();
    assert.match(await link.inputValue(), /\/join#[A-Za-z0-9_-]{32}$/);
    await assertAccessible(page, 'the texting page');
    await page.getByRole('button', { name: 'Disable link' }).click();
    await page.getByRole('button', { name: 'Make an invite link' }).waitFor();
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
