// Message review (/review, supervisors and up): every conversation of a
// campaign or of the whole organization, filtered; open one to read the
// whole thread and reply as yourself; tick some (or take every match of
// the filters) to move them to a texter or back to Unassigned, or close
// them. The list pages in windows of ids (useReviewList).
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { PageHeading } from '../components/PageHeading.jsx';
import { ErrorText } from '../components/ErrorText.jsx';
import { formatTime } from '../components/format.js';
import { useReviewList } from '../components/useReviewList.js';
import { NO_FILTERS, REVIEW_STATUSES, ReviewFilters } from '../components/ReviewFilters.jsx';
import { ReviewActions } from '../components/ReviewActions.jsx';
import { ReviewThread, contactName } from '../components/ReviewThread.jsx';
import '../components/review.css';

const STATUS_LABEL = Object.fromEntries(REVIEW_STATUSES);
const MAX_PAGES = 20; // of campaigns and of people, for the filters

// Every page of a list, up to MAX_PAGES.
async function allPages(fetchPage) {
  const out = [];
  let cursor = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await fetchPage(cursor);
    out.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return out;
}

function Row({ c, ticked, onTick, onOpen }) {
  const name = contactName(c);
  return (
    <tr>
      <td>
        <input type="checkbox" aria-label={`Select ${name}`} checked={ticked} onChange={(e) => onTick(c.id, e.currentTarget.checked)} />
      </td>
      <td data-label="Contact">
        <button type="button" class="button-link" onClick={() => onOpen(c.id)}>
          {name}
        </button>
      </td>
      <td data-label="Campaign">{c.campaign_name}</td>
      <td data-label="Status">
        {STATUS_LABEL[c.status] || c.status}
        {c.escalated ? ' · Escalated' : ''}
        {c.opted_out ? ' · Opted out' : ''}
      </td>
      <td data-label="Texter">{c.assignee ? c.assignee.name : 'Unassigned'}</td>
      <td data-label="Tags">{c.tags.map((t) => t.name).join(', ')}</td>
      <td data-label="Last message" class="wrap">
        {c.last_message ? `${c.last_message}${c.last_message_at ? ` (${formatTime(c.last_message_at)})` : ''}` : ''}
      </td>
    </tr>
  );
}

export function Review({ org }) {
  const orgId = org.org_id;
  const [filters, setFilters] = useState(NO_FILTERS);
  const [campaigns, setCampaigns] = useState([]);
  const [people, setPeople] = useState([]);
  const [tags, setTags] = useState([]);
  const [optionsError, setOptionsError] = useState(null);
  const [selected, setSelected] = useState([]);
  const [open, setOpen] = useState(null);

  useEffect(() => {
    Promise.all([
      allPages((c) => api.listCampaigns(orgId, c)),
      allPages((c) => api.listPeople(orgId, c)),
      api.listTags(orgId),
    ])
      .then(([cs, ps, ts]) => {
        setCampaigns(cs);
        setPeople(ps);
        setTags(ts.items);
      })
      .catch(setOptionsError);
  }, [orgId]);

  const list = useReviewList((cursor) => api.reviewConversations(orgId, cursor, filters), [orgId, filters]);
  useEffect(() => setSelected([]), [filters]);

  const tick = (id, on) => setSelected((old) => (on ? [...old, id] : old.filter((x) => x !== id)));
  const shown = list.items || [];
  const allTicked = shown.length > 0 && shown.every((c) => selected.includes(c.id));
  const tickAll = (on) => setSelected(on ? shown.map((c) => c.id).slice(0, 1000) : []);
  const changed = () => {
    setSelected([]);
    list.reload();
  };

  return (
    <>
      <PageHeading title="Review" />
      <p class="lead">Every conversation of {org.org_name}: find them, read them, answer, move or close them.</p>
      <ErrorText error={optionsError} />
      <section class="card" aria-labelledby="review-filters-heading">
        <h2 id="review-filters-heading">Filters</h2>
        <ReviewFilters
          initial={filters}
          campaigns={campaigns}
          people={people}
          tags={tags}
          loadSurvey={(id) => api.getSurvey(orgId, id)}
          onApply={setFilters}
        />
      </section>
      {open && <ReviewThread org={org} id={open} onClose={() => setOpen(null)} onReplied={list.reload} />}
      <section class="card" aria-labelledby="review-list-heading">
        <h2 id="review-list-heading">Conversations</h2>
        <ErrorText error={list.error} />
        {list.loading && (
          <p role="status" class="muted">
            {list.checked > 1 ? `Searching… (${list.checked} pages read)` : 'Loading conversations…'}
          </p>
        )}
        {list.items && list.items.length === 0 && !list.loading && !list.hasMore && (
          <p class="muted">No conversation matches these filters.</p>
        )}
        {shown.length > 0 && (
          <table class="table review-table">
            <thead>
              <tr>
                <th scope="col">
                  <input type="checkbox" aria-label="Select all shown" checked={allTicked} onChange={(e) => tickAll(e.currentTarget.checked)} />
                </th>
                <th scope="col">Contact</th>
                <th scope="col">Campaign</th>
                <th scope="col">Status</th>
                <th scope="col">Texter</th>
                <th scope="col">Tags</th>
                <th scope="col">Last message</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => (
                <Row key={c.id} c={c} ticked={selected.includes(c.id)} onTick={tick} onOpen={setOpen} />
              ))}
            </tbody>
          </table>
        )}
        {list.hasMore && (
          <button type="button" class="button button-secondary" disabled={list.loading} onClick={list.loadMore}>
            Show more conversations
          </button>
        )}
      </section>
      <ReviewActions org={org} filters={filters} selected={selected} onDone={changed} />
    </>
  );
}
