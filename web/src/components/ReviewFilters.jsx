// The filters of message review: campaign, status, texter (or
// Unassigned), tag, escalated, opted out, a survey answer (once a
// campaign is chosen: its questions' options) and text in the messages. The
// list follows them when "Apply filters" is pressed (not at each key),
// since a text search reads the messages.
import { useEffect, useState } from 'preact/hooks';

export const NO_FILTERS = { campaign_id: '', status: '', texter: '', tag_id: '', escalated: '', opted_out: '', question_id: '', option_id: '', q: '' };

export const REVIEW_STATUSES = [
  ['needs_message', 'Needs first text'],
  ['messaged', 'Texted, no reply'],
  ['needs_response', 'Needs response'],
  ['convo', 'Answered'],
  ['closed', 'Closed'],
];

function Select({ id, label, value, onChange, options, any = 'Any' }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{any}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

const YES_NO = [
  ['true', 'Yes'],
  ['false', 'No'],
];

// A campaign's survey answers for a select: per question "Question: any
// answer" (value "q<id>": answered it) then "Question: label" ("o<id>").
export function answerOptions(questions) {
  return questions.flatMap((q) => [
    [`q${q.id}`, `${q.text}: any answer`],
    ...q.options.map((o) => [`o${o.id}`, `${q.text}: ${o.label}`]),
  ]);
}

// campaigns, people, tags: what the selects offer; loadSurvey(campaignId):
// the campaign's questions (GET campaigns/{id}/survey); onApply(filters).
export function ReviewFilters({ initial, campaigns, people, tags, loadSurvey, onApply }) {
  const [f, setF] = useState(initial);
  const [answers, setAnswers] = useState([]);
  const set = (k) => (v) => setF((old) => ({ ...old, [k]: v }));

  // The answers offered are the chosen campaign's; another campaign
  // clears the answer chosen.
  useEffect(() => {
    let live = true;
    setAnswers([]);
    if (!f.campaign_id || !loadSurvey) return undefined;
    loadSurvey(f.campaign_id)
      .then((s) => live && setAnswers(answerOptions(s.questions)))
      .catch(() => live && setAnswers([]));
    return () => {
      live = false;
    };
  }, [f.campaign_id]);
  const setCampaign = (v) => setF((old) => ({ ...old, campaign_id: v, question_id: '', option_id: '' }));
  const answer = f.question_id ? `q${f.question_id}` : f.option_id ? `o${f.option_id}` : '';
  const setAnswer = (v) =>
    setF((old) => ({ ...old, question_id: v[0] === 'q' ? v.slice(1) : '', option_id: v[0] === 'o' ? v.slice(1) : '' }));

  function apply(e) {
    e.preventDefault();
    onApply({ ...f, q: f.q.trim() });
  }
  function clear() {
    setF(NO_FILTERS);
    onApply(NO_FILTERS);
  }

  return (
    <form class="form review-filters" onSubmit={apply} aria-label="Filters">
      <div class="form-row">
        <Select
          id="review-campaign"
          label="Campaign"
          any="All campaigns"
          value={f.campaign_id}
          onChange={setCampaign}
          options={campaigns.map((c) => [String(c.id), c.name])}
        />
        <Select id="review-status" label="Status" value={f.status} onChange={set('status')} options={REVIEW_STATUSES} />
        <Select
          id="review-texter"
          label="Texter"
          any="Anyone"
          value={f.texter}
          onChange={set('texter')}
          options={[['unassigned', 'Unassigned'], ...people.map((p) => [String(p.user_id), p.name || p.email])]}
        />
        <Select
          id="review-tag"
          label="Tag"
          value={f.tag_id}
          onChange={set('tag_id')}
          options={tags.map((t) => [String(t.id), t.name])}
        />
        <Select id="review-escalated" label="Escalated" value={f.escalated} onChange={set('escalated')} options={YES_NO} />
        <Select id="review-opted-out" label="Opted out" value={f.opted_out} onChange={set('opted_out')} options={YES_NO} />
        {answers.length > 0 && (
          <Select id="review-answer" label="Survey answer" value={answer} onChange={setAnswer} options={answers} />
        )}
        <div class="field field-grow">
          <label for="review-q">
            Text in the messages <span class="optional">(optional)</span>
          </label>
          <input id="review-q" type="search" maxLength={100} value={f.q} onInput={(e) => set('q')(e.currentTarget.value)} />
        </div>
      </div>
      <div class="actions-bar">
        <button type="submit" class="button">
          Apply filters
        </button>
        <button type="button" class="button button-secondary" onClick={clear}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

// The filters as a bulk action's JSON filter (typed; campaign_id apart).
export function filterBody(f) {
  const out = {};
  if (f.status) out.status = f.status;
  if (f.texter) out.texter = f.texter === 'unassigned' ? 'unassigned' : Number(f.texter);
  if (f.tag_id) out.tag_id = Number(f.tag_id);
  if (f.escalated) out.escalated = f.escalated === 'true';
  if (f.opted_out) out.opted_out = f.opted_out === 'true';
  if (f.question_id) out.question_id = Number(f.question_id);
  if (f.option_id) out.option_id = Number(f.option_id);
  if (f.q) out.q = f.q;
  return out;
}
