/*
 * send_settle: a message whose fate is unknown, settled from the
 * provider's records; see send_settle.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "send_settle.h"

#define NOT_AGAIN "It was not sent again: the contact may or may not " \
	"have it. An admin may send it again."

static const char *
str_of(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Two E.164 numbers, with or without their '+'. */
static bool
same_number(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return false;
	if (*a == '+')
		a++;
	if (*b == '+')
		b++;
	return *a != '\0' && strcmp(a, b) == 0;
}

size_t
settle_candidates(const cJSON *body, const char *from, const char *to,
    struct settle_record *out, size_t max)
{
	const cJSON *r;
	const char *dir;
	struct settle_record c, t;
	size_t n = 0, i;

	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(body, "data")) {
		dir = str_of(r, "direction");
		c.id = str_of(r, "id");
		c.status = str_of(r, "status");
		c.created_at = str_of(r, "created_at");
		if (n == max || c.id == NULL || c.id[0] == '\0' ||
		    dir == NULL || strcasecmp(dir, "outbound") != 0 ||
		    !same_number(str_of(r, "cli"), from) ||
		    !same_number(str_of(r, "cld"), to))
			continue;
		/* insertion by created_at (ISO 8601 sorts as text); a
		 * record without one goes last */
		out[n] = c;
		for (i = n++; i > 0 && out[i].created_at != NULL &&
		    (out[i - 1].created_at == NULL ||
		    strcmp(out[i - 1].created_at, out[i].created_at) > 0); i--) {
			t = out[i - 1];
			out[i - 1] = out[i];
			out[i] = t;
		}
	}
	return n;
}

const char *
settle_status(const char *s)
{
	if (s == NULL)
		return "sent";
	if (strcasecmp(s, "DELIVERED") == 0)
		return "delivered";
	if (strcasecmp(s, "FAILED") == 0 || strcasecmp(s, "GW_REJECT") == 0)
		return "failed";
	return "sent";	/* GW_TIMEOUT, DLR_UNCONFIRMED, DLR_TIMEOUT, ... */
}

void
settle_decide(long http_status, const char *reason,
    const struct settle_record *cand, const bool *known, size_t n,
    long long waited_s, long long wait_s, struct settle_decision *out)
{
	bool over = waited_s >= wait_s;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (reason == NULL)
		reason = "";
	if (http_status >= 200 && http_status <= 299) {
		for (i = 0; i < n; i++)
			if (!known[i])
				break;
		if (i < n) {
			out->action = SETTLE_BIND;
			out->provider_id = cand[i].id;
			out->status = settle_status(cand[i].status);
			if (strcmp(out->status, "failed") == 0)
				snprintf(out->reason, sizeof(out->reason),
				    "The provider's records say %s.",
				    cand[i].status);
			return;
		}
		out->action = over ? SETTLE_UNKNOWN : SETTLE_LATER;
		if (over)
			snprintf(out->reason, sizeof(out->reason),
			    "The provider never answered, no webhook came, "
			    "and its records showed no such message %lld "
			    "minutes after the first attempt. " NOT_AGAIN,
			    (waited_s + 59) / 60);
		else
			snprintf(out->reason, sizeof(out->reason),
			    "The provider never answered and its records show "
			    "no such message yet; looking again.");
		return;
	}
	if (http_status == 401 || http_status == 403 || http_status == 404) {
		out->action = SETTLE_UNKNOWN;
		snprintf(out->reason, sizeof(out->reason), "The provider never "
		    "answered, no webhook came, and its message records "
		    "cannot be read with this account (HTTP %ld: %s). "
		    NOT_AGAIN, http_status, reason);
		return;
	}
	out->action = over ? SETTLE_UNKNOWN : SETTLE_LATER;
	if (over)
		snprintf(out->reason, sizeof(out->reason), "The provider never "
		    "answered, no webhook came, and its message records did "
		    "not answer either until %lld minutes after the first "
		    "attempt (%s). " NOT_AGAIN, (waited_s + 59) / 60, reason);
	else
		snprintf(out->reason, sizeof(out->reason), "The provider never "
		    "answered and its message records did not answer (%s); "
		    "looking again.", reason);
}
