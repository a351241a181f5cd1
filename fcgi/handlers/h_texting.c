/*
 * h_texting: helpers of the texting handlers; see h_texting.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "campaign_view.h"
#include "claims.h"
#include "h_texting.h"
#include "handlers.h"
#include "log.h"
#include "tz_cache.h"

int
texting_campaign(struct req *r, long long id, struct campaign *c)
{
	int rc;

	if ((rc = db_campaign_get(r->db, r->a, r->org_id, id, c)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such campaign.",
		    NULL);
	return 1;
}

int
gate_error(struct req *r, const struct gate *g)
{
	return req_error(r, 409, g->name, g->message, NULL);
}

int
body_id_list(struct req *r, const char *field, size_t max, long long **ids,
    size_t *n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, field), *e;
	size_t i = 0;

	*ids = NULL;
	*n = 0;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1 ||
	    (size_t)cJSON_GetArraySize(v) > max)
		goto bad;
	*ids = arena_alloc(r->a, (size_t)cJSON_GetArraySize(v) *
	    sizeof(**ids));
	cJSON_ArrayForEach(e, v)
		if (!json_whole_id(e, &(*ids)[i++]))
			goto bad;
	*n = i;
	return 0;
bad:
	req_error(r, 422, "validation_failed", arena_printf(r->a, "%s must "
	    "be a list of 1 to %zu user ids.", field, max), field);
	return -1;
}

const char *
texting_status_check(struct arena *a, const struct field *f, const cJSON *v)
{
	if (cJSON_IsString(v) && conv_status_index(v->valuestring) >= 0)
		return NULL;
	return arena_printf(a, "%s must be a conversation status.", f->name);
}

const char *
texting_statuses_check(struct arena *a, const struct field *f,
    const cJSON *v)
{
	const cJSON *e;

	if (cJSON_IsArray(v) && cJSON_GetArraySize(v) >= 1) {
		cJSON_ArrayForEach(e, v)
			if (texting_status_check(a, f, e) != NULL)
				goto bad;
		return NULL;
	}
bad:
	return arena_printf(a, "%s must be a list of conversation statuses "
	    "(needs_message, messaged, needs_response, convo, closed).",
	    f->name);
}

unsigned
body_status_mask(const struct req *r, const char *field)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->json, field), *e;
	unsigned mask = 0;
	int i;

	if (!cJSON_IsArray(v))
		return (1u << CONV_NSTATUS) - 1;
	cJSON_ArrayForEach(e, v)
		if (cJSON_IsString(e) &&
		    (i = conv_status_index(e->valuestring)) >= 0)
			mask |= 1u << i;
	return mask;
}

cJSON *
conv_counts_json(const struct conv_counts *c)
{
	cJSON *o = cJSON_CreateObject();
	int i;

	for (i = 0; i < CONV_NSTATUS; i++)
		cJSON_AddNumberToObject(o, conv_statuses[i],
		    (double)c->status[i]);
	cJSON_AddNumberToObject(o, "opted_out", (double)c->opted_out);
	cJSON_AddNumberToObject(o, "total", (double)c->total);
	return o;
}

cJSON *
gate_closed_json(const struct gate *g)
{
	cJSON *o;

	if (g->code == GATE_OPEN)
		return cJSON_CreateNull();
	/* campaign_view's gate, less its "open" (a closed gate here). */
	o = gate_json(g);
	cJSON_DeleteItemFromObjectCaseSensitive(o, "open");
	return o;
}

cJSON *
conversation_brief_json(struct arena *a, const struct conversation *c)
{
	cJSON *o = cJSON_CreateObject();

	columns_json(o, a, conversation_brief_columns,
	    conversation_brief_ncolumns, c);
	if (c->campaign_name != NULL)
		cJSON_AddStringToObject(o, "campaign_name", c->campaign_name);
	return o;
}

cJSON *
message_json(struct arena *a, const struct message *m)
{
	cJSON *o = cJSON_CreateObject();

	columns_json(o, a, message_columns, message_ncolumns, m);
	return o;
}

cJSON *
texting_campaign_json(const struct campaign *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)c->id);
	cJSON_AddStringToObject(o, "name", c->v.name);
	cJSON_AddStringToObject(o, "description",
	    c->v.description ? c->v.description : "");
	cJSON_AddStringToObject(o, "status", c->status);
	cJSON_AddBoolToObject(o, "self_assign", c->v.self_assign);
	cJSON_AddNumberToObject(o, "batch_size",
	    (double)campaign_batch_size(c));
	cJSON_AddStringToObject(o, "org_display_name",
	    campaign_display_name(c));
	cJSON_AddStringToObject(o, "time_zone", c->v.time_zone);
	return o;
}

/* A claim's outcome as the answer: 0 claimed, else the error status. */
static int
claim_answer(struct req *r, const struct claim *cl)
{
	switch (cl->outcome) {
	case CLAIM_TAKEN:
		return 0;
	case CLAIM_NO_CAMPAIGN:
		return req_error(r, 404, "not_found", "No such campaign.",
		    NULL);
	case CLAIM_SELF_ASSIGN_OFF:
		return req_error(r, 409, "self_assign_off", "Self assign is "
		    "off for this campaign: an organizer assigns its "
		    "conversations.", NULL);
	case CLAIM_NOT_ACTIVE:
		return req_error(r, 409, "campaign_not_active", arena_printf(
		    r->a, "This campaign is %s: there are no conversations "
		    "to request.", cl->status), NULL);
	case CLAIM_NOT_ON_CAMPAIGN:
		return req_error(r, 403, "not_on_campaign", "You are not a "
		    "texter on this campaign.", NULL);
	case CLAIM_UNFINISHED:
		return req_error(r, 409, "assignment_not_finished", "Send the "
		    "initial messages of your assignment first; then request "
		    "more.", NULL);
	case CLAIM_BUSY:
		return req_error(r, 503, "busy", "Many texters are requesting "
		    "conversations right now; try again in a moment.", NULL);
	case CLAIM_NONE_LEFT:
		break;
	}
	return req_error(r, 409, "no_more_conversations",
	    "No more conversations available.", NULL);
}

/* Without the broker: the campaign's checks, then the claim itself. */
static int
claim_here(struct req *r, const struct campaign *c, long long user_id,
    struct claim *cl)
{
	memset(cl, 0, sizeof(*cl));
	if ((cl->outcome = claim_open(c->v.self_assign, c->status)) ==
	    CLAIM_TAKEN && db_claim(r->db, r->a, c->id, user_id,
	    campaign_batch_size(c), CLAIM_LOCK_WAIT_S, cl) == -1)
		return -1;
	cl->batch_size = campaign_batch_size(c);
	snprintf(cl->status, sizeof(cl->status), "%s", c->status);
	return 0;
}

/* Through the host's claim broker (claims.h): 1 answered, 0 none. */
static int
claim_brokered(struct req *r, long long org_id, long long campaign_id,
    long long user_id, struct claim *cl)
{
	const struct claims_request q = { org_id, campaign_id, user_id,
	    CLAIM_LOCK_WAIT_S };
	int rc;

	memset(cl, 0, sizeof(*cl));
	if ((rc = claims_ask(r->app->cfg.socket, &q, cl)) == -1) {
		log_warn(r->rid, "campaign %lld: the claim broker did not "
		    "answer", campaign_id);
		cl->outcome = CLAIM_BUSY;	/* asking again is safe */
	}
	return rc != 0;
}

int
request_batch(struct req *r, const struct campaign *c,
    long long user_id, struct claim *cl)
{
	if (!claim_brokered(r, c->org_id, c->id, user_id, cl) &&
	    claim_here(r, c, user_id, cl) == -1)
		return db_down(r);
	return claim_answer(r, cl);
}

int
request_batch_by_id(struct req *r, long long campaign_id,
    long long user_id, struct claim *cl)
{
	struct campaign c;
	int rc;

	if (claim_brokered(r, r->org_id, campaign_id, user_id, cl))
		return claim_answer(r, cl);
	if ((rc = texting_campaign(r, campaign_id, &c)) != 1)
		return rc;
	if (claim_here(r, &c, user_id, cl) == -1)
		return db_down(r);
	return claim_answer(r, cl);
}
