/*
 * req: helpers for handlers to read input and shape answers; see req.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "req.h"
#include "txn.h"

int
req_error(struct req *r, int status, const char *code, const char *msg,
    const char *field)
{
	r->err_code = code;
	r->err_msg = msg;
	r->err_field = field;
	return status;
}

int
req_json(struct req *r, int status, cJSON *body)
{
	if (body == NULL)
		return req_error(r, 500, "internal", "Out of memory.", NULL);
	r->out = body;
	return status;
}

void
req_header(struct req *r, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	buf_adds(&r->headers, line);
	buf_adds(&r->headers, "\r\n");
}

void
req_cookie_set(struct req *r, const char *name, const char *value,
    const char *attrs, long long max_age)
{
	req_header(r, "Set-Cookie: %s=%s; Path=/; Max-Age=%lld; %s%s", name,
	    value, max_age, attrs, r->https ? "; Secure" : "");
}

/* Finds name=value in a "a=1; b=2" list; the value lives in the arena. */
static const char *
find_pair(struct arena *a, const char *list, const char *name, char sep)
{
	size_t n = strlen(name);
	const char *p, *end;

	for (p = list; p != NULL && *p != '\0'; p = end) {
		while (*p == ' ' || *p == sep)
			p++;
		end = strchr(p, sep);
		if (strncmp(p, name, n) == 0 && p[n] == '=')
			return end ? arena_strndup(a, p + n + 1,
			    (size_t)(end - p - (ptrdiff_t)n - 1)) :
			    arena_strdup(a, p + n + 1);
	}
	return NULL;
}

const char *
req_cookie(const struct req *r, const char *name)
{
	return find_pair(r->a, r->cookies, name, ';');
}

const char *
req_query(const struct req *r, const char *name)
{
	return find_pair(r->a, r->query, name, '&');
}

const char *
req_str(const struct req *r, const char *field)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, field);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

long long
req_id(const struct req *r, const char *field)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, field);
	long long n;

	return json_whole(v, -JSON_WHOLE_MAX, JSON_WHOLE_MAX, &n) ? n : 0;
}

bool
req_bool(const struct req *r, const char *field, bool dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, field);

	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

int
req_page(struct req *r, long long *limit, long long *cursor)
{
	const char *l = req_query(r, "limit"), *c = req_query(r, "cursor");

	*limit = 50;
	*cursor = 0;
	if (l != NULL && parse_range(l, 1, 200, limit) == -1) {
		req_error(r, 422, "validation_failed",
		    "limit must be a whole number from 1 to 200.", "limit");
		return -1;
	}
	if (c != NULL && parse_range(c, 1, 999999999999999999LL,
	    cursor) == -1) {
		req_error(r, 422, "validation_failed",
		    "cursor is not one this API gave out.", "cursor");
		return -1;
	}
	return 0;
}

int
req_query_one_of(struct req *r, const char *name, const char *const *allowed,
    const char **value)
{
	const char *v = req_query(r, name);
	char *msg;
	size_t i;

	*value = NULL;
	if (v == NULL || *v == '\0')
		return 0;
	for (i = 0; allowed[i] != NULL; i++)
		if (strcmp(v, allowed[i]) == 0) {
			*value = allowed[i];
			return 0;
		}
	/* "status must be a, b or c." */
	msg = arena_printf(r->a, "%s must be", name);
	for (i = 0; allowed[i] != NULL; i++)
		msg = arena_printf(r->a, "%s%s %s", msg, i == 0 ? "" :
		    allowed[i + 1] == NULL ? " or" : ",", allowed[i]);
	req_error(r, 422, "validation_failed", arena_printf(r->a, "%s.", msg),
	    name);
	return -1;
}

int
db_down(struct req *r)
{
	return req_error(r, 503, "unavailable",
	    "The database is not answering; try again shortly.", NULL);
}

int
txn_req(struct req *r, int (*body)(struct req *), const char *what)
{
	int attempt, status;

	for (attempt = 1;; attempt++) {
		status = body(r);
		if (status != 503 || !txn_again(r->db, attempt, r->rid, what))
			return status;
		r->err_code = r->err_msg = r->err_field = NULL;
		cJSON_Delete(r->out);
		r->out = NULL;
	}
}

int
req_stream_begin(struct req *r, const char *type, const char *filename)
{
	struct buf head;
	int rc;

	buf_init(&head, 65536);
	buf_addf(&head, "Status: 200 OK\r\nX-Request-Id: %s\r\n"
	    "Cache-Control: no-store\r\n%sContent-Type: %s\r\n"
	    "Content-Disposition: attachment; filename=\"%s\"\r\n"
	    "X-Accel-Buffering: no\r\n\r\n", r->rid, buf_str(&r->headers),
	    type, filename);
	rc = head.failed || r->write_some == NULL ? -1 :
	    r->write_some(r->io, buf_str(&head), head.len);
	buf_free(&head);
	r->streamed = rc == 0;
	return rc;
}

int
req_stream_write(struct req *r, const char *buf, size_t len)
{
	if (!r->streamed)
		return -1;
	if (strcmp(r->method, "HEAD") == 0 || len == 0)
		return 0;
	return r->write_some(r->io, buf, len);
}
