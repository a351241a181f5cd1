// Direct SQL on the test stack's MariaDB (root over its socket), for the
// few fixtures no API of this branch can make yet: a conversation's
// reply status (texting), an organization's opt-outs. Never for checks
// an API answer could make.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

function stateDir() {
  const s = process.env.STATE_DIR;
  if (!s) throw new Error('STATE_DIR is not set: make test sets it');
  return s;
}

// Runs SQL; answers the rows as arrays of strings (tab-separated output).
export function sql(query) {
  const out = execFileSync('mariadb', ['--no-defaults', `--socket=${join(stateDir(), 'mysql.sock')}`, '-uroot',
    'launchline', '-N', '-B', '-e', query], { encoding: 'utf8', timeout: 30000 });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}
