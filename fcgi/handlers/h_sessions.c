/*
 * h_sessions: a person's own sessions (GET /me/sessions), and ending one
 * of them or every other one (DELETE /me/sessions/{id}, /me/sessions).
 *
 * A session is named by its row id, never by its token or the token's
 * hash, and every statement carries the caller's user id: another
 * person's id is the same 404 as one that never was. Ending sessions
 * deletes their rows, which bumps the host's auth epoch (db.c), so a
 * session ended here stops working at once on this host, whichever
 * worker cached it.
 */
#define _POSIX_C_SOURCE 200809L
#include "app.h"
#include "arena.h"
#include "handlers.h"
#include "log.h"
#include "ua.h"

#define SESSION_ATTRS	"HttpOnly; SameSite=Lax"

static cJSON *
session_json(const struct session_row *s)
{
	cJSON *o = cJSON_CreateObject();
	char label[64];

	ua_label(label, sizeof(label), s->user_agent);
	cJSON_AddNumberToObject(o, "id", (double)s->id);
	cJSON_AddStringToObject(o, "device", label);
	json_add_str(o, "user_agent", s->user_agent);
	json_add_str(o, "created_at", s->created_at);
	json_add_str(o, "last_seen_at", s->last_seen_at);
	cJSON_AddBoolToObject(o, "current", s->current);
	return o;
}

int
h_sessions_list(struct req *r)
{
	struct session_row *s;
	long long limit, cursor;
	size_t i, n;
	cJSON *items;

	if (req_page(r, &limit, &cursor) == -1)
		return 422;
	if (db_sessions_of(r->db, r->a, r->sess.user_id, r->sess_hash,
	    cursor ? cursor : 999999999999999999LL, limit + 1, &s, &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(items, session_json(&s[i]));
	return req_json(r, 200, json_list(items, n > (size_t)limit ?
	    s[limit - 1].id : 0));
}

int
h_session_end(struct req *r)
{
	bool current, ended;
	int rc;

	if ((rc = db_session_of(r->db, r->a, r->sess.user_id, r->ids[0],
	    r->sess_hash, &current)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such session.", NULL);
	if (db_session_end(r->db, r->a, r->sess.user_id, r->ids[0],
	    &ended) == -1)
		return db_down(r);
	if (!ended)	/* ended meanwhile, by another request */
		return req_error(r, 404, "not_found", "No such session.", NULL);
	log_info(r->rid, "user %lld ended session %lld%s", r->sess.user_id,
	    r->ids[0], current ? " (their own: signed out)" : "");
	if (current)
		req_cookie_set(r, "ll_session", "", SESSION_ATTRS, 0);
	return 204;
}

int
h_sessions_end_others(struct req *r)
{
	long long ended;
	cJSON *o;

	if (db_sessions_end_others(r->db, r->a, r->sess.user_id, r->sess_hash,
	    &ended) == -1)
		return db_down(r);
	log_info(r->rid, "user %lld ended their %lld other sessions",
	    r->sess.user_id, ended);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "ended", (double)ended);
	return req_json(r, 200, o);
}
