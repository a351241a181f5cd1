// The initial message as the server writes it for one real contact
// (POST .../preview with the unsaved script): the text in a bubble, with
// the server's own count of characters and segments.
import { useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { useSubmit } from './useSubmit.js';

export function contactName(c) {
  const name = [c.first_name, c.last_name].filter(Boolean).join(' ');
  return name || c.phone;
}

export function ScriptPreview({ org, campaign, script, contacts, contactId, onContact }) {
  const [preview, setPreview] = useState(null);

  async function fetchPreview() {
    try {
      setPreview(await api.previewScript(org.org_id, campaign.id, script, contactId));
    } catch (e) {
      setPreview(null);
      throw e;
    }
  }
  const { busy, error, submit: show } = useSubmit(fetchPreview, { again: true });

  return (
    <div class="script-preview">
      <div class="copy-row">
        {contacts && contacts.length > 0 && (
          <div class="field field-grow">
            <label for="preview-contact">Preview for</label>
            <select id="preview-contact" value={String(contactId || '')} onChange={(e) => onContact(e.currentTarget.value)}>
              {contacts.map((c) => (
                <option key={c.id} value={String(c.id)}>
                  {contactName(c)} ({c.phone})
                </option>
              ))}
            </select>
          </div>
        )}
        <div class="field field-action">
          <button type="button" class="button button-secondary" disabled={busy} onClick={show}>
            Preview message
          </button>
        </div>
      </div>
      {contacts && contacts.length === 0 && (
        <p class="hint">No contacts yet: the preview uses sample values. Upload contacts to preview a real one.</p>
      )}
      <ErrorText error={error} />
      {preview && (
        <figure class="preview" aria-label="Message preview">
          <p class="sms-bubble">{preview.text}</p>
          <figcaption class="muted small">
            {preview.characters} characters · {preview.segments} SMS segment{preview.segments === 1 ? '' : 's'} ·{' '}
            {preview.encoding}
          </figcaption>
        </figure>
      )}
      {preview && preview.unknown_field && (
        <p class="warning" role="alert">
          {`{${preview.unknown_field}}`} is not a column of the contact file: it would be sent as written, and the
          launch is refused until the script or the file is fixed.
        </p>
      )}
    </div>
  );
}
