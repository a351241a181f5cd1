// One conversation: the messages both ways (with their delivery status),
// the reply box, and "Opt out" for a contact who asks to stop. Replies may
// be sent after the campaign's end date and outside open hours.
// Keyboard: Ctrl+Enter (or Cmd+Enter) sends the reply.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link } from '../router.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { ConfirmDialog } from '../components/ConfirmDialog.jsx';
import { formatTime } from '../components/format.js';
import { usePoll } from '../components/usePoll.js';
import { useSubmit } from '../components/useSubmit.js';
import { GateNotice } from './GateNotice.jsx';
import { ConversationTools } from './ConversationTools.jsx';
import { CannedPicker } from './CannedPicker.jsx';
import { SurveyPanel } from './SurveyPanel.jsx';
import './messenger.css';

const fullName = (c) => [c.first_name, c.last_name].filter(Boolean).join(' ') || 'Contact';

const STATUS = {
  queued: 'Sending…',
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Not delivered',
  received: '',
};

function Message({ m }) {
  const meta = [m.direction === 'in' ? 'Received' : STATUS[m.status], m.created_at && formatTime(m.created_at)]
    .filter(Boolean)
    .join(' · ');
  return (
    <li class={`bubble ${m.direction === 'in' ? 'bubble-in' : 'bubble-out'}`}>
      <span class="visually-hidden">{m.direction === 'in' ? 'They wrote: ' : 'You wrote: '}</span>
      {m.body}
      <span class="bubble-meta">
        {meta}
        {m.status === 'failed' && m.error ? ` (${m.error})` : ''}
      </span>
    </li>
  );
}

export function Conversation({ org, me, params }) {
  const id = Number(params.id);
  const [c, setC] = useState(null);
  const [error, setError] = useState(null);
  const [text, setText] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [said, setSaid] = useState(null);
  const boxRef = useRef(null);

  async function load() {
    try {
      setC(await api.getConversation(org.org_id, id));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  useEffect(() => {
    load();
  }, [org.org_id, id]);
  usePoll(load, 4000);

  const mine = c && c.assignee && c.assignee.id === me.user.id;
  const organizer = ['owner', 'admin', 'supervisor'].includes(org.role);

  async function sendReply(body) {
    await api.sendReply(org.org_id, id, body);
    setText('');
    setSaid('Reply sent.');
    await load();
    if (boxRef.current) boxRef.current.focus();
  }

  async function sendFirst() {
    try {
      await api.sendInitial(org.org_id, id);
      setSaid('Message sent.');
      await load();
    } catch (err) {
      await load();
      throw err;
    }
  }

  async function optOutContact() {
    await api.optOut(org.org_id, id);
    setConfirm(false);
    setSaid('Opted out.');
    await load();
  }

  // A reply and the initial message share one error line: each submission
  // runs the step it is given. One thing at a time, opting out included.
  const sending = useSubmit((step, ...args) => step(...args), { again: true });
  const optingOut = useSubmit(optOutContact, { again: true });
  const busy = sending.busy || optingOut.busy;
  const sendError = sending.error;
  const sendInitial = () => sending.submit(sendFirst);
  const optOut = optingOut.submit;

  function reply(e) {
    if (e) e.preventDefault();
    const body = text.trim();
    if (!body || busy) return;
    sending.submit(sendReply, body);
  }

  // A canned response replaces the reply box's text, to edit or send.
  function putCanned(body) {
    setText(body);
    if (boxRef.current) boxRef.current.focus();
  }

  // A held Ctrl+Enter sends one reply: its repeats are dropped.
  function onKey(e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      if (e.repeat) e.preventDefault();
      else reply(e);
    }
  }

  if (error && !c) {
    return (
      <>
        <PageHeading title="Conversation" />
        <ErrorText error={error} />
        <p class="link-line">
          <Link href="/inbox">Back to replies</Link>
        </p>
      </>
    );
  }
  if (!c) return <p role="status">Loading…</p>;

  const initial = c.status === 'needs_message';
  return (
    <>
      <p class="breadcrumb">
        <Link href="/inbox">Replies</Link> · <Link href="/assignments">My assignments</Link>
      </p>
      <PageHeading title={fullName(c)} />
      <p class="lead">{c.campaign_name}</p>
      <p class="visually-hidden" role="status">
        {said}
      </p>
      {c.opted_out && (
        <p class="notice" role="note">
          This contact opted out: nothing more can be sent to them.
        </p>
      )}
      <section class="card" aria-label="Messages">
        {c.messages.length === 0 && !initial && <p class="muted">No messages yet.</p>}
        <ul class="thread">
          {c.messages.map((m) => (
            <Message key={m.id} m={m} />
          ))}
          {initial && c.initial_message && <li class="bubble bubble-out bubble-draft">{c.initial_message}</li>}
        </ul>
        {mine && !c.opted_out && initial && (
          <>
            <GateNotice gate={c.gate} zone={c.campaign_time_zone} onOpen={load} />
            <ErrorText error={sendError} />
            <button type="button" class="button button-big" disabled={busy || Boolean(c.gate)} onClick={sendInitial}>
              Send
            </button>
          </>
        )}
        {mine && !c.opted_out && !initial && (
          <form class="form reply-box" onSubmit={reply}>
            <GateNotice gate={c.gate} zone={c.campaign_time_zone} onOpen={load} />
            <ErrorText error={sendError} />
            <CannedPicker orgId={org.org_id} conversationId={id} onPick={putCanned} disabled={busy} />
            <div class="field">
              <label for="reply-text">Your reply</label>
              <textarea
                id="reply-text"
                ref={boxRef}
                maxLength={1600}
                value={text}
                onInput={(e) => setText(e.currentTarget.value)}
                onKeyDown={onKey}
              />
            </div>
            <div class="send-row">
              <button type="submit" class="button" disabled={busy || !text.trim() || Boolean(c.gate)}>
                Send reply
              </button>
              <button type="button" class="button button-danger" disabled={busy} onClick={() => setConfirm(true)}>
                Opt out
              </button>
            </div>
            <p class="shortcuts">
              <kbd>Ctrl</kbd>+<kbd>Enter</kbd> send the reply
            </p>
          </form>
        )}
        {!mine && (
          <p class="muted">{c.assignee ? `Assigned to ${c.assignee.name}.` : 'Not assigned to anyone.'}</p>
        )}
      </section>
      {(mine || organizer) && (
        <SurveyPanel
          orgId={org.org_id}
          conversationId={id}
          onReply={mine && !c.opted_out && !initial ? putCanned : null}
          onSaid={setSaid}
        />
      )}
      {(mine || organizer) && <ConversationTools org={org} c={c} onChange={load} onSaid={setSaid} />}
      <ConfirmDialog
        open={confirm}
        title="Opt this contact out?"
        confirmLabel="Opt out"
        busy={busy}
        error={optingOut.error}
        onConfirm={optOut}
        onCancel={() => setConfirm(false)}
      >
        <p>
          {fullName(c)} will not be texted again by any campaign of {org.org_name}. Do this when they ask to stop.
        </p>
      </ConfirmDialog>
    </>
  );
}
