// "Survey questions" on the campaign page (supervisors and up): the
// campaign's question tree, kept before and after launch. Each question
// with its answer options; each option with the reply texters are offered
// for it (the script's merge fields), the question asked next (or none)
// and how many contacts gave that answer. The API refuses a next question
// that would loop and an option answers still hold (409): its message is
// shown where the action was.
import { useEffect, useState } from 'preact/hooks';
import * as api from '../api.js';
import { ErrorText } from './ErrorText.jsx';
import { FieldError, fieldError, formError } from './FieldError.jsx';
import { ConfirmDialog } from './ConfirmDialog.jsx';
import { useSubmit } from './useSubmit.js';
import './survey.css';

const STANDARD = ['first_name', 'last_name', 'texter_first_name'];
export const QUESTION_MAX = 500;
export const LABEL_MAX = 100;
export const REPLY_MAX = 1600;

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function QuestionForm({ id, name, initial, saveLabel, onSave, onCancel }) {
  const [text, setText] = useState(initial || '');
  const { busy, error, submit } = useSubmit(
    async () => {
      await onSave(text);
      if (!initial) setText('');
    },
    { again: true },
  );
  return (
    <form class="form" onSubmit={submit} aria-label={name || saveLabel}>
      <ErrorText error={formError(error, ['text'])} />
      <div class="field">
        <label for={`${id}-text`}>Question</label>
        <input
          id={`${id}-text`}
          value={text}
          maxLength={QUESTION_MAX}
          required
          onInput={(e) => setText(e.currentTarget.value)}
          {...fieldError(error, 'text', `${id}-text-error`)}
        />
        <FieldError error={error} field="text" id={`${id}-text-error`} />
      </div>
      <div class="form-actions">
        <button type="submit" class="button" disabled={busy}>
          {saveLabel}
        </button>
        {onCancel && (
          <button type="button" class="button button-secondary" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

// An answer option: label, reply, next question (any other of the
// campaign's; the API refuses one that leads back).
function OptionForm({ id, name, initial, others, fields, saveLabel, onSave, onCancel }) {
  const [label, setLabel] = useState(initial ? initial.label : '');
  const [reply, setReply] = useState(initial ? initial.reply : '');
  const [next, setNext] = useState(initial && initial.next_question_id ? String(initial.next_question_id) : '');
  const { busy, error, submit } = useSubmit(
    async () => {
      await onSave({ label, reply, next_question_id: next ? Number(next) : null });
      if (!initial) {
        setLabel('');
        setReply('');
        setNext('');
      }
    },
    { again: true },
  );
  return (
    <form class="form survey-option-form" onSubmit={submit} aria-label={name || saveLabel}>
      <ErrorText error={formError(error, ['label', 'reply', 'next_question_id'])} />
      <div class="field">
        <label for={`${id}-label`}>Answer</label>
        <input
          id={`${id}-label`}
          value={label}
          maxLength={LABEL_MAX}
          required
          onInput={(e) => setLabel(e.currentTarget.value)}
          {...fieldError(error, 'label', `${id}-label-error`)}
        />
        <FieldError error={error} field="label" id={`${id}-label-error`} />
      </div>
      <div class="field">
        <label for={`${id}-reply`}>Reply offered (optional)</label>
        <textarea
          id={`${id}-reply`}
          value={reply}
          maxLength={REPLY_MAX}
          rows={2}
          onInput={(e) => setReply(e.currentTarget.value)}
          {...fieldError(error, 'reply', `${id}-reply-error`, `${id}-reply-hint`)}
        />
        <p class="hint" id={`${id}-reply-hint`}>
          Merge fields as in the script: {fields.map((f) => `{${f}}`).join(', ')}.
        </p>
        <FieldError error={error} field="reply" id={`${id}-reply-error`} />
      </div>
      <div class="field">
        <label for={`${id}-next`}>Then ask</label>
        <select
          id={`${id}-next`}
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          {...fieldError(error, 'next_question_id', `${id}-next-error`)}
        >
          <option value="">Nothing more (the survey ends)</option>
          {others.map((q) => (
            <option key={q.id} value={q.id}>
              {q.text}
            </option>
          ))}
        </select>
        <FieldError error={error} field="next_question_id" id={`${id}-next-error`} />
      </div>
      <div class="form-actions">
        <button type="submit" class="button" disabled={busy}>
          {saveLabel}
        </button>
        {onCancel && (
          <button type="button" class="button button-secondary" disabled={busy} onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function Question({ q, n, questions, fields, orgId, reload, onDelete }) {
  const [editing, setEditing] = useState(null); // 'text', an option id, or 'new'
  const others = questions.filter((x) => x.id !== q.id);
  const title = (id) => (questions.find((x) => x.id === id) || {}).text;
  const total = q.options.reduce((s, o) => s + o.answers, 0);
  const done = async () => {
    setEditing(null);
    await reload();
  };
  return (
    <li class="survey-question">
      {editing === 'text' ? (
        <QuestionForm
          id={`survey-q-${q.id}`}
          name={`Edit question ${n}`}
          initial={q.text}
          saveLabel="Save question"
          onSave={async (text) => {
            await api.updateSurveyQuestion(orgId, q.id, text);
            await done();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <>
          <h3 class="survey-question-text">
            <span class="survey-number">{n}.</span> {q.text}
          </h3>
          <p class="small muted">{n === 1 ? 'Asked first. ' : ''}{plural(total, 'answer', 'answers')} recorded.</p>
          <div class="form-actions">
            <button type="button" class="button button-small button-secondary" onClick={() => setEditing('text')}>
              Edit<span class="visually-hidden"> question {n}</span>
            </button>
            <button type="button" class="button button-small button-danger" onClick={() => onDelete({ kind: 'question', item: q })}>
              Delete<span class="visually-hidden"> question {n}</span>
            </button>
          </div>
        </>
      )}
      <ul class="survey-options" aria-label={`Answers to question ${n}`}>
        {q.options.map((o) =>
          editing === o.id ? (
            <li key={o.id}>
              <OptionForm
                id={`survey-o-${o.id}`}
                name={`Edit answer ${o.label}`}
                initial={o}
                others={others}
                fields={fields}
                saveLabel="Save answer"
                onSave={async (f) => {
                  await api.updateSurveyOption(orgId, o.id, f);
                  await done();
                }}
                onCancel={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={o.id} class="survey-option">
              <div class="survey-option-head">
                <strong>{o.label}</strong>
                <span class="survey-count">{plural(o.answers, 'contact', 'contacts')}</span>
              </div>
              {o.reply && <p class="script-text">{o.reply}</p>}
              <p class="small muted">{o.next_question_id ? `Then: ${title(o.next_question_id)}` : 'Then: the survey ends.'}</p>
              <div class="form-actions">
                <button type="button" class="button button-small button-secondary" onClick={() => setEditing(o.id)}>
                  Edit<span class="visually-hidden"> answer {o.label}</span>
                </button>
                <button type="button" class="button button-small button-danger" onClick={() => onDelete({ kind: 'option', item: o })}>
                  Delete<span class="visually-hidden"> answer {o.label}</span>
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
      {editing === 'new' ? (
        <OptionForm
          id={`survey-new-${q.id}`}
          name={`Add answer to question ${n}`}
          others={others}
          fields={fields}
          saveLabel="Add answer"
          onSave={async (f) => {
            await api.createSurveyOption(orgId, q.id, f);
            await reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <button type="button" class="button button-small button-secondary" onClick={() => setEditing('new')}>
          New answer<span class="visually-hidden"> to question {n}</span>
        </button>
      )}
    </li>
  );
}

export function CampaignSurvey({ org, campaign }) {
  const orgId = org.org_id;
  const [questions, setQuestions] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState(null); // {kind, item}
  const fields = [...STANDARD, ...(campaign.contact_columns || [])];

  async function load() {
    try {
      setQuestions((await api.getSurvey(orgId, campaign.id)).questions);
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }
  useEffect(() => {
    load();
  }, [orgId, campaign.id]);

  const removal = useSubmit(
    async () => {
      const { kind, item } = deleting;
      if (kind === 'question') await api.deleteSurveyQuestion(orgId, item.id);
      else await api.deleteSurveyOption(orgId, item.id);
      setDeleting(null);
      await load();
    },
    { again: true },
  );

  return (
    <section class="card" aria-labelledby="campaign-survey-heading">
      <h2 id="campaign-survey-heading">Survey questions</h2>
      <p class="muted">
        Texters record each contact's answer with one tap and are offered its reply. The first question is asked first;
        each answer may lead to another.
      </p>
      <ErrorText error={loadError} />
      {questions && questions.length === 0 && <p class="muted">None yet.</p>}
      {questions && questions.length > 0 && (
        <ol class="survey-questions">
          {questions.map((q, i) => (
            <Question
              key={q.id}
              q={q}
              n={i + 1}
              questions={questions}
              fields={fields}
              orgId={orgId}
              reload={load}
              onDelete={(d) => {
                removal.setError(null);
                setDeleting(d);
              }}
            />
          ))}
        </ol>
      )}
      {adding ? (
        <QuestionForm
          id="survey-new"
          saveLabel="Add question"
          onSave={async (text) => {
            await api.createSurveyQuestion(orgId, campaign.id, text);
            await load();
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <p>
          <button type="button" class="button button-secondary" onClick={() => setAdding(true)}>
            New question
          </button>
        </p>
      )}
      <ConfirmDialog
        id="survey-delete"
        open={Boolean(deleting)}
        title={deleting && deleting.kind === 'question' ? 'Delete this question?' : 'Delete this answer?'}
        confirmLabel="Delete"
        busy={removal.busy}
        error={removal.error}
        onConfirm={removal.submit}
        onCancel={() => setDeleting(null)}
      >
        <p>
          {deleting && deleting.kind === 'question'
            ? `“${deleting.item.text}” and its answers will no longer be asked; answers that led to it end the survey.`
            : `“${deleting && deleting.item.label}” will no longer be offered.`}{' '}
          Answers contacts already gave are kept: one that is recorded cannot be deleted.
        </p>
      </ConfirmDialog>
    </section>
  );
}
