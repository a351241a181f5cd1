/*
 * buf: a growable byte buffer with a hard size limit and a sticky error
 * flag (SQLite's StrAccum, curl's dynbuf): append many times, check once.
 * Memory comes from malloc and is released by buf_free().
 */
#ifndef LL_BUF_H
#define LL_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char	*data;		/* always NUL-terminated when len > 0 */
	size_t	 len, cap, limit;
	bool	 failed;	/* set once an append failed or hit limit */
};

void	buf_init(struct buf *, size_t limit);
void	buf_add(struct buf *, const void *, size_t);
void	buf_adds(struct buf *, const char *);
void	buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_add_json_str(struct buf *, const char *);	/* quoted, escaped */
const char *buf_str(const struct buf *);	/* "" when empty */
void	buf_reset(struct buf *);
/* A whole file (at most limit bytes) as a malloc'd string; NULL on failure. */
char	*buf_read_file(const char *path, size_t limit);
void	buf_free(struct buf *);

#endif
