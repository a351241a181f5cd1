/*
 * campaign_view: a campaign as the API shows it (the Campaign object of
 * openapi.json) and its gates as JSON.
 */
#ifndef LL_CAMPAIGN_VIEW_H
#define LL_CAMPAIGN_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include <cJSON.h>

#include "campaign_gate.h"

struct arena;

cJSON	*campaign_json(struct arena *, const struct campaign *);
/* "540" minutes as "09:00" (into out, >= 6 bytes). */
void	 campaign_hhmm(long long minutes, char *out, size_t len);
/* The gate as {"open","code","message","opens_at"}. */
cJSON	*gate_json(const struct gate *);

#endif
