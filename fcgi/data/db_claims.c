/*
 * db_claims: self assign and the batches planned ahead; see db_claims.h.
 *
 * Self assign writes O(1) rows per request: the campaign's cursor moves
 * past the batch and one assign_claims row records it (the scan answers
 * one row, not the batch). Setting the batch's conversations (300 row
 * updates, ~5 ms here) happens afterwards, by the assigner role or by
 * the texter's next request; until then the batch counts as theirs.
 * Claimers of a campaign first take one of its claim slots
 * (claim_lock.h), so however many texters press the button on however
 * many hosts, at most CLAIM_SLOTS of them reach InnoDB, where they queue
 * on the cursor row; admin moves (db_assign.c) take every slot and so
 * exclude claims. The common claim is one round trip, the stored
 * procedure claim_batch (sql/procedures/), so the cursor row is held for
 * the server's own work rather than across round trips; the sweep behind
 * the cursor at the campaign's end (claim_locked) runs statement by
 * statement. The host's claim broker (claimer.c) instead answers many
 * texters' claims in one transaction (db_claim_group); the procedure is
 * the way without it.
 */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "arena.h"
#include "buf.h"
#include "claim_lock.h"
#include "db_claims.h"
#include "log.h"

#define ID_MAX		"18446744073709551615"

/* Runs the ids query and applies each pending batch it names. */
static int
apply_listed(struct db *db, struct arena *a, enum db_stmt q,
    const struct db_arg *args, size_t nargs, long long *n)
{
	struct db_res res;
	long long applied;
	size_t i;

	if (db_run(db, a, q, args, nargs, &res) == -1)
		return -1;
	for (i = 0; i < res.nrows; i++)
		if (db_claim_apply(db, a, db_cell_int(&res, i, 0),
		    &applied) == -1)
			return -1;
	if (n != NULL)
		*n = (long long)res.nrows;
	return 0;
}

int
db_claim_apply(struct db *db, struct arena *a, long long claim_id,
    long long *applied)
{
	struct db_res res, up;

	*applied = 0;
	if (db_begin(db) == -1)
		return -1;
	/* The row lock makes a second applier wait, then find it done. */
	if (DB_RUN(db, a, DB_CLAIM_LOCK, &res, DB_INT(claim_id)) == -1)
		goto out_rollback;
	if (res.nrows == 0) {
		db_rollback(db);
		return 0;
	}
	if (DB_RUN(db, a, DB_CLAIM_APPLY, &up, DB_INT(db_cell_int(&res, 0,
	    1)), DB_INT(db_cell_int(&res, 0, 0)), DB_INT(db_cell_int(&res, 0,
	    2)), DB_INT(db_cell_int(&res, 0, 3))) == -1 ||
	    DB_RUN(db, a, DB_CLAIM_DONE, NULL, DB_INT(up.affected),
	    DB_INT(claim_id)) == -1 || db_commit(db) == -1)
		goto out_rollback;
	*applied = (long long)up.affected;
	return 0;
out_rollback:
	db_rollback(db);
	return -1;
}

int
db_claims_apply_texter(struct db *db, struct arena *a, long long user_id)
{
	const struct db_arg args[] = { DB_INT(user_id) };

	return apply_listed(db, a, DB_CLAIMS_OF, args, 1, NULL);
}

int
db_claims_apply_campaign(struct db *db, struct arena *a,
    long long campaign_id)
{
	const struct db_arg args[] = { DB_INT(campaign_id) };

	return apply_listed(db, a, DB_CLAIMS_OF_CAMPAIGN, args, 1, NULL);
}

int
db_claims_apply_due(struct db *db, struct arena *a, long long max,
    long long *n)
{
	const struct db_arg args[] = { DB_INT(max) };

	return apply_listed(db, a, DB_CLAIMS_DUE, args, 1, n);
}

int
db_plan_due(struct db *db, struct arena *a, long long min_batch,
    long long *campaign_id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_PLAN_DUE, &res, DB_INT(min_batch)) == -1)
		return -1;
	*campaign_id = res.nrows ? db_cell_int(&res, 0, 0) : 0;
	return res.nrows ? 1 : 0;
}

int
db_plan(struct db *db, struct arena *a, long long campaign_id,
    long long rows, long long *planned)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_PLAN_CALL, &res, DB_INT(campaign_id),
	    DB_INT(rows)) == -1 || res.nrows != 1)
		return -1;
	*planned = db_cell_int(&res, 0, 0);
	return 0;
}

int
db_plan_stale(struct db *db, struct arena *a, long long campaign_id)
{
	return DB_RUN(db, a, DB_PLAN_STALE, NULL, DB_INT(campaign_id));
}

/*
 * Takes up to `want` Unassigned conversations that are not opted out from
 * [from, to), in id order: the claim's range and count. *end is where the
 * scan stopped (the next id to look at); *exhausted when [*end, to) held
 * fewer than wanted. One round trip, one row back.
 */
static int
claim_scan(struct db *db, struct arena *a, long long campaign_id,
    long long from, const char *to, long long want, struct claim *c,
    long long *end, bool *exhausted)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CLAIM_SCAN, &res, DB_INT(campaign_id),
	    DB_INT(from), DB_STR(to), DB_INT(want)) == -1)
		return -1;
	c->claimed = db_cell_int(&res, 0, 2);
	*exhausted = c->claimed < want;
	*end = from;
	if (c->claimed > 0) {
		c->first_id = db_cell_int(&res, 0, 0);
		c->last_id = db_cell_int(&res, 0, 1);
		*end = c->last_id + 1;
	}
	return 0;
}

/* Under the slot: the cursor row locked (made first if missing). */
static int
cursor_lock(struct db *db, struct arena *a, long long campaign_id,
    struct db_res *res)
{
	int attempt;

	for (attempt = 0;; attempt++) {
		if (db_begin(db) == -1)
			return -1;
		if (DB_RUN(db, a, DB_CURSOR_LOCK, res,
		    DB_INT(campaign_id)) == -1) {
			db_rollback(db);
			return -1;
		}
		if (res->nrows == 1)
			return 0;
		db_rollback(db);
		if (attempt > 0 || DB_RUN(db, a, DB_CURSOR_CREATE, NULL,
		    DB_INT(campaign_id)) == -1)
			return -1;
	}
}

/* The claim itself, under the campaign's lock; leaves its transaction
 * open (the caller commits after letting the next claimer in). */
static int
claim_locked(struct db *db, struct arena *a, long long campaign_id,
    long long texter_id, long long batch, struct claim *c)
{
	struct db_res res;
	long long next, gap, end;
	bool has_gap, exhausted;
	char *upto;

	if (cursor_lock(db, a, campaign_id, &res) == -1)
		return -1;
	next = db_cell_int(&res, 0, 0);
	has_gap = db_cell(&res, 0, 1) != NULL;
	gap = db_cell_int(&res, 0, 1);

	if (claim_scan(db, a, campaign_id, next, ID_MAX, batch, c, &end,
	    &exhausted) == -1)
		goto out_rollback;
	next = end;
	if (c->claimed == 0 && has_gap) {
		/*
		 * The cursor reached the end; sweep what was given back
		 * behind it. Pending batches cover ranges there too: set
		 * them first so the sweep sees their conversations taken.
		 * (A batch is one range: never part ahead, part behind.)
		 */
		db_rollback(db);
		if (db_claims_apply_campaign(db, a, campaign_id) == -1 ||
		    db_begin(db) == -1)
			return -1;
		if (DB_RUN(db, a, DB_CURSOR_LOCK, &res,
		    DB_INT(campaign_id)) == -1 || res.nrows != 1)
			goto out_rollback;
		gap = db_cell_int(&res, 0, 1);
		has_gap = db_cell(&res, 0, 1) != NULL;
		upto = arena_printf(a, "%lld", next);
		if (has_gap) {
			if (claim_scan(db, a, campaign_id, gap, upto, batch, c,
			    &end, &exhausted) == -1)
				goto out_rollback;
			gap = end;
			has_gap = !exhausted;
		}
	}
	if (DB_RUN(db, a, DB_CURSOR_MOVE, NULL, DB_INT(next),
	    has_gap ? DB_INT(gap) : DB_STR(NULL), DB_INT(campaign_id)) == -1)
		goto out_rollback;
	if (c->claimed > 0) {
		if (DB_RUN(db, a, DB_CLAIM_INSERT, &res, DB_INT(campaign_id),
		    DB_INT(texter_id), DB_INT(c->first_id), DB_INT(c->last_id),
		    DB_INT(c->claimed)) == -1)
			goto out_rollback;
		c->id = (long long)res.insert_id;
		c->outcome = CLAIM_TAKEN;
	} else
		c->outcome = CLAIM_NONE_LEFT;
	return 0;
out_rollback:
	db_rollback(db);
	return -1;
}

/* An outcome as the claim procedures word it (sql/procedures/). */
static enum claim_outcome
outcome_of(const char *s)
{
	if (s == NULL)
		return CLAIM_NONE_LEFT;
	if (strcmp(s, "claimed") == 0)
		return CLAIM_TAKEN;
	if (strcmp(s, "busy") == 0)
		return CLAIM_BUSY;
	if (strcmp(s, "not_on_campaign") == 0)
		return CLAIM_NOT_ON_CAMPAIGN;
	if (strcmp(s, "unfinished") == 0)
		return CLAIM_UNFINISHED;
	return CLAIM_NONE_LEFT;	/* "empty" */
}

/*
 * The common case in one round trip (claim_batch, sql/procedures/): a batch from
 * the cursor on. 1 when that settled it, 0 when the cursor has reached
 * the end with conversations given back behind it (the sweep's turn).
 */
static int
claim_fast(struct db *db, struct arena *a, long long campaign_id,
    long long texter_id, long long batch, int slot, long long lock_wait_s,
    struct claim *c)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CLAIM_CALL, &res, DB_INT(campaign_id),
	    DB_INT(texter_id), DB_INT(batch), DB_INT(slot),
	    DB_INT(lock_wait_s)) == -1 || res.nrows != 1)
		return -1;
	if ((c->outcome = outcome_of(db_cell(&res, 0, 0))) == CLAIM_TAKEN) {
		c->id = db_cell_int(&res, 0, 1);
		c->first_id = db_cell_int(&res, 0, 2);
		c->last_id = db_cell_int(&res, 0, 3);
		c->claimed = db_cell_int(&res, 0, 4);
	}
	if (c->outcome != CLAIM_NONE_LEFT)
		return 1;
	return db_cell_int(&res, 0, 5) == 1 ? 0 : 1;
}

/* A batch taken is one range of at most the batch's size, never empty. */
static void
claim_check(const struct claim *c, long long batch)
{
	assert(c->outcome != CLAIM_TAKEN || (c->id > 0 && c->claimed > 0 &&
	    c->claimed <= batch && c->first_id <= c->last_id &&
	    c->last_id - c->first_id + 1 >= c->claimed));
}

int
db_claim(struct db *db, struct arena *a, long long campaign_id,
    long long texter_id, long long batch, long long lock_wait_s,
    struct claim *c)
{
	int rc, slot = claim_my_slot();

	memset(c, 0, sizeof(*c));
	if ((rc = claim_fast(db, a, campaign_id, texter_id, batch, slot,
	    lock_wait_s, c)) != 0) {
		claim_check(c, batch);
		return rc == 1 ? 0 : -1;
	}
	/* The slow path: the sweep behind the cursor, statement by statement. */
	if ((rc = claim_slot_lock(db, a, campaign_id, slot, lock_wait_s)) == -1)
		return -1;
	if (rc == 0) {
		c->outcome = CLAIM_BUSY;
		return 0;
	}
	rc = claim_locked(db, a, campaign_id, texter_id, batch, c);
	/*
	 * Claimers queue on the cursor row, which InnoDB hands on when a
	 * commit is applied, before its log is flushed: the flushes of
	 * successive claims overlap (group commit) instead of lining up.
	 */
	claim_slot_unlock(db, a, campaign_id, slot);
	if (rc == 0 && db_commit(db) == -1) {
		db_rollback(db);
		rc = -1;
	}
	claim_check(c, batch);
	return rc;
}

/*
 * The claim broker's turn (claimer.c): the claims of many texters of one
 * campaign in one round trip, claim_group (sql/procedures/) (campaign check, slot
 * lock, cursor, eligibility, one skip per batch, claim rows, commit).
 * Batches go in the order asked. A texter asked twice gets one batch; the
 * second ask is answered as the first would be now (CLAIM_UNFINISHED after a
 * batch).
 */

/* The first ask of asks[i]'s texter (i itself unless asked before). */
static size_t
first_ask(const struct claim_ask *asks, size_t i)
{
	size_t j;

	for (j = 0; j < i && asks[j].texter_id != asks[i].texter_id; j++)
		;
	return j;
}

static long long
answer_int(const cJSON *row, int k)
{
	const cJSON *v = cJSON_GetArrayItem(row, k);

	return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

/* claim_group's answers ([[texter, outcome, id, first, last, n], ...])
 * into the first asks; -1 if one is missing. */
static int
group_answers(long long campaign_id, const char *json,
    struct claim_ask *asks, size_t n)
{
	cJSON *root = json ? cJSON_Parse(json) : NULL;
	const cJSON *row, *o;
	struct claim *c;
	size_t i, answered = 0, wanted = 0;
	long long t;

	cJSON_ArrayForEach(row, root) {
		t = answer_int(row, 0);
		o = cJSON_GetArrayItem(row, 1);
		for (i = 0; i < n && cJSON_IsString(o); i++) {
			if (asks[i].texter_id != t || first_ask(asks, i) != i)
				continue;
			c = &asks[i].c;
			c->outcome = outcome_of(o->valuestring);
			c->id = answer_int(row, 2);
			c->first_id = answer_int(row, 3);
			c->last_id = answer_int(row, 4);
			c->claimed = answer_int(row, 5);
			answered++;
		}
	}
	cJSON_Delete(root);
	for (i = 0; i < n; i++)
		wanted += first_ask(asks, i) == i;
	if (answered != wanted) {
		log_error(NULL, "campaign %lld: claim_group answered %zu of %zu "
		    "texters", campaign_id, answered, wanted);
		return -1;
	}
	return 0;
}

/* The group's round trip: 1 claimed (answers in the first asks, *has_gap
 * set), 0 answered otherwise (every ask), -1 error. */
static int
group_call(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, long long lock_wait_s, struct claim_ask *asks,
    size_t n, bool *has_gap)
{
	enum claim_outcome o;
	struct db_res res;
	struct buf json;
	const char *status;
	size_t i;
	int rc;

	buf_init(&json, 4096);
	buf_adds(&json, "[");
	for (i = 0; i < n; i++)
		if (first_ask(asks, i) == i)
			buf_addf(&json, "%s%lld", i ? "," : "",
			    asks[i].texter_id);
	buf_adds(&json, "]");
	rc = DB_RUN(db, a, DB_CLAIM_GROUP, &res, DB_INT(org_id),
	    DB_INT(campaign_id), DB_STR(buf_str(&json)), DB_INT(claim_my_slot()),
	    DB_INT(lock_wait_s));
	buf_free(&json);
	if (rc == -1 || res.nrows != 1)
		return -1;
	status = db_cell(&res, 0, 0);
	if (status == NULL)
		o = CLAIM_NO_CAMPAIGN;
	else if ((o = claim_open(db_cell_int(&res, 0, 1) == 1, status)) ==
	    CLAIM_TAKEN && db_cell_int(&res, 0, 3) == 1)
		o = CLAIM_BUSY;
	for (i = 0; i < n; i++) {
		asks[i].c.outcome = o;
		asks[i].c.batch_size = db_cell_int(&res, 0, 2);
		snprintf(asks[i].c.status, sizeof(asks[i].c.status), "%s",
		    status ? status : "");
	}
	if (o != CLAIM_TAKEN)
		return 0;
	*has_gap = db_cell_int(&res, 0, 4) == 1;
	return group_answers(campaign_id, db_cell(&res, 0, 5), asks, n) == -1 ?
	    -1 : 1;
}

int
db_claim_group(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, long long lock_wait_s, struct claim_ask *asks,
    size_t n)
{
	struct claim keep;
	size_t i, j;
	bool has_gap = false;
	int rc;

	for (i = 0; i < n; i++)
		memset(&asks[i].c, 0, sizeof(asks[i].c));
	if ((rc = group_call(db, a, org_id, campaign_id, lock_wait_s, asks, n,
	    &has_gap)) != 1)
		return rc;
	/* The cursor is at the end: those left over sweep behind it, one by
	 * one (the rare path of db_claim). */
	for (i = 0; i < n && has_gap; i++) {
		if (first_ask(asks, i) != i || asks[i].c.outcome != CLAIM_NONE_LEFT)
			continue;
		keep = asks[i].c;
		if (db_claim(db, a, campaign_id, asks[i].texter_id,
		    keep.batch_size, lock_wait_s, &asks[i].c) == -1)
			return -1;
		asks[i].c.batch_size = keep.batch_size;
		memcpy(asks[i].c.status, keep.status, sizeof(keep.status));
	}
	/* Second asks: as the first would be answered now. */
	for (i = 0; i < n; i++) {
		if ((j = first_ask(asks, i)) == i)
			continue;
		asks[i].c = asks[j].c;
		if (asks[j].c.outcome == CLAIM_TAKEN) {
			asks[i].c.outcome = CLAIM_UNFINISHED;
			asks[i].c.id = asks[i].c.claimed = 0;
			asks[i].c.first_id = asks[i].c.last_id = 0;
		}
	}
	return 0;
}

enum claim_outcome
claim_open(bool self_assign, const char *status)
{
	if (!self_assign)
		return CLAIM_SELF_ASSIGN_OFF;
	if (strcmp(status, "launching") != 0 && strcmp(status, "active") != 0 &&
	    strcmp(status, "paused") != 0)
		return CLAIM_NOT_ACTIVE;
	return CLAIM_TAKEN;
}
