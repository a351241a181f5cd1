/*
 * migrate: applies the numbered migrations of sql/ (NNN_name.sql, the
 * schema) in order, each recorded in schema_migrations, then creates every
 * stored routine again from sql/procedures/ (one file each, their current
 * text); running it again changes nothing. A named lock keeps two
 * concurrent runs from racing.
 */
#ifndef LL_MIGRATE_H
#define LL_MIGRATE_H

struct config;

int	migrate_run(const struct config *);	/* exit status */

#endif
