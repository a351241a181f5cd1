/*
 * db_mail: the email outbox and the provisioning-email switch; see
 * db_mail.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_mail.h"

#define JOB_COLUMN(m, k, s, j) COLUMN_OF(struct mail_job, m, k, j)
static const struct column job_columns[] = { OUTBOX_JOB_TABLE(JOB_COLUMN) };
static const size_t job_ncolumns = 0 OUTBOX_JOB_TABLE(COL_COUNT);

#define ROW_COLUMN(m, k, s, j) COLUMN_OF(struct mail_row, m, k, j)
const struct column mail_row_columns[] = { OUTBOX_TABLE(ROW_COLUMN) };
const size_t mail_row_ncolumns = 0 OUTBOX_TABLE(COL_COUNT);

/* The event's kind by the outbox's column; number_complete when unknown. */
static enum mail_kind
kind_of(const char *name)
{
	int kind = mail_kind_parse(name);

	return kind < 0 ? MAIL_NUMBER_COMPLETE : (enum mail_kind)kind;
}

int
db_mail_number_event(struct db *db, struct arena *a, long long number_id,
    long long campaign_id)
{
	return DB_RUN(db, a, DB_OUTBOX_NUMBER_EVENT, NULL,
	    campaign_id != 0 ? DB_INT(campaign_id) : DB_STR(NULL),
	    DB_INT(number_id));
}

int
db_mail_claim(struct db *db, struct arena *a, const char *owner,
    long long lease_s, const char *id_token, const char *id_domain,
    struct mail_job *j)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_OUTBOX_CLAIM, &res, DB_STR(owner),
	    DB_INT(lease_s), DB_STR(id_token), DB_STR(id_domain)) == -1)
		return -1;
	if (res.affected == 0)
		return 0;
	if (DB_RUN(db, a, DB_OUTBOX_CLAIMED, &res, DB_STR(owner)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;	/* the lease ran out already */
	memset(j, 0, sizeof(*j));
	db_fill(&res, 0, 1, job_columns, job_ncolumns, j);
	j->ev.kind = kind_of(j->kind);
	j->ev.to_email = j->to_addr;
	return 1;
}

int
db_mail_sent(struct db *db, struct arena *a, long long id, const char *owner,
    bool *held)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_OUTBOX_SENT, &res, DB_INT(id),
	    DB_STR(owner)) == -1)
		return -1;
	*held = res.affected == 1;
	return 0;
}

int
db_mail_retry(struct db *db, struct arena *a, long long id, const char *owner,
    const char *error, long long delay_ms, bool *held)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_OUTBOX_RETRY, &res, DB_STR(error),
	    DB_INT(delay_ms * 1000), DB_INT(id), DB_STR(owner)) == -1)
		return -1;
	*held = res.affected == 1;
	return 0;
}

int
db_mail_failed(struct db *db, struct arena *a, long long id,
    const char *owner, const char *error, bool *held)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_OUTBOX_FAILED, &res, DB_STR(error), DB_INT(id),
	    DB_STR(owner)) == -1)
		return -1;
	*held = res.affected == 1;
	return 0;
}

int
db_mail_resend(struct db *db, struct arena *a, long long org_id,
    long long id, bool *queued)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_OUTBOX_RESEND, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	*queued = res.affected == 1;
	return 0;
}

int
db_mail_list(struct db *db, struct arena *a, long long org_id,
    const char *status, long long before, long long limit,
    struct mail_row **out, size_t *n)
{
	struct db_res res;
	struct mail_row *r;
	size_t i;

	if (DB_RUN(db, a, DB_OUTBOX_LIST, &res, DB_INT(org_id), DB_INT(before),
	    DB_STR(status), DB_STR(status), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	memset(*out, 0, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		r = &(*out)[i];
		db_fill(&res, i, 1, mail_row_columns, mail_row_ncolumns, r);
		r->ev.kind = kind_of(r->kind);
		r->ev.to_email = r->user_email;
	}
	*n = res.nrows;
	return 0;
}

int
db_mail_invitation(struct db *db, struct arena *a, long long org_id,
    long long invitation_id, const char *token)
{
	return DB_RUN(db, a, DB_OUTBOX_INVITATION, NULL, DB_STR(token),
	    DB_INT(org_id), DB_INT(invitation_id));
}

int
db_mail_invitation_cancel(struct db *db, struct arena *a,
    long long invitation_id, const char *why)
{
	return DB_RUN(db, a, DB_OUTBOX_INVITATION_CANCEL, NULL, DB_STR(why),
	    DB_INT(invitation_id));
}

int
db_user_emails_get(struct db *db, struct arena *a, long long user_id,
    bool *on)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_USER_EMAILS_GET, &res, DB_INT(user_id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	*on = db_cell_int(&res, 0, 0) != 0;
	return 1;
}

int
db_user_emails_set(struct db *db, struct arena *a, long long user_id, bool on)
{
	return DB_RUN(db, a, DB_USER_EMAILS_SET, NULL, DB_INT(on ? 1 : 0),
	    DB_INT(user_id));
}
