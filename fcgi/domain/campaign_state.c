/*
 * campaign_state: the campaign state machine; see campaign_state.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <string.h>

#include "campaign_state.h"

static const char *const names[] = {
	[CS_DRAFT] = "draft", [CS_LAUNCHING] = "launching",
	[CS_ACTIVE] = "active", [CS_PAUSED] = "paused",
	[CS_FAILED] = "failed", [CS_ARCHIVED] = "archived",
};

enum camp_status
campaign_status_parse(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum camp_status)i;
	return CS_NONE;
}

const char *
campaign_status_name(enum camp_status s)
{
	return s >= CS_DRAFT && s <= CS_ARCHIVED ? names[s] : "none";
}

enum camp_mode
campaign_mode_parse(const char *s)
{
	if (s == NULL)
		return CM_NONE;
	if (strcmp(s, "dedicated") == 0)
		return CM_DEDICATED;
	if (strcmp(s, "single_use") == 0)
		return CM_SINGLE_USE;
	if (strcmp(s, "followup") == 0)
		return CM_FOLLOWUP;
	return CM_NONE;
}

static enum camp_status
refuse(const char **why, const char *msg)
{
	*why = msg;
	return CS_NONE;
}

enum camp_status
campaign_next(enum camp_status from, enum camp_event ev,
    const struct camp_ctx *ctx, const char **why)
{
	*why = NULL;
	if (from == CS_ARCHIVED)
		return refuse(why, "The campaign is archived; archiving is "
		    "permanent.");
	switch (ev) {
	case CE_LAUNCH:
		if (from != CS_DRAFT)
			return refuse(why, "Only a draft can be launched.");
		if (ctx->mode == CM_NONE)
			return refuse(why, "Choose the campaign's number "
			    "first.");
		return ctx->mode == CM_SINGLE_USE && !ctx->incident ?
		    CS_LAUNCHING : CS_ACTIVE;
	case CE_NUMBER_COMPLETE:
		if (from != CS_LAUNCHING)
			return refuse(why, "The campaign is not waiting for "
			    "its number.");
		return CS_ACTIVE;
	case CE_NUMBER_FAILED:
		/* Incident mode made it active early; without a number it
		 * can never send, so it fails all the same. */
		if (ctx->mode != CM_SINGLE_USE || (from != CS_LAUNCHING &&
		    from != CS_ACTIVE && from != CS_PAUSED))
			return refuse(why, "The campaign does not depend on "
			    "this number's provisioning.");
		return CS_FAILED;
	case CE_PAUSE:
		if (from != CS_ACTIVE)
			return refuse(why, "Only an active campaign can be "
			    "paused.");
		return CS_PAUSED;
	case CE_RESUME:
		if (from != CS_PAUSED)
			return refuse(why, "Only a paused campaign can be "
			    "resumed.");
		return CS_ACTIVE;
	case CE_ARCHIVE:
		return CS_ARCHIVED;
	case CE_RETRY:
		if (from != CS_FAILED)
			return refuse(why, "Only a failed campaign can be "
			    "retried with a new number.");
		return CS_ARCHIVED;
	}
	return refuse(why, "Unknown event.");
}

/* What a launched campaign may still change: nothing about its number or
 * its initial message, which are already out. */
static const char *const live_editable[] = {
	"name", "description", "start_at", "end_at", "open_from",
	"open_until", "self_assign", "batch_size", NULL,
};

bool
campaign_field_editable(enum camp_status s, const char *field)
{
	size_t i;

	if (s == CS_DRAFT)
		return true;
	if (s != CS_LAUNCHING && s != CS_ACTIVE && s != CS_PAUSED)
		return false;
	for (i = 0; live_editable[i] != NULL; i++)
		if (strcmp(field, live_editable[i]) == 0)
			return true;
	return false;
}

bool
campaign_can_followup(enum camp_status s, const char *number_status)
{
	return (s == CS_ACTIVE || s == CS_PAUSED) && number_status != NULL &&
	    strcmp(number_status, "complete") == 0;
}
