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
#include "campaign_fields.h"
#include "export_csv.h"
#include "h_texting.h"
#include "handlers.h"
#include "log.h"
#include "route.h"
#include "sess_cache.h"
#include "survey.h"

static const struct field f_login[] = {
	{ "email", F_STR, true, 1, 254, NULL, false },
	{ "password", F_STR, true, 1, 256, NULL, false },
	FIELDS_END,
};
/* Tags (the name is trimmed and checked again by tag_name.h). */
static const struct field f_tag[] = {
	{ "name", F_STR, true, 1, 50, NULL, false },
	{ "escalate", F_BOOL, false, 0, 0, NULL, false },
	FIELDS_END,
};
static const struct field f_tag_edit[] = {
	{ "name", F_STR, false, 1, 50, NULL, false },
	{ "escalate", F_BOOL, false, 0, 0, NULL, false },
	FIELDS_END,
};
static const struct field f_conversation_tag[] = {
	{ "tag_id", F_ID, true, 0, 0, NULL, false },
	FIELDS_END,
};
/* Canned responses (canned.h has the rules the handler applies). */
static const struct field f_canned[] = {
	{ "title", F_STR, true, 1, CANNED_TITLE_MAX, NULL, false },
	{ "text", F_STR, true, 1, CANNED_TEXT_MAX, NULL, false },
	FIELDS_END,
};
static const struct field f_canned_edit[] = {
	{ "title", F_STR, false, 1, CANNED_TITLE_MAX, NULL, false },
	{ "text", F_STR, false, 1, CANNED_TEXT_MAX, NULL, false },
	FIELDS_END,
};
/* An organization's settings; display_name "" or null: its name. */
static const struct field f_settings[] = {
	{ "display_name", F_STR, false, 0, 200, NULL, false },
	{ "opt_out_language", F_STR, false, 1, 300, NULL, false },
	{ "default_batch_size", F_INT, false, 1, 5000, NULL, false },
	{ "time_zone", F_STR, false, 1, 64, NULL, false },
	FIELDS_END,
};
static const struct field f_role[] = {
	{ "role", F_ROLE, true, 0, 0, NULL, false },
	FIELDS_END,
};
/* email, or open: true for an open link (the handler checks which). */
static const struct field f_invite[] = {
	{ "email", F_EMAIL, false, 0, 0, NULL, false },
	{ "role", F_ROLE, true, 0, 0, NULL, false },
	{ "open", F_BOOL, false, 0, 0, NULL, false },
	FIELDS_END,
};
static const struct field f_token[] = {
	{ "token", F_TOKEN, true, 0, 0, NULL, false },
	FIELDS_END,
};
/* email: an open link's (an invitation for an address uses that one). */
static const struct field f_signup[] = {
	{ "token", F_TOKEN, true, 0, 0, NULL, false },
	{ "email", F_EMAIL, false, 0, 0, NULL, false },
	{ "name", F_STR, true, 1, 100, NULL, false },
	{ "password", F_PASSWORD, true, 0, 0, NULL, false },
	FIELDS_END,
};
static const struct field f_reset_request[] = {
	{ "email", F_EMAIL, true, 0, 0, NULL, false },
	FIELDS_END,
};
static const struct field f_reset_complete[] = {
	{ "token", F_TOKEN, true, 0, 0, NULL, false },
	{ "password", F_PASSWORD, true, 0, 0, NULL, false },
	FIELDS_END,
};
static const struct field f_password_change[] = {
	{ "current_password", F_STR, true, 1, 256, NULL, false },
	{ "password", F_PASSWORD, true, 0, 0, NULL, false },
	FIELDS_END,
};
static const struct field f_use_case[] = {
	{ "name", F_STR, true, 1, 100, NULL, false },
	{ "provider_campaign_id", F_STR, true, 1, 64, NULL, false },
	{ "messages_per_minute", F_INT, false, 1, 10000000, NULL, false },
	FIELDS_END,
};
/* messages_per_minute: a number, or null for the default; never left out
 * (an empty PATCH would otherwise reset the pace). */
static const struct field f_use_case_pace[] = {
	{ "messages_per_minute", F_INT, true, 1, 10000000, NULL, true },
	FIELDS_END,
};
static const struct field f_number[] = {
	{ "area_code", F_AREA_CODE, true, 0, 0, NULL, false },
	{ "name", F_STR, false, 1, 100, NULL, false },
	{ "use_case_id", F_ID, true, 0, 0, NULL, false },
	FIELDS_END,
};
static const struct field f_me[] = {
	{ "provisioning_emails", F_BOOL, true, 0, 0, NULL, false },
	FIELDS_END,
};
const struct field route_streamed[] = {
	FIELDS_END,
};
/* A followup: its name, and who of the original it leaves out. */
static const struct field f_followup[] = {
	{ "name", F_STR, false, 1, 200, NULL, false },
	{ "exclude_replied", F_BOOL, false, 0, 0, NULL, false },
	{ "exclude_not_replied", F_BOOL, false, 0, 0, NULL, false },
	{ "exclude_opted_out", F_BOOL, false, 0, 0, NULL, false },
	FIELDS_END,
};
/* A preview: a script (the campaign's own when absent; the handler checks
 * its length, the stored one's too) and the contact to fill it for. */
static const struct field f_preview[] = {
	{ "script", F_STR, false, 0, 1L << 20, NULL, false },
	{ "contact_id", F_ID, false, 0, 0, NULL, false },
	FIELDS_END,
};
/* Texting. */
static const struct field f_texter[] = {
	{ "user_id", F_ID, true, 0, 0, NULL, false },
	FIELDS_END,
};
static const struct field f_distribute[] = {
	{ "texter_ids", F_ID_LIST, true, 1, TEXTING_MAX_IDS, NULL, false },
	{ "status", F_STR, false, 1, 32, texting_status_check, false },
	FIELDS_END,
};
static const struct field f_unassign[] = {
	{ "texter_ids", F_ID_LIST, false, 1, TEXTING_MAX_IDS, NULL, false },
	{ "statuses", F_ANY, false, 0, 0, texting_statuses_check, false },
	FIELDS_END,
};
static const struct field f_reassign[] = {
	{ "from_texter_ids", F_ID_LIST, false, 1, TEXTING_MAX_IDS, NULL,
	    false },
	{ "to_texter_ids", F_ID_LIST, true, 1, TEXTING_MAX_IDS, NULL, false },
	{ "statuses", F_ANY, false, 0, 0, texting_statuses_check, false },
	FIELDS_END,
};
static const struct field f_reply[] = {
	{ "body", F_STR, true, 1, 1600, NULL, false },
	FIELDS_END,
};
/* Survey questions (survey.h has the rules the handler applies). */
static const struct field f_survey_question[] = {
	{ "text", F_STR, true, 1, SURVEY_TEXT_MAX, NULL, false },
	FIELDS_END,
};
static const struct field f_survey_option[] = {
	{ "label", F_STR, true, 1, SURVEY_LABEL_MAX, NULL, false },
	{ "reply", F_STR, false, 0, SURVEY_REPLY_MAX, NULL, false },
	{ "next_question_id", F_ID, false, 0, 0, NULL, false },
	FIELDS_END,
};
static const struct field f_survey_option_edit[] = {
	{ "label", F_STR, false, 1, SURVEY_LABEL_MAX, NULL, false },
	{ "reply", F_STR, false, 0, SURVEY_REPLY_MAX, NULL, false },
	{ "next_question_id", F_ID, false, 0, 0, NULL, false },
	FIELDS_END,
};
static const struct field f_survey_answer[] = {
	{ "option_id", F_ID, true, 0, 0, NULL, false },
	FIELDS_END,
};
/* Message review's bulk actions (ids, filter: checked by h_review.c). */
/* Bulk review actions: ids or filter (the handler says which is needed,
 * and checks the filter's own keys); texter_id an id or null. */
static const struct field f_review_close[] = {
	{ "campaign_id", F_ID, false, 0, 0, NULL, false },
	{ "ids", F_ID_LIST, false, 1, 1000, NULL, false },
	{ "filter", F_ANY, false, 0, 0, NULL, false },
	FIELDS_END,
};
static const struct field f_review_reassign[] = {
	{ "campaign_id", F_ID, true, 0, 0, NULL, false },
	{ "ids", F_ID_LIST, false, 1, 1000, NULL, false },
	{ "filter", F_ANY, false, 0, 0, NULL, false },
	{ "texter_id", F_ANY, false, 0, 0, NULL, true },
	FIELDS_END,
};
/* An export job: campaign_id for a campaign's kinds (the handler). */
static const struct field f_export[] = {
	{ "kind", F_STR, true, 1, 20, export_kind_check, false },
	{ "campaign_id", F_ID, false, 0, 0, NULL, false },
	FIELDS_END,
};
static const struct field f_join_signup[] = {
	{ "token", F_TOKEN, true, 0, 0, NULL, false },
	{ "email", F_EMAIL, true, 0, 0, NULL, false },
	{ "name", F_STR, true, 1, 100, NULL, false },
	{ "password", F_PASSWORD, true, 0, 0, NULL, false },
	FIELDS_END,
};

#define ORG	"/api/v1/orgs/:id"

static const struct route routes[] = {
	{ "GET", "/api/v1/health", h_health, ACCESS_PUBLIC, ROLE_NONE, NULL },
	{ "GET", "/api/v1/openapi.json", h_openapi, ACCESS_PUBLIC, ROLE_NONE, NULL },
	{ "GET", "/api/v1/csrf", h_csrf, ACCESS_PUBLIC, ROLE_NONE, NULL },
	{ "POST", "/api/v1/auth/login", h_login, ACCESS_PUBLIC, ROLE_NONE, f_login },
	{ "POST", "/api/v1/auth/logout", h_logout, ACCESS_PUBLIC, ROLE_NONE, NULL },
	{ "GET", "/api/v1/me", h_me, ACCESS_USER, ROLE_NONE, NULL },
	{ "PATCH", "/api/v1/me", h_me_update, ACCESS_USER, ROLE_NONE, f_me },
	{ "GET", "/api/v1/me/sessions", h_sessions_list, ACCESS_USER, ROLE_NONE, NULL },
	{ "DELETE", "/api/v1/me/sessions", h_sessions_end_others, ACCESS_USER, ROLE_NONE, NULL },
	{ "DELETE", "/api/v1/me/sessions/:id", h_session_end, ACCESS_USER, ROLE_NONE, NULL },
	{ "PUT", "/api/v1/me/password", h_password_change, ACCESS_USER, ROLE_NONE, f_password_change },
	{ "POST", "/api/v1/password-resets", h_password_reset_request, ACCESS_PUBLIC, ROLE_NONE, f_reset_request },
	{ "POST", "/api/v1/password-resets/complete", h_password_reset_complete, ACCESS_PUBLIC, ROLE_NONE, f_reset_complete },

	{ "GET", ORG "/people", h_people_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "PATCH", ORG "/people/:id", h_person_update, ACCESS_ORG, ROLE_ADMIN, f_role },
	{ "DELETE", ORG "/people/:id", h_person_delete, ACCESS_ORG, ROLE_ADMIN, NULL },

	{ "GET", ORG "/invitations", h_invitations_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/invitations", h_invitation_create, ACCESS_ORG, ROLE_SUPERVISOR, f_invite },
	{ "DELETE", ORG "/invitations/:id", h_invitation_revoke, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/invitations/:id/resend", h_invitation_resend, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", "/api/v1/invitations/lookup", h_invitation_lookup, ACCESS_PUBLIC, ROLE_NONE, f_token },
	{ "POST", "/api/v1/invitations/signup", h_invitation_signup, ACCESS_PUBLIC, ROLE_NONE, f_signup },
	{ "POST", "/api/v1/invitations/accept", h_invitation_accept, ACCESS_USER, ROLE_NONE, f_token },

	{ "GET", "/api/v1/area-codes", h_area_codes, ACCESS_USER, ROLE_NONE, NULL },
	{ "GET", ORG "/use-cases", h_use_cases_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/use-cases", h_use_case_create, ACCESS_ORG, ROLE_ADMIN, f_use_case },
	{ "POST", ORG "/use-cases/:id/refresh", h_use_case_refresh, ACCESS_ORG, ROLE_ADMIN, NULL },
	{ "PATCH", ORG "/use-cases/:id", h_use_case_update, ACCESS_ORG, ROLE_ADMIN, f_use_case_pace },
	{ "GET", ORG "/phone-numbers", h_numbers_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/phone-numbers", h_number_create, ACCESS_ORG, ROLE_ADMIN, f_number },
	{ "GET", ORG "/phone-numbers/:id", h_number_get, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "DELETE", ORG "/phone-numbers/:id", h_number_delete, ACCESS_ORG, ROLE_ADMIN, NULL },

	{ "GET", "/api/v1/platform", h_platform, ACCESS_USER, ROLE_NONE, NULL },
	{ "GET", ORG "/launch-estimate", h_launch_estimate, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "GET", ORG "/campaigns", h_campaigns_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns", h_campaign_create, ACCESS_ORG, ROLE_SUPERVISOR, campaign_body },
	{ "GET", ORG "/campaigns/:id", h_campaign_get, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "PATCH", ORG "/campaigns/:id", h_campaign_update, ACCESS_ORG, ROLE_SUPERVISOR, campaign_body },
	{ "POST", ORG "/campaigns/:id/launch", h_campaign_launch, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/pause", h_campaign_pause, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/resume", h_campaign_resume, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/archive", h_campaign_archive, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/clone", h_campaign_clone, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/retry", h_campaign_retry, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/followups", h_campaign_followup, ACCESS_ORG, ROLE_SUPERVISOR, f_followup },
	{ "POST", ORG "/campaigns/:id/preview", h_campaign_preview, ACCESS_ORG, ROLE_SUPERVISOR, f_preview },
	{ "GET", ORG "/campaigns/:id/contacts", h_contacts_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/contacts", h_contacts_import, ACCESS_ORG, ROLE_SUPERVISOR, route_streamed },
	{ "POST", ORG "/campaigns/:id/contacts/removals", h_contacts_remove, ACCESS_ORG, ROLE_SUPERVISOR, route_streamed },

	{ "GET", ORG "/emails", h_emails_list, ACCESS_ORG, ROLE_ADMIN, NULL },
	{ "POST", ORG "/emails/:id/resend", h_email_resend, ACCESS_ORG, ROLE_ADMIN, NULL },
	{ "GET", ORG "/settings", h_settings_get, ACCESS_ORG, ROLE_ADMIN, NULL },
	{ "PATCH", ORG "/settings", h_settings_update, ACCESS_ORG, ROLE_ADMIN, f_settings },

	/* Sending: unknown messages, and an admin's deliberate resend. */
	{ "GET", ORG "/campaigns/:id/unknown-messages", h_campaign_unknown_messages, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/messages/:id/resend", h_message_resend, ACCESS_ORG, ROLE_ADMIN, NULL },

	/* Texting: texters and assignment (supervisors), the invite link. */
	{ "GET", ORG "/campaigns/:id/texters", h_texters_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/texters", h_texter_add, ACCESS_ORG, ROLE_SUPERVISOR, f_texter },
	{ "DELETE", ORG "/campaigns/:id/texters/:id", h_texter_remove, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "GET", ORG "/campaigns/:id/assignments", h_assignments_summary, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/assignments/distribute", h_assign_distribute, ACCESS_ORG, ROLE_SUPERVISOR, f_distribute },
	{ "POST", ORG "/campaigns/:id/assignments/unassign", h_assign_unassign, ACCESS_ORG, ROLE_SUPERVISOR, f_unassign },
	{ "POST", ORG "/campaigns/:id/assignments/reassign", h_assign_reassign, ACCESS_ORG, ROLE_SUPERVISOR, f_reassign },
	{ "GET", ORG "/campaigns/:id/invite-link", h_invite_link_get, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/invite-link", h_invite_link_enable, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "DELETE", ORG "/campaigns/:id/invite-link", h_invite_link_disable, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	/* Texting: the messenger (any member texting for a campaign). */
	{ "GET", ORG "/assignments", h_my_assignments, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "POST", ORG "/campaigns/:id/assignments/request", h_assign_request, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "GET", ORG "/campaigns/:id/conversations", h_my_conversations, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "GET", ORG "/inbox", h_inbox, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "GET", ORG "/conversations/:id", h_conversation_get, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "POST", ORG "/conversations/:id/initial", h_send_initial, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "POST", ORG "/conversations/:id/messages", h_send_reply, ACCESS_ORG, ROLE_TEXTER, f_reply },
	{ "POST", ORG "/conversations/:id/opt-out", h_conversation_opt_out, ACCESS_ORG, ROLE_TEXTER, NULL },
	/* After the first text: tags, closing, skipping, the review queue. */
	{ "GET", ORG "/tags", h_tags_list, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "POST", ORG "/tags", h_tag_create, ACCESS_ORG, ROLE_ADMIN, f_tag },
	{ "PATCH", ORG "/tags/:id", h_tag_update, ACCESS_ORG, ROLE_ADMIN, f_tag_edit },
	{ "DELETE", ORG "/tags/:id", h_tag_delete, ACCESS_ORG, ROLE_ADMIN, NULL },
	{ "POST", ORG "/conversations/:id/tags", h_conversation_tag_add, ACCESS_ORG, ROLE_TEXTER, f_conversation_tag },
	{ "DELETE", ORG "/conversations/:id/tags/:id", h_conversation_tag_remove, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "POST", ORG "/conversations/:id/close", h_conversation_close, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "POST", ORG "/conversations/:id/skip", h_conversation_skip, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "GET", ORG "/escalations", h_escalations_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "DELETE", ORG "/conversations/:id/escalation", h_escalation_clear, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "GET", ORG "/conversations/:id/canned-responses", h_canned_for_conversation, ACCESS_ORG, ROLE_TEXTER, NULL },
	/* Canned responses: organizers keep them, texters read them above. */
	{ "GET", ORG "/canned-responses", h_canned_org_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/canned-responses", h_canned_org_create, ACCESS_ORG, ROLE_SUPERVISOR, f_canned },
	{ "PATCH", ORG "/canned-responses/:id", h_canned_update, ACCESS_ORG, ROLE_SUPERVISOR, f_canned_edit },
	{ "DELETE", ORG "/canned-responses/:id", h_canned_delete, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "GET", ORG "/campaigns/:id/canned-responses", h_canned_campaign_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/canned-responses", h_canned_campaign_create, ACCESS_ORG, ROLE_SUPERVISOR, f_canned },
	{ "PUT", ORG "/campaigns/:id/included-responses/:id", h_canned_include, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "DELETE", ORG "/campaigns/:id/included-responses/:id", h_canned_exclude, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	/* Survey questions: organizers keep the tree, texters record answers. */
	{ "GET", ORG "/campaigns/:id/survey", h_survey_get, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/campaigns/:id/survey/questions", h_survey_question_create, ACCESS_ORG, ROLE_SUPERVISOR, f_survey_question },
	{ "PATCH", ORG "/survey-questions/:id", h_survey_question_update, ACCESS_ORG, ROLE_SUPERVISOR, f_survey_question },
	{ "DELETE", ORG "/survey-questions/:id", h_survey_question_delete, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/survey-questions/:id/options", h_survey_option_create, ACCESS_ORG, ROLE_SUPERVISOR, f_survey_option },
	{ "PATCH", ORG "/survey-options/:id", h_survey_option_update, ACCESS_ORG, ROLE_SUPERVISOR, f_survey_option_edit },
	{ "DELETE", ORG "/survey-options/:id", h_survey_option_delete, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "GET", ORG "/conversations/:id/survey", h_survey_for_conversation, ACCESS_ORG, ROLE_TEXTER, NULL },
	{ "PUT", ORG "/conversations/:id/survey/answers/:id", h_survey_answer_set, ACCESS_ORG, ROLE_TEXTER, f_survey_answer },
	{ "DELETE", ORG "/conversations/:id/survey/answers/:id", h_survey_answer_clear, ACCESS_ORG, ROLE_TEXTER, NULL },
	/* Message review (organizers) and exports (admins). */
	{ "GET", ORG "/review/conversations", h_review_list, ACCESS_ORG, ROLE_SUPERVISOR, NULL },
	{ "POST", ORG "/review/close", h_review_close, ACCESS_ORG, ROLE_SUPERVISOR, f_review_close },
	{ "POST", ORG "/review/reassign", h_review_reassign, ACCESS_ORG, ROLE_SUPERVISOR, f_review_reassign },
	{ "POST", ORG "/exports", h_exports_create, ACCESS_ORG, ROLE_ADMIN, f_export },
	{ "GET", ORG "/exports", h_exports_list, ACCESS_ORG, ROLE_ADMIN, NULL },
	{ "GET", ORG "/exports/:id", h_export_get, ACCESS_ORG, ROLE_ADMIN, NULL },
	{ "GET", ORG "/exports/:id/download", h_export_download, ACCESS_ORG, ROLE_ADMIN, NULL },
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
route_check_fields(struct req *r, const struct field *fields)
{
	static const struct field none[] = { FIELDS_END };
	struct field_error err;

	if (body_check(r->a, r->json, fields != NULL ? fields : none,
	    &err) == 0)
		return 0;
	if (err.field == NULL)
		return req_error(r, 400, "malformed_json", err.message, NULL);
	return req_error(r, 422, "validation_failed", err.message, err.field);
}

/* Does the table name a field that must come (so a body must come)? */
static bool
body_required(const struct field *f)
{
	for (; f != NULL && f->name != NULL; f++)
		if (f->required)
			return true;
	return false;
}

/*
 * Reads and parses a JSON body of content_length bytes: exactly one JSON
 * value, no NUL byte, no \u0000 escape (which would cut the text it is
 * in). 0, or the error status.
 */
static int
read_json(struct req *r, long long content_length,
    int (*read_body)(struct req *, size_t, void *), void *io)
{
	const cJSON *m;
	size_t at;
	int i;

	if (read_body(r, (size_t)content_length, io) == -1)
		return req_error(r, 400, "malformed_json",
		    "The body ended early.", NULL);
	if ((r->json = json_parse_strict(r->body, r->body_len, &at)) == NULL)
		return req_error(r, 400, "malformed_json", arena_printf(r->a,
		    "The body is not one JSON value (error near byte %zu).",
		    at), NULL);
	if ((i = json_nul_escape(r->body, r->body_len)) == -1)
		return 0;
	for (m = i >= 0 ? r->json->child : NULL; i > 0 && m != NULL; i--)
		m = m->next;
	if (m == NULL || m->string == NULL)
		return req_error(r, 400, "malformed_json", "A field name holds "
		    "a \\u0000 escape: text may not hold a NUL character.",
		    NULL);
	return req_error(r, 422, "validation_failed", arena_printf(r->a,
	    "%s holds a \\u0000 escape: text may not hold a NUL character.",
	    utf8_escape(r->a, m->string, 64)), utf8_escape(r->a, m->string,
	    64));
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
	if (rt->body == route_streamed) {
		if (content_length > r->app->cfg.max_upload_bytes)
			return req_error(r, 413, "payload_too_large",
			    arena_printf(r->a, "The file is larger than %ld "
			    "bytes.", r->app->cfg.max_upload_bytes), NULL);
	} else if (content_length > r->app->cfg.max_body_bytes)
		return req_error(r, 413, "payload_too_large", arena_printf(
		    r->a, "The body is larger than %ld bytes.",
		    r->app->cfg.max_body_bytes), NULL);
	else if (content_length > 0 &&
	    (status = read_json(r, content_length, read_body, io)) != 0)
		return status;

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
	if (rt->body != route_streamed) {
		if (r->json == NULL && body_required(rt->body))
			return req_error(r, 400, "malformed_json",
			    "A JSON body is required.", NULL);
		if (r->json != NULL &&
		    (status = route_check_fields(r, rt->body)) != 0)
			return status;
	}
	return rt->fn(r);
}
