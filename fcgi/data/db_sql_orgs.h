/*
 * db_sql_orgs: the SQL of an organization's settings (sql/004, sql/019);
 * part of the one statement list of db_sql.h (DB_ORG_STATEMENTS). Typed
 * functions over them live in db_orgs.c.
 */
#ifndef LL_DB_SQL_ORGS_H
#define LL_DB_SQL_ORGS_H

#define DB_ORG_STATEMENTS(X) \
	X(ORG_SETTINGS_GET, "SELECT name, display_name, opt_out_language, " \
	    "default_batch_size, time_zone FROM orgs WHERE id = ?") \
	/* One statement, so two admins' edits of different fields both \
	 * stay: each field changes only when given (display_name: the \
	 * flag says whether it was, NULL back to the org's name). */ \
	X(ORG_SETTINGS_SET, "UPDATE orgs SET " \
	    "display_name = IF(? = 1, ?, display_name), " \
	    "opt_out_language = COALESCE(?, opt_out_language), " \
	    "default_batch_size = COALESCE(?, default_batch_size), " \
	    "time_zone = COALESCE(?, time_zone) WHERE id = ?")

#endif
