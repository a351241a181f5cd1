/*
 * campaign_gate: a stored campaign's sending gates (gates.h) and the
 * values it sends with, the one adapter between struct campaign and the
 * pure rules: the campaign view, the messenger and self assign all ask
 * here, by the database's clock (the campaign's `now`).
 */
#ifndef LL_CAMPAIGN_GATE_H
#define LL_CAMPAIGN_GATE_H

#include <stdbool.h>

#include "db_campaigns.h"
#include "gates.h"

/*
 * Is sending an initial message (reply false) or a reply open now? g says
 * which gate and why; beyond gates.h, a campaign that passes without a
 * number yet (incident mode) is closed as GATE_NO_NUMBER, and one whose
 * time zone cannot be loaded is closed as "unknown_time_zone".
 */
bool	 campaign_gate(const struct campaign *, bool reply, struct gate *g);

/* What the campaign sends with: its own value, else its organization's. */
long long	 campaign_batch_size(const struct campaign *);
const char	*campaign_display_name(const struct campaign *);
const char	*campaign_opt_out_text(const struct campaign *);

#endif
