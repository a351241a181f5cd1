/*
 * db_texting: typed queries of texting; see db_texting.h.
 *
 * Self assign writes O(1) rows per request: the campaign's cursor moves
 * past the batch and one assign_claims row records it (the scan answers
 * one row, not the batch). Setting the
 * batch's conversations (300 row updates, ~5 ms here) happens afterwards,
 * by the assigner role or by the texter's next request; until then the
 * batch counts as theirs. Claimers of a campaign first take one of
 * CLAIM_SLOTS named locks (GET_LOCK), so however many texters press the
 * button on however many hosts, at most CLAIM_SLOTS of them reach
 * InnoDB, where they queue on the cursor row; admin moves take every
 * slot and so exclude claims. The common claim is one round trip, the
 * stored procedure claim_batch (sql/procedures/), so the cursor row is held for
 * the server's own work rather than across round trips; the sweep behind
 * the cursor at the campaign's end (claim_locked) runs statement by
 * statement. The host's claim broker (claimer.c) instead answers many
 * texters' claims in one transaction (db_tx_claim_group); the procedure
 * is the way without it.
 */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "arena.h"
#include "buf.h"
#include "db_texting.h"
#include "log.h"

#define MOVE_CHUNK	10000	/* rows per statement in admin moves */
#define CLAIM_SLOTS	4	/* claimers of one campaign inside InnoDB */
#define ID_MAX		"18446744073709551615"

const char *const tx_statuses[TX_NSTATUS] = {
	"needs_message", "messaged", "needs_response", "convo", "closed",
};

int
tx_status_index(const char *s)
{
	int i;

	for (i = 0; s != NULL && i < TX_NSTATUS; i++)
		if (strcmp(s, tx_statuses[i]) == 0)
			return i;
	return -1;
}

#define CONVERSATION_NCOLS	11	/* before the campaign's in CONVERSATION_COLUMNS */

/* The campaign's columns (TEXTING_CAMPAIGN_FIELDS) from column k on. */
#define CELL(i)		db_cell(res, 0, (size_t)(k + (i)))
#define CELL_INT(i)	db_cell_int(res, 0, (size_t)(k + (i)))

static void
campaign_at(const struct db_res *res, int k, struct tx_campaign *c)
{
	c->id = CELL_INT(0);
	c->org_id = CELL_INT(1);
	c->status = CELL(2);
	c->self_assign = CELL_INT(3) == 1;
	c->batch_size = CELL_INT(4);
	c->invite_token = CELL(5);
	c->name = CELL(6);
	c->description = CELL(7);
	c->script = CELL(8);
	c->time_zone = CELL(9);
	c->start_at = CELL(10);
	c->end_at = CELL(11);
	c->open_from_min = CELL_INT(12);
	c->open_until_min = CELL_INT(13);
	c->sending_opens_at = CELL(14);
	c->number = CELL(15);
	c->number_status = CELL(16);
	c->display_name = CELL(17);
	c->opt_out_language = CELL(18);
	c->org_name = CELL(19);
	c->now = CELL(20);
	c->number_released = CELL_INT(21) == 1;
}

#undef CELL
#undef CELL_INT

static void
campaign_from(const struct db_res *res, struct tx_campaign *c)
{
	campaign_at(res, 0, c);
}

int
db_tx_campaign(struct db *db, struct arena *a, long long org_id, long long id,
    struct tx_campaign *c)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TX_CAMPAIGN, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	campaign_from(&res, c);
	return 1;
}

int
db_tx_campaign_by_token(struct db *db, struct arena *a, const char *token,
    struct tx_campaign *c)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TX_CAMPAIGN_BY_TOKEN, &res, DB_STR(token)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	campaign_from(&res, c);
	return 1;
}

int
db_tx_member_role(struct db *db, struct arena *a, long long org_id,
    long long user_id, const char **role)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TX_MEMBER_ROLE, &res, DB_INT(org_id),
	    DB_INT(user_id)) == -1)
		return -1;
	*role = res.nrows ? db_cell(&res, 0, 0) : NULL;
	return res.nrows ? 1 : 0;
}

int
db_tx_is_texter(struct db *db, struct arena *a, long long campaign_id,
    long long user_id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TX_IS_TEXTER, &res, DB_INT(campaign_id),
	    DB_INT(user_id)) == -1)
		return -1;
	return res.nrows ? 1 : 0;
}

int
db_tx_texters(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, long long after, long long limit,
    struct tx_texter **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_TX_TEXTERS_LIST, &res, DB_INT(org_id),
	    DB_INT(campaign_id), DB_INT(after), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		(*out)[i].user_id = db_cell_int(&res, i, 0);
		(*out)[i].name = db_cell(&res, i, 1);
		(*out)[i].email = db_cell(&res, i, 2);
		(*out)[i].role = db_cell(&res, i, 3);
		(*out)[i].added_at = db_cell_time(a, &res, i, 4);
	}
	*n = res.nrows;
	return 0;
}

int
db_tx_texter_add(struct db *db, struct arena *a, long long campaign_id,
    long long user_id)
{
	return DB_RUN(db, a, DB_TX_TEXTER_ADD, NULL, DB_INT(campaign_id),
	    DB_INT(user_id));
}

/* One claim slot of the campaign: 1 held, 0 timed out, -1 error. */
static int
slot_lock(struct db *db, struct arena *a, long long campaign_id, int slot,
    long long wait_s)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TX_LOCK, &res, DB_INT(campaign_id), DB_INT(slot),
	    DB_INT(wait_s)) == -1)
		return -1;
	return db_cell_int(&res, 0, 0) == 1 ? 1 : 0;
}

static void
slot_unlock(struct db *db, struct arena *a, long long campaign_id, int slot)
{
	if (DB_RUN(db, a, DB_TX_UNLOCK, NULL, DB_INT(campaign_id),
	    DB_INT(slot)) == -1)
		log_error(NULL, "campaign %lld: could not release claim slot %d",
		    campaign_id, slot);
}

/* A claimer's slot: its process's, so a host's workers spread out. */
static int
my_slot(void)
{
	return (int)(getpid() % CLAIM_SLOTS);
}

/* Every slot of the campaign (admin moves): 1, 0 timed out, -1 error. */
static int
claim_lock(struct db *db, struct arena *a, long long campaign_id,
    long long wait_s)
{
	int slot, rc = 1;

	for (slot = 0; slot < CLAIM_SLOTS && rc == 1; slot++)
		rc = slot_lock(db, a, campaign_id, slot, wait_s);
	if (rc != 1)
		for (slot -= 2; slot >= 0; slot--)
			slot_unlock(db, a, campaign_id, slot);
	return rc;
}

static void
claim_unlock(struct db *db, struct arena *a, long long campaign_id)
{
	int slot;

	for (slot = CLAIM_SLOTS - 1; slot >= 0; slot--)
		slot_unlock(db, a, campaign_id, slot);
}

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
		if (db_tx_claim_apply(db, a, db_cell_int(&res, i, 0),
		    &applied) == -1)
			return -1;
	if (n != NULL)
		*n = (long long)res.nrows;
	return 0;
}

int
db_tx_claim_apply(struct db *db, struct arena *a, long long claim_id,
    long long *applied)
{
	struct db_res res, up;

	*applied = 0;
	if (db_begin(db) == -1)
		return -1;
	/* The row lock makes a second applier wait, then find it done. */
	if (DB_RUN(db, a, DB_TX_CLAIM_LOCK, &res, DB_INT(claim_id)) == -1)
		goto out_rollback;
	if (res.nrows == 0) {
		db_rollback(db);
		return 0;
	}
	if (DB_RUN(db, a, DB_TX_CLAIM_APPLY, &up, DB_INT(db_cell_int(&res, 0,
	    1)), DB_INT(db_cell_int(&res, 0, 0)), DB_INT(db_cell_int(&res, 0,
	    2)), DB_INT(db_cell_int(&res, 0, 3))) == -1 ||
	    DB_RUN(db, a, DB_TX_CLAIM_DONE, NULL, DB_INT(up.affected),
	    DB_INT(claim_id)) == -1 || db_commit(db) == -1)
		goto out_rollback;
	*applied = (long long)up.affected;
	return 0;
out_rollback:
	db_rollback(db);
	return -1;
}

int
db_tx_claims_apply_texter(struct db *db, struct arena *a, long long user_id)
{
	const struct db_arg args[] = { DB_INT(user_id) };

	return apply_listed(db, a, DB_TX_CLAIMS_OF, args, 1, NULL);
}

int
db_tx_claims_apply_campaign(struct db *db, struct arena *a,
    long long campaign_id)
{
	const struct db_arg args[] = { DB_INT(campaign_id) };

	return apply_listed(db, a, DB_TX_CLAIMS_OF_CAMPAIGN, args, 1, NULL);
}

int
db_tx_claims_apply_due(struct db *db, struct arena *a, long long max,
    long long *n)
{
	const struct db_arg args[] = { DB_INT(max) };

	return apply_listed(db, a, DB_TX_CLAIMS_DUE, args, 1, n);
}

int
db_tx_plan_due(struct db *db, struct arena *a, long long min_batch,
    long long *campaign_id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TX_PLAN_DUE, &res, DB_INT(min_batch)) == -1)
		return -1;
	*campaign_id = res.nrows ? db_cell_int(&res, 0, 0) : 0;
	return res.nrows ? 1 : 0;
}

int
db_tx_plan(struct db *db, struct arena *a, long long campaign_id,
    long long rows, long long *planned)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TX_PLAN_CALL, &res, DB_INT(campaign_id),
	    DB_INT(rows)) == -1 || res.nrows != 1)
		return -1;
	*planned = db_cell_int(&res, 0, 0);
	return 0;
}

int
db_tx_plan_stale(struct db *db, struct arena *a, long long campaign_id)
{
	return DB_RUN(db, a, DB_TX_PLAN_STALE, NULL, DB_INT(campaign_id));
}

/*
 * Takes up to `want` Unassigned conversations that are not opted out from
 * [from, to), in id order: the claim's range and count. *end is where the
 * scan stopped (the next id to look at); *exhausted when [*end, to) held
 * fewer than wanted. One round trip, one row back.
 */
static int
claim_scan(struct db *db, struct arena *a, long long campaign_id,
    long long from, const char *to, long long want, struct tx_claim *c,
    long long *end, bool *exhausted)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TX_CLAIM_SCAN, &res, DB_INT(campaign_id),
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
		if (DB_RUN(db, a, DB_TX_CURSOR_LOCK, res,
		    DB_INT(campaign_id)) == -1) {
			db_rollback(db);
			return -1;
		}
		if (res->nrows == 1)
			return 0;
		db_rollback(db);
		if (attempt > 0 || DB_RUN(db, a, DB_TX_CURSOR_CREATE, NULL,
		    DB_INT(campaign_id)) == -1)
			return -1;
	}
}

/* The claim itself, under the campaign's lock; leaves its transaction
 * open (the caller commits after letting the next claimer in). */
static int
claim_locked(struct db *db, struct arena *a, long long campaign_id,
    long long texter_id, long long batch, struct tx_claim *c)
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
		if (db_tx_claims_apply_campaign(db, a, campaign_id) == -1 ||
		    db_begin(db) == -1)
			return -1;
		if (DB_RUN(db, a, DB_TX_CURSOR_LOCK, &res,
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
	if (DB_RUN(db, a, DB_TX_CURSOR_MOVE, NULL, DB_INT(next),
	    has_gap ? DB_INT(gap) : DB_STR(NULL), DB_INT(campaign_id)) == -1)
		goto out_rollback;
	if (c->claimed > 0) {
		if (DB_RUN(db, a, DB_TX_CLAIM_INSERT, &res, DB_INT(campaign_id),
		    DB_INT(texter_id), DB_INT(c->first_id), DB_INT(c->last_id),
		    DB_INT(c->claimed)) == -1)
			goto out_rollback;
		c->id = (long long)res.insert_id;
		c->outcome = TX_CLAIMED;
	} else
		c->outcome = TX_NONE_LEFT;
	return 0;
out_rollback:
	db_rollback(db);
	return -1;
}

/* An outcome as the claim procedures word it (sql/procedures/). */
static enum tx_claim_outcome
outcome_of(const char *s)
{
	if (s == NULL)
		return TX_NONE_LEFT;
	if (strcmp(s, "claimed") == 0)
		return TX_CLAIMED;
	if (strcmp(s, "busy") == 0)
		return TX_BUSY;
	if (strcmp(s, "not_on_campaign") == 0)
		return TX_NOT_ON_CAMPAIGN;
	if (strcmp(s, "unfinished") == 0)
		return TX_UNFINISHED;
	return TX_NONE_LEFT;	/* "empty" */
}

/*
 * The common case in one round trip (claim_batch, sql/procedures/): a batch from
 * the cursor on. 1 when that settled it, 0 when the cursor has reached
 * the end with conversations given back behind it (the sweep's turn).
 */
static int
claim_fast(struct db *db, struct arena *a, long long campaign_id,
    long long texter_id, long long batch, int slot, long long lock_wait_s,
    struct tx_claim *c)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TX_CLAIM_CALL, &res, DB_INT(campaign_id),
	    DB_INT(texter_id), DB_INT(batch), DB_INT(slot),
	    DB_INT(lock_wait_s)) == -1 || res.nrows != 1)
		return -1;
	if ((c->outcome = outcome_of(db_cell(&res, 0, 0))) == TX_CLAIMED) {
		c->id = db_cell_int(&res, 0, 1);
		c->first_id = db_cell_int(&res, 0, 2);
		c->last_id = db_cell_int(&res, 0, 3);
		c->claimed = db_cell_int(&res, 0, 4);
	}
	if (c->outcome != TX_NONE_LEFT)
		return 1;
	return db_cell_int(&res, 0, 5) == 1 ? 0 : 1;
}

int
db_tx_claim(struct db *db, struct arena *a, long long campaign_id,
    long long texter_id, long long batch, long long lock_wait_s,
    struct tx_claim *c)
{
	int rc, slot = my_slot();

	memset(c, 0, sizeof(*c));
	if ((rc = claim_fast(db, a, campaign_id, texter_id, batch, slot,
	    lock_wait_s, c)) != 0)
		return rc == 1 ? 0 : -1;
	/* The slow path: the sweep behind the cursor, statement by statement. */
	if ((rc = slot_lock(db, a, campaign_id, slot, lock_wait_s)) == -1)
		return -1;
	if (rc == 0) {
		c->outcome = TX_BUSY;
		return 0;
	}
	rc = claim_locked(db, a, campaign_id, texter_id, batch, c);
	/*
	 * Claimers queue on the cursor row, which InnoDB hands on when a
	 * commit is applied, before its log is flushed: the flushes of
	 * successive claims overlap (group commit) instead of lining up.
	 */
	slot_unlock(db, a, campaign_id, slot);
	if (rc == 0 && db_commit(db) == -1) {
		db_rollback(db);
		rc = -1;
	}
	return rc;
}

/*
 * The claim broker's turn (claimer.c): the claims of many texters of one
 * campaign in one round trip, claim_group (sql/procedures/) (campaign check, slot
 * lock, cursor, eligibility, one skip per batch, claim rows, commit).
 * Batches go in the order asked. A texter asked twice gets one batch; the
 * second ask is answered as the first would be now (TX_UNFINISHED after a
 * batch).
 */

/* The first ask of asks[i]'s texter (i itself unless asked before). */
static size_t
first_ask(const struct tx_claim_ask *asks, size_t i)
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
    struct tx_claim_ask *asks, size_t n)
{
	cJSON *root = json ? cJSON_Parse(json) : NULL;
	const cJSON *row, *o;
	struct tx_claim *c;
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
    long long campaign_id, long long lock_wait_s, struct tx_claim_ask *asks,
    size_t n, bool *has_gap)
{
	enum tx_claim_outcome o;
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
	rc = DB_RUN(db, a, DB_TX_CLAIM_GROUP, &res, DB_INT(org_id),
	    DB_INT(campaign_id), DB_STR(buf_str(&json)), DB_INT(my_slot()),
	    DB_INT(lock_wait_s));
	buf_free(&json);
	if (rc == -1 || res.nrows != 1)
		return -1;
	status = db_cell(&res, 0, 0);
	if (status == NULL)
		o = TX_NO_CAMPAIGN;
	else if ((o = tx_claim_open(db_cell_int(&res, 0, 1) == 1, status)) ==
	    TX_CLAIMED && db_cell_int(&res, 0, 3) == 1)
		o = TX_BUSY;
	for (i = 0; i < n; i++) {
		asks[i].c.outcome = o;
		asks[i].c.batch_size = db_cell_int(&res, 0, 2);
		snprintf(asks[i].c.status, sizeof(asks[i].c.status), "%s",
		    status ? status : "");
	}
	if (o != TX_CLAIMED)
		return 0;
	*has_gap = db_cell_int(&res, 0, 4) == 1;
	return group_answers(campaign_id, db_cell(&res, 0, 5), asks, n) == -1 ?
	    -1 : 1;
}

int
db_tx_claim_group(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, long long lock_wait_s, struct tx_claim_ask *asks,
    size_t n)
{
	struct tx_claim keep;
	size_t i, j;
	bool has_gap = false;
	int rc;

	for (i = 0; i < n; i++)
		memset(&asks[i].c, 0, sizeof(asks[i].c));
	if ((rc = group_call(db, a, org_id, campaign_id, lock_wait_s, asks, n,
	    &has_gap)) != 1)
		return rc;
	/* The cursor is at the end: those left over sweep behind it, one by
	 * one (the rare path of db_tx_claim). */
	for (i = 0; i < n && has_gap; i++) {
		if (first_ask(asks, i) != i || asks[i].c.outcome != TX_NONE_LEFT)
			continue;
		keep = asks[i].c;
		if (db_tx_claim(db, a, campaign_id, asks[i].texter_id,
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
		if (asks[j].c.outcome == TX_CLAIMED) {
			asks[i].c.outcome = TX_UNFINISHED;
			asks[i].c.id = asks[i].c.claimed = 0;
			asks[i].c.first_id = asks[i].c.last_id = 0;
		}
	}
	return 0;
}

enum tx_claim_outcome
tx_claim_open(bool self_assign, const char *status)
{
	if (!self_assign)
		return TX_SELF_ASSIGN_OFF;
	if (strcmp(status, "launching") != 0 && strcmp(status, "active") != 0 &&
	    strcmp(status, "paused") != 0)
		return TX_NOT_ACTIVE;
	return TX_CLAIMED;
}

void
tx_counts_add(struct tx_counts *c, const char *status, bool opted_out,
    long long n)
{
	int i = tx_status_index(status);

	if (i >= 0)
		c->status[i] += n;
	if (opted_out)
		c->opted_out += n;
	c->total += n;
}

int
db_tx_my_counts(struct db *db, struct arena *a, long long campaign_id,
    long long user_id, struct tx_counts *c)
{
	struct db_res res;
	size_t i;

	memset(c, 0, sizeof(*c));
	if (DB_RUN(db, a, DB_TX_MY_COUNTS, &res, DB_INT(campaign_id),
	    DB_INT(user_id)) == -1)
		return -1;
	for (i = 0; i < res.nrows; i++)
		tx_counts_add(c, db_cell(&res, i, 0),
		    db_cell_int(&res, i, 1) == 1, db_cell_int(&res, i, 2));
	return 0;
}

int
db_tx_my_campaigns(struct db *db, struct arena *a, long long user_id,
    long long org_id, long long **ids, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_TX_MY_CAMPAIGNS, &res, DB_INT(user_id),
	    DB_INT(org_id)) == -1)
		return -1;
	*ids = arena_alloc(a, (res.nrows + 1) * sizeof(**ids));
	for (i = 0; i < res.nrows; i++)
		(*ids)[i] = db_cell_int(&res, i, 0);
	*n = res.nrows;
	return 0;
}

/* Records conversations given back to Unassigned from min_id on (behind
 * the cursor: a gap to sweep; ahead of it: the plan no longer holds). */
static int
note_gap(struct db *db, struct arena *a, long long campaign_id,
    long long min_id)
{
	if (min_id <= 0)
		return 0;
	return DB_RUN(db, a, DB_TX_CURSOR_GAP, NULL, DB_INT(min_id),
	    DB_INT(min_id), DB_INT(campaign_id), DB_INT(min_id)) == -1 ?
	    -1 : db_tx_plan_stale(db, a, campaign_id);
}

/* One texter's conversations of one status back to Unassigned. */
static int
unassign_one(struct db *db, struct arena *a, long long campaign_id,
    long long user_id, int status, long long *moved)
{
	struct db_res res;
	long long min_id = 0;

	if (status == 0) {
		if (DB_RUN(db, a, DB_TX_UNASSIGN_MIN, &res, DB_INT(campaign_id),
		    DB_INT(user_id)) == -1)
			return -1;
		min_id = db_cell_int(&res, 0, 0);
	}
	if (DB_RUN(db, a, DB_TX_UNASSIGN, &res, DB_INT(campaign_id),
	    DB_INT(user_id), DB_STR(tx_statuses[status])) == -1)
		return -1;
	*moved += (long long)res.affected;
	/* Noted after the move: the planner takes no claim lock, and must
	 * not plan from before it under the new plan_gen. */
	return note_gap(db, a, campaign_id, min_id);
}

int
db_tx_texter_remove(struct db *db, struct arena *a, long long campaign_id,
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
	if (DB_RUN(db, a, DB_TX_CLAIMS_CANCEL, NULL, DB_INT(campaign_id),
	    DB_INT(user_id)) == -1 ||
	    db_tx_claims_apply_campaign(db, a, campaign_id) == -1)
		goto out_unlock;
	for (i = 0; i < TX_NSTATUS; i++)
		if (unassign_one(db, a, campaign_id, user_id, i, &moved) == -1)
			goto out_unlock;
	if (DB_RUN(db, a, DB_TX_TEXTER_REMOVE, &res, DB_INT(campaign_id),
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
db_tx_distribute(struct db *db, struct arena *a, long long campaign_id,
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
	if (db_tx_claims_apply_campaign(db, a, campaign_id) == -1 ||
	    DB_RUN(db, a, DB_TX_UNASSIGNABLE, &res, DB_INT(campaign_id),
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
			if (DB_RUN(db, a, DB_TX_DISTRIBUTE, &res,
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
	if (db_tx_plan_stale(db, a, campaign_id) == -1)
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

	if (DB_RUN(db, a, DB_TX_ASSIGNEES, &res, DB_INT(campaign_id)) == -1)
		return -1;
	out = arena_alloc(a, (res.nrows + 1) * sizeof(*out));
	for (i = 0; i < res.nrows; i++)
		out[i] = db_cell_int(&res, i, 0);
	*ids = out;
	*n = res.nrows;
	return 0;
}

int
db_tx_unassign(struct db *db, struct arena *a, long long campaign_id,
    const long long *texters, size_t n, unsigned statuses,
    long long lock_wait_s, long long *moved)
{
	size_t i;
	int s, rc;

	*moved = 0;
	if ((rc = claim_lock(db, a, campaign_id, lock_wait_s)) != 1)
		return -1;
	rc = -1;
	if (db_tx_claims_apply_campaign(db, a, campaign_id) == -1 ||
	    (texters == NULL && assignees(db, a, campaign_id, &texters,
	    &n) == -1))
		goto out_unlock;
	for (i = 0; i < n; i++)
		for (s = 0; s < TX_NSTATUS; s++)
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
		if (DB_RUN(db, a, DB_TX_MOVE, &res, DB_INT(to),
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
	struct tx_counts c;
	size_t i, s, t;

	have = arena_alloc(a, (nfrom + 1) * sizeof(*have));
	want = arena_alloc(a, (nto + 1) * sizeof(*want));
	for (i = 0; i < nfrom; i++) {
		if (db_tx_my_counts(db, a, campaign_id, from[i], &c) == -1)
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
		    tx_statuses[status], take, &got) == -1)
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
db_tx_reassign(struct db *db, struct arena *a, long long campaign_id,
    const long long *from, size_t nfrom, const long long *to, size_t nto,
    unsigned statuses, long long lock_wait_s, long long *moved)
{
	int s, rc;

	*moved = 0;
	if ((rc = claim_lock(db, a, campaign_id, lock_wait_s)) != 1)
		return -1;
	rc = -1;
	if (db_tx_claims_apply_campaign(db, a, campaign_id) == -1 ||
	    (from == NULL && assignees(db, a, campaign_id, &from,
	    &nfrom) == -1))
		goto out_unlock;
	for (s = 0; s < TX_NSTATUS; s++)
		if ((statuses & (1u << s)) && reassign_status(db, a,
		    campaign_id, from, nfrom, to, nto, s, moved) == -1)
			goto out_unlock;
	rc = 0;
out_unlock:
	claim_unlock(db, a, campaign_id);
	return rc;
}

static void
conversation_from(struct arena *a, const struct db_res *res, size_t i,
    struct tx_conversation *c)
{
	memset(c, 0, sizeof(*c));
	c->id = db_cell_int(res, i, 0);
	c->campaign_id = db_cell_int(res, i, 1);
	c->phone = db_cell(res, i, 2);
	c->first_name = db_cell(res, i, 3);
	c->last_name = db_cell(res, i, 4);
	c->fields = db_cell(res, i, 5);
	c->assignee_id = db_cell_int(res, i, 6);
	c->status = db_cell(res, i, 7);
	c->opted_out = db_cell_int(res, i, 8) == 1;
	c->last_message_at = db_cell_time(a, res, i, 9);
	c->assignee_name = db_cell(res, i, 10);
}

int
db_tx_conversation_next(struct db *db, struct arena *a, long long org_id,
    long long id, struct tx_conversation *c, struct tx_campaign *k,
    long long *next)
{
	struct db_res res;

	if (DB_RUN(db, a, next != NULL ? DB_TX_CONVERSATION_NEXT :
	    DB_TX_CONVERSATION, &res, DB_INT(id), DB_INT(org_id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	conversation_from(a, &res, 0, c);
	if (k != NULL)
		campaign_at(&res, CONVERSATION_NCOLS, k);
	if (next != NULL)	/* TX_CONVERSATION_NEXT's last column */
		*next = db_cell_int(&res, 0, res.ncols - 1);
	return 1;
}

int
db_tx_conversation(struct db *db, struct arena *a, long long org_id,
    long long id, struct tx_conversation *c, struct tx_campaign *k)
{
	return db_tx_conversation_next(db, a, org_id, id, c, k, NULL);
}

/* The brief columns of lists (CONVERSATION_BRIEF [+ campaign name]). */
static void
brief_from(struct arena *a, const struct db_res *res, size_t i,
    struct tx_conversation *c)
{
	memset(c, 0, sizeof(*c));
	c->id = db_cell_int(res, i, 0);
	c->campaign_id = db_cell_int(res, i, 1);
	c->first_name = db_cell(res, i, 2);
	c->last_name = db_cell(res, i, 3);
	c->status = db_cell(res, i, 4);
	c->opted_out = db_cell_int(res, i, 5) == 1;
	c->last_message_at = db_cell_time(a, res, i, 6);
	c->last_body = db_cell(res, i, 7);
	c->campaign_name = db_cell(res, i, 8);
}

/* Runs a list query of CONVERSATION_BRIEF rows into *out. */
static int
briefs(struct db *db, struct arena *a, enum db_stmt q,
    const struct db_arg *args, size_t nargs, struct tx_conversation **out,
    size_t *n)
{
	struct db_res res;
	size_t i;

	if (db_run(db, a, q, args, nargs, &res) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		brief_from(a, &res, i, &(*out)[i]);
	*n = res.nrows;
	return 0;
}

int
db_tx_my_conversations(struct db *db, struct arena *a, long long campaign_id,
    long long user_id, const char *status, long long after, long long limit,
    struct tx_conversation **out, size_t *n)
{
	const struct db_arg args[] = { DB_INT(campaign_id), DB_INT(user_id),
	    DB_STR(status), DB_INT(after), DB_INT(limit) };

	return briefs(db, a, DB_TX_MY_CONVERSATIONS, args, 5, out, n);
}

int
db_tx_inbox(struct db *db, struct arena *a, long long org_id,
    long long user_id, long long after, long long limit,
    struct tx_conversation **out, size_t *n)
{
	const struct db_arg args[] = { DB_INT(user_id), DB_INT(org_id),
	    DB_INT(after), DB_INT(limit) };

	return briefs(db, a, DB_TX_INBOX, args, 4, out, n);
}

int
db_tx_next_to_message(struct db *db, struct arena *a, long long campaign_id,
    long long user_id, long long after, long long *id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TX_NEXT_TO_MESSAGE, &res, DB_INT(campaign_id),
	    DB_INT(user_id), DB_INT(after)) == -1)
		return -1;
	if (res.nrows == 0 && after > 0 && DB_RUN(db, a,
	    DB_TX_NEXT_TO_MESSAGE, &res, DB_INT(campaign_id), DB_INT(user_id),
	    DB_INT(0)) == -1)
		return -1;
	*id = res.nrows ? db_cell_int(&res, 0, 0) : 0;
	return 0;
}

void
db_tx_message_row(struct arena *a, const struct db_res *res, size_t i,
    struct tx_message *m)
{
	m->id = db_cell_int(res, i, 0);
	m->conversation_id = db_cell_int(res, i, 1);
	m->direction = db_cell(res, i, 2);
	m->initial = db_cell_int(res, i, 3) == 1;
	m->body = db_cell(res, i, 4);
	m->status = db_cell(res, i, 5);
	m->error = db_cell(res, i, 6);
	m->created_at = db_cell_time(a, res, i, 7);
	m->status_at = db_cell_time(a, res, i, 8);
	m->sender_name = db_cell(res, i, 9);
}

int
db_tx_message(struct db *db, struct arena *a, long long org_id, long long id,
    struct tx_message *m)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TX_MESSAGE, &res, DB_INT(id),
	    DB_INT(org_id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	db_tx_message_row(a, &res, 0, m);
	return 1;
}

/* Oldest first (the statement takes the newest 200). */
int
db_tx_messages(struct db *db, struct arena *a, long long conversation_id,
    struct tx_message **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_TX_MESSAGES_OF, &res,
	    DB_INT(conversation_id)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		db_tx_message_row(a, &res, res.nrows - 1 - i, &(*out)[i]);
	*n = res.nrows;
	return 0;
}

int
db_tx_queue(struct db *db, struct arena *a, bool initial,
    long long campaign_id, long long conversation_id, long long user_id,
    const char *body, const char *from, const char *to,
    long long *message_id)
{
	struct db_res res;

	/* sql/016's queue_message: one round trip; a deadlock rolls it back
	 * whole and db_run runs it again. */
	if (DB_RUN(db, a, DB_TX_QUEUE_CALL, &res, DB_INT(initial ? 1 : 0),
	    DB_INT(conversation_id), DB_INT(user_id), DB_STR(body),
	    DB_STR(from), DB_STR(to), DB_INT(campaign_id)) == -1 ||
	    res.nrows != 1)
		return -1;
	*message_id = db_cell_int(&res, 0, 0);
	return 0;
}

int
db_tx_opt_out_in(struct db *db, struct arena *a, long long org_id,
    const char *phone, const char *source)
{
	assert(db->in_tx);
	return DB_RUN(db, a, DB_TX_OPT_OUT, NULL, DB_INT(org_id),
	    DB_STR(phone), DB_STR(source)) == -1 || DB_RUN(db, a,
	    DB_TX_OPT_OUT_SPREAD, NULL, DB_STR(phone), DB_INT(org_id)) == -1 ||
	    DB_RUN(db, a, DB_TX_OPT_OUT_PLAN_STALE, NULL, DB_STR(phone),
	    DB_INT(org_id)) == -1 ? -1 : 0;
}

int
db_tx_opt_out(struct db *db, struct arena *a, long long org_id,
    const char *phone, const char *source)
{
	if (db_begin(db) == -1)
		return -1;
	if (db_tx_opt_out_in(db, a, org_id, phone, source) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int
db_tx_invite_set(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, const char *token)
{
	return token != NULL ? DB_RUN(db, a, DB_TX_INVITE_SET, NULL,
	    DB_STR(token), DB_INT(org_id), DB_INT(campaign_id)) :
	    DB_RUN(db, a, DB_TX_INVITE_CLEAR, NULL, DB_INT(org_id),
	    DB_INT(campaign_id));
}

int
db_tx_hook_status(struct db *db, struct arena *a, const char *provider_id,
    const char *status, const char *error, bool *found)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_TX_HOOK_STATUS, &res, DB_STR(status),
	    DB_STR(error), DB_STR(provider_id), DB_STR(status)) == -1)
		return -1;
	*found = res.affected > 0;
	return 0;
}

int
db_tx_hook_bind(struct db *db, struct arena *a, long long message_id,
    const char *provider_id)
{
	return DB_RUN(db, a, DB_TX_HOOK_BIND, NULL, DB_STR(provider_id),
	    DB_INT(message_id));
}

int
db_tx_inbound(struct db *db, struct arena *a, const char *from,
    const char *to, const char *body, const char *provider_id, bool opt_out,
    bool *stored, long long *conversation_id)
{
	struct db_res res, ins;
	long long org_id;

	*stored = false;
	*conversation_id = 0;
	if (DB_RUN(db, a, DB_TX_INBOUND_FIND, &res, DB_STR(from),
	    DB_STR(to)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	*conversation_id = db_cell_int(&res, 0, 0);
	org_id = db_cell_int(&res, 0, 1);
	if (db_begin(db) == -1)
		return -1;
	if (DB_RUN(db, a, DB_TX_INBOUND_INSERT, &ins,
	    DB_INT(*conversation_id), DB_STR(body), DB_STR(from), DB_STR(to),
	    DB_STR(provider_id)) == -1)
		goto out_rollback;
	if (ins.affected == 0) {	/* delivered before */
		db_rollback(db);
		return 0;
	}
	if (opt_out) {
		if (db_tx_opt_out_in(db, a, org_id, from, "keyword") == -1)
			goto out_rollback;
	} else if (DB_RUN(db, a, DB_TX_INBOUND_MARK, NULL,
	    DB_INT(*conversation_id)) == -1)
		goto out_rollback;
	if (db_commit(db) == -1)
		goto out_rollback;
	*stored = true;
	return 0;
out_rollback:
	db_rollback(db);
	return -1;
}
