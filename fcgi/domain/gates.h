/*
 * gates: may a campaign send an initial message now, or a reply? A pure
 * function of the campaign's state and the time (no database, no clock),
 * shared by the API (a campaign's "sending" answer) and the texting path.
 *
 * Initial messages pass every gate, checked in this order:
 *   status       only an active campaign (not draft, launching, paused,
 *                failed or archived)
 *   number       its number is provisioned (complete); in incident mode
 *                (sending_opens_at set) one still provisioning will do,
 *                a failed one never
 *   incident     not before sending_opens_at (launch + wait minutes)
 *   start / end  inside [start_at, end_at)
 *   open hours   inside the daily open hours in the campaign's time zone
 *                (local wall clock, so correct across DST changes)
 * Replies: an active or paused campaign whose number can send; the end
 * date and open hours do not apply.
 */
#ifndef LL_GATES_H
#define LL_GATES_H

#include <stdbool.h>
#include <stdint.h>

#include "tz.h"

enum gate_code {
	GATE_OPEN,
	GATE_NOT_LAUNCHED,	/* draft or launching */
	GATE_PAUSED,
	GATE_FAILED,
	GATE_ARCHIVED,
	GATE_NO_NUMBER,		/* none, or not provisioned yet */
	GATE_NUMBER_FAILED,
	GATE_INCIDENT_WAIT,	/* incident mode: before sending_opens_at */
	GATE_BEFORE_START,
	GATE_AFTER_END,
	GATE_CLOSED_HOURS,
};

/* What the gates look at. Times are UTC seconds; 0 = not set. */
struct gate_campaign {
	const char	*status;	/* campaigns.status */
	const char	*number_status;	/* NULL: no number */
	bool		 number_released;
	int64_t		 start_at, end_at, sending_opens_at;
	int		 open_from_min, open_until_min;	/* local, [from, until) */
	const struct tz	*tz;
};

struct gate {
	enum gate_code	 code;
	const char	*name;		/* "open", "before_start", ... */
	const char	*message;	/* for people */
	int64_t		 opens_at;	/* when it opens, if known; else 0 */
};

/* Fills g; true when an initial message may be sent at now. */
bool	gates_initial(const struct gate_campaign *, int64_t now, struct gate *g);
/* Fills g; true when a reply may be sent at now. */
bool	gates_reply(const struct gate_campaign *, int64_t now, struct gate *g);
/* The first instant >= t inside the open hours; 0 if there is none. */
int64_t	gates_next_open(const struct gate_campaign *, int64_t t);
const char *gate_name(enum gate_code);

#endif
