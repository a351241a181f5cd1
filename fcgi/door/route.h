/*
 * route: the API's table (method, path pattern, handler, who may call it,
 * the body fields it takes) and the front door every request passes:
 * match (404/405), session, CSRF (403), body limit (413), JSON (400),
 * authentication (401), organization membership (404) and role (403),
 * fields (422), then exactly one handler.
 */
#ifndef LL_ROUTE_H
#define LL_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "req.h"

enum access {
	ACCESS_PUBLIC,		/* anyone; a session is used when present */
	ACCESS_USER,		/* a signed-in user */
	ACCESS_ORG,		/* a member of /orgs/:id with min_role */
	ACCESS_HOOK,		/* a provider webhook: no session, no CSRF;
				   the handler checks the signature */
};

enum field_type {
	F_STR, F_EMAIL, F_ROLE, F_PASSWORD, F_TOKEN,
	F_ID,		/* a positive whole JSON number */
	F_AREA_CODE,	/* a US area code: [2-9]XX */
	F_BOOL,		/* true or false */
	F_INT,		/* a whole JSON number from min to max */
};

struct field {
	const char	*name;
	enum field_type	 type;
	bool		 required;
	long		 min, max;	/* length in characters (F_STR),
					   the range (F_INT) */
};

struct route {
	const char	*method, *pattern;
	int		(*fn)(struct req *);
	enum access	 access;
	enum role	 min_role;
	const struct field *fields;	/* NULL-terminated; NULL = no body */
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

/* Checks one body against a route's fields: 0, or the error status. */
int	route_check_fields(struct req *, const struct field *);

/*
 * The front door: everything between the parsed request and the
 * handler. read_body fills r->body (the length has been checked).
 * Returns the HTTP status.
 */
int	route_dispatch(struct req *, long long content_length,
	    int (*read_body)(struct req *, size_t len, void *io), void *io);

#endif
