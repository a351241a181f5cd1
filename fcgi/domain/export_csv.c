/*
 * export_csv: the CSV files of the exports; see export_csv.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "csv_out.h"
#include "db_campaigns.h"
#include "db_export.h"
#include "db_survey.h"
#include "export_csv.h"

#define EXPORT_PAGE	2000		/* rows per statement */
#define EXPORT_BUF_MAX	(16 << 20)	/* a piece can never pass it */

static const char *const kind_names[] = {
	[EXPORT_CONVERSATIONS] = "conversations",
	[EXPORT_MESSAGES] = "messages",
	[EXPORT_OPT_OUTS] = "opt_outs",
};

int
export_kind_parse(const char *s, enum export_kind *k)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof(kind_names) / sizeof(*kind_names);
	    i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*k = (enum export_kind)i;
			return 0;
		}
	return -1;
}

const char *
export_kind_check(struct arena *a, const struct field *f, const cJSON *v)
{
	enum export_kind k;

	(void)a;
	(void)f;
	if (!cJSON_IsString(v) || export_kind_parse(v->valuestring, &k) == -1)
		return "Must be conversations, messages or opt_outs.";
	return NULL;
}

/* One export under way. */
struct export {
	const struct export_sink *sink;
	struct arena	 page;	/* one page of rows */
	struct buf	 out;	/* one piece */
	long long	 rows;
	int		 failed;
};

/* Hands the piece to the sink once it is big enough (all: force). */
static void
export_flush(struct export *x, bool force)
{
	if (x->out.failed)
		x->failed = 1;
	if (x->failed || x->out.len == 0 ||
	    (!force && x->out.len < x->sink->piece))
		return;
	if (x->sink->write(x->sink->ctx, buf_str(&x->out), x->out.len) == -1)
		x->failed = 1;
	buf_reset(&x->out);
}

/* After a page of n rows: counted, and the progress told. */
static void
export_page_done(struct export *x, size_t n)
{
	x->rows += (long long)n;
	if (!x->failed && x->sink->progress != NULL &&
	    x->sink->progress(x->sink->ctx, x->rows) == -1)
		x->failed = 1;
}

/* A page's survey answers, walked beside its rows: both are in id order,
 * the answers of a conversation by question id, as the questions are. */
struct page_answers {
	struct export_answer	*a;
	size_t			 n, at;
};

/* Conversation id's answers: one cell per question (of nq, in q), the
 * answer's label or empty. */
static void
answer_cells(struct export *x, struct page_answers *pa, long long id,
    const struct survey_question *q, size_t nq)
{
	const struct export_answer *e;
	size_t i;

	while (pa->at < pa->n && pa->a[pa->at].conversation_id < id)
		pa->at++;
	for (i = 0; i < nq; i++) {
		e = pa->at < pa->n ? &pa->a[pa->at] : NULL;
		if (e != NULL && e->conversation_id == id &&
		    e->question_id == q[i].id) {
			csv_out_field(&x->out, e->label, false);
			pa->at++;
		} else
			csv_out_field(&x->out, NULL, false);
	}
}

/* The campaign's contact columns (a JSON array), NULL when none. */
static cJSON *
contact_columns(const struct campaign *c)
{
	cJSON *columns;

	columns = c->contact_columns ? cJSON_Parse(c->contact_columns) : NULL;
	if (columns != NULL && !cJSON_IsArray(columns)) {
		cJSON_Delete(columns);
		columns = NULL;
	}
	return columns;
}

static void
conversations_header(struct export *x, const cJSON *columns,
    const struct survey_question *q, size_t nq)
{
	const cJSON *col;
	size_t i;

	csv_out_plain(&x->out, "id", true);
	csv_out_plain(&x->out, "phone", false);
	csv_out_plain(&x->out, "first_name", false);
	csv_out_plain(&x->out, "last_name", false);
	cJSON_ArrayForEach(col, columns) {
		csv_out_field(&x->out, cJSON_GetStringValue(col), false);
	}
	/* A column per survey question, headed by its text. */
	for (i = 0; i < nq; i++)
		csv_out_field(&x->out, q[i].text, false);
	csv_out_plain(&x->out, "status", false);
	csv_out_plain(&x->out, "texter", false);
	csv_out_plain(&x->out, "texter_email", false);
	csv_out_plain(&x->out, "tags", false);
	csv_out_plain(&x->out, "opted_out", false);
	csv_out_plain(&x->out, "escalated", false);
	csv_out_plain(&x->out, "first_message_at", false);
	csv_out_plain(&x->out, "last_message_at", false);
	csv_out_end(&x->out);
}

static void
conversation_row(struct export *x, const struct export_conversation *v,
    const cJSON *columns, struct page_answers *pa,
    const struct survey_question *q, size_t nq)
{
	cJSON *fields;
	const cJSON *col, *f;

	csv_out_int(&x->out, v->id, true);
	csv_out_plain(&x->out, v->phone, false);
	csv_out_field(&x->out, v->first_name, false);
	csv_out_field(&x->out, v->last_name, false);
	fields = v->fields ? cJSON_Parse(v->fields) : NULL;
	cJSON_ArrayForEach(col, columns) {
		f = cJSON_GetObjectItemCaseSensitive(fields,
		    cJSON_GetStringValue(col));
		csv_out_field(&x->out, cJSON_GetStringValue(f), false);
	}
	cJSON_Delete(fields);
	answer_cells(x, pa, v->id, q, nq);
	csv_out_plain(&x->out, v->status, false);
	csv_out_field(&x->out, v->texter_name, false);
	csv_out_field(&x->out, v->texter_email, false);
	csv_out_field(&x->out, v->tags, false);
	csv_out_plain(&x->out, v->opted_out ? "true" : "false", false);
	csv_out_plain(&x->out, v->escalated ? "true" : "false", false);
	csv_out_plain(&x->out, v->first_message_at, false);
	csv_out_plain(&x->out, v->last_message_at, false);
	csv_out_end(&x->out);
}

static void
conversations(struct export *x, struct db *db, const struct campaign *c,
    const struct survey_question *q, size_t nq)
{
	struct export_conversation *v;
	struct page_answers pa;
	cJSON *columns = contact_columns(c);
	long long after = 0;
	size_t i, n;

	conversations_header(x, columns, q, nq);
	do {
		arena_reset(&x->page);
		memset(&pa, 0, sizeof(pa));
		if (db_export_conversations(db, &x->page, c->id, after,
		    EXPORT_PAGE, &v, &n) == -1 || (nq > 0 && n > 0 &&
		    db_export_answers(db, &x->page, c->id, after,
		    v[n - 1].id, &pa.a, &pa.n) == -1)) {
			x->failed = 1;
			break;
		}
		for (i = 0; i < n; i++) {
			conversation_row(x, &v[i], columns, &pa, q, nq);
			export_flush(x, false);
		}
		export_page_done(x, n);
		if (n > 0)
			after = v[n - 1].id;
	} while (n == EXPORT_PAGE && !x->failed);
	cJSON_Delete(columns);
}

static void
messages(struct export *x, struct db *db, long long campaign_id)
{
	struct export_message *m;
	long long conv = 0, msg = 0;
	size_t i, n;

	/* A header of plain names: written as it is. */
	buf_adds(&x->out, "id,conversation_id,phone,direction,initial,"
	    "body,status,sender,created_at");
	csv_out_end(&x->out);
	do {
		arena_reset(&x->page);
		if (db_export_messages(db, &x->page, campaign_id, conv, msg,
		    EXPORT_PAGE, &m, &n) == -1) {
			x->failed = 1;
			break;
		}
		for (i = 0; i < n; i++) {
			csv_out_int(&x->out, m[i].id, true);
			csv_out_int(&x->out, m[i].conversation_id, false);
			csv_out_plain(&x->out, m[i].phone, false);
			csv_out_plain(&x->out, m[i].direction, false);
			csv_out_plain(&x->out, m[i].initial ? "true" : "false",
			    false);
			csv_out_field(&x->out, m[i].body, false);
			csv_out_plain(&x->out, m[i].status, false);
			csv_out_field(&x->out, m[i].sender_name, false);
			csv_out_plain(&x->out, m[i].created_at, false);
			csv_out_end(&x->out);
			export_flush(x, false);
		}
		export_page_done(x, n);
		if (n > 0) {
			conv = m[n - 1].conversation_id;
			msg = m[n - 1].id;
		}
	} while (n == EXPORT_PAGE && !x->failed);
}

static void
opt_outs(struct export *x, struct db *db, struct arena *a, long long org_id)
{
	struct export_opt_out *o;
	const char *after = "";
	size_t i, n;

	buf_adds(&x->out, "phone,source,opted_out_at");
	csv_out_end(&x->out);
	do {
		/* The cursor outlives the page it came from (phones are
		 * short: a page's cursor in a at most). */
		after = arena_strdup(a, after);
		arena_reset(&x->page);
		if (db_export_opt_outs(db, &x->page, org_id, after,
		    EXPORT_PAGE, &o, &n) == -1) {
			x->failed = 1;
			break;
		}
		for (i = 0; i < n; i++) {
			csv_out_plain(&x->out, o[i].phone, true);
			csv_out_plain(&x->out, o[i].source, false);
			csv_out_plain(&x->out, o[i].created_at, false);
			csv_out_end(&x->out);
			export_flush(x, false);
		}
		export_page_done(x, n);
		if (n > 0)
			after = o[n - 1].phone;
	} while (n == EXPORT_PAGE && !x->failed);
}

int
export_csv_write(struct db *db, struct arena *a, enum export_kind kind,
    long long org_id, long long campaign_id, const struct export_sink *sink,
    long long *rows)
{
	struct survey_question *q = NULL;
	struct campaign c;
	struct export x;
	size_t nq = 0;
	int rc;

	*rows = 0;
	if (kind != EXPORT_OPT_OUTS) {
		if ((rc = db_campaign_get(db, a, org_id, campaign_id,
		    &c)) != 1)
			return rc;
		if (kind == EXPORT_CONVERSATIONS &&
		    db_survey_questions(db, a, org_id, c.id, &q, &nq) == -1)
			return -1;
	}
	memset(&x, 0, sizeof(x));
	x.sink = sink;
	arena_init(&x.page, 256 * 1024);
	buf_init(&x.out, EXPORT_BUF_MAX);
	switch (kind) {
	case EXPORT_CONVERSATIONS:
		conversations(&x, db, &c, q, nq);
		break;
	case EXPORT_MESSAGES:
		messages(&x, db, campaign_id);
		break;
	case EXPORT_OPT_OUTS:
		opt_outs(&x, db, a, org_id);
		break;
	}
	export_flush(&x, true);
	*rows = x.rows;
	arena_free(&x.page);
	buf_free(&x.out);
	return x.failed ? -1 : 1;
}
