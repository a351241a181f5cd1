// Conversation counts benchmark (run by tests/stack/bench.sh against the
// bench stack). Prints a Markdown section.
//
//   node tests/bench/counts.mjs
//     A campaign of COUNTS_N (1,000,000) conversations: 40% Unassigned, the
//     rest among 50 texters, four statuses, 1% opted out. First the count
//     itself in the database (the GROUP BY every poll used to run, as
//     db_counts' COUNTS_LIVE does), a few times: what a poll cost before
//     the snapshot. Then COUNTS_VIEWERS (20) pages polling at once, with no
//     pause, GET campaigns/{id} and GET campaigns/{id}/assignments in turn
//     for COUNTS_SECONDS (10): polls/s, p50, p99, and how old the counts
//     they were answered were (counts_at) while the assigner role counted
//     again in the background.
//
// env: BASE_URL, STATE_DIR (the bench stack).
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';

const env = process.env;
const BASE = new URL(env.BASE_URL);
const N = Number(env.COUNTS_N || 1000000);
const VIEWERS = Number(env.COUNTS_VIEWERS || 20);
const SECONDS = Number(env.COUNTS_SECONDS || 10);

function sql(text) {
  const out = execFileSync('mariadb', ['--no-defaults', `--socket=${join(env.STATE_DIR, 'mysql.sock')}`, '-uroot', 'launchline', '-N', '-B'],
    { input: text, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.split('\n').filter(Boolean).map((l) => l.split('\t'));
}

// An organization, its owner with a live session, 50 texters and the campaign.
function fixture(tag) {
  const token = randomBytes(32).toString('base64url');
  const hash = createHash('sha256').update(token).digest('hex');
  const [orgId, campaignId, t0] = sql(`
    INSERT INTO orgs (name) VALUES ('Counts ${tag}'); SET @org = LAST_INSERT_ID();
    INSERT INTO users (email, name, password_hash) VALUES ('owner-${tag}@bench.test', 'Counts Owner', 'x'); SET @owner = LAST_INSERT_ID();
    INSERT INTO memberships (org_id, user_id, role) VALUES (@org, @owner, 'owner');
    INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ('${hash}', @owner, 'x', UTC_TIMESTAMP() + INTERVAL 1 DAY);
    INSERT INTO campaigns (org_id, name, status, self_assign, script, created_by, time_zone, open_from_min, open_until_min)
      VALUES (@org, 'Counts ${N}', 'active', 1, 'Hi', @owner, 'UTC', 0, 1440);
    SET @c = LAST_INSERT_ID();
    INSERT INTO users (email, name, password_hash) SELECT CONCAT('t', seq, '-${tag}@bench.test'), CONCAT('Texter ', seq), 'x' FROM seq_1_to_50;
    INSERT INTO memberships (org_id, user_id, role) SELECT @org, id, 'texter' FROM users WHERE email LIKE '%-${tag}@bench.test' AND email LIKE 't%';
    INSERT INTO campaign_texters (campaign_id, user_id) SELECT @c, user_id FROM memberships WHERE org_id = @org AND role = 'texter';
    SELECT MIN(user_id) INTO @t0 FROM memberships WHERE org_id = @org AND role = 'texter';
    SELECT @org, @c, @t0;`)[0].map(Number);
  for (let done = 0; done < N; done += 250000) {
    const k = Math.min(250000, N - done);
    sql(`INSERT INTO conversations (campaign_id, phone, first_name, last_name, assignee_id, status, opted_out)
      SELECT ${campaignId}, CONCAT('+1302', LPAD(${done} + seq, 7, '0')), 'C', 'Bench',
        IF(seq % 10 < 4, NULL, ${t0} + seq % 50),
        ELT(1 + (seq % 7 DIV 2), 'needs_message', 'messaged', 'needs_response', 'convo'), seq % 97 = 0
      FROM seq_1_to_${k};`);
  }
  sql(`UPDATE campaigns SET contact_count = ${N} WHERE id = ${campaignId}`);
  return { orgId, campaignId, cookie: `ll_session=${token}` };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function get(path, cookie) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request({ host: BASE.hostname, port: BASE.port, path, method: 'GET', agent, headers: { cookie } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body, ms: Number(process.hrtime.bigint() - started) / 1e6, at: Date.now() }));
    });
    req.on('error', reject);
    req.end();
  });
}

const pct = (s, p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
const ms = (v) => `${v.toFixed(1)} ms`;
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

async function main() {
  const tag = randomBytes(4).toString('hex');
  const f = fixture(tag);
  // The count every poll used to run, in the database alone.
  const live = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    sql(`SELECT COALESCE(assignee_id, 0), status, opted_out, COUNT(*) FROM conversations FORCE INDEX (conversations_assign)
      WHERE campaign_id = ${f.campaignId} GROUP BY assignee_id, status, opted_out`);
    live.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const paths = [`/api/v1/orgs/${f.orgId}/campaigns/${f.campaignId}`, `/api/v1/orgs/${f.orgId}/campaigns/${f.campaignId}/assignments`];
  const first = await get(paths[0], f.cookie); // no snapshot yet: this one counts
  if (first.status !== 200) throw new Error(`GET ${paths[0]}: ${first.status} ${first.body.slice(0, 200)}`);

  const lat = [];
  const ages = [];
  const seen = new Set();
  let bad = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: VIEWERS }, async (_, v) => {
    for (let i = v; Date.now() < end; i++) {
      const r = await get(paths[i % 2], f.cookie);
      if (r.status !== 200) { bad++; continue; }
      lat.push(r.ms);
      const at = JSON.parse(r.body).counts_at;
      if (at === undefined) continue; // a build before the snapshot
      seen.add(at);
      ages.push(r.at - Date.parse(at));
    }
  }));
  lat.sort((a, b) => a - b);
  ages.sort((a, b) => a - b);
  const took = sql(`SELECT took_ms FROM campaign_counts WHERE campaign_id = ${f.campaignId}`)[0]?.[0] ?? '–';
  const age = (p) => (ages.length ? `${(pct(ages, p) / 1000).toFixed(1)} s` : '–');
  console.log(`### Conversation counts (${N.toLocaleString('en-US')} conversations)

The count itself (one pass over the campaign's assignment index, the
database alone), which every poll of the campaign and texting pages ran
before: median **${ms(median(live))}** of 5 (${live.map((x) => x.toFixed(0)).join(', ')} ms).
The first poll, with no snapshot yet, counted: ${ms(first.ms)}.

${VIEWERS} page${VIEWERS === 1 ? "" : "s"} polling at once without pause for ${SECONDS} s, \`GET campaigns/{id}\`
and \`GET campaigns/{id}/assignments\` in turn: **${(lat.length / SECONDS).toFixed(0)} polls/s,
p50 ${ms(pct(lat, 50))}, p99 ${ms(pct(lat, 99))}**, ${bad} errors; the assigner role
counted ${seen.size} times meanwhile (last count ${took} ms); the counts answered were
p50 ${age(50)}, max ${age(100)} old (counts_at).
`);
  agent.destroy();
  if (bad > 0) process.exit(1);
}

main().catch((e) => { console.error(e); process.exit(1); });
