// A mailer of a test's own, for tests that need the mailer configured
// otherwise than the stack's (smtp_starttls, smtp_ca_file, smtp_host):
// `launchline serve` with one mailer role (and the one API worker a pool
// must have, on a socket nobody uses), over a database of its own in the
// stack's MariaDB. So it touches no other test's emails, and the stack's
// mailers never touch its.
//
//   const db = await ownDatabase('tls');     // created, migrated, an org
//   const m = await startMailer(db, { smtp_port: 1025, smtp_starttls: 'required' });
//   const email = queueEmail(db, 'ada');     // an outbox row, as db_number_finish writes it
//   await m.stop();  db.drop();
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { config, configPath, launchlineBin } from './env.js';
import { records, sql, lit } from './db.js';
import { uniq, newPassword } from './admin.js';
import { recordInStack } from './procs.js';
import { waitFor } from './sim.js';

// The stack's configuration with keys replaced (a value of null drops it).
function configText(overrides) {
  const kept = readFileSync(configPath(), 'utf8').split('\n').filter((raw) => {
    const m = /^\s*([A-Za-z0-9_]+)\s*=/.exec(raw);
    return !(m && m[1] in overrides);
  });
  for (const [k, v] of Object.entries(overrides)) if (v !== null && v !== undefined) kept.push(`${k} = ${v}`);
  return `${kept.join('\n')}\n`;
}

function cli(conf, args, input = '') {
  try {
    return execFileSync(launchlineBin(), [args[0], '--config', conf, ...args.slice(1)],
      { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60000 });
  } catch (e) {
    throw new Error(`launchline ${args.join(' ')} failed (status ${e.status}): ${e.stderr || e.message}`);
  }
}

// A fresh database named launchline_<label>_<pid>, migrated, with one
// organization and use case; answers {name, dir, conf, orgId, orgName, useCaseId, drop()}.
export function ownDatabase(label) {
  const name = `launchline_${label}_${process.pid}`;
  const dir = mkdtempSync(join(process.env.STATE_DIR, `own-${label}-`));
  sql(`DROP DATABASE IF EXISTS ${name};
       CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
       GRANT ALL PRIVILEGES ON ${name}.* TO 'launchline'@'localhost';`);
  const conf = join(dir, 'admin.conf');
  writeFileSync(conf, configText({ db_name: name }));
  cli(conf, ['migrate']);
  const orgName = `Org ${uniq(label)}`;
  cli(conf, ['admin', 'create-org', orgName]);
  cli(conf, ['admin', 'create-use-case', orgName, 'Own use case', `C${uniq('uc').replace(/[^a-z0-9]/g, '').slice(-12).toUpperCase()}`]);
  const [org] = records(`SELECT o.id AS org_id, u.id AS uc_id FROM ${name}.orgs o JOIN ${name}.use_cases u ON u.org_id = o.id`);
  return {
    name, dir, conf, orgName, orgId: Number(org.org_id), useCaseId: Number(org.uc_id),
    drop() {
      sql(`DROP DATABASE IF EXISTS ${name};`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let numbers = 0;
// A user of the database's organization who asked for a number that just
// completed: the outbox row db_number_finish writes. Answers {id, to}.
export function queueEmail(db, label) {
  const to = `${uniq(label)}@tls.test`;
  cli(db.conf, ['admin', 'create-user', to, `Person ${label}`], `${newPassword()}\n`);
  cli(db.conf, ['admin', 'set-role', to, db.orgName, 'owner']);
  numbers += 1;
  const phone = `+1415${String(process.pid % 1000).padStart(3, '0')}${String(numbers).padStart(4, '0')}`;
  const [row] = records(`
    SELECT id INTO @user FROM ${db.name}.users WHERE email = ${lit(to)};
    INSERT INTO ${db.name}.phone_numbers (org_id, use_case_id, kind, name, area_codes, phone_number,
                                          provisioning_status, step, initiated_by, completed_at)
      VALUES (${db.orgId}, ${db.useCaseId}, 'dedicated', 'TLS line', '415', '${phone}',
              'complete', 'done', @user, UTC_TIMESTAMP());
    SET @number = LAST_INSERT_ID();
    INSERT INTO ${db.name}.email_outbox (org_id, dedupe_key, user_id, kind, number_id)
      VALUES (${db.orgId}, CONCAT('number:', @number, ':complete'), @user, 'number_complete', @number);
    SELECT LAST_INSERT_ID() AS id;`);
  return { id: Number(row.id), to };
}

// The outbox row, as stored.
export function emailRow(db, id) {
  const [row] = records(`SELECT id, status, attempts, last_error, lease_owner, sent_at
                         FROM ${db.name}.email_outbox WHERE id = ${Number(id)}`);
  return row ? { ...row, attempts: Number(row.attempts) } : null;
}

// Waits until the row satisfies `until` (default: sent or failed).
export function waitForRow(db, id, until = (r) => r.status === 'sent' || r.status === 'failed', timeoutMs = 30000) {
  return waitFor(`email ${id} of ${db.name}`, async () => {
    const row = emailRow(db, id);
    return { done: Boolean(row && until(row)), value: row };
  }, { timeoutMs, intervalMs: 100 });
}

// Starts `launchline serve` over db with one mailer and these config
// overrides; answers {pid, log(), stop()} once the mailer says it started.
export async function startMailer(db, overrides) {
  const dir = mkdtempSync(join(db.dir, 'serve-'));
  const conf = join(dir, 'launchline.conf');
  const logFile = join(dir, 'launchline.log');
  writeFileSync(conf, configText({
    socket: join(dir, 'fcgi.sock'), pid_file: join(dir, 'launchline.pid'),
    workers: 1, provisioners: 0, mailers: 1, senders: 0, assigners: 0, db_name: db.name,
    mail_retry_first_s: 2, mail_retry_cap_s: 2, mail_max_attempts: 2,
    ...overrides,
  }));
  const child = spawn(launchlineBin(), ['serve', '--config', conf], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  recordInStack('own-mailer', child.pid);
  let log = '';
  const keep = (chunk) => { log += chunk.toString('utf8'); writeFileSync(logFile, log); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await waitFor('the own mailer to start', async () => {
    if (child.exitCode !== null) throw new Error(`launchline serve exited ${child.exitCode}: ${log}`);
    return { done: log.includes('mailer started'), value: true };
  }, { timeoutMs: 15000, intervalMs: 50 });
  return {
    pid: child.pid,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

// The stack's SMTP AUTH user and password, for a sink that wants the same.
export function smtpAuth() {
  const c = config();
  return { user: c.smtp_user, passwordFile: c.smtp_password_file };
}
