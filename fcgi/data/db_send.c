/*
 * db_send: the sender's typed queries; see db_send.h.
 *
 * The claim is the pacing's one transaction: at READ COMMITTED (no gap
 * locks: messages keep being queued meanwhile) it locks the due queued
 * messages it takes (SKIP LOCKED: senders side by side take different
 * ones), reads their scopes without locks, locks the pacing rows of the
 * scopes it gives slots on (sorted: every sender in the same order), and
 * writes the slots, the scopes' new times and the leases before it
 * commits. A message with a slot is due at it and is leased then without
 * touching the pacing rows: 10,000 messages waiting on one use case are
 * each written once with their slot, not read and rewritten every round.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "db_send.h"
#include "pacing.h"

#define SCOPE_LEN	40

/* A scope the claim gives slots on: its pacing row. */
struct scope {
	char			name[SCOPE_LEN];
	struct pacing_scope	p;
};

/* A due message while the claim decides (SEND_DUE_TABLE, then
 * SEND_SCOPE_TABLE). */
struct due {
	struct send_out		 o;
	bool			 paced;		/* its slot came earlier */
	long long		 number_id, use_case_id;
	long long		 use_case_rate;	/* 0: the default */
	struct pacing_scope	*s[PACING_MAX_SCOPES];
};

/* A pacing row (SEND_PACE_TABLE). */
struct pace_row {
	const char		*scope;
	long long		 tat_us;
};

/* A campaign's waiting messages of one status and paced
 * (SEND_QUEUE_GROUP_TABLE). */
struct queue_group {
	const char		*status;
	bool			 paced;
	long long		 n, last_slot_us;
};

#define DUE_COLUMN(m, k, s, j) COLUMN_OF(struct due, m, k, j)
static const struct column due_columns[] = { SEND_DUE_TABLE(DUE_COLUMN) };
static const size_t due_ncolumns = 0 SEND_DUE_TABLE(COL_COUNT);
static const struct column scope_columns[] = {
	SEND_SCOPE_TABLE(DUE_COLUMN)
};
static const size_t scope_ncolumns = 0 SEND_SCOPE_TABLE(COL_COUNT);

#define PACE_COLUMN(m, k, s, j) COLUMN_OF(struct pace_row, m, k, j)
static const struct column pace_columns[] = { SEND_PACE_TABLE(PACE_COLUMN) };
static const size_t pace_ncolumns = 0 SEND_PACE_TABLE(COL_COUNT);

#define UNSETTLED_COLUMN(m, k, s, j) \
	COLUMN_OF(struct send_unsettled, m, k, j)
static const struct column unsettled_columns[] = {
	SEND_UNSETTLED_TABLE(UNSETTLED_COLUMN)
};
static const size_t unsettled_ncolumns = 0 SEND_UNSETTLED_TABLE(COL_COUNT);

#define GROUP_COLUMN(m, k, s, j) COLUMN_OF(struct queue_group, m, k, j)
static const struct column group_columns[] = {
	SEND_QUEUE_GROUP_TABLE(GROUP_COLUMN)
};
static const size_t group_ncolumns = 0 SEND_QUEUE_GROUP_TABLE(COL_COUNT);

#define LIMITS_COLUMN(m, k, s, j) COLUMN_OF(struct send_queue, m, k, j)
static const struct column limits_columns[] = {
	SEND_QUEUE_LIMITS_TABLE(LIMITS_COLUMN)
};
static const size_t limits_ncolumns = 0 SEND_QUEUE_LIMITS_TABLE(COL_COUNT);

#define CONTACT_COLUMN(m, k, s, j) \
	COLUMN_OF(struct send_unknown_item, m, k, j)
static const struct column unknown_contact_columns[] = {
	SEND_UNKNOWN_CONTACT_TABLE(CONTACT_COLUMN)
};
static const size_t unknown_contact_ncolumns =
    0 SEND_UNKNOWN_CONTACT_TABLE(COL_COUNT);

static int
scope_cmp(const void *x, const void *y)
{
	return strcmp(((const struct scope *)x)->name,
	    ((const struct scope *)y)->name);
}

/* The scope named name among sc[0..n), added (unsorted) when new. */
static struct scope *
scope_add(struct scope *sc, size_t *n, const char *name,
    long long interval_us)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp(sc[i].name, name) == 0)
			return &sc[i];
	snprintf(sc[*n].name, sizeof(sc[*n].name), "%s", name);
	sc[*n].p.tat_us = 0;
	sc[*n].p.interval_us = interval_us;
	return &sc[(*n)++];
}

static struct scope *
scope_find(struct scope *sc, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(sc[i].name, name) == 0)
			return &sc[i];
	return NULL;
}

/* Fills each due message's organization, profile and scope ids. */
static int
read_scopes(struct db *db, struct arena *a, const char *ids, struct due *d,
    size_t n)
{
	struct db_res res;
	struct due row;
	size_t i, j;

	if (DB_RUN(db, a, DB_SEND_SCOPES, &res, DB_STR(ids)) == -1)
		return -1;
	for (i = 0; i < res.nrows; i++) {
		db_fill(&res, i, 1, scope_columns, scope_ncolumns, &row);
		for (j = 0; j < n && d[j].o.id != row.o.id; j++)
			;
		if (j == n)
			continue;
		d[j].o.org_id = row.o.org_id;
		d[j].number_id = row.number_id;
		d[j].use_case_id = row.use_case_id;
		d[j].use_case_rate = row.use_case_rate;
		d[j].o.profile_id = row.o.profile_id;
	}
	return 0;
}

/*
 * The scopes of the messages without a slot (sc, *nsc of them, sorted),
 * their rows locked and read; each message's s[] pointing at its own.
 */
static int
lock_scopes(struct db *db, struct arena *a, const struct send_limits *lim,
    struct due *d, size_t n, struct scope *sc, size_t *nsc)
{
	struct db_res res;
	struct scope *found;
	struct pace_row row;
	struct buf names;
	char name[SCOPE_LEN];
	long long rate;
	size_t i;
	int rc = -1;

	*nsc = 0;
	for (i = 0; i < n; i++) {
		if (d[i].paced)
			continue;
		if (d[i].use_case_id > 0) {
			rate = d[i].use_case_rate > 0 ? d[i].use_case_rate :
			    lim->use_case_per_minute;
			snprintf(name, sizeof(name), "use_case:%lld",
			    d[i].use_case_id);
			(void)scope_add(sc, nsc, name, pacing_interval_us(rate));
		}
		if (d[i].number_id > 0 && lim->number_per_minute > 0) {
			snprintf(name, sizeof(name), "number:%lld",
			    d[i].number_id);
			(void)scope_add(sc, nsc, name,
			    pacing_interval_us(lim->number_per_minute));
		}
	}
	if (*nsc == 0)
		return 0;
	qsort(sc, *nsc, sizeof(*sc), scope_cmp);
	buf_init(&names, 64 * *nsc + 16);
	buf_adds(&names, "[");
	for (i = 0; i < *nsc; i++) {
		buf_adds(&names, i > 0 ? "," : "");
		buf_add_json_str(&names, sc[i].name);
	}
	buf_adds(&names, "]");
	if (names.failed || DB_RUN(db, a, DB_SEND_PACE_LOCK, NULL,
	    DB_STR(buf_str(&names))) == -1 || DB_RUN(db, a,
	    DB_SEND_PACE_READ, &res, DB_STR(buf_str(&names))) == -1)
		goto out;
	for (i = 0; i < res.nrows; i++) {
		db_fill(&res, i, 1, pace_columns, pace_ncolumns, &row);
		if ((found = scope_find(sc, *nsc, row.scope)) != NULL)
			found->p.tat_us = row.tat_us;
	}
	/* After the sort: point each message at its scopes. */
	for (i = 0; i < n; i++) {
		if (d[i].paced)
			continue;
		snprintf(name, sizeof(name), "use_case:%lld", d[i].use_case_id);
		found = d[i].use_case_id > 0 ? scope_find(sc, *nsc, name) :
		    NULL;
		d[i].s[0] = found != NULL ? &found->p : NULL;
		snprintf(name, sizeof(name), "number:%lld", d[i].number_id);
		found = d[i].number_id > 0 ? scope_find(sc, *nsc, name) : NULL;
		d[i].s[1] = found != NULL ? &found->p : NULL;
	}
	rc = 0;
out:
	buf_free(&names);
	return rc;
}

/* Writes the scopes' new times. */
static int
save_scopes(struct db *db, struct arena *a, const struct scope *sc, size_t n)
{
	struct buf b;
	size_t i;
	int rc;

	if (n == 0)
		return 0;
	buf_init(&b, 80 * n + 16);
	buf_adds(&b, "[");
	for (i = 0; i < n; i++) {
		buf_adds(&b, i > 0 ? ",[" : "[");
		buf_add_json_str(&b, sc[i].name);
		buf_addf(&b, ",%lld]", sc[i].p.tat_us);
	}
	buf_adds(&b, "]");
	rc = b.failed ? -1 : DB_RUN(db, a, DB_SEND_PACE_SAVE, NULL,
	    DB_STR(buf_str(&b)));
	buf_free(&b);
	return rc;
}

int
db_send_claim(struct db *db, struct arena *a, const struct send_limits *lim,
    const char *owner, long long lease_s, size_t max, struct send_out **out,
    size_t *n, size_t *slotted)
{
	struct db_res res;
	struct due *d;
	struct scope *sc;
	struct buf ids, now_ids, later;
	long long now_us, slot;
	size_t i, nd, nsc, nnow = 0, nlater = 0;

	*n = *slotted = 0;
	*out = NULL;
	if (db_run(db, a, DB_SEND_READ_COMMITTED, NULL, 0, NULL) == -1 ||
	    db_begin(db) == -1)
		return -1;
	if (DB_RUN(db, a, DB_SEND_DUE, &res, DB_INT(lim->early_us),
	    DB_INT((long long)max)) == -1) {
		db_rollback(db);
		return -1;
	}
	if ((nd = res.nrows) == 0) {
		db_rollback(db);
		return 0;
	}
	d = arena_alloc(a, nd * sizeof(*d));
	sc = arena_alloc(a, 2 * nd * sizeof(*sc));
	memset(d, 0, nd * sizeof(*d));
	now_us = db_cell_int(&res, 0, 1 + due_ncolumns);
	buf_init(&ids, 24 * nd + 16);
	buf_init(&now_ids, 24 * nd + 16);
	buf_init(&later, 48 * nd + 16);
	buf_adds(&ids, "[");
	for (i = 0; i < nd; i++) {
		db_fill(&res, i, 1, due_columns, due_ncolumns, &d[i]);
		d[i].o.attempts++;	/* the POST is its next attempt */
		buf_addf(&ids, "%s%lld", i > 0 ? "," : "", d[i].o.id);
	}
	buf_adds(&ids, "]");
	if (ids.failed || read_scopes(db, a, buf_str(&ids), d, nd) == -1 ||
	    lock_scopes(db, a, lim, d, nd, sc, &nsc) == -1)
		goto out_rollback;

	/* In due order: a message with a slot goes; one without takes the
	 * next slot its scopes allow, and goes if that is now. */
	*out = arena_alloc(a, nd * sizeof(**out));
	buf_adds(&now_ids, "[");
	buf_adds(&later, "[");
	for (i = 0; i < nd; i++) {
		slot = d[i].paced ? now_us : pacing_reserve(d[i].s,
		    PACING_MAX_SCOPES, now_us);
		if (pacing_due(slot, now_us, lim->early_us)) {
			(*out)[nnow] = d[i].o;
			buf_addf(&now_ids, "%s%lld", nnow > 0 ? "," : "",
			    d[i].o.id);
			nnow++;
		} else {
			buf_addf(&later, "%s[%lld,%lld]", nlater > 0 ? "," : "",
			    d[i].o.id, slot);
			nlater++;
		}
	}
	buf_adds(&now_ids, "]");
	buf_adds(&later, "]");
	if (now_ids.failed || later.failed ||
	    save_scopes(db, a, sc, nsc) == -1 ||
	    (nlater > 0 && DB_RUN(db, a, DB_SEND_RESERVE, NULL,
	    DB_STR(buf_str(&later))) == -1) ||
	    (nnow > 0 && DB_RUN(db, a, DB_SEND_LEASE, NULL,
	    DB_STR(buf_str(&now_ids)), DB_STR(owner), DB_INT(lease_s)) == -1) ||
	    db_commit(db) == -1)
		goto out_rollback;
	buf_free(&ids);
	buf_free(&now_ids);
	buf_free(&later);
	*n = nnow;
	*slotted = nlater;
	return 0;
out_rollback:
	db_rollback(db);
	buf_free(&ids);
	buf_free(&now_ids);
	buf_free(&later);
	*out = NULL;
	return -1;
}

int
db_send_sent(struct db *db, struct arena *a, const char *owner,
    const char *sent)
{
	return DB_RUN(db, a, DB_SEND_SENT, NULL, DB_STR(sent), DB_STR(owner));
}

int
db_send_retry(struct db *db, struct arena *a, const char *owner,
    long long id, long long delay_ms, const char *error)
{
	return DB_RUN(db, a, DB_SEND_RETRY, NULL, DB_INT(delay_ms * 1000),
	    DB_STR(error), DB_INT(id), DB_STR(owner));
}

int
db_send_unsettled(struct db *db, struct arena *a, const char *owner,
    long long id, long long delay_s, const char *error)
{
	return DB_RUN(db, a, DB_SEND_UNSETTLED, NULL, DB_INT(delay_s),
	    DB_STR(error), DB_INT(id), DB_STR(owner));
}

int
db_send_failed(struct db *db, struct arena *a, const char *owner,
    long long id, const char *error)
{
	return DB_RUN(db, a, DB_SEND_FAILED, NULL, DB_STR(error), DB_INT(id),
	    DB_STR(owner));
}

int
db_send_settle_claim(struct db *db, struct arena *a, const char *owner,
    long long lease_s, long long skew_s, size_t max,
    struct send_unsettled **out, size_t *n)
{
	struct db_res res;
	struct buf ids;
	size_t i;

	*n = 0;
	*out = NULL;
	if (db_run(db, a, DB_SEND_READ_COMMITTED, NULL, 0, NULL) == -1 ||
	    db_begin(db) == -1)
		return -1;
	if (DB_RUN(db, a, DB_SEND_SETTLE_DUE, &res, DB_INT(skew_s),
	    DB_INT(skew_s), DB_INT((long long)max)) == -1) {
		db_rollback(db);
		return -1;
	}
	if (res.nrows == 0) {
		db_rollback(db);
		return 0;
	}
	*out = arena_alloc(a, res.nrows * sizeof(**out));
	buf_init(&ids, 24 * res.nrows + 16);
	buf_adds(&ids, "[");
	for (i = 0; i < res.nrows; i++) {
		db_fill(&res, i, 1, unsettled_columns, unsettled_ncolumns,
		    &(*out)[i]);
		buf_addf(&ids, "%s%lld", i > 0 ? "," : "", (*out)[i].id);
	}
	buf_adds(&ids, "]");
	if (ids.failed || DB_RUN(db, a, DB_SEND_SETTLE_LEASE, NULL,
	    DB_STR(buf_str(&ids)), DB_STR(owner), DB_INT(lease_s)) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		buf_free(&ids);
		*out = NULL;
		return -1;
	}
	buf_free(&ids);
	*n = res.nrows;
	return 0;
}

int
db_send_known_ids(struct db *db, struct arena *a, const char *const *pids,
    size_t n, bool *known)
{
	struct db_res res;
	struct buf b;
	size_t i, j;
	int rc;

	memset(known, 0, n * sizeof(*known));
	if (n == 0)
		return 0;
	buf_init(&b, 1 << 20);
	buf_adds(&b, "[");
	for (i = 0; i < n; i++) {
		buf_adds(&b, i > 0 ? "," : "");
		buf_add_json_str(&b, pids[i]);
	}
	buf_adds(&b, "]");
	rc = b.failed ? -1 : DB_RUN(db, a, DB_SEND_KNOWN_IDS, &res,
	    DB_STR(buf_str(&b)));
	buf_free(&b);
	if (rc == -1)
		return -1;
	for (i = 0; i < res.nrows; i++)
		for (j = 0; j < n; j++)
			if (strcmp(pids[j], db_cell(&res, i, 0)) == 0)
				known[j] = true;
	return 0;
}

int
db_send_bind(struct db *db, struct arena *a, const char *owner,
    long long id, const char *provider_id, const char *status,
    const char *error)
{
	return DB_RUN(db, a, DB_SEND_BIND, NULL, DB_STR(provider_id),
	    DB_STR(status), DB_STR(error), DB_INT(id), DB_STR(owner));
}

int
db_send_unknown(struct db *db, struct arena *a, const char *owner,
    long long id, const char *error)
{
	return DB_RUN(db, a, DB_SEND_UNKNOWN, NULL, DB_STR(error), DB_INT(id),
	    DB_STR(owner));
}

int
db_send_queue(struct db *db, struct arena *a, long long campaign_id,
    struct send_queue *q)
{
	struct db_res res;
	struct queue_group g;
	size_t i;

	memset(q, 0, sizeof(*q));
	q->use_case_per_minute = -1;
	if (DB_RUN(db, a, DB_SEND_QUEUE_COUNTS, &res,
	    DB_INT(campaign_id)) == -1)
		return -1;
	for (i = 0; i < res.nrows; i++) {
		db_fill(&res, i, 1, group_columns, group_ncolumns, &g);
		if (strcmp(g.status, "sending") == 0)
			q->sending += g.n;
		else if (strcmp(g.status, "unknown") == 0)
			q->unknown += g.n;
		else if (g.paced) {
			q->queued += g.n;
			q->last_slot_us = g.last_slot_us;
		} else {
			q->queued += g.n;
			q->unslotted += g.n;
		}
	}
	if (DB_RUN(db, a, DB_SEND_QUEUE_LIMITS, &res,
	    DB_INT(campaign_id)) == -1)
		return -1;
	if (res.nrows != 1)
		return 0;
	db_fill(&res, 0, 1, limits_columns, limits_ncolumns, q);
	if (q->use_case_per_minute <= 0)	/* none of its own */
		q->use_case_per_minute = -1;
	return 0;
}

int
db_send_unknown_list(struct db *db, struct arena *a, long long campaign_id,
    long long after, long long limit, struct send_unknown_item **out,
    size_t *n)
{
	struct db_res res;
	struct send_unknown_item *it;
	size_t i;

	*n = 0;
	if (DB_RUN(db, a, DB_SEND_UNKNOWN_LIST, &res, DB_INT(campaign_id),
	    DB_INT(after), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows > 0 ? res.nrows : 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		it = &(*out)[i];
		memset(it, 0, sizeof(*it));
		db_message_row(&res, i, &it->m);
		db_fill(&res, i, 1 + message_ncolumns, unknown_contact_columns,
		    unknown_contact_ncolumns, it);
	}
	*n = res.nrows;
	return 0;
}

int
db_send_resend(struct db *db, struct arena *a, long long id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SEND_RESEND, &res, DB_INT(id)) == -1)
		return -1;
	return res.affected > 0 ? 1 : 0;
}
