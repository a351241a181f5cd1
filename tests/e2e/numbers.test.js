// Phone Numbers: an admin registers a use case and watches the provider
// approve it, creates a dedicated number in area code 707 with the
// area-code combobox, sees it yellow (Provisioning Initiated) at once and
// green (Provisioning Complete) without reloading, reads its timeline and
// releases it. Then, with the simulator failing every assignment, a number
// turns red (Provisioning Failed) with the reason shown, at phone size.
//
// Fresh organizations (an owner in one, an admin in the other): registering
// a campaign id twice in one organization is refused, and the seed
// organization's own use cases and numbers must not matter. Area codes 707
// and 916, which the API tests leave alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOrg, freshUser, seed, setRole, uniq } from './lib/env.js';
import { assertAccessible, assertNoConsoleErrors, login, openBrowser } from './lib/browser.js';

// Provisioning takes 1-3 s in `make test`; the page polls every 3 s.
const PROVISIONED_WITHIN = 30000;

function simUrl() {
  const url = process.env.SIM_URL || seed().sim_url;
  if (!url) throw new Error('SIM_URL is not set: the browser tests run against the real stack (make test)');
  return url.replace(/\/+$/, '');
}

// PUT /_sim/options is a partial update; GET gives them all.
async function simOptions(options) {
  const res = await fetch(`${simUrl()}/_sim/options`, {
    method: options ? 'PUT' : 'GET',
    headers: options ? { 'Content-Type': 'application/json' } : {},
    body: options ? JSON.stringify(options) : undefined,
  });
  assert.ok(res.ok, `${options ? 'PUT' : 'GET'} /_sim/options answered ${res.status}`);
  return res.json().catch(() => ({}));
}

// A fresh organization and a fresh member of it with `role` (owner or
// admin), signed in on Phone Numbers.
async function signedInOnPhoneNumbers(b, role) {
  const org = createOrg(`E2E Numbers ${uniq('org')}`);
  const user = freshUser('numbers', []);
  setRole(user.email, org, role);
  await login(b.page, user);
  await b.page.getByRole('heading', { level: 1, name: 'Phone Numbers' }).waitFor();
  await b.page.getByText('No phone numbers yet.').waitFor();
  await b.page.getByText('No use cases yet.').waitFor();
  return { org, user };
}

// Adds a use case and waits until the provisioner has asked the provider
// and the page shows it approved. Returns its row.
async function addApprovedUseCase(page, name, campaignId) {
  await page.getByLabel('Use case name').fill(name);
  await page.getByLabel('10DLC campaign id').fill(campaignId);
  await page.getByRole('button', { name: 'Add use case' }).click();
  const row = useCaseRow(page, campaignId);
  await row.waitFor();
  await row.getByText('Approved', { exact: true }).waitFor({ timeout: PROVISIONED_WITHIN });
  assert.match(await row.textContent(), /0 of 49/);
  await row.getByRole('meter', { name: `Numbers in ${name}` }).waitFor();
  return row;
}

// Chooses an area code in the combobox: types, moves down to the first
// option with the keyboard, and takes it with Enter.
async function chooseAreaCode(page, typed, expected) {
  const box = page.getByRole('combobox', { name: 'Area code' });
  await box.fill(typed);
  const option = page.getByRole('listbox', { name: 'Area code' }).getByRole('option').first();
  await option.waitFor();
  assert.match(await option.textContent(), expected);
  await box.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  const active = await box.getAttribute('aria-activedescendant');
  assert.equal(active, await option.getAttribute('id'));
  assert.equal(await option.getAttribute('aria-selected'), 'true');
  await box.press('Enter');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  return box;
}

function numberRow(page, text) {
  return page.getByRole('region', { name: 'Numbers', exact: true }).getByRole('row').filter({ hasText: text });
}

function useCaseRow(page, text) {
  return page.getByRole('region', { name: 'Use cases', exact: true }).getByRole('row').filter({ hasText: text });
}

async function tagClass(row) {
  return row.locator('.tag').first().getAttribute('class');
}

test('a dedicated number goes from Provisioning Initiated to Complete without a reload', { timeout: 150000 }, async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await signedInOnPhoneNumbers(b, 'owner');
    await assertAccessible(page, 'Phone Numbers (empty)');

    const useCase = `GOTV ${uniq('uc')}`;
    await addApprovedUseCase(page, useCase, 'CDEMO01');
    await assertAccessible(page, 'Phone Numbers with an approved use case');

    // The use case select lists it with its capacity.
    const select = page.getByLabel('Use case', { exact: true });
    assert.match(await select.locator('option:checked').textContent(), new RegExp(`${useCase} — 0 of 49`));

    // Area code by place name, with the keyboard.
    const box = await chooseAreaCode(page, 'Santa Ros', /^707 — CA — Santa Rosa/);
    assert.match(await box.inputValue(), /^707 — CA — Santa Rosa/);
    await assertAccessible(page, 'the create form with an area code chosen');

    const name = `Main line ${uniq('n')}`;
    await page.getByLabel(/^Name/).fill(name);
    await page.getByRole('button', { name: 'Create number' }).click();

    // At once: the new row, yellow, while a number is being chosen.
    const row = numberRow(page, name);
    await row.getByText('Provisioning Initiated').waitFor({ timeout: 5000 });
    assert.match(await tagClass(row), /\btag-initiated\b/);
    assert.match(await row.textContent(), /Area code 707/);
    assert.match(await row.textContent(), new RegExp(useCase));
    await assertAccessible(page, 'Phone Numbers with a number provisioning');

    // Then green, by polling: no reload.
    await page.evaluate(() => {
      window.__sameDocument = true;
    });
    await row.getByText('Provisioning Complete').waitFor({ timeout: PROVISIONED_WITHIN });
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was reloaded');
    assert.match(await tagClass(row), /\btag-complete\b/);
    const phone = (await row.getByRole('link').textContent()).trim();
    assert.match(phone, /^\+1 \(707\) \d{3}-\d{4}$/);
    // The use case now holds one number.
    await useCaseRow(page, useCase).getByText('1 of 49').waitFor();
    // Its status in words, the provider's code as the detail.
    await useCaseRow(page, useCase).getByText(/^Approved by the carriers, checked /).waitFor();
    await useCaseRow(page, useCase).locator('.provider-token code').getByText('MNO_PROVISIONED', { exact: true }).waitFor();

    // The number's page: its timeline, oldest first.
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: phone }).waitFor();
    await page.getByText('Provisioning Complete').first().waitFor();
    const entries = page.getByRole('region', { name: 'Timeline', exact: true }).getByRole('listitem');
    await entries.first().waitFor();
    assert.ok((await entries.count()) >= 2, 'the timeline has entries');
    const times = await entries.locator('time').evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime'))));
    assert.deepEqual(times, [...times].sort((x, y) => x - y), 'timeline oldest first');
    // Words first: no raw provider status or order id in what is read; the
    // order id is there as the provider's code.
    for (const w of await entries.locator('.timeline-words').allTextContents()) {
      assert.doesNotMatch(w, /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\bASSIGNED\b/, `a raw status in "${w}"`);
      assert.doesNotMatch(w, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i, `an id in "${w}"`);
    }
    await entries.filter({ hasText: 'the order is' }).locator('.provider-token code').getByText(/^order [0-9a-f-]{36}$/).waitFor();
    await assertAccessible(page, 'the number page');

    // Delete (release): a confirmation first; Cancel keeps it.
    await page.getByRole('button', { name: 'Delete (release)' }).click();
    const dialog = page.getByRole('dialog', { name: `Release ${phone}?` });
    await dialog.waitFor();
    await assertAccessible(page, 'the release confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Delete (release)' }).click();
    await dialog.getByRole('button', { name: 'Delete (release)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phone Numbers' }).waitFor();
    await page.getByText(`${phone} is being released.`).waitFor();
    await page.getByText('No phone numbers yet.').waitFor();
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});

test('a failed assignment shows Provisioning Failed with the reason (phone size)', { timeout: 150000 }, async () => {
  const reason = 'Carrier rejected the number';
  const b = await openBrowser({ viewport: { width: 375, height: 740 } });
  const { page } = b;
  // Put back what was there (the rate is 0 in `make test`).
  const restore = { assignment_failure_rate: 0 };
  try {
    await signedInOnPhoneNumbers(b, 'admin');
    await addApprovedUseCase(page, `Fail ${uniq('uc')}`, 'CDEMO01');

    const before = await simOptions();
    if (typeof before.assignment_failure_rate === 'number') restore.assignment_failure_rate = before.assignment_failure_rate;
    if (typeof before.failure_reason === 'string') restore.failure_reason = before.failure_reason;
    await simOptions({ assignment_failure_rate: 1, failure_reason: reason });

    // Three digits typed and the option clicked.
    const box = page.getByRole('combobox', { name: 'Area code' });
    await box.fill('916');
    await page.getByRole('option', { name: /^916 — CA/ }).click();
    assert.match(await box.inputValue(), /^916 — CA/);
    const name = `Doomed ${uniq('n')}`;
    await page.getByLabel(/^Name/).fill(name);
    await page.getByRole('button', { name: 'Create number' }).click();

    const row = numberRow(page, name);
    await row.getByText('Provisioning Initiated').waitFor({ timeout: 5000 });
    await row.getByText('Provisioning Failed').waitFor({ timeout: PROVISIONED_WITHIN });
    assert.match(await tagClass(row), /\btag-failed\b/);
    await row.getByText(reason, { exact: false }).waitFor();

    // Nothing is wider than the phone's screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 375px`);
    await assertAccessible(page, 'Phone Numbers with a failed number, at 375px');

    // The number's page says the same.
    await row.getByRole('link').click();
    await page.getByText('Provisioning Failed').first().waitFor();
    await page.getByText(reason, { exact: false }).first().waitFor();
    await assertAccessible(page, 'the failed number page, at 375px');
    assertNoConsoleErrors(b);
  } finally {
    await simOptions(restore).catch(() => {});
    await b.close();
  }
});

// The provider's API itself (the simulator), with the stack's API key.
async function telnyx(method, path, body) {
  const dir = process.env.STATE_DIR;
  if (!dir) throw new Error('STATE_DIR is not set (make test sets it)');
  const { readFileSync } = await import('node:fs');
  const key = readFileSync(`${dir}/provider_api_key`, 'utf8').split(/\r?\n/)[0].trim();
  const res = await fetch(simUrl() + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// A 10DLC campaign of its own at the simulator (TCR id "C" + 6), in a status.
async function simCampaign(tcr, campaignStatus) {
  const res = await fetch(`${simUrl()}/_sim/campaigns/${tcr}`, {
    method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ campaignStatus }),
  });
  assert.ok(res.ok, `PUT /_sim/campaigns/${tcr} answered ${res.status}`);
}

test('a release the provider refused shows Release Failed with its answer; a suspended use case says why', { timeout: 150000 }, async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await signedInOnPhoneNumbers(b, 'admin');
    const tcr = `C${uniq('t').replace(/[^a-z0-9]/g, '').slice(-6).toUpperCase().padStart(6, 'X')}`;
    await simCampaign(tcr, 'MNO_PROVISIONED');
    const useCase = `Suspendable ${uniq('uc')}`;
    await addApprovedUseCase(page, useCase, tcr);

    const box = page.getByRole('combobox', { name: 'Area code' });
    await box.fill('208');
    await page.getByRole('option', { name: /^208 — ID/ }).click();
    const name = `Gone ${uniq('n')}`;
    await page.getByLabel(/^Name/).fill(name);
    await page.getByRole('button', { name: 'Create number' }).click();
    const row = numberRow(page, name);
    await row.getByText('Provisioning Complete').waitFor({ timeout: PROVISIONED_WITHIN });
    const phone = (await row.getByRole('link').textContent()).trim();
    const e164 = `+1${phone.replace(/\D/g, '').slice(1)}`;

    // Someone releases it in the provider's portal; then the admin deletes it here.
    const found = await telnyx('GET', `/phone_numbers?filter[phone_number]=${encodeURIComponent(e164)}`);
    assert.equal(found.status, 200);
    assert.equal((await telnyx('DELETE', `/phone_numbers/${found.body.data[0].id}`)).status, 200);
    await row.getByRole('link').click();
    await page.getByRole('button', { name: 'Delete (release)' }).click();
    await page.getByRole('dialog', { name: `Release ${phone}?` }).getByRole('button', { name: 'Delete (release)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phone Numbers' }).waitFor();

    // Once the provisioner has tried, it is listed again, red: nothing was
    // released, it may still be billed (the list polls only while a number
    // provisions: the admin comes back to it).
    const failed = numberRow(page, name);
    const until = Date.now() + PROVISIONED_WITHIN;
    for (;;) {
      const seen = await failed.getByText('Release Failed').waitFor({ timeout: 2000 }).then(() => true, () => false);
      if (seen) break;
      assert.ok(Date.now() < until, 'the release failed within 30 s');
      await page.reload();
    }
    await failed.getByText(/answered 404/).waitFor();
    await assertAccessible(page, 'Phone Numbers with a release that failed');
    await failed.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: 'Release failed' }).waitFor();
    await page.getByRole('button', { name: 'Try the release again' }).waitFor();
    await assertAccessible(page, 'the number page of a release that failed');
    await page.goBack();

    // The provider suspends the campaign: a refresh shows it, and why.
    await simCampaign(tcr, 'TCR_SUSPENDED');
    const ucRow = useCaseRow(page, useCase);
    await ucRow.getByRole('button', { name: `Refresh status of ${useCase}` }).click();
    await ucRow.getByText('Suspended', { exact: true }).waitFor({ timeout: PROVISIONED_WITHIN });
    await ucRow.getByText(/Launches and new numbers wait until the provider approves this campaign again/).waitFor();
    assert.match(await ucRow.textContent(), new RegExp(`TCR ${tcr}`));
    await assertAccessible(page, 'Phone Numbers with a suspended use case');
    assertNoConsoleErrors(b);
  } finally {
    await b.close();
  }
});
