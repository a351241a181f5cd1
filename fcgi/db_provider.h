/*
 * db_provider: typed queries over what Launchline keeps about the
 * provider side (sql/015): this deployment's identity, organizations'
 * messaging profiles, use cases' campaign ids and checks, numbers'
 * references and releases. Strings point into the caller's arena.
 * Lookups 1 / 0 / -1, actions 0 / -1.
 */
#ifndef LL_DB_PROVIDER_H
#define LL_DB_PROVIDER_H

#include "db.h"

/* This deployment's identity (read once per connection, then kept). */
int	db_deployment_id(struct db *, struct arena *, const char **id);

#endif
