// "Create dedicated number": area code (searchable), optional internal
// name, and one of the organization's approved use cases with room. The
// API's refusals show next to the field they are about. The new number
// goes to onCreated at once (it shows yellow, Provisioning Initiated).
import { useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { AreaCodePicker } from './AreaCodePicker.jsx';
import { ErrorText } from './ErrorText.jsx';
import { FieldError, fieldError, formError } from './FieldError.jsx';
import { useSubmit } from './useSubmit.js';

const FIELDS = ['area_code', 'name', 'use_case_id'];

const isFull = (uc) => uc.live_numbers >= uc.capacity;

// What goes to the API as the area code: the one chosen from the list, or
// three digits typed (or the start of a label), or the text as it is (the
// API explains what is wrong with it).
function areaCodeOf(chosen, text) {
  if (chosen) return chosen.code;
  const t = text.trim();
  const m = /^(\d{3})(\s*—.*)?$/.exec(t);
  return m ? m[1] : t;
}

export function NumberForm({ org, useCases, onCreated }) {
  const [areaText, setAreaText] = useState('');
  const [areaChosen, setAreaChosen] = useState(null);
  const [name, setName] = useState('');
  const [useCaseId, setUseCaseId] = useState('');
  const [done, setDone] = useState('');
  // What the fields hold now: typing goes on while a request is out, and
  // only what was sent is cleared when it succeeds.
  const now = useRef({});
  now.current = { areaText, name };

  const approved = (useCases || []).filter((uc) => uc.status === 'approved');
  const usable = approved.filter((uc) => !isFull(uc));
  // Until someone picks one, the first approved use case with room.
  const picked = approved.find((uc) => String(uc.id) === useCaseId && !isFull(uc));
  const current = picked ? String(picked.id) : usable.length ? String(usable[0].id) : '';

  async function create() {
    setDone('');
    const sent = { areaText, name };
    try {
      const n = await api.createNumber(org.org_id, {
        areaCode: areaCodeOf(areaChosen, areaText),
        name: name.trim(),
        useCaseId: Number(current),
      });
      if (now.current.areaText === sent.areaText) {
        setAreaText('');
        setAreaChosen(null);
      }
      if (now.current.name === sent.name) setName('');
      setDone(`Number requested in area code ${n.area_codes.join(', ')}: Provisioning Initiated.`);
      onCreated(n);
    } catch (err) {
      // A full use case is about the use case chosen.
      if (err.code === 'use_case_full' && !err.field) err.field = 'use_case_id';
      throw err;
    }
  }
  const { busy, error, submit } = useSubmit(create, { again: true });

  return (
    <section class="card" aria-labelledby="new-number-heading">
      <h2 id="new-number-heading">Create dedicated number</h2>
      <form class="form" onSubmit={submit}>
        <ErrorText error={formError(error, FIELDS)} />
        <div class="form-row">
          <div class="field field-grow">
            <label for="number-area" id="number-area-label">
              Area code
            </label>
            <AreaCodePicker
              id="number-area"
              text={areaText}
              onText={setAreaText}
              onChoose={setAreaChosen}
              inputProps={{ required: true, ...fieldError(error, 'area_code', 'number-area-error', 'number-area-hint') }}
            />
            <p class="hint" id="number-area-hint">
              Type digits, a state or a city, e.g. 415, CA or San Francisco.
            </p>
            <FieldError error={error} field="area_code" id="number-area-error" />
          </div>
          <div class="field field-grow">
            <label for="number-name">
              Name <span class="optional">(optional)</span>
            </label>
            <input
              id="number-name"
              type="text"
              maxLength={100}
              autoComplete="off"
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
              {...fieldError(error, 'name', 'number-name-error', 'number-name-hint')}
            />
            <p class="hint" id="number-name-hint">
              For your team only; recipients never see it.
            </p>
            <FieldError error={error} field="name" id="number-name-error" />
          </div>
        </div>
        <div class="field">
          <label for="number-use-case">Use case</label>
          <select
            id="number-use-case"
            required
            disabled={approved.length === 0}
            value={current}
            onChange={(e) => setUseCaseId(e.currentTarget.value)}
            {...fieldError(error, 'use_case_id', 'number-use-case-error', 'number-use-case-hint')}
          >
            {approved.length === 0 && <option value="">No approved use case yet</option>}
            {approved.length > 0 && usable.length === 0 && <option value="">Every use case is full</option>}
            {approved.map((uc) => (
              <option key={uc.id} value={String(uc.id)} disabled={isFull(uc)}>
                {uc.name} — {uc.live_numbers} of {uc.capacity}
                {isFull(uc) ? ' (full)' : ''}
              </option>
            ))}
          </select>
          <p class="hint" id="number-use-case-hint">
            {approved.length === 0
              ? 'Numbers are created under an approved use case: add one under Use cases below.'
              : 'Only approved use cases are listed; each holds at most 49 numbers.'}
          </p>
          <FieldError error={error} field="use_case_id" id="number-use-case-error" />
        </div>
        <div>
          <button type="submit" class="button" disabled={busy || usable.length === 0}>
            Create number
          </button>
        </div>
        <p class="note" role="status">
          {done}
        </p>
      </form>
    </section>
  );
}
