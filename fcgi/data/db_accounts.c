/*
 * db_accounts: typed queries over the account tables; see db_accounts.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db_accounts.h"

/* Inserts and hands back the new id. */
static int
insert_id(int rc, const struct db_res *res, long long *id)
{
	if (rc == 0 && id != NULL)
		*id = (long long)res->insert_id;
	return rc;
}

int
db_org_create(struct db *db, struct arena *a, const char *name, long long *id)
{
	struct db_res res;

	return insert_id(DB_RUN(db, a, DB_ORG_INSERT, &res, DB_STR(name)),
	    &res, id);
}

int
db_org_by_name(struct db *db, struct arena *a, const char *name,
    long long *id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_ORG_BY_NAME, &res, DB_STR(name)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	*id = db_cell_int(&res, 0, 0);
	return 1;
}

int
db_user_create(struct db *db, struct arena *a, const char *email,
    const char *name, const char *pw_hash, long long *id)
{
	struct db_res res;

	return insert_id(DB_RUN(db, a, DB_USER_INSERT, &res, DB_STR(email),
	    DB_STR(name), DB_STR(pw_hash)), &res, id);
}

int
db_user_by_email(struct db *db, struct arena *a, const char *email,
    struct user *u)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_USER_BY_EMAIL, &res, DB_STR(email)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	u->id = db_cell_int(&res, 0, 0);
	u->email = db_cell(&res, 0, 1);
	u->name = db_cell(&res, 0, 2);
	u->pw_hash = db_cell(&res, 0, 3);
	return 1;
}

int
db_membership_set(struct db *db, struct arena *a, long long org_id,
    long long user_id, const char *role)
{
	return DB_RUN(db, a, DB_MEMBERSHIP_SET, NULL, DB_INT(org_id),
	    DB_INT(user_id), DB_STR(role));
}

int
db_membership_add(struct db *db, struct arena *a, long long org_id,
    long long user_id, const char *role)
{
	return DB_RUN(db, a, DB_MEMBERSHIP_ADD, NULL, DB_INT(org_id),
	    DB_INT(user_id), DB_STR(role));
}

int
db_membership_role(struct db *db, struct arena *a, long long org_id,
    long long user_id, const char **role)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_MEMBERSHIP_ROLE, &res, DB_INT(org_id),
	    DB_INT(user_id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	*role = db_cell(&res, 0, 0);
	return 1;
}

int
db_memberships_of(struct db *db, struct arena *a, long long user_id,
    struct membership **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_MEMBERSHIPS_OF_USER, &res, DB_INT(user_id)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		(*out)[i].org_id = db_cell_int(&res, i, 0);
		(*out)[i].org_name = db_cell(&res, i, 1);
		(*out)[i].role = db_cell(&res, i, 2);
	}
	*n = res.nrows;
	return 0;
}

static void
person_from(struct arena *a, const struct db_res *res, size_t i,
    struct person *p)
{
	p->user_id = db_cell_int(res, i, 0);
	p->email = db_cell(res, i, 1);
	p->name = db_cell(res, i, 2);
	p->role = db_cell(res, i, 3);
	p->joined_at = db_cell_time(a, res, i, 4);
}

int
db_people_list(struct db *db, struct arena *a, long long org_id,
    long long after, long long limit, struct person **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_PEOPLE_LIST, &res, DB_INT(org_id), DB_INT(after),
	    DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		person_from(a, &res, i, &(*out)[i]);
	*n = res.nrows;
	return 0;
}

int
db_person_get(struct db *db, struct arena *a, long long org_id,
    long long user_id, struct person *p)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_PERSON_GET, &res, DB_INT(org_id),
	    DB_INT(user_id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	person_from(a, &res, 0, p);
	return 1;
}

/*
 * Locks the org's owner rows (inside a transaction) and counts them;
 * is_owner tells whether user_id is one of them.
 */
int
db_owners_lock(struct db *db, struct arena *a, long long org_id,
    size_t *owners, bool *is_owner, long long user_id)
{
	struct db_res res;
	size_t i;

	/* The lock is a write too, or two nodes both remove "the other"
	 * owner (sql/018). */
	if (DB_RUN(db, a, DB_OWNERS_GUARD, NULL, DB_INT(org_id)) == -1 ||
	    DB_RUN(db, a, DB_OWNERS_LOCK, &res, DB_INT(org_id)) == -1)
		return -1;
	*owners = res.nrows;
	*is_owner = false;
	for (i = 0; i < res.nrows; i++)
		if (db_cell_int(&res, i, 0) == user_id)
			*is_owner = true;
	return 0;
}

int
db_membership_update(struct db *db, struct arena *a, long long org_id,
    long long user_id, const char *role)
{
	return DB_RUN(db, a, DB_MEMBERSHIP_UPDATE, NULL, DB_STR(role),
	    DB_INT(org_id), DB_INT(user_id));
}

int
db_membership_delete(struct db *db, struct arena *a, long long org_id,
    long long user_id)
{
	return DB_RUN(db, a, DB_MEMBERSHIP_DELETE, NULL, DB_INT(org_id),
	    DB_INT(user_id));
}

int
db_session_create(struct db *db, struct arena *a, const char *token_hash,
    long long user_id, const char *csrf, const char *user_agent,
    long long ttl_hours)
{
	return DB_RUN(db, a, DB_SESSION_INSERT, NULL, DB_STR(token_hash),
	    DB_INT(user_id), DB_STR(csrf), DB_STR(user_agent),
	    DB_INT(ttl_hours));
}

/* Memberships by organization name, then id (as MEMBERSHIPS_OF_USER). */
static int
membership_cmp(const void *a, const void *b)
{
	const struct membership *x = a, *y = b;
	int c = strcmp(x->org_name, y->org_name);

	return c != 0 ? c : (x->org_id > y->org_id) - (x->org_id < y->org_id);
}

/*
 * The session, its user and the user's memberships, in one round trip
 * (on every signed-in request: sorted here, not by a temporary table).
 */
int
db_session_by_hash(struct db *db, struct arena *a, const char *token_hash,
    struct session *s)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_SESSION_BY_HASH, &res, DB_STR(token_hash)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	s->user_id = db_cell_int(&res, 0, 0);
	s->csrf_token = db_cell(&res, 0, 1);
	s->email = db_cell(&res, 0, 2);
	s->name = db_cell(&res, 0, 3);
	s->expires_at = db_cell_int(&res, 0, 7);
	s->provisioning_emails = db_cell_int(&res, 0, 8) != 0;
	s->last_seen_at = db_cell_int(&res, 0, 9);
	s->memberships = arena_alloc(a, res.nrows * sizeof(*s->memberships));
	s->nmemberships = 0;
	for (i = 0; i < res.nrows; i++) {
		struct membership *m = &s->memberships[s->nmemberships];

		if (db_cell(&res, i, 4) == NULL)
			continue;	/* a user of no organization */
		m->org_id = db_cell_int(&res, i, 4);
		m->org_name = db_cell(&res, i, 5);
		m->role = db_cell(&res, i, 6);
		s->nmemberships++;
	}
	qsort(s->memberships, s->nmemberships, sizeof(*s->memberships),
	    membership_cmp);
	return 1;
}

int
db_session_delete(struct db *db, struct arena *a, const char *token_hash)
{
	return DB_RUN(db, a, DB_SESSION_DELETE, NULL, DB_STR(token_hash));
}

int
db_session_seen(struct db *db, struct arena *a, const char *token_hash)
{
	return DB_RUN(db, a, DB_SESSION_SEEN, NULL, DB_STR(token_hash));
}

int
db_sessions_of(struct db *db, struct arena *a, long long user_id,
    const char *current_hash, long long before_id, long long limit,
    struct session_row **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_SESSIONS_OF_USER, &res, DB_STR(current_hash),
	    DB_INT(user_id), DB_INT(before_id), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		(*out)[i].id = db_cell_int(&res, i, 0);
		(*out)[i].user_agent = db_cell(&res, i, 1);
		(*out)[i].created_at = db_cell_time(a, &res, i, 2);
		(*out)[i].last_seen_at = db_cell_time(a, &res, i, 3);
		(*out)[i].current = db_cell_int(&res, i, 4) == 1;
	}
	*n = res.nrows;
	return 0;
}

int
db_session_of(struct db *db, struct arena *a, long long user_id,
    long long id, const char *current_hash, bool *current)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SESSION_OF_USER, &res, DB_STR(current_hash),
	    DB_INT(id), DB_INT(user_id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	*current = db_cell_int(&res, 0, 0) == 1;
	return 1;
}

int
db_session_end(struct db *db, struct arena *a, long long user_id,
    long long id, bool *ended)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SESSION_END, &res, DB_INT(id),
	    DB_INT(user_id)) == -1)
		return -1;
	*ended = res.affected == 1;
	return 0;
}

int
db_sessions_end_others(struct db *db, struct arena *a, long long user_id,
    const char *current_hash, long long *ended)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_SESSIONS_END_OTHERS, &res, DB_INT(user_id),
	    DB_STR(current_hash)) == -1)
		return -1;
	*ended = (long long)res.affected;
	return 0;
}

int
db_login_failures(struct db *db, struct arena *a, const char *scope,
    const char *subject, long long window_min, long long *count,
    long long *retry_after)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_LOGIN_FAILURES, &res, DB_INT(window_min),
	    DB_STR(scope), DB_STR(subject), DB_INT(window_min)) == -1)
		return -1;
	*count = db_cell_int(&res, 0, 0);
	*retry_after = db_cell_int(&res, 0, 1);
	return 0;
}

int
db_login_failure_add(struct db *db, struct arena *a, const char *scope,
    const char *subject)
{
	return DB_RUN(db, a, DB_LOGIN_FAILURE_ADD, NULL, DB_STR(scope),
	    DB_STR(subject));
}

int
db_login_failures_clear(struct db *db, struct arena *a, const char *email)
{
	return DB_RUN(db, a, DB_LOGIN_FAILURES_CLEAR, NULL, DB_STR(email));
}

int
db_address_attempts(struct db *db, struct arena *a, const char *kind,
    const char *address, long long window_s, long long *distinct,
    long long *since_last_ms)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_ADDRESS_ATTEMPTS, &res, DB_STR(kind),
	    DB_STR(address), DB_INT(window_s)) == -1)
		return -1;
	*distinct = db_cell_int(&res, 0, 0);
	*since_last_ms = db_cell_int(&res, 0, 1);
	return 0;
}

int
db_address_attempt_add(struct db *db, struct arena *a, const char *kind,
    const char *address, const char *subject_hash)
{
	return DB_RUN(db, a, DB_ADDRESS_ATTEMPT_ADD, NULL, DB_STR(kind),
	    DB_STR(address), DB_STR(subject_hash));
}

int
db_address_attempts_forget(struct db *db, struct arena *a, const char *kind,
    const char *address, const char *subject_hash)
{
	return DB_RUN(db, a, DB_ADDRESS_ATTEMPTS_FORGET, NULL, DB_STR(kind),
	    DB_STR(address), DB_STR(subject_hash));
}

int
db_invite_create(struct db *db, struct arena *a, long long org_id,
    const char *email, const char *role, const char *token_hash,
    long long invited_by, long long *id)
{
	struct db_res res;

	return insert_id(DB_RUN(db, a, DB_INVITE_INSERT, &res, DB_INT(org_id),
	    DB_STR(email), DB_STR(role), DB_STR(token_hash),
	    DB_INT(invited_by)), &res, id);
}

static void
invitation_from(struct arena *a, const struct db_res *res, size_t i,
    struct invitation *v)
{
	v->id = db_cell_int(res, i, 0);
	v->email = db_cell(res, i, 1);
	v->role = db_cell(res, i, 2);
	v->status = db_cell(res, i, 3);
	v->created_at = db_cell_time(a, res, i, 4);
	v->expires_at = db_cell_time(a, res, i, 5);
	v->invited_by_name = db_cell(res, i, 6);
	v->pending = db_cell_int(res, i, 7) == 1;
	v->uses = db_cell_int(res, i, 8);
}

int
db_invite_get(struct db *db, struct arena *a, long long org_id, long long id,
    struct invitation *v)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_INVITE_GET, &res, DB_INT(org_id), DB_INT(id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	invitation_from(a, &res, 0, v);
	return 1;
}

/*
 * Pending invitations first, then the rest, newest first in each. The
 * position after an item is (pending, id): those come before it.
 */
int
db_invites_list(struct db *db, struct arena *a, long long org_id,
    bool after_pending, long long after_id, long long limit,
    struct invitation **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_INVITES_LIST, &res, DB_INT(org_id),
	    DB_INT(after_pending), DB_INT(after_pending), DB_INT(after_id),
	    DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		invitation_from(a, &res, i, &(*out)[i]);
	*n = res.nrows;
	return 0;
}

int
db_invite_revoke(struct db *db, struct arena *a, long long org_id,
    long long id, bool *revoked)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_INVITE_REVOKE, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	*revoked = res.affected == 1;
	return 0;
}

int
db_invite_retoken(struct db *db, struct arena *a, long long org_id,
    long long id, const char *token_hash, bool *done)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_INVITE_RETOKEN, &res, DB_STR(token_hash),
	    DB_INT(org_id), DB_INT(id)) == -1)
		return -1;
	*done = res.affected == 1;
	return 0;
}

int
db_invite_by_token(struct db *db, struct arena *a, const char *token_hash,
    struct invite_token *t)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_INVITE_BY_TOKEN, &res, DB_STR(token_hash)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	t->id = db_cell_int(&res, 0, 0);
	t->org_id = db_cell_int(&res, 0, 1);
	t->org_name = db_cell(&res, 0, 2);
	t->email = db_cell(&res, 0, 3);
	t->role = db_cell(&res, 0, 4);
	return 1;
}

int
db_invite_claim(struct db *db, struct arena *a, long long id,
    long long user_id, bool *claimed)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_INVITE_CLAIM, &res, DB_INT(user_id),
	    DB_INT(id)) == -1)
		return -1;
	*claimed = res.affected == 1;
	return 0;
}
