// STARTTLS: what each smtp_starttls setting does against a relay that
// offers STARTTLS, requires it, or has none, through real SMTP sessions of
// the real mailer role with libesmtp.
//
// The stack's own mailers have one setting, so each case runs a mailer of
// its own (lib/own-mailer.js: `launchline serve` with one mailer, over a
// database of its own) against a sink of its own (lib/own-sink.js) whose
// STARTTLS is switched between cases. That sink's certificate is the
// stack's throwaway one, trusted through smtp_ca_file. The sink logs every
// session's commands and whether each came inside TLS (never their
// arguments), so "nothing was sent in clear" is checked, not assumed.
// Cases run one after another: one mailer and one sink mode at a time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ownDatabase, startMailer, queueEmail, emailRow, waitForRow, smtpAuth } from './lib/own-mailer.js';
import { startSink, certFile } from './lib/own-sink.js';

let db;
let sink;
let mailer;

before(async () => {
  const auth = smtpAuth();
  sink = await startSink({ authUser: auth.user, authPasswordFile: auth.passwordFile });
  db = ownDatabase('tls');
});

after(async () => {
  await mailer?.stop();
  await sink?.stop();
  db?.drop();
});

// One case: the sink in sinkMode, a mailer with these settings.
async function mailerWith(sinkMode, overrides) {
  await mailer?.stop();
  mailer = null;
  assert.equal((await sink.starttls(sinkMode)).starttls, sinkMode);
  await sink.clearSessions();
  mailer = await startMailer(db, { smtp_host: '127.0.0.1', smtp_port: sink.smtpPort, smtp_ca_file: certFile(), ...overrides });
  return mailer;
}

const verbs = (cmds) => cmds.map((c) => c.verb);
const inClear = (s) => verbs(s.commands.filter((c) => !c.tls));
const inTls = (s) => verbs(s.commands.filter((c) => c.tls));

// Exactly one message reached `to`; answers it.
async function oneMessage(to) {
  const got = await sink.messagesTo(to);
  assert.equal(got.length, 1, `one message to ${to}, got ${got.length}`);
  return got[0];
}

test('required, the relay offers STARTTLS: delivered inside TLS, nothing but EHLO and STARTTLS in clear', async () => {
  await mailerWith('offer', { smtp_starttls: 'required' });
  const email = queueEmail(db, 'req-tls');
  const row = await waitForRow(db, email.id);
  assert.equal(row.status, 'sent', `sent: ${row.last_error}`);
  assert.equal(row.attempts, 1);
  assert.equal(row.last_error, null);
  const m = await oneMessage(email.to);
  assert.match(m.tls?.version || '', /^TLSv1\.2$/, 'the sink saw the message inside TLS');
  assert.equal(m.auth_user, smtpAuth().user, 'and AUTH, inside TLS');
  const [s] = await sink.sessions();
  assert.deepEqual(inClear(s), ['EHLO', 'STARTTLS']);
  for (const v of ['EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA']) assert.ok(inTls(s).includes(v), `${v} inside TLS: ${inTls(s)}`);
  assert.match(mailer.log(), new RegExp(`"email ${email.id} \\(number_complete\\) sent, attempt 1, TLSv1\\.2"`));
  const password = readFileSync(smtpAuth().passwordFile, 'utf8').trim();
  assert.ok(!mailer.log().includes(password), 'the SMTP password is never logged');
});

test('required, the relay has no STARTTLS: nothing sent in clear, retried with the reason, delivered once it offers TLS', async () => {
  await mailerWith('off', { smtp_starttls: 'required' });
  const email = queueEmail(db, 'req-plain');
  const first = await waitForRow(db, email.id, (r) => r.attempts >= 1 && r.status === 'queued' && r.last_error !== null);
  assert.match(first.last_error, /^The mail server 127\.0\.0\.1:[0-9]+ does not offer STARTTLS, which smtp_starttls = required demands; nothing was sent\.$/);
  assert.equal((await sink.messagesTo(email.to)).length, 0);
  const plain = await sink.sessions();
  assert.ok(plain.length >= 1, 'the mailer did connect');
  for (const s of plain) {
    assert.equal(s.tls, null);
    assert.deepEqual(verbs(s.commands).filter((v) => v !== 'QUIT'), ['EHLO'], `only EHLO (and QUIT) in clear: ${verbs(s.commands)}`);
  }
  // The relay gets its TLS back before the retry: the same email goes, once.
  await sink.starttls('offer');
  const row = await waitForRow(db, email.id);
  assert.equal(row.status, 'sent', `sent at the retry: ${row.last_error}`);
  assert.equal(row.attempts, 2);
  assert.equal(row.last_error, null);
  assert.ok((await oneMessage(email.to)).tls, 'inside TLS');
});

test('required, the relay never offers STARTTLS: failed after the last attempt with the reason, the row kept', async () => {
  await mailerWith('off', { smtp_starttls: 'required' });
  const email = queueEmail(db, 'req-never');
  const row = await waitForRow(db, email.id);
  assert.equal(row.status, 'failed');
  assert.equal(row.attempts, 2, 'mail_max_attempts (2) sessions');
  assert.match(row.last_error, /does not offer STARTTLS, which smtp_starttls = required demands; nothing was sent\. \(gave up after 2 attempts\)$/);
  assert.equal((await sink.messagesTo(email.to)).length, 0);
  for (const s of await sink.sessions()) assert.ok(!verbs(s.commands).some((v) => ['AUTH', 'MAIL', 'RCPT', 'DATA'].includes(v)), `nothing past EHLO: ${verbs(s.commands)}`);
});

test('when_offered, the relay offers STARTTLS: delivered inside TLS', async () => {
  await mailerWith('offer', { smtp_starttls: 'when_offered' });
  const email = queueEmail(db, 'wo-tls');
  const row = await waitForRow(db, email.id);
  assert.equal(row.status, 'sent', `sent: ${row.last_error}`);
  assert.ok((await oneMessage(email.to)).tls, 'inside TLS');
  const [s] = await sink.sessions();
  assert.deepEqual(inClear(s), ['EHLO', 'STARTTLS']);
});

test('when_offered, the relay has no STARTTLS: delivered in clear', async () => {
  await mailerWith('off', { smtp_starttls: 'when_offered' });
  const email = queueEmail(db, 'wo-plain');
  const row = await waitForRow(db, email.id);
  assert.equal(row.status, 'sent', `sent: ${row.last_error}`);
  assert.equal(row.attempts, 1);
  assert.equal((await oneMessage(email.to)).tls, null, 'in clear');
  const [s] = await sink.sessions();
  assert.equal(s.tls, null);
  assert.ok(!verbs(s.commands).includes('STARTTLS'));
});

test('when_offered, a certificate the mailer does not trust: no fallback to clear text, retried with the reason', async () => {
  // No smtp_ca_file: the system's CAs, which do not know the sink's certificate.
  await mailerWith('offer', { smtp_starttls: 'when_offered', smtp_ca_file: null });
  const email = queueEmail(db, 'wo-untrusted');
  const row = await waitForRow(db, email.id, (r) => r.last_error !== null || r.status === 'sent');
  assert.match(row.last_error, /^STARTTLS with the mail server 127\.0\.0\.1:[0-9]+: its certificate was refused \(self-signed certificate\); nothing was sent\./);
  assert.notEqual(row.status, 'sent');
  assert.equal((await sink.messagesTo(email.to)).length, 0);
  for (const s of await sink.sessions()) {
    assert.deepEqual(inClear(s), ['EHLO', 'STARTTLS'], 'no second try in clear');
    assert.ok(!inTls(s).some((v) => ['AUTH', 'MAIL', 'RCPT', 'DATA'].includes(v)), `nothing past the handshake: ${verbs(s.commands)}`);
  }
  await waitForRow(db, email.id);
  assert.equal(emailRow(db, email.id).status, 'failed');
});

test('required, a trusted certificate for another name: refused (the mailer checks smtp_host)', async () => {
  // The certificate names 127.0.0.1 only; "localhost" reaches the same sink.
  await mailerWith('offer', { smtp_starttls: 'required', smtp_host: 'localhost' });
  const email = queueEmail(db, 'req-name');
  const row = await waitForRow(db, email.id, (r) => r.last_error !== null || r.status === 'sent');
  assert.match(row.last_error, /^STARTTLS with the mail server localhost:[0-9]+: its certificate was refused \(hostname mismatch\); nothing was sent\./);
  assert.equal((await sink.messagesTo(email.to)).length, 0);
  await waitForRow(db, email.id);
});

test('off, the relay offers STARTTLS: delivered in clear, STARTTLS never sent', async () => {
  await mailerWith('offer', { smtp_starttls: 'off' });
  const email = queueEmail(db, 'off-offer');
  const row = await waitForRow(db, email.id);
  assert.equal(row.status, 'sent', `sent: ${row.last_error}`);
  assert.equal((await oneMessage(email.to)).tls, null, 'in clear');
  const [s] = await sink.sessions();
  assert.ok(!verbs(s.commands).includes('STARTTLS'), `no STARTTLS: ${verbs(s.commands)}`);
  assert.ok(s.commands.every((c) => !c.tls));
});

test('off, the relay requires STARTTLS: the 530 is final, never an upgrade', async () => {
  await mailerWith('require', { smtp_starttls: 'off' });
  const email = queueEmail(db, 'off-require');
  const row = await waitForRow(db, email.id);
  assert.equal(row.status, 'failed');
  assert.equal(row.attempts, 1, 'a 5xx is final at once');
  assert.match(row.last_error, /^530 .*STARTTLS/);
  assert.equal((await sink.messagesTo(email.to)).length, 0);
  for (const s of await sink.sessions()) assert.ok(!verbs(s.commands).includes('STARTTLS'));
});

test('the sink refuses STARTTLS modes it cannot serve and names the bad one', async () => {
  const r = await sink.call('POST', '/starttls', { mode: 'sometimes' });
  assert.equal(r.status, 400);
  assert.match(r.body.error, /off, offer, require/);
  assert.equal((await sink.state()).starttls, 'require', 'unchanged');
});
