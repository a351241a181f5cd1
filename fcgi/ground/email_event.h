/*
 * email_event: what an email of the outbox is about (a dedicated number,
 * or a campaign launched with a single-use number, complete or failed; a
 * password reset; an invitation),
 * the outbox's names for the kinds, and the subject line. Shared by the
 * data layer (the outbox rows), the mailer (mail_content.h writes the
 * rest of the email from it) and the Emails screen's handler. Pure.
 */
#ifndef LL_EMAIL_EVENT_H
#define LL_EMAIL_EVENT_H

#include <stdbool.h>

struct arena;

enum mail_kind {
	MAIL_NUMBER_COMPLETE, MAIL_NUMBER_FAILED,
	MAIL_CAMPAIGN_ACTIVE, MAIL_CAMPAIGN_FAILED,
	MAIL_PASSWORD_RESET, MAIL_INVITATION,
};

struct mail_event {
	enum mail_kind	 kind;
	const char	*recipient_name, *org_name;
	long long	 org_id;		/* every link names it */
	long long	 number_id, campaign_id;
	const char	*number_name;		/* NULL when none */
	const char	*phone_number;		/* E.164, NULL before chosen */
	const char	*area_codes;		/* "415,510" */
	const char	*failure_reason;	/* failed kinds; may be NULL */
	const char	*use_case_name;
	const char	*campaign_name;		/* campaign kinds */
	const char	*public_url;		/* links start here */
	/* A reset's or an invitation's link token (the outbox holds it
	 * until sent); NULL elsewhere, and when listed. */
	const char	*secret;
	const char	*to_email;		/* the address written to */
	const char	*role, *inviter_name;	/* invitations */
};

/* The kind named by the outbox's column; -1 when unknown. */
int	 mail_kind_parse(const char *);
const char *mail_kind_name(enum mail_kind);

/* The subject alone (listing emails needs no body). */
const char *mail_subject(struct arena *, const struct mail_event *);
/* "415" or "415, 510" from "415,510". */
const char *email_area_list(struct arena *, const char *codes);
/* The number as people read it, "(415) 792-6448" ("" when NULL). */
const char *email_phone(struct arena *, const char *e164);
/* A string that is there and not empty. */
bool	 email_has(const char *);

#endif
