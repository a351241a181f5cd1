// One number (/numbers/:id, owner/admin): its facts, its provisioning
// timeline (oldest first; every step and provider answer), and "Delete
// (release)", confirmed in a dialog. While it is being provisioned the page
// updates itself every 3 s.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link, navigate } from '../router.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { ProvisioningTag } from '../components/ProvisioningTag.jsx';
import { Timeline } from '../components/Timeline.jsx';
import { ConfirmDialog } from '../components/ConfirmDialog.jsx';
import { usePoll } from '../components/usePoll.js';
import { useSubmit } from '../components/useSubmit.js';
import { setFlash } from '../components/flash.js';
import { formatTime, formatPhone, numberLabel } from '../components/format.js';

const KIND_LABELS = { dedicated: 'Dedicated', single_use: 'Single-use' };

function title(n) {
  if (!n) return 'Phone number';
  return n.phone_number ? formatPhone(n.phone_number) : `New number in area code ${n.area_codes.join(', ')}`;
}

function BackLink() {
  return (
    <nav aria-label="Breadcrumb" class="breadcrumb">
      <Link href="/numbers">← Phone Numbers</Link>
    </nav>
  );
}

export function NumberDetail({ org, params }) {
  const [number, setNumber] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [pollError, setPollError] = useState(null);
  const [confirming, setConfirming] = useState(false);

  async function load() {
    setLoadError(null);
    try {
      setNumber(await api.getNumber(org.org_id, params.id));
    } catch (e) {
      setLoadError(e);
    }
  }

  useEffect(() => {
    load();
  }, []);

  async function releaseNumber() {
    await api.releaseNumber(org.org_id, number.id);
    setFlash(`${number.phone_number ? formatPhone(number.phone_number) : 'The number'} is being released.`);
    navigate('/numbers');
  }
  const { busy: deleting, error: deleteError, setError: setDeleteError, submit: release } = useSubmit(releaseNumber);

  usePoll(
    async () => {
      try {
        setNumber(await api.getNumber(org.org_id, params.id));
        setPollError(null);
      } catch (e) {
        setPollError(new Error(`Could not update the provisioning status: ${e.message} Trying again.`));
      }
    },
    number && number.provisioning_status === 'initiated' && !deleting ? 3000 : null,
  );

  if (loadError) {
    const missing = loadError.code === 'not_found';
    return (
      <>
        <BackLink />
        <PageHeading title={missing ? 'Number not found' : 'Phone number'} />
        {missing ? (
          <p>
            {org.org_name} has no such number; it may have been released. <Link href="/numbers">See all numbers</Link>.
          </p>
        ) : (
          <>
            <ErrorText error={loadError} />
            <button type="button" class="button" onClick={load}>
              Try again
            </button>
          </>
        )}
      </>
    );
  }

  if (!number) {
    return (
      <>
        <BackLink />
        <PageHeading title="Phone number" />
        <p role="status">Loading…</p>
      </>
    );
  }

  return (
    <>
      <BackLink />
      <PageHeading title={title(number)} />
      <ErrorText error={pollError} />

      <section class="card" aria-labelledby="number-facts-heading">
        <h2 id="number-facts-heading">Details</h2>
        <dl class="facts">
          <div>
            <dt>Status</dt>
            <dd>
              <ProvisioningTag number={number} />
            </dd>
          </div>
          <div>
            <dt>Phone number</dt>
            <dd>{numberLabel(number)}</dd>
          </div>
          <div>
            <dt>Name</dt>
            <dd>{number.name || <span class="muted">None</span>}</dd>
          </div>
          <div>
            <dt>Area code</dt>
            <dd>{number.area_codes.join(', ')}</dd>
          </div>
          <div>
            <dt>Use case</dt>
            <dd>{number.use_case.name}</dd>
          </div>
          <div>
            <dt>Kind</dt>
            <dd>{KIND_LABELS[number.kind] || number.kind}</dd>
          </div>
          <div>
            <dt>Requested</dt>
            <dd>
              {formatTime(number.created_at)} by {number.initiated_by_name}
            </dd>
          </div>
          {number.completed_at && (
            <div>
              <dt>Complete</dt>
              <dd>{formatTime(number.completed_at)}</dd>
            </div>
          )}
        </dl>
      </section>

      <section class="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <Timeline events={number.timeline || []} />
      </section>

      {number.release_failed && (
        <section class="card" aria-labelledby="release-failed-heading">
          <h2 id="release-failed-heading">Release failed</h2>
          <p>
            The provider did not release this number, so it may still be billed. Its answer:{' '}
            <span class="failure-reason">{number.release_error || 'none'}</span>
          </p>
          <p class="muted">
            Check the number in the provider's portal. When that is sorted out, try the release again.
          </p>
          <button
            type="button"
            class="button button-danger"
            onClick={() => {
              setDeleteError(null);
              setConfirming(true);
            }}
          >
            Try the release again
          </button>
        </section>
      )}

      {number.kind === 'dedicated' && !number.release_failed && !number.deleted && (
        <section class="card" aria-labelledby="release-heading">
          <h2 id="release-heading">Delete (release)</h2>
          <p class="muted">
            The number goes back to the provider and cannot be recovered. A number used by a draft, launching, active
            or paused campaign cannot be released.
          </p>
          <button
            type="button"
            class="button button-danger"
            onClick={() => {
              setDeleteError(null);
              setConfirming(true);
            }}
          >
            Delete (release)
          </button>
        </section>
      )}

      <ConfirmDialog
        open={confirming}
        title={`Release ${number.phone_number ? formatPhone(number.phone_number) : 'this number'}?`}
        confirmLabel="Delete (release)"
        busy={deleting}
        error={deleteError}
        onConfirm={release}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {number.name ? `“${number.name}” ` : 'This number '}
          goes back to the provider. Campaigns can no longer use it, and it cannot be recovered.
        </p>
      </ConfirmDialog>
    </>
  );
}
