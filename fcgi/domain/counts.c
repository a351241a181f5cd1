/*
 * counts: conversation counts, live or from a snapshot; see counts.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "arena.h"
#include "config.h"
#include "counts.h"
#include "db_counts.h"
#include "log.h"

#define LEASE_S		60	/* a count of 10M conversations takes ~3 s */
#define WANTED_S	60	/* a page asked within: keep it fresh */

/* Sums the groups per assignee and in all. */
static void
fold(struct arena *a, const struct count_group *g, size_t ng,
    struct counts *out)
{
	struct texter_counts *t;
	size_t i, j;

	out->by = arena_alloc(a, (ng + 1) * sizeof(*out->by));
	out->n = 0;
	memset(&out->all, 0, sizeof(out->all));
	memset(&out->unassigned, 0, sizeof(out->unassigned));
	for (i = 0; i < ng; i++) {
		for (j = 0; j < out->n && out->by[j].user_id !=
		    g[i].assignee_id; j++)
			;
		t = &out->by[j];
		if (j == out->n) {
			memset(t, 0, sizeof(*t));
			t->user_id = g[i].assignee_id;
			out->n++;
		}
		conv_counts_add(&t->c, g[i].status, g[i].opted_out, g[i].n);
		conv_counts_add(&out->all, g[i].status, g[i].opted_out, g[i].n);
		if (g[i].assignee_id == 0)
			conv_counts_add(&out->unassigned, g[i].status,
			    g[i].opted_out, g[i].n);
	}
}

/* Now, as RFC 3339 UTC with milliseconds. */
static const char *
now_rfc3339(struct arena *a)
{
	struct timespec ts;
	struct tm tm;
	char day[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	return arena_printf(a, "%s.%03ldZ", day, ts.tv_nsec / 1000000);
}

static int
live(struct db *db, struct arena *a, long long campaign_id,
    struct counts *out)
{
	struct count_group *g;
	size_t ng;

	out->at = now_rfc3339(a);
	if (db_counts_live(db, a, campaign_id, &g, &ng) == -1)
		return -1;
	fold(a, g, ng, out);
	return 1;
}

/* A lease owner name: this process and a random part. */
static const char *
owner_name(struct arena *a)
{
	return arena_printf(a, "%ld-%08x", (long)getpid(),
	    randombytes_random());
}

int
counts_get(struct db *db, struct arena *a, const struct config *cfg,
    long long campaign_id, struct counts *out)
{
	struct count_snapshot s;
	const char *owner, *started;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_counts_snapshot(db, a, campaign_id, COUNTS_TAKEOVER_S,
	    &s)) != 1)
		return rc;
	if (s.size <= cfg->counts_live_max)
		return live(db, a, campaign_id, out);
	/* Tell the refresher a page watches (at most every 10 s). */
	if ((s.computed_at == NULL ? db_counts_want(db, a, campaign_id) :
	    s.want_stale ? db_counts_wanted(db, a, campaign_id) : 0) == -1)
		return -1;
	if (s.too_old) {
		owner = owner_name(a);
		if ((rc = db_counts_claim_one(db, a, owner, LEASE_S,
		    campaign_id, COUNTS_TAKEOVER_S, &started)) == -1)
			return -1;
		/* This request counts it, for everyone; if it cannot (the
		 * lease is someone else's, or counting failed), the last
		 * snapshot is answered, or a live count when there is none. */
		if (rc == 1 && db_counts_store(db, a, campaign_id, owner,
		    started) == 0) {
			if (db_counts_snapshot(db, a, campaign_id,
			    COUNTS_TAKEOVER_S, &s) != 1)
				return -1;
		} else if (s.computed_at == NULL)
			return live(db, a, campaign_id, out);
	}
	out->at = s.at;
	fold(a, s.groups, s.ngroups, out);
	return 1;
}

int
counts_refresh_due(struct db *db, struct arena *a, const struct config *cfg)
{
	const char *owner = owner_name(a), *started;
	long long campaign_id;
	int rc;

	if ((rc = db_counts_claim_due(db, a, owner, LEASE_S, WANTED_S,
	    cfg->counts_refresh_s, &campaign_id, &started)) != 1)
		return 0;
	if (db_counts_store(db, a, campaign_id, owner, started) == -1) {
		log_error(NULL, "campaign %lld: could not count its "
		    "conversations", campaign_id);
		return 0;
	}
	return 1;
}
