/*
 * campaign_gate: a stored campaign's gates; see campaign_gate.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "campaign_gate.h"
#include "tz_cache.h"

static int64_t
db_time(const char *s)
{
	int64_t t;

	return s != NULL && tz_parse_db(s, &t) == 0 ? t : 0;
}

static bool
closed(struct gate *g, enum gate_code code, const char *name,
    const char *message)
{
	g->code = code;
	g->name = name;
	g->message = message;
	g->opens_at = 0;
	return false;
}

bool
campaign_gate(const struct campaign *c, bool reply, struct gate *g)
{
	struct gate_campaign in;
	struct tz *zone;
	int64_t now;
	bool open;

	if ((now = db_time(c->now)) == 0)
		now = (int64_t)time(NULL);
	if ((zone = malloc(sizeof(*zone))) == NULL ||
	    tz_load_cached(zone, NULL, c->v.time_zone) == -1) {
		free(zone);
		return closed(g, GATE_CLOSED_HOURS, "unknown_time_zone",
		    "The campaign's time zone is unknown here.");
	}
	memset(&in, 0, sizeof(in));
	in.status = c->status;
	in.number_status = c->v.phone_number_id > 0 ? c->number_status : NULL;
	in.number_released = c->number_released;
	in.start_at = db_time(c->v.start_at);
	in.end_at = db_time(c->v.end_at);
	in.sending_opens_at = db_time(c->sending_opens_at);
	in.open_from_min = (int)c->v.open_from;
	in.open_until_min = (int)c->v.open_until;
	in.tz = zone;
	open = reply ? gates_reply(&in, now, g) : gates_initial(&in, now, g);
	free(zone);
	assert(open == (g->code == GATE_OPEN));
	/* Incident mode may pass a number not yet chosen: nothing to send
	 * from. */
	if (open && c->number_e164 == NULL)
		return closed(g, GATE_NO_NUMBER, gate_name(GATE_NO_NUMBER),
		    "The campaign's number is not provisioned yet.");
	return open;
}

long long
campaign_batch_size(const struct campaign *c)
{
	return c->v.batch_size > 0 ? c->v.batch_size : c->org_batch_size;
}

const char *
campaign_display_name(const struct campaign *c)
{
	return c->v.org_display_name != NULL ? c->v.org_display_name :
	    c->org_name;
}

const char *
campaign_opt_out_text(const struct campaign *c)
{
	return c->v.opt_out_language != NULL ? c->v.opt_out_language :
	    c->org_opt_out_language;
}
