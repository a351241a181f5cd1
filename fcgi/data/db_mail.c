/*
 * db_mail: the email outbox and the provisioning-email switch; see
 * db_mail.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_mail.h"

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
	int kind;

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
	j->id = db_cell_int(&res, 0, 0);
	kind = mail_kind_parse(db_cell(&res, 0, 1));
	j->ev.kind = kind < 0 ? MAIL_NUMBER_COMPLETE : (enum mail_kind)kind;
	j->attempts = db_cell_int(&res, 0, 2);
	j->message_id = db_cell(&res, 0, 3);
	j->to_addr = db_cell(&res, 0, 4);
	j->ev.recipient_name = db_cell(&res, 0, 5);
	j->ev.org_name = db_cell(&res, 0, 6);
	j->ev.number_id = db_cell_int(&res, 0, 7);
	j->ev.number_name = db_cell(&res, 0, 8);
	j->ev.phone_number = db_cell(&res, 0, 9);
	j->ev.area_codes = db_cell(&res, 0, 10);
	j->ev.failure_reason = db_cell(&res, 0, 11);
	j->ev.use_case_name = db_cell(&res, 0, 12);
	j->ev.campaign_id = db_cell_int(&res, 0, 13);
	j->ev.campaign_name = db_cell(&res, 0, 14);
	j->ev.org_id = db_cell_int(&res, 0, 15);
	j->ev.secret = db_cell(&res, 0, 16);
	j->ev.to_email = j->to_addr;
	j->ev.role = db_cell(&res, 0, 17);
	j->ev.inviter_name = db_cell(&res, 0, 18);
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
db_mail_list(struct db *db, struct arena *a, long long org_id,
    const char *status, long long before, long long limit,
    struct mail_row **out, size_t *n)
{
	struct db_res res;
	struct mail_row *r;
	size_t i;
	int kind;

	if (DB_RUN(db, a, DB_OUTBOX_LIST, &res, DB_INT(org_id), DB_INT(before),
	    DB_STR(status), DB_STR(status), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	memset(*out, 0, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		r = &(*out)[i];
		r->id = db_cell_int(&res, i, 0);
		kind = mail_kind_parse(db_cell(&res, i, 1));
		r->ev.kind = kind < 0 ? MAIL_NUMBER_COMPLETE :
		    (enum mail_kind)kind;
		r->status = db_cell(&res, i, 2);
		r->attempts = db_cell_int(&res, i, 3);
		r->last_error = db_cell(&res, i, 4);
		r->created_at = db_cell_time(a, &res, i, 5);
		r->next_attempt_at = db_cell_time(a, &res, i, 6);
		r->sent_at = db_cell_time(a, &res, i, 7);
		r->ev.number_id = db_cell_int(&res, i, 8);
		r->ev.campaign_id = db_cell_int(&res, i, 9);
		r->user_id = db_cell_int(&res, i, 10);
		r->user_name = db_cell(&res, i, 11);
		r->user_email = db_cell(&res, i, 12);
		r->ev.number_name = db_cell(&res, i, 13);
		r->ev.phone_number = db_cell(&res, i, 14);
		r->ev.area_codes = db_cell(&res, i, 15);
		r->ev.campaign_name = db_cell(&res, i, 16);
		r->ev.org_name = db_cell(&res, i, 17);
		r->invitation_id = db_cell_int(&res, i, 18);
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
