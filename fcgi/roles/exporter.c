/*
 * exporter: the background role that writes the admins' CSV exports
 * (sql/025) into the database, where a download reaching any app host
 * finds them.
 *
 * An export is claimed by lease (a fresh owner token each time); the
 * claim clears whatever an earlier attempt wrote, so a crash mid-export
 * leaves the export to be written again from the start once the lease
 * runs out, never two files. export_csv writes the file a page of rows
 * at a time; each piece of about EXPORT_CHUNK bytes becomes a chunk row,
 * and after each page rows_done is updated (at most every PROGRESS_MS),
 * renewing the lease. Every write names the owner: an exporter that lost
 * its lease (it stalled past it, another took over) stops at its next
 * write. Memory stays flat: a page of rows and one chunk.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "app.h"
#include "arena.h"
#include "db_campaigns.h"
#include "db_exports.h"
#include "export_csv.h"
#include "log.h"
#include "role.h"
#include "roles.h"

#define EXPORT_CHUNK		(1 << 20)	/* bytes a chunk, about */
#define EXPORT_ATTEMPTS_MAX	3		/* claims before it fails */
#define PROGRESS_MS		500
#define IDLE_MS			500

struct exporter {
	const struct app	*app;
	struct db		 db;
	struct arena		 a;	/* a claim's, reset after each */
	struct arena		 write;	/* one write's statements */
	/* The export in hand. */
	char			 owner[64];
	long long		 id, total, chunks, bytes;
	struct timespec		 told;	/* last progress written */
	bool			 lost;	/* the lease is another's */
};

static long long
ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 +
	    (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* export_sink's write: one chunk row. */
static int
chunk_write(void *ctx, const char *buf, size_t len)
{
	struct exporter *e = ctx;
	bool held;

	arena_reset(&e->write);
	if (db_export_chunk_add(&e->db, &e->write, e->id, e->owner,
	    e->chunks, buf, &held) == -1)
		return -1;
	if (!held) {
		e->lost = true;
		return -1;
	}
	e->chunks++;
	e->bytes += (long long)len;
	return 0;
}

/* export_sink's progress: rows_done, now and then; renews the lease. */
static int
progress(void *ctx, long long rows)
{
	struct exporter *e = ctx;
	bool held;

	if (ms_since(&e->told) < PROGRESS_MS)
		return 0;
	arena_reset(&e->write);
	if (db_export_progress(&e->db, &e->write, e->id, e->owner, rows,
	    rows > e->total ? rows : e->total, e->app->cfg.export_lease_s,
	    &held) == -1)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &e->told);
	if (!held) {
		e->lost = true;
		return -1;
	}
	return 0;
}

/* The rows the file will have, about: told at the start. */
static int
estimate(struct exporter *e, const struct export_claim *c,
    enum export_kind kind)
{
	struct campaign camp;
	int rc;

	e->total = 0;
	switch (kind) {
	case EXPORT_CONVERSATIONS:
		if ((rc = db_campaign_get(&e->db, &e->a, c->org_id,
		    c->campaign_id, &camp)) == -1)
			return -1;
		e->total = rc == 1 ? camp.contact_count : 0;
		return 0;
	case EXPORT_MESSAGES:
		return db_export_count_messages(&e->db, &e->a,
		    c->campaign_id, &e->total);
	case EXPORT_OPT_OUTS:
		return db_export_count_opt_outs(&e->db, &e->a, c->org_id,
		    &e->total);
	}
	return 0;
}

/* Writes one claimed export; its outcome is recorded. */
static void
export_one(struct exporter *e, const struct export_claim *c)
{
	const struct export_sink sink = { chunk_write, progress, e,
	    EXPORT_CHUNK };
	enum export_kind kind;
	long long rows = 0;
	bool held = false;
	int rc;

	e->id = c->id;
	e->chunks = e->bytes = 0;
	e->lost = false;
	if (export_kind_parse(c->kind, &kind) == -1) {
		(void)db_export_failed(&e->db, &e->a, e->id, e->owner,
		    "Unknown kind of export.");
		return;
	}
	if (estimate(e, c, kind) == -1)
		goto out_release;
	memset(&e->told, 0, sizeof(e->told));
	if (progress(e, 0) == -1)
		goto out_release;
	rc = export_csv_write(&e->db, &e->a, kind, c->org_id, c->campaign_id,
	    &sink, &rows);
	if (rc == 0) {
		log_warn(NULL, "export %lld: its campaign is gone", e->id);
		(void)db_export_failed(&e->db, &e->a, e->id, e->owner,
		    "The campaign no longer exists.");
		return;
	}
	if (rc == -1)
		goto out_release;
	arena_reset(&e->write);
	if (db_export_done(&e->db, &e->write, e->id, e->owner, rows,
	    e->chunks, e->bytes, &held) == -1)
		goto out_release;
	if (!held) {
		e->lost = true;
		goto out_release;
	}
	log_info(NULL, "export %lld (%s): %lld rows, %lld bytes in %lld "
	    "chunks", e->id, c->kind, rows, e->bytes, e->chunks);
	return;
out_release:
	if (e->lost) {
		log_warn(NULL, "export %lld: lease lost after %lld rows; "
		    "another exporter writes it", e->id, rows);
		return;
	}
	/* The database failed: given back, to be written again soon
	 * (EXPORT_ATTEMPTS_MAX claims at most). */
	log_error(NULL, "export %lld: could not be written; released",
	    e->id);
	(void)db_export_release(&e->db, &e->a, e->id, e->owner);
}

static int
exporter_start(void *self, const struct app *app)
{
	struct exporter *e = self;

	e->app = app;
	db_init(&e->db, &app->cfg);
	arena_init(&e->a, 64 * 1024);
	arena_init(&e->write, 64 * 1024);
	return 0;
}

/* One export, when one is due; a rest when none is, longer after a
 * failure. */
static long
exporter_round(void *self)
{
	struct exporter *e = self;
	struct export_claim c;
	int rc;

	snprintf(e->owner, sizeof(e->owner), "exporter-%ld-%08x",
	    (long)getpid(), randombytes_random());
	rc = db_export_claim(&e->db, &e->a, e->owner,
	    e->app->cfg.export_lease_s, EXPORT_ATTEMPTS_MAX, &c);
	if (rc == 1)
		export_one(e, &c);
	arena_reset(&e->a);
	arena_reset(&e->write);
	return rc == 1 ? 0 : rc == 0 ? IDLE_MS : 2000;
}

static void
exporter_end(void *self)
{
	struct exporter *e = self;

	db_close(&e->db);
	arena_free(&e->a);
	arena_free(&e->write);
}

int
role_exporter_run(const struct app *app)
{
	static const struct role_ops ops = { "exporter", exporter_start,
	    exporter_round, exporter_end };
	struct exporter e;

	memset(&e, 0, sizeof(e));
	return role_run(app, &ops, &e);
}
