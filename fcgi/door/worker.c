/*
 * worker: the FastCGI request loop; see worker.h.
 *
 * SIGTERM is blocked while a request is handled, so an in-flight request
 * always finishes; it is delivered at the next accept, which then returns
 * -1 (FCGI_FAIL_ACCEPT_ON_INTR) and the worker leaves with exit().
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "app.h"
#include "arena.h"
#include "log.h"
#include "proc.h"
#include "route.h"
#include "sess_cache.h"
#include "worker.h"

static const struct {
	int		 code;
	const char	*reason;
} statuses[] = {
	{ 200, "OK" }, { 201, "Created" }, { 204, "No Content" },
	{ 400, "Bad Request" }, { 401, "Unauthorized" },
	{ 403, "Forbidden" }, { 404, "Not Found" },
	{ 405, "Method Not Allowed" }, { 409, "Conflict" },
	{ 413, "Content Too Large" }, { 415, "Unsupported Media Type" },
	{ 422, "Unprocessable Content" }, { 429, "Too Many Requests" },
	{ 500, "Internal Server Error" }, { 503, "Service Unavailable" },
};

static const char *
reason(int code)
{
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (statuses[i].code == code)
			return statuses[i].reason;
	return "Unknown";
}

static void
on_stop(int sig)
{
	(void)sig;
	proc_stopping = 1;
	FCGX_ShutdownPending();
}

static const char *
param(FCGX_Request *fr, const char *name)
{
	return FCGX_GetParam(name, fr->envp);
}

static int
read_body(struct req *r, size_t len, void *io)
{
	FCGX_Request *fr = io;
	char *p = arena_alloc(r->a, len + 1);
	size_t got = 0;
	int n;

	while (got < len && (n = FCGX_GetStr(p + got,
	    (int)(len - got > 65536 ? 65536 : len - got), fr->in)) > 0)
		got += (size_t)n;
	p[got] = '\0';
	r->body = p;
	r->body_len = got;
	return got == len ? 0 : -1;
}

/* A streamed body's next piece (see req.h). */
static long
read_some(void *io, char *buf, size_t len)
{
	FCGX_Request *fr = io;
	int n;

	n = FCGX_GetStr(buf, (int)(len > 1048576 ? 1048576 : len), fr->in);
	return n < 0 ? -1 : n;
}

/* A streamed answer's next piece (see req.h). */
static int
write_some(void *io, const char *buf, size_t len)
{
	FCGX_Request *fr = io;

	while (len > 0) {
		int n = len > 1048576 ? 1048576 : (int)len;

		if (FCGX_PutStr(buf, n, fr->out) != n)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads what nginx still sends, so it never writes into a closed socket. */
static void
drain(FCGX_Request *fr)
{
	char scratch[16384];

	while (FCGX_GetStr(scratch, sizeof(scratch), fr->in) > 0)
		;
}

/* Fills r from the FastCGI parameters; returns the Content-Length. */
static long long
req_from_fcgi(struct req *r, FCGX_Request *fr)
{
	const char *uri, *q, *https, *cl, *rid;
	unsigned char raw[8];
	char *hex;

	r->method = param(fr, "REQUEST_METHOD");
	if (r->method == NULL)
		r->method = "GET";
	uri = param(fr, "DOCUMENT_URI");
	if (uri == NULL && (uri = param(fr, "REQUEST_URI")) == NULL)
		uri = "/";
	q = strchr(uri, '?');
	r->path = q ? arena_strndup(r->a, uri, (size_t)(q - uri)) : uri;
	r->query = param(fr, "QUERY_STRING");
	r->addr = param(fr, "REMOTE_ADDR");
	if (r->addr == NULL)
		r->addr = "unknown";
	r->user_agent = param(fr, "HTTP_USER_AGENT");
	r->cookies = param(fr, "HTTP_COOKIE");
	r->csrf_header = param(fr, "HTTP_X_CSRF_TOKEN");
	r->hook_signature = param(fr, "HTTP_TELNYX_SIGNATURE_ED25519");
	r->hook_timestamp = param(fr, "HTTP_TELNYX_TIMESTAMP");
	r->content_type = param(fr, "CONTENT_TYPE");
	https = param(fr, "HTTPS");
	r->https = https != NULL && strcmp(https, "on") == 0;
	rid = param(fr, "REQUEST_ID");
	if (rid == NULL || *rid == '\0' || strlen(rid) > 64) {
		randombytes_buf(raw, sizeof(raw));
		hex = arena_alloc(r->a, sizeof(raw) * 2 + 1);
		sodium_bin2hex(hex, sizeof(raw) * 2 + 1, raw, sizeof(raw));
		rid = hex;
	}
	r->rid = rid;
	cl = param(fr, "CONTENT_LENGTH");
	return cl != NULL && *cl != '\0' ? strtoll(cl, NULL, 10) : 0;
}

/* The one error body: {"error":{"code","message","field"}}. */
static void
error_body(struct req *r, struct buf *b)
{
	buf_adds(b, "{\"error\":{\"code\":");
	buf_add_json_str(b, r->err_code);
	buf_adds(b, ",\"message\":");
	buf_add_json_str(b, r->err_msg ? r->err_msg : "");
	if (r->err_field != NULL) {
		buf_adds(b, ",\"field\":");
		buf_add_json_str(b, r->err_field);
	}
	buf_adds(b, "}}");
}

static void
respond(struct req *r, FCGX_Request *fr, int status)
{
	const char *type = "application/json; charset=utf-8";
	struct buf body, head;
	char *printed = NULL;

	if (r->streamed)	/* the handler wrote it all */
		return;
	buf_init(&body, 16 << 20);
	if (status >= 400 && r->err_code == NULL)
		req_error(r, status, "internal", "Something went wrong.", NULL);
	if (status >= 400)
		error_body(r, &body);
	else if (r->out != NULL && (printed = cJSON_PrintUnformatted(r->out)))
		buf_adds(&body, printed);
	else if (r->raw != NULL) {
		buf_adds(&body, r->raw);
		type = r->raw_type;
	}
	/* libfcgi's own printf knows few conversions: format here. */
	buf_init(&head, 65536);
	buf_addf(&head, "Status: %d %s\r\nX-Request-Id: %s\r\n"
	    "Cache-Control: no-store\r\n%s", status, reason(status), r->rid,
	    buf_str(&r->headers));
	if (status != 204)
		buf_addf(&head, "Content-Type: %s\r\nContent-Length: %zu\r\n",
		    type, body.len);
	buf_adds(&head, "\r\n");
	if (head.failed || body.failed) {
		log_error(r->rid, "answer too large to send");
		buf_reset(&head);
		buf_addf(&head, "Status: 500 Internal Server Error\r\n"
		    "X-Request-Id: %s\r\nContent-Type: application/json\r\n"
		    "\r\n{\"error\":{\"code\":\"internal\",\"message\":"
		    "\"The answer was too large.\"}}", r->rid);
		buf_reset(&body);
	}
	FCGX_PutStr(buf_str(&head), (int)head.len, fr->out);
	/* HEAD: GET's status and headers (its Content-Length too), no body. */
	if (status != 204 && body.len > 0 && strcmp(r->method, "HEAD") != 0)
		FCGX_PutStr(buf_str(&body), (int)body.len, fr->out);
	buf_free(&head);
	free(printed);
	buf_free(&body);
}

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void
handle(const struct app *app, struct db *db, struct arena *a,
    struct sess_cache *sessions, FCGX_Request *fr)
{
	struct timespec t0;
	struct req r;
	long long clen;
	int status;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&r, 0, sizeof(r));
	r.app = app;
	r.db = db;
	r.a = a;
	r.sessions = sessions;
	buf_init(&r.headers, 16384);
	clen = req_from_fcgi(&r, fr);
	r.read_some = read_some;
	r.write_some = write_some;
	r.io = fr;
	status = route_dispatch(&r, clen, read_body, fr);
	drain(fr);
	respond(&r, fr, status);
	log_msg(status >= 500 ? LOG_ERROR : LOG_INFO, r.rid,
	    "%s %s %d %.1fms%s%s", r.method, r.path, status, ms_since(&t0),
	    r.err_code ? " " : "", r.err_code ? r.err_code : "");
	cJSON_Delete(r.json);
	cJSON_Delete(r.out);
	buf_free(&r.headers);
}

int
worker_run(const struct app *app)
{
	FCGX_Request fr;
	struct arena a;
	struct db db;
	sigset_t stop, none;
	int rc;

	proc_signals(on_stop);
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigemptyset(&none);
	if (FCGX_InitRequest(&fr, app->listen_fd,
	    FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		return 1;
	db_init(&db, &app->cfg);
	/* A request never waits on a stalled database longer than this. */
	(void)db_statement_limit(&db, app->cfg.db_request_statement_timeout_ms);
	(void)db_connect(&db, false);	/* or lazily, once MariaDB answers */
	arena_init(&a, 65536);
	while (!proc_stopping) {
		sigprocmask(SIG_SETMASK, &none, NULL);
		rc = FCGX_Accept_r(&fr);
		sigprocmask(SIG_BLOCK, &stop, NULL);
		if (rc < 0)
			break;
		handle(app, &db, &a, app->sessions, &fr);
		FCGX_Finish_r(&fr);
		arena_reset(&a);
	}
	FCGX_Free(&fr, 1);
	arena_free(&a);
	db_close(&db);
	log_info(NULL, "worker stopped");
	return 0;
}
