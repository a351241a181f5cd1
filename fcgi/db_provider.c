/*
 * db_provider: typed queries over the provider side; see db_provider.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "db_provider.h"
#include "refs.h"

int
db_deployment_id(struct db *db, struct arena *a, const char **id)
{
	struct db_res res;

	if (db->deployment_id[0] == '\0') {
		if (db_run(db, a, DB_DEPLOYMENT_ID, NULL, 0, &res) == -1)
			return -1;
		if (res.nrows != 1 || !refs_deployment_ok(db_cell(&res, 0, 0)))
			return -1;	/* migrate makes it: never missing */
		snprintf(db->deployment_id, sizeof(db->deployment_id), "%s",
		    db_cell(&res, 0, 0));
	}
	*id = db->deployment_id;
	return 0;
}
