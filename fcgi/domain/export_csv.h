/*
 * export_csv: the CSV files of the admins' exports (issue 18), written a
 * page of rows at a time into a sink: a campaign's conversations (the
 * contact file's columns, a column per survey question, status, texter,
 * tags, opted out, first and last message times), its messages, and the
 * organization's opt-outs. Memory stays flat whatever the size: one page
 * of rows (a page arena, reset between pages) and one piece of output,
 * handed to the sink once it passes the sink's piece size. The exporter
 * role (roles/exporter.c) stores the pieces as the file's chunks.
 */
#ifndef LL_EXPORT_CSV_H
#define LL_EXPORT_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "body.h"

struct arena;
struct db;

enum export_kind { EXPORT_CONVERSATIONS, EXPORT_MESSAGES, EXPORT_OPT_OUTS };

/* "conversations", "messages", "opt_outs": 0, or -1 for anything else. */
int	export_kind_parse(const char *, enum export_kind *);
/* The request body's kind (door/route.c's field table). */
field_check_fn	export_kind_check;

struct export_sink {
	/* Keeps the next len bytes of the file (buf NUL-ended): 0 / -1,
	 * which stops the export. */
	int	(*write)(void *ctx, const char *buf, size_t len);
	/* rows written so far, after each page: 0 / -1 (stops). */
	int	(*progress)(void *ctx, long long rows);
	void	*ctx;
	/* write gets pieces of this many bytes or a record more (the last
	 * piece may be smaller). */
	size_t	 piece;
};

/*
 * Writes the file of kind for org_id (campaign_id for the campaign's
 * kinds) into sink; *rows counts its rows. a: scratch for the campaign
 * and its questions, alive until the return. 1 written whole, 0 the
 * campaign is not the organization's, -1 the database or the sink failed
 * (part of the file may have been written).
 */
int	export_csv_write(struct db *, struct arena *a, enum export_kind,
	    long long org_id, long long campaign_id,
	    const struct export_sink *, long long *rows);

#endif
