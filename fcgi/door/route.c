/*
 * route: the route table and the front door; see route.h.
 * A new endpoint is one row here and one handler function.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "auth.h"
#include "canned.h"
#include "handlers.h"
#include "log.h"
#include "route.h"
#include "sess_cache.h"

static const struct field f_login[] = {
	{ "email", F_STR, true, 1, 254 },
	{ "password", F_STR, true, 1, 256 },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_role[] = {
	{ "role", F_ROLE, true, 0, 0 },
	{ NULL, F_STR, false, 0, 0 },
};
/* email, or open: true for an open link (the handler checks which). */
static const struct field f_invite[] = {
	{ "email", F_EMAIL, false, 0, 0 },
	{ "role", F_ROLE, true, 0, 0 },
	{ "open", F_BOOL, false, 0, 0 },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_token[] = {
	{ "token", F_TOKEN, true, 0, 0 },
	{ NULL, F_STR, false, 0, 0 },
};
/* email: an open link's (an invitation for an address uses that one). */
static const struct field f_signup[] = {
	{ "token", F_TOKEN, true, 0, 0 },
	{ "email", F_EMAIL, false, 0, 0 },
	{ "name", F_STR, true, 1, 100 },
	{ "password", F_PASSWORD, true, 0, 0 },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_use_case[] = {
	{ "name", F_STR, true, 1, 100 },
	{ "provider_campaign_id", F_STR, true, 1, 64 },
	{ "messages_per_minute", F_INT, false, 1, 10000000 },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_use_case_pace[] = {
	{ "messages_per_minute", F_INT, false, 1, 10000000 },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_number[] = {
	{ "area_code", F_AREA_CODE, true, 0, 0 },
	{ "name", F_STR, false, 1, 100 },
	{ "use_case_id", F_ID, true, 0, 0 },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_me[] = {
	{ "provisioning_emails", F_BOOL, true, 0, 0 },
	{ NULL, F_STR, false, 0, 0 },
};
/* An organization's settings; display_name "" or null: its name. */
static const struct field f_settings[] = {
	{ "display_name", F_STR, false, 0, 200 },
	{ "opt_out_language", F_STR, false, 1, 300 },
	{ "default_batch_size", F_INT, false, 1, 5000 },
	{ "time_zone", F_STR, false, 1, 64 },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_none[] = {
	{ NULL, F_STR, false, 0, 0 },
};
const struct field route_streamed[] = {
	{ NULL, F_STR, false, 0, 0 },
};
/* Texting (lists of ids and statuses are checked by the handlers). */
static const struct field f_texter[] = {
	{ "user_id", F_ID, true, 0, 0 },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_distribute[] = {
	{ "status", F_STR, false, 1, 32 },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_reply[] = {
	{ "body", F_STR, true, 1, 1600 },
	{ NULL, F_STR, false, 0, 0 },
};
/* Tags (the name is trimmed and checked again by tag_name.h). */
static const struct field f_tag[] = {
	{ "name", F_STR, true, 1, 50 },
	{ "escalate", F_BOOL, false, 0, 0 },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_tag_edit[] = {
	{ "name", F_STR, false, 1, 50 },
	{ "escalate", F_BOOL, false, 0, 0 },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_conversation_tag[] = {
	{ "tag_id", F_ID, true, 0, 0 },
	{ NULL, F_STR, false, 0, 0 },
};
/* Canned responses (canned.h has the rules the handler applies). */
static const struct field f_canned[] = {
	{ "title", F_STR, true, 1, CANNED_TITLE_MAX },
	{ "text", F_STR, true, 1, CANNED_TEXT_MAX },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_canned_edit[] = {
	{ "title", F_STR, false, 1, CANNED_TITLE_MAX },
	{ "text", F_STR, false, 1, CANNED_TEXT_MAX },
	{ NULL, F_STR, false, 0, 0 },
};
/* Message review's bulk actions (ids, filter: checked by h_review.c). */
static const struct field f_review_close[] = {
	{ "campaign_id", F_ID, false, 0, 0 },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_review_reassign[] = {
	{ "campaign_id", F_ID, true, 0, 0 },
	{ NULL, F_STR, false, 0, 0 },
};
static const struct field f_join_signup[] = {
	{ "token", F_TOKEN, true, 0, 0 },
	{ "email", F_EMAIL, true, 0, 0 },
	{ "name", F_STR, true, 1, 100 },
	{ "password", F_PASSWORD, true, 0, 0 },
	{ NULL, F_STR, false, 0, 0 },
};

#define ORG	"/api/v1/orgs/:id"

static const struct route routes[] = {
	{ "GET", "/api/v1/health", h_health, ACCESS_PUBLIC, ROLE_NONE, NULL },
	{ "GET", "/api/v1/openapi.json", h_openapi, ACCESS_PUBLIC, ROLE_NONE, NULL },
	{ "GET", "/api/v1/csrf", h_csrf, ACCESS_PUBLIC, ROLE_NONE, NULL },
	{ "POST", "/api/v1/auth/login", h_login, ACCESS_PUBLIC, ROLE_NONE, f_login },
	{ "POST", "/api/v1/auth/logout", h_logout, ACCESS_PUBLIC, ROLE_NONE, f_none },
	{ "GET", "/api/v1/me", h_me, ACCESS_USER, ROLE_NONE, NULL },
	{ "PATCH", "/api/v1/me", h_me_update, ACCESS_USER, ROLE_NONE, f_me },
	{ "GET", "/api/v1/me/sessions", h_sessions_list, ACCESS_USER, ROLE_NONE, NULL },
	{ "DELETE", "/api/v1/me/sessions", h_sessions_end_others, ACCESS_USER, ROLE_NONE, f_none },
	{ "DELETE", "/api/v1/me/sessions/:id", h_session_end, ACCESS_USER, ROLE_NONE, f_none },

	{ "GET", ORG "/people", h_people_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "PATCH", ORG "/people/:id", h_person_update, ACCESS_ORG, ROLE_ADMIN, f_role },
	{ "DELETE", ORG "/people/:id", h_person_delete, ACCESS_ORG, ROLE_ADMIN, f_none },

	{ "GET", ORG "/invitations", h_invitations_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/invitations", h_invitation_create, ACCESS_ORG, ROLE_SUPERVISOR, f_invite },
	{ "DELETE", ORG "/invitations/:id", h_invitation_revoke, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "POST", "/api/v1/invitations/lookup", h_invitation_lookup, ACCESS_PUBLIC, ROLE_NONE, f_token },
	{ "POST", "/api/v1/invitations/signup", h_invitation_signup, ACCESS_PUBLIC, ROLE_NONE, f_signup },
	{ "POST", "/api/v1/invitations/accept", h_invitation_accept, ACCESS_USER, ROLE_NONE, f_token },

	{ "GET", "/api/v1/area-codes", h_area_codes, ACCESS_USER, ROLE_NONE, NULL },
	{ "GET", ORG "/use-cases", h_use_cases_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/use-cases", h_use_case_create, ACCESS_ORG, ROLE_ADMIN, f_use_case },
	{ "POST", ORG "/use-cases/:id/refresh", h_use_case_refresh, ACCESS_ORG, ROLE_ADMIN, f_none },
	{ "PATCH", ORG "/use-cases/:id", h_use_case_update, ACCESS_ORG, ROLE_ADMIN, f_use_case_pace },
	{ "GET", ORG "/phone-numbers", h_numbers_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/phone-numbers", h_number_create, ACCESS_ORG, ROLE_ADMIN, f_number },
	{ "GET", ORG "/phone-numbers/:id", h_number_get, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "DELETE", ORG "/phone-numbers/:id", h_number_delete, ACCESS_ORG, ROLE_ADMIN, f_none },

	{ "GET", "/api/v1/platform", h_platform, ACCESS_USER, ROLE_NONE, NULL },
	{ "GET", ORG "/launch-estimate", h_launch_estimate, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "GET", ORG "/campaigns", h_campaigns_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns", h_campaign_create, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "GET", ORG "/campaigns/:id", h_campaign_get, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "PATCH", ORG "/campaigns/:id", h_campaign_update, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "POST", ORG "/campaigns/:id/launch", h_campaign_launch, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "POST", ORG "/campaigns/:id/pause", h_campaign_pause, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "POST", ORG "/campaigns/:id/resume", h_campaign_resume, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "POST", ORG "/campaigns/:id/archive", h_campaign_archive, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "POST", ORG "/campaigns/:id/clone", h_campaign_clone, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "POST", ORG "/campaigns/:id/retry", h_campaign_retry, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "POST", ORG "/campaigns/:id/followups", h_campaign_followup, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "POST", ORG "/campaigns/:id/preview", h_campaign_preview, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "GET", ORG "/campaigns/:id/contacts", h_contacts_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/contacts", h_contacts_import, ACCESS_ORG, ROLE_SUPERVISOR, route_streamed },
	{ "POST", ORG "/campaigns/:id/contacts/removals", h_contacts_remove, ACCESS_ORG, ROLE_SUPERVISOR, route_streamed },

	{ "GET", ORG "/emails", h_emails_list, ACCESS_ORG, ROLE_ADMIN, NULL },
	{ "POST", ORG "/emails/:id/resend", h_email_resend, ACCESS_ORG, ROLE_ADMIN, f_none },
	{ "GET", ORG "/settings", h_settings_get, ACCESS_ORG, ROLE_ADMIN, NULL },
	{ "PATCH", ORG "/settings", h_settings_update, ACCESS_ORG, ROLE_ADMIN, f_settings },

	/* Sending: unknown messages, and an admin's deliberate resend. */
	{ "GET", ORG "/campaigns/:id/unknown-messages", h_campaign_unknown_messages, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/messages/:id/resend", h_message_resend, ACCESS_ORG, ROLE_ADMIN, f_none },

	/* Texting: texters and assignment (supervisors), the invite link. */
	{ "GET", ORG "/campaigns/:id/texters", h_texters_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/texters", h_texter_add, ACCESS_ORG, ROLE_SUPERVISOR, f_texter },
	{ "DELETE", ORG "/campaigns/:id/texters/:id", h_texter_remove, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "GET", ORG "/campaigns/:id/assignments", h_assignments_summary, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/assignments/distribute", h_assign_distribute, ACCESS_ORG, ROLE_SUPERVISOR, f_distribute },
	{ "POST", ORG "/campaigns/:id/assignments/unassign", h_assign_unassign, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "POST", ORG "/campaigns/:id/assignments/reassign", h_assign_reassign, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "GET", ORG "/campaigns/:id/invite-link", h_invite_link_get, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/invite-link", h_invite_link_enable, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "DELETE", ORG "/campaigns/:id/invite-link", h_invite_link_disable, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	/* Texting: the messenger (any member texting for a campaign). */
	{ "GET", ORG "/assignments", h_my_assignments, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "POST", ORG "/campaigns/:id/assignments/request", h_assign_request, ACCESS_ORG, ROLE_TEXTER, f_none },
	{ "GET", ORG "/campaigns/:id/conversations", h_my_conversations, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "GET", ORG "/inbox", h_inbox, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "GET", ORG "/conversations/:id", h_conversation_get, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "POST", ORG "/conversations/:id/initial", h_send_initial, ACCESS_ORG, ROLE_TEXTER, f_none },
	{ "POST", ORG "/conversations/:id/messages", h_send_reply, ACCESS_ORG, ROLE_TEXTER, f_reply },
	{ "POST", ORG "/conversations/:id/opt-out", h_conversation_opt_out, ACCESS_ORG, ROLE_TEXTER, f_none },
	/* After the first text: tags, closing, skipping, the review queue. */
	{ "GET", ORG "/tags", h_tags_list, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "POST", ORG "/tags", h_tag_create, ACCESS_ORG, ROLE_ADMIN, f_tag },
	{ "PATCH", ORG "/tags/:id", h_tag_update, ACCESS_ORG, ROLE_ADMIN, f_tag_edit },
	{ "DELETE", ORG "/tags/:id", h_tag_delete, ACCESS_ORG, ROLE_ADMIN, f_none },
	{ "POST", ORG "/conversations/:id/tags", h_conversation_tag_add, ACCESS_ORG, ROLE_TEXTER, f_conversation_tag },
	{ "DELETE", ORG "/conversations/:id/tags/:id", h_conversation_tag_remove, ACCESS_ORG, ROLE_TEXTER, f_none },
	{ "POST", ORG "/conversations/:id/close", h_conversation_close, ACCESS_ORG, ROLE_TEXTER, f_none },
	{ "POST", ORG "/conversations/:id/skip", h_conversation_skip, ACCESS_ORG, ROLE_TEXTER, f_none },
	{ "GET", ORG "/escalations", h_escalations_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "DELETE", ORG "/conversations/:id/escalation", h_escalation_clear, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "GET", ORG "/conversations/:id/canned-responses", h_canned_for_conversation, ACCESS_ORG, ROLE_TEXTER, NULL },
	/* Canned responses: organizers keep them, texters read them above. */
	{ "GET", ORG "/canned-responses", h_canned_org_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/canned-responses", h_canned_org_create, ACCESS_ORG, ROLE_SUPERVISOR, f_canned },
	{ "PATCH", ORG "/canned-responses/:id", h_canned_update, ACCESS_ORG, ROLE_SUPERVISOR, f_canned_edit },
	{ "DELETE", ORG "/canned-responses/:id", h_canned_delete, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "GET", ORG "/campaigns/:id/canned-responses", h_canned_campaign_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/canned-responses", h_canned_campaign_create, ACCESS_ORG, ROLE_SUPERVISOR, f_canned },
	{ "PUT", ORG "/campaigns/:id/included-responses/:id", h_canned_include, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	{ "DELETE", ORG "/campaigns/:id/included-responses/:id", h_canned_exclude, ACCESS_ORG, ROLE_SUPERVISOR, f_none },
	/* Message review (organizers) and exports (admins). */
	{ "GET", ORG "/review/conversations", h_review_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/review/close", h_review_close, ACCESS_ORG, ROLE_SUPERVISOR, f_review_close },
	{ "POST", ORG "/review/reassign", h_review_reassign, ACCESS_ORG, ROLE_SUPERVISOR, f_review_reassign },
	{ "GET", ORG "/campaigns/:id/exports/conversations.csv", h_export_conversations, ACCESS_ORG, ROLE_ADMIN, NULL },
	{ "GET", ORG "/campaigns/:id/exports/messages.csv", h_export_messages, ACCESS_ORG, ROLE_ADMIN, NULL },
	{ "GET", ORG "/exports/opt-outs.csv", h_export_opt_outs, ACCESS_ORG, ROLE_ADMIN, NULL },
	{ "POST", "/api/v1/join/lookup", h_join_lookup, ACCESS_PUBLIC, ROLE_NONE, f_token },
	{ "POST", "/api/v1/join/signup", h_join_signup, ACCESS_PUBLIC, ROLE_NONE, f_join_signup },
	{ "POST", "/api/v1/join/accept", h_join_accept, ACCESS_USER, ROLE_NONE, f_token },

	{ "POST", "/hooks/telnyx", h_hook_telnyx, ACCESS_HOOK, ROLE_NONE, NULL },
};

#undef ORG

/* Matches path against pattern, collecting ":id" segments. */
static bool
pattern_match(const char *pat, const char *path, long long ids[3],
    size_t *nids)
{
	const char *pe, *se;
	size_t n = 0;

	for (;;) {
		if (*pat == '\0' || *path == '\0')
			break;
		pe = strchr(pat, '/');
		se = strchr(path, '/');
		if (pe == NULL)
			pe = pat + strlen(pat);
		if (se == NULL)
			se = path + strlen(path);
		if (pat[0] == ':') {
			if (n == 3 || parse_id(path, (size_t)(se - path),
			    &ids[n]) == -1)
				return false;
			n++;
		} else if (pe - pat != se - path ||
		    strncmp(pat, path, (size_t)(pe - pat)) != 0)
			return false;
		pat = *pe ? pe + 1 : pe;
		path = *se ? se + 1 : se;
		if ((*pe == '/') != (*se == '/'))
			return false;
	}
	*nids = n;
	return *pat == '\0' && *path == '\0';
}

/* Does a route for rmethod take method? HEAD goes wherever GET does. */
static bool
method_fits(const char *rmethod, const char *method)
{
	return strcmp(rmethod, method) == 0 ||
	    (strcmp(method, "HEAD") == 0 && strcmp(rmethod, "GET") == 0);
}

const struct route *
route_match(const char *method, const char *path, long long ids[3],
    size_t *nids, char *allow, size_t allowlen, int *status)
{
	size_t i, used = 0;
	long long scratch[3];
	size_t nscratch;

	allow[0] = '\0';
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!pattern_match(routes[i].pattern, path, scratch,
		    &nscratch))
			continue;
		if (method_fits(routes[i].method, method)) {
			memcpy(ids, scratch, sizeof(scratch));
			*nids = nscratch;
			return &routes[i];
		}
		used += (size_t)snprintf(allow + used,
		    used < allowlen ? allowlen - used : 0, "%s%s%s",
		    used ? ", " : "", routes[i].method,
		    strcmp(routes[i].method, "GET") == 0 ? ", HEAD" : "");
	}
	*status = allow[0] ? 405 : 404;
	return NULL;
}

int
route_check_fields(struct req *r, const struct field *f)
{
	const cJSON *v;
	const char *s;
	long n;

	if (!cJSON_IsObject(r->json)) {
		return req_error(r, 400, "malformed_json",
		    "The body must be a JSON object.", NULL);
	}
	for (; f->name != NULL; f++) {
		v = cJSON_GetObjectItemCaseSensitive(r->json, f->name);
		if (v == NULL || cJSON_IsNull(v)) {
			if (!f->required)
				continue;
			return req_error(r, 422, "validation_failed",
			    arena_printf(r->a, "%s is required.", f->name),
			    f->name);
		}
		if (f->type == F_ID) {
			if (!cJSON_IsNumber(v) || v->valuedouble < 1 ||
			    v->valuedouble > 9007199254740991.0 ||
			    v->valuedouble != (double)(long long)v->valuedouble)
				return req_error(r, 422, "validation_failed",
				    arena_printf(r->a, "%s must be a whole "
				    "number id.", f->name), f->name);
			continue;
		}
		if (f->type == F_INT) {
			if (!cJSON_IsNumber(v) || v->valuedouble < (double)f->min ||
			    v->valuedouble > (double)f->max ||
			    v->valuedouble != (double)(long long)v->valuedouble)
				return req_error(r, 422, "validation_failed",
				    arena_printf(r->a, "%s must be a whole "
				    "number from %ld to %ld.", f->name, f->min,
				    f->max), f->name);
			continue;
		}
		if (f->type == F_BOOL) {
			if (!cJSON_IsBool(v))
				return req_error(r, 422, "validation_failed",
				    arena_printf(r->a, "%s must be true or "
				    "false.", f->name), f->name);
			continue;
		}
		if (!cJSON_IsString(v)) {
			return req_error(r, 422, "validation_failed",
			    arena_printf(r->a, "%s must be a string.",
			    f->name), f->name);
		}
		s = v->valuestring;
		if ((n = utf8_len(s)) == -1) {
			return req_error(r, 422, "validation_failed", arena_printf(
			    r->a, "%s is not valid UTF-8.", f->name), f->name);
		}
		switch (f->type) {
		case F_STR:
			if (n < f->min || n > f->max) {
				return req_error(r, 422, "validation_failed",
				    arena_printf(r->a, "%s must be %ld to %ld "
				    "characters long.", f->name, f->min,
				    f->max), f->name);
			}
			break;
		case F_EMAIL:
			if (!valid_email(s)) {
				return req_error(r, 422, "validation_failed",
				    "That is not a valid email address.",
				    f->name);
			}
			break;
		case F_ROLE:
			if (role_parse(s) == ROLE_NONE) {
				return req_error(r, 422, "validation_failed",
				    "role must be owner, admin, supervisor "
				    "or texter.", f->name);
			}
			break;
		case F_PASSWORD:
			if (n < 8 || n > 256) {
				return req_error(r, 422, "validation_failed",
				    "The password must be 8 to 256 "
				    "characters long.", f->name);
			}
			break;
		case F_AREA_CODE:
			if (strlen(s) != 3 || s[0] < '2' || s[0] > '9' ||
			    s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9')
				return req_error(r, 422, "validation_failed",
				    "An area code is three digits, the first "
				    "2 to 9.", f->name);
			break;
		case F_ID:
		case F_BOOL:
		case F_INT:
			break;
		case F_TOKEN:
			if (n < 16 || n > 128 || strspn(s, "ABCDEFGHIJKLMNOP"
			    "QRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
			    != strlen(s)) {
				return req_error(r, 422, "validation_failed",
				    "That token is malformed.", f->name);
			}
			break;
		}
	}
	return 0;
}

/* A session read from the database is marked used when its mark is
 * older than this (seconds): "last seen" to the minute, one write a
 * minute at most. */
#define SESSION_SEEN_EVERY_S	60

/* Loads the session named by the ll_session cookie, if it is live. */
static int
load_session(struct req *r)
{
	const char *tok = req_cookie(r, "ll_session");
	unsigned long long epoch;
	time_t now;
	int rc;

	if (tok == NULL || *tok == '\0')
		return 0;
	r->sess_hash = auth_token_hash(r->a, tok);
	/* The epoch is read before the query: a change committed meanwhile
	 * bumps it after, so this entry is never trusted past that change. */
	epoch = epoch_read(r->db->epoch);
	now = time(NULL);
	if (r->db->epoch != NULL && sess_cache_get(r->sessions, r->sess_hash,
	    epoch, now, r->a, &r->sess)) {
		r->authed = true;
		return 0;
	}
	if ((rc = db_session_by_hash(r->db, r->a, r->sess_hash,
	    &r->sess)) == -1)
		return -1;
	r->authed = rc == 1;
	if (r->authed && r->db->epoch != NULL)
		sess_cache_put(r->sessions, r->sess_hash, epoch, now, &r->sess);
	/* Best effort: a mark that fails leaves the last one. */
	if (r->authed && (long long)now - r->sess.last_seen_at >=
	    SESSION_SEEN_EVERY_S)
		(void)db_session_seen(r->db, r->a, r->sess_hash);
	return 0;
}

/* The caller's role in org_id, from the memberships the session loaded. */
static enum role
session_role(const struct session *s, long long org_id)
{
	size_t i;

	for (i = 0; i < s->nmemberships; i++)
		if (s->memberships[i].org_id == org_id)
			return role_parse(s->memberships[i].role);
	return ROLE_NONE;
}

/* With a session: its token; without: the ll_csrf double-submit cookie. */
static bool
csrf_ok(const struct req *r)
{
	const char *want;

	if (r->csrf_header == NULL)
		return false;
	want = r->authed ? r->sess.csrf_token : req_cookie(r, "ll_csrf");
	return want != NULL && strlen(want) >= 32 &&
	    auth_equal(want, r->csrf_header);
}

static bool
state_changing(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

int
route_dispatch(struct req *r, long long content_length,
    int (*read_body)(struct req *, size_t, void *), void *io)
{
	const struct route *rt;
	char allow[64];
	int status;

	if ((rt = route_match(r->method, r->path, r->ids, &r->nids, allow,
	    sizeof(allow), &status)) == NULL) {
		if (status == 405) {
			req_header(r, "Allow: %s", allow);
			return req_error(r, 405, "method_not_allowed",
			    "This method is not allowed here.", NULL);
		}
		return req_error(r, 404, "not_found", "No such endpoint.",
		    NULL);
	}
	if (rt->fn == h_health || rt->fn == h_openapi)
		return rt->fn(r);	/* must answer without the database */
	if (rt->access == ACCESS_HOOK) {
		/* The handler checks the signature over the raw body. */
		if (content_length > r->app->cfg.max_body_bytes)
			return req_error(r, 413, "payload_too_large",
			    "The body is too large.", NULL);
		if (content_length > 0 &&
		    read_body(r, (size_t)content_length, io) == -1)
			return req_error(r, 400, "malformed_json",
			    "The body ended early.", NULL);
		return rt->fn(r);
	}

	if (load_session(r) == -1)
		return req_error(r, 503, "unavailable",
		    "The database is not answering; try again shortly.", NULL);
	if (state_changing(r->method) && !csrf_ok(r))
		return req_error(r, 403, "csrf_failed", "Missing or wrong "
		    "X-CSRF-Token header; reload the page.", NULL);

	r->content_length = content_length;
	if (rt->fields == route_streamed) {
		if (content_length > r->app->cfg.max_upload_bytes)
			return req_error(r, 413, "payload_too_large",
			    arena_printf(r->a, "The file is larger than %ld "
			    "bytes.", r->app->cfg.max_upload_bytes), NULL);
	} else if (content_length > r->app->cfg.max_body_bytes)
		return req_error(r, 413, "payload_too_large", arena_printf(
		    r->a, "The body is larger than %ld bytes.",
		    r->app->cfg.max_body_bytes), NULL);
	else if (content_length > 0) {
		if (read_body(r, (size_t)content_length, io) == -1)
			return req_error(r, 400, "malformed_json",
			    "The body ended early.", NULL);
		if ((r->json = cJSON_ParseWithLength(r->body,
		    r->body_len)) == NULL)
			return req_error(r, 400, "malformed_json",
			    arena_printf(r->a, "The body is not valid JSON "
			    "(error near byte %zu).",
			    (size_t)(cJSON_GetErrorPtr() - r->body)), NULL);
	}

	if (rt->access != ACCESS_PUBLIC && !r->authed)
		return req_error(r, 401, "not_authenticated",
		    "Please sign in.", NULL);
	if (rt->access == ACCESS_ORG) {
		r->org_id = r->ids[0];
		r->role = session_role(&r->sess, r->org_id);
		/* Other organizations' existence is not revealed. */
		if (r->role == ROLE_NONE)
			return req_error(r, 404, "not_found",
			    "No such organization.", NULL);
		if (r->role < rt->min_role)
			return req_error(r, 403, "forbidden", "Your role in "
			    "this organization does not allow this.", NULL);
	}
	if (rt->fields != NULL && rt->fields != route_streamed) {
		if (r->json == NULL && rt->fields[0].name != NULL)
			return req_error(r, 400, "malformed_json",
			    "A JSON body is required.", NULL);
		if (r->json != NULL &&
		    (status = route_check_fields(r, rt->fields)) != 0)
			return status;
	}
	return rt->fn(r);
}
