/*
 * texting: the pure rules of texting, unit-tested: which replies opt a
 * contact out, and how a campaign's script becomes the initial message a
 * contact receives (the merge fields of script.h, then the opt-out language).
 * Whether a message may go now is gates.h's.
 */
#ifndef LL_TEXTING_H
#define LL_TEXTING_H

#include <stdbool.h>

struct arena;

/* STOP, UNSUBSCRIBE, CANCEL, END, QUIT and the like: the whole message,
 * any case, surrounding spaces and punctuation ignored. */
bool	 texting_is_opt_out(const char *body);

/* What a script may use. fields: the contact file's other columns as a
 * JSON object (or NULL). */
struct texting_contact {
	const char	*first_name, *last_name, *fields;
	const char	*texter_name;		/* full name */
	const char	*opt_out_language;	/* NULL or "": none */
};

/*
 * The initial message for one contact: {first_name}, {last_name},
 * {texter_first_name} and any contact-file column are replaced (unknown
 * ones stay as written), trailing blanks go, and the opt-out language is
 * added on a line of its own unless the script already ends with it.
 */
char	*texting_render(struct arena *, const char *script,
	    const struct texting_contact *);

#endif
