// Lighthouse at mobile settings on every kind of page (issue 17: performance
// at least 98 and total blocking time at most 100 ms on every page). Run by
// tests/stack/bench.sh against the bench stack; prints a Markdown section.
//
//   node tests/bench/lighthouse.mjs
//     Makes an organization in the database (an owner and a texter, each
//     with a live session, a complete dedicated number, a few campaigns,
//     one of LIGHTHOUSE_CONTACTS (500) contacts with the texter on it and
//     a batch of theirs to send), then runs Lighthouse's performance
//     category LIGHTHOUSE_RUNS (3) times on each page:
//       login      /login, signed out
//       campaigns  /campaigns, the owner
//       campaign   /campaigns/<id>, the owner
//       texting    /campaigns/<id>/texting, the owner
//       messenger  /assignments/<id>, the texter
//     and reports the median score and total blocking time of each. The
//     full report of each page's median run goes to
//     STATE_DIR/lighthouse/<page>.json.
//
// Mobile settings are Lighthouse's default configuration: a Moto G Power's
// screen, simulated slow 4G and a 4x CPU slowdown (simulated throttling,
// so the figures are computed from the page's own trace). Signed-in pages
// get the session cookie through Lighthouse's extraHeaders, which the
// browser adds to every request of the page (the document, its scripts
// and the API calls), so no login is scripted and the session never sits
// on a command line.
//
// env: BASE_URL, STATE_DIR (the stack); CHROME_PATH (default CHROMIUM or
// /usr/bin/chromium, the browser the e2e tests drive). Exit status 0 when
// every page meets both targets, 3 when one misses (the section is printed
// all the same), anything else when it could not measure.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const env = process.env;
const BASE = env.BASE_URL.replace(/\/+$/, '');
const RUNS = Number(env.LIGHTHOUSE_RUNS || 3);
const CONTACTS = Number(env.LIGHTHOUSE_CONTACTS || 500);
const CHROME = env.CHROME_PATH || env.CHROMIUM || '/usr/bin/chromium';
const SCORE_TARGET = 98;
const TBT_TARGET = 100;

function sql(text) {
  const out = execFileSync('mariadb', ['--no-defaults', `--socket=${join(env.STATE_DIR, 'mysql.sock')}`, '-uroot', 'launchline', '-N', '-B'],
    { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.split('\n').filter(Boolean).map((l) => l.split('\t'));
}

function session() {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: createHash('sha256').update(token).digest('hex'), csrf: randomBytes(32).toString('base64url') };
}

// The organization and its pages' data, as a launched campaign has it.
function fixture(tag) {
  const owner = session();
  const texter = session();
  const phone = `+1302${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const [orgId, campaignId] = sql(`
    INSERT INTO orgs (name) VALUES ('Lighthouse ${tag}'); SET @org = LAST_INSERT_ID();
    INSERT INTO users (email, name, password_hash) VALUES ('owner-${tag}@bench.test', 'Olive Owner', 'x'); SET @owner = LAST_INSERT_ID();
    INSERT INTO users (email, name, password_hash) VALUES ('texter-${tag}@bench.test', 'Terry Texter', 'x'); SET @texter = LAST_INSERT_ID();
    INSERT INTO memberships (org_id, user_id, role) VALUES (@org, @owner, 'owner'), (@org, @texter, 'texter');
    INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES
      ('${owner.hash}', @owner, '${owner.csrf}', UTC_TIMESTAMP() + INTERVAL 1 DAY),
      ('${texter.hash}', @texter, '${texter.csrf}', UTC_TIMESTAMP() + INTERVAL 1 DAY);
    INSERT INTO use_cases (org_id, name, provider_campaign_id, status) VALUES (@org, 'GOTV', 'CLH${tag.slice(0, 6).toUpperCase()}', 'approved');
    INSERT INTO phone_numbers (org_id, use_case_id, kind, area_codes, phone_number, provisioning_status, step, initiated_by, next_attempt_at)
      VALUES (@org, LAST_INSERT_ID(), 'dedicated', '302', '${phone}', 'complete', 'done', @owner, UTC_TIMESTAMP() + INTERVAL 1 DAY);
    SET @number = LAST_INSERT_ID();
    INSERT INTO campaigns (org_id, name, status, self_assign, batch_size, phone_number_id, script, created_by, time_zone,
        open_from_min, open_until_min, start_at, end_at, number_mode)
      SELECT @org, CONCAT('Earlier campaign ', seq), 'draft', 1, 50, @number, 'Hi {first_name}!', @owner, 'America/New_York',
        540, 1260, UTC_TIMESTAMP() + INTERVAL 2 DAY, UTC_TIMESTAMP() + INTERVAL 9 DAY, 'dedicated' FROM seq_1_to_4;
    INSERT INTO campaigns (org_id, name, status, self_assign, batch_size, phone_number_id, script, created_by, time_zone,
        open_from_min, open_until_min, start_at, end_at, number_mode)
      VALUES (@org, 'Get out the vote', 'draft', 1, 25, @number,
        'Hi {first_name}, this is {texter_first_name} with the campaign. Will you vote on Tuesday?', @owner, 'UTC',
        0, 1440, UTC_TIMESTAMP() - INTERVAL 1 HOUR, UTC_TIMESTAMP() + INTERVAL 7 DAY, 'dedicated');
    SET @c = LAST_INSERT_ID();
    INSERT INTO conversations (campaign_id, phone, first_name, last_name, assignee_id)
      SELECT @c, CONCAT('+1415', LPAD(seq, 7, '0')), CONCAT('Ada', seq), CONCAT('Lovelace', seq), IF(seq <= 25, @texter, NULL)
      FROM seq_1_to_${CONTACTS};
    INSERT INTO campaign_texters (campaign_id, user_id) VALUES (@c, @texter);
    UPDATE campaigns SET contact_count = ${CONTACTS}, status = 'active' WHERE id = @c;
    SELECT @org, @c;`)[0].map(Number);
  return { orgId, campaignId, owner: `ll_session=${owner.token}`, texter: `ll_session=${texter.token}` };
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

async function measure(port, url, cookie) {
  const flags = {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
    extraHeaders: cookie ? { Cookie: cookie } : undefined,
  };
  const result = await lighthouse(url, flags);
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  // A signed-in page that fell back to the login screen measured the wrong thing.
  if (cookie && new URL(lhr.finalDisplayedUrl).pathname === '/login') throw new Error(`${url}: the session was not taken (ended on /login)`);
  const a = lhr.audits;
  return {
    score: Math.round(lhr.categories.performance.score * 100),
    tbt: a['total-blocking-time'].numericValue,
    fcp: a['first-contentful-paint'].numericValue,
    lcp: a['largest-contentful-paint'].numericValue,
    cls: a['cumulative-layout-shift'].numericValue,
    bytes: a['total-byte-weight'].numericValue,
    report: result.report,
  };
}

async function main() {
  const tag = randomBytes(4).toString('hex');
  const f = fixture(tag);
  const q = `?org=${f.orgId}`;
  const pages = [
    { name: 'login', path: '/login', cookie: null },
    { name: 'campaigns', path: `/campaigns${q}`, cookie: f.owner },
    { name: 'campaign', path: `/campaigns/${f.campaignId}${q}`, cookie: f.owner },
    { name: 'texting', path: `/campaigns/${f.campaignId}/texting${q}`, cookie: f.owner },
    { name: 'messenger', path: `/assignments/${f.campaignId}${q}`, cookie: f.texter },
  ];
  const dir = join(env.STATE_DIR, 'lighthouse');
  mkdirSync(dir, { recursive: true });
  const chrome = await chromeLauncher.launch({
    chromePath: CHROME,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const rows = [];
  try {
    for (const p of pages) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(chrome.port, BASE + p.path, p.cookie));
      const byScore = [...runs].sort((x, y) => x.score - y.score || y.tbt - x.tbt);
      writeFileSync(join(dir, `${p.name}.json`), byScore[Math.floor(runs.length / 2)].report);
      const score = median(runs.map((r) => r.score));
      const tbt = median(runs.map((r) => r.tbt));
      rows.push({
        ...p, score, tbt, runs,
        fcp: median(runs.map((r) => r.fcp)),
        lcp: median(runs.map((r) => r.lcp)),
        cls: median(runs.map((r) => r.cls)),
        kb: median(runs.map((r) => r.bytes)) / 1024,
        met: score >= SCORE_TARGET && tbt <= TBT_TARGET,
      });
    }
  } finally {
    await chrome.kill();
  }
  const missed = rows.filter((r) => !r.met);
  const lines = [
    '## Lighthouse (mobile settings)',
    '',
    `Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, performance only, its default (mobile) settings: a Moto G Power's screen, simulated slow 4G, 4x CPU slowdown. The median of ${RUNS} run(s) a page; each run's score / TBT in the last column. Targets: performance ≥ ${SCORE_TARGET} and total blocking time ≤ ${TBT_TARGET} ms on every page.`,
    '',
    '| page | path | performance | TBT | FCP | LCP | CLS | transferred | runs (score / TBT) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.name}${r.met ? '' : ' **(missed)**'} | \`${r.path.replace(/\?.*$/, '')}\` | ${r.score} | ${Math.round(r.tbt)} ms | ${(r.fcp / 1000).toFixed(2)} s | ${(r.lcp / 1000).toFixed(2)} s | ${r.cls.toFixed(3)} | ${r.kb.toFixed(0)} KiB | ${r.runs.map((x) => `${x.score} / ${Math.round(x.tbt)}`).join(', ')} |`),
    '',
    missed.length === 0
      ? `Targets: **met** on all ${rows.length} pages.`
      : `Targets: **NOT met** on ${missed.map((r) => r.name).join(', ')} (full reports in ${dir}/).`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = missed.length === 0 ? 0 : 3;
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exitCode = 1;
});
