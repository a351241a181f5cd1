// The sending number of a campaign: a dedicated number (a drop-down of the
// organization's complete dedicated numbers, with their use case) or a
// single-use number (an approved use case with room, and the area-code
// regions to order it from at launch). A followup sends from its original
// campaign's number: nothing to choose.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link } from '../router.jsx';
import { FieldError, fieldError } from './FieldError.jsx';
import { RegionsEditor } from './RegionsEditor.jsx';
import { ProvisioningTag } from './ProvisioningTag.jsx';
import { formatPhone, numberLabel } from './format.js';
import { NUMBER_MODE_LABELS, regionsText } from './campaignFormat.js';

// Every page of a list, for the few numbers and use cases an organization has.
async function all(fetchPage) {
  const items = [];
  let cursor = null;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < 2000);
  return items;
}

function useOrgChoices(org, wanted) {
  const [numbers, setNumbers] = useState(null);
  const [useCases, setUseCases] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    if (!wanted) return;
    all((c) => api.listNumbers(org.org_id, c, { kind: 'dedicated', provisioning_status: 'complete' })).then(
      setNumbers,
      setError,
    );
    all((c) => api.listUseCases(org.org_id, c)).then(setUseCases, setError);
  }, [wanted]);
  return { numbers, useCases, error };
}

function numberOption(n) {
  return [formatPhone(n.phone_number), n.name, n.use_case && n.use_case.name].filter(Boolean).join(' — ');
}

function DedicatedSelect({ f, set, error, disabled, numbers, current }) {
  const list = numbers || [];
  const known = list.some((n) => String(n.id) === f.phone_number_id);
  return (
    <div class="field">
      <label for="campaign-number">Dedicated number</label>
      <select
        id="campaign-number"
        value={f.phone_number_id}
        disabled={disabled || numbers === null}
        onChange={(e) => set({ phone_number_id: e.currentTarget.value })}
        {...fieldError(error, 'phone_number_id', 'campaign-number-error', 'campaign-number-hint')}
      >
        <option value="">{numbers === null ? 'Loading numbers…' : 'Choose a number'}</option>
        {!known && current && String(current.id) === f.phone_number_id && (
          <option value={String(current.id)}>{numberLabel(current)} (not complete)</option>
        )}
        {list.map((n) => (
          <option key={n.id} value={String(n.id)}>
            {numberOption(n)}
          </option>
        ))}
      </select>
      <p class="hint" id="campaign-number-hint">
        {numbers && numbers.length === 0 ? (
          <>
            No dedicated number is complete yet. Numbers are created on <Link href="/numbers">Phone Numbers</Link> and
            appear here once provisioning is complete.
          </>
        ) : (
          'Only dedicated numbers whose provisioning is complete are listed. The campaign is Active as soon as it launches.'
        )}
      </p>
      <FieldError error={error} field="phone_number_id" id="campaign-number-error" />
    </div>
  );
}

function SingleUseFields({ f, set, error, disabled, useCases }) {
  const approved = (useCases || []).filter((uc) => uc.status === 'approved');
  const full = (uc) => uc.live_numbers >= uc.capacity;
  return (
    <>
      <div class="field">
        <label for="campaign-use-case">Use case</label>
        <select
          id="campaign-use-case"
          value={f.use_case_id}
          disabled={disabled || useCases === null}
          onChange={(e) => set({ use_case_id: e.currentTarget.value })}
          {...fieldError(error, 'use_case_id', 'campaign-use-case-error', 'campaign-use-case-hint')}
        >
          <option value="">{useCases === null ? 'Loading use cases…' : 'Choose a use case'}</option>
          {approved.map((uc) => (
            <option key={uc.id} value={String(uc.id)} disabled={full(uc) && String(uc.id) !== f.use_case_id}>
              {uc.name} — {uc.live_numbers} of {uc.capacity}
              {full(uc) ? ' (full)' : ''}
            </option>
          ))}
        </select>
        <p class="hint" id="campaign-use-case-hint">
          The approved 10DLC use case the new number is registered under; each holds at most 49 numbers.
        </p>
        <FieldError error={error} field="use_case_id" id="campaign-use-case-error" />
      </div>
      <p class="hint" id="campaign-regions-hint">
        Area-code regions in priority order: the number is ordered from region 1, else region 2, else region 3.
      </p>
      <RegionsEditor regions={f.regions} onChange={(regions) => set({ regions })} disabled={disabled} />
      <FieldError error={error} field="regions" id="campaign-regions-error" />
    </>
  );
}

export function NumberFields({ org, f, set, error, editable, campaign }) {
  const disabled = !editable('number_mode');
  const choices = useOrgChoices(org, !disabled && campaign.number_mode !== 'followup');

  if (campaign.number_mode === 'followup') {
    return (
      <fieldset class="fieldset">
        <legend>Sending number</legend>
        <p>
          A followup sends from the number of its original campaign
          {campaign.phone_number ? <>: {numberLabel(campaign.phone_number)} </> : '. '}
          {campaign.phone_number && <ProvisioningTag number={campaign.phone_number} />}
        </p>
        {campaign.parent_id && <Link href={`/campaigns/${campaign.parent_id}`}>The original campaign</Link>}
      </fieldset>
    );
  }

  if (disabled) {
    return (
      <fieldset class="fieldset">
        <legend>Sending number</legend>
        <p>{NUMBER_MODE_LABELS[campaign.number_mode] || 'Not chosen'}</p>
        {campaign.phone_number && (
          <p>
            {numberLabel(campaign.phone_number)} <ProvisioningTag number={campaign.phone_number} />
          </p>
        )}
        {campaign.number_mode === 'single_use' && <p class="muted">Regions: {regionsText(campaign.regions)}</p>}
        <p class="hint">The number cannot change once the campaign is launched.</p>
      </fieldset>
    );
  }

  return (
    <fieldset class="fieldset">
      <legend>Sending number</legend>
      {choices.error && <p class="error">Could not load the numbers and use cases: {choices.error.message}</p>}
      <div
        class="radio-row"
        role="radiogroup"
        aria-label="Kind of number"
        {...fieldError(error, 'number_mode', 'campaign-mode-error')}
      >
        <label class="radio">
          <input
            type="radio"
            name="number-mode"
            value="dedicated"
            checked={f.number_mode === 'dedicated'}
            disabled={disabled}
            onChange={() => set({ number_mode: 'dedicated' })}
          />{' '}
          Dedicated number
        </label>
        <label class="radio">
          <input
            type="radio"
            name="number-mode"
            value="single_use"
            checked={f.number_mode === 'single_use'}
            disabled={disabled}
            onChange={() => set({ number_mode: 'single_use' })}
          />{' '}
          Single-use number
        </label>
      </div>
      <FieldError error={error} field="number_mode" id="campaign-mode-error" />
      {f.number_mode === 'dedicated' && (
        <DedicatedSelect
          f={f}
          set={set}
          error={error}
          disabled={disabled}
          numbers={choices.numbers}
          current={campaign.phone_number}
        />
      )}
      {f.number_mode === 'single_use' && (
        <SingleUseFields f={f} set={set} error={error} disabled={disabled} useCases={choices.useCases} />
      )}
      {!f.number_mode && (
        <p class="hint">
          A dedicated number is already provisioned: the campaign is Active at launch. A single-use number is ordered at
          launch: the campaign is Launching until the carriers confirm it.
        </p>
      )}
    </fieldset>
  );
}
