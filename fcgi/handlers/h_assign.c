/*
 * h_assign: a texter's assignments (the campaigns they text for, with
 * their counts and whether they may send now) and self assign, "Request
 * conversations".
 *
 * The button shows only when nothing waits for an initial message in the
 * texter's assignment on that campaign; the server refuses otherwise
 * (409 assignment_not_finished). A request takes a batch from Unassigned
 * through the campaign's cursor (db_claim): one cursor row and one
 * claim row, whatever the campaign's size and however far it has been
 * worked through. "No more conversations available" is 409
 * no_more_conversations.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "h_texting.h"
#include "handlers.h"
#include "log.h"

/* One campaign of the texter: the campaign, counts, gate, button. */
static int
assignment_json(struct req *r, long long campaign_id, cJSON **out)
{
	struct gate g;
	struct campaign c;
	struct conv_counts k;
	long long next;
	cJSON *o;
	int rc;

	*out = NULL;
	if ((rc = db_campaign_get(r->db, r->a, r->org_id, campaign_id,
	    &c)) != 1)
		return rc;
	if (db_my_counts(r->db, r->a, c.id, r->sess.user_id, &k) == -1 ||
	    db_next_to_message(r->db, r->a, c.id, r->sess.user_id, 0,
	    &next) == -1)
		return -1;
	(void)campaign_gate(&c, false, &g);
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "campaign", texting_campaign_json(&c));
	cJSON_AddItemToObject(o, "counts", conv_counts_json(&k));
	cJSON_AddItemToObject(o, "gate", gate_closed_json(&g));
	cJSON_AddBoolToObject(o, "can_request", next == 0 &&
	    claim_open(c.v.self_assign, c.status) == CLAIM_TAKEN);
	if (next > 0)
		cJSON_AddNumberToObject(o, "next_conversation_id",
		    (double)next);
	else
		cJSON_AddNullToObject(o, "next_conversation_id");
	*out = o;
	return 1;
}

int
h_my_assignments(struct req *r)
{
	long long *ids;
	size_t i, n;
	cJSON *items, *one;
	int rc;

	/* Batches taken but not yet set become this texter's now. */
	if (db_claims_apply_texter(r->db, r->a, r->sess.user_id) == -1 ||
	    db_my_campaigns(r->db, r->a, r->sess.user_id, r->org_id, &ids,
	    &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n; i++) {
		if ((rc = assignment_json(r, ids[i], &one)) == -1) {
			cJSON_Delete(items);
			return db_down(r);
		}
		if (rc == 1)
			cJSON_AddItemToArray(items, one);
	}
	one = cJSON_CreateObject();
	cJSON_AddItemToObject(one, "items", items);
	return req_json(r, 200, one);
}

int
h_assign_request(struct req *r)
{
	struct claim cl;
	cJSON *o;
	int rc;

	if ((rc = request_batch_by_id(r, r->ids[1], r->sess.user_id,
	    &cl)) != 0)
		return rc;
	log_info(r->rid, "campaign %lld: user %lld took %lld conversations "
	    "(batch %lld)", r->ids[1], r->sess.user_id, cl.claimed, cl.id);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "claimed", (double)cl.claimed);
	cJSON_AddNumberToObject(o, "batch_size", (double)cl.batch_size);
	return req_json(r, 201, o);
}
