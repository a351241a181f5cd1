// Message review and export benchmark (issue 18; run by tests/stack/bench.sh
// against the bench stack). Prints a Markdown section.
//
//   node tests/bench/review.mjs
//     One campaign of REVIEW_N (1,000,000) conversations made in the
//     database: 40% Unassigned, the rest among 50 texters, four statuses,
//     1% opted out, 1% tagged, 0.5% escalated, two contact columns, one
//     survey question answered by 2% (1% each answer).
//   - The list: REVIEW_ORGANIZERS (20) organizers paging at once, without
//     pause, for REVIEW_SECONDS (10): each starts at a random point of the
//     campaign (the cursor is an id), reads up to 20 pages of 50 onward
//     with one filter (none, needs response, Unassigned, one texter, the
//     tag, escalated, a survey answer, or the whole organization), then
//     starts elsewhere.
//     Latency of each GET review/conversations: p50, p99 (target p99
//     <= 200 ms), pages/s, how many pages came back short or empty.
//   - The export, as an export job: POST exports {kind: conversations}
//     of the whole campaign, polled (GET exports/{id}, every 100 ms) until
//     done: wall time from the request to done, rows, bytes, chunks, and
//     the exporter's peak RSS (its VmHWM, reset through
//     /proc/PID/clear_refs just before). Targets: <= 30 s within 64 MB.
//     Then the stored file downloaded through nginx, read to its end:
//     time, bytes, rows, and the serving worker's peak RSS (every ll-api
//     worker's VmHWM reset just before; the largest after is the serving
//     worker's, the others sit idle).
//
// env: BASE_URL, STATE_DIR, LAUNCHLINE_CONFIG (the bench stack); REVIEW_N,
// REVIEW_ORGANIZERS, REVIEW_SECONDS.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { children, readProc } from '../api/lib/procs.js';

const env = process.env;
const BASE = new URL(env.BASE_URL);
const N = Number(env.REVIEW_N || 1000000);
const ORGANIZERS = Number(env.REVIEW_ORGANIZERS || 20);
const SECONDS = Number(env.REVIEW_SECONDS || 10);
const PAGES_PER_RUN = 20;
const LIMIT = 50;
const TARGET_P99_MS = 200;
const TARGET_EXPORT_S = 30;
const TARGET_EXPORT_MB = 64;

function sql(text) {
  const out = execFileSync('mariadb', ['--no-defaults', `--socket=${join(env.STATE_DIR, 'mysql.sock')}`, '-uroot', 'launchline', '-N', '-B'],
    { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.split('\n').filter(Boolean).map((l) => l.split('\t'));
}

// Every bench session's CSRF token (the admin's POST sends it).
const CSRF = randomBytes(32).toString('base64url');

// A session for a new user of `org` in `role`: its cookie.
function session(tag, i, role) {
  const token = randomBytes(32).toString('base64url');
  const hash = createHash('sha256').update(token).digest('hex');
  sql(`INSERT INTO users (email, name, password_hash) VALUES ('${role}${i}-${tag}@bench.test', 'Organizer ${i}', 'x');
    SET @u = LAST_INSERT_ID();
    INSERT INTO memberships (org_id, user_id, role) SELECT id, @u, '${role}' FROM orgs WHERE name = 'Review ${tag}';
    INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ('${hash}', @u, '${CSRF}', UTC_TIMESTAMP() + INTERVAL 1 DAY);`);
  return `ll_session=${token}`;
}

// The organization, its campaign of N conversations, 50 texters and a tag.
function fixture(tag) {
  const [orgId, campaignId, t0, tagId] = sql(`
    INSERT INTO orgs (name) VALUES ('Review ${tag}'); SET @org = LAST_INSERT_ID();
    INSERT INTO users (email, name, password_hash) VALUES ('maker-${tag}@bench.test', 'Maker', 'x'); SET @maker = LAST_INSERT_ID();
    INSERT INTO memberships (org_id, user_id, role) VALUES (@org, @maker, 'owner');
    INSERT INTO campaigns (org_id, name, status, self_assign, script, created_by, time_zone, open_from_min, open_until_min, contact_columns)
      VALUES (@org, 'Review ${N}', 'active', 1, 'Hi', @maker, 'UTC', 0, 1440, '["ward","precinct"]');
    SET @c = LAST_INSERT_ID();
    INSERT INTO users (email, name, password_hash) SELECT CONCAT('t', seq, '-${tag}@bench.test'), CONCAT('Texter ', seq), 'x' FROM seq_1_to_50;
    INSERT INTO memberships (org_id, user_id, role) SELECT @org, id, 'texter' FROM users WHERE email LIKE 't%-${tag}@bench.test';
    INSERT INTO campaign_texters (campaign_id, user_id) SELECT @c, user_id FROM memberships WHERE org_id = @org AND role = 'texter';
    SELECT MIN(user_id) INTO @t0 FROM memberships WHERE org_id = @org AND role = 'texter';
    INSERT INTO tags (org_id, name) VALUES (@org, 'wrong number');
    SELECT @org, @c, @t0, LAST_INSERT_ID();`)[0].map(Number);
  for (let done = 0; done < N; done += 250000) {
    const k = Math.min(250000, N - done);
    sql(`INSERT INTO conversations (campaign_id, phone, first_name, last_name, assignee_id, status, opted_out, escalated, fields, last_message_at)
      SELECT ${campaignId}, CONCAT('+1303', LPAD(${done} + seq, 7, '0')), CONCAT('Ada', seq), 'Bench, "quoted"',
        IF(seq % 10 < 4, NULL, ${t0} + seq % 50),
        ELT(1 + (seq % 7 DIV 2), 'needs_message', 'messaged', 'needs_response', 'convo'), seq % 97 = 0, seq % 200 = 7,
        JSON_OBJECT('ward', seq % 9 + 1, 'precinct', CONCAT('P-', seq % 1234)),
        IF(seq % 7 < 2, NULL, UTC_TIMESTAMP() - INTERVAL seq % 86400 SECOND)
      FROM seq_1_to_${k};`);
  }
  sql(`UPDATE campaigns SET contact_count = ${N} WHERE id = ${campaignId};
    INSERT INTO conversation_tags (conversation_id, tag_id)
      SELECT id, ${tagId} FROM conversations WHERE campaign_id = ${campaignId} AND id % 100 = 3;`);
  // A survey question whose two answers 1% of the contacts gave each.
  const [optionId] = sql(`INSERT INTO survey_questions (org_id, campaign_id, text) VALUES (${orgId}, ${campaignId}, 'Will you vote?');
    SET @q = LAST_INSERT_ID();
    INSERT INTO survey_options (question_id, label, reply) VALUES (@q, 'Yes', ''); SET @yes = LAST_INSERT_ID();
    INSERT INTO survey_options (question_id, label, reply) VALUES (@q, 'No', '');
    INSERT INTO survey_answers (conversation_id, question_id, option_id, campaign_id, answered_by, answered_at)
      SELECT id, @q, IF(id % 100 = 11, @yes, @yes + 1), ${campaignId}, ${t0}, UTC_TIMESTAMP(3)
      FROM conversations WHERE campaign_id = ${campaignId} AND id % 100 IN (11, 12);
    SELECT @yes;`)[0].map(Number);
  const [lo, hi] = sql(`SELECT MIN(id), MAX(id) FROM conversations WHERE campaign_id = ${campaignId}`)[0].map(Number);
  return { orgId, campaignId, t0, tagId, optionId, lo, hi };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

// GET path with the cookie: {status, body (unless counted), bytes, rows, ms}.
// count: the body is not kept, only its bytes and CRLF-ended records.
// json: POSTed instead (with the bench sessions' CSRF token).
function get(path, cookie, count = false, json = undefined) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const post = json !== undefined;
    const headers = post ? { cookie, 'content-type': 'application/json', 'x-csrf-token': CSRF } : { cookie };
    const req = http.request({ host: BASE.hostname, port: BASE.port, path, method: post ? 'POST' : 'GET', agent, headers }, (res) => {
      let body = '';
      let bytes = 0;
      let rows = 0;
      res.on('data', (d) => {
        bytes += d.length;
        if (count) {
          for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) rows++;
        } else body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode, body, bytes, rows, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on('error', reject);
    req.end(post ? JSON.stringify(json) : undefined);
  });
}

const pct = (s, p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
const ms = (v) => `${v.toFixed(1)} ms`;

function masterPid() {
  const conf = readFileSync(env.LAUNCHLINE_CONFIG, 'utf8');
  const m = /^pid_file\s*=\s*(.+)$/m.exec(conf);
  return Number(readFileSync(m ? m[1].trim() : join(env.STATE_DIR, 'launchline.pid'), 'utf8').trim());
}

function kb(pid, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readProc(pid, 'status') || '');
  return m ? Number(m[1]) : 0;
}

async function listPart(f, cookies) {
  const base = `/api/v1/orgs/${f.orgId}/review/conversations?limit=${LIMIT}`;
  const c = `&campaign_id=${f.campaignId}`;
  const filters = [
    ['none', c], ['needs response', `${c}&status=needs_response`], ['Unassigned', `${c}&texter=unassigned`],
    ['one texter (2%)', `${c}&texter=${f.t0 + 5}`], ['tag (1%)', `${c}&tag_id=${f.tagId}`], ['escalated (0.5%)', `${c}&escalated=true`],
    ['survey answer (1%)', `${c}&option_id=${f.optionId}`],
    ['whole organization', ''],
  ];
  // The anchor: one organizer alone, page after page with no filter, for
  // 2 s: what a page costs when nothing else runs beside it.
  const alone = [];
  for (let cursor = f.lo, until = Date.now() + 2000; Date.now() < until;) {
    const r = await get(`${base}${c}&cursor=${cursor}`, cookies[0]);
    if (r.status !== 200) throw new Error(`GET review/conversations: ${r.status} ${r.body.slice(0, 200)}`);
    alone.push(r.ms);
    cursor = JSON.parse(r.body).next_cursor || f.lo;
  }
  alone.sort((a, b) => a - b);
  const lat = [];
  const byFilter = new Map(filters.map(([name]) => [name, []]));
  let bad = 0;
  let short = 0;
  let empty = 0;
  let firstBad = '';
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(cookies.map(async (cookie, o) => {
    for (let run = 0; Date.now() < end; run++) {
      const [name, q] = filters[(o + run) % filters.length];
      let cursor = f.lo + Math.floor(Math.random() * (f.hi - f.lo));
      for (let p = 0; p < PAGES_PER_RUN && cursor && Date.now() < end; p++) {
        const r = await get(`${base}${q}&cursor=${cursor}`, cookie);
        if (r.status !== 200) {
          bad++;
          firstBad = firstBad || `${r.status} ${r.body.slice(0, 200)}`;
          break;
        }
        lat.push(r.ms);
        byFilter.get(name).push(r.ms);
        const page = JSON.parse(r.body);
        if (page.items.length === 0) empty++;
        else if (page.items.length < LIMIT) short++;
        cursor = page.next_cursor;
      }
    }
  }));
  lat.sort((a, b) => a - b);
  const rows = filters.map(([name]) => {
    const s = byFilter.get(name).sort((a, b) => a - b);
    return `| ${name} | ${s.length} | ${s.length ? ms(pct(s, 50)) : '–'} | ${s.length ? ms(pct(s, 99)) : '–'} |`;
  });
  const p99 = pct(lat, 99);
  const met = bad === 0 && p99 <= TARGET_P99_MS;
  return {
    met,
    failed: bad > 0,
    text: `One organizer alone (the anchor, no filter, ${alone.length} pages in 2 s): p50 ${ms(pct(alone, 50))}, p99 ${ms(pct(alone, 99))}.

${ORGANIZERS} organizers paging at once without pause for ${SECONDS} s (each from a random
point of the campaign, up to ${PAGES_PER_RUN} pages of ${LIMIT} onward, one filter a run): **${(lat.length / SECONDS).toFixed(0)}
pages/s, p50 ${ms(pct(lat, 50))}, p99 ${ms(p99)}**, ${bad} errors${firstBad ? ` (first: ${firstBad})` : ''}; ${short} pages short, ${empty} empty
(a window with fewer matches than the page). Target p99 <= ${TARGET_P99_MS} ms: **${met ? 'met' : 'NOT met'}**.

| filter | pages | p50 | p99 |
| --- | ---: | ---: | ---: |
${rows.join('\n')}
`,
  };
}

// Resets the VmHWM of pids; the largest VmRSS among them before.
function resetPeaks(pids) {
  for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, '5');
  return Math.max(...pids.map((pid) => kb(pid, 'VmRSS'))) / 1024;
}

async function exportPart(f, cookie) {
  const exporters = children(masterPid(), 'll-exporter');
  if (exporters.length !== 1) throw new Error(`${exporters.length} ll-exporter processes (one expected)`);
  const idle = resetPeaks(exporters);
  const base = `/api/v1/orgs/${f.orgId}/exports`;
  const started = process.hrtime.bigint();
  const s = await get(base, cookie, false, { kind: 'conversations', campaign_id: Number(f.campaignId) });
  if (s.status !== 202) throw new Error(`POST exports: ${s.status} ${s.body.slice(0, 200)}`);
  const id = JSON.parse(s.body).id;
  let x;
  let polls = 0;
  let firstProgress = null;
  for (;;) {
    const g = await get(`${base}/${id}`, cookie);
    if (g.status !== 200) throw new Error(`GET exports/${id}: ${g.status} ${g.body.slice(0, 200)}`);
    x = JSON.parse(g.body);
    polls++;
    if (firstProgress === null && x.rows_done > 0) firstProgress = Number(process.hrtime.bigint() - started) / 1e9;
    if (x.status === 'done' || x.status === 'failed' || Number(process.hrtime.bigint() - started) / 1e9 > 600) break;
    await new Promise((r) => { setTimeout(r, 100); });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peak = kb(exporters[0], 'VmHWM') / 1024;
  const [[chunks]] = sql(`SELECT chunks FROM exports WHERE id = ${id}`);

  const workers = children(masterPid(), 'll-api');
  const workersIdle = resetPeaks(workers);
  const r = x.status === 'done' ? await get(x.download_url, cookie, true) : { status: 0, ms: 0, bytes: 0, rows: 0 };
  const workerPeak = Math.max(...workers.map((pid) => kb(pid, 'VmHWM'))) / 1024;
  const ok = x.status === 'done' && x.rows_done === N && r.status === 200 && r.rows === N + 1 && r.bytes === x.bytes;
  const met = ok && seconds <= TARGET_EXPORT_S && peak <= TARGET_EXPORT_MB && workerPeak <= TARGET_EXPORT_MB;
  return {
    met,
    failed: !ok,
    text: `The campaign's conversations as an export job (POST exports, then GET exports/{id} every 100 ms): **${seconds.toFixed(1)} s**
from the request to done (${x.status}; first progress seen after ${firstProgress === null ? '–' : `${firstProgress.toFixed(1)} s`}, ${polls} polls),
${x.rows_done} rows (${x.rows_done === N ? 'all of them' : `NOT ${N}`}), ${(x.bytes / 1048576).toFixed(1)} MB in ${chunks} chunks, ${Math.round(x.rows_done / seconds)} rows/s;
the exporter's **peak RSS ${peak.toFixed(1)} MB** (${idle.toFixed(1)} MB idle before).
The stored file downloaded through nginx, read to its end: HTTP ${r.status}, ${(r.ms / 1000).toFixed(1)} s, ${(r.bytes / 1048576).toFixed(1)} MB,
${Math.max(0, r.rows - 1)} rows; the serving worker's peak RSS ${workerPeak.toFixed(1)} MB (idle workers: ${workersIdle.toFixed(1)} MB).
Targets, <= ${TARGET_EXPORT_S} s within ${TARGET_EXPORT_MB} MB (the exporter and the serving worker): **${met ? 'met' : 'NOT met'}**.
`,
  };
}

async function main() {
  const tag = randomBytes(4).toString('hex');
  const t = process.hrtime.bigint();
  const f = fixture(tag);
  const seeded = Number(process.hrtime.bigint() - t) / 1e9;
  const cookies = Array.from({ length: ORGANIZERS }, (_, i) => session(tag, i, 'supervisor'));
  const admin = session(tag, 0, 'admin');
  const list = await listPart(f, cookies);
  const exp = await exportPart(f, admin);
  console.log(`## Message review and exports (issue 18, ${N.toLocaleString('en-US')} conversations)

One campaign of ${N.toLocaleString('en-US')} conversations (made in the database in ${seeded.toFixed(0)} s: 40% Unassigned,
50 texters, four statuses, 1% opted out, 1% tagged, 0.5% escalated, two contact columns, a survey question
answered by 2%).

${list.text}
${exp.text}`);
  agent.destroy();
  // A missed target is a figure to report; errors make the figures void.
  if (list.failed || exp.failed) process.exitCode = 1;
}

main().catch((e) => { console.error(e); process.exit(1); });
