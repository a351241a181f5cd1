/*
 * prov: the SMS provider's client (Telnyx API v2 over libcurl). One
 * handle per process. Every call has connect and total timeouts and is
 * retried with exponential back-off and full jitter on timeouts, 5xx and
 * 429 (honouring Retry-After and x-ratelimit-reset); the provider's
 * errors[] become one readable reason. Only background roles call it:
 * request handlers never wait on the provider.
 */
#ifndef LL_PROV_H
#define LL_PROV_H

#include <stdbool.h>
#include <stdint.h>

#include <cJSON.h>

struct config;

struct prov {
	const struct config	*cfg;
	void			*curl;		/* CURL * */
	void			*multi;		/* CURLM *, for prov_send */
	void			**easy;		/* its handles, kept alive */
	size_t			 neasy;
};

struct prov_res {
	long	 status;	/* HTTP status of the last attempt; 0: none */
	cJSON	*json;		/* its parsed body, or NULL; prov_res_free */
	char	 reason[512];	/* readable, for timelines and emails */
	int	 attempts;
	bool	 not_sent;	/* the request never left (no connection) */
};

int	prov_init(struct prov *, const struct config *);
void	prov_free(struct prov *);
void	prov_res_free(struct prov_res *);

/*
 * One API call: method, a path under the base URL (query included, built
 * with prov_query_escape), an optional JSON body. 0 when the provider
 * answered 2xx; -1 otherwise, with res->status and res->reason set.
 * Retried up to provider_max_attempts (a POST only when it was not
 * processed: 429, no connection): after a 429 as long as Retry-After or
 * x-ratelimit-reset say, else (5xx, timeouts) with the ordinary back-off.
 * prov_call_once: one attempt, for callers that decide themselves when
 * to ask again.
 */
int	prov_call(struct prov *, const char *method, const char *path,
	    const cJSON *body, struct prov_res *res);
int	prov_call_once(struct prov *, const char *method, const char *path,
	    const cJSON *body, struct prov_res *res);

/*
 * One text to send: from, to, text, profile (the sending organization's
 * messaging profile id; NULL: none yet, the number's own applies) and ref
 * (our reference: sent as the Idempotency-Key header, harmless where the
 * provider ignores it, and as ref= in the webhook_url given with it). The
 * same fields make the same bytes: a re-post is byte-identical.
 * After prov_send: status (0 = no answer: timeout, connection lost; 429
 * also for a "message queue full" 40318 whatever its HTTP status),
 * not_sent (the request never left), retry_after_s (after a 429 only:
 * Retry-After or x-ratelimit-reset), stop_blocked (refused with 40300: the
 * recipient sent STOP to that messaging profile), the provider's message
 * id on success, a readable reason otherwise.
 */
struct prov_msg {
	const char	*from, *to, *text, *profile, *ref;
	long		 status, retry_after_s;
	bool		 not_sent, stop_blocked;
	char		 id[80];
	char		 reason[256];
};

/*
 * POST /messages for n texts at once, up to cfg->sender_parallel in
 * flight over kept-alive connections; one attempt each (the sender
 * decides what happens next). 0, or -1 when curl could not start.
 */
int	prov_send(struct prov *, struct prov_msg *, size_t n);

/* Milliseconds to wait before attempt n (1-based): full jitter. Pure. */
long	prov_backoff_ms(int attempt, long base_ms, long cap_ms, uint32_t rnd);
/* Seconds to wait from Retry-After / x-ratelimit-reset (0 = none). */
long	prov_wait_header(const char *value, long now);
/* The wait the provider asked for, in seconds: after a 429 only (Retry-After,
 * else x-ratelimit-reset); 0 for anything else, which takes the ordinary
 * back-off. */
long	prov_rate_limit_wait(long status, const char *retry_after,
	    const char *ratelimit_reset, long now);
/* Does the body's errors[] hold this code (string or number)? */
bool	prov_error_code(const cJSON *body, const char *code);
/* Turns {"errors":[{code,title,detail}]} into "title: detail (code); …". */
void	prov_reason(const cJSON *body, long status, char *out, size_t outlen);
/* Percent-encodes s for a query component (brackets included). */
void	prov_query_escape(const char *s, char *out, size_t outlen);

/* Is a 4xx/5xx worth retrying later (rate limits, server trouble)? */
bool	prov_transient(long status);

#endif
