/*
 * h_texters: who texts for a campaign, and who holds which conversations
 * (supervisors and up).
 *
 * Texters are members of the organization added to a campaign (draft,
 * launching, active or paused). Removing one gives their conversations
 * back to Unassigned. Unassigned conversations can be distributed equally
 * among chosen texters; conversations can be unassigned, or reassigned
 * equally to others, for some or all texters and statuses. Every such
 * move queues on the campaign's claim lock with self assign, so the two
 * never hand one conversation to two texters. The campaign invite link
 * (self assign only) lives here too.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "app.h"
#include "arena.h"
#include "auth.h"
#include "counts.h"
#include "db_tags.h"
#include "h_texting.h"
#include "handlers.h"
#include "log.h"

#define MAX_TEXTERS_LISTED	1000

/* Campaigns whose texters and conversations may still change. */
static bool
editable(const struct campaign *c)
{
	return strcmp(c->status, "archived") != 0 &&
	    strcmp(c->status, "failed") != 0;
}

static int
read_only(struct req *r, const struct campaign *c)
{
	return req_error(r, 409, "campaign_read_only", arena_printf(r->a,
	    "This campaign is %s: its texters and assignments can no longer "
	    "change.", c->status), NULL);
}

static cJSON *
texter_json(struct arena *a, const struct texter *t)
{
	cJSON *o = cJSON_CreateObject();

	columns_json(o, a, texter_columns, texter_ncolumns, t);
	return o;
}

int
h_texters_list(struct req *r)
{
	struct campaign c;
	struct texter *t;
	long long limit, cursor;
	size_t i, n;
	cJSON *items;
	int rc;

	if (req_page(r, &limit, &cursor) == -1)
		return 422;
	if ((rc = texting_campaign(r, r->ids[1], &c)) != 1)
		return rc;
	if (db_texters(r->db, r->a, r->org_id, c.id, cursor, limit + 1, &t,
	    &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(items, texter_json(r->a, &t[i]));
	return req_json(r, 200, json_list(items,
	    n > (size_t)limit ? t[limit - 1].user_id : 0));
}

int
h_texter_add(struct req *r)
{
	long long user_id = req_id(r, "user_id");
	struct campaign c;
	struct texter *t;
	const char *role;
	size_t n;
	int rc;

	if ((rc = texting_campaign(r, r->ids[1], &c)) != 1)
		return rc;
	if (!editable(&c))
		return read_only(r, &c);
	if ((rc = db_member_role(r->db, r->a, r->org_id, user_id,
	    &role)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 422, "validation_failed", "That person is "
		    "not a member of this organization.", "user_id");
	if ((rc = db_is_texter(r->db, r->a, c.id, user_id)) == -1 ||
	    db_texter_add(r->db, r->a, c.id, user_id) == -1 ||
	    db_texters(r->db, r->a, r->org_id, c.id, user_id - 1, 1, &t,
	    &n) == -1 || n != 1)
		return db_down(r);
	log_info(r->rid, "user %lld %s campaign %lld", user_id,
	    rc == 1 ? "was already on" : "added to", c.id);
	return req_json(r, rc == 1 ? 200 : 201, texter_json(r->a, &t[0]));
}

int
h_texter_remove(struct req *r)
{
	struct campaign c;
	int rc;

	if ((rc = texting_campaign(r, r->ids[1], &c)) != 1)
		return rc;
	if (!editable(&c))
		return read_only(r, &c);
	if ((rc = db_texter_remove(r->db, r->a, c.id, r->ids[2],
	    CLAIM_LOCK_WAIT_S)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "That person is not a "
		    "texter on this campaign.", NULL);
	log_info(r->rid, "user %lld removed from campaign %lld", r->ids[2],
	    c.id);
	return 204;
}

/* How many of e (per assignee) are user_id's; 0: Unassigned's; -1: all. */
static long long
escalated_of(const struct escalated_count *e, size_t n, long long user_id)
{
	long long sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (user_id == -1 || e[i].user_id == user_id)
			sum += e[i].n;
	return sum;
}

/* conv_counts_json with escalated, counted live (not in the snapshot). */
static cJSON *
counts_json(const struct conv_counts *k, long long escalated)
{
	cJSON *o = conv_counts_json(k);

	cJSON_AddNumberToObject(o, "escalated", (double)escalated);
	return o;
}

/*
 * Counts per status for the campaign, Unassigned, and each texter; for a
 * large campaign from its snapshot (counts.c), counts_at saying as of when;
 * escalated live from its own index; and its sending queue (h_sending.c).
 */
int
h_assignments_summary(struct req *r)
{
	struct escalated_count *e;
	struct campaign c;
	struct texter *t;
	struct counts k;
	size_t i, j, nt, ne;
	cJSON *o, *list, *item, *q;
	int rc;

	if ((rc = texting_campaign(r, r->ids[1], &c)) != 1)
		return rc;
	if (db_claims_apply_campaign(r->db, r->a, c.id) == -1 ||
	    counts_get(r->db, r->a, &r->app->cfg, c.id, &k) != 1 ||
	    db_texters(r->db, r->a, r->org_id, c.id, 0, MAX_TEXTERS_LISTED,
	    &t, &nt) == -1 || db_escalated_by_assignee(r->db, r->a, c.id, &e,
	    &ne) == -1 || (q = sending_queue_json(r, c.id)) == NULL)
		return db_down(r);
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "campaign", texting_campaign_json(&c));
	cJSON_AddItemToObject(o, "counts", counts_json(&k.all,
	    escalated_of(e, ne, -1)));
	cJSON_AddItemToObject(o, "unassigned", counts_json(&k.unassigned,
	    escalated_of(e, ne, 0)));
	cJSON_AddStringToObject(o, "counts_at", k.at);
	cJSON_AddItemToObject(o, "queue", q);
	list = cJSON_AddArrayToObject(o, "texters");
	for (i = 0; i < nt; i++) {
		struct conv_counts mine;

		memset(&mine, 0, sizeof(mine));
		for (j = 0; j < k.n; j++)
			if (k.by[j].user_id == t[i].user_id)
				mine = k.by[j].c;
		item = texter_json(r->a, &t[i]);
		cJSON_AddItemToObject(item, "counts", counts_json(&mine,
		    escalated_of(e, ne, t[i].user_id)));
		cJSON_AddItemToArray(list, item);
	}
	return req_json(r, 200, o);
}

/* Every id must be a texter on the campaign: 0, or the error status. */
static int
all_on_campaign(struct req *r, long long campaign_id, const long long *ids,
    size_t n, const char *field)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if ((rc = db_is_texter(r->db, r->a, campaign_id,
		    ids[i])) == -1)
			return db_down(r);
		if (rc == 0)
			return req_error(r, 422, "validation_failed",
			    arena_printf(r->a, "User %lld is not a texter on "
			    "this campaign.", ids[i]), field);
	}
	return 0;
}

/* The campaign of a move, checked; 1 or an error status. */
static int
move_campaign(struct req *r, struct campaign *c)
{
	int rc;

	if ((rc = texting_campaign(r, r->ids[1], c)) != 1)
		return rc;
	return editable(c) ? 1 : read_only(r, c);
}

int
h_assign_distribute(struct req *r)
{
	const char *status = req_str(r, "status");
	long long *ids, *got, total = 0;
	struct campaign c;
	size_t n, i;
	cJSON *o, *per;
	int rc;

	/* The front door checked the body (route.c: f_distribute). */
	if (body_id_list(r, "texter_ids", TEXTING_MAX_IDS, &ids, &n) == -1)
		return 422;
	if (status == NULL)
		status = "needs_message";
	if ((rc = move_campaign(r, &c)) != 1)
		return rc;
	if ((rc = all_on_campaign(r, c.id, ids, n, "texter_ids")) != 0)
		return rc;
	got = arena_alloc(r->a, n * sizeof(*got));
	if (db_distribute(r->db, r->a, c.id, ids, n, status,
	    CLAIM_LOCK_WAIT_S, got) == -1)
		return db_down(r);
	o = cJSON_CreateObject();
	per = cJSON_AddArrayToObject(o, "texters");
	for (i = 0; i < n; i++) {
		cJSON *item = cJSON_CreateObject();

		cJSON_AddNumberToObject(item, "user_id", (double)ids[i]);
		cJSON_AddNumberToObject(item, "assigned", (double)got[i]);
		cJSON_AddItemToArray(per, item);
		total += got[i];
	}
	cJSON_AddNumberToObject(o, "moved", (double)total);
	log_info(r->rid, "campaign %lld: %lld %s conversations distributed "
	    "among %zu texters", c.id, total, status, n);
	return req_json(r, 200, o);
}

static int
moved_answer(struct req *r, long long moved)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "moved", (double)moved);
	cJSON_AddArrayToObject(o, "texters");
	return req_json(r, 200, o);
}

int
h_assign_unassign(struct req *r)
{
	struct campaign c;
	long long *ids, moved;
	unsigned mask;
	size_t n;
	int rc;

	if (body_id_list(r, "texter_ids", TEXTING_MAX_IDS, &ids, &n) == -1)
		return 422;
	mask = body_status_mask(r, "statuses");
	if ((rc = move_campaign(r, &c)) != 1)
		return rc;
	if (db_unassign(r->db, r->a, c.id, ids, n, mask, CLAIM_LOCK_WAIT_S,
	    &moved) == -1)
		return db_down(r);
	log_info(r->rid, "campaign %lld: %lld conversations unassigned",
	    c.id, moved);
	return moved_answer(r, moved);
}

int
h_assign_reassign(struct req *r)
{
	long long *from, *to, moved;
	struct campaign c;
	size_t nfrom, nto;
	unsigned mask;
	int rc;

	if (body_id_list(r, "from_texter_ids", TEXTING_MAX_IDS, &from,
	    &nfrom) == -1 || body_id_list(r, "to_texter_ids", TEXTING_MAX_IDS,
	    &to, &nto) == -1)
		return 422;
	mask = body_status_mask(r, "statuses");
	if ((rc = move_campaign(r, &c)) != 1)
		return rc;
	if ((rc = all_on_campaign(r, c.id, to, nto, "to_texter_ids")) != 0)
		return rc;
	if (db_reassign(r->db, r->a, c.id, from, nfrom, to, nto, mask,
	    CLAIM_LOCK_WAIT_S, &moved) == -1)
		return db_down(r);
	log_info(r->rid, "campaign %lld: %lld conversations reassigned",
	    c.id, moved);
	return moved_answer(r, moved);
}

/* The link a texter follows: the token sits in the fragment, so it never
 * reaches a server log (the API takes it in request bodies). */
static cJSON *
invite_json(struct req *r, const char *token)
{
	cJSON *o = cJSON_CreateObject();

	json_add_str(o, "invite_token", token);
	json_add_str(o, "invite_url", token ? arena_printf(r->a, "%s/join#%s",
	    r->app->cfg.public_url, token) : NULL);
	return o;
}

int
h_invite_link_get(struct req *r)
{
	struct campaign c;
	int rc;

	if ((rc = texting_campaign(r, r->ids[1], &c)) != 1)
		return rc;
	return req_json(r, 200, invite_json(r, c.v.self_assign ?
	    c.invite_token : NULL));
}

/* A new link (192 random bits, 32 characters); the old one dies. */
int
h_invite_link_enable(struct req *r)
{
	struct campaign c;
	char *token;
	int rc;

	if ((rc = texting_campaign(r, r->ids[1], &c)) != 1)
		return rc;
	if (!editable(&c))
		return read_only(r, &c);
	if (!c.v.self_assign)
		return req_error(r, 409, "self_assign_off", "Turn on self "
		    "assign first: texters who follow the link request their "
		    "own conversations.", NULL);
	token = auth_token(r->a, AUTH_INVITE_BYTES);
	if (db_invite_set(r->db, r->a, r->org_id, c.id, token) == -1)
		return db_down(r);
	log_info(r->rid, "campaign %lld: new invite link", c.id);
	return req_json(r, 201, invite_json(r, token));
}

/* Disabling is permanent for that link: enabling makes a new token. */
int
h_invite_link_disable(struct req *r)
{
	struct campaign c;
	int rc;

	if ((rc = texting_campaign(r, r->ids[1], &c)) != 1)
		return rc;
	if (db_invite_set(r->db, r->a, r->org_id, c.id, NULL) == -1)
		return db_down(r);
	log_info(r->rid, "campaign %lld: invite link disabled", c.id);
	return 204;
}
