// Self assign (texters on the campaign request batches of conversations
// themselves) and the batch size they get (organization default, 1-5000).
import { FieldError, fieldError } from './FieldError.jsx';
import { BATCH_MAX, BATCH_MIN } from './campaignForm.js';

export function TexterFields({ f, set, error, editable }) {
  return (
    <fieldset class="fieldset">
      <legend>Texters</legend>
      <div class="field field-check">
        <input
          id="campaign-self-assign"
          type="checkbox"
          role="switch"
          checked={f.self_assign}
          disabled={!editable('self_assign')}
          onChange={(e) => set({ self_assign: e.currentTarget.checked })}
          {...fieldError(error, 'self_assign', 'campaign-self-assign-error', 'campaign-self-assign-hint')}
        />
        <label for="campaign-self-assign">Self assign</label>
      </div>
      <p class="hint" id="campaign-self-assign-hint">
        Texters on the campaign request conversations from the Unassigned pool themselves, and an invite link can be
        shared.
      </p>
      <FieldError error={error} field="self_assign" id="campaign-self-assign-error" />
      <div class="field">
        <label for="campaign-batch-size">Batch size</label>
        <input
          id="campaign-batch-size"
          type="number"
          inputMode="numeric"
          required
          min={BATCH_MIN}
          max={BATCH_MAX}
          step={1}
          class="input-short"
          value={f.batch_size}
          disabled={!editable('batch_size')}
          onInput={(e) => set({ batch_size: e.currentTarget.value })}
          {...fieldError(error, 'batch_size', 'campaign-batch-size-error', 'campaign-batch-size-hint')}
        />
        <p class="hint" id="campaign-batch-size-hint">
          Conversations a texter gets per request, {BATCH_MIN} to {BATCH_MAX}.
        </p>
        <FieldError error={error} field="batch_size" id="campaign-batch-size-error" />
      </div>
    </fieldset>
  );
}
