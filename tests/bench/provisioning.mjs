// Provisioning benchmark (run by tests/stack/bench.sh against the bench stack):
// N dedicated numbers provisioning at once against the simulator, twice —
// with webhooks, and with every webhook lost (polling alone). Prints a
// Markdown section: provider calls per number, the time from the simulator's
// completion of an assignment to our `complete` (p50/p90/max), wall time, and
// the provisioners' CPU time. Targets (issue 3): at most 1 s to complete with
// webhooks; on average no more than 12 provider calls per number.
//
// env: BASE_URL, SIM_URL, LAUNCHLINE_BIN, LAUNCHLINE_CONFIG, STATE_DIR,
//      PROVISION_N (default 10000), PROVISION_CONCURRENCY (default 32)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { children, readProc } from '../api/lib/procs.js';

const env = process.env;
const BASE = env.BASE_URL;
const SIM = env.SIM_URL;
const N = Number(env.PROVISION_N || 10000);
const CONCURRENCY = Number(env.PROVISION_CONCURRENCY || 32);
const CAP = 49;
const CLK_TCK = 100;
const AREA_CODES = ['212', '213', '305', '312', '404', '415', '503', '512', '617', '702', '713', '206'];

function cli(args, input) {
  return execFileSync(env.LAUNCHLINE_BIN, ['admin', args[0], '--config', env.LAUNCHLINE_CONFIG, ...args.slice(1)],
    { input, encoding: 'utf8' }).trim();
}

async function sim(method, path, body) {
  const r = await fetch(SIM + path, { method, headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

// A signed-in owner of a fresh organization.
async function owner() {
  const tag = randomBytes(4).toString('hex');
  const org = `Bench ${tag}`, email = `bench-${tag}@bench.test`, password = randomBytes(12).toString('base64url');
  const orgId = Number(cli(['create-org', org]));
  cli(['create-user', email, 'Bench Owner'], password + '\n');
  cli(['set-role', email, org, 'owner']);
  let cookie = '';
  const keep = (r) => { for (const c of r.headers.getSetCookie()) cookie = [cookie, c.split(';')[0]].filter(Boolean).join('; '); };
  let r = await fetch(BASE + '/api/v1/csrf');
  keep(r);
  let csrf = (await r.json()).csrf_token;
  r = await fetch(BASE + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie },
    body: JSON.stringify({ email, password }) });
  if (!r.ok) throw new Error(`login: ${r.status}`);
  keep(r);
  csrf = (await r.json()).csrf_token;
  const api = async (method, path, body) => {
    const res = await fetch(BASE + '/api/v1' + path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return { orgId, api };
}

async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) { const i = next++; await fn(items[i], i); }
  }));
}

function provisionerCpu() {
  const master = Number(readFileSync(join(env.STATE_DIR, 'launchline.pid'), 'utf8'));
  let ticks = 0;
  for (const pid of children(master, 'll-provisioner')) {
    const stat = readProc(pid, 'stat');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(f[11]) + Number(f[12]); // utime, stime
  }
  return ticks / CLK_TCK;
}

const pct = (xs, p) => xs.length ? xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] : NaN;

async function run(label, webhookLoss) {
  const { orgId, api } = await owner();
  const useCases = Math.ceil(N / CAP);
  const ucIds = [];
  for (let i = 0; i < useCases; i++) {
    const campaign = `CBENCH${orgId}X${i}`;
    await sim('PUT', `/_sim/campaigns/${campaign}`, { campaignStatus: 'MNO_PROVISIONED' });
    ucIds.push((await api('POST', `/orgs/${orgId}/use-cases`, { name: `Bench ${i}`, provider_campaign_id: campaign })).id);
  }
  for (;;) {
    const list = await api('GET', `/orgs/${orgId}/use-cases?limit=200`);
    let all = list.items, cursor = list.next_cursor;
    while (cursor) { const more = await api('GET', `/orgs/${orgId}/use-cases?limit=200&cursor=${cursor}`); all = all.concat(more.items); cursor = more.next_cursor; }
    if (all.every((u) => u.status === 'approved')) break;
    await sleep(500);
  }
  // Room for both runs' numbers: the first run's stay sold.
  const inventory = Math.ceil((2 * N) / AREA_CODES.length) + 1000;
  await sim('PUT', '/_sim/options', { search_order: 'rotate', inventory_per_area_code: inventory,
    webhook: { loss: webhookLoss } });
  const callsBefore = (await sim('GET', '/_sim/stats')).calls.total;
  const cpuBefore = provisionerCpu();
  const t0 = Date.now();
  const ids = [];
  await pool(Array.from({ length: N }, (_, i) => i), CONCURRENCY, async (i) => {
    const n = await api('POST', `/orgs/${orgId}/phone-numbers`,
      { area_code: AREA_CODES[i % AREA_CODES.length], use_case_id: ucIds[Math.floor(i / CAP)] });
    ids.push(n.id);
  });
  const created = Date.now() - t0;
  for (;;) {
    const left = await api('GET', `/orgs/${orgId}/phone-numbers?provisioning_status=initiated&limit=1`);
    if (left.items.length === 0) break;
    await sleep(1000);
  }
  const wall = (Date.now() - t0) / 1000;
  const cpu = provisionerCpu() - cpuBefore;
  const calls = (await sim('GET', '/_sim/stats')).calls.total - callsBefore;
  await sim('PUT', '/_sim/options', { webhook: { loss: 0 } });

  // Our `assigned` moment (timeline, milliseconds) against the simulator's.
  const simDone = new Map();
  for (const s of (await sim('GET', '/_sim/numbers')).numbers) {
    if (s.assignment?.done_real_at) simDone.set(s.phone_number, Date.parse(s.assignment.done_real_at));
  }
  const lags = [];
  let complete = 0, failed = 0;
  await pool(ids, CONCURRENCY, async (id) => {
    const d = await api('GET', `/orgs/${orgId}/phone-numbers/${id}`);
    if (d.provisioning_status !== 'complete') { failed++; return; }
    complete++;
    const ours = d.timeline.find((e) => e.kind === 'assigned');
    const theirs = simDone.get(d.phone_number);
    if (ours && theirs) lags.push(Math.max(0, Date.parse(ours.at) - theirs) / 1000);
  });
  lags.sort((a, b) => a - b);
  return { label, complete, failed, created: created / 1000, wall, cpu, callsPer: calls / N,
    p50: pct(lags, 0.5), p90: pct(lags, 0.9), max: lags[lags.length - 1], mean: lags.reduce((a, b) => a + b, 0) / (lags.length || 1) };
}

const rows = [await run('webhooks delivered', 0), await run('every webhook lost', 1)];
const f = (x, d = 2) => Number.isFinite(x) ? x.toFixed(d) : '–';
console.log(`## Provisioning: ${N} numbers at once against the simulator

| run | complete | failed | created in (s) | all done in (s) | provider calls / number | to complete p50 (s) | p90 (s) | max (s) | provisioner CPU (s) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.map((r) => `| ${r.label} | ${r.complete} | ${r.failed} | ${f(r.created, 1)} | ${f(r.wall, 1)} | ${f(r.callsPer)} | ${f(r.p50)} | ${f(r.p90)} | ${f(r.max)} | ${f(r.cpu, 1)} |`).join('\n')}

"To complete" is the time from the simulator finishing an assignment to our
\`assigned\` timeline entry. Targets: at most 1 s with webhooks
(${rows[0].p90 <= 1 ? 'met at p90' : 'not met'}); at most 12 provider calls per number on average
(${rows.every((r) => r.callsPer <= 12) ? 'met' : 'not met'}).`);
