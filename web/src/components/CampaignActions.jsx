// What can be done with a campaign in its status: edit, launch, pause and
// resume, clone, create a followup (its number must be complete), retry a
// failed one with a new number (clone and archive in one step), and
// archive, which is permanent and asks first (and says that a single-use
// number is released, freeing room in its use case).
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link, navigate } from '../router.jsx';
import { ErrorText } from './ErrorText.jsx';
import { ConfirmDialog } from './ConfirmDialog.jsx';
import { FollowupDialog } from './FollowupDialog.jsx';
import { setFlash } from './flash.js';
import { numberLabel } from './format.js';
import { isReadOnly } from './campaignForm.js';
import { useSubmit } from './useSubmit.js';

export function CampaignActions({ org, campaign: c, onChange }) {
  const [dialog, setDialog] = useState(null); // 'archive' | 'retry' | 'followup'

  // One action at a time; a refusal shows where the action was asked for:
  // under the buttons, or inside its dialog.
  async function act(action, { after } = {}) {
    inBar.setError(null);
    inDialog.setError(null);
    const result = await api.campaignAction(org.org_id, c.id, action);
    if (after) after(result);
    else onChange(result);
    setDialog(null);
  }
  const inBar = useSubmit(act, { again: true });
  const inDialog = useSubmit(act, { again: true });
  const busy = inBar.busyWith || inDialog.busyWith; // the action under way
  const run = inBar.submit;

  const goTo = (message) => (fresh) => {
    setFlash(message(fresh), { whileStatus: fresh.status });
    navigate(`/campaigns/${fresh.id}`);
  };

  function open(name) {
    inDialog.setError(null);
    setDialog(name);
  }

  const live = c.status === 'active' || c.status === 'paused';
  const canFollowup = live && c.provisioning_status === 'complete';
  const singleUse = c.number_mode === 'single_use' && c.phone_number;

  return (
    <section class="card" aria-labelledby="campaign-actions-heading">
      <h2 id="campaign-actions-heading" class="visually-hidden">
        Actions
      </h2>
      <div class="actions-bar">
        {c.status === 'draft' && (
          <Link href={`/campaigns/${c.id}/launch`} class="button">
            Review and launch
          </Link>
        )}
        {!isReadOnly(c) && (
          <Link href={`/campaigns/${c.id}/edit`} class="button button-secondary">
            Edit
          </Link>
        )}
        {c.status === 'active' && (
          <button type="button" class="button button-secondary" disabled={busy !== null} onClick={() => run('pause')}>
            Pause
          </button>
        )}
        {c.status === 'paused' && (
          <button type="button" class="button" disabled={busy !== null} onClick={() => run('resume')}>
            Resume
          </button>
        )}
        {c.status === 'failed' && (
          <button type="button" class="button" disabled={busy !== null} onClick={() => open('retry')}>
            Retry with a new number
          </button>
        )}
        {canFollowup && (
          <button type="button" class="button button-secondary" disabled={busy !== null} onClick={() => open('followup')}>
            Create followup
          </button>
        )}
        <button
          type="button"
          class="button button-secondary"
          disabled={busy !== null}
          onClick={() => run('clone', { after: goTo((fresh) => `Cloned into a new draft, ${fresh.name}.`) })}
        >
          Clone
        </button>
        {c.status !== 'archived' && (
          <button type="button" class="button button-danger" disabled={busy !== null} onClick={() => open('archive')}>
            Archive
          </button>
        )}
      </div>
      <ErrorText error={inBar.error} />

      <ConfirmDialog
        id="archive"
        open={dialog === 'archive'}
        title={`Archive ${c.name}?`}
        confirmLabel="Archive"
        busy={busy === 'archive'}
        error={inDialog.error}
        onConfirm={() => inDialog.submit('archive')}
        onCancel={() => setDialog(null)}
      >
        <p>Archiving is permanent: the campaign stops sending and cannot be resumed or edited again.</p>
        {singleUse && (
          <p>
            Its single-use number {numberLabel(c.phone_number)} is released, which frees room in its use case
            {c.phone_number.use_case ? ` ${c.phone_number.use_case.name}` : ''}.
          </p>
        )}
      </ConfirmDialog>

      <ConfirmDialog
        id="retry"
        open={dialog === 'retry'}
        title="Retry with a new number?"
        confirmLabel="Retry with a new number"
        busy={busy === 'retry'}
        error={inDialog.error}
        onConfirm={() =>
          inDialog.submit('retry', {
            after: goTo((fresh) => `${c.name} is archived; ${fresh.name} is a new draft to launch with a new number.`),
          })
        }
        onCancel={() => setDialog(null)}
      >
        <p>
          This archives {c.name} and makes a new draft with its settings and contacts. Launching the draft orders a new
          number.
        </p>
      </ConfirmDialog>

      {canFollowup && (
        <FollowupDialog
          org={org}
          campaign={c}
          open={dialog === 'followup'}
          onClose={() => setDialog(null)}
          onCreated={(followup, removals, failed) => {
            if (failed) return;
            const removed = removals ? removals.removed : 0;
            const byList = removals ? ` (${removed} left out by the removal list)` : '';
            setFlash(
              `Followup ${followup.name} created with ${followup.contact_count - removed} contacts${byList}. Write its script and set its start, then launch it.`,
            );
            setDialog(null);
            navigate(`/campaigns/${followup.id}/edit`);
          }}
        />
      )}
    </section>
  );
}
