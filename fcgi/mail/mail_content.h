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

#include "email_event.h"

struct arena;

struct mail_content {
	const char	*subject, *text, *html;
};

/* Subject, text and HTML, from the arena. */
void	 mail_content_build(struct arena *, const struct mail_event *,
	    struct mail_content *);

#endif
