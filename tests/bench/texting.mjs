// Texting benchmarks (run by tests/stack/bench.sh against the bench stack).
// Prints a Markdown section.
//
//   node tests/bench/texting.mjs self-assign
//     A campaign of SELF_ASSIGN_CONTACTS (1,000,000) conversations, batches
//     of SELF_ASSIGN_BATCH (300), SELF_ASSIGN_CLIENTS (200) texters
//     requesting at once, through nginx, until the campaign is worked
//     through (each request comes from a texter who has nothing left, as
//     the messenger allows, and who has the messenger open: GET /me first,
//     before the clock starts). Latency p50/p99 of the requests that took a
//     batch, per tenth of the campaign (the cost must stay flat), and of
//     the "No more conversations" answers; then, in the database: every
//     conversation that is not opted out went to exactly one texter, each
//     texter holds what they were told, and how long the assigner role took
//     to set all the batches. Target: p99 at most 100 ms.
//
//   node tests/bench/texting.mjs pacing
//     A campaign of PACING_N (10,000) initial messages on a use case paced
//     at PACING_PER_MINUTE (600) a minute: the texters' clicks through
//     nginx (latency: the messenger answers at once, the message queued),
//     then, while it drains, other texters sending on another campaign
//     (wrk, SEND_DURATION); the rate measured at the simulator (its call
//     log: every POST /messages from the number with its time), the
//     busiest minute and second, and the drain time the campaign API
//     announced. Targets: the rate within 5% of the limit, p99 at most
//     50 ms for both kinds of sends. Takes PACING_N / PACING_PER_MINUTE
//     minutes (about 17 by default).
//
//   node tests/bench/texting.mjs sends
//     Texters sending initial messages through nginx (wrk -t2 -cSEND_CONNS
//     for SEND_DURATION, each request one click in one's own conversation;
//     SEND_TEXTERS, twice the connections, take turns, so each texter has
//     one click out at a time as in the messenger), the sender role
//     delivering to the simulator meanwhile. Sends/s, p50, p99; the queue
//     left when the load stops and how long the sender takes to empty it;
//     messages the simulator created (one per message, none twice).
//     Targets: 2,000/s with p99 at most 50 ms, the sender keeping up.
//
//   node tests/bench/texting.mjs anchor-send
//     The anchor of the sends: the database-only ceiling of the send
//     transaction (CALL queue_message, the one statement a send writes)
//     from 32 connections at once (ANCHOR_CONNS), each a mariadb client
//     working through its own texter's ANCHOR_PER (2,000) conversations,
//     with no HTTP, worker or rules in the way. The messages are on a use
//     case paced at one a minute, so the sender leaves them be. Writes
//     calls/s to STATE_DIR/anchor-send.json; the sends part reports its
//     rate as a share of it.
//
//   node tests/bench/texting.mjs anchor-claim
//     The anchor of self assign: one claim on an idle database, ANCHOR_CLAIMS
//     (200) texters' claims one after the other, each one CALL claim_group
//     for one texter (the broker's turn with one ask) on a planned
//     campaign, timed in the server (NOW(6) around the CALL). Writes p50 and
//     p99 to STATE_DIR/anchor-claim.json; the self-assign part reports its
//     latencies as multiples of the p50.
//
// env: BASE_URL, SIM_URL, STATE_DIR (the bench stack), LAUNCHLINE_CONFIG.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const env = process.env;
// Targets as ratios to the anchors measured in the same run (README,
// Benchmarks): self-assign p99 at most CLAIM_TARGET idle claims; texter
// sends at least SEND_TARGET of the send transaction's database ceiling.
const CLAIM_TARGET = 200;
const SEND_TARGET = 0.4;
const BASE = new URL(env.BASE_URL);
const SIM = env.SIM_URL;

// ---------------------------------------------------------------- database

function sql(text) {
  const out = execFileSync('mariadb', ['--no-defaults', `--socket=${join(env.STATE_DIR, 'mysql.sock')}`, '-uroot', 'launchline', '-N', '-B'],
    { input: text, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return out.split('\n').filter(Boolean).map((l) => l.split('\t'));
}
const one = (text) => sql(text)[0][0];

// An organization, its owner, and a complete dedicated number on a use case
// of its own paced at perMinute (null: sender_use_case_per_minute):
// {orgId, ownerId, numberId, e164}.
function fixtureOrg(tag, perMinute = null) {
  const e164 = `+1415${String(Math.floor(Math.random() * 8e6) + 2e6)}`;
  const ids = sql(`
    INSERT INTO orgs (name) VALUES ('Bench ${tag}'); SET @org = LAST_INSERT_ID();
    INSERT INTO users (email, name, password_hash) VALUES ('owner-${tag}@bench.test', 'Bench Owner', 'x'); SET @owner = LAST_INSERT_ID();
    INSERT INTO memberships (org_id, user_id, role) VALUES (@org, @owner, 'owner');
    INSERT INTO use_cases (org_id, name, provider_campaign_id, status, messages_per_minute)
      VALUES (@org, 'Bench', 'CB${tag}', 'approved', ${perMinute === null ? 'NULL' : perMinute});
    INSERT INTO phone_numbers (org_id, use_case_id, kind, area_codes, phone_number, provisioning_status, step, initiated_by)
      VALUES (@org, LAST_INSERT_ID(), 'dedicated', '415', '${e164}', 'complete', 'done', @owner);
    SELECT @org, @owner, LAST_INSERT_ID();`)[0].map(Number);
  return { orgId: ids[0], ownerId: ids[1], numberId: ids[2], e164 };
}

// A draft campaign of n conversations (phones +1 area 2xxxxxx + seq);
// launchFixture makes it active, as a launch does once contacts are in.
function fixtureCampaign(f, n, batch, area) {
  const id = Number(one(`
    INSERT INTO campaigns (org_id, name, status, self_assign, batch_size, phone_number_id, script, created_by, time_zone,
      open_from_min, open_until_min, number_mode)
    VALUES (${f.orgId}, 'Bench ${n}', 'draft', 1, ${batch}, ${f.numberId}, 'Hi {first_name}, this is {texter_first_name}. Will you vote?',
      ${f.ownerId}, 'UTC', 0, 1440, 'dedicated');
    SELECT LAST_INSERT_ID();`));
  for (let done = 0; done < n; done += 500000) {
    const k = Math.min(500000, n - done);
    sql(`INSERT INTO conversations (campaign_id, phone, first_name, last_name)
      SELECT ${id}, CONCAT('+1', ${area}, LPAD(${done} + seq, 7, '0')), CONCAT('C', ${done} + seq), 'Bench' FROM seq_1_to_${k};`);
  }
  sql(`UPDATE campaigns SET contact_count = ${n} WHERE id = ${id}`);
  return id;
}

const launchFixture = (id) => sql(`UPDATE campaigns SET status = 'active' WHERE id = ${id}`);

// Waits (up to two minutes) until the assigner role has planned the
// campaign's batches (sql/013), as it has a moment after a real launch;
// the seconds it took.
async function planned(campaignId) {
  const t0 = Date.now();
  while (Date.now() - t0 < 120000) {
    const row = sql(`SELECT plan_done FROM assign_cursors WHERE campaign_id = ${campaignId}`)[0];
    if (row && row[0] === '1') break;
    await sleep(100);
  }
  return (Date.now() - t0) / 1000;
}

// n texters of the org, on the campaign, each with a live session: [{id, cookie, csrf}].
function fixtureTexters(f, campaignId, n, tag) {
  const people = Array.from({ length: n }, (_, i) => {
    const token = randomBytes(32).toString('base64url');
    return { i, token, csrf: randomBytes(32).toString('base64url'), hash: createHash('sha256').update(token).digest('hex') };
  });
  for (let s = 0; s < n; s += 2000) {
    const part = people.slice(s, s + 2000);
    sql(`INSERT INTO users (email, name, password_hash) VALUES ${part.map((p) => `('t${p.i}-${tag}@bench.test', 'Texter ${p.i}', 'x')`).join(',')}`);
  }
  const ids = new Map(sql(`SELECT email, id FROM users WHERE email LIKE '%-${tag}@bench.test' AND email LIKE 't%'`).map(([e, id]) => [e, Number(id)]));
  for (const p of people) p.id = ids.get(`t${p.i}-${tag}@bench.test`);
  for (let s = 0; s < n; s += 2000) {
    const part = people.slice(s, s + 2000);
    sql(`INSERT INTO memberships (org_id, user_id, role) VALUES ${part.map((p) => `(${f.orgId}, ${p.id}, 'texter')`).join(',')};
      INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ${part.map((p) => `('${p.hash}', ${p.id}, '${p.csrf}', UTC_TIMESTAMP() + INTERVAL 1 DAY)`).join(',')};
      INSERT INTO campaign_texters (campaign_id, user_id) VALUES ${part.map((p) => `(${campaignId}, ${p.id})`).join(',')};`);
  }
  return people.map((p) => ({ id: p.id, cookie: `ll_session=${p.token}`, csrf: p.csrf }));
}

// A live session for the organization's owner: {cookie, csrf}.
function ownerSession(f) {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  sql(`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)
    VALUES ('${createHash('sha256').update(token).digest('hex')}', ${f.ownerId}, '${csrf}', UTC_TIMESTAMP() + INTERVAL 1 DAY)`);
  return { cookie: `ll_session=${token}`, csrf };
}

// Gives each of the texters its own run of perTexter conversations from
// the campaign's first id on; answers that first id.
function assignRuns(campaignId, texters, perTexter) {
  const first = Number(one(`SELECT MIN(id) FROM conversations WHERE campaign_id = ${campaignId}`));
  for (let i = 0; i < texters.length; i += 16) {
    sql(Array.from({ length: Math.min(16, texters.length - i) }, (_, j) => `UPDATE conversations SET assignee_id = ${texters[i + j].id}
      WHERE campaign_id = ${campaignId} AND id >= ${first + (i + j) * perTexter} AND id < ${first + (i + j + 1) * perTexter};`).join('\n'));
  }
  return first;
}

// wrk -t2 -cconns for duration through nginx: texters taking turns, each
// clicking through its own run of conversations (assignRuns) in order, one
// click out at a time as in the messenger. {rps, p50, p99, p99ms, bad, total}.
function wrkSends(f, texters, first, perTexter, duration, conns) {
  const THREADS = 2;
  const lua = join(env.STATE_DIR, 'send.lua');
  writeFileSync(lua, `
local texters = {
${texters.map((t, i) => `  { cookie = "${t.cookie}", csrf = "${t.csrf}", next = ${first + i * perTexter} },`).join('\n')}
}
local n = 0
function setup(thread)
  thread:set("k", n)
  n = n + 1
end
function init(args)
  mine = {}
  for j = 1 + k, #texters, ${THREADS} do mine[#mine + 1] = texters[j] end
  turn = 0
  wrk.method = "POST"
  wrk.body = "{}"
end
function request()
  turn = turn % #mine + 1
  local t = mine[turn]
  local path = "/api/v1/orgs/${f.orgId}/conversations/" .. t.next .. "/initial"
  t.next = t.next + 1
  return wrk.format(nil, path, { ["Content-Type"] = "application/json",
    ["Cookie"] = t.cookie, ["X-CSRF-Token"] = t.csrf })
end
`, { mode: 0o600 });
  const out = execFileSync('wrk', [`-t${THREADS}`, `-c${conns}`, `-d${duration}`, '--latency', '-s', lua, BASE.origin], { encoding: 'utf8' });
  const p99 = /^\s+99%\s+(\S+)/m.exec(out)[1];
  return {
    rps: Number(/Requests\/sec:\s+([0-9.]+)/.exec(out)[1]),
    p50: /^\s+50%\s+(\S+)/m.exec(out)[1],
    p99,
    p99ms: /ms$/.test(p99) ? Number(p99.slice(0, -2)) : /us$/.test(p99) ? Number(p99.slice(0, -2)) / 1000 : Number(p99.slice(0, -1)) * 1000,
    bad: Number((/Non-2xx or 3xx responses:\s+(\d+)/.exec(out) || [0, 0])[1]),
    total: Number(/(\d+) requests in/.exec(out)[1]),
  };
}

// ---------------------------------------------------------------- helpers

// A lean HTTP/1.1 client for the self-assign load: one kept-alive socket
// per simulated texter loop, requests written as prepared bytes and answers
// parsed no further than status and Content-Length. node:http costs several
// times as much CPU per request, and the load generator shares the two cores
// with the stack it measures.
class Conn {
  constructor() {
    this.sock = null;
    this.buf = Buffer.alloc(0);
    this.waiter = null;
  }

  open() {
    return new Promise((resolve, reject) => {
      this.sock = net.connect({ host: BASE.hostname, port: Number(BASE.port) }, resolve);
      this.sock.setNoDelay(true);
      this.sock.on('error', (e) => { if (this.waiter) this.waiter.reject(e); else reject(e); });
      this.sock.on('data', (d) => { this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d; this.parse(); });
    });
  }

  parse() {
    if (!this.waiter) return;
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buf.subarray(0, end).toString('latin1');
    const m = /\r\ncontent-length: *(\d+)/i.exec(head);
    const len = m ? Number(m[1]) : 0;
    if (this.buf.length < end + 4 + len) return;
    const body = this.buf.subarray(end + 4, end + 4 + len).toString('utf8');
    this.buf = this.buf.subarray(end + 4 + len);
    const w = this.waiter;
    this.waiter = null;
    w.resolve({ status: Number(head.slice(9, 12)), body, ms: Number(process.hrtime.bigint() - w.started) / 1e6 });
  }

  request(bytes) {
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject, started: process.hrtime.bigint() };
      this.sock.write(bytes);
    });
  }

  close() { this.sock.end(); }
}

function postBytes(path, who) {
  return Buffer.from(`POST ${path} HTTP/1.1\r\nHost: ${BASE.host}\r\nContent-Type: application/json\r\n`
    + `Content-Length: 2\r\nCookie: ${who.cookie}\r\nX-CSRF-Token: ${who.csrf}\r\n\r\n{}`, 'latin1');
}

// n kept-alive connections to nginx.
function openConns(n) {
  return Promise.all(Array.from({ length: n }, async () => { const c = new Conn(); await c.open(); return c; }));
}

function getBytes(path, who) {
  return Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${BASE.host}\r\nCookie: ${who.cookie}\r\n\r\n`, 'latin1');
}

// Every texter opens the messenger (its page load asks GET /api/v1/me), as
// a texter about to press "Request conversations" has: 32 at a time.
async function openMessengers(texters) {
  const conns = await openConns(32);
  let next = 0;
  await Promise.all(conns.map(async (conn) => {
    while (next < texters.length) {
      const who = texters[next++];
      const r = await conn.request(getBytes('/api/v1/me', who));
      if (r.status !== 200) throw new Error(`GET /api/v1/me for texter ${who.id}: ${r.status}`);
    }
  }));
  for (const c of conns) c.close();
}

function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '–');

async function simJson(path, options) {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await fetch(SIM + path, options);
      return await r.json();
    } catch (e) {
      if (attempt === 3) throw e;
      await sleep(500);
    }
  }
}

// Waits (up to a minute) for MariaDB to write out what the set-up dirtied,
// so the measurement is not of the set-up's own disk writes.
async function settle() {
  for (let i = 0; i < 120; i++) {
    const [[dirty, total]] = sql(`SELECT (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_PAGES_DIRTY'),
      (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_PAGES_TOTAL')`);
    if (Number(dirty) < Number(total) / 200) return;
    await sleep(500);
  }
}

// ---------------------------------------------------------------- anchors

const anchorFile = (name) => join(env.STATE_DIR, `anchor-${name}.json`);
// An anchor measured earlier in this run, or null.
function anchor(name) {
  return existsSync(anchorFile(name)) ? JSON.parse(readFileSync(anchorFile(name), 'utf8')) : null;
}

// Runs a SQL script through one mariadb client: resolves with its output.
function sqlAsync(text) {
  return new Promise((resolve, reject) => {
    const p = spawn('mariadb', ['--no-defaults', `--socket=${join(env.STATE_DIR, 'mysql.sock')}`, '-uroot', 'launchline', '-N', '-B'],
      { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`mariadb exited ${code}`))));
    p.stdin.end(text);
  });
}

async function anchorSend() {
  const CONNS = Number(env.ANCHOR_CONNS || 32);
  const PER = Number(env.ANCHOR_PER || 2000);
  const tag = randomBytes(4).toString('hex');
  const f = fixtureOrg(tag, 1); // one a minute: the sender leaves them be
  const campaignId = fixtureCampaign(f, CONNS * PER, 300, 302);
  const texters = fixtureTexters(f, campaignId, CONNS, tag);
  assignRuns(campaignId, texters, PER);
  launchFixture(campaignId);
  const rows = sql(`SELECT id, phone, first_name FROM conversations WHERE campaign_id = ${campaignId} ORDER BY id`);
  const scripts = texters.map((t, i) => rows.slice(i * PER, (i + 1) * PER)
    .map(([id, phone, name]) => `CALL queue_message(1, ${id}, ${t.id}, 'Hi ${name}, this is Texter ${i}. Will you vote?', '${f.e164}', '${phone}', ${campaignId}, ${t.id});`)
    .join('\n'));
  await settle();
  const t0 = process.hrtime.bigint();
  await Promise.all(scripts.map((text) => sqlAsync(text)));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const made = Number(one(`SELECT COUNT(*) FROM messages WHERE campaign_id = ${campaignId}`));
  const perS = made / s;
  // Out of the sender's way for the parts after this one.
  sql(`UPDATE messages SET status = 'failed', error = 'bench anchor' WHERE campaign_id = ${campaignId} AND status = 'queued'`);
  writeFileSync(anchorFile('send'), JSON.stringify({ per_s: perS, calls: made, conns: CONNS }));
  return `## Anchor: the send transaction, database only

- ${made.toLocaleString('en-US')} CALL queue_message from ${CONNS} mariadb clients at once (each its own texter's ${PER.toLocaleString('en-US')} conversations; no HTTP, worker or rules): ${s.toFixed(1)} s, **${perS.toFixed(0)} sends/s**: the ceiling the texter sends below are a share of${made === CONNS * PER ? '' : ` (**${CONNS * PER - made} calls wrote nothing**)`}
`;
}

async function anchorClaim() {
  const N = Number(env.ANCHOR_CLAIMS || 200);
  const BATCH = 300;
  const tag = randomBytes(4).toString('hex');
  const f = fixtureOrg(tag);
  const campaignId = fixtureCampaign(f, N * BATCH, BATCH, 303);
  launchFixture(campaignId);
  const texters = fixtureTexters(f, campaignId, N, tag);
  await planned(campaignId);
  await settle();
  const script = ['CREATE TEMPORARY TABLE anchor_t (n INT, us BIGINT);']
    .concat(texters.map((t, i) => `SET @t = NOW(6); CALL claim_group(${f.orgId}, ${campaignId}, '[${t.id}]', 0, 10);
      INSERT INTO anchor_t VALUES (${i}, TIMESTAMPDIFF(MICROSECOND, @t, NOW(6)));`))
    .concat(["SELECT 'T', us FROM anchor_t ORDER BY n;"]).join('\n');
  const out = await sqlAsync(script);
  const us = out.split('\n').filter((l) => l.startsWith('T\t')).map((l) => Number(l.split('\t')[1])).sort((a, b) => a - b);
  const claimed = Number(one(`SELECT COUNT(*) FROM assign_claims WHERE campaign_id = ${campaignId}`));
  const p50 = pct(us, 50) / 1000;
  const p99 = pct(us, 99) / 1000;
  writeFileSync(anchorFile('claim'), JSON.stringify({ p50_ms: p50, p99_ms: p99, claims: us.length }));
  return `## Anchor: one claim on an idle database

- ${us.length} claims one after the other (CALL claim_group for one texter, batches of ${BATCH}, the campaign planned), timed in the server: **p50 ${p50.toFixed(2)} ms**, p99 ${p99.toFixed(2)} ms; ${claimed} batches recorded: the unit the self-assign latencies below are multiples of
`;
}

// "x (r× anchor)" for a figure against an anchor (null: not measured).
const times = (v, a) => (a ? `${(v / a).toFixed(0)}×` : 'no anchor');

// ---------------------------------------------------------------- self assign

async function selfAssign() {
  const N = Number(env.SELF_ASSIGN_CONTACTS || 1000000);
  const BATCH = Number(env.SELF_ASSIGN_BATCH || 300);
  const CLIENTS = Number(env.SELF_ASSIGN_CLIENTS || 200);
  const tag = randomBytes(4).toString('hex');
  const t0 = Date.now();
  const f = fixtureOrg(tag);
  const campaignId = fixtureCampaign(f, N, BATCH, 201);
  // Every 97th contact opted out: batches step over them.
  sql(`UPDATE conversations SET opted_out = 1 WHERE campaign_id = ${campaignId} AND MOD(id, 97) = 0`);
  const optedOut = Number(one(`SELECT COUNT(*) FROM conversations WHERE campaign_id = ${campaignId} AND opted_out = 1`));
  launchFixture(campaignId);
  const batches = Math.ceil((N - optedOut) / BATCH);
  const texters = fixtureTexters(f, campaignId, batches + CLIENTS, tag);
  const planS = await planned(campaignId);
  const plannedBatches = Number(one(`SELECT COUNT(*) FROM assign_plan WHERE campaign_id = ${campaignId}`));
  await settle();
  const setupS = (Date.now() - t0) / 1000;
  await openMessengers(texters);
  console.error(`self assign: set up in ${setupS.toFixed(0)} s; requesting`);

  const path = `/api/v1/orgs/${f.orgId}/campaigns/${campaignId}/assignments/request`;
  const taken = []; // {ms, at (order), claimed, texter}
  const none = [];
  const errors = [];
  let next = 0;
  let order = 0;
  let exhausted = false;
  const started = Date.now();
  const conns = await openConns(CLIENTS);
  const requests = texters.map((who) => postBytes(path, who));
  await Promise.all(conns.map(async (conn) => {
    while (!exhausted && next < texters.length) {
      const i = next++;
      const who = texters[i];
      const r = await conn.request(requests[i]);
      if (r.status === 201) taken.push({ ms: r.ms, order: order++, claimed: JSON.parse(r.body).claimed, texter: who.id });
      else if (r.status === 409 && r.body.includes('no_more_conversations')) { none.push(r.ms); exhausted = true; }
      else errors.push(`${r.status} ${r.body.slice(0, 200)}`);
    }
  }));
  const wallS = (Date.now() - started) / 1000;
  console.error(`self assign: ${taken.length} batches in ${wallS.toFixed(1)} s; checking`);
  // Those still in flight when the end was seen: a few more "none" answers.
  for (let i = 0; i < Math.min(CLIENTS, texters.length - next); i++) {
    const r = await conns[0].request(requests[next + i]);
    if (r.status === 409) none.push(r.ms); else errors.push(`${r.status} ${r.body.slice(0, 200)}`);
  }
  for (const c of conns) c.close();

  // The assigner role sets the batches; wait for it and check.
  const applyStart = Date.now();
  for (;;) {
    if (Number(one(`SELECT COUNT(*) FROM assign_claims WHERE campaign_id = ${campaignId} AND applied_at IS NULL`)) === 0) break;
    if (Date.now() - applyStart > 600000) throw new Error('the assigner did not finish in 10 minutes');
    await sleep(250);
  }
  const applyLagS = Number(one(`SELECT TIMESTAMPDIFF(MICROSECOND, MIN(created_at), MAX(applied_at)) / 1e6 FROM assign_claims WHERE campaign_id = ${campaignId}`));
  const held = new Map(sql(`SELECT assignee_id, COUNT(*) FROM conversations WHERE campaign_id = ${campaignId} AND assignee_id IS NOT NULL GROUP BY assignee_id`)
    .map(([u, n]) => [Number(u), Number(n)]));
  let mismatched = 0;
  for (const t of taken) if (held.get(t.texter) !== t.claimed) mismatched++;
  const told = taken.reduce((a, t) => a + t.claimed, 0);
  const unassignedLeft = Number(one(`SELECT COUNT(*) FROM conversations WHERE campaign_id = ${campaignId} AND assignee_id IS NULL AND opted_out = 0`));
  const optedHanded = Number(one(`SELECT COUNT(*) FROM conversations WHERE campaign_id = ${campaignId} AND assignee_id IS NOT NULL AND opted_out = 1`));
  const holders = held.size;

  const lat = taken.map((t) => t.ms).sort((a, b) => a - b);
  const byTenth = [];
  for (let k = 0; k < 10; k++) {
    const part = taken.filter((t) => t.order >= (k * taken.length) / 10 && t.order < ((k + 1) * taken.length) / 10)
      .map((t) => t.ms).sort((a, b) => a - b);
    byTenth.push(`${ms(pct(part, 50))} / ${ms(pct(part, 99))}`);
  }
  const noneSorted = none.sort((a, b) => a - b);
  const p99 = pct(lat, 99);
  const claim = anchor('claim');
  const ok = mismatched === 0 && told === N - optedOut && unassignedLeft === 0 && optedHanded === 0 && errors.length === 0;
  return `## Self assign

- campaign: ${N.toLocaleString('en-US')} conversations (${optedOut.toLocaleString('en-US')} opted out), batches of ${BATCH}; ${CLIENTS} texters requesting at once through nginx, each request from a texter with nothing left to send and the messenger open, until the campaign was worked through (set-up ${setupS.toFixed(0)} s; the assigner role had planned ${plannedBatches.toLocaleString('en-US')} batches ${planS.toFixed(1)} s after the launch, sql/013)
- ${taken.length} batches taken in ${wallS.toFixed(1)} s (${(taken.length / wallS).toFixed(0)} requests/s), ${none.length} "No more conversations available" answers, ${errors.length} errors${errors.length ? ` (first: ${errors[0]})` : ''}

| requests | n | p50 | p90 | p99 | max |
| --- | ---: | ---: | ---: | ---: | ---: |
| took a batch | ${lat.length} | ${ms(pct(lat, 50))} | ${ms(pct(lat, 90))} | ${ms(p99)} | ${ms(lat[lat.length - 1])} |
| none left | ${noneSorted.length} | ${ms(pct(noneSorted, 50))} | ${ms(pct(noneSorted, 90))} | ${ms(pct(noneSorted, 99))} | ${ms(noneSorted[noneSorted.length - 1])} |

p50 / p99 per tenth of the campaign, first to last (flat = the cost does not grow as it is worked through): ${byTenth.join(' · ')}

Checked in the database: ${told.toLocaleString('en-US')} conversations told to ${taken.length} texters, ${holders} texters hold some, ${mismatched} hold other than what they were told, ${unassignedLeft} not opted out left Unassigned, ${optedHanded} opted out handed out: **${ok ? 'no conversation twice, none lost' : 'FAILED'}**. The assigner role set the last batch ${applyLagS.toFixed(1)} s after the first was taken.

Against the anchor (one idle claim, p50 ${claim ? `${claim.p50_ms.toFixed(2)} ms` : 'not measured'}): p50 ${times(pct(lat, 50), claim && claim.p50_ms)}, p99 ${times(p99, claim && claim.p50_ms)}. Target, p99 at most ${CLAIM_TARGET}× one idle claim: **${claim ? (p99 <= CLAIM_TARGET * claim.p50_ms ? 'met' : 'NOT met') : 'no anchor'}**; the reference machine's absolute target, p99 at most 100 ms: ${p99 <= 100 ? 'met' : 'NOT met'} (p99 ${ms(p99)}).
`;
}

// ---------------------------------------------------------------- sends

async function sends() {
  const DURATION = env.SEND_DURATION || '10s';
  const CONNS = Number(env.SEND_CONNS || 32);
  const THREADS = 2;
  // Each texter clicks, waits for the answer, then clicks again, as the
  // messenger allows: twice as many texters as connections, taken in turn,
  // so a texter's next click goes out only after 2 x CONNS others.
  const TEXTERS = Number(env.SEND_TEXTERS || CONNS * 2);
  const PER_TEXTER = Number(env.SEND_PER_TEXTER || 5000);
  const tag = randomBytes(4).toString('hex');
  // Its use case allows ten million a minute: this measures the send path
  // and the sender, not the pacing (the pacing part does).
  const f = fixtureOrg(tag, 10000000);
  const campaignId = fixtureCampaign(f, TEXTERS * PER_TEXTER, 300, 301);
  const texters = fixtureTexters(f, campaignId, TEXTERS, tag);
  const first = assignRuns(campaignId, texters, PER_TEXTER);
  launchFixture(campaignId);
  await simJson('/_sim/options', { method: 'PUT', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message_webhooks: env.SEND_WEBHOOKS === '1' }) });
  const before = await simJson('/_sim/messages');

  const w = wrkSends(f, texters, first, PER_TEXTER, DURATION, CONNS);
  const { rps, p50, p99, bad, total } = w;
  const stop = Date.now();
  const queued = () => Number(one(`SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE c.campaign_id = ${campaignId} AND m.status IN ('queued', 'sending')`));
  const leftAtStop = queued();
  let drainS = 0;
  for (;;) {
    if (queued() === 0) { drainS = (Date.now() - stop) / 1000; break; }
    if (Date.now() - stop > 600000) { drainS = NaN; break; }
    await sleep(200);
  }
  const made = Number(one(`SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.campaign_id = ${campaignId}`));
  const sent = Number(one(`SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE c.campaign_id = ${campaignId} AND m.status IN ('sent', 'delivered')`));
  const window = Number(one(`SELECT TIMESTAMPDIFF(MICROSECOND, MIN(m.created_at), MAX(m.status_at)) / 1e6 FROM messages m
    JOIN conversations c ON c.id = m.conversation_id WHERE c.campaign_id = ${campaignId}`));
  const after = await simJson('/_sim/messages');
  const created = after.created - before.created;
  const met = rps >= 2000 && w.p99ms <= 50;
  const ceiling = anchor('send');
  const share = ceiling ? rps / ceiling.per_s : null;
  return `## Texter sends

- wrk -t${THREADS} -c${CONNS} -d${DURATION} through nginx, ${TEXTERS} texters taking turns: each request one texter's click on the next conversation of their own (POST /conversations/{id}/initial: session, gates, render, one transaction); the sender role delivering to the simulator at the same time${env.SEND_WEBHOOKS === '1' ? ', the simulator sending both status webhooks per message back' : ' (the simulator\'s status webhooks off, so this measures the send path and the sender; SEND_WEBHOOKS=1 adds two webhooks a message through the same workers)'}

| sends | sends/s | p50 | p99 | non-2xx |
| ---: | ---: | ---: | ---: | ---: |
| ${total} | ${rps.toFixed(0)} | ${p50} | ${p99} | ${bad} |

- the sender: ${leftAtStop} messages still queued when the load stopped, the queue empty ${drainS.toFixed(1)} s later; ${sent} of ${made} messages sent (${(sent / window).toFixed(0)} messages/s from the first click to the last provider answer); the simulator created ${created} messages (${after.duplicated.length} references twice)

Against the anchor (the send transaction alone, ${ceiling ? `${ceiling.per_s.toFixed(0)}/s` : 'not measured'}): **${share === null ? 'no anchor' : share.toFixed(2)}** of the database's ceiling. Target, at least ${SEND_TARGET} of it: **${share === null ? 'no anchor' : (share >= SEND_TARGET ? 'met' : 'NOT met')}**; the reference machine's absolute targets, 2,000 sends/s with p99 at most 50 ms: ${met ? 'met' : 'NOT met'}; the sender keeping up: **${leftAtStop <= rps * 2 && sent === made ? 'yes' : 'no'}** (at most two seconds of sends waiting when the load stops, everything sent).
`;
}

// ---------------------------------------------------------------- pacing

// The POSTs /messages the simulator received from a number, oldest first:
// their times (ms).
async function postsFrom(e164) {
  const { calls } = await simJson('/_sim/calls?method=POST&path=/messages');
  return calls.filter((c) => c.status === 200 && c.body && c.body.from === e164).map((c) => Date.parse(c.at)).sort((a, b) => a - b);
}

// The most POSTs in any window of windowMs.
function busiest(times, windowMs) {
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j] - times[i] >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

async function pacing() {
  const N = Number(env.PACING_N || 10000);
  const RATE = Number(env.PACING_PER_MINUTE || 600);
  const CONNS = Number(env.SEND_CONNS || 32);
  const TEXTERS = CONNS * 2;
  const DURATION = env.SEND_DURATION || '10s';
  const perTexter = Math.ceil(N / TEXTERS);
  const tag = randomBytes(4).toString('hex');
  // Campaign A: N initial messages on a use case paced at RATE a minute.
  const fa = fixtureOrg(tag, RATE);
  const campaignA = fixtureCampaign(fa, TEXTERS * perTexter, 300, 401);
  const textersA = fixtureTexters(fa, campaignA, TEXTERS, `${tag}a`);
  const firstA = assignRuns(campaignA, textersA, perTexter);
  launchFixture(campaignA);
  // Campaign B: other texters sending while A drains, on a use case of the
  // default pace (sender_use_case_per_minute): their messages queue too.
  const fb = fixtureOrg(`${tag}b`);
  const campaignB = fixtureCampaign(fb, TEXTERS * 2000, 300, 402);
  const textersB = fixtureTexters(fb, campaignB, TEXTERS, `${tag}b`);
  const firstB = assignRuns(campaignB, textersB, 2000);
  launchFixture(campaignB);
  const owner = ownerSession(fa);
  await simJson('/_sim/options', { method: 'PUT', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message_webhooks: false }) });
  await fetch(`${SIM}/_sim/calls`, { method: 'DELETE' });
  await settle();
  console.error(`pacing: queueing ${N} initial messages at ${RATE}/min`);

  // 1. The N clicks through nginx, CONNS at a time, each texter with one
  //    click out at a time.
  const conns = await openConns(CONNS);
  const lat = [];
  const errors = [];
  let next = 0;
  const t0 = Date.now();
  await Promise.all(conns.map(async (conn) => {
    while (next < N) {
      const i = next++;
      const k = i % TEXTERS;
      const r = await conn.request(postBytes(`/api/v1/orgs/${fa.orgId}/conversations/${firstA + k * perTexter + Math.floor(i / TEXTERS)}/initial`, textersA[k]));
      if (r.status === 201) lat.push(r.ms); else errors.push(`${r.status} ${r.body.slice(0, 200)}`);
    }
  }));
  const queueS = (Date.now() - t0) / 1000;
  const view = await conns[0].request(getBytes(`/api/v1/orgs/${fa.orgId}/campaigns/${campaignA}`, owner));
  for (const c of conns) c.close();
  const queue = view.status === 200 ? JSON.parse(view.body).queue : null;
  lat.sort((a, b) => a - b);

  // 2. While A drains: B's texters at full speed for DURATION.
  await sleep(5000);
  console.error(`pacing: texters sending on another campaign for ${DURATION} while it drains`);
  const w = wrkSends(fb, textersB, firstB, 2000, DURATION, CONNS);

  // 3. Until A has drained (at the simulator), with room for lateness.
  const expectS = (N / RATE) * 60;
  const deadline = t0 + (expectS * 1.5 + 120) * 1000;
  const waiting = () => Number(one(`SELECT COUNT(*) FROM messages WHERE campaign_id = ${campaignA} AND status IN ('queued', 'sending')`));
  let left;
  while ((left = waiting()) > 0 && Date.now() < deadline) await sleep(5000);
  const times = await postsFrom(fa.e164);
  const spanS = times.length > 1 ? (times[times.length - 1] - times[0]) / 1000 : NaN;
  const perMinute = ((times.length - 1) / spanS) * 60;
  const minute = busiest(times, 60000);
  const second = busiest(times, 1000);
  const sent = Number(one(`SELECT COUNT(*) FROM messages WHERE campaign_id = ${campaignA} AND status IN ('sent', 'delivered')`));
  const rateMet = Math.abs(perMinute - RATE) <= RATE * 0.05 && times.length === N && sent === N;
  const p99q = pct(lat, 99);
  const latencyMet = p99q <= 50 && w.p99ms <= 50 && errors.length === 0 && w.bad === 0;
  return `## Pacing

- campaign A: ${N.toLocaleString('en-US')} initial messages, its use case paced at ${RATE} a minute (use_cases.messages_per_minute); ${TEXTERS} texters clicking through nginx, ${CONNS} at a time, each with one click out at a time: queued in ${queueS.toFixed(1)} s, **p50 ${ms(pct(lat, 50))}, p99 ${ms(p99q)}**, ${errors.length} errors${errors.length ? ` (first: ${errors[0]})` : ''}
- right after, GET campaign A said: ${queue ? `${queue.waiting.toLocaleString('en-US')} waiting, all sent in ${queue.drain_seconds} s at ${queue.per_minute} a minute` : `HTTP ${view.status}`} (the ideal: ${Math.round(expectS)} s)
- while it drained: campaign B's texters (another use case, at sender_use_case_per_minute) with wrk -t2 -c${CONNS} -d${DURATION}: ${w.total} sends, ${w.rps.toFixed(0)}/s, **p50 ${w.p50}, p99 ${w.p99}**, ${w.bad} non-2xx
- at the simulator: ${times.length.toLocaleString('en-US')} POSTs from A's number over ${spanS.toFixed(1)} s: **${perMinute.toFixed(1)} a minute** (target ${RATE} ±5%); the busiest minute ${minute}, the busiest second ${second}; ${sent.toLocaleString('en-US')} of ${N.toLocaleString('en-US')} sent${left > 0 ? `, ${left} still waiting at the deadline` : ''}

Targets, A drains at ${RATE}/min ±5% measured at the simulator: **${rateMet ? 'met' : 'NOT met'}**; the texters' sends at p99 ≤ 50 ms meanwhile: **${latencyMet ? 'met' : 'NOT met'}**.
`;
}

const parts = { 'anchor-send': anchorSend, 'anchor-claim': anchorClaim, 'self-assign': selfAssign, sends, pacing };
const what = process.argv[2];
const text = parts[what] ? await parts[what]() : null;
if (text === null) {
  console.error(`usage: node tests/bench/texting.mjs ${Object.keys(parts).join('|')}`);
  process.exit(2);
}
process.stdout.write(text);
