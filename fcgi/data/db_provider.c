/*
 * db_provider: typed queries over the provisioner's work and the provider
 * side; see db_provider.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "db_numbers.h"
#include "db_provider.h"
#include "refs.h"

int
db_deployment_id(struct db *db, struct arena *a, const char **id)
{
	struct db_res res;

	if (db->deployment_id[0] == '\0') {
		if (db_run(db, a, DB_DEPLOYMENT_ID, NULL, 0, &res) == -1)
			return -1;
		if (res.nrows != 1 || !refs_deployment_ok(db_cell(&res, 0, 0)))
			return -1;	/* migrate makes it: never missing */
		snprintf(db->deployment_id, sizeof(db->deployment_id), "%s",
		    db_cell(&res, 0, 0));
	}
	*id = db->deployment_id;
	return 0;
}

int
db_deployment_renew(struct db *db, struct arena *a)
{
	db->deployment_id[0] = '\0';
	return db_run(db, a, DB_DEPLOYMENT_RENEW, NULL, 0, NULL);
}

int
db_status(struct db *db, struct arena *a, struct status_line **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (db_run(db, a, DB_STATUS_LINES, NULL, 0, &res) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		(*out)[i].name = db_cell(&res, i, 0);
		(*out)[i].value = db_cell(&res, i, 1);
	}
	*n = res.nrows;
	return 0;
}

/* ------------------------------------------------------- the number's work */

#define WORK_COLUMN(m, k, s, j) COLUMN_OF(struct number_work, m, k, j)
static const struct column work_columns[] = { NUMBER_WORK_TABLE(WORK_COLUMN) };
static const size_t work_ncolumns = 0 NUMBER_WORK_TABLE(COL_COUNT);

static void
work_from(const struct db_res *res, struct number_work *w)
{
	memset(w, 0, sizeof(*w));
	db_fill(res, 0, 1, work_columns, work_ncolumns, w);
}

int
db_number_work_claim(struct db *db, struct arena *a, const char *owner,
    long long lease_s, struct number_work *w)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_NUMBER_CLAIM, &res, DB_STR(owner),
	    DB_INT(lease_s)) == -1)
		return -1;
	if (res.affected == 0 && (DB_RUN(db, a, DB_NUMBER_CLAIM_RELEASE, &res,
	    DB_STR(owner), DB_INT(lease_s)) == -1))
		return -1;
	if (res.affected == 0)
		return 0;
	return db_number_work_read(db, a, owner, w);
}

int
db_number_work_read(struct db *db, struct arena *a, const char *owner,
    struct number_work *w)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_NUMBER_WORK, &res, DB_STR(owner)) == -1)
		return -1;
	if (res.nrows != 1)
		return 0;
	work_from(&res, w);
	return 1;
}

int
db_number_work_keep(struct db *db, struct arena *a, const char *owner,
    const struct number_work *w)
{
	return DB_RUN(db, a, DB_NUMBER_KEEP, NULL, DB_STR(w->phone_number),
	    DB_STR(w->order_id), DB_STR(w->provider_number_id),
	    DB_STR(w->provider_ref), DB_INT(w->id), DB_STR(owner));
}

int
db_number_work_save(struct db *db, struct arena *a, const char *owner,
    const struct number_work *w, const char *step, long long delay_s,
    long long deadline_minutes)
{
	return DB_RUN(db, a, DB_NUMBER_SAVE, NULL, DB_STR(step),
	    DB_STR(w->phone_number), DB_STR(w->order_id),
	    DB_STR(w->provider_number_id), DB_STR(w->provider_ref),
	    DB_INT(w->order_attempts), DB_INT(w->poll_interval_s),
	    DB_INT(delay_s), DB_INT(deadline_minutes), DB_INT(w->id),
	    DB_STR(owner));
}

int
db_number_reserve(struct db *db, struct arena *a, const char *owner,
    long long id, const char *e164)
{
	return DB_RUN(db, a, DB_NUMBER_RESERVE, NULL, DB_STR(e164), DB_INT(id),
	    DB_STR(owner));
}

int
db_number_ref_set(struct db *db, struct arena *a, const char *owner,
    long long id, const char *ref)
{
	return DB_RUN(db, a, DB_NUMBER_REF_SET, NULL, DB_STR(ref), DB_INT(id),
	    DB_STR(owner));
}

int
db_number_released(struct db *db, struct arena *a, const char *owner,
    long long id, const char *provider_number_id)
{
	return DB_RUN(db, a, DB_NUMBER_RELEASED, NULL,
	    DB_STR(provider_number_id), DB_INT(id), DB_STR(owner));
}

int
db_number_release_later(struct db *db, struct arena *a, const char *owner,
    long long id, const char *provider_number_id, long long delay_s)
{
	return DB_RUN(db, a, DB_NUMBER_RELEASE_LATER, NULL,
	    DB_STR(provider_number_id), DB_INT(delay_s), DB_INT(id),
	    DB_STR(owner));
}

int
db_number_release_failed(struct db *db, struct arena *a, const char *owner,
    long long id, const char *error)
{
	char *cut = arena_strndup(a, error, 990);

	return DB_RUN(db, a, DB_NUMBER_RELEASE_FAILED, NULL, DB_STR(cut),
	    DB_INT(id), DB_STR(owner));
}

int
db_webhook_first(struct db *db, struct arena *a, const char *event_id,
    const char *event_type)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_WEBHOOK_SEEN, &res, DB_STR(event_id),
	    DB_STR(event_type)) == -1)
		return -1;
	return res.affected == 1;
}

int
db_number_wake_by_e164(struct db *db, struct arena *a, const char *e164,
    const char *note)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_NUMBER_ID_BY_E164, &res, DB_STR(e164)) == -1 ||
	    (res.nrows == 1 && db_number_event(db, a, db_cell_int(&res, 0, 0),
	    "webhook", note) == -1))
		return -1;
	return DB_RUN(db, a, DB_NUMBER_WAKE_BY_E164, NULL, DB_STR(e164));
}

int
db_number_wake_by_order(struct db *db, struct arena *a, const char *order_id)
{
	return DB_RUN(db, a, DB_NUMBER_WAKE_BY_ORDER, NULL, DB_STR(order_id));
}

/* ------------------------------------------------------ messaging profiles */

int
db_profile_lease(struct db *db, struct arena *a, long long org_id,
    const char *name, const char *owner, long long lease_s, bool *lease)
{
	struct db_res res;

	*lease = false;
	if (DB_RUN(db, a, DB_PROFILE_ROW, NULL, DB_INT(org_id),
	    DB_STR(name)) == -1 || DB_RUN(db, a, DB_PROFILE_LEASE, &res,
	    DB_STR(owner), DB_INT(lease_s), DB_INT(org_id)) == -1)
		return -1;
	*lease = res.affected == 1;
	return 0;
}

int
db_profile_set(struct db *db, struct arena *a, long long org_id,
    const char *owner, const char *profile_id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_PROFILE_SET, &res, DB_STR(profile_id),
	    DB_INT(org_id), DB_STR(owner)) == -1)
		return -1;
	return res.affected == 1 ? 0 : -1;
}

int
db_profile_unlease(struct db *db, struct arena *a, long long org_id,
    const char *owner)
{
	return DB_RUN(db, a, DB_PROFILE_UNLEASE, NULL, DB_INT(org_id),
	    DB_STR(owner));
}

#define PROFILE_COLUMN(m, k, s, j) COLUMN_OF(struct profile_row, m, k, j)
static const struct column profile_columns[] = {
	PROFILE_MADE_TABLE(PROFILE_COLUMN)
};
static const size_t profile_ncolumns = 0 PROFILE_MADE_TABLE(COL_COUNT);

int
db_profiles_made(struct db *db, struct arena *a, struct profile_row **out,
    size_t *n)
{
	struct db_res res;
	size_t i;

	if (db_run(db, a, DB_PROFILES_MADE, NULL, 0, &res) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		db_fill(&res, i, 1, profile_columns, profile_ncolumns,
		    &(*out)[i]);
	*n = res.nrows;
	return 0;
}

/* ---------------------------------------------------------------- use cases */

#define CHECK_COLUMN(m, k, s, j) COLUMN_OF(struct use_case_check, m, k, j)
static const struct column check_columns[] = {
	USE_CASE_CHECK_TABLE(CHECK_COLUMN)
};
static const size_t check_ncolumns = 0 USE_CASE_CHECK_TABLE(COL_COUNT);

static void
check_from(const struct db_res *res, size_t i, struct use_case_check *c)
{
	db_fill(res, i, 1, check_columns, check_ncolumns, c);
}

int
db_use_cases_to_check(struct db *db, struct arena *a, long long interval_s,
    struct use_case_check **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_USE_CASES_TO_CHECK, &res,
	    DB_INT(interval_s)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		check_from(&res, i, &(*out)[i]);
	*n = res.nrows;
	return 0;
}

int
db_use_case_for_check(struct db *db, struct arena *a, long long id,
    struct use_case_check *c)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_USE_CASE_FOR_CHECK, &res, DB_INT(id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	check_from(&res, 0, c);
	return 1;
}

int
db_use_case_resolved(struct db *db, struct arena *a, long long id,
    const char *campaign_id, const char *tcr_id)
{
	return DB_RUN(db, a, DB_USE_CASE_RESOLVED, NULL, DB_STR(campaign_id),
	    DB_STR(tcr_id), DB_INT(id));
}

/* status_detail is 255 characters: the provider's words are cut there. */
static const char *
detail_cut(struct arena *a, const char *detail)
{
	size_t len;

	if (detail == NULL || (len = strlen(detail)) <= 250)
		return detail;
	len = 250;
	while (len > 0 && ((unsigned char)detail[len] & 0xc0) == 0x80)
		len--;
	return arena_strndup(a, detail, len);
}

int
db_use_case_set_status(struct db *db, struct arena *a, long long id,
    const char *status, const char *detail)
{
	return DB_RUN(db, a, DB_USE_CASE_SET_STATUS, NULL, DB_STR(status),
	    DB_STR(detail_cut(a, detail)), DB_INT(id));
}

int
db_use_case_touch(struct db *db, struct arena *a, long long id,
    const char *detail)
{
	return DB_RUN(db, a, DB_USE_CASE_TOUCH, NULL,
	    DB_STR(detail_cut(a, detail)), DB_INT(id));
}

#define RESOLVED_COLUMN(m, k, s, j) COLUMN_OF(struct use_case_row, m, k, j)
static const struct column resolved_columns[] = {
	USE_CASE_RESOLVED_TABLE(RESOLVED_COLUMN)
};
static const size_t resolved_ncolumns = 0 USE_CASE_RESOLVED_TABLE(COL_COUNT);

int
db_use_cases_resolved(struct db *db, struct arena *a,
    struct use_case_row **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (db_run(db, a, DB_USE_CASES_RESOLVED_ALL, NULL, 0, &res) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		db_fill(&res, i, 1, resolved_columns, resolved_ncolumns,
		    &(*out)[i]);
	*n = res.nrows;
	return 0;
}

#define LIVE_COLUMN(m, k, s, j) COLUMN_OF(struct live_number, m, k, j)
static const struct column live_columns[] = { LIVE_NUMBER_TABLE(LIVE_COLUMN) };
static const size_t live_ncolumns = 0 LIVE_NUMBER_TABLE(COL_COUNT);

int
db_numbers_at_provider(struct db *db, struct arena *a,
    struct live_number **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (db_run(db, a, DB_NUMBERS_AT_PROVIDER, NULL, 0, &res) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		db_fill(&res, i, 1, live_columns, live_ncolumns, &(*out)[i]);
	*n = res.nrows;
	return 0;
}
