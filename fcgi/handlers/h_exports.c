/*
 * h_exports: the admins' CSV exports (h_review.h), streamed as the rows
 * are read: a page of EXPORT_PAGE rows from the database (a page arena,
 * reset after each), written out as CSV through a buffer flushed at
 * EXPORT_FLUSH bytes, so memory stays flat whatever the campaign's size.
 * Streaming the request was chosen over an export job writing a file:
 * nothing to expire, no contact data left on disk for a day, and no file
 * on one app host that a request reaching another could not find (any
 * number of hosts sit behind nginx). The download is the progress: the
 * answer starts at once and the browser counts what arrived.
 *
 * A failure part-way cannot change the status any more: the stream ends
 * early and the log says so.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "csv_out.h"
#include "db_export.h"
#include "db_survey.h"
#include "h_review.h"
#include "h_texting.h"
#include "handlers.h"
#include "log.h"

#define EXPORT_PAGE	2000		/* rows per statement */
#define EXPORT_FLUSH	(256 * 1024)	/* bytes written at once */
#define EXPORT_BUF_MAX	(8 << 20)	/* a page's CSV can never pass it */

struct export {
	struct req	*r;
	struct arena	 page;	/* one page of rows */
	struct buf	 out;
	long long	 rows;
	int		 failed;
};

static void
export_init(struct export *x, struct req *r)
{
	memset(x, 0, sizeof(*x));
	x->r = r;
	arena_init(&x->page, 256 * 1024);
	buf_init(&x->out, EXPORT_BUF_MAX);
}

/* Writes what the buffer holds when past EXPORT_FLUSH (all: force). */
static void
export_flush(struct export *x, bool force)
{
	if (x->out.failed)
		x->failed = 1;
	if (x->failed || (!force && x->out.len < EXPORT_FLUSH))
		return;
	if (req_stream_write(x->r, buf_str(&x->out), x->out.len) == -1)
		x->failed = 1;
	buf_reset(&x->out);
}

/* Ends the stream: the status the handler returns. */
static int
export_end(struct export *x, const char *what)
{
	export_flush(x, true);
	if (x->failed)
		log_error(x->r->rid, "export of %s ended early after %lld rows",
		    what, x->rows);
	else
		log_info(x->r->rid, "export of %s: %lld rows", what, x->rows);
	arena_free(&x->page);
	buf_free(&x->out);
	return 200;
}

/* The campaign of path id 1 and its contact columns (a JSON array). */
static int
export_campaign(struct req *r, struct campaign *c, cJSON **columns)
{
	int rc;

	if ((rc = texting_campaign(r, r->ids[1], c)) != 1)
		return rc;
	*columns = c->contact_columns ? cJSON_Parse(c->contact_columns) : NULL;
	if (*columns != NULL && !cJSON_IsArray(*columns)) {
		cJSON_Delete(*columns);
		*columns = NULL;
	}
	return 1;
}

static const char *
file_name(struct req *r, const char *what, long long id)
{
	return arena_printf(r->a, "campaign-%lld-%s.csv", id, what);
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

int
h_export_conversations(struct req *r)
{
	struct export_conversation *v;
	struct survey_question *q;
	struct campaign c;
	struct export x;
	cJSON *columns, *col, *fields;
	const cJSON *f;
	struct page_answers pa;
	long long after = 0;
	size_t i, n, nq;
	int rc;

	if ((rc = export_campaign(r, &c, &columns)) != 1)
		return rc;
	if (db_survey_questions(r->db, r->a, r->org_id, c.id, &q, &nq) == -1) {
		cJSON_Delete(columns);
		return db_down(r);
	}
	if (req_stream_begin(r, "text/csv; charset=utf-8",
	    file_name(r, "conversations", c.id)) == -1) {
		cJSON_Delete(columns);
		return db_down(r);
	}
	export_init(&x, r);
	csv_out_plain(&x.out, "id", true);
	csv_out_plain(&x.out, "phone", false);
	csv_out_plain(&x.out, "first_name", false);
	csv_out_plain(&x.out, "last_name", false);
	cJSON_ArrayForEach(col, columns) {
		csv_out_field(&x.out, cJSON_GetStringValue(col), false);
	}
	/* A column per survey question, headed by its text. */
	for (i = 0; i < nq; i++)
		csv_out_field(&x.out, q[i].text, false);
	csv_out_plain(&x.out, "status", false);
	csv_out_plain(&x.out, "texter", false);
	csv_out_plain(&x.out, "texter_email", false);
	csv_out_plain(&x.out, "tags", false);
	csv_out_plain(&x.out, "opted_out", false);
	csv_out_plain(&x.out, "escalated", false);
	csv_out_plain(&x.out, "first_message_at", false);
	csv_out_plain(&x.out, "last_message_at", false);
	csv_out_end(&x.out);
	do {
		arena_reset(&x.page);
		memset(&pa, 0, sizeof(pa));
		if (db_export_conversations(r->db, &x.page, c.id, after,
		    EXPORT_PAGE, &v, &n) == -1 || (nq > 0 && n > 0 &&
		    db_export_answers(r->db, &x.page, c.id, after,
		    v[n - 1].id, &pa.a, &pa.n) == -1)) {
			x.failed = 1;
			break;
		}
		for (i = 0; i < n; i++) {
			csv_out_int(&x.out, v[i].id, true);
			csv_out_plain(&x.out, v[i].phone, false);
			csv_out_field(&x.out, v[i].first_name, false);
			csv_out_field(&x.out, v[i].last_name, false);
			fields = v[i].fields ? cJSON_Parse(v[i].fields) : NULL;
			cJSON_ArrayForEach(col, columns) {
				f = cJSON_GetObjectItemCaseSensitive(fields,
				    cJSON_GetStringValue(col));
				csv_out_field(&x.out, cJSON_GetStringValue(f),
				    false);
			}
			cJSON_Delete(fields);
			answer_cells(&x, &pa, v[i].id, q, nq);
			csv_out_plain(&x.out, v[i].status, false);
			csv_out_field(&x.out, v[i].texter_name, false);
			csv_out_field(&x.out, v[i].texter_email, false);
			csv_out_field(&x.out, v[i].tags, false);
			csv_out_plain(&x.out, v[i].opted_out ? "true" :
			    "false", false);
			csv_out_plain(&x.out, v[i].escalated ? "true" :
			    "false", false);
			csv_out_plain(&x.out, v[i].first_message_at, false);
			csv_out_plain(&x.out, v[i].last_message_at, false);
			csv_out_end(&x.out);
			export_flush(&x, false);
		}
		x.rows += (long long)n;
		if (n > 0)
			after = v[n - 1].id;
	} while (n == EXPORT_PAGE && !x.failed);
	cJSON_Delete(columns);
	return export_end(&x, arena_printf(r->a, "campaign %lld's "
	    "conversations", c.id));
}

int
h_export_messages(struct req *r)
{
	struct export_message *m;
	struct campaign c;
	struct export x;
	cJSON *columns;
	long long conv = 0, msg = 0;
	size_t i, n;
	int rc;

	if ((rc = export_campaign(r, &c, &columns)) != 1)
		return rc;
	cJSON_Delete(columns);
	if (req_stream_begin(r, "text/csv; charset=utf-8",
	    file_name(r, "messages", c.id)) == -1)
		return db_down(r);
	export_init(&x, r);
	/* A header of plain names: written as it is. */
	buf_adds(&x.out, "id,conversation_id,phone,direction,initial,"
	    "body,status,sender,created_at");
	csv_out_end(&x.out);
	do {
		arena_reset(&x.page);
		if (db_export_messages(r->db, &x.page, c.id, conv, msg,
		    EXPORT_PAGE, &m, &n) == -1) {
			x.failed = 1;
			break;
		}
		for (i = 0; i < n; i++) {
			csv_out_int(&x.out, m[i].id, true);
			csv_out_int(&x.out, m[i].conversation_id, false);
			csv_out_plain(&x.out, m[i].phone, false);
			csv_out_plain(&x.out, m[i].direction, false);
			csv_out_plain(&x.out, m[i].initial ? "true" : "false",
			    false);
			csv_out_field(&x.out, m[i].body, false);
			csv_out_plain(&x.out, m[i].status, false);
			csv_out_field(&x.out, m[i].sender_name, false);
			csv_out_plain(&x.out, m[i].created_at, false);
			csv_out_end(&x.out);
			export_flush(&x, false);
		}
		x.rows += (long long)n;
		if (n > 0) {
			conv = m[n - 1].conversation_id;
			msg = m[n - 1].id;
		}
	} while (n == EXPORT_PAGE && !x.failed);
	return export_end(&x, arena_printf(r->a, "campaign %lld's "
	    "messages", c.id));
}

int
h_export_opt_outs(struct req *r)
{
	struct export_opt_out *o;
	struct export x;
	const char *after = "";
	size_t i, n;

	if (req_stream_begin(r, "text/csv; charset=utf-8",
	    arena_printf(r->a, "organization-%lld-opt-outs.csv",
	    r->org_id)) == -1)
		return db_down(r);
	export_init(&x, r);
	buf_adds(&x.out, "phone,source,opted_out_at");
	csv_out_end(&x.out);
	do {
		/* The cursor outlives the page it came from. */
		after = arena_strdup(r->a, after);
		arena_reset(&x.page);
		if (db_export_opt_outs(r->db, &x.page, r->org_id, after,
		    EXPORT_PAGE, &o, &n) == -1) {
			x.failed = 1;
			break;
		}
		for (i = 0; i < n; i++) {
			csv_out_plain(&x.out, o[i].phone, true);
			csv_out_plain(&x.out, o[i].source, false);
			csv_out_plain(&x.out, o[i].created_at, false);
			csv_out_end(&x.out);
			export_flush(&x, false);
		}
		x.rows += (long long)n;
		if (n > 0)
			after = o[n - 1].phone;
	} while (n == EXPORT_PAGE && !x.failed);
	return export_end(&x, arena_printf(r->a, "organization %lld's "
	    "opt-outs", r->org_id));
}
