/*
 * h_people: the members of an organization and their roles.
 *
 * Rules: owners and admins change roles and remove people; only an owner
 * grants or takes away "owner"; an organization always keeps one owner.
 */
#define _POSIX_C_SOURCE 200809L
#include "app.h"
#include "handlers.h"

static cJSON *
person_json(const struct person *p)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "user_id", (double)p->user_id);
	cJSON_AddStringToObject(o, "email", p->email);
	cJSON_AddStringToObject(o, "name", p->name);
	cJSON_AddStringToObject(o, "role", p->role);
	json_add_str(o, "joined_at", p->joined_at);
	return o;
}

int
h_people_list(struct req *r)
{
	struct person *p;
	long long limit, cursor;
	size_t i, n;
	cJSON *items;

	if (req_page(r, &limit, &cursor) == -1)
		return 422;
	if (db_people_list(r->db, r->a, r->org_id, cursor, limit + 1, &p,
	    &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n && i < (size_t)limit; i++)
		cJSON_AddItemToArray(items, person_json(&p[i]));
	return req_json(r, 200, json_list(items,
	    n > (size_t)limit ? p[limit - 1].user_id : 0));
}

/*
 * Inside the caller's transaction: checks that the caller may change
 * target from its role to new_role (ROLE_NONE = removal). 0 or a status.
 */
static int
may_change(struct req *r, const struct person *target, enum role new_role)
{
	enum role old = role_parse(target->role);
	bool target_owner;
	size_t owners;

	if ((old == ROLE_OWNER || new_role == ROLE_OWNER) &&
	    r->role != ROLE_OWNER)
		return req_error(r, 403, "forbidden",
		    "Only an owner can grant or remove the owner role.", NULL);
	if (old == ROLE_OWNER && new_role != ROLE_OWNER) {
		if (db_owners_lock(r->db, r->a, r->org_id, &owners,
		    &target_owner, target->user_id) == -1)
			return db_down(r);
		if (owners <= 1 && target_owner)
			return req_error(r, 409, "conflict", "An organization "
			    "needs at least one owner; make someone else "
			    "owner first.", NULL);
	}
	return 0;
}

/* Runs one membership change (new_role ROLE_NONE removes). */
static int
change_member(struct req *r, enum role new_role)
{
	long long user_id = r->ids[1];
	struct person p;
	int rc, status;

	if (db_begin(r->db) == -1)
		return db_down(r);
	if ((rc = db_person_get(r->db, r->a, r->org_id, user_id, &p)) != 1) {
		status = rc == 0 ? req_error(r, 404, "not_found",
		    "No such person in this organization.", NULL) : db_down(r);
		goto out_rollback;
	}
	if ((status = may_change(r, &p, new_role)) != 0)
		goto out_rollback;
	rc = new_role == ROLE_NONE ?
	    db_membership_delete(r->db, r->a, r->org_id, user_id) :
	    db_membership_update(r->db, r->a, r->org_id, user_id,
	    role_name(new_role));
	if (rc == -1 || db_commit(r->db) == -1) {
		status = db_down(r);
		goto out_rollback;
	}
	if (new_role == ROLE_NONE)
		return 204;
	p.role = role_name(new_role);
	return req_json(r, 200, person_json(&p));
out_rollback:
	db_rollback(r->db);
	return status;
}

static int
update_tx(struct req *r)
{
	return change_member(r, role_parse(req_str(r, "role")));
}

static int
delete_tx(struct req *r)
{
	return change_member(r, ROLE_NONE);
}

/* Run again whole when a deadlock or another node's write refuses it. */
int
h_person_update(struct req *r)
{
	return txn_req(r, update_tx, "role change");
}

int
h_person_delete(struct req *r)
{
	return txn_req(r, delete_tx, "membership removal");
}
