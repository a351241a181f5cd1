// A texter's assignments: each campaign they text for, what is left to
// send, replies waiting, whether sending is open now (and if not, why and
// when it opens, in the campaign's zone), and "Request conversations" once
// nothing is left to send (self assign) while sending is open. What can
// be done now is offered (answering replies, reading the assignment);
// what cannot is said with when it opens, not offered.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { Link, navigate } from '../router.jsx';
import { PageHeading } from '../components/PageHeading.jsx';
import { EmptyState } from '../components/EmptyState.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { useSubmit } from '../components/useSubmit.js';
import { usePoll } from '../components/usePoll.js';
import { GateNotice } from './GateNotice.jsx';
import { formatCount } from '../components/format.js';
import './messenger.css';

function RequestButton({ org, item, onDone }) {
  async function ask() {
    try {
      await api.requestConversations(org.org_id, item.campaign.id);
      navigate(`/assignments/${item.campaign.id}`);
    } catch (e) {
      onDone();
      throw e;
    }
  }
  const { busy, error, submit: request } = useSubmit(ask);

  if (error && error.code === 'no_more_conversations') return <p role="status">No more conversations available.</p>;
  return (
    <>
      <ErrorText error={error} />
      <button type="button" class="button" disabled={busy} onClick={request}>
        Request conversations
      </button>
    </>
  );
}

function AssignmentCard({ org, item, reload }) {
  const { campaign, counts, gate } = item;
  const toSend = counts.needs_message;
  const replies = counts.needs_response;
  const headingId = `assignment-${campaign.id}`;
  // More conversations may be asked for only while they could be sent.
  const mayRequest = item.can_request && !gate;
  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{campaign.name}</h2>
      {campaign.description && <p class="lead">{campaign.description}</p>}
      <ul class="assignment-counts">
        <li>
          <strong>{formatCount(toSend)}</strong> to send
        </li>
        <li>
          <strong>{formatCount(replies)}</strong> {replies === 1 ? 'reply' : 'replies'} waiting
        </li>
        <li>
          <strong>{formatCount(counts.messaged + counts.convo)}</strong> sent
        </li>
      </ul>
      {(toSend > 0 || item.can_request) && <GateNotice gate={gate} zone={campaign.time_zone} onOpen={reload} />}
      {item.can_request && gate && (
        <p class="muted" data-testid="request-later">
          You can request more conversations once initial messages open.
        </p>
      )}
      <div class="assignment-actions">
        {toSend > 0 && (
          <Link href={`/assignments/${campaign.id}`} class={gate ? 'button button-secondary' : 'button'}>
            {gate ? 'See your assignment' : 'Send messages'}
          </Link>
        )}
        {replies > 0 && (
          <Link href="/inbox" class="button button-secondary">
            Answer replies ({replies})
          </Link>
        )}
        {mayRequest && <RequestButton org={org} item={item} onDone={reload} />}
      </div>
      {toSend === 0 && !item.can_request && replies === 0 && (
        <p class="muted">Nothing to send right now.</p>
      )}
    </section>
  );
}

export function MyAssignments({ org }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);

  async function load() {
    try {
      const body = await api.myAssignments(org.org_id);
      setItems(body.items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  useEffect(() => {
    load();
  }, [org.org_id]);
  usePoll(load, 5000);

  return (
    <>
      <PageHeading title="My assignments" />
      <ErrorText error={error} />
      {items === null && !error && <p role="status">Loading…</p>}
      {items && items.length === 0 && (
        <EmptyState title="No assignments yet">
          When you are added to a campaign, the conversations assigned to you will appear here.
        </EmptyState>
      )}
      {items && items.some((x) => x.counts.needs_response > 0) && (
        <p class="link-line">
          <Link href="/inbox">Replies waiting for you</Link>
        </p>
      )}
      {items && items.map((item) => <AssignmentCard key={item.campaign.id} org={org} item={item} reload={load} />)}
    </>
  );
}
