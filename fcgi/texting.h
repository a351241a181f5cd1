/*
 * texting: the pure rules of texting, unit-tested: which replies opt a
 * contact out, how a campaign's script becomes the text a contact gets,
 * and whether a message may be sent now (the sending gates).
 */
#ifndef LL_TEXTING_H
#define LL_TEXTING_H

#include <stdbool.h>
#include <time.h>

struct arena;

/* STOP, UNSUBSCRIBE, CANCEL, END, QUIT and the like: the whole message,
 * any case, surrounding spaces and punctuation ignored. */
bool	 texting_is_opt_out(const char *body);

/* The values a script may use. fields: the CSV's other columns as a JSON
 * object (or NULL). */
struct texting_contact {
	const char	*first_name, *last_name, *fields;
	const char	*texter_name, *display_name, *opt_out_language;
};

/*
 * The initial message for one contact: {first_name}, {last_name},
 * {texter_name}, {org_name} and any CSV column {name} are replaced
 * (unknown tags are kept as typed), then the opt-out language is added
 * on a line of its own unless the script already ends with it.
 */
char	*texting_render(struct arena *, const char *script,
	    const struct texting_contact *);

/* What decides whether a message may go now. Times: "YYYY-MM-DD HH:MM:SS"
 * UTC as the database gives them, or NULL. */
struct texting_gate_in {
	const char	*status;		/* the campaign's */
	const char	*start_at, *end_at, *sending_opens_at;
	const char	*time_zone;
	long		 open_from_min, open_until_min;
	const char	*number, *number_status;
	bool		 reply;		/* replies ignore window and hours */
	time_t		 now;
};

struct texting_gate {
	const char	*code;		/* NULL: open */
	const char	*message;
	time_t		 opens_at;	/* when it opens, if known; else 0 */
};

/* Fills gate; returns true when sending is open now. */
bool	 texting_gate(struct arena *, const struct texting_gate_in *,
	    struct texting_gate *);

/* "YYYY-MM-DD HH:MM:SS" (UTC) to a time_t; -1 when malformed. */
time_t	 texting_utc(const char *);
/* Minutes since local midnight of t in an IANA zone (UTC if unknown);
 * *next_midnight_s = seconds until the local day ends. */
long	 texting_local_minutes(time_t t, const char *zone, long *to_midnight);

#endif
