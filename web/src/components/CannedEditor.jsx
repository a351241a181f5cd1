// Canned responses as organizers keep them (the campaign page's section,
// CampaignCanned.jsx, and the organization-wide screen): a form for a
// title and a text with the script's merge fields, and the list with Edit
// and Delete (and, for an organization-wide one on a campaign, Leave
// out). The API checks the merge fields and names the field it refuses.
import { useState } from 'preact/hooks';
import { ErrorText } from './ErrorText.jsx';
import { FieldError, fieldError, formError } from './FieldError.jsx';
import { ConfirmDialog } from './ConfirmDialog.jsx';
import { useSubmit } from './useSubmit.js';
import './canned.css';

export const TITLE_MAX = 100;
export const TEXT_MAX = 1600;

// A new or edited canned response. onSave({title, text}) may throw the
// API's error, shown under its field. `fields`: the merge fields to name;
// `more`: words for the others (an organization-wide one's columns).
export function CannedForm({ id, initial, fields, more, saveLabel, onSave, onCancel }) {
  const [title, setTitle] = useState(initial ? initial.title : '');
  const [text, setText] = useState(initial ? initial.text : '');
  const { busy, error, submit } = useSubmit(
    async () => {
      await onSave({ title, text });
      if (!initial) {
        setTitle('');
        setText('');
      }
    },
    { again: true },
  );
  return (
    <form class="form" onSubmit={submit} aria-label={initial ? `Edit ${initial.title}` : saveLabel}>
      <ErrorText error={formError(error, ['title', 'text'])} />
      <div class="field">
        <label for={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          value={title}
          maxLength={TITLE_MAX}
          required
          onInput={(e) => setTitle(e.currentTarget.value)}
          {...fieldError(error, 'title', `${id}-title-error`)}
        />
        <FieldError error={error} field="title" id={`${id}-title-error`} />
      </div>
      <div class="field">
        <label for={`${id}-text`}>Text</label>
        <textarea
          id={`${id}-text`}
          value={text}
          maxLength={TEXT_MAX}
          required
          rows={3}
          onInput={(e) => setText(e.currentTarget.value)}
          {...fieldError(error, 'text', `${id}-text-error`, `${id}-text-hint`)}
        />
        <p class="hint" id={`${id}-text-hint`}>
          Merge fields as in the script: {fields.map((f) => `{${f}}`).join(', ')}
          {more ? `, ${more}` : ''}.
        </p>
        <FieldError error={error} field="text" id={`${id}-text-error`} />
      </div>
      <div class="form-actions">
        <button type="submit" class="button" disabled={busy}>
          {saveLabel}
        </button>
        {onCancel && (
          <button type="button" class="button button-secondary" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

// The list. onUpdate(item, fields) and onDelete(item) may throw; onLeaveOut
// (item) is offered for organization-wide items when given (a campaign's
// view, where those are edited on their own screen).
export function CannedList({ items, fields, more, onUpdate, onDelete, onLeaveOut }) {
  const [editing, setEditing] = useState(null);
  const [deleting, setDeleting] = useState(null);
  const removal = useSubmit(
    async () => {
      await onDelete(deleting);
      setDeleting(null);
    },
    { again: true },
  );
  const leaving = useSubmit((item) => onLeaveOut(item), { again: true });
  const ownHere = (c) => !onLeaveOut || c.scope === 'campaign';

  return (
    <>
      <ErrorText error={leaving.error} />
      <ul class="canned-admin-list">
        {items.map((c) =>
          editing === c.id ? (
            <li key={c.id}>
              <CannedForm
                id={`canned-${c.id}`}
                initial={c}
                fields={fields}
                more={more}
                saveLabel="Save"
                onSave={async (f) => {
                  await onUpdate(c, f);
                  setEditing(null);
                }}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={c.id}>
              <strong>{c.title}</strong>
              {onLeaveOut && c.scope === 'organization' && <span class="small-tag"> Organization-wide</span>}
              <p class="script-text">{c.text}</p>
              <div class="form-actions">
                {ownHere(c) ? (
                  <>
                    <button type="button" class="button button-small button-secondary" onClick={() => setEditing(c.id)}>
                      Edit<span class="visually-hidden"> {c.title}</span>
                    </button>
                    <button type="button" class="button button-small button-danger" onClick={() => setDeleting(c)}>
                      Delete<span class="visually-hidden"> {c.title}</span>
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    class="button button-small button-secondary"
                    disabled={leaving.busy}
                    onClick={() => leaving.submit(c)}
                  >
                    Leave out<span class="visually-hidden"> {c.title}</span>
                  </button>
                )}
              </div>
            </li>
          ),
        )}
      </ul>
      <ConfirmDialog
        id="canned-delete"
        open={Boolean(deleting)}
        title="Delete this canned response?"
        confirmLabel="Delete"
        busy={removal.busy}
        error={removal.error}
        onConfirm={removal.submit}
        onCancel={() => setDeleting(null)}
      >
        <p>
          “{deleting && deleting.title}” will no longer be offered to texters
          {deleting && deleting.scope === 'organization' ? ' in any campaign.' : '.'}
        </p>
      </ConfirmDialog>
    </>
  );
}
