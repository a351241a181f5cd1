/*
 * db_orgs: an organization's settings; see db_orgs.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "arena.h"
#include "db_orgs.h"

int
db_org_settings_get(struct db *db, struct arena *a, long long org_id,
    struct org_settings *s)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_ORG_SETTINGS_GET, &res, DB_INT(org_id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	s->name = db_cell(&res, 0, 0);
	s->display_name = db_cell(&res, 0, 1);
	s->opt_out_language = db_cell(&res, 0, 2);
	s->default_batch_size = db_cell_int(&res, 0, 3);
	s->time_zone = db_cell(&res, 0, 4);
	return 1;
}

int
db_org_settings_set(struct db *db, struct arena *a, long long org_id,
    const struct org_settings *s, bool set_display_name)
{
	return DB_RUN(db, a, DB_ORG_SETTINGS_SET, NULL,
	    DB_INT(set_display_name ? 1 : 0), DB_STR(s->display_name),
	    DB_STR(s->opt_out_language),
	    s->default_batch_size > 0 ? DB_INT(s->default_batch_size) :
	    DB_STR(NULL), DB_STR(s->time_zone), DB_INT(org_id));
}
