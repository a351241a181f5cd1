/*
 * prov: the provider's HTTP client; see prov.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "buf.h"
#include "config.h"
#include "log.h"
#include "proc.h"
#include "prov.h"

#define PROV_BODY_LIMIT	(4 << 20)
#define PROV_BACKOFF_BASE_MS	250
#define PROV_BACKOFF_CAP_MS	8000
#define PROV_WAIT_CAP_S		60
#define PROV_QUEUE_FULL		"40318"	/* Telnyx: message queue full */
#define PROV_STOP_BLOCKED	"40300"	/* Telnyx: blocked due to STOP */

int
prov_init(struct prov *p, const struct config *cfg)
{
	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->curl = curl_easy_init();
	return p->curl != NULL ? 0 : -1;
}

void
prov_free(struct prov *p)
{
	size_t i;

	if (p->curl != NULL)
		curl_easy_cleanup(p->curl);
	p->curl = NULL;
	for (i = 0; i < p->neasy; i++)
		curl_easy_cleanup(p->easy[i]);
	free(p->easy);
	p->easy = NULL;
	p->neasy = 0;
	if (p->multi != NULL)
		curl_multi_cleanup(p->multi);
	p->multi = NULL;
}

void
prov_res_free(struct prov_res *res)
{
	cJSON_Delete(res->json);
	res->json = NULL;
}

long
prov_backoff_ms(int attempt, long base_ms, long cap_ms, uint32_t rnd)
{
	long ceiling = base_ms;
	int i;

	for (i = 1; i < attempt && ceiling < cap_ms; i++)
		ceiling *= 2;
	if (ceiling > cap_ms)
		ceiling = cap_ms;
	return (long)(rnd % (uint32_t)ceiling) + 1;
}

long
prov_wait_header(const char *v, long now)
{
	char *end;
	long n;

	if (v == NULL)
		return 0;
	while (*v == ' ')
		v++;
	n = strtol(v, &end, 10);
	if (end == v || n < 0)
		return 0;
	if (n > 1000000000L)		/* an epoch time, not seconds */
		n = n > now ? n - now : 0;
	return n > PROV_WAIT_CAP_S ? PROV_WAIT_CAP_S : n;
}

long
prov_rate_limit_wait(long status, const char *retry_after,
    const char *ratelimit_reset, long now)
{
	long wait;

	if (status != 429)
		return 0;
	wait = prov_wait_header(retry_after, now);
	return wait > 0 ? wait : prov_wait_header(ratelimit_reset, now);
}

bool
prov_error_code(const cJSON *body, const char *code)
{
	const cJSON *e, *c;
	char num[32];

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(body,
	    "errors")) {
		c = cJSON_GetObjectItemCaseSensitive(e, "code");
		if (cJSON_IsString(c) && strcmp(c->valuestring, code) == 0)
			return true;
		if (cJSON_IsNumber(c)) {
			snprintf(num, sizeof(num), "%.0f", c->valuedouble);
			if (strcmp(num, code) == 0)
				return true;
		}
	}
	return false;
}

bool
prov_transient(long status)
{
	return status == 0 || status == 408 || status == 429 || status >= 500;
}

void
prov_reason(const cJSON *body, long status, char *out, size_t outlen)
{
	const cJSON *errors = cJSON_GetObjectItemCaseSensitive(body, "errors");
	const cJSON *e, *code, *title, *detail;
	struct buf b;

	buf_init(&b, outlen > 0 ? outlen - 1 : 0);
	cJSON_ArrayForEach(e, errors) {
		code = cJSON_GetObjectItemCaseSensitive(e, "code");
		title = cJSON_GetObjectItemCaseSensitive(e, "title");
		detail = cJSON_GetObjectItemCaseSensitive(e, "detail");
		if (b.len > 0)
			buf_adds(&b, "; ");
		if (cJSON_IsString(title))
			buf_adds(&b, title->valuestring);
		if (cJSON_IsString(detail)) {
			buf_adds(&b, cJSON_IsString(title) ? ": " : "");
			buf_adds(&b, detail->valuestring);
		}
		if (cJSON_IsString(code))
			buf_addf(&b, " (code %s)", code->valuestring);
		else if (cJSON_IsNumber(code))
			buf_addf(&b, " (code %d)", code->valueint);
	}
	if (b.len == 0 || b.failed) {
		buf_reset(&b);
		buf_addf(&b, "the provider answered HTTP %ld", status);
	}
	snprintf(out, outlen, "%s", buf_str(&b));
	buf_free(&b);
}

void
prov_query_escape(const char *s, char *out, size_t outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (; *s != '\0' && o + 4 < outlen; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
		    c == '=' || c == '&') {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
}

struct headers_seen {
	char	retry_after[32], ratelimit_reset[32];
};

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	buf_add(arg, data, size * n);
	return ((struct buf *)arg)->failed ? 0 : size * n;
}

static void
copy_header_value(char *dst, size_t dstlen, const char *v, size_t len)
{
	while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == '\n'))
		len--;
	snprintf(dst, dstlen, "%.*s", (int)len, v);
}

static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	struct headers_seen *h = arg;
	size_t len = size * n;

	if (len > 12 && strncasecmp(data, "retry-after:", 12) == 0)
		copy_header_value(h->retry_after, sizeof(h->retry_after),
		    data + 12, len - 12);
	else if (len > 18 && strncasecmp(data, "x-ratelimit-reset:", 18) == 0)
		copy_header_value(h->ratelimit_reset,
		    sizeof(h->ratelimit_reset), data + 18, len - 18);
	return len;
}

/* One attempt; fills res->status/json/reason; returns the wait hint (s). */
static long
attempt(struct prov *p, const char *method, const char *url,
    const char *payload, struct prov_res *res)
{
	const struct config *c = p->cfg;
	struct curl_slist *hdrs = NULL;
	struct headers_seen seen;
	char auth[600];
	struct buf body;
	CURLcode cc;
	long wait;

	memset(&seen, 0, sizeof(seen));
	buf_init(&body, PROV_BODY_LIMIT);
	curl_easy_reset(p->curl);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
	    c->provider_api_key ? c->provider_api_key : "");
	hdrs = curl_slist_append(hdrs, auth);
	hdrs = curl_slist_append(hdrs, "Accept: application/json");
	if (payload != NULL)
		hdrs = curl_slist_append(hdrs,
		    "Content-Type: application/json");
	sodium_memzero(auth, sizeof(auth));
	curl_easy_setopt(p->curl, CURLOPT_URL, url);
	curl_easy_setopt(p->curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(p->curl, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(p->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(p->curl, CURLOPT_CONNECTTIMEOUT_MS,
	    c->provider_connect_timeout_ms);
	curl_easy_setopt(p->curl, CURLOPT_TIMEOUT_MS, c->provider_timeout_ms);
	curl_easy_setopt(p->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(p->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(p->curl, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(p->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(p->curl, CURLOPT_HEADERDATA, &seen);
	if (payload != NULL)
		curl_easy_setopt(p->curl, CURLOPT_POSTFIELDS, payload);

	res->status = 0;
	res->not_sent = false;
	prov_res_free(res);
	if ((cc = curl_easy_perform(p->curl)) != CURLE_OK) {
		snprintf(res->reason, sizeof(res->reason),
		    "could not reach the provider: %s",
		    curl_easy_strerror(cc));
		res->not_sent = cc == CURLE_COULDNT_CONNECT ||
		    cc == CURLE_COULDNT_RESOLVE_HOST;
	} else {
		curl_easy_getinfo(p->curl, CURLINFO_RESPONSE_CODE,
		    &res->status);
		if (body.len > 0)
			res->json = cJSON_ParseWithLength(body.data, body.len);
		if (res->status < 200 || res->status > 299)
			prov_reason(res->json, res->status, res->reason,
			    sizeof(res->reason));
		else
			res->reason[0] = '\0';
	}
	curl_slist_free_all(hdrs);
	buf_free(&body);
	wait = prov_rate_limit_wait(res->status, seen.retry_after,
	    seen.ratelimit_reset, (long)time(NULL));
	return wait;
}

/* prov_call with at most max_attempts attempts. */
static int
call(struct prov *p, const char *method, const char *path,
    const cJSON *body, long max_attempts, struct prov_res *res)
{
	char url[2048];
	char *payload = NULL;
	long wait_s, ms;
	int n;

	memset(res, 0, sizeof(*res));
	snprintf(url, sizeof(url), "%s%s", p->cfg->provider_base_url, path);
	if (body != NULL && (payload = cJSON_PrintUnformatted(body)) == NULL)
		return -1;
	for (n = 1; n <= max_attempts; n++) {
		res->attempts = n;
		wait_s = attempt(p, method, url, payload, res);
		if (res->status >= 200 && res->status <= 299)
			break;
		if (!prov_transient(res->status) || n == max_attempts ||
		    proc_stopping)
			break;
		/*
		 * A POST is not idempotent: after a timeout or a 5xx it may
		 * have taken effect, so only the caller, who can look first
		 * (orders by customer_reference), may send it again. A 429
		 * or a refused connection means it was not processed.
		 */
		if (strcmp(method, "POST") == 0 && res->status != 429 &&
		    !res->not_sent)
			break;
		/* The provider's wait after a 429 only (attempt() reads the
		 * headers of a 429 alone); 5xx and timeouts back off. */
		ms = wait_s > 0 ? wait_s * 1000 :
		    prov_backoff_ms(n, PROV_BACKOFF_BASE_MS,
		    PROV_BACKOFF_CAP_MS, randombytes_random());
		log_warn(NULL, "provider %s %s: %s; retry %d in %ld ms",
		    method, path, res->reason, n, ms);
		proc_nap(ms);
	}
	free(payload);
	return res->status >= 200 && res->status <= 299 ? 0 : -1;
}

int
prov_call(struct prov *p, const char *method, const char *path,
    const cJSON *body, struct prov_res *res)
{
	return call(p, method, path, body, p->cfg->provider_max_attempts, res);
}

int
prov_call_once(struct prov *p, const char *method, const char *path,
    const cJSON *body, struct prov_res *res)
{
	return call(p, method, path, body, 1, res);
}

/* One POST /messages in flight. */
struct xfer {
	struct prov_msg		*m;
	CURL			*easy;
	struct buf		 body;
	struct headers_seen	 seen;
	struct curl_slist	*hdrs;
	char			*payload;
};

/* Prepares x's handle: body, headers (our reference as Idempotency-Key:
 * honoured only where a provider's endpoint declares it; Telnyx's POST
 * /messages does not, so exactly-once rests on the sender, not on it). */
static int
send_setup(struct prov *p, struct xfer *x)
{
	const struct config *c = p->cfg;
	struct prov_msg *m = x->m;
	char line[600];
	cJSON *b;

	b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "from", m->from);
	cJSON_AddStringToObject(b, "to", m->to);
	cJSON_AddStringToObject(b, "text", m->text);
	if (m->profile != NULL)
		cJSON_AddStringToObject(b, "messaging_profile_id", m->profile);
	snprintf(line, sizeof(line), "%s/hooks/telnyx?ref=%s", c->public_url,
	    m->ref);
	cJSON_AddStringToObject(b, "webhook_url", line);
	/* Where the provider tries next when public_url does not answer:
	 * the same reference rides along. */
	if (c->provider_webhook_failover_url != NULL) {
		snprintf(line, sizeof(line), "%s%cref=%s",
		    c->provider_webhook_failover_url,
		    strchr(c->provider_webhook_failover_url, '?') ? '&' : '?',
		    m->ref);
		cJSON_AddStringToObject(b, "webhook_failover_url", line);
	}
	x->payload = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	if (x->payload == NULL)
		return -1;
	buf_init(&x->body, PROV_BODY_LIMIT);
	memset(&x->seen, 0, sizeof(x->seen));
	snprintf(line, sizeof(line), "Authorization: Bearer %s",
	    c->provider_api_key ? c->provider_api_key : "");
	x->hdrs = curl_slist_append(NULL, line);
	sodium_memzero(line, sizeof(line));
	x->hdrs = curl_slist_append(x->hdrs, "Accept: application/json");
	x->hdrs = curl_slist_append(x->hdrs, "Content-Type: application/json");
	snprintf(line, sizeof(line), "Idempotency-Key: %s", m->ref);
	x->hdrs = curl_slist_append(x->hdrs, line);
	snprintf(line, sizeof(line), "%s/messages", c->provider_base_url);
	curl_easy_reset(x->easy);
	curl_easy_setopt(x->easy, CURLOPT_URL, line);
	curl_easy_setopt(x->easy, CURLOPT_POST, 1L);
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, x->payload);
	curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->hdrs);
	curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT_MS,
	    c->provider_connect_timeout_ms);
	curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, c->provider_timeout_ms);
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, &x->body);
	curl_easy_setopt(x->easy, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(x->easy, CURLOPT_HEADERDATA, &x->seen);
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	return 0;
}

/* Reads x's outcome into its message and frees what it held. */
static void
send_finish(struct xfer *x, CURLcode cc)
{
	struct prov_msg *m = x->m;
	const cJSON *id;
	cJSON *json = NULL;

	m->status = 0;
	m->not_sent = m->stop_blocked = false;
	m->id[0] = m->reason[0] = '\0';
	if (cc != CURLE_OK) {
		snprintf(m->reason, sizeof(m->reason), "no answer from the "
		    "provider: %s", curl_easy_strerror(cc));
		m->not_sent = cc == CURLE_COULDNT_CONNECT ||
		    cc == CURLE_COULDNT_RESOLVE_HOST;
	} else {
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &m->status);
		if (x->body.len > 0)
			json = cJSON_ParseWithLength(x->body.data, x->body.len);
		id = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(json, "data"), "id");
		if (m->status >= 200 && m->status <= 299 && cJSON_IsString(id))
			snprintf(m->id, sizeof(m->id), "%s", id->valuestring);
		else if (m->status >= 200 && m->status <= 299) {
			m->status = 0;	/* an answer we cannot use: unknown */
			snprintf(m->reason, sizeof(m->reason), "the provider's "
			    "answer had no message id");
		} else {
			prov_reason(json, m->status, m->reason,
			    sizeof(m->reason));
			/* Telnyx: the message queue is full: not processed,
			 * a rate limit like any 429. */
			if (prov_error_code(json, PROV_QUEUE_FULL))
				m->status = 429;
			m->stop_blocked = m->status >= 400 &&
			    m->status < 500 && prov_error_code(json,
			    PROV_STOP_BLOCKED);
		}
		cJSON_Delete(json);
	}
	m->retry_after_s = prov_rate_limit_wait(m->status,
	    x->seen.retry_after, x->seen.ratelimit_reset, (long)time(NULL));
	buf_free(&x->body);
	curl_slist_free_all(x->hdrs);
	free(x->payload);
	x->hdrs = NULL;
	x->payload = NULL;
}

/* The multi handle and its easy handles, made on first use. */
static int
send_init(struct prov *p)
{
	size_t i, n = (size_t)p->cfg->sender_parallel;

	if (p->multi != NULL)
		return 0;
	if ((p->multi = curl_multi_init()) == NULL ||
	    (p->easy = calloc(n, sizeof(*p->easy))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if ((p->easy[i] = curl_easy_init()) == NULL)
			return -1;
	p->neasy = n;
	curl_multi_setopt(p->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)n);
	return 0;
}

int
prov_send(struct prov *p, struct prov_msg *msgs, size_t n)
{
	struct xfer *xs, *x;
	size_t next = 0, active = 0, nfree, i;
	CURL **spare;
	CURLMsg *done;
	int still, left;

	if (n == 0)
		return 0;
	if (send_init(p) == -1 || (xs = calloc(n, sizeof(*xs))) == NULL)
		return -1;
	if ((spare = calloc(p->neasy, sizeof(*spare))) == NULL) {
		free(xs);
		return -1;
	}
	for (nfree = 0; nfree < p->neasy; nfree++)
		spare[nfree] = p->easy[nfree];
	for (;;) {
		while (next < n && nfree > 0) {
			x = &xs[next];
			x->m = &msgs[next++];
			x->easy = spare[--nfree];
			if (send_setup(p, x) == -1 ||
			    curl_multi_add_handle(p->multi, x->easy) != CURLM_OK) {
				x->m->status = 0;
				x->m->not_sent = true;
				snprintf(x->m->reason, sizeof(x->m->reason),
				    "could not prepare the request");
				spare[nfree++] = x->easy;
				continue;
			}
			active++;
		}
		if (active == 0)
			break;
		curl_multi_perform(p->multi, &still);
		while ((done = curl_multi_info_read(p->multi, &left)) != NULL) {
			if (done->msg != CURLMSG_DONE)
				continue;
			x = NULL;
			curl_easy_getinfo(done->easy_handle, CURLINFO_PRIVATE,
			    (char **)&x);
			curl_multi_remove_handle(p->multi, done->easy_handle);
			if (x != NULL)
				send_finish(x, done->data.result);
			spare[nfree++] = done->easy_handle;
			active--;
		}
		if (active > 0 && still > 0)
			curl_multi_poll(p->multi, NULL, 0, 100, NULL);
	}
	for (i = 0; i < n; i++)
		if (xs[i].payload != NULL) {	/* never finished */
			curl_slist_free_all(xs[i].hdrs);
			free(xs[i].payload);
			buf_free(&xs[i].body);
		}
	free(spare);
	free(xs);
	return 0;
}
