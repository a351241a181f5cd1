/*
 * db_sql_provider: the statements of what Launchline keeps about the
 * provider side (issue 15): this deployment's identity, each
 * organization's messaging profile, use cases' two campaign ids and their
 * re-checks, numbers' references and releases. Part of db_sql.h's list.
 */
#ifndef LL_DB_SQL_PROVIDER_H
#define LL_DB_SQL_PROVIDER_H

#define DB_PROVIDER_STATEMENTS(X) \
	X(DEPLOYMENT_ID, "SELECT deployment_id FROM deployment WHERE id = 1")

#endif
