/*
 * db_resets: typed queries of passwords forgotten and changed
 * (sql/018): a reset asked for by email (its row and its email in the
 * outbox), found again by its token's hash and spent, a new password,
 * and the end of an account's sessions. Lookups 1 / 0 / -1, actions
 * 0 / -1.
 */
#ifndef LL_DB_RESETS_H
#define LL_DB_RESETS_H

#include "db.h"

/* The resets user_id asked for within the last hour. */
int	db_resets_recent(struct db *, struct arena *, long long user_id,
	    long long *n);
/*
 * A reset of user_id's password, live for ttl_s seconds, and its email
 * in the outbox carrying token (stored there only until sent; the reset
 * keeps token_hash). The caller holds a transaction around both.
 */
int	db_reset_create(struct db *, struct arena *, long long user_id,
	    const char *token_hash, long long ttl_s, const char *token);
/* The account (id, email) of a live reset, locked until the transaction
 * ends. */
int	db_reset_lock(struct db *, struct arena *, const char *token_hash,
	    long long *user_id, const char **email);
/* Spends every live reset of user_id and cancels their unsent emails. */
int	db_resets_spend(struct db *, struct arena *, long long user_id);
int	db_user_password_set(struct db *, struct arena *, long long user_id,
	    const char *pw_hash);
/* Ends every session of user_id; *ended: how many. */
int	db_sessions_end_all(struct db *, struct arena *, long long user_id,
	    long long *ended);

#endif
