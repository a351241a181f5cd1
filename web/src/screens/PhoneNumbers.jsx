// Phone Numbers (owner/admin): the organization's numbers with their
// provisioning tags, the form that creates a dedicated number, and the use
// cases (10DLC registrations) numbers are created under, with how full
// each is.
//
// Live status without websockets: while any number is being provisioned
// the list is fetched again every 3 s; while a use case waits for the
// provider, the use cases every 3 s (every 30 s once the provider has
// answered "pending"). Polling stops when nothing waits or the page is left.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { PageHeading } from '../components/PageHeading.jsx';
import { NumberList } from '../components/NumberList.jsx';
import { NumberForm } from '../components/NumberForm.jsx';
import { UseCaseList } from '../components/UseCaseList.jsx';
import { UseCaseForm } from '../components/UseCaseForm.jsx';
import { PROVISIONING_LABELS } from '../components/ProvisioningTag.jsx';
import { useList } from '../components/useList.js';
import { usePoll } from '../components/usePoll.js';
import { useSubmit } from '../components/useSubmit.js';
import { takeFlash } from '../components/flash.js';
import { numberLabel } from '../components/format.js';

const FAST = 3000;
const SLOW = 30000;

function useCaseDelay(items) {
  if (!items) return null;
  if (items.some((uc) => !uc.checked_at)) return FAST;
  if (items.some((uc) => uc.status === 'pending')) return SLOW;
  return null;
}

export function PhoneNumbers({ org }) {
  const numbers = useList((cursor) => api.listNumbers(org.org_id, cursor));
  const useCases = useList((cursor) => api.listUseCases(org.org_id, cursor));
  const [flash] = useState(takeFlash);
  const [news, setNews] = useState(''); // status changes, for screen readers
  const [numbersPollError, setNumbersPollError] = useState(null);
  const [useCasesPollError, setUseCasesPollError] = useState(null);

  const provisioning = Boolean(numbers.items && numbers.items.some((n) => n.provisioning_status === 'initiated'));

  usePoll(async () => {
    const before = new Map((numbers.items || []).map((n) => [n.id, n.provisioning_status]));
    let fresh;
    try {
      fresh = await numbers.refresh();
      setNumbersPollError(null);
    } catch (e) {
      setNumbersPollError(new Error(`Could not update the provisioning status: ${e.message} Trying again.`));
      return;
    }
    if (!fresh) return;
    const changed = fresh.filter((n) => before.has(n.id) && before.get(n.id) !== n.provisioning_status);
    if (changed.length) {
      setNews(changed.map((n) => `${numberLabel(n)}: ${PROVISIONING_LABELS[n.provisioning_status]}.`).join(' '));
      // A failed number no longer counts against its use case.
      useCases.refresh().catch(() => {});
    }
  }, provisioning ? FAST : null);

  usePoll(async () => {
    try {
      await useCases.refresh();
      setUseCasesPollError(null);
    } catch (e) {
      setUseCasesPollError(new Error(`Could not update the use cases: ${e.message} Trying again.`));
    }
  }, useCaseDelay(useCases.items));

  function numberCreated(n) {
    numbers.update((items) => [n, ...items.filter((x) => x.id !== n.id)]);
    useCases.refresh().catch(() => {});
  }

  function useCaseCreated(uc) {
    useCases.update((items) => [...items.filter((x) => x.id !== uc.id), uc]);
  }

  async function refreshStatus(uc) {
    try {
      const updated = await api.refreshUseCase(org.org_id, uc.id);
      useCases.replace((x) => x.id === uc.id, updated);
      setNews(`Asking the provider about ${uc.name} again.`);
    } catch (e) {
      throw new Error(`Could not refresh ${uc.name}: ${e.message}`);
    }
  }
  const refreshing = useSubmit(refreshStatus, { again: true });

  return (
    <>
      <PageHeading title="Phone Numbers" />
      <p class="lead">
        Numbers of {org.org_name} and their provisioning with the carriers. A number can send once it shows Provisioning
        Complete.
      </p>
      {flash && (
        <p class="notice" role="status">
          {flash}
        </p>
      )}
      <p class="visually-hidden" role="status">
        {news}
      </p>

      <NumberList list={numbers} pollError={numbersPollError} />

      <NumberForm org={org} useCases={useCases.items} onCreated={numberCreated} />

      <section class="card" aria-labelledby="use-cases-heading">
        <h2 id="use-cases-heading">Use cases</h2>
        <p class="muted">
          Your brand's 10DLC campaign registrations. Numbers are created under an approved one; each holds at most 49
          numbers, and archiving old campaigns frees room.
        </p>
        <UseCaseList
          list={useCases}
          pollError={useCasesPollError}
          onRefresh={refreshing.submit}
          busyId={refreshing.busyWith && refreshing.busyWith.id}
          actionError={refreshing.error}
        />
        <UseCaseForm org={org} onCreated={useCaseCreated} />
      </section>
    </>
  );
}
