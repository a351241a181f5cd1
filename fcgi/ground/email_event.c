/*
 * email_event: what an email of the outbox is about; see email_event.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "email_event.h"
#include "phone.h"

static const char *const kind_names[] = {
	[MAIL_NUMBER_COMPLETE] = "number_complete",
	[MAIL_NUMBER_FAILED] = "number_failed",
	[MAIL_CAMPAIGN_ACTIVE] = "campaign_active",
	[MAIL_CAMPAIGN_FAILED] = "campaign_failed",
	[MAIL_PASSWORD_RESET] = "password_reset",
	[MAIL_INVITATION] = "invitation",
};

int
mail_kind_parse(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof(kind_names) / sizeof(*kind_names);
	    i++)
		if (strcmp(s, kind_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
mail_kind_name(enum mail_kind k)
{
	return kind_names[k];
}

/* "415" or "415, 510". */
const char *
email_area_list(struct arena *a, const char *codes)
{
	const char *p;
	struct buf b;
	char *out;

	buf_init(&b, 4096);
	for (p = codes != NULL ? codes : ""; *p != '\0'; p++) {
		if (*p == ',')
			buf_adds(&b, ", ");
		else
			buf_add(&b, p, 1);
	}
	out = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return out;
}

const char *
email_phone(struct arena *a, const char *e164)
{
	char out[PHONE_DISPLAY_LEN + 8];

	phone_display(e164, out, sizeof(out));
	return arena_strdup(a, out);
}

bool
email_has(const char *s)
{
	return s != NULL && *s != '\0';
}

const char *
mail_subject(struct arena *a, const struct mail_event *e)
{
	const char *what;

	switch (e->kind) {
	case MAIL_NUMBER_COMPLETE:
		if (email_has(e->number_name))
			return arena_printf(a, "Your number \"%s\" (%s) is "
			    "ready", e->number_name, email_phone(a,
			    e->phone_number));
		return arena_printf(a, "Your number %s is ready",
		    email_phone(a, e->phone_number));
	case MAIL_NUMBER_FAILED:
		what = email_has(e->number_name) ? arena_printf(a, "\"%s\"",
		    e->number_name) : arena_printf(a, "in area code %s",
		    email_area_list(a, e->area_codes));
		return arena_printf(a, "Your number %s could not be "
		    "provisioned", what);
	case MAIL_CAMPAIGN_ACTIVE:
		return arena_printf(a, "Campaign \"%s\" is now Active",
		    e->campaign_name ? e->campaign_name : "");
	case MAIL_CAMPAIGN_FAILED:
		return arena_printf(a, "Campaign \"%s\" failed to launch",
		    e->campaign_name ? e->campaign_name : "");
	case MAIL_PASSWORD_RESET:
		return "Reset your Launchline password";
	case MAIL_INVITATION:
		return arena_printf(a, "You are invited to %s on Launchline",
		    e->org_name ? e->org_name : "an organization");
	}
	return "";
}
