/*
 * import: a campaign's contact file, streamed from the request body into
 * conversations. The body is read in 64 kB pieces and parsed as it
 * arrives (csv.c), each row checked and normalized (phone.c), duplicates
 * and opted-out numbers found in memory (phoneset.c, about 16 bytes a
 * number), and rows written 2,000 at a time as one multi-row INSERT. The
 * caller holds a transaction with the campaign's row locked, so a failed
 * import writes nothing.
 *
 * The same reader serves a removal list: a CSV whose phone column names
 * contacts to take out of a campaign's audience.
 */
#ifndef LL_IMPORT_H
#define LL_IMPORT_H

#include <stdbool.h>

struct arena;
struct db;

#define IMPORT_MAX_PROBLEMS	100

/* Reads up to len bytes of the body: the count, 0 at its end, -1 on error. */
typedef long (*import_read_fn)(void *io, char *buf, size_t len);

struct import_problem {
	long		 line;
	const char	*reason;
};

struct import_result {
	long long	 imported, duplicates, invalid, opted_out;
	long long	 removed, not_found;		/* removal lists */
	struct import_problem problems[IMPORT_MAX_PROBLEMS];
	size_t		 nproblems;
	const char	*columns;	/* contact_columns after the import */
	/* A failure of the whole file: the HTTP status, code, field, why. */
	int		 status;
	const char	*code, *field, *message;
};

/*
 * Imports body_len bytes into campaign_id (org_id's; existing columns as
 * stored in contact_columns, may be NULL). 0 with res filled, or -1 with
 * res->status etc. saying why (nothing must then be committed).
 */
int	import_contacts(struct db *, struct arena *, long long org_id,
	    long long campaign_id, const char *contact_columns,
	    long long body_len, import_read_fn, void *io,
	    struct import_result *res);
/* Removes the listed phones' conversations still waiting, unassigned. */
int	import_removals(struct db *, struct arena *, long long campaign_id,
	    long long body_len, import_read_fn, void *io,
	    struct import_result *res);

#endif
