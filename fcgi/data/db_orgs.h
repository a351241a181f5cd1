/*
 * db_orgs: typed queries over an organization's settings (the defaults
 * its campaigns start from or fall back to). Strings point into the
 * caller's arena. Lookups 1 / 0 / -1, actions 0 / -1.
 */
#ifndef LL_DB_ORGS_H
#define LL_DB_ORGS_H

#include <stdbool.h>

#include "db.h"

struct org_settings {
	const char	*name;			/* the org's own, unique */
	const char	*display_name;		/* NULL: name */
	const char	*opt_out_language;
	long long	 default_batch_size;	/* 0 when unchanged (set) */
	const char	*time_zone;
};

int	db_org_settings_get(struct db *, struct arena *, long long org_id,
	    struct org_settings *);
/*
 * Changes the fields of s that are given: a NULL string or a 0 batch
 * size is left as it is; display_name only when set_display_name (then
 * NULL means the org's name again).
 */
int	db_org_settings_set(struct db *, struct arena *, long long org_id,
	    const struct org_settings *s, bool set_display_name);

#endif
