/*
 * route: the API's table (method, path pattern, handler, who may call it,
 * the body fields it takes) and the front door every request passes:
 * match (404/405), session, CSRF (403), body limit (413), JSON (400: not
 * exactly one JSON value, or a NUL byte),
 * authentication (401), organization membership (404) and role (403),
 * fields (422), then exactly one handler.
 */
#ifndef LL_ROUTE_H
#define LL_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "body.h"
#include "req.h"

enum access {
	ACCESS_PUBLIC,		/* anyone; a session is used when present */
	ACCESS_USER,		/* a signed-in user */
	ACCESS_ORG,		/* a member of /orgs/:id with min_role */
	ACCESS_HOOK,		/* a provider webhook: no session, no CSRF;
				   the handler checks the signature */
};

struct route {
	const char	*method, *pattern;
	int		(*fn)(struct req *);
	enum access	 access;
	enum role	 min_role;
	/*
	 * The body it takes: a table of fields (body.h), each checked by
	 * the front door before the handler runs; a key the table does not
	 * name is refused (422). NULL: no body; nothing, or an empty
	 * object {}, and anything else is refused the same way.
	 * route_streamed: a CSV upload the handler reads itself.
	 */
	const struct field *body;
};

/*
 * The fields of a route that streams its body (a CSV upload): the front
 * door checks its size against max_upload_bytes instead of reading it,
 * and the handler reads it through req's read_some.
 */
extern const struct field route_streamed[];

/*
 * Finds the route for method and path, filling ids from ":id" segments;
 * HEAD finds the GET route (the worker sends no body). NULL when none:
 * *status is 404, or 405 with allow ("GET, HEAD, POST") set.
 */
const struct route *route_match(const char *method, const char *path,
	    long long ids[3], size_t *nids, char *allow, size_t allowlen,
	    int *status);

/*
 * Checks r->json against a body table (NULL: no body): 0, or the error
 * status after req_error (400 for a body that is not a JSON object, 422
 * naming the field).
 */
int	route_check_fields(struct req *, const struct field *);

/*
 * The front door: everything between the parsed request and the
 * handler. read_body fills r->body (the length has been checked).
 * Returns the HTTP status.
 */
int	route_dispatch(struct req *, long long content_length,
	    int (*read_body)(struct req *, size_t len, void *io), void *io);

#endif
