// What a texter does with a conversation besides answering: its tags (a
// picker of the organization's tags; one marked escalate sends it to the
// organizers' review queue), Skip (the reply waits behind my other
// replies; back to the list) and Close (it leaves "needs response" until
// the contact writes again). Nothing here sends a text, so it works on an
// opted-out contact's conversation too.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { navigate } from '../router.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { useSubmit } from '../components/useSubmit.js';
import './messenger.css';

export function ConversationTools({ org, c, onChange, onSaid }) {
  const [tags, setTags] = useState(null);
  const [pick, setPick] = useState('');
  const [loadError, setLoadError] = useState(null);

  useEffect(() => {
    api
      .listTags(org.org_id)
      .then((r) => setTags(r.items))
      .catch(setLoadError);
  }, [org.org_id]);

  const acting = useSubmit(
    async (step, said) => {
      await step();
      onSaid(said);
      await onChange();
    },
    { again: true },
  );

  const on = new Set((c.tags || []).map((t) => t.id));
  const choices = (tags || []).filter((t) => !on.has(t.id));

  function addTag(e) {
    e.preventDefault();
    const id = Number(pick);
    if (!id) return;
    const tag = choices.find((t) => t.id === id);
    acting.submit(async () => {
      await api.addConversationTag(org.org_id, c.id, id);
      setPick('');
    }, tag && tag.escalate ? `Tagged ${tag.name}: sent to the organizers.` : `Tagged ${tag ? tag.name : ''}.`);
  }

  const removeTag = (t) => acting.submit(() => api.removeConversationTag(org.org_id, c.id, t.id), `Removed ${t.name}.`);
  const close = () => acting.submit(() => api.closeConversation(org.org_id, c.id), 'Conversation closed.');
  const skip = () =>
    acting.submit(async () => {
      await api.skipConversation(org.org_id, c.id);
      navigate('/inbox');
    }, 'Skipped.');

  const canClose = c.status !== 'needs_message' && c.status !== 'closed';
  return (
    <section class="card conversation-tools" aria-label="Tags and status">
      {c.status === 'closed' && (
        <p class="notice" role="note" data-testid="closed-note">
          Closed. A new reply from the contact opens it again.
        </p>
      )}
      {c.escalated && (
        <p class="notice" role="note">
          Escalated: waiting for an organizer to review it.
        </p>
      )}
      <h2 class="tools-heading">Tags</h2>
      {c.tags && c.tags.length > 0 ? (
        <ul class="tag-chips" aria-label="Tags on this conversation">
          {c.tags.map((t) => (
            <li key={t.id} class={`tag-chip${t.escalate ? ' tag-chip-escalate' : ''}`}>
              {t.name}
              <button
                type="button"
                class="tag-chip-remove"
                aria-label={`Remove tag ${t.name}`}
                disabled={acting.busy}
                onClick={() => removeTag(t)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No tags.</p>
      )}
      <ErrorText error={loadError} />
      {tags && tags.length === 0 && <p class="muted">Your organization has no tags yet.</p>}
      {choices.length > 0 && (
        <form class="tag-picker" onSubmit={addTag}>
          <label for="tag-pick" class="visually-hidden">
            Add a tag
          </label>
          <select id="tag-pick" value={pick} onChange={(e) => setPick(e.currentTarget.value)}>
            <option value="">Add a tag…</option>
            {choices.map((t) => (
              <option key={t.id} value={String(t.id)}>
                {t.escalate ? `${t.name} (escalates)` : t.name}
              </option>
            ))}
          </select>
          <button type="submit" class="button button-secondary" disabled={acting.busy || !pick}>
            Add tag
          </button>
        </form>
      )}
      <ErrorText error={acting.error} />
      {(canClose || c.status === 'needs_response') && (
        <div class="send-row tools-actions">
          {c.status === 'needs_response' && (
            <button type="button" class="button button-secondary" disabled={acting.busy} onClick={skip}>
              Skip for now
            </button>
          )}
          {canClose && (
            <button type="button" class="button button-secondary" disabled={acting.busy} onClick={close}>
              Close conversation
            </button>
          )}
        </div>
      )}
    </section>
  );
}
