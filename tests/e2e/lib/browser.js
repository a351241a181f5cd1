// Chromium through playwright-core (Debian's /usr/bin/chromium; browser
// downloads are impossible here), one fresh profile per "person", and the
// checks every test makes: no console errors, axe-core finds nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { baseUrl } from './env.js';

const AXE_PATH = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Chromium logs every 4xx answer as a console error ("Failed to load
// resource: ... status of 401"). The SPA meets some on purpose and shows
// them as messages: 401 (GET /me while signed out, a wrong password), 404
// (an unknown invitation), 409 and 422 (refused changes). Anything else --
// a script error, a CSP refusal, a 403 (a CSRF slip), a missing asset, a
// 5xx -- fails the test.
function expected(msg) {
  const url = msg.location().url || '';
  return (
    url.startsWith(`${baseUrl()}/api/`) &&
    /^Failed to load resource: the server responded with a status of (401|404|409|422) /.test(msg.text())
  );
}

// A new browser profile (own cookies and storage): one person. Other
// options go to the context as they are (hasTouch, timezoneId, ...).
// Returns {context, page, errors, close}.
export async function openBrowser({ viewport = { width: 1280, height: 800 }, ...options } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'll-e2e-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(dir, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: ARGS,
      viewport,
      locale: 'en-US',
      ...options,
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  context.setDefaultTimeout(15000);
  const errors = [];
  const watch = (page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !expected(msg)) errors.push(`console error: ${msg.text()} (${msg.location().url})`);
    });
    page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] || (await context.newPage());
  return {
    context,
    page,
    errors,
    async close() {
      await context.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function assertNoConsoleErrors(browser) {
  assert.deepEqual(browser.errors, [], `console errors:\n${browser.errors.join('\n')}`);
}

let axeSource;

// Runs axe-core on the page as it is now and fails on any violation.
// The site's CSP (script-src 'self') refuses page.addScriptTag's inline
// script, and bypassCSP would hide the SPA's own CSP faults; so axe goes
// in through the DevTools protocol, which CSP does not govern.
export async function assertAccessible(page, where) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) {
    axeSource = axeSource || readFileSync(AXE_PATH, 'utf8');
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(() => window.axe.run());
  const report = result.violations
    .map((v) => `  ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`)
    .join('\n');
  assert.equal(result.violations.length, 0, `axe violations on ${where}:\n${report}`);
}

// Logs in on the login screen (opening it first).
export async function login(page, user) {
  await page.goto(`${baseUrl()}/login`);
  await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

// The names of the links of the main navigation, in order.
export async function navLinks(page) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.waitFor();
  return (await nav.getByRole('link').allTextContents()).map((s) => s.trim());
}
