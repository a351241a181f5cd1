// "Create followup": a new campaign on the same (complete) number whose
// audience is this campaign's contacts, less those the targeting removes:
// who replied, who did not, who opted out, and an optional removal list
// (a CSV of phones, uploaded to the new followup once it exists).
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { Dialog } from './Dialog.jsx';
import { ErrorText } from './ErrorText.jsx';
import { UploadProgress } from './UploadProgress.jsx';
import { useSubmit } from './useSubmit.js';

export function FollowupDialog({ org, campaign, open, onClose, onCreated }) {
  const [name, setName] = useState(`${campaign.name} followup`);
  const [excludeReplied, setExcludeReplied] = useState(false);
  const [excludeNotReplied, setExcludeNotReplied] = useState(false);
  const [excludeOptedOut, setExcludeOptedOut] = useState(true);
  const [file, setFile] = useState(null);
  const [progress, setProgress] = useState(null);

  async function create() {
    let created = null;
    try {
      created = await api.createFollowup(org.org_id, campaign.id, {
        name: name.trim(),
        exclude_replied: excludeReplied,
        exclude_not_replied: excludeNotReplied,
        exclude_opted_out: excludeOptedOut,
      });
      let removals = null;
      if (file) {
        setProgress({ sent: 0, total: file.size });
        removals = await api.uploadRemovals(org.org_id, created.id, file, (sent, total) => setProgress({ sent, total }));
      }
      onCreated(created, removals);
    } catch (err) {
      if (!created) throw err;
      // The followup exists even when its removal list failed: say so.
      onCreated(created, null, err);
      throw new Error(`${created.name} was created, but the removal list failed: ${err.message}`);
    } finally {
      setProgress(null);
    }
  }
  const { busy, error, submit } = useSubmit(create, { again: true });

  return (
    <Dialog open={open} busy={busy} onCancel={onClose} labelledBy="followup-title" class="dialog dialog-wide">
      <h2 id="followup-title">Create followup</h2>
      <p>
        A new campaign sending from the same number to the contacts of {campaign.name}. It needs no provisioning: once its
        script is written it launches Active at once.
      </p>
      <form class="form" onSubmit={submit}>
        <div class="field">
          <label for="followup-name">Name</label>
          <input
            id="followup-name"
            type="text"
            required
            maxLength={200}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            aria-invalid={error && error.field === 'name' ? 'true' : undefined}
          />
        </div>
        <fieldset class="fieldset">
          <legend>Leave out</legend>
          <label class="check">
            <input type="checkbox" checked={excludeReplied} onChange={(e) => setExcludeReplied(e.currentTarget.checked)} />{' '}
            Contacts who replied
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={excludeNotReplied}
              onChange={(e) => setExcludeNotReplied(e.currentTarget.checked)}
            />{' '}
            Contacts who did not reply
          </label>
          <label class="check">
            <input type="checkbox" checked={excludeOptedOut} onChange={(e) => setExcludeOptedOut(e.currentTarget.checked)} />{' '}
            Contacts who opted out
          </label>
        </fieldset>
        <div class="field">
          <label for="followup-removals">
            Removal list <span class="optional">(optional)</span>
          </label>
          <input
            id="followup-removals"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.currentTarget.files[0] || null)}
            aria-describedby="followup-removals-hint"
          />
          <p class="hint" id="followup-removals-hint">
            A CSV with a phone column: those contacts are left out too.
          </p>
        </div>
        {progress && <UploadProgress id="followup-progress" label={`Uploading ${file.name}`} {...progress} />}
        <ErrorText error={error} />
        <div class="dialog-actions">
          <button type="button" class="button button-secondary" disabled={busy} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="button" disabled={busy}>
            Create followup
          </button>
        </div>
      </form>
    </Dialog>
  );
}
