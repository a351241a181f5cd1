// Name, description, and the two parts of the initial message that default
// to the organization's: its display name and opt-out language. Empty
// means the organization's default, which is shown.
import { FieldError, fieldError } from './FieldError.jsx';

export function MessageFields({ f, set, error, editable, campaign }) {
  return (
    <fieldset class="fieldset">
      <legend>Campaign</legend>
      <div class="field">
        <label for="campaign-name">Name</label>
        <input
          id="campaign-name"
          type="text"
          required
          maxLength={200}
          autoComplete="off"
          value={f.name}
          disabled={!editable('name')}
          onInput={(e) => set({ name: e.currentTarget.value })}
          {...fieldError(error, 'name', 'campaign-name-error')}
        />
        <FieldError error={error} field="name" id="campaign-name-error" />
      </div>
      <div class="field">
        <label for="campaign-description">
          Description <span class="optional">(optional)</span>
        </label>
        <textarea
          id="campaign-description"
          rows={2}
          maxLength={2000}
          value={f.description}
          disabled={!editable('description')}
          onInput={(e) => set({ description: e.currentTarget.value })}
          {...fieldError(error, 'description', 'campaign-description-error', 'campaign-description-hint')}
        />
        <p class="hint" id="campaign-description-hint">
          Texters see it.
        </p>
        <FieldError error={error} field="description" id="campaign-description-error" />
      </div>
      <div class="form-row">
        <div class="field field-grow">
          <label for="campaign-display-name">Organization display name</label>
          <input
            id="campaign-display-name"
            type="text"
            maxLength={200}
            autoComplete="off"
            placeholder={campaign.effective_org_display_name}
            value={f.org_display_name}
            disabled={!editable('org_display_name')}
            onInput={(e) => set({ org_display_name: e.currentTarget.value })}
            {...fieldError(error, 'org_display_name', 'campaign-display-name-error', 'campaign-display-name-hint')}
          />
          <p class="hint" id="campaign-display-name-hint">
            {f.org_display_name.trim()
              ? 'Overrides the organization default for this campaign.'
              : `Empty: the organization default, “${campaign.effective_org_display_name}”.`}
          </p>
          <FieldError error={error} field="org_display_name" id="campaign-display-name-error" />
        </div>
        <div class="field field-grow">
          <label for="campaign-opt-out">Opt-out language</label>
          <input
            id="campaign-opt-out"
            type="text"
            maxLength={300}
            autoComplete="off"
            placeholder={campaign.effective_opt_out_language}
            value={f.opt_out_language}
            disabled={!editable('opt_out_language')}
            onInput={(e) => set({ opt_out_language: e.currentTarget.value })}
            {...fieldError(error, 'opt_out_language', 'campaign-opt-out-error', 'campaign-opt-out-hint')}
          />
          <p class="hint" id="campaign-opt-out-hint">
            {f.opt_out_language.trim()
              ? 'Overrides the organization default for this campaign.'
              : `Empty: the organization default, “${campaign.effective_opt_out_language}”.`}
          </p>
          <FieldError error={error} field="opt_out_language" id="campaign-opt-out-error" />
        </div>
      </div>
    </fieldset>
  );
}
