/*
 * gates: the sending gates of a campaign; see gates.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "gates.h"

static const struct {
	const char	*name, *message;
} gate_text[] = {
	[GATE_OPEN] = { "open", "Initial messages may be sent now." },
	[GATE_NOT_LAUNCHED] = { "not_launched",
	    "The campaign is not active yet." },
	[GATE_PAUSED] = { "paused", "The campaign is paused." },
	[GATE_FAILED] = { "failed", "The campaign failed: its number could "
	    "not be provisioned." },
	[GATE_ARCHIVED] = { "archived", "The campaign is archived." },
	[GATE_NO_NUMBER] = { "number_not_provisioned", "The campaign's "
	    "number is not provisioned yet." },
	[GATE_NUMBER_FAILED] = { "number_failed", "The campaign's number "
	    "could not be provisioned." },
	[GATE_INCIDENT_WAIT] = { "incident_wait", "Provisioning-based "
	    "launching is off: initial messages open a few minutes after "
	    "launch." },
	[GATE_BEFORE_START] = { "before_start", "Initial messages open at "
	    "the campaign's start." },
	[GATE_AFTER_END] = { "after_end", "The campaign's sending window has "
	    "ended; replies may still be sent." },
	[GATE_CLOSED_HOURS] = { "outside_open_hours", "Outside the "
	    "campaign's open hours in its time zone." },
};

const char *
gate_name(enum gate_code c)
{
	return gate_text[c].name;
}

static bool
set(struct gate *g, enum gate_code c, int64_t opens_at)
{
	g->code = c;
	g->name = gate_text[c].name;
	g->message = gate_text[c].message;
	g->opens_at = opens_at;
	return c == GATE_OPEN;
}

static bool
is(const char *s, const char *want)
{
	return s != NULL && strcmp(s, want) == 0;
}

/* The minute of the local day at t. */
static int
local_minute(const struct gate_campaign *c, int64_t t, struct tz_civil *lc)
{
	tz_to_local(c->tz, t, lc);
	return lc->hour * 60 + lc->min;
}

/* The instant the local wall clock shows `minute` on the day of lc + days. */
static int64_t
at_local(const struct gate_campaign *c, const struct tz_civil *lc, int days,
    int minute)
{
	struct tz_civil d;
	int64_t day = tz_days_from_civil(lc->year, lc->month, lc->day) + days;

	tz_civil_from_days(day, &d.year, &d.month, &d.day);
	d.hour = minute / 60;
	d.min = minute % 60;
	d.sec = 0;
	if (minute >= 1440) {	/* 24:00 is the next day's midnight */
		tz_civil_from_days(day + 1, &d.year, &d.month, &d.day);
		d.hour = 0;
		d.min = 0;
	}
	return tz_from_local(c->tz, &d);
}

int64_t
gates_next_open(const struct gate_campaign *c, int64_t t)
{
	struct tz_civil lc;
	int64_t open;
	int m, day;

	if (c->open_from_min >= c->open_until_min)
		return 0;
	m = local_minute(c, t, &lc);
	if (m >= c->open_from_min && m < c->open_until_min)
		return t;
	/*
	 * Today's opening if it is still ahead, else tomorrow's; a day whose
	 * opening falls in a skipped hour opens just after the change.
	 */
	for (day = m < c->open_from_min ? 0 : 1; day < 3; day++) {
		open = at_local(c, &lc, day, c->open_from_min);
		if (open >= t)
			return open;
	}
	return 0;
}

/* The number can send: complete, or still provisioning in incident mode. */
static bool
number_gate(const struct gate_campaign *c, struct gate *g)
{
	if (c->number_status == NULL || c->number_released)
		return set(g, GATE_NO_NUMBER, 0);
	if (is(c->number_status, "failed"))
		return set(g, GATE_NUMBER_FAILED, 0);
	if (is(c->number_status, "complete"))
		return true;
	return c->sending_opens_at != 0 ? true : set(g, GATE_NO_NUMBER, 0);
}

static bool
status_gate(const struct gate_campaign *c, bool paused_ok, struct gate *g)
{
	if (is(c->status, "active") || (paused_ok && is(c->status, "paused")))
		return true;
	if (is(c->status, "paused"))
		return set(g, GATE_PAUSED, 0);
	if (is(c->status, "failed"))
		return set(g, GATE_FAILED, 0);
	if (is(c->status, "archived"))
		return set(g, GATE_ARCHIVED, 0);
	return set(g, GATE_NOT_LAUNCHED, 0);
}

/* When sending opens after a wait until t (start or incident): 0 if never. */
static int64_t
opens(const struct gate_campaign *c, int64_t t)
{
	int64_t o;

	if (c->start_at != 0 && t < c->start_at)
		t = c->start_at;
	if (c->sending_opens_at != 0 && t < c->sending_opens_at)
		t = c->sending_opens_at;
	o = gates_next_open(c, t);
	return c->end_at != 0 && o >= c->end_at ? 0 : o;
}

bool
gates_initial(const struct gate_campaign *c, int64_t now, struct gate *g)
{
	int64_t next;

	if (!status_gate(c, false, g) || !number_gate(c, g))
		return false;
	if (c->sending_opens_at != 0 && now < c->sending_opens_at)
		return set(g, GATE_INCIDENT_WAIT, opens(c, now));
	if (c->start_at != 0 && now < c->start_at)
		return set(g, GATE_BEFORE_START, opens(c, now));
	if (c->end_at != 0 && now >= c->end_at)
		return set(g, GATE_AFTER_END, 0);
	if ((next = gates_next_open(c, now)) != now)
		return set(g, GATE_CLOSED_HOURS, opens(c, next ? next : now));
	return set(g, GATE_OPEN, now);
}

bool
gates_reply(const struct gate_campaign *c, int64_t now, struct gate *g)
{
	(void)now;
	if (!status_gate(c, true, g) || !number_gate(c, g))
		return false;
	return set(g, GATE_OPEN, now);
}
