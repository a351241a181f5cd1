/*
 * handlers: every API endpoint's function, one file per resource
 * (h_<resource>.c). Each takes the checked request and returns the HTTP
 * status; route.c's table says which URL reaches which.
 */
#ifndef LL_HANDLERS_H
#define LL_HANDLERS_H

#include "req.h"
#include "h_texting.h"	/* the texting handlers */
#include "h_tags.h"	/* tags, closing, skipping, the review queue */
#include "h_canned.h"	/* canned responses */
#include "h_survey.h"	/* survey questions and answers */
#include "h_review.h"	/* message review and exports */

/* h_health.c */
int	h_health(struct req *);
int	h_openapi(struct req *);

/* h_auth.c */
int	h_csrf(struct req *);
int	h_login(struct req *);
int	h_logout(struct req *);
int	h_me(struct req *);
/* Opens a session for user_id (cookie set) and answers 'status' with Me. */
int	auth_answer_me_new_session(struct req *, int status, long long user_id,
	    const char *email, const char *name);
/* Answers 'status' with Me for the current session. */
int	auth_answer_me(struct req *, int status);

/* h_password.c: passwords forgotten (reset by email) and changed */
int	h_password_reset_request(struct req *);
int	h_password_reset_complete(struct req *);
int	h_password_change(struct req *);

/* h_sessions.c: the signed-in person's own sessions */
int	h_sessions_list(struct req *);
int	h_session_end(struct req *);
int	h_sessions_end_others(struct req *);

/* h_people.c */
int	h_people_list(struct req *);
int	h_person_update(struct req *);
int	h_person_delete(struct req *);

/* h_invitations.c */
int	h_invitations_list(struct req *);
int	h_invitation_create(struct req *);
int	h_invitation_revoke(struct req *);
int	h_invitation_resend(struct req *);
int	h_invitation_lookup(struct req *);
int	h_invitation_signup(struct req *);
int	h_invitation_accept(struct req *);

/* h_numbers.c */
int	h_area_codes(struct req *);
int	h_use_cases_list(struct req *);
int	h_use_case_create(struct req *);
int	h_use_case_refresh(struct req *);
int	h_use_case_update(struct req *);
int	h_numbers_list(struct req *);
int	h_number_create(struct req *);
int	h_number_get(struct req *);
int	h_number_delete(struct req *);

/* h_campaigns.c */
int	h_campaigns_list(struct req *);
int	h_campaign_create(struct req *);
int	h_campaign_get(struct req *);
int	h_campaign_update(struct req *);
/* Answers 'status' with the campaign id of the caller's org (404 if none). */
int	campaign_answer(struct req *, int status, long long id);

/* h_campaign_actions.c */
int	h_campaign_launch(struct req *);
int	h_campaign_pause(struct req *);
int	h_campaign_resume(struct req *);
int	h_campaign_archive(struct req *);
int	h_campaign_clone(struct req *);
int	h_campaign_retry(struct req *);
int	h_campaign_followup(struct req *);
int	h_campaign_preview(struct req *);

/* h_contacts.c */
int	h_contacts_import(struct req *);
int	h_contacts_remove(struct req *);
int	h_contacts_list(struct req *);

/* h_platform.c */
int	h_platform(struct req *);
int	h_launch_estimate(struct req *);

/* h_emails.c */
int	h_emails_list(struct req *);
int	h_email_resend(struct req *);
int	h_me_update(struct req *);

/* h_settings.c */
int	h_settings_get(struct req *);
int	h_settings_update(struct req *);

/* h_sending.c */
/* A campaign's queue, {waiting, unknown, drain_seconds, per_minute};
 * NULL when the database fails. */
cJSON	*sending_queue_json(struct req *, long long campaign_id);
int	h_campaign_unknown_messages(struct req *);
int	h_message_resend(struct req *);

/* h_hooks.c */
int	h_hook_telnyx(struct req *);

#endif
