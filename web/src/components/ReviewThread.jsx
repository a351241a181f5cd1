// One conversation opened from message review: its whole thread and a
// reply box for the organizer, who answers as themselves (the texter keeps
// the conversation). A contact who opted out cannot be texted; the server
// refuses that too (409), and its error shows here like any other.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { formatTime } from './format.js';
import { useSubmit } from './useSubmit.js';
import '../messenger/messenger.css';

export const contactName = (c) => [c.first_name, c.last_name].filter(Boolean).join(' ') || 'Contact';

const STATUS = { queued: 'Sending…', sending: 'Sending…', sent: 'Sent', delivered: 'Delivered', failed: 'Not delivered' };

function Message({ m }) {
  const who = m.direction === 'in' ? 'Contact' : m.sender_name || 'Us';
  return (
    <li class={`bubble ${m.direction === 'in' ? 'bubble-in' : 'bubble-out'}`}>
      <span class="visually-hidden">{`${who} wrote: `}</span>
      {m.body}
      <span class="bubble-meta">{[m.direction === 'in' ? 'Received' : STATUS[m.status], m.sender_name, m.created_at && formatTime(m.created_at)].filter(Boolean).join(' · ')}</span>
    </li>
  );
}

// id: the conversation; onClose: back to the list; onReplied: the list
// may want to show the new status.
export function ReviewThread({ org, id, onClose, onReplied }) {
  const [c, setC] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [text, setText] = useState('');
  const [said, setSaid] = useState('');
  const heading = useRef(null);

  async function load() {
    try {
      setC(await api.getConversation(org.org_id, id));
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }
  useEffect(() => {
    setC(null);
    setSaid('');
    load();
  }, [org.org_id, id]);
  useEffect(() => {
    if (c && heading.current) heading.current.focus();
  }, [c && c.id]);

  async function reply() {
    const body = text.trim();
    await api.sendReply(org.org_id, id, body);
    setText('');
    setSaid('Reply sent.');
    await load();
    onReplied();
  }
  const sending = useSubmit(reply, { again: true });

  function submit(e) {
    e.preventDefault();
    if (text.trim() && !sending.busy) sending.submit();
  }

  return (
    <section class="card review-thread" aria-labelledby="review-thread-heading">
      <h2 id="review-thread-heading" tabIndex={-1} ref={heading}>
        {c ? contactName(c) : 'Conversation'}
      </h2>
      <ErrorText error={loadError} />
      {!c && !loadError && <p role="status">Loading the conversation…</p>}
      {c && (
        <>
          <p class="muted">
            {c.campaign_name} · {c.assignee ? `Assigned to ${c.assignee.name}` : 'Unassigned'}
            {c.opted_out ? ' · Opted out' : ''}
          </p>
          {c.messages.length === 0 && <p class="muted">No messages yet.</p>}
          <ul class="thread" aria-label="Messages">
            {c.messages.map((m) => (
              <Message key={m.id} m={m} />
            ))}
          </ul>
          <p class="visually-hidden" role="status">
            {said}
          </p>
          {c.opted_out ? (
            <p class="notice" role="note">
              This contact opted out: nothing more can be sent to them.
            </p>
          ) : (
            <form class="form reply-box" onSubmit={submit}>
              <ErrorText error={sending.error} />
              <div class="field">
                <label for="review-reply">Reply as yourself</label>
                <textarea id="review-reply" maxLength={1600} value={text} onInput={(e) => setText(e.currentTarget.value)} />
              </div>
              <div class="send-row">
                <button type="submit" class="button" disabled={sending.busy || !text.trim()}>
                  Send reply
                </button>
              </div>
            </form>
          )}
        </>
      )}
      <button type="button" class="button button-secondary" onClick={onClose}>
        Back to the list
      </button>
    </section>
  );
}
