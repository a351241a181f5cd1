/*
 * migrate: applies the numbered migrations of sql/ (NNN_name.sql) in
 * order, each recorded in schema_migrations; running it again changes
 * nothing. A named lock keeps two concurrent runs from racing.
 */
#ifndef LL_MIGRATE_H
#define LL_MIGRATE_H

struct config;

int	migrate_run(const struct config *);	/* exit status */

#endif
