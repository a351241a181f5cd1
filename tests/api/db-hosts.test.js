// db_hosts (fcgi/data/db.c db_connect): a host tries its database
// endpoints in order and uses the first that answers and is ready. Each
// test runs `launchline admin create-org` with a copy of the stack's
// config whose db_hosts is the test's, then checks the org was stored.
// The dead-endpoint test runs on every stack; the one with a node cut off
// from its cluster (gmcast.isolate) only on the cluster stack
// (`make test-cluster`: STATE_DIR/node3 exists), on node 3, which no host
// of that stack uses first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { configPath, launchlineBin } from './lib/env.js';
import { lit, sqlValue } from './lib/db.js';

const state = process.env.STATE_DIR;
const node3 = state && join(state, 'node3', 'mysql.sock');

// A copy of the stack's config with db_hosts = hosts (no db_socket).
function configWith(hosts) {
  const dir = mkdtempSync(join(state, 'db-hosts-'));
  const text = readFileSync(configPath(), 'utf8').split('\n')
    .filter((l) => !/^\s*db_(socket|host|hosts|port)\s*=/.test(l)).join('\n');
  const file = join(dir, 'launchline.conf');
  writeFileSync(file, `${text}\ndb_hosts = ${hosts}\n`, { mode: 0o600 });
  return { dir, file };
}

function createOrg(file, name) {
  return spawnSync(launchlineBin(), ['admin', 'create-org', name, '--config', file], {
    encoding: 'utf8', timeout: 60000,
  });
}

const orgCount = (name) => Number(sqlValue(`SELECT COUNT(*) FROM orgs WHERE name = ${lit(name)}`));

test('an endpoint that does not answer is skipped: the next one in db_hosts is used', () => {
  const { dir, file } = configWith(`${join(state, 'no-such-node.sock')}, ${join(state, 'mysql.sock')}`);
  try {
    const name = `db-hosts dead first ${Date.now()}`;
    const r = createOrg(file, name);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /database connect failed/);
    assert.equal(orgCount(name), 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad db_hosts stops start-up naming the key', () => {
  const { dir, file } = configWith('db1:0');
  try {
    const r = createOrg(file, 'never');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /db_hosts/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// root over node 3's own socket.
function node3Sql(text) {
  return execFileSync('mariadb', ['--no-defaults', `--socket=${node3}`, '-uroot', '-N', '-B', '-e', text],
    { encoding: 'utf8', timeout: 30000 }).trim();
}
const node3Status = (name) => node3Sql(`SHOW GLOBAL STATUS LIKE '${name}'`).split('\t')[1];

async function until(what, fn, seconds) {
  for (let i = 0; i < seconds * 10; i++) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: not within ${seconds} s`);
}

test('a node cut off from the cluster (non-Primary) is left for the next in db_hosts',
  { skip: !(node3 && existsSync(node3)) && 'not the cluster stack (make test-cluster)' }, async () => {
    const { dir, file } = configWith(`${node3}, ${join(state, 'mysql.sock')}`);
    try {
      node3Sql("SET GLOBAL wsrep_provider_options = 'gmcast.isolate=1'");
      await until('node 3 leaving the Primary component', () => node3Status('wsrep_cluster_status') !== 'Primary', 30);
      const name = `db-hosts isolated first ${Date.now()}`;
      const r = createOrg(file, name);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /is not ready \(wsrep_ready [A-Z]+, cluster status non-Primary\): trying the next/);
      assert.equal(orgCount(name), 1);
    } finally {
      node3Sql("SET GLOBAL wsrep_provider_options = 'gmcast.isolate=0'");
      rmSync(dir, { recursive: true, force: true });
      await until('node 3 back and Synced', () => node3Status('wsrep_local_state_comment') === 'Synced', 60);
    }
  });
