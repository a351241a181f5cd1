// Message review's bulk actions: move the selected conversations, or
// every one matching the filter, to a texter of the campaign or back to
// Unassigned, and close many at once. Moving needs one campaign (its
// texters, its claim lock), so it waits for the campaign filter.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { ConfirmDialog } from './ConfirmDialog.jsx';
import { useSubmit } from './useSubmit.js';
import { filterBody } from './ReviewFilters.jsx';

// filters: the applied ones; selected: the ticked ids; onDone(): reload.
export function ReviewActions({ org, filters, selected, onDone }) {
  const [scope, setScope] = useState('selected');
  const [texters, setTexters] = useState([]);
  const [target, setTarget] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [said, setSaid] = useState('');
  const campaignId = filters.campaign_id ? Number(filters.campaign_id) : null;

  useEffect(() => {
    setTexters([]);
    setTarget('');
    if (!campaignId) return;
    api
      .listTexters(org.org_id, campaignId)
      .then((p) => setTexters(p.items))
      .catch(() => setTexters([]));
  }, [org.org_id, campaignId]);

  const all = scope === 'all';
  const which = () => (all ? { filter: filterBody(filters) } : { ids: selected });
  const nothing = !all && selected.length === 0;
  const report = (r, verb) => `${r.changed} of ${r.matched} conversation${r.matched === 1 ? '' : 's'} ${verb}.`;

  const moving = useSubmit(
    async () => {
      setSaid('');
      const r = await api.reviewReassign(org.org_id, {
        campaign_id: campaignId,
        texter_id: target === 'unassigned' ? null : Number(target),
        ...which(),
      });
      setSaid(report(r, 'moved'));
      onDone();
    },
    { again: true },
  );
  const closing = useSubmit(
    async () => {
      setSaid('');
      const r = await api.reviewClose(org.org_id, { ...(campaignId ? { campaign_id: campaignId } : {}), ...which() });
      setConfirm(false);
      setSaid(report(r, 'closed'));
      onDone();
    },
    { again: true },
  );
  const busy = moving.busy || closing.busy;

  return (
    <section class="card review-actions" aria-labelledby="review-actions-heading">
      <h2 id="review-actions-heading">Change many</h2>
      <fieldset class="fieldset">
        <legend>Apply to</legend>
        <label class="field-check">
          <input type="radio" name="review-scope" checked={!all} onChange={() => setScope('selected')} />
          {`The selected conversations (${selected.length})`}
        </label>
        <label class="field-check">
          <input type="radio" name="review-scope" checked={all} onChange={() => setScope('all')} />
          Every conversation matching the filters
        </label>
      </fieldset>
      <p role="status" class="muted">
        {said}
      </p>
      <ErrorText error={moving.error || closing.error} />
      <div class="form form-inline">
        <div class="field">
          <label for="review-move-to">Move to</label>
          <select id="review-move-to" value={target} disabled={!campaignId} onChange={(e) => setTarget(e.currentTarget.value)}>
            <option value="">Choose…</option>
            <option value="unassigned">Unassigned</option>
            {texters.map((t) => (
              <option key={t.user_id} value={String(t.user_id)}>
                {t.name || t.email}
              </option>
            ))}
          </select>
        </div>
        <button type="button" class="button" disabled={busy || !campaignId || !target || nothing} onClick={() => moving.submit()}>
          Move
        </button>
        <button type="button" class="button button-secondary" disabled={busy || nothing} onClick={() => setConfirm(true)}>
          Close conversations
        </button>
      </div>
      {!campaignId && <p class="muted">Choose a campaign in the filters to move conversations to its texters.</p>}
      <ConfirmDialog
        id="review-close"
        open={confirm}
        title="Close these conversations?"
        confirmLabel="Close them"
        busy={closing.busy}
        error={closing.error}
        onConfirm={() => closing.submit()}
        onCancel={() => setConfirm(false)}
      >
        <p>
          {all ? 'Every conversation matching the filters' : `The ${selected.length} selected conversations`} leave
          &quot;needs response&quot;; a new reply from a contact opens theirs again.
        </p>
      </ConfirmDialog>
    </section>
  );
}
