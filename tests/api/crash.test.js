// Crashes and timeouts between ordering a number and recording the order.
// The provisioner SIGKILLed with its order in flight: the master restarts it,
// the lease runs out, a provisioner takes the number over, finds the earlier
// order by its customer_reference instead of buying again, and the number
// completes. The provider answering slower than our timeout: the same, without
// a crash. Either way exactly one order reaches the simulator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshOrg } from './lib/admin.js';
import { loggedIn } from './lib/client.js';
import { configInt } from './lib/env.js';
import { children, masterPid } from './lib/procs.js';
import { ordersFor, setSimOptions, simCalls, simOptions, waitFor } from './lib/sim.js';
import { lockSimulator } from './lib/simlock.js';

let unlock;
let saved;
before(async () => {
  unlock = await lockSimulator('tests/api/crash.test.js');
  saved = await simOptions();
});
after(async () => {
  if (saved) await setSimOptions({ slow_ms: saved.slow_ms, slow_rate: saved.slow_rate, fault_paths: saved.fault_paths });
  unlock?.();
});

async function orgWithUseCase(label) {
  const o = freshOrg(label);
  const c = await loggedIn(o.owner, `${label}-owner`);
  const uc = await c.post(`/api/v1/orgs/${o.id}/use-cases`, { name: label, provider_campaign_id: 'CDEMO01' });
  assert.equal(uc.status, 201, uc.text);
  await waitFor('the use case to be approved', async () => {
    const r = await c.get(`/api/v1/orgs/${o.id}/use-cases`);
    const u = r.body.items.find((x) => x.id === uc.body.id);
    return { done: u?.status === 'approved', value: u };
  });
  return { o, c, uc };
}

test('provider answers slower than our timeout, on orders and polls: one order, and the number completes', async () => {
  const { o, c, uc } = await orgWithUseCase('timeouts');
  const timeout = configInt('provider_timeout_ms', 15000);
  await setSimOptions({ slow_ms: timeout + 1000, slow_rate: 0.5, fault_paths: '^/(number_orders|10dlc/phone_number_campaigns.*)$' });
  try {
    const made = await c.post(`/api/v1/orgs/${o.id}/phone-numbers`, { area_code: '312', use_case_id: uc.body.id });
    assert.equal(made.status, 201, made.text);
    const id = made.body.id;
    const d = await waitFor(`number ${id} to finish`, async () => {
      const r = await c.get(`/api/v1/orgs/${o.id}/phone-numbers/${id}`);
      return { done: r.body.provisioning_status !== 'initiated', value: r.body };
    }, { timeoutMs: 120000, intervalMs: 500 });
    assert.equal(d.provisioning_status, 'complete', JSON.stringify(d));
    assert.equal(ordersFor(await simCalls(), id).length, 1, 'exactly one order');
  } finally {
    await setSimOptions({ slow_ms: 0, slow_rate: 0, fault_paths: null });
  }
});

test('provisioner killed while its order is in flight: one order, and the number completes', async () => {
  const { o, c, uc } = await orgWithUseCase('crash');

  // The provider takes the order at once but answers late (yet within our
  // timeout, so the lookup before it goes through).
  const timeout = configInt('provider_timeout_ms', 15000);
  await setSimOptions({ slow_ms: Math.max(1000, timeout - 500), slow_rate: 1, fault_paths: '^/number_orders$' });
  const made = await c.post(`/api/v1/orgs/${o.id}/phone-numbers`, { area_code: '212', use_case_id: uc.body.id });
  assert.equal(made.status, 201, made.text);
  const id = made.body.id;
  await waitFor('our order to reach the provider', async () => {
    const orders = ordersFor(await simCalls(), id);
    return { done: orders.length === 1, value: orders };
  }, { timeoutMs: 20000, intervalMs: 100 });

  // Mid-answer: kill every provisioner.
  const master = masterPid();
  const victims = children(master, 'll-provisioner');
  assert.ok(victims.length >= 1, 'provisioners are running');
  for (const pid of victims) process.kill(pid, 'SIGKILL');
  await setSimOptions({ slow_ms: 0, slow_rate: 0, fault_paths: null });
  await waitFor('the master to replace the provisioners', async () => {
    const now = children(master, 'll-provisioner');
    return { done: now.length === victims.length && now.every((p) => !victims.includes(p)), value: now };
  }, { timeoutMs: 5000 });

  // The lease runs out; then the number is taken over and finishes.
  const lease = configInt('provisioning_lease_s', 120);
  const d = await waitFor(`number ${id} to complete`, async () => {
    const r = await c.get(`/api/v1/orgs/${o.id}/phone-numbers/${id}`);
    return { done: r.body.provisioning_status !== 'initiated', value: r.body };
  }, { timeoutMs: (lease + 40) * 1000, intervalMs: 500 });
  assert.equal(d.provisioning_status, 'complete', JSON.stringify(d));
  assert.equal(ordersFor(await simCalls(), id).length, 1, 'exactly one order');
  assert.ok(d.timeline.some((e) => e.kind === 'order_found'), 'the earlier order was found, not bought again');
});
