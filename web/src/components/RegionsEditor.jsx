// A single-use number's area-code regions, 1 to 3 in priority order: the
// provisioner tries region 1, then 2, then 3. Each region is a list of area
// codes (added with the area-code combobox); region 3 may instead be a
// whole state or the whole country.
import { useState } from 'preact/hooks';
import { AreaCodePicker } from './AreaCodePicker.jsx';
import { STATES } from './areaCodeSearch.js';

const MAX_REGIONS = 3;
const ORDINAL = ['First choice', 'If region 1 has none', 'Last resort'];
const STATE_CODES = Object.keys(STATES).sort((a, b) => STATES[a].localeCompare(STATES[b]));

// Three digits typed, or the start of a chosen label ("415 — CA — …").
function typedCode(text) {
  const m = /^\s*([2-9]\d{2})(\s*—.*)?$/.exec(text);
  return m ? m[1] : null;
}

function AreaCodes({ index, region, onChange, disabled }) {
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const id = `region-${index + 1}-area`;
  const codes = region.area_codes || [];

  function add(code) {
    if (!code) {
      setNote('Type three digits or choose an area code from the list.');
      return;
    }
    setText('');
    setNote(codes.includes(code) ? `${code} is already in region ${index + 1}.` : `Added ${code} to region ${index + 1}.`);
    if (!codes.includes(code)) onChange({ ...region, area_codes: [...codes, code] });
  }

  function remove(code) {
    onChange({ ...region, area_codes: codes.filter((c) => c !== code) });
    setNote(`Removed ${code} from region ${index + 1}.`);
  }

  // Enter in the combobox adds what was typed instead of sending the form
  // (the combobox itself handles Enter on an option first).
  function keyDown(e) {
    if (e.key === 'Enter' && !e.defaultPrevented) {
      e.preventDefault();
      add(typedCode(text));
    }
  }

  return (
    <div class="region-codes">
      {codes.length > 0 ? (
        <ul class="chips" aria-label={`Area codes of region ${index + 1}`}>
          {codes.map((code) => (
            <li key={code} class="chip">
              {code}
              <button
                type="button"
                class="chip-remove"
                disabled={disabled}
                aria-label={`Remove ${code} from region ${index + 1}`}
                onClick={() => remove(code)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted small">No area codes yet.</p>
      )}
      {!disabled && (
        <div class="copy-row" onKeyDown={keyDown}>
          <div class="field field-grow">
            <label for={id} id={`${id}-label`}>
              Add an area code to region {index + 1}
            </label>
            <AreaCodePicker id={id} text={text} onText={setText} onChoose={(ac) => ac && add(ac.code)} />
          </div>
          <div class="field field-action">
            <button type="button" class="button button-secondary" onClick={() => add(typedCode(text))}>
              Add<span class="visually-hidden"> area code to region {index + 1}</span>
            </button>
          </div>
        </div>
      )}
      <p class="visually-hidden" role="status">
        {note}
      </p>
    </div>
  );
}

function RegionKind({ index, region, onChange, disabled }) {
  const name = `region-${index + 1}-type`;
  const kinds = [
    ['area_codes', 'Area codes'],
    ['state', 'A whole state'],
    ['country', 'The whole country'],
  ];
  return (
    <div class="radio-row" role="radiogroup" aria-label={`Kind of region ${index + 1}`}>
      {kinds.map(([value, label]) => (
        <label key={value} class="radio">
          <input
            type="radio"
            name={name}
            value={value}
            checked={(region.type || 'area_codes') === value}
            disabled={disabled}
            onChange={() =>
              onChange(
                value === 'area_codes'
                  ? { type: 'area_codes', area_codes: [] }
                  : value === 'state'
                    ? { type: 'state', state: region.state || 'CA' }
                    : { type: 'country' },
              )
            }
          />{' '}
          {label}
        </label>
      ))}
    </div>
  );
}

export function RegionsEditor({ regions, onChange, disabled }) {
  const list = regions.length ? regions : [{ type: 'area_codes', area_codes: [] }];

  function put(i, region) {
    onChange(list.map((r, j) => (j === i ? region : r)));
  }

  function removeRegion(i) {
    const rest = list.filter((_, j) => j !== i);
    // Only the last region may be a state or the whole country.
    onChange(rest.map((r, j) => (j < rest.length - 1 && r.type !== 'area_codes' ? { type: 'area_codes', area_codes: [] } : r)));
  }

  return (
    <div class="regions">
      {list.map((region, i) => (
        <fieldset key={i} class="fieldset region">
          <legend>
            Region {i + 1} <span class="optional">({ORDINAL[i]})</span>
          </legend>
          {i === MAX_REGIONS - 1 && <RegionKind index={i} region={region} onChange={(r) => put(i, r)} disabled={disabled} />}
          {region.type === 'state' ? (
            <div class="field">
              <label for={`region-${i + 1}-state`}>State</label>
              <select
                id={`region-${i + 1}-state`}
                value={region.state}
                disabled={disabled}
                onChange={(e) => put(i, { type: 'state', state: e.currentTarget.value })}
              >
                {STATE_CODES.map((code) => (
                  <option key={code} value={code}>
                    {STATES[code]} ({code})
                  </option>
                ))}
              </select>
            </div>
          ) : region.type === 'country' ? (
            <p class="muted">Any US area code.</p>
          ) : (
            <AreaCodes index={i} region={region} onChange={(r) => put(i, r)} disabled={disabled} />
          )}
          {!disabled && list.length > 1 && (
            <button type="button" class="button button-small button-danger" onClick={() => removeRegion(i)}>
              Remove region {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      {!disabled && list.length < MAX_REGIONS && (
        <button
          type="button"
          class="button button-secondary"
          onClick={() => onChange([...list, { type: 'area_codes', area_codes: [] }])}
        >
          Add region {list.length + 1}
        </button>
      )}
    </div>
  );
}
