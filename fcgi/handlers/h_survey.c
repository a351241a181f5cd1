/*
 * h_survey: survey questions. Organizers (supervisors and up) keep a
 * campaign's question tree, before and after launch: questions, their
 * answer options, each option's scripted reply (the script's merge
 * fields: one the campaign's contacts lack is a 422 naming "reply") and
 * the question it leads to (one of the campaign's, never looping back:
 * survey.h). Texts may change at any time; an option, or a question,
 * that conversations hold as their answer is not deleted (409
 * survey_answers_recorded), so every recorded answer stays readable.
 *
 * A texter reads the survey of a conversation of theirs (supervisors and
 * up: any of the organization's) with the current question and every
 * reply rendered for its contact, and records the contact's answer to a
 * question; the offered reply is sent, if at all, through the reply path
 * (h_messages.c, which refuses an opted-out contact). Recording an answer
 * sends nothing, so it is allowed for an opted-out contact. Every change
 * is kept in the history with who and when. Ids of another organization
 * are 404, like ids that do not exist.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "canned.h"
#include "db_canned.h"
#include "db_survey.h"
#include "handlers.h"
#include "json.h"
#include "log.h"
#include "script.h"
#include "survey.h"

/* A campaign's whole tree. */
struct tree {
	struct survey_question	*q;
	size_t			 nq;
	struct survey_option	*o;
	size_t			 no;
};

static int
tree_load(struct req *r, long long campaign_id, struct tree *t)
{
	if (db_survey_questions(r->db, r->a, r->org_id, campaign_id, &t->q,
	    &t->nq) == -1 || db_survey_options(r->db, r->a, r->org_id,
	    campaign_id, &t->o, &t->no) == -1)
		return db_down(r);
	return 0;
}

/* The tree as survey.h sees it: question ids and links. */
static void
tree_graph(struct arena *a, const struct tree *t, long long **ids,
    struct survey_link **links)
{
	size_t i;

	*ids = arena_alloc(a, (t->nq + 1) * sizeof(**ids));
	for (i = 0; i < t->nq; i++)
		(*ids)[i] = t->q[i].id;
	*links = arena_alloc(a, (t->no + 1) * sizeof(**links));
	for (i = 0; i < t->no; i++) {
		(*links)[i].option_id = t->o[i].id;
		(*links)[i].question_id = t->o[i].question_id;
		(*links)[i].next_id = t->o[i].next_question_id;
	}
}

static cJSON *
option_json(struct arena *a, const struct survey_option *o)
{
	cJSON *j = cJSON_CreateObject();

	columns_json(j, a, survey_option_columns, survey_option_ncolumns, o);
	return j;
}

/* A question with its options; who (not NULL): the conversation view,
 * replies rendered for that contact and no counts. */
static cJSON *
question_json(struct arena *a, const struct survey_question *q,
    const struct tree *t, const struct texting_contact *who)
{
	cJSON *j = cJSON_CreateObject(), *opts = cJSON_CreateArray(), *o;
	size_t i;

	columns_json(j, a, survey_question_columns, survey_question_ncolumns,
	    q);
	for (i = 0; t != NULL && i < t->no; i++) {
		if (t->o[i].question_id != q->id)
			continue;
		o = option_json(a, &t->o[i]);
		if (who != NULL) {
			cJSON_DeleteItemFromObjectCaseSensitive(o, "answers");
			cJSON_ReplaceItemInObjectCaseSensitive(o, "reply",
			    cJSON_CreateString(canned_render(a, t->o[i].reply,
			    who)));
		}
		cJSON_AddItemToArray(opts, o);
	}
	cJSON_AddItemToObject(j, "options", opts);
	return j;
}

/* The campaign of path id 1 in the caller's organization: 1, or 404. */
static int
campaign_of(struct req *r, long long id, struct canned_campaign *k)
{
	int rc;

	if ((rc = db_canned_campaign(r->db, r->a, r->org_id, id, k)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such campaign.", NULL);
	return 1;
}

static int
question_at(struct req *r, long long id, struct survey_question *q)
{
	int rc;

	if ((rc = db_survey_question(r->db, r->a, r->org_id, id, q)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such survey question.",
		    NULL);
	return 1;
}

static int
option_at(struct req *r, long long id, struct survey_option *o)
{
	int rc;

	if ((rc = db_survey_option(r->db, r->a, r->org_id, id, o)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such survey option.",
		    NULL);
	return 1;
}

int
h_survey_get(struct req *r)
{
	struct canned_campaign k;
	struct tree t;
	cJSON *o, *qs;
	size_t i;
	int rc;

	if ((rc = campaign_of(r, r->ids[1], &k)) != 1 ||
	    (rc = tree_load(r, k.id, &t)) != 0)
		return rc;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "campaign_id", (double)k.id);
	qs = cJSON_AddArrayToObject(o, "questions");
	for (i = 0; i < t.nq; i++)
		cJSON_AddItemToArray(qs, question_json(r->a, &t.q[i], &t,
		    NULL));
	return req_json(r, 200, o);
}

/* A question's text of the body (NULL when absent): 0, or 422. */
static int
question_text(struct req *r, const char **text)
{
	struct field_error err;

	*text = req_str(r, "text");
	if (survey_check_question(r->a, *text, &err) == -1)
		return req_error(r, 422, "validation_failed", err.message,
		    err.field);
	return 0;
}

int
h_survey_question_create(struct req *r)
{
	struct canned_campaign k;
	struct survey_question q;
	const char *text;
	long long n, id;
	int rc;

	if ((rc = campaign_of(r, r->ids[1], &k)) != 1)
		return rc;
	if ((rc = question_text(r, &text)) != 0)
		return rc;
	if (db_survey_question_count(r->db, r->a, k.id, &n) == -1)
		return db_down(r);
	if (n >= SURVEY_QUESTIONS_MAX)
		return req_error(r, 409, "too_many_survey_questions",
		    arena_printf(r->a, "This campaign has %d survey questions, "
		    "the most it may have; delete one first.",
		    SURVEY_QUESTIONS_MAX), NULL);
	if (db_survey_question_insert(r->db, r->a, r->org_id, k.id, text,
	    &id) == -1 || db_survey_question(r->db, r->a, r->org_id, id,
	    &q) != 1)
		return db_down(r);
	log_info(r->rid, "user %lld added survey question %lld to campaign "
	    "%lld", r->sess.user_id, id, k.id);
	return req_json(r, 201, question_json(r->a, &q, NULL, NULL));
}

/* Answers the question of id with its options (status 200). */
static int
question_answer(struct req *r, long long id)
{
	struct survey_question q;
	struct tree t;
	int rc;

	if ((rc = question_at(r, id, &q)) != 1 ||
	    (rc = tree_load(r, q.campaign_id, &t)) != 0)
		return rc;
	return req_json(r, 200, question_json(r->a, &q, &t, NULL));
}

int
h_survey_question_update(struct req *r)
{
	struct survey_question q;
	const char *text;
	int rc;

	if ((rc = question_at(r, r->ids[1], &q)) != 1 ||
	    (rc = question_text(r, &text)) != 0)
		return rc;
	if ((rc = db_survey_question_update(r->db, r->a, r->org_id, q.id,
	    text)) == -1)
		return db_down(r);
	if (rc == 0)	/* deleted meanwhile */
		return req_error(r, 404, "not_found", "No such survey question.",
		    NULL);
	return question_answer(r, q.id);
}

/* The 409 of deleting what answers hold. */
static int
answers_recorded(struct req *r, long long n, const char *what)
{
	return req_error(r, 409, "survey_answers_recorded", arena_printf(r->a,
	    "%lld contact%s answered with this %s; edit its text instead, "
	    "or change their answers first.", n, n == 1 ? " has" : "s have",
	    what), NULL);
}

int
h_survey_question_delete(struct req *r)
{
	struct survey_question q;
	long long n;
	int rc;

	if ((rc = question_at(r, r->ids[1], &q)) != 1)
		return rc;
	if ((rc = db_survey_question_delete(r->db, r->a, r->org_id,
	    q.id)) == -1)
		return db_down(r);
	if (rc == 0) {
		if (db_survey_question_answers(r->db, r->a, q.id, &n) == -1)
			return db_down(r);
		if (n > 0)
			return answers_recorded(r, n, "question");
		return req_error(r, 404, "not_found", "No such survey question.",
		    NULL);
	}
	log_info(r->rid, "user %lld deleted survey question %lld",
	    r->sess.user_id, q.id);
	return 204;
}

/*
 * Checks an option's label, reply and next question against campaign
 * k and its tree: 0, or 422 naming the field. option_id 0: a new option
 * of question `from`.
 */
static int
option_fits(struct req *r, const struct canned_campaign *k,
    long long option_id, long long from, const char *label,
    const char *reply, long long next)
{
	struct field_error err;
	enum survey_next v;
	struct survey_link *links;
	const char *f;
	long long *ids;
	struct tree t;
	int rc;

	if (survey_check_option(r->a, label, reply, &err) == -1)
		return req_error(r, 422, "validation_failed", err.message,
		    err.field);
	if (reply != NULL && (f = script_unknown_field(r->a, reply,
	    k->contact_columns)) != NULL)
		return req_error(r, 422, "validation_failed", arena_printf(r->a,
		    "The reply uses {%s}, which is not a merge field: no "
		    "contact column of this campaign has that name.", f),
		    "reply");
	if (next <= 0)
		return 0;
	if ((rc = tree_load(r, k->id, &t)) != 0)
		return rc;
	tree_graph(r->a, &t, &ids, &links);
	if ((v = survey_next_check(ids, t.nq, links, t.no, option_id, from,
	    next)) != SURVEY_NEXT_OK)
		return req_error(r, 422, "validation_failed",
		    survey_next_message(v), "next_question_id");
	return 0;
}

int
h_survey_option_create(struct req *r)
{
	struct canned_campaign k;
	struct survey_question q;
	struct survey_option o;
	const char *label, *reply;
	long long n, id, next;
	int rc;

	if ((rc = question_at(r, r->ids[1], &q)) != 1 ||
	    (rc = campaign_of(r, q.campaign_id, &k)) != 1)
		return rc;
	label = req_str(r, "label");
	reply = req_str(r, "reply");
	next = req_id(r, "next_question_id");
	if ((rc = option_fits(r, &k, 0, q.id, label, reply, next)) != 0)
		return rc;
	if (db_survey_option_count(r->db, r->a, q.id, &n) == -1)
		return db_down(r);
	if (n >= SURVEY_OPTIONS_MAX)
		return req_error(r, 409, "too_many_survey_options",
		    arena_printf(r->a, "This question has %d answer options, "
		    "the most it may have; delete one first.",
		    SURVEY_OPTIONS_MAX), NULL);
	if (db_survey_option_insert(r->db, r->a, q.id, label,
	    reply != NULL ? reply : "", next, &id) == -1 ||
	    db_survey_option(r->db, r->a, r->org_id, id, &o) != 1)
		return db_down(r);
	return req_json(r, 201, option_json(r->a, &o));
}

int
h_survey_option_update(struct req *r)
{
	struct canned_campaign k;
	struct survey_option o;
	const char *label, *reply;
	const cJSON *nx;
	long long next;
	int rc;

	if ((rc = option_at(r, r->ids[1], &o)) != 1 ||
	    (rc = campaign_of(r, o.campaign_id, &k)) != 1)
		return rc;
	label = req_str(r, "label");
	reply = req_str(r, "reply");
	/* next_question_id: absent keeps it, null ends the survey there. */
	nx = cJSON_GetObjectItemCaseSensitive(r->json, "next_question_id");
	if (label == NULL && reply == NULL && nx == NULL)
		return req_error(r, 422, "validation_failed", "Give a new label, "
		    "reply or next_question_id.", "label");
	next = nx == NULL ? o.next_question_id : req_id(r, "next_question_id");
	/* An unchanged next question was checked when it was set. */
	if ((rc = option_fits(r, &k, o.id, o.question_id, label, reply,
	    next == o.next_question_id ? 0 : next)) != 0)
		return rc;
	if ((rc = db_survey_option_update(r->db, r->a, r->org_id, o.id,
	    label ? label : o.label, reply ? reply : o.reply, next)) == -1)
		return db_down(r);
	/* rc 0: deleted meanwhile, and option_at answers 404. */
	if ((rc = option_at(r, o.id, &o)) != 1)
		return rc;
	return req_json(r, 200, option_json(r->a, &o));
}

int
h_survey_option_delete(struct req *r)
{
	struct survey_option o;
	int rc;

	if ((rc = option_at(r, r->ids[1], &o)) != 1)
		return rc;
	if ((rc = db_survey_option_delete(r->db, r->a, r->org_id, o.id)) == -1)
		return db_down(r);
	if (rc == 0) {
		if ((rc = option_at(r, o.id, &o)) != 1)
			return rc;
		return answers_recorded(r, o.answers, "answer");
	}
	log_info(r->rid, "user %lld deleted survey option %lld",
	    r->sess.user_id, o.id);
	return 204;
}

/* --- a conversation's survey ------------------------------------------ */

/* The contact of v as the merge fields see it (its texter signs). */
static void
contact_of(const struct conversation *v, struct texting_contact *who)
{
	memset(who, 0, sizeof(*who));
	who->first_name = v->first_name;
	who->last_name = v->last_name;
	who->fields = v->fields;
	who->texter_name = v->assignee_name;
}

static cJSON *
answer_json(struct arena *a, const struct survey_answer *x)
{
	cJSON *j = cJSON_CreateObject();

	columns_json(j, a, survey_answer_columns, survey_answer_ncolumns, x);
	return j;
}

/*
 * Answers status with conversation v's survey: its campaign's questions
 * with replies rendered for the contact, the current question, the
 * answers and their history; reply (not NULL): the reply offered for the
 * answer just recorded.
 */
static int
survey_answer(struct req *r, int status, const struct conversation *v,
    const char *reply)
{
	struct survey_answer *ans, *log;
	struct texting_contact who;
	struct survey_pick *picks;
	struct survey_link *links;
	size_t i, nans, nlog;
	long long *ids, current;
	struct tree t;
	cJSON *o, *arr;
	int rc;

	if ((rc = tree_load(r, v->campaign_id, &t)) != 0)
		return rc;
	if (db_survey_answers(r->db, r->a, v->id, &ans, &nans) == -1 ||
	    db_survey_log(r->db, r->a, v->id, &log, &nlog) == -1)
		return db_down(r);
	tree_graph(r->a, &t, &ids, &links);
	picks = arena_alloc(r->a, (nans + 1) * sizeof(*picks));
	for (i = 0; i < nans; i++) {
		picks[i].question_id = ans[i].question_id;
		picks[i].option_id = ans[i].option_id;
	}
	current = survey_current(ids, t.nq, links, t.no, picks, nans);

	contact_of(v, &who);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "conversation_id", (double)v->id);
	if (current > 0)
		cJSON_AddNumberToObject(o, "current_question_id",
		    (double)current);
	else
		cJSON_AddNullToObject(o, "current_question_id");
	arr = cJSON_AddArrayToObject(o, "questions");
	for (i = 0; i < t.nq; i++)
		cJSON_AddItemToArray(arr, question_json(r->a, &t.q[i], &t,
		    &who));
	arr = cJSON_AddArrayToObject(o, "answers");
	for (i = 0; i < nans; i++)
		cJSON_AddItemToArray(arr, answer_json(r->a, &ans[i]));
	arr = cJSON_AddArrayToObject(o, "history");
	for (i = 0; i < nlog; i++)
		cJSON_AddItemToArray(arr, answer_json(r->a, &log[i]));
	if (reply != NULL)
		cJSON_AddStringToObject(o, "reply", reply);
	return req_json(r, status, o);
}

int
h_survey_for_conversation(struct req *r)
{
	struct conversation v;
	int rc;

	if ((rc = conversation_for_change(r, &v)) != 1)
		return rc;
	return survey_answer(r, 200, &v, NULL);
}

/* The question of path id 2, one of conversation v's campaign: 1, or 404. */
static int
conversation_question(struct req *r, const struct conversation *v,
    struct survey_question *q)
{
	int rc;

	if ((rc = question_at(r, r->ids[2], q)) != 1)
		return rc;
	if (q->campaign_id != v->campaign_id)
		return req_error(r, 404, "not_found", "No such survey question "
		    "in this conversation's campaign.", NULL);
	return 1;
}

int
h_survey_answer_set(struct req *r)
{
	struct texting_contact who;
	struct survey_question q;
	struct survey_option o;
	struct conversation v;
	int rc;

	if ((rc = conversation_for_change(r, &v)) != 1 ||
	    (rc = conversation_question(r, &v, &q)) != 1)
		return rc;
	if ((rc = db_survey_option(r->db, r->a, r->org_id, req_id(r,
	    "option_id"), &o)) == -1)
		return db_down(r);
	if (rc == 0 || o.question_id != q.id)
		return req_error(r, 422, "validation_failed", "option_id is not "
		    "an answer option of this question.", "option_id");
	if (db_survey_answer_set(r->db, r->a, v.id, v.campaign_id, &o,
	    r->sess.user_id) == -1)
		return db_down(r);
	log_info(r->rid, "user %lld recorded answer %lld to question %lld "
	    "on conversation %lld", r->sess.user_id, o.id, q.id, v.id);
	contact_of(&v, &who);
	return survey_answer(r, 200, &v, canned_render(r->a, o.reply, &who));
}

int
h_survey_answer_clear(struct req *r)
{
	struct survey_question q;
	struct conversation v;
	int rc;

	if ((rc = conversation_for_change(r, &v)) != 1 ||
	    (rc = conversation_question(r, &v, &q)) != 1)
		return rc;
	if ((rc = db_survey_answer_clear(r->db, r->a, v.id, q.id,
	    r->sess.user_id)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "This conversation has no "
		    "answer to that question.", NULL);
	return survey_answer(r, 200, &v, NULL);
}
