// The organization's tags (owners and admins): add one, rename it, mark it
// to escalate (a conversation tagged with it goes to the organizers'
// review queue), delete it (it comes off every conversation). Texters pick
// these in the messenger.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { ConfirmDialog } from './ConfirmDialog.jsx';
import { ErrorText } from './ErrorText.jsx';
import { FieldError, fieldError } from './FieldError.jsx';
import { useSubmit } from './useSubmit.js';
import './tags.css';

function TagRow({ org, tag, onChanged, onDelete }) {
  const [name, setName] = useState(tag.name);
  const [escalate, setEscalate] = useState(tag.escalate);
  const saving = useSubmit(
    async (fields) => {
      try {
        await api.updateTag(org.org_id, tag.id, fields);
      } catch (e) {
        setEscalate(tag.escalate);
        throw e;
      }
      await onChanged();
    },
    { again: true },
  );

  function mark(e) {
    const on = e.currentTarget.checked;
    setEscalate(on);
    saving.submit({ escalate: on });
  }
  const errId = `tag-${tag.id}-error`;

  function rename(e) {
    e.preventDefault();
    if (name.trim() && name.trim() !== tag.name) saving.submit({ name });
  }

  return (
    <li class="tag-row">
      <form class="tag-row-form" onSubmit={rename}>
        <label for={`tag-${tag.id}-name`} class="visually-hidden">
          Name of tag {tag.name}
        </label>
        <input
          id={`tag-${tag.id}-name`}
          maxLength={50}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          {...fieldError(saving.error, 'name', errId)}
        />
        <button type="submit" class="button button-secondary" disabled={saving.busy || name.trim() === tag.name}>
          Rename
        </button>
        <label class="check">
          <input
            type="checkbox"
            checked={escalate}
            disabled={saving.busy}
            onChange={mark}
          />{' '}
          Escalates
        </label>
        <button type="button" class="button button-danger" onClick={() => onDelete(tag)}>
          Delete
        </button>
      </form>
      <FieldError error={saving.error} field="name" id={errId} />
      {saving.error && saving.error.field !== 'name' && <ErrorText error={saving.error} />}
    </li>
  );
}

export function TagSettings({ org }) {
  const [tags, setTags] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [name, setName] = useState('');
  const [escalate, setEscalate] = useState(false);
  const [doomed, setDoomed] = useState(null);

  async function load() {
    try {
      setTags((await api.listTags(org.org_id)).items);
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }
  useEffect(() => {
    load();
  }, [org.org_id]);

  const adding = useSubmit(
    async () => {
      await api.createTag(org.org_id, name, escalate);
      setName('');
      setEscalate(false);
      await load();
    },
    { again: true },
  );
  const deleting = useSubmit(
    async () => {
      await api.deleteTag(org.org_id, doomed.id);
      setDoomed(null);
      await load();
    },
    { again: true },
  );

  return (
    <section class="card" aria-labelledby="tags-heading">
      <h2 id="tags-heading">Tags</h2>
      <p class="muted">
        Texters put these on conversations (for example “needs follow-up” or “wrong number”). A tag that escalates sends
        the conversation to the organizers’ review queue.
      </p>
      <ErrorText error={loadError} />
      {tags && tags.length === 0 && <p>No tags yet.</p>}
      {tags && tags.length > 0 && (
        <ul class="tag-rows" aria-label="Tags">
          {tags.map((t) => (
            <TagRow key={`${t.id}-${t.name}`} org={org} tag={t} onChanged={load} onDelete={setDoomed} />
          ))}
        </ul>
      )}
      <form class="form tag-add" onSubmit={adding.submit}>
        <div class="field">
          <label for="new-tag-name">New tag</label>
          <input
            id="new-tag-name"
            maxLength={50}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            {...fieldError(adding.error, 'name', 'new-tag-error')}
          />
          <FieldError error={adding.error} field="name" id="new-tag-error" />
        </div>
        <label class="check">
          <input type="checkbox" checked={escalate} onChange={(e) => setEscalate(e.currentTarget.checked)} /> Escalates to
          organizers
        </label>
        {adding.error && adding.error.field !== 'name' && <ErrorText error={adding.error} />}
        <button type="submit" class="button" disabled={adding.busy || !name.trim()}>
          Add tag
        </button>
      </form>
      <ConfirmDialog
        id="delete-tag"
        open={Boolean(doomed)}
        title={doomed ? `Delete the tag “${doomed.name}”?` : ''}
        confirmLabel="Delete"
        busy={deleting.busy}
        error={deleting.error}
        onConfirm={deleting.submit}
        onCancel={() => setDoomed(null)}
      >
        <p>It comes off every conversation. Conversations it escalated stay in the review queue.</p>
      </ConfirmDialog>
    </section>
  );
}
