/*
 * db_assign: the admins' moves of conversations between texters and
 * Unassigned, each under every claim slot of the campaign (claim_lock.h).
 * Actions 0 / -1; a move that could not take the slots in lock_wait_s
 * answers as db_claims.h's CLAIM_BUSY does, see each.
 */
#ifndef LL_DB_ASSIGN_H
#define LL_DB_ASSIGN_H

#include <stdbool.h>

#include "db.h"

/* Takes the texter off the campaign; their conversations go back to
 * Unassigned. 1 removed, 0 was not on it, -1. */
int	db_texter_remove(struct db *, struct arena *, long long campaign_id,
	    long long user_id, long long lock_wait_s);

/*
 * Admin assignment, each under the campaign's claim lock. statuses is a
 * mask of (1 << conv_status_index). distribute: Unassigned conversations of
 * one status equally among texters; *assigned per texter (n entries).
 * unassign: texters (NULL = every assignee) back to Unassigned.
 * reassign: from texters (NULL = every assignee) equally to texters.
 */
int	db_distribute(struct db *, struct arena *, long long campaign_id,
	    const long long *texters, size_t n, const char *status,
	    long long lock_wait_s, long long *assigned);
int	db_unassign(struct db *, struct arena *, long long campaign_id,
	    const long long *texters, size_t n, unsigned statuses,
	    long long lock_wait_s, long long *moved);
int	db_reassign(struct db *, struct arena *, long long campaign_id,
	    const long long *from, size_t nfrom, const long long *to,
	    size_t nto, unsigned statuses, long long lock_wait_s,
	    long long *moved);
/*
 * Message review's move: the conversations of ids (a JSON array, all of
 * campaign_id) to user `to`, or (0) back to Unassigned, whatever their
 * status; *moved: how many changed hands.
 */
int	db_move_ids(struct db *, struct arena *, long long campaign_id,
	    const char *ids_json, long long to, long long lock_wait_s,
	    long long *moved);

#endif
