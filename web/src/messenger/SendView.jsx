// Sending initial messages for one campaign: the contact, the script as
// they will read it, and one Send button. One click sends one message
// (peer-to-peer: every text is a person's action) and brings up the next
// contact; sendGuard.js holds the rule (no key repeat, double tap or
// script sends two), and Send shows as ready only once the contact has
// been on screen for a moment. When sending is closed the reason shows
// instead of the button.
// Keyboard (desktop): Enter sends (released between sends), N skips to the
// next contact, Esc goes back to the assignments.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link, navigate } from '../router.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { useSubmit } from '../components/useSubmit.js';
import { GateNotice } from './GateNotice.jsx';
import { createSendGuard, SEND_GAP_MS } from './sendGuard.js';
import './messenger.css';

const fullName = (c) => [c.first_name, c.last_name].filter(Boolean).join(' ') || 'Contact';

export function SendView({ org, params }) {
  const campaignId = Number(params.campaignId);
  const [queue, setQueue] = useState(null); // ids waiting for their initial message
  const [current, setCurrent] = useState(null); // the conversation shown
  const [campaignName, setCampaignName] = useState('Send messages');
  const [sent, setSent] = useState(null); // "Sent to Ada."
  const sendRef = useRef(null);
  const guard = useRef(null);
  if (!guard.current) guard.current = createSendGuard();
  const [ready, setReady] = useState(false); // the contact has been seen
  // One error line: a send's refusal, or the list's loading error.
  const { busy, error, setError, submit } = useSubmit(sendCurrent, { again: true });

  async function show(id) {
    const c = await api.getConversation(org.org_id, id);
    setCampaignName(c.campaign_name);
    setCurrent(c);
  }

  async function load() {
    setError(null);
    try {
      const body = await api.myConversations(org.org_id, campaignId, 'needs_message');
      const ids = body.items.filter((x) => !x.opted_out).map((x) => x.id);
      setQueue(ids);
      if (ids.length > 0) await show(ids[0]);
      else setCurrent(null);
    } catch (e) {
      setError(e);
    }
  }

  useEffect(() => {
    load();
  }, [org.org_id, campaignId]);

  // Focus follows the work: the Send button of each new contact, which is
  // ready once the contact has been on screen for SEND_GAP_MS.
  useEffect(() => {
    if (!current) return undefined;
    guard.current.shown();
    setReady(false);
    if (sendRef.current && !sendRef.current.disabled) sendRef.current.focus();
    const t = setTimeout(() => setReady(true), SEND_GAP_MS);
    return () => clearTimeout(t);
  }, [current && current.id]);

  async function next(afterId, serverNext) {
    const rest = queue.filter((id) => id !== afterId);
    setQueue(rest);
    const id = serverNext || rest[0];
    if (id) await show(id);
    else setCurrent(null);
  }

  async function sendCurrent() {
    try {
      const r = await api.sendInitial(org.org_id, current.id);
      setSent(`Sent to ${fullName(current)}.`);
      await next(current.id, r.next_conversation_id);
    } catch (e) {
      if (e.code === 'already_messaged' || e.code === 'opted_out' || e.code === 'not_your_conversation') {
        await next(current.id, null);
      } else if (e.status === 409 && current) {
        await show(current.id); // a gate closed meanwhile: show why
      }
      throw e;
    }
  }

  const canSend = Boolean(current) && !busy && !current.gate;

  function clickSend(e) {
    if (canSend && guard.current.tap(e)) submit();
  }

  async function skip() {
    if (!current || busy || queue.length < 2) return;
    const rest = queue.filter((id) => id !== current.id);
    setQueue([...rest, current.id]);
    await show(rest[0]);
  }

  // Enter sends from anywhere but another control (on the Send button
  // too: its own activation is held back, since a held key would click it
  // again with every repeat).
  useEffect(() => {
    function onKey(e) {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const t = e.target;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
      const onOther = t && t !== sendRef.current && (t.tagName === 'BUTTON' || t.tagName === 'A');
      if (e.key === 'Enter' && !onOther) {
        e.preventDefault();
        if (guard.current.keyDown(e) && canSend) submit();
      } else if (e.key === 'n' || e.key === 'N') {
        e.preventDefault();
        if (!e.repeat) skip();
      } else if (e.key === 'Escape') {
        navigate('/assignments');
      }
    }
    function onKeyUp(e) {
      if (e.key === 'Enter') guard.current.keyUp();
    }
    function onBlur() {
      guard.current.keyUp();
    }
    document.addEventListener('keydown', onKey);
    document.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  });

  return (
    <>
      <p class="breadcrumb">
        <Link href="/assignments">My assignments</Link>
      </p>
      <PageHeading title={campaignName} />
      <p class="visually-hidden" role="status">
        {sent}
      </p>
      <ErrorText error={error} />
      {queue === null && !error && <p role="status">Loading…</p>}
      {queue !== null && current === null && (
        <section class="card" aria-labelledby="done-heading">
          <h2 id="done-heading">All initial messages sent</h2>
          <p>Nothing left to send in this assignment. Replies will show in your inbox.</p>
          <p class="assignment-actions">
            <Link href="/assignments" class="button">
              Back to my assignments
            </Link>
            <Link href="/inbox" class="button button-secondary">
              Replies
            </Link>
          </p>
        </section>
      )}
      {current && (
        <section class="card" aria-labelledby="contact-heading">
          <p class="progress">
            {queue.length} {queue.length === 1 ? 'contact' : 'contacts'} left to message
          </p>
          <h2 id="contact-heading" class="contact-name">
            {fullName(current)}
          </h2>
          <GateNotice gate={current.gate} zone={current.campaign_time_zone} onOpen={() => show(current.id)} />
          {current.initial_message && (
            <ul class="thread" aria-label="Message to send">
              <li class="bubble bubble-out bubble-draft">{current.initial_message}</li>
            </ul>
          )}
          <div class="send-row">
            <button
              type="button"
              class="button button-big"
              ref={sendRef}
              disabled={Boolean(current.gate)}
              aria-disabled={busy || !ready ? 'true' : undefined}
              onClick={clickSend}
            >
              Send
            </button>
            {queue.length > 1 && (
              <button type="button" class="button button-secondary" disabled={busy} onClick={skip}>
                Skip for now
              </button>
            )}
          </div>
          <p class="shortcuts">
            <kbd>Enter</kbd> send · <kbd>N</kbd> next contact · <kbd>Esc</kbd> back to assignments
          </p>
        </section>
      )}
    </>
  );
}
