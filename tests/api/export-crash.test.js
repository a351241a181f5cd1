// An exporter that dies mid-file (SIGKILL): the master starts a new one,
// which claims the export again once its lease (export_lease_s, 4 s in
// test) runs out, clears what the dead one wrote and writes the file
// from the start. The export completes once, with one file: every row
// once, its chunks in one unbroken run.
//
// SIGKILLs every ll-exporter: no other test file may be exporting then
// (only this one kills exporters; the others' exports just wait longer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { freshOrg } from './lib/admin.js';
import { sql } from './lib/db.js';
import { children, masterPid } from './lib/procs.js';
import { waitFor } from './lib/sim.js';
import { org, campaignFixture, sqlTexters } from './lib/texting.js';

const N = 200000;

test('an exporter killed mid-file: the export is written again from the start, once', async () => {
  const o = freshOrg('export-crash');
  const [admin] = sqlTexters(o.id, 1, 'admin');
  const c = campaignFixture(o.id, o.owner.id, { contacts: N });
  const start = await admin.client.post(`${org(o.id)}/exports`, { kind: 'conversations', campaign_id: c.id });
  assert.equal(start.status, 202, start.text);
  const id = start.body.id;
  const get = async () => (await admin.client.get(`${org(o.id)}/exports/${id}`)).body;

  // Mid-file: some rows and a chunk written, not all.
  const mid = await waitFor(`export ${id} part-way`, async () => {
    const x = await get();
    const chunks = Number(sql(`SELECT COUNT(*) FROM export_chunks WHERE export_id = ${id}`)[0][0]);
    return { done: x.status === 'done' || (x.status === 'running' && x.rows_done > 0 && chunks > 0), value: { ...x, chunks } };
  }, { timeoutMs: 60000, intervalMs: 20 });
  assert.equal(mid.status, 'running', `the export ended before it could be interrupted: ${JSON.stringify(mid)}`);
  const master = masterPid();
  const victims = children(master, 'll-exporter');
  assert.equal(victims.length, 1, 'one exporter runs');
  process.kill(victims[0], 'SIGKILL');
  await waitFor('the master to start a new exporter', async () => {
    const now = children(master, 'll-exporter');
    return { done: now.length === 1 && now[0] !== victims[0], value: now };
  }, { timeoutMs: 10000, intervalMs: 100 });

  const x = await waitFor(`export ${id} done`, async () => {
    const g = await get();
    return { done: g.status === 'done' || g.status === 'failed', value: g };
  }, { timeoutMs: 120000, intervalMs: 250 });
  assert.equal(x.status, 'done', JSON.stringify(x));
  assert.equal(x.rows_done, N);
  const [[attempts, chunks]] = sql(`SELECT attempts, chunks FROM exports WHERE id = ${id}`);
  assert.equal(Number(attempts), 2, 'claimed again once');
  const seqs = sql(`SELECT seq FROM export_chunks WHERE export_id = ${id} ORDER BY seq`).map(([s]) => Number(s));
  assert.deepEqual(seqs, [...Array(Number(chunks)).keys()], 'one run of chunks, none left from the dead exporter');

  const res = await admin.client.get(x.download_url, { timeoutMs: 60000 });
  assert.equal(res.status, 200);
  assert.equal(Buffer.byteLength(res.text), x.bytes);
  const rows = parse(res.text, { columns: true });
  assert.equal(rows.length, N);
  assert.equal(new Set(rows.map((r) => r.id)).size, N, 'every row once');
  assert.deepEqual([Number(rows[0].id), Number(rows[N - 1].id)], [c.conversations[0].id, c.conversations[N - 1].id]);
});
