/*
 * provider_check: `launchline admin provider-check [--fix]`, the settings
 * Launchline needs at the provider checked against the live account.
 */
#ifndef LL_PROVIDER_CHECK_H
#define LL_PROVIDER_CHECK_H

#include <stdbool.h>

struct arena;
struct config;
struct db;

/* Prints each check (of one organization when org is not NULL); 0 when
 * nothing is left wrong, else 1. */
int	provider_check_run(const struct config *, struct db *, struct arena *,
	    bool fix, const char *org);

#endif
