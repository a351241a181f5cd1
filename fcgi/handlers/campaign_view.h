/*
 * campaign_view: a campaign as the API shows it (the Campaign object of
 * openapi.json) and its sending gates evaluated for a stored campaign.
 */
#ifndef LL_CAMPAIGN_VIEW_H
#define LL_CAMPAIGN_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include <cJSON.h>

#include "db_campaigns.h"
#include "gates.h"

struct arena;

cJSON	*campaign_json(struct arena *, const struct campaign *);
/* "540" minutes as "09:00" (into out, >= 6 bytes). */
void	 campaign_hhmm(long long minutes, char *out, size_t len);
/*
 * The gates of initial messages (reply false) or replies for c at now.
 * -1 when its time zone cannot be loaded (g then says so, closed).
 */
int	 campaign_gate(const struct campaign *, int64_t now, bool reply,
	    struct gate *g);
/* The gate as {"open","code","message","opens_at"}. */
cJSON	*gate_json(const struct gate *);

#endif
