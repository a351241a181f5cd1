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

int
prov_init(struct prov *p, const struct config *cfg)
{
	p->cfg = cfg;
	p->curl = curl_easy_init();
	return p->curl != NULL ? 0 : -1;
}

void
prov_free(struct prov *p)
{
	if (p->curl != NULL)
		curl_easy_cleanup(p->curl);
	p->curl = NULL;
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
	wait = prov_wait_header(seen.retry_after, (long)time(NULL));
	if (wait == 0)
		wait = prov_wait_header(seen.ratelimit_reset,
		    (long)time(NULL));
	return wait;
}

int
prov_call(struct prov *p, const char *method, const char *path,
    const cJSON *body, struct prov_res *res)
{
	char url[2048];
	char *payload = NULL;
	long wait_s, ms;
	int n;

	memset(res, 0, sizeof(*res));
	snprintf(url, sizeof(url), "%s%s", p->cfg->provider_base_url, path);
	if (body != NULL && (payload = cJSON_PrintUnformatted(body)) == NULL)
		return -1;
	for (n = 1; n <= p->cfg->provider_max_attempts; n++) {
		res->attempts = n;
		wait_s = attempt(p, method, url, payload, res);
		if (res->status >= 200 && res->status <= 299)
			break;
		if (!prov_transient(res->status) ||
		    n == p->cfg->provider_max_attempts || proc_stopping)
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
