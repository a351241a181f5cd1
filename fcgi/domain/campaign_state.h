/*
 * campaign_state: a campaign's life as a pure state machine, the one place
 * the transitions are decided (handlers, the launch path and the end of a
 * number's provisioning all ask it):
 *
 *   draft --launch--> launching (single-use number, provisioning-based
 *                     launching on) | active (dedicated, followup, or
 *                     incident mode)
 *   launching --number complete--> active
 *   launching | active | paused --number failed--> failed (single-use)
 *   active --pause--> paused --resume--> active
 *   any but archived --archive--> archived (permanent)
 *   failed --retry--> archived (with a new draft cloned from it)
 *
 * Which fields may still change in each status is decided here too.
 */
#ifndef LL_CAMPAIGN_STATE_H
#define LL_CAMPAIGN_STATE_H

#include <stdbool.h>

enum camp_status {
	CS_NONE = -1,
	CS_DRAFT, CS_LAUNCHING, CS_ACTIVE, CS_PAUSED, CS_FAILED, CS_ARCHIVED,
};

enum camp_event {
	CE_LAUNCH, CE_NUMBER_COMPLETE, CE_NUMBER_FAILED, CE_PAUSE, CE_RESUME,
	CE_ARCHIVE, CE_RETRY,
};

enum camp_mode { CM_NONE, CM_DEDICATED, CM_SINGLE_USE, CM_FOLLOWUP };

struct camp_ctx {
	enum camp_mode	 mode;
	bool		 incident;	/* provisioning-based launching is off */
};

enum camp_status campaign_status_parse(const char *);
const char	*campaign_status_name(enum camp_status);
enum camp_mode	 campaign_mode_parse(const char *);	/* NULL: CM_NONE */

/*
 * The status after ev, or CS_NONE when ev is not allowed from `from`;
 * *why then says so in words for people (a constant string).
 */
enum camp_status campaign_next(enum camp_status from, enum camp_event ev,
	    const struct camp_ctx *, const char **why);

/* May field (an API name) change in this status? */
bool	campaign_field_editable(enum camp_status, const char *field);
/* May a followup be made from a campaign in this status and number status? */
bool	campaign_can_followup(enum camp_status, const char *number_status);

#endif
