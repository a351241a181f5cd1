// The initial message script: merge-field buttons ({first_name},
// {last_name}, {texter_first_name} and every column of the contact file)
// that insert at the cursor, the live character and segment count, and a
// preview for a real contact.
import { useRef, useState } from 'preact/hooks';
import { FieldError, fieldError } from './FieldError.jsx';
import { SegmentCounter } from './SegmentCounter.jsx';
import { ScriptPreview, contactName } from './ScriptPreview.jsx';
import { renderScript, STANDARD_FIELDS } from '../sms.js';

// The merge fields to offer: the standard ones, then the contact file's
// columns (the campaign lists them once contacts are in; else the first
// contact's own fields tell).
function mergeFields(campaign, contacts) {
  const columns = campaign.contact_columns || Object.keys((contacts && contacts[0] && contacts[0].fields) || {});
  return [...STANDARD_FIELDS, ...columns.filter((c) => !STANDARD_FIELDS.includes(c) && c !== 'phone')];
}

export function ScriptEditor({ org, me, f, set, error, editable, campaign, contacts }) {
  const area = useRef(null);
  const [contactId, setContactId] = useState(null);
  const disabled = !editable('script');
  const fields = mergeFields(campaign, contacts);
  const contact = (contacts || []).find((c) => String(c.id) === String(contactId)) || (contacts && contacts[0]) || null;

  function insert(name) {
    const el = area.current;
    const token = `{${name}}`;
    const start = el ? el.selectionStart : f.script.length;
    const end = el ? el.selectionEnd : f.script.length;
    const next = f.script.slice(0, start) + token + f.script.slice(end);
    set({ script: next });
    // Put the cursor after the inserted field once the text is rendered.
    requestAnimationFrame(() => {
      if (!area.current) return;
      area.current.focus();
      area.current.setSelectionRange(start + token.length, start + token.length);
    });
  }

  const texterFirst = (me.user.name || '').split(/\s+/)[0] || 'Sam';
  const values = contact
    ? { ...(contact.fields || {}), first_name: contact.first_name, last_name: contact.last_name, texter_first_name: texterFirst }
    : { texter_first_name: texterFirst };
  const basis = contact
    ? `Counted for ${contactName(contact)}, with your first name for {texter_first_name}.`
    : 'Counted with the merge fields as written; each contact’s values change the length.';

  return (
    <fieldset class="fieldset">
      <legend>Initial message</legend>
      {!disabled && (
        <div class="merge-fields" role="group" aria-label="Insert a merge field">
          {fields.map((name) => (
            <button key={name} type="button" class="button button-small button-secondary" onClick={() => insert(name)}>
              {`{${name}}`}
            </button>
          ))}
        </div>
      )}
      <div class="field">
        <label for="campaign-script">Script</label>
        <textarea
          id="campaign-script"
          ref={area}
          rows={5}
          value={f.script}
          disabled={disabled}
          onInput={(e) => set({ script: e.currentTarget.value })}
          {...fieldError(error, 'script', 'campaign-script-error', 'campaign-script-count')}
        />
        <FieldError error={error} field="script" id="campaign-script-error" />
      </div>
      <SegmentCounter
        id="campaign-script-count"
        text={renderScript(f.script, values)}
        basis={basis}
        scriptLength={Array.from(f.script).length}
      />
      <ScriptPreview
        org={org}
        campaign={campaign}
        script={f.script}
        contacts={contacts}
        contactId={contact ? contact.id : null}
        onContact={setContactId}
      />
    </fieldset>
  );
}
