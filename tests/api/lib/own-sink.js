// A mail sink of a test's own (tests/mail-sink/sink.py), with the stack's
// throwaway certificate (STATE_DIR/mail-tls, made by tests/stack/up.sh) so
// it can offer or require STARTTLS, switched while it runs. Its ports sit
// beside the stack's: base+3 for its web side, base-54 for SMTP (base: the
// port of BASE_URL; see tests/stack/lib.sh).
//
//   const s = await startSink({ authUser, authPasswordFile });
//   await s.starttls('offer');  await s.messagesTo(addr);  await s.sessions();
//   await s.stop();
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseUrl } from './env.js';
import { recordInStack } from './procs.js';
import { waitFor } from './sim.js';

const SINK = fileURLToPath(new URL('../../mail-sink/sink.py', import.meta.url));

export function certFile() {
  return join(process.env.STATE_DIR, 'mail-tls', 'cert.pem');
}

export async function startSink({ authUser, authPasswordFile, starttls = 'off' }) {
  const base = Number(new URL(baseUrl()).port);
  const smtpPort = base - 54;
  const url = `http://127.0.0.1:${base + 3}`;
  const dir = mkdtempSync(join(process.env.STATE_DIR, 'own-sink-'));
  const tls = join(process.env.STATE_DIR, 'mail-tls');
  const child = spawn('/usr/bin/python3', [SINK, '--smtp-port', String(smtpPort), '--http-port', String(base + 3),
    '--dir', join(dir, 'mail'), '--auth-user', authUser, '--auth-password-file', authPasswordFile,
    '--tls-cert', join(tls, 'cert.pem'), '--tls-key', join(tls, 'key.pem'), '--starttls', starttls],
  { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  recordInStack('own-sink', child.pid);
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk.toString('utf8'); });
  const exited = new Promise((resolve) => child.once('exit', resolve));

  async function call(method, path, json) {
    const res = await fetch(url + path, {
      method,
      headers: json === undefined ? {} : { 'Content-Type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
      signal: AbortSignal.timeout(10000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
  async function ok(method, path, json) {
    const r = await call(method, path, json);
    assert.ok(r.status < 300, `own sink ${method} ${path} answered ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  await waitFor('the own mail sink', async () => {
    if (child.exitCode !== null) throw new Error(`the sink exited ${child.exitCode}: ${log}`);
    try {
      return { done: (await call('GET', '/state')).status === 200, value: log };
    } catch {
      return { done: false, value: log };
    }
  }, { timeoutMs: 10000, intervalMs: 100 });

  return {
    smtpPort,
    call,
    log: () => log,
    starttls: (mode) => ok('POST', '/starttls', { mode }),
    state: () => ok('GET', '/state'),
    messagesTo: async (addr) => (await ok('GET', `/messages?to=${encodeURIComponent(addr)}`)).messages,
    sessions: async () => (await ok('GET', '/sessions')).sessions,
    clearSessions: () => ok('DELETE', '/sessions'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
