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

	cJSON_AddNumberToObject(o, "id", (double)m->id);
	cJSON_AddStringToObject(o, "kind", mail_kind_name(m->ev.kind));
	cJSON_AddStringToObject(o, "status", m->status);
	cJSON_AddStringToObject(o, "subject",
	    mail_subject(r->a, &m->ev));
	/* An invitation's address may have no account yet. */
	to = cJSON_AddObjectToObject(o, "recipient");
	json_add_id(to, "id", m->user_id);
	json_add_str(to, "name", m->user_name);
	cJSON_AddStringToObject(to, "email", m->user_email);
	json_add_id(o, "phone_number_id", m->ev.number_id);
	json_add_id(o, "campaign_id", m->ev.campaign_id);
	json_add_id(o, "invitation_id", m->invitation_id);
	cJSON_AddNumberToObject(o, "attempts", (double)m->attempts);
	json_add_str(o, "last_error", m->last_error);
	json_add_str(o, "next_attempt_at", pending ? m->next_attempt_at :
	    NULL);
	json_add_str(o, "sent_at", m->sent_at);
	json_add_str(o, "created_at", m->created_at);
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

/* PATCH /me: the signed-in person's own settings; answers Me. */
int
h_me_update(struct req *r)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json,
	    "provisioning_emails");

	if (db_user_emails_set(r->db, r->a, r->sess.user_id,
	    cJSON_IsTrue(v)) == -1)
		return db_down(r);
	return auth_answer_me(r, 200);
}
