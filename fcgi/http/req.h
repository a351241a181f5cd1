/*
 * req: one HTTP request as handlers see it, and the helpers they answer
 * through. The front door (route.c) fills it: method, path ids, the
 * checked JSON body, the session and, for organization routes, the
 * caller's role. A handler returns the HTTP status; for an error it
 * returns req_error(), and the front door writes the one error body.
 */
#ifndef LL_REQ_H
#define LL_REQ_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "buf.h"
#include "json.h"
#include "db_accounts.h"
#include "valid.h"

struct app;
struct sess_cache;

struct req {
	const struct app *app;
	struct db	*db;
	struct arena	*a;

	const char	*method, *path, *query, *rid, *addr;
	const char	*user_agent;	/* NULL when none came */
	const char	*cookies, *csrf_header;
	const char	*hook_signature, *hook_timestamp;	/* webhooks */
	bool		 https;
	const char	*body;
	size_t		 body_len;
	cJSON		*json;		/* the parsed body, when any */
	/* Routes that stream their body (route.h: route_streamed) read it
	 * themselves: content_length bytes through read_some(io, ...), which
	 * answers the count read, 0 at the end, -1 on error. */
	const char	*content_type;
	long long	 content_length;
	long		(*read_some)(void *io, char *buf, size_t len);
	void		*io;
	long long	 ids[3];	/* :ids of the path, in order */
	size_t		 nids;

	bool		 authed;	/* a live session cookie came in */
	struct session	 sess;
	const char	*sess_hash;
	struct sess_cache *sessions;	/* the worker's; NULL = off */
	long long	 org_id;	/* organization routes: ids[0] */
	enum role	 role;		/* the caller's role in org_id */

	/* The answer. */
	struct buf	 headers;	/* extra "Name: value\r\n" lines */
	cJSON		*out;		/* JSON body, or */
	const char	*raw, *raw_type;	/* a prepared body */
	const char	*err_code, *err_msg, *err_field;
	/* A streamed answer (req_stream_begin): the handler wrote the head
	 * and writes the body as it goes, through write_some(io, ...). */
	int		(*write_some)(void *io, const char *buf, size_t len);
	bool		 streamed;
};

int	 req_error(struct req *, int status, const char *code,
	    const char *msg, const char *field);
int	 req_json(struct req *, int status, cJSON *body);
void	 req_header(struct req *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 req_cookie_set(struct req *, const char *name, const char *value,
	    const char *attrs, long long max_age);
const char *req_cookie(const struct req *, const char *name);
const char *req_query(const struct req *, const char *name);
const char *req_str(const struct req *, const char *field);
/* A checked F_ID or F_INT field; 0 when absent (or null). */
long long req_id(const struct req *, const char *field);
/* A checked F_BOOL field; dflt when absent (or null). */
bool	 req_bool(const struct req *, const char *field, bool dflt);
/* Reads the limit/cursor pair of a list; -1 after req_error (422). */
int	 req_page(struct req *, long long *limit, long long *cursor);
/*
 * Reads an optional filter of a list that must be one of `allowed` (NULL
 * ended): *value NULL when absent or empty. -1 after req_error (422
 * naming the parameter and the values it takes).
 */
int	 req_query_one_of(struct req *, const char *name,
	    const char *const *allowed, const char **value);

/*
 * Starts a streamed answer: writes status 200 and its headers (type,
 * and a download named filename) at once, with no Content-Length; the
 * handler then writes the body with req_stream_write and returns 200.
 * For streams too large to hold (CSV exports): nothing is kept.
 */
int	 req_stream_begin(struct req *, const char *type,
	    const char *filename);
/* Writes len bytes of a streamed body (none for HEAD): 0 / -1. */
int	 req_stream_write(struct req *, const char *buf, size_t len);

/* The answer when MariaDB does not: 503 unavailable. */
int	 db_down(struct req *);
/*
 * Runs a handler whose work is one transaction (begun and ended inside
 * body) and answers its status; a 503 that came from a deadlock runs body
 * again, whole, from a clean answer (txn.h).
 */
int	 txn_req(struct req *, int (*body)(struct req *), const char *what);

#endif
