/*
 * h_emails: the organization's emails as admins see them (the outbox,
 * newest first: provisioning and invitations; password resets belong to
 * no organization and are not listed), so a failed one and the mail server's
 * answer are visible; and each person's switch for these emails
 * (PATCH /me). The mailer role does the sending; see mailer.c.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "app.h"
#include "arena.h"
#include "db_mail.h"
#include "handlers.h"
#include "email_event.h"
#include "log.h"

/* An id, or null for none (0). */
static void
json_add_id(cJSON *o, const char *name, long long id)
{
	if (id > 0)
		cJSON_AddNumberToObject(o, name, (double)id);
	else
		cJSON_AddNullToObject(o, name);
}

static cJSON *
email_json(struct req *r, const struct mail_row *m)
{
	cJSON *o = cJSON_CreateObject(), *to;
	bool pending = strcmp(m->status, "queued") == 0 ||
	    strcmp(m->status, "sending") == 0;

	columns_json(o, r->a, mail_row_columns, mail_row_ncolumns, m);
	cJSON_AddStringToObject(o, "kind", mail_kind_name(m->ev.kind));
	cJSON_AddStringToObject(o, "subject",
	    mail_subject(r->a, &m->ev));
	/* An invitation's address may have no account yet. */
	to = cJSON_AddObjectToObject(o, "recipient");
	json_add_id(to, "id", m->user_id);
	json_add_str(to, "name", m->user_name);
	cJSON_AddStringToObject(to, "email", m->user_email);
	json_add_str(o, "next_attempt_at", pending ?
	    json_time(r->a, m->next_attempt_at) : NULL);
	return o;
}

int
h_emails_list(struct req *r)
{
	static const char *const statuses[] = { "queued", "sending", "sent",
	    "failed", NULL };
	const char *status;
	struct mail_row *m;
	long long limit, cursor;
	size_t i, n;
	cJSON *items;

	if (req_page(r, &limit, &cursor) == -1 ||
	    req_query_one_of(r, "status", statuses, &status) == -1)
		return 422;
	if (db_mail_list(r->db, r->a, r->org_id, status,
	    cursor ? cursor : 999999999999999999LL, limit + 1, &m, &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(items, email_json(r, &m[i]));
	return req_json(r, 200, json_list(items,
	    n > (size_t)limit ? m[limit - 1].id : 0));
}

/*
 * POST /orgs/:id/emails/:id/resend: a failed email queued again, the same
 * outbox row, so an event still makes one email whatever is clicked
 * twice; answers the Email. 409 for one that is not failed (a queued or
 * sending one goes anyway; a sent one arrived).
 */
int
h_email_resend(struct req *r)
{
	long long id = r->ids[1];
	struct mail_row *m;
	bool queued;
	size_t n;

	if (db_mail_resend(r->db, r->a, r->org_id, id, &queued) == -1 ||
	    db_mail_list(r->db, r->a, r->org_id, NULL, id + 1, 1, &m,
	    &n) == -1)
		return db_down(r);
	if (n == 0 || m[0].id != id)
		return req_error(r, 404, "not_found", "No such email in this "
		    "organization.", NULL);
	if (!queued)
		return req_error(r, 409, "conflict", arena_printf(r->a,
		    "Only a failed email can be sent again; this one is %s.",
		    m[0].status), NULL);
	log_info(r->rid, "email %lld of org %lld queued again by user %lld",
	    id, r->org_id, r->sess.user_id);
	return req_json(r, 200, email_json(r, &m[0]));
}

/* PATCH /me: the signed-in person's own settings; answers Me. */
int
h_me_update(struct req *r)
{
	if (db_user_emails_set(r->db, r->a, r->sess.user_id,
	    req_bool(r, "provisioning_emails", false)) == -1)
		return db_down(r);
	return auth_answer_me(r, 200);
}
