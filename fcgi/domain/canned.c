/*
 * canned: the rules of canned responses; see canned.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "canned.h"
#include "script.h"
#include "text_field.h"

int
canned_check(struct arena *a, const char *title, const char *text,
    struct field_error *err)
{
	if (text_field_check(a, "title", title, CANNED_TITLE_MAX, false,
	    err) == -1 ||
	    text_field_check(a, "text", text, CANNED_TEXT_MAX, false, err) == -1)
		return -1;
	return 0;
}

const char *
canned_unknown_message(struct arena *a, const char *field,
    const char *campaign)
{
	if (campaign != NULL)
		return arena_printf(a, "The text uses {%s}, which is not a "
		    "merge field of the campaign \"%s\": no contact column has "
		    "that name.", field, campaign);
	return arena_printf(a, "The text uses {%s}, which is not a merge "
	    "field: no contact column of this campaign has that name.", field);
}

char *
canned_render(struct arena *a, const char *text,
    const struct texting_contact *c)
{
	struct texting_contact k = *c;

	k.opt_out_language = NULL;
	return texting_render(a, text, &k);
}
