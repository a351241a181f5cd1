/*
 * db_exports: typed queries of export jobs (sql/025, db_sql_exports.h):
 * the admins' requests and downloads, the exporter's claim by lease and
 * its fenced writes (held false: the lease is no longer this owner's, and
 * nothing was written); the purge is db_upkeep's. Lookups 1 / 0 / -1,
 * actions 0 / -1.
 */
#ifndef LL_DB_EXPORTS_H
#define LL_DB_EXPORTS_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

/* A row of EXPORT_TABLE. */
struct export_job {
	long long	 id, campaign_id, rows_done, rows_total, bytes, chunks;
	bool		 expired;
	const char	*kind, *status, *error;
	const char	*created_at, *finished_at, *expires_at;
};

/* EXPORT_TABLE as struct columns (columns.h), for the Export object. */
extern const struct column	export_columns[];
extern const size_t		export_ncolumns;

/* What a claim hands the exporter. */
struct export_claim {
	long long	 id, org_id, campaign_id;	/* campaign 0: none */
	const char	*kind;
};

/* campaign_id 0: none (opt-outs). */
int	db_export_insert(struct db *, struct arena *, long long org_id,
	    const char *kind, long long campaign_id, long long user_id,
	    long long *id);
int	db_export_get(struct db *, struct arena *, long long org_id,
	    long long id, struct export_job *);
/* Newest first, none expired; campaign_id 0: every campaign's; kind
 * "": every kind. */
int	db_exports_list(struct db *, struct arena *, long long org_id,
	    long long campaign_id, const char *kind, long long limit,
	    struct export_job **, size_t *);
/* Chunk seq of a file (the arena holds it, NUL-ended): 1 / 0 / -1. */
int	db_export_chunk(struct db *, struct arena *, long long export_id,
	    long long seq, const char **data, size_t *len);

/* Fails running exports claimed max_attempts times whose lease ran out,
 * then claims one for owner for lease_s; clears what an earlier attempt
 * wrote. 1 claimed, 0 none due, -1. */
int	db_export_claim(struct db *, struct arena *, const char *owner,
	    long long lease_s, long long max_attempts, struct export_claim *);
/* Rows an export of a campaign's messages / the opt-outs will have. */
int	db_export_count_messages(struct db *, struct arena *,
	    long long campaign_id, long long *n);
int	db_export_count_opt_outs(struct db *, struct arena *,
	    long long org_id, long long *n);
int	db_export_chunk_add(struct db *, struct arena *, long long id,
	    const char *owner, long long seq, const char *data, bool *held);
/* Progress; renews the lease for lease_s. */
int	db_export_progress(struct db *, struct arena *, long long id,
	    const char *owner, long long rows_done, long long rows_total,
	    long long lease_s, bool *held);
int	db_export_done(struct db *, struct arena *, long long id,
	    const char *owner, long long rows, long long chunks,
	    long long bytes, bool *held);
int	db_export_failed(struct db *, struct arena *, long long id,
	    const char *owner, const char *why);
/* Gives the export back, to be claimed again at once. */
int	db_export_release(struct db *, struct arena *, long long id,
	    const char *owner);

#endif
