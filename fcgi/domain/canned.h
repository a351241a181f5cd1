/*
 * canned: the pure rules of canned responses, unit-tested: a title and a
 * text within their limits, the merge fields a campaign's contacts have
 * (the script's: script.h), and a response rendered for one contact to
 * put in the reply box.
 */
#ifndef LL_CANNED_H
#define LL_CANNED_H

#include "campaign_fields.h"	/* struct field_error */
#include "texting.h"		/* struct texting_contact */

struct arena;

#define CANNED_TITLE_MAX	100
#define CANNED_TEXT_MAX		1600	/* the longest reply */
/* Canned responses one campaign (or the organization) holds, and the
 * organization-wide ones one campaign includes: what a texter's list
 * and a phone's screen can still take. */
#define CANNED_SCOPE_MAX	200

/*
 * Checks the title and text of a new or edited canned response (either
 * NULL: not given): valid UTF-8, not blank, at most their limits.
 * 0, or -1 with err naming the field ("title", "text").
 */
int	 canned_check(struct arena *, const char *title, const char *text,
	    struct field_error *err);

/* The 422 message for a text using `field` (the campaign's name, or NULL
 * for "this campaign"). */
const char *canned_unknown_message(struct arena *, const char *field,
	    const char *campaign);

/* text for one contact: the script's merge fields, trailing blanks gone,
 * no opt-out language (a reply is not a first message). */
char	*canned_render(struct arena *, const char *text,
	    const struct texting_contact *);

#endif
