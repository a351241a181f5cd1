// The stack's environment (set by tests/stack/ for `make test`) and the
// operator CLI, which makes fresh users and organizations so that tests
// never change the shared seed accounts.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { configPath, launchlineBin } from '../../api/lib/env.js';

// The stack's variables are read in one place, shared with the API tests.
export { baseUrl, seed } from '../../api/lib/env.js';

// A short unique lower-case tag, safe in emails and organization names.
export function uniq(label = 'e2e') {
  return `${label}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function newPassword() {
  return `pw-${randomBytes(12).toString('base64url')}`;
}

// `launchline admin VERB --config CONFIG ARGS...`; input goes to stdin.
function admin(verb, args, input = '') {
  try {
    return execFileSync(launchlineBin(), ['admin', verb, '--config', configPath(), ...args], {
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 30000,
    });
  } catch (e) {
    throw new Error(`launchline admin ${verb} ${args.join(' ')} failed (status ${e.status}): ${e.stderr || e.message}`);
  }
}

export function createOrg(name) {
  admin('create-org', [name]);
  return name;
}

// The password is read from stdin, never passed in argv.
export function createUser(email, name, password) {
  admin('create-user', [email, name], `${password}\n`);
  return { email, name, password };
}

export function setRole(email, orgName, role) {
  admin('set-role', [email, orgName, role]);
}

// A fresh user with memberships: freshUser('ada', [['Demo Org', 'texter']]).
export function freshUser(label, memberships = []) {
  const tag = uniq(label);
  const user = createUser(`${tag}@e2e.test`, `E2E ${tag}`, newPassword());
  for (const [org, role] of memberships) setRole(user.email, org, role);
  return user;
}
