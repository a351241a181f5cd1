// The campaign's survey in a conversation: the current question (the
// first unanswered one along the answers so far) with one button per
// answer. One tap records the contact's answer and offers its reply in
// the reply box (onReply, when the conversation takes replies), to edit or
// send there: the reply path sends it, with its checks. The answers given
// are listed with who recorded them; "Change" asks that question again.
// Recording sends nothing, so it works on an opted-out contact too.
// Phone first: full-width answer buttons, each at least 44 px.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from '../components/ErrorText.jsx';
import { formatTime } from '../components/format.js';
import { useSubmit } from '../components/useSubmit.js';
import './survey.css';

export function SurveyPanel({ orgId, conversationId, onReply, onSaid }) {
  const [s, setS] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [asking, setAsking] = useState(null); // a question asked again

  useEffect(() => {
    let live = true;
    setAsking(null);
    api
      .conversationSurvey(orgId, conversationId)
      .then((r) => live && setS(r))
      .catch((e) => live && setLoadError(e));
    return () => {
      live = false;
    };
  }, [orgId, conversationId]);

  const recording = useSubmit(
    async (q, o) => {
      const r = await api.recordSurveyAnswer(orgId, conversationId, q.id, o.id);
      setS(r);
      setAsking(null);
      if (onSaid) onSaid(`Recorded: ${o.label}.`);
      if (onReply && r.reply) onReply(r.reply);
    },
    { again: true },
  );

  if (loadError) return <ErrorText error={loadError} />;
  if (!s || s.questions.length === 0) return null;

  const byId = new Map(s.questions.map((q) => [q.id, q]));
  const answerTo = new Map(s.answers.map((a) => [a.question_id, a]));
  const shownId = asking || s.current_question_id;
  const shown = shownId ? byId.get(shownId) : null;
  const given = s.answers.filter((a) => byId.has(a.question_id));

  return (
    <section class="card survey" aria-labelledby="survey-heading">
      <h2 id="survey-heading">Survey</h2>
      <ErrorText error={recording.error} />
      {shown ? (
        <fieldset class="survey-ask" disabled={recording.busy}>
          <legend class="survey-ask-question">{shown.text}</legend>
          <ul class="survey-answers">
            {shown.options.map((o) => {
              const chosen = answerTo.has(shown.id) && answerTo.get(shown.id).option_id === o.id;
              return (
                <li key={o.id}>
                  <button
                    type="button"
                    class={`survey-answer${chosen ? ' survey-answer-chosen' : ''}`}
                    aria-pressed={chosen ? 'true' : 'false'}
                    onClick={() => recording.submit(shown, o)}
                  >
                    {o.label}
                  </button>
                </li>
              );
            })}
          </ul>
          {asking && (
            <button type="button" class="button button-small button-secondary" onClick={() => setAsking(null)}>
              Keep the answer
            </button>
          )}
        </fieldset>
      ) : (
        <p class="muted" role="status">
          {given.length ? 'Survey complete.' : 'No question to ask.'}
        </p>
      )}
      {given.length > 0 && (
        <ul class="survey-given" aria-label="Answers recorded">
          {given.map((a) => (
            <li key={a.question_id}>
              <span class="survey-given-q">{byId.get(a.question_id).text}</span>
              <strong>{a.label}</strong>
              <span class="small muted">
                {' '}
                · {a.answered_by_name}, {formatTime(a.answered_at)}
              </span>
              {a.question_id !== shownId && (
                <button type="button" class="button button-small button-secondary" onClick={() => setAsking(a.question_id)}>
                  Change<span class="visually-hidden"> the answer to {byId.get(a.question_id).text}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
