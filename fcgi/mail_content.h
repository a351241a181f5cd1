/*
 * mail_content: the words of the provisioning emails. From what an
 * outbox row is about (a dedicated number, or a campaign launched with a
 * single-use number; completed or failed) it makes the subject, the
 * plain text and the HTML, with the link to the number's or the
 * campaign's page. Names come from people: they are made one line for
 * the text and escaped for the HTML. Pure code, unit-tested.
 */
#ifndef LL_MAIL_CONTENT_H
#define LL_MAIL_CONTENT_H

struct arena;

enum mail_kind {
	MAIL_NUMBER_COMPLETE, MAIL_NUMBER_FAILED,
	MAIL_CAMPAIGN_ACTIVE, MAIL_CAMPAIGN_FAILED,
};

struct mail_event {
	enum mail_kind	 kind;
	const char	*recipient_name, *org_name;
	long long	 number_id, campaign_id;
	const char	*number_name;		/* NULL when none */
	const char	*phone_number;		/* E.164, NULL before chosen */
	const char	*area_codes;		/* "415,510" */
	const char	*failure_reason;	/* failed kinds; may be NULL */
	const char	*use_case_name;
	const char	*campaign_name;		/* campaign kinds */
	const char	*public_url;		/* links start here */
};

struct mail_content {
	const char	*subject, *text, *html;
};

/* The kind named by the outbox's column; -1 when unknown. */
int	 mail_kind_parse(const char *);
const char *mail_kind_name(enum mail_kind);

/* The subject alone (listing emails needs no body). */
const char *mail_content_subject(struct arena *, const struct mail_event *);
/* Subject, text and HTML, from the arena. */
void	 mail_content_build(struct arena *, const struct mail_event *,
	    struct mail_content *);

#endif
