/*
 * csv: a streaming CSV reader (RFC 4180, and what spreadsheets export):
 * bytes go in as they arrive, whole records come out through a callback,
 * so a file of any size needs only one record's memory. Commas separate
 * fields; a field may be "quoted", with "" for a quote and line breaks
 * inside; records end with LF, CRLF or CR; a UTF-8 byte order mark at the
 * start is skipped; blank lines are skipped. A record longer than its
 * limit, with too many fields, with a NUL byte, or whose quote never
 * closes comes out with an error instead of its fields, and reading goes
 * on with the next record. Each record carries the line it starts on.
 */
#ifndef LL_CSV_H
#define LL_CSV_H

#include <stdbool.h>
#include <stddef.h>

#define CSV_MAX_FIELDS	256

/*
 * One record: its fields (NUL-terminated, in the reader's memory, valid
 * during the call), or error (a constant string) with n = 0. A non-zero
 * return stops the reading and is returned by csv_feed / csv_finish.
 */
typedef int (*csv_record_fn)(void *ctx, long line, char **fields, size_t n,
    const char *error);

struct csv {
	char		*buf;
	size_t		 len, cap, limit;
	size_t		 off[CSV_MAX_FIELDS];
	char		*fields[CSV_MAX_FIELDS];
	size_t		 nfields;
	int		 state;
	long		 line, record_line;
	const char	*error;
	size_t		 bom;		/* bytes of a BOM matched so far */
	bool		 started;	/* the record has a byte */
};

/* A reader whose records are at most limit bytes; 0 / -1 (no memory). */
int	csv_init(struct csv *, size_t limit);
int	csv_feed(struct csv *, const char *data, size_t len, csv_record_fn,
	    void *ctx);
/* The end of the input: delivers the last record. */
int	csv_finish(struct csv *, csv_record_fn, void *ctx);
void	csv_free(struct csv *);

#endif
