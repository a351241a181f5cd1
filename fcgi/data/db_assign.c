/*
 * db_assign: the admins' assignment moves, each under every claim slot of
 * the campaign (claim_lock.h), so no claim runs beside them; see
 * db_assign.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "claim_lock.h"
#include "db_assign.h"
#include "db_claims.h"
#include "db_texters.h"

#define MOVE_CHUNK	10000	/* rows per statement in admin moves */

/* Records conversations given back to Unassigned from min_id on (behind
 * the cursor: a gap to sweep; ahead of it: the plan no longer holds). */
static int
note_gap(struct db *db, struct arena *a, long long campaign_id,
    long long min_id)
{
	if (min_id <= 0)
		return 0;
	return DB_RUN(db, a, DB_CURSOR_GAP, NULL, DB_INT(min_id),
	    DB_INT(min_id), DB_INT(campaign_id), DB_INT(min_id)) == -1 ?
	    -1 : db_plan_stale(db, a, campaign_id);
}

/* One texter's conversations of one status back to Unassigned. */
static int
unassign_one(struct db *db, struct arena *a, long long campaign_id,
    long long user_id, int status, long long *moved)
{
	struct db_res res;
	long long min_id = 0;

	if (status == 0) {
		if (DB_RUN(db, a, DB_UNASSIGN_MIN, &res, DB_INT(campaign_id),
		    DB_INT(user_id)) == -1)
			return -1;
		min_id = db_cell_int(&res, 0, 0);
	}
	if (DB_RUN(db, a, DB_UNASSIGN, &res, DB_INT(campaign_id),
	    DB_INT(user_id), DB_STR(conv_statuses[status])) == -1)
		return -1;
	*moved += (long long)res.affected;
	/* Noted after the move: the planner takes no claim lock, and must
	 * not plan from before it under the new plan_gen. */
	return note_gap(db, a, campaign_id, min_id);
}

int
db_texter_remove(struct db *db, struct arena *a, long long campaign_id,
    long long user_id, long long lock_wait_s)
{
	struct db_res res;
	long long moved = 0;
	int i, rc;

	if ((rc = claim_lock(db, a, campaign_id, lock_wait_s)) != 1)
		return -1;
	rc = -1;
	/*
	 * Their batches not yet set are dropped (the range is swept again);
	 * everyone else's are set first, so none of them can pick up what
	 * this texter gives back.
	 */
	if (DB_RUN(db, a, DB_CLAIMS_CANCEL, NULL, DB_INT(campaign_id),
	    DB_INT(user_id)) == -1 ||
	    db_claims_apply_campaign(db, a, campaign_id) == -1)
		goto out_unlock;
	for (i = 0; i < CONV_NSTATUS; i++)
		if (unassign_one(db, a, campaign_id, user_id, i, &moved) == -1)
			goto out_unlock;
	if (DB_RUN(db, a, DB_TEXTER_REMOVE, &res, DB_INT(campaign_id),
	    DB_INT(user_id)) == -1)
		goto out_unlock;
	/* The cancelled batches' ranges: the sweep looks again from 0. */
	if (note_gap(db, a, campaign_id, 1) == -1)
		goto out_unlock;
	rc = res.affected > 0 ? 1 : 0;
out_unlock:
	claim_unlock(db, a, campaign_id);
	return rc;
}

int
db_distribute(struct db *db, struct arena *a, long long campaign_id,
    const long long *texters, size_t n, const char *status,
    long long lock_wait_s, long long *assigned)
{
	struct db_res res;
	long long total, share, chunk;
	size_t i;
	int rc;

	if ((rc = claim_lock(db, a, campaign_id, lock_wait_s)) != 1)
		return -1;
	rc = -1;
	if (db_claims_apply_campaign(db, a, campaign_id) == -1 ||
	    DB_RUN(db, a, DB_UNASSIGNABLE, &res, DB_INT(campaign_id),
	    DB_STR(status)) == -1)
		goto out_unlock;
	total = db_cell_int(&res, 0, 0);
	for (i = 0; i < n; i++) {
		/* Equal shares; the first total % n get one more. */
		share = total / (long long)n + ((long long)i <
		    total % (long long)n ? 1 : 0);
		assigned[i] = 0;
		while (assigned[i] < share) {
			chunk = share - assigned[i];
			if (chunk > MOVE_CHUNK)
				chunk = MOVE_CHUNK;
			if (DB_RUN(db, a, DB_DISTRIBUTE, &res,
			    DB_INT(texters[i]), DB_INT(campaign_id),
			    DB_STR(status), DB_INT(chunk)) == -1)
				goto out_unlock;
			assigned[i] += (long long)res.affected;
			if ((long long)res.affected < chunk)
				break;
		}
	}
	rc = 0;
out_unlock:
	/* Taken from Unassigned, ahead of the cursor too (also when it
	 * stopped part-way: what moved is committed). */
	if (db_plan_stale(db, a, campaign_id) == -1)
		rc = -1;
	claim_unlock(db, a, campaign_id);
	return rc;
}

/* The texters holding conversations of the campaign. */
static int
assignees(struct db *db, struct arena *a, long long campaign_id,
    const long long **ids, size_t *n)
{
	struct db_res res;
	long long *out;
	size_t i;

	if (DB_RUN(db, a, DB_ASSIGNEES, &res, DB_INT(campaign_id)) == -1)
		return -1;
	out = arena_alloc(a, (res.nrows + 1) * sizeof(*out));
	for (i = 0; i < res.nrows; i++)
		out[i] = db_cell_int(&res, i, 0);
	*ids = out;
	*n = res.nrows;
	return 0;
}

int
db_unassign(struct db *db, struct arena *a, long long campaign_id,
    const long long *texters, size_t n, unsigned statuses,
    long long lock_wait_s, long long *moved)
{
	size_t i;
	int s, rc;

	*moved = 0;
	if ((rc = claim_lock(db, a, campaign_id, lock_wait_s)) != 1)
		return -1;
	rc = -1;
	if (db_claims_apply_campaign(db, a, campaign_id) == -1 ||
	    (texters == NULL && assignees(db, a, campaign_id, &texters,
	    &n) == -1))
		goto out_unlock;
	for (i = 0; i < n; i++)
		for (s = 0; s < CONV_NSTATUS; s++)
			if ((statuses & (1u << s)) && unassign_one(db, a,
			    campaign_id, texters[i], s, moved) == -1)
				goto out_unlock;
	rc = 0;
out_unlock:
	claim_unlock(db, a, campaign_id);
	return rc;
}

/* Moves up to n of from's conversations of one status to `to`. */
static int
move_some(struct db *db, struct arena *a, long long campaign_id,
    long long from, long long to, const char *status, long long n,
    long long *moved)
{
	struct db_res res;
	long long chunk;

	*moved = 0;
	while (*moved < n) {
		chunk = n - *moved > MOVE_CHUNK ? MOVE_CHUNK : n - *moved;
		if (DB_RUN(db, a, DB_ASSIGN_MOVE, &res, DB_INT(to),
		    DB_INT(campaign_id), DB_INT(from), DB_STR(status),
		    DB_INT(chunk)) == -1)
			return -1;
		*moved += (long long)res.affected;
		if ((long long)res.affected < chunk)
			break;
	}
	return 0;
}

/*
 * One status: the conversations of the sources, shared equally among the
 * targets. A target that is also a source keeps its own first; the rest
 * go from source to target by a two-pointer walk.
 */
static int
reassign_status(struct db *db, struct arena *a, long long campaign_id,
    const long long *from, size_t nfrom, const long long *to, size_t nto,
    int status, long long *moved)
{
	long long *have, *want, total = 0, take, got;
	struct conv_counts c;
	size_t i, s, t;

	have = arena_alloc(a, (nfrom + 1) * sizeof(*have));
	want = arena_alloc(a, (nto + 1) * sizeof(*want));
	for (i = 0; i < nfrom; i++) {
		if (db_my_counts(db, a, campaign_id, from[i], &c) == -1)
			return -1;
		have[i] = c.status[status];
		total += have[i];
	}
	for (t = 0; t < nto; t++)
		want[t] = total / (long long)nto +
		    ((long long)t < total % (long long)nto ? 1 : 0);
	/* Sources that are targets keep what they may. */
	for (i = 0; i < nfrom; i++)
		for (t = 0; t < nto; t++)
			if (from[i] == to[t]) {
				take = have[i] < want[t] ? have[i] : want[t];
				have[i] -= take;
				want[t] -= take;
			}
	for (s = 0, t = 0; s < nfrom && t < nto;) {
		if (have[s] == 0) {
			s++;
			continue;
		}
		if (want[t] == 0) {
			t++;
			continue;
		}
		take = have[s] < want[t] ? have[s] : want[t];
		if (move_some(db, a, campaign_id, from[s], to[t],
		    conv_statuses[status], take, &got) == -1)
			return -1;
		*moved += got;
		have[s] -= take;
		want[t] -= take;
		if (got < take)		/* changed meanwhile: go on */
			have[s] = 0;
	}
	return 0;
}

int
db_reassign(struct db *db, struct arena *a, long long campaign_id,
    const long long *from, size_t nfrom, const long long *to, size_t nto,
    unsigned statuses, long long lock_wait_s, long long *moved)
{
	int s, rc;

	*moved = 0;
	if ((rc = claim_lock(db, a, campaign_id, lock_wait_s)) != 1)
		return -1;
	rc = -1;
	if (db_claims_apply_campaign(db, a, campaign_id) == -1 ||
	    (from == NULL && assignees(db, a, campaign_id, &from,
	    &nfrom) == -1))
		goto out_unlock;
	for (s = 0; s < CONV_NSTATUS; s++)
		if ((statuses & (1u << s)) && reassign_status(db, a,
		    campaign_id, from, nfrom, to, nto, s, moved) == -1)
			goto out_unlock;
	rc = 0;
out_unlock:
	claim_unlock(db, a, campaign_id);
	return rc;
}

int
db_move_ids(struct db *db, struct arena *a, long long campaign_id,
    const char *ids_json, long long to, long long lock_wait_s,
    long long *moved)
{
	struct db_res res;
	long long min_id = 0;
	int rc;

	*moved = 0;
	if ((rc = claim_lock(db, a, campaign_id, lock_wait_s)) != 1)
		return -1;
	rc = -1;
	/* Batches taken but not yet set are set first: the move then sees
	 * whose each conversation is. */
	if (db_claims_apply_campaign(db, a, campaign_id) == -1)
		goto out_unlock;
	if (to == 0) {
		if (DB_RUN(db, a, DB_REVIEW_MOVE_GAP, &res, DB_STR(ids_json),
		    DB_INT(campaign_id)) == -1)
			goto out_unlock;
		min_id = db_cell_int(&res, 0, 0);
	}
	if (DB_RUN(db, a, DB_REVIEW_MOVE, &res, DB_STR(ids_json), DB_INT(to),
	    DB_INT(campaign_id), DB_INT(to)) == -1)
		goto out_unlock;
	*moved = (long long)res.affected;
	/* Back to Unassigned behind the cursor: a gap to sweep; taken from
	 * Unassigned: the plan no longer holds. */
	if ((to == 0 && note_gap(db, a, campaign_id, min_id) == -1) ||
	    db_plan_stale(db, a, campaign_id) == -1)
		goto out_unlock;
	rc = 0;
out_unlock:
	claim_unlock(db, a, campaign_id);
	return rc;
}
