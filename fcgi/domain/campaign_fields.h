/*
 * campaign_fields: the editable fields of a campaign, declared once with
 * their validators, and the rules between them. Turns a JSON body (POST
 * or PATCH) into stored values, or names the field that is wrong and why.
 * Pure, except that a time zone is checked by loading it (tz.c).
 *
 * A field that may no longer change (campaign_state.c says which) is
 * refused unless it is sent with the value it already has.
 */
#ifndef LL_CAMPAIGN_FIELDS_H
#define LL_CAMPAIGN_FIELDS_H

#include <stdint.h>

#include <cJSON.h>

#include "body.h"
#include "campaign_state.h"
#include "db_campaigns.h"

struct arena;

#define CAMPAIGN_BATCH_MAX	5000
#define CAMPAIGN_REGIONS_MAX	3
#define CAMPAIGN_REGION_CODES_MAX 100

/*
 * The campaign body (POST and PATCH) as the front door checks it: each
 * field's shape (the type, the text, the range, a known time zone), all
 * the same whatever the campaign's state. campaign_fields_apply checks
 * it again, then the rules of the state.
 */
extern const struct field campaign_body[];

/* The values of a new draft before its body applies. */
void	campaign_values_default(struct campaign_values *);

/*
 * Applies body to v for a campaign in `status` (CS_DRAFT for a new one)
 * at time now. 0, or -1 with err filled (the answer is a 422).
 * *states gets the states the regions name (for the caller to check that
 * they exist), NULL-terminated, in the arena.
 */
int	campaign_fields_apply(struct arena *, const cJSON *body,
	    enum camp_status status, int64_t now, struct campaign_values *v,
	    const char ***states, struct field_error *err);

/* The fields a campaign in this status may still change (API names, in
 * the order of the field table), as a JSON array: what the SPA enables. */
cJSON	*campaign_editable_json(enum camp_status);

/* "09:00" as 540; "24:00" as 1440; -1 when malformed. */
int	campaign_parse_hhmm(const char *);
/* The first max characters of UTF-8 text s, never cutting one in two. */
const char *campaign_text_prefix(struct arena *, const char *s, long max);

/* How long the start of a copy's name is that every candidate of
 * campaign_copy_name shares (for finding the names taken). */
#define CAMPAIGN_COPY_STEM	150

/* A campaign's name without a copy's suffix of its own: "GOTV" for "GOTV",
 * "GOTV (copy)", "GOTV (retry 3)". */
const char *campaign_copy_base(struct arena *, const char *name);
/*
 * The name of a copy of a campaign whose name has base `base` (above):
 * "<base> (<word>)", else "<base> (<word> N)" with the smallest N >= 2
 * that is none of taken[0..n) (compared exactly), the base cut so that
 * the whole fits 200 characters. word: "copy" (clone), "retry".
 */
const char *campaign_copy_name(struct arena *, const char *base,
	    const char *word, const char *const *taken, size_t n);

#endif
