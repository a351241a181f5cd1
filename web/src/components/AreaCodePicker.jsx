// The area-code field: a combobox (ARIA 1.2, list autocomplete) over the
// US area codes from GET /area-codes. Typing "415", "San Fran" or "CA"
// filters the list; Up/Down move through it (aria-activedescendant keeps
// focus in the input), Enter or a click chooses, Esc closes. Any three
// digits may still be typed: the list is data, not a rule. Enter always
// closes the list, and it only opens again on typing, a click in the input
// or Down: left open with nothing typed it would lie over the buttons
// below and take their clicks.
import { useEffect, useMemo, useState } from 'preact/hooks';
import * as api from '../api.js';
import { areaCodeLabel, searchAreaCodes } from './areaCodeSearch.js';

const SHOWN = 50; // options in the list at once; typing narrows it

export function AreaCodePicker({ id, text, onText, onChoose, inputProps = {} }) {
  const [codes, setCodes] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = `${id}-list`;
  const optionId = (i) => `${id}-option-${i}`;

  useEffect(() => {
    api.listAreaCodes().then(setCodes, setLoadError);
  }, []);

  const matches = useMemo(() => (codes ? searchAreaCodes(codes, text) : []), [codes, text]);
  const shown = matches.slice(0, SHOWN);
  const expanded = open && shown.length > 0;

  // Keep the active option in view while moving with the keyboard.
  useEffect(() => {
    if (!expanded || active < 0) return;
    const el = document.getElementById(optionId(active));
    if (el) el.scrollIntoView({ block: 'nearest' });
  }, [active, expanded]);

  function choose(ac) {
    onText(areaCodeLabel(ac));
    onChoose(ac);
    setOpen(false);
    setActive(-1);
  }

  function keyDown(e) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!expanded) {
        setOpen(true);
        setActive(e.altKey ? -1 : 0);
      } else {
        setActive((a) => Math.min(a + 1, shown.length - 1));
      }
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (!expanded) {
        setOpen(true);
        setActive(shown.length - 1);
      } else {
        setActive((a) => Math.max(a - 1, 0));
      }
    } else if (e.key === 'Enter') {
      // Enter chooses the active option instead of sending the form;
      // without one, what was typed is the caller's (RegionsEditor adds
      // it). Either way the list closes.
      if (expanded && active >= 0 && shown[active]) {
        e.preventDefault();
        choose(shown[active]);
      } else {
        setOpen(false);
        setActive(-1);
      }
    } else if (e.key === 'Escape') {
      if (expanded) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      }
    }
  }

  function input(e) {
    onText(e.currentTarget.value);
    onChoose(null);
    setOpen(true);
    setActive(-1);
  }

  let status = '';
  if (open && codes && text.trim()) {
    if (matches.length === 0) status = 'No area code matches. You can still type any three digits.';
    else if (matches.length > SHOWN) status = `${matches.length} area codes match; the first ${SHOWN} are listed. Type more to narrow.`;
    else status = `${matches.length} area code${matches.length === 1 ? '' : 's'} match.`;
  }

  return (
    <div class="combobox">
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={expanded ? 'true' : 'false'}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        value={text}
        onInput={input}
        onKeyDown={keyDown}
        onClick={() => setOpen((o) => !o)}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
        }}
        {...inputProps}
      />
      <ul id={listId} role="listbox" aria-labelledby={`${id}-label`} class="combobox-list" hidden={!expanded}>
        {expanded &&
          shown.map((ac, i) => (
            <li
              key={ac.code}
              id={optionId(i)}
              role="option"
              aria-selected={i === active ? 'true' : 'false'}
              class={i === active ? 'combobox-option active' : 'combobox-option'}
              // mousedown would blur the input and close the list first.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(ac)}
            >
              <span class="combobox-code">{ac.code}</span> — {ac.state}
              {ac.places && <span class="combobox-places"> — {ac.places}</span>}
            </li>
          ))}
      </ul>
      <p class="visually-hidden" role="status">
        {status}
      </p>
      {loadError && (
        <p class="hint">
          The list of area codes could not be loaded ({loadError.message}). You can still type three digits.
        </p>
      )}
    </div>
  );
}
