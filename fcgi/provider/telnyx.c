/*
 * telnyx: typed Telnyx API v2 operations; see telnyx.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "arena.h"
#include "prov.h"
#include "telnyx.h"

#define BRAND_PAGES	20	/* 20 x 500 brands: more than any account */
#define CAMPAIGN_PAGES	20

/* A string member copied into the arena, or NULL. */
static const char *
jstr(struct arena *a, const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? arena_strdup(a, v->valuestring) : NULL;
}

static const cJSON *
data_of(const struct prov_res *res)
{
	return cJSON_GetObjectItemCaseSensitive(res->json, "data");
}

/* "/path?" + each name=value pair, both percent-encoded. */
static char *
path_query(struct arena *a, const char *path, const char *const *pairs)
{
	char name[128], value[1024], *out = arena_printf(a, "%s", path);
	int i;

	for (i = 0; pairs[i] != NULL; i += 2) {
		prov_query_escape(pairs[i], name, sizeof(name));
		prov_query_escape(pairs[i + 1], value, sizeof(value));
		out = arena_printf(a, "%s%c%s=%s", out, i == 0 ? '?' : '&',
		    name, value);
	}
	return out;
}

/* Is o's string member name equal to want? */
static bool
jstr_is(const cJSON *o, const char *name, const char *want)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) && strcmp(v->valuestring, want) == 0;
}

/* "/base/<escaped id>[tail]". */
static char *
path_id(struct arena *a, const char *base, const char *id, const char *tail)
{
	char esc[256];

	prov_query_escape(id, esc, sizeof(esc));
	return arena_printf(a, "%s/%s%s", base, esc, tail ? tail : "");
}

/* prov_call, then 1 (2xx), 0 (404) or -1; the JSON stays in res. */
static int
call(struct prov *p, const char *method, const char *path, const cJSON *body,
    struct prov_res *res)
{
	if (prov_call(p, method, path, body, res) == 0)
		return 1;
	return res->status == 404 ? 0 : -1;
}

/* ---------------------------------------------------------------- 10DLC */

static void
campaign_from(struct arena *a, const cJSON *o, struct telnyx_campaign *c)
{
	const cJSON *ts = cJSON_GetObjectItemCaseSensitive(o,
	    "isTMobileSuspended");

	memset(c, 0, sizeof(*c));
	c->id = jstr(a, o, "campaignId");
	c->tcr_id = jstr(a, o, "tcrCampaignId");
	c->status = jstr(a, o, "campaignStatus");
	c->failure_reasons = jstr(a, o, "failureReasons");
	c->webhook_url = jstr(a, o, "webhookURL");
	c->webhook_failover_url = jstr(a, o, "webhookFailoverURL");
	c->tmobile_suspended = cJSON_IsTrue(ts);
}

int
telnyx_campaign_get(struct prov *p, struct arena *a, const char *id,
    struct telnyx_campaign *c, struct prov_res *res)
{
	int rc = call(p, "GET", path_id(a, "/10dlc/campaign", id, NULL), NULL,
	    res);

	if (rc == 1)
		campaign_from(a, res->json, c);
	if (rc == 1 && c->id == NULL)
		rc = 0;
	prov_res_free(res);
	return rc;
}

/* One page of a record set ({records, page, totalRecords}). */
static const cJSON *
records_of(const struct prov_res *res, int *total)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(res->json,
	    "totalRecords");

	*total = cJSON_IsNumber(t) ? t->valueint : 0;
	return cJSON_GetObjectItemCaseSensitive(res->json, "records");
}

/* The campaigns of one brand: 1 with c filled when tcr_id is among them. */
static int
brand_campaign(struct prov *p, struct arena *a, const char *brand,
    const char *tcr_id, struct telnyx_campaign *c, struct prov_res *res)
{
	const cJSON *records, *o;
	char page[16];
	int pg, total, got, seen = 0;

	for (pg = 1; pg <= CAMPAIGN_PAGES; pg++) {
		snprintf(page, sizeof(page), "%d", pg);
		if (call(p, "GET", path_query(a, "/10dlc/campaign",
		    (const char *const[]){ "brandId", brand, "page", page,
		    "recordsPerPage", "500", NULL }), NULL, res) != 1)
			return -1;
		records = records_of(res, &total);
		cJSON_ArrayForEach(o, records) {
			seen++;
			if (jstr_is(o, "tcrCampaignId", tcr_id)) {
				campaign_from(a, o, c);
				prov_res_free(res);
				return 1;
			}
		}
		got = cJSON_GetArraySize(records);
		prov_res_free(res);
		if (got == 0 || seen >= total)
			break;
	}
	return 0;
}

int
telnyx_campaign_find_tcr(struct prov *p, struct arena *a, const char *tcr_id,
    struct telnyx_campaign *c, struct prov_res *res)
{
	const char **brands = NULL, **more;
	const cJSON *records, *o;
	size_t nbrands = 0, i;
	char page[16];
	int pg, total, got, rc;

	/* Every brand of the account first (their ids outlive the JSON). */
	for (pg = 1; pg <= BRAND_PAGES; pg++) {
		snprintf(page, sizeof(page), "%d", pg);
		if (call(p, "GET", path_query(a, "/10dlc/brand",
		    (const char *const[]){ "page", page, "recordsPerPage",
		    "500", NULL }), NULL, res) != 1) {
			prov_res_free(res);
			return -1;
		}
		records = records_of(res, &total);
		more = arena_alloc(a, (nbrands + (size_t)cJSON_GetArraySize(
		    records) + 1) * sizeof(*more));
		if (nbrands > 0)
			memcpy(more, brands, nbrands * sizeof(*brands));
		brands = more;
		cJSON_ArrayForEach(o, records)
			if ((brands[nbrands] = jstr(a, o, "brandId")) != NULL)
				nbrands++;
		got = cJSON_GetArraySize(records);
		prov_res_free(res);
		if (got == 0 || (int)nbrands >= total)
			break;
	}
	for (i = 0; i < nbrands; i++)
		if ((rc = brand_campaign(p, a, brands[i], tcr_id, c, res)) != 0) {
			prov_res_free(res);
			return rc;
		}
	return 0;
}

int
telnyx_campaign_set_webhooks(struct prov *p, struct arena *a, const char *id,
    const char *url, const char *failover_url, struct prov_res *res)
{
	cJSON *body = cJSON_CreateObject();
	int rc;

	cJSON_AddStringToObject(body, "webhookURL", url);
	if (failover_url != NULL)
		cJSON_AddStringToObject(body, "webhookFailoverURL",
		    failover_url);
	rc = call(p, "PUT", path_id(a, "/10dlc/campaign", id, NULL), body,
	    res) == 1 ? 0 : -1;
	cJSON_Delete(body);
	prov_res_free(res);
	return rc;
}

/* ---------------------------------------------------- messaging profiles */

static void
profile_from(struct arena *a, const cJSON *o, struct telnyx_profile *pr)
{
	const cJSON *dest = cJSON_GetObjectItemCaseSensitive(o,
	    "whitelisted_destinations"), *d;

	memset(pr, 0, sizeof(*pr));
	pr->id = jstr(a, o, "id");
	pr->name = jstr(a, o, "name");
	pr->webhook_url = jstr(a, o, "webhook_url");
	pr->webhook_failover_url = jstr(a, o, "webhook_failover_url");
	pr->webhook_api_version = jstr(a, o, "webhook_api_version");
	pr->enabled = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "enabled"));
	cJSON_ArrayForEach(d, dest)
		if (cJSON_IsString(d) && (strcmp(d->valuestring, "US") == 0 ||
		    strcmp(d->valuestring, "*") == 0))
			pr->us_allowed = true;
}

int
telnyx_profile_find(struct prov *p, struct arena *a, const char *name,
    struct telnyx_profile *pr, struct prov_res *res)
{
	const cJSON *o;
	int rc;

	rc = call(p, "GET", path_query(a, "/messaging_profiles",
	    (const char *const[]){ "filter[name][eq]", name, "page[size]",
	    "250", NULL }), NULL, res);
	if (rc == 1) {
		rc = 0;
		cJSON_ArrayForEach(o, data_of(res))
			if (jstr_is(o, "name", name)) {
				profile_from(a, o, pr);
				rc = pr->id != NULL;
				break;
			}
	}
	prov_res_free(res);
	return rc;
}

/* The webhook settings of a profile we make or mend. */
static void
add_webhooks(cJSON *body, const char *url, const char *failover_url)
{
	cJSON_AddStringToObject(body, "webhook_url", url);
	if (failover_url != NULL)
		cJSON_AddStringToObject(body, "webhook_failover_url",
		    failover_url);
	cJSON_AddStringToObject(body, "webhook_api_version", "2");
}

int
telnyx_profile_create(struct prov *p, struct arena *a, const char *name,
    const char *url, const char *failover_url, struct telnyx_profile *pr,
    struct prov_res *res)
{
	cJSON *body = cJSON_CreateObject(), *dest;
	int rc;

	cJSON_AddStringToObject(body, "name", name);
	dest = cJSON_AddArrayToObject(body, "whitelisted_destinations");
	cJSON_AddItemToArray(dest, cJSON_CreateString("US"));
	cJSON_AddBoolToObject(body, "enabled", 1);
	add_webhooks(body, url, failover_url);
	rc = call(p, "POST", "/messaging_profiles", body, res) == 1 ? 0 : -1;
	if (rc == 0) {
		profile_from(a, data_of(res), pr);
		if (pr->id == NULL) {
			rc = -1;
			snprintf(res->reason, sizeof(res->reason), "the "
			    "provider's answer named no profile id");
		}
	}
	cJSON_Delete(body);
	prov_res_free(res);
	return rc;
}

int
telnyx_profile_get(struct prov *p, struct arena *a, const char *id,
    struct telnyx_profile *pr, struct prov_res *res)
{
	int rc = call(p, "GET", path_id(a, "/messaging_profiles", id, NULL),
	    NULL, res);

	if (rc == 1)
		profile_from(a, data_of(res), pr);
	prov_res_free(res);
	return rc;
}

int
telnyx_profile_set_webhooks(struct prov *p, struct arena *a, const char *id,
    const char *url, const char *failover_url, struct prov_res *res)
{
	cJSON *body = cJSON_CreateObject();
	int rc;

	add_webhooks(body, url, failover_url);
	rc = call(p, "PATCH", path_id(a, "/messaging_profiles", id, NULL),
	    body, res) == 1 ? 0 : -1;
	cJSON_Delete(body);
	prov_res_free(res);
	return rc;
}

/* ---------------------------------------------------------------- search */

bool
telnyx_offer_matches(const char *e164, bool best_effort, const char *area_code)
{
	return !best_effort && e164 != NULL && strlen(area_code) == 3 &&
	    strncmp(e164, "+1", 2) == 0 && strncmp(e164 + 2, area_code, 3) == 0
	    && strlen(e164) == 12;
}

int
telnyx_search(struct prov *p, struct arena *a, const char *area_code,
    int limit, struct telnyx_offer *out, struct prov_res *res)
{
	const cJSON *list, *o;
	const char *e164;
	char lim[16];

	memset(out, 0, sizeof(*out));
	snprintf(lim, sizeof(lim), "%d", limit);
	if (call(p, "GET", path_query(a, "/available_phone_numbers",
	    (const char *const[]){ "filter[country_code]", "US",
	    "filter[national_destination_code]", area_code,
	    "filter[features][]", "sms", "filter[phone_number_type]", "local",
	    "filter[best_effort]", "false", "filter[limit]", lim, NULL }),
	    NULL, res) != 1) {
		prov_res_free(res);
		return -1;
	}
	list = data_of(res);
	out->numbers = arena_alloc(a, ((size_t)cJSON_GetArraySize(list) + 1) *
	    sizeof(*out->numbers));
	cJSON_ArrayForEach(o, list) {
		e164 = jstr(a, o, "phone_number");
		if (telnyx_offer_matches(e164, cJSON_IsTrue(
		    cJSON_GetObjectItemCaseSensitive(o, "best_effort")),
		    area_code))
			out->numbers[out->n++] = e164;
		else
			out->dropped++;
	}
	prov_res_free(res);
	return 0;
}

/* ---------------------------------------------------------------- orders */

static void
order_from(struct arena *a, const cJSON *o, struct telnyx_order *ord)
{
	const cJSON *pns = cJSON_GetObjectItemCaseSensitive(o,
	    "phone_numbers");
	const cJSON *pn = cJSON_GetArrayItem(pns, 0);

	memset(ord, 0, sizeof(*ord));
	ord->id = jstr(a, o, "id");
	ord->status = jstr(a, o, "status");
	ord->customer_reference = jstr(a, o, "customer_reference");
	ord->phone_number = jstr(a, pn, "phone_number");
	ord->item_status = jstr(a, pn, "status");
	ord->count = cJSON_GetArraySize(pns);
}

/* Is this order exactly ours: our reference, our one number? */
static bool
order_is(const struct telnyx_order *o, const char *ref, const char *e164)
{
	return o->id != NULL && o->customer_reference != NULL &&
	    strcmp(o->customer_reference, ref) == 0 && o->count == 1 &&
	    o->phone_number != NULL && strcmp(o->phone_number, e164) == 0;
}

int
telnyx_order_find(struct prov *p, struct arena *a, const char *ref,
    const char *phone_number, struct telnyx_order *out, struct prov_res *res)
{
	struct telnyx_order o;
	const cJSON *it;
	int rc;

	rc = call(p, "GET", path_query(a, "/number_orders",
	    (const char *const[]){ "filter[customer_reference]", ref,
	    "page[size]", "250", NULL }), NULL, res);
	if (rc != 1) {
		prov_res_free(res);
		return rc == 0 ? 0 : -1;
	}
	rc = 0;
	cJSON_ArrayForEach(it, data_of(res)) {
		order_from(a, it, &o);
		if (order_is(&o, ref, phone_number)) {
			*out = o;
			rc = 1;
			break;
		}
	}
	prov_res_free(res);
	return rc;
}

int
telnyx_order_create(struct prov *p, struct arena *a, const char *phone_number,
    const char *profile_id, const char *ref, struct telnyx_order *out,
    struct prov_res *res)
{
	cJSON *body = cJSON_CreateObject(), *nums, *one;
	int rc;

	nums = cJSON_AddArrayToObject(body, "phone_numbers");
	one = cJSON_CreateObject();
	cJSON_AddStringToObject(one, "phone_number", phone_number);
	cJSON_AddItemToArray(nums, one);
	if (profile_id != NULL)
		cJSON_AddStringToObject(body, "messaging_profile_id",
		    profile_id);
	cJSON_AddStringToObject(body, "customer_reference", ref);
	rc = call(p, "POST", "/number_orders", body, res) == 1 ? 0 : -1;
	if (rc == 0)
		order_from(a, data_of(res), out);
	cJSON_Delete(body);
	prov_res_free(res);
	return rc;
}

int
telnyx_order_get(struct prov *p, struct arena *a, const char *id,
    struct telnyx_order *out, struct prov_res *res)
{
	int rc = call(p, "GET", path_id(a, "/number_orders", id, NULL), NULL,
	    res);

	if (rc == 1)
		order_from(a, data_of(res), out);
	prov_res_free(res);
	return rc;
}

/* --------------------------------------------------------------- numbers */

static void
number_from(struct arena *a, const cJSON *o, struct telnyx_number *n)
{
	memset(n, 0, sizeof(*n));
	n->id = jstr(a, o, "id");
	n->phone_number = jstr(a, o, "phone_number");
	n->status = jstr(a, o, "status");
	n->customer_reference = jstr(a, o, "customer_reference");
	n->messaging_profile_id = jstr(a, o, "messaging_profile_id");
}

int
telnyx_number_find(struct prov *p, struct arena *a, const char *e164,
    struct telnyx_number *out, struct prov_res *res)
{
	struct telnyx_number n;
	const cJSON *it;
	int rc;

	rc = call(p, "GET", path_query(a, "/phone_numbers",
	    (const char *const[]){ "filter[phone_number]", e164, NULL }), NULL,
	    res);
	if (rc != 1) {
		prov_res_free(res);
		return rc == 0 ? 0 : -1;
	}
	rc = 0;
	/* The filter matches by pattern: take the exact number only. */
	cJSON_ArrayForEach(it, data_of(res)) {
		number_from(a, it, &n);
		if (n.id != NULL && n.phone_number != NULL &&
		    strcmp(n.phone_number, e164) == 0 && (n.status == NULL ||
		    strcmp(n.status, "deleted") != 0)) {
			*out = n;
			rc = 1;
			break;
		}
	}
	prov_res_free(res);
	return rc;
}

int
telnyx_number_get(struct prov *p, struct arena *a, const char *id,
    struct telnyx_number *out, struct prov_res *res)
{
	int rc = call(p, "GET", path_id(a, "/phone_numbers", id, NULL), NULL,
	    res);

	if (rc == 1)
		number_from(a, data_of(res), out);
	prov_res_free(res);
	return rc;
}

int
telnyx_number_set_reference(struct prov *p, struct arena *a, const char *id,
    const char *ref, struct prov_res *res)
{
	cJSON *body = cJSON_CreateObject();
	int rc;

	cJSON_AddStringToObject(body, "customer_reference", ref);
	rc = call(p, "PATCH", path_id(a, "/phone_numbers", id, NULL), body,
	    res) == 1 ? 0 : -1;
	cJSON_Delete(body);
	prov_res_free(res);
	return rc;
}

int
telnyx_number_set_profile(struct prov *p, struct arena *a, const char *id,
    const char *profile_id, struct prov_res *res)
{
	cJSON *body = cJSON_CreateObject();
	int rc;

	cJSON_AddStringToObject(body, "messaging_profile_id", profile_id);
	rc = call(p, "PATCH", path_id(a, "/phone_numbers", id, "/messaging"),
	    body, res) == 1 ? 0 : -1;
	cJSON_Delete(body);
	prov_res_free(res);
	return rc;
}

int
telnyx_number_messaging(struct prov *p, struct arena *a, const char *id,
    const char **profile_id, bool *sms, struct prov_res *res)
{
	const cJSON *features;
	int rc = call(p, "GET", path_id(a, "/phone_numbers", id, "/messaging"),
	    NULL, res);

	*profile_id = NULL;
	*sms = false;
	if (rc == 1) {
		*profile_id = jstr(a, data_of(res), "messaging_profile_id");
		features = cJSON_GetObjectItemCaseSensitive(data_of(res),
		    "features");
		*sms = cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(features,
		    "sms"));
	}
	prov_res_free(res);
	return rc;
}

int
telnyx_number_delete(struct prov *p, struct arena *a, const char *id,
    struct prov_res *res)
{
	int rc = call(p, "DELETE", path_id(a, "/phone_numbers", id, NULL), NULL,
	    res);

	prov_res_free(res);
	return rc;
}

/* ------------------------------------------------------------ assignment */

int
telnyx_assignment_get(struct prov *p, struct arena *a, const char *e164,
    struct telnyx_assignment *out, struct prov_res *res)
{
	int rc = call(p, "GET", path_id(a, "/10dlc/phone_number_campaigns",
	    e164, NULL), NULL, res);

	memset(out, 0, sizeof(*out));
	if (rc == 1) {
		out->status = jstr(a, res->json, "assignmentStatus");
		out->failure_reasons = jstr(a, res->json, "failureReasons");
		out->campaign_id = jstr(a, res->json, "campaignId");
	}
	prov_res_free(res);
	return rc;
}

int
telnyx_assignment_create(struct prov *p, struct arena *a, const char *e164,
    const char *campaign_id, struct prov_res *res)
{
	cJSON *body = cJSON_CreateObject();
	int rc;

	(void)a;
	cJSON_AddStringToObject(body, "phoneNumber", e164);
	cJSON_AddStringToObject(body, "campaignId", campaign_id);
	rc = call(p, "POST", "/10dlc/phone_number_campaigns", body, res) == 1 ?
	    0 : -1;
	cJSON_Delete(body);
	prov_res_free(res);
	return rc;
}

int
telnyx_assignment_delete(struct prov *p, struct arena *a, const char *e164,
    struct prov_res *res)
{
	int rc = call(p, "DELETE", path_id(a, "/10dlc/phone_number_campaigns",
	    e164, NULL), NULL, res);

	prov_res_free(res);
	return rc;
}

bool
telnyx_is_tcr_id(const char *s)
{
	size_t i;

	if (s == NULL || s[0] != 'C' || strlen(s) != 7)
		return false;
	for (i = 1; i < 7; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' &&
		    s[i] <= '9')))
			return false;
	return true;
}
