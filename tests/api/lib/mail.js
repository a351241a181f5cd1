// The mail sink (tests/mail-sink/sink.py): what arrived (its JSON listing and
// the raw .eml files), its failure injection, and a real MIME parser for the
// messages (Python's email package, through lib/parse_eml.py).
//
// The sink is shared by the whole run. Fault rules name the recipients they
// apply to (a regex over RCPT TO), and every test mails fresh users, so rules
// of one test never touch another's mail; only sinkDown() affects everyone
// (their mail is late, never lost: the mailers retry).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seed } from './env.js';
import { waitFor } from './sim.js';

const PARSER = fileURLToPath(new URL('./parse_eml.py', import.meta.url));

export function mailUrl() {
  const url = process.env.MAIL_URL || seed().mail_url;
  if (!url) throw new Error('MAIL_URL is not set: the email tests need the mail sink (make test sets it)');
  return url.replace(/\/+$/, '');
}

async function sink(method, path, json) {
  const res = await fetch(mailUrl() + path, {
    method,
    headers: json === undefined ? {} : { 'Content-Type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `mail sink ${method} ${path} answered ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// Messages whose envelope has `addr` among its recipients, oldest first:
// [{id, subject, message_id, mail_from, rcpt_tos, auth_user, received_at, answered_at, url, ...}].
export async function messagesTo(addr) {
  return (await sink('GET', `/messages?to=${encodeURIComponent(addr)}`)).messages;
}

// Waits until at least n messages reached addr; answers them all.
export async function waitForMessages(addr, n = 1, { timeoutMs = 30000 } = {}) {
  return waitFor(`${n} message(s) to ${addr}`, async () => {
    const got = await messagesTo(addr);
    return { done: got.length >= n, value: got };
  }, { timeoutMs, intervalMs: 200 });
}

// The raw bytes of a listed message.
export async function rawMessage(m) {
  const res = await fetch(mailUrl() + m.url, { signal: AbortSignal.timeout(10000) });
  assert.equal(res.status, 200, `GET ${m.url}`);
  return Buffer.from(await res.arrayBuffer());
}

// What Python's email package makes of raw bytes (see parse_eml.py).
export function parseEml(raw) {
  return JSON.parse(execFileSync('/usr/bin/python3', [PARSER], { input: raw, maxBuffer: 16 << 20 }).toString('utf8'));
}

// A listed message, fetched and parsed.
export async function parsed(m) {
  return parseEml(await rawMessage(m));
}

// Failure injection (see the top of sink.py). Answers the rule with its id.
export const addFault = (rule) => sink('POST', '/faults', rule);
export const removeFault = (id) => sink('DELETE', `/faults/${id}`).catch(() => null);
export const faults = async () => (await sink('GET', '/faults')).faults;
// No SMTP listener for ms milliseconds (connections refused).
export const sinkDown = (ms) => sink('POST', '/down', { ms });
export const sinkState = () => sink('GET', '/state');

// A regex matching exactly this address (for a rule's rcpt).
export function only(addr) {
  return `^${addr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}
