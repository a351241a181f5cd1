// A campaign's sending queue, on the campaign page and its texting page:
// how many messages wait (the sender paces them per use case and number),
// how long until they have all gone, the pace, and the messages whose fate
// is unknown (the provider never answered and has no record of them: the
// contact may or may not have them). Those are listed, and an owner or
// admin may send one again, after saying yes to "they may get it twice".
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { ConfirmDialog } from './ConfirmDialog.jsx';
import { formatCount, formatDuration, formatPhone, formatTime } from './format.js';
import { useSubmit } from './useSubmit.js';

// onDone(text): what was done, said by the queue (this list may be gone by
// then: the last unknown message sent again empties it).
function UnknownMessages({ org, campaignId, zone, count, onResent, onDone }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [asking, setAsking] = useState(null); // the item to send again
  const mayResend = org.role === 'owner' || org.role === 'admin';

  async function load() {
    try {
      setItems((await api.listUnknownMessages(org.org_id, campaignId)).items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  useEffect(() => {
    load();
  }, [org.org_id, campaignId, count]);

  async function resendAsked() {
    await api.resendMessage(org.org_id, asking.message.id);
    onDone(`The message to ${asking.first_name || formatPhone(asking.phone)} is queued again.`);
    setAsking(null);
    await load();
    onResent();
  }
  const {
    busy,
    error: actionError,
    setError: setActionError,
    submit: resend,
  } = useSubmit(resendAsked, { again: true });

  return (
    <div class="unknown-messages">
      <h3 id="unknown-heading">Messages whose fate is unknown</h3>
      <p class="hint">
        The provider never answered for these, and has no record of them: the contact may or may not have them. They are
        never sent again on their own.
      </p>
      <ErrorText error={error} />
      {items && items.length > 0 && (
        <ul class="unknown-list" aria-labelledby="unknown-heading">
          {items.map((it) => (
            <li key={it.message.id} data-testid={`unknown-${it.message.id}`}>
              <p>
                <strong>
                  {[it.first_name, it.last_name].filter(Boolean).join(' ') || 'Contact'}
                </strong>{' '}
                {formatPhone(it.phone)} · {formatTime(it.message.created_at, zone)}
              </p>
              <p class="unknown-body">{it.message.body}</p>
              {it.message.error && <p class="muted">{it.message.error}</p>}
              {mayResend && (
                <button type="button" class="button button-secondary" onClick={() => setAsking(it)}>
                  Send again
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        id="resend"
        open={asking !== null}
        title="Send this message again?"
        confirmLabel="Send again"
        busy={busy}
        error={actionError}
        onConfirm={resend}
        onCancel={() => {
          setAsking(null);
          setActionError(null);
        }}
      >
        <p>
          The contact may already have it: sending it again may text them twice. It goes back to the queue and is sent at
          its turn.
        </p>
      </ConfirmDialog>
    </div>
  );
}

// queue: {waiting, unknown, drain_seconds, per_minute} from the API;
// zone: the campaign's time zone.
export function SendingQueue({ org, campaignId, zone, queue, onResent }) {
  const [done, setDone] = useState('');
  if (!queue) return null;
  return (
    <section class="card" aria-labelledby="sending-queue-heading">
      <h2 id="sending-queue-heading">Sending</h2>
      <dl class="facts counts">
        <div>
          <dt>Waiting to send</dt>
          <dd data-testid="queue-waiting">{formatCount(queue.waiting)}</dd>
        </div>
        <div>
          <dt>All sent in</dt>
          <dd data-testid="queue-drain">{queue.waiting > 0 ? `about ${formatDuration(queue.drain_seconds)}` : '–'}</dd>
        </div>
        <div>
          <dt>Pace</dt>
          <dd data-testid="queue-pace">
            {queue.per_minute ? `${formatCount(queue.per_minute)} a minute` : '–'}
          </dd>
        </div>
        <div>
          <dt>Fate unknown</dt>
          <dd data-testid="queue-unknown">{formatCount(queue.unknown)}</dd>
        </div>
      </dl>
      <p role="status">{done}</p>
      {queue.unknown > 0 && (
        <UnknownMessages org={org} campaignId={campaignId} zone={zone} count={queue.unknown} onResent={onResent} onDone={setDone} />
      )}
    </section>
  );
}
