// Fresh users and organizations through `launchline admin …`, so tests never share state.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { launchlineBin, configPath } from './env.js';

let counter = 0;
// A short unique, lower-case tag: safe in emails and org names.
export function uniq(label = 't') {
  counter += 1;
  return `${label}-${process.pid.toString(36)}${Date.now().toString(36)}${counter}${randomBytes(2).toString('hex')}`.toLowerCase();
}

function cli(args, input) {
  try {
    return execFileSync(launchlineBin(), ['admin', ...args.slice(0, 1), '--config', configPath(), ...args.slice(1)], {
      input: input === undefined ? '' : input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 30000,
    });
  } catch (e) {
    throw new Error(`launchline admin ${args.join(' ')} failed (status ${e.status}): ${e.stderr || e.message}`);
  }
}

let deployment;
// This deployment's identity, as `launchline admin status` shows it: it is
// in every reference we leave at the provider (fcgi/refs.h).
export function deploymentId() {
  if (!deployment) {
    const m = /^deployment id: ([0-9a-f]{16})$/m.exec(cli(['status']));
    if (!m) throw new Error('launchline admin status shows no deployment id');
    deployment = m[1];
  }
  return deployment;
}

// Our customer_reference for number `id`'s order attempt, and the
// Idempotency-Key (and webhook ref) of message `id`.
export const numberRef = (id, attempt = 1) => `launchline-${deploymentId()}-number-${id}-${attempt}`;
export const messageRef = (id) => `launchline-${deploymentId()}-message-${id}`;

// `launchline admin ARGS...`: {status, stdout, stderr}, without throwing.
export function adminRun(args) {
  try {
    const stdout = execFileSync(launchlineBin(), ['admin', ...args.slice(0, 1), '--config', configPath(), ...args.slice(1)], {
      input: '', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60000,
    });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

function lastInteger(out, what) {
  const lines = out.trim().split('\n').map((l) => l.trim()).filter(Boolean);
  const last = lines[lines.length - 1];
  if (!/^[0-9]+$/.test(last || '')) throw new Error(`${what}: expected an id on stdout, got ${JSON.stringify(out)}`);
  return Number(last);
}

export function createOrg(name) {
  return lastInteger(cli(['create-org', name]), 'create-org');
}

export function createUser(email, name, password) {
  return lastInteger(cli(['create-user', email, name], `${password}\n`), 'create-user');
}

export function setRole(email, orgName, role) {
  cli(['set-role', email, orgName, role]);
}

export function newPassword() {
  return `pw-${randomBytes(12).toString('base64url')}`;
}

// A fresh user, optionally with memberships: freshUser('ada', [[orgName, 'owner']]).
export function freshUser(label = 'user', memberships = []) {
  const tag = uniq(label);
  const user = { email: `${tag}@api.test`, name: `User ${tag}`, password: newPassword() };
  user.id = createUser(user.email, user.name, user.password);
  for (const [orgName, role] of memberships) setRole(user.email, orgName, role);
  return user;
}

// A fresh organization with a fresh owner.
export function freshOrg(label = 'org') {
  const name = `Org ${uniq(label)}`;
  const id = createOrg(name);
  const owner = freshUser(`${label}-owner`, [[name, 'owner']]);
  return { id, name, owner };
}
