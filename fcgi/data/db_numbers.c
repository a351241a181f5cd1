/*
 * db_numbers: typed queries over use cases and numbers; see db_numbers.h.
 *
 * Lock order (the whole rule, and why, is at the top of db_campaigns.c):
 * campaigns by primary key, then use_cases, then phone_numbers, then the
 * rows hanging off them. The end of a number's provisioning (domain/
 * number_end.c) locks its campaigns first, through
 * db_campaigns_lock_of_number(), and only then the number.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_numbers.h"

#define AREA_CODE_COLUMN(m, k, s, j) COLUMN_OF(struct area_code, m, k, j)
const struct column area_code_columns[] = {
	AREA_CODE_TABLE(AREA_CODE_COLUMN)
};
const size_t area_code_ncolumns = 0 AREA_CODE_TABLE(COL_COUNT);

#define USE_CASE_COLUMN(m, k, s, j) COLUMN_OF(struct use_case, m, k, j)
const struct column use_case_columns[] = { USE_CASE_TABLE(USE_CASE_COLUMN) };
const size_t use_case_ncolumns = 0 USE_CASE_TABLE(COL_COUNT);

#define NUMBER_COLUMN(m, k, s, j) COLUMN_OF(struct number, m, k, j)
const struct column number_columns[] = { NUMBER_TABLE(NUMBER_COLUMN) };
const size_t number_ncolumns = 0 NUMBER_TABLE(COL_COUNT);

#define NUMBER_EVENT_COLUMN(m, k, s, j) \
	COLUMN_OF(struct number_event, m, k, j)
const struct column number_event_columns[] = {
	NUMBER_EVENT_TABLE(NUMBER_EVENT_COLUMN)
};
const size_t number_event_ncolumns = 0 NUMBER_EVENT_TABLE(COL_COUNT);

int
db_area_codes(struct db *db, struct arena *a, struct area_code **out,
    size_t *n)
{
	struct db_res res;
	size_t i;

	if (db_run(db, a, DB_AREA_CODES_ALL, NULL, 0, &res) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		db_fill(&res, i, 1, area_code_columns, area_code_ncolumns,
		    &(*out)[i]);
	*n = res.nrows;
	return 0;
}

static void
use_case_from(const struct db_res *res, size_t i, struct use_case *u)
{
	memset(u, 0, sizeof(*u));
	db_fill(res, i, 1, use_case_columns, use_case_ncolumns, u);
}

int
db_use_case_create(struct db *db, struct arena *a, long long org_id,
    const char *name, const char *campaign_id, long long messages_per_minute,
    long long *id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_USE_CASE_INSERT, &res, DB_INT(org_id),
	    DB_STR(name), DB_STR(campaign_id), messages_per_minute > 0 ?
	    DB_INT(messages_per_minute) : DB_STR(NULL)) == -1)
		return -1;
	*id = (long long)res.insert_id;
	return 0;
}

int
db_use_case_pace(struct db *db, struct arena *a, long long org_id,
    long long id, long long messages_per_minute)
{
	return DB_RUN(db, a, DB_USE_CASE_PACE, NULL, messages_per_minute > 0 ?
	    DB_INT(messages_per_minute) : DB_STR(NULL), DB_INT(org_id),
	    DB_INT(id));
}

int
db_use_cases_list(struct db *db, struct arena *a, long long org_id,
    long long after, long long limit, struct use_case **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_USE_CASES_LIST, &res, DB_INT(org_id),
	    DB_INT(after), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		use_case_from(&res, i, &(*out)[i]);
	*n = res.nrows;
	return 0;
}

/* for_update locks the row: creating numbers under the cap serializes. */
int
db_use_case_get(struct db *db, struct arena *a, long long org_id, long long id,
    bool for_update, struct use_case *u)
{
	struct db_res res;

	/* The lock is a write too, or two nodes both pass the cap (sql/018). */
	if (for_update && DB_RUN(db, a, DB_USE_CASE_GUARD, NULL, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	if (DB_RUN(db, a, for_update ? DB_USE_CASE_LOCK : DB_USE_CASE_GET,
	    &res, DB_INT(org_id), DB_INT(id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	use_case_from(&res, 0, u);
	return 1;
}

int
db_use_case_mark_stale(struct db *db, struct arena *a, long long org_id,
    long long id)
{
	return DB_RUN(db, a, DB_USE_CASE_MARK_STALE, NULL, DB_INT(org_id),
	    DB_INT(id));
}

int
db_number_create(struct db *db, struct arena *a, long long org_id,
    long long use_case_id, const char *kind, const char *name,
    const char *area_codes, long long initiated_by, long long *id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_NUMBER_INSERT, &res, DB_INT(org_id),
	    DB_INT(use_case_id), DB_STR(kind), DB_STR(name),
	    DB_STR(area_codes), DB_INT(initiated_by)) == -1)
		return -1;
	*id = (long long)res.insert_id;
	return 0;
}

static void
number_from(const struct db_res *res, size_t i, struct number *n)
{
	memset(n, 0, sizeof(*n));
	db_fill(res, i, 1, number_columns, number_ncolumns, n);
}

/* kind and status filter when not NULL. */
int
db_numbers_list(struct db *db, struct arena *a, long long org_id,
    const char *kind, const char *status, long long before, long long limit,
    struct number **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_NUMBERS_LIST, &res, DB_INT(org_id),
	    DB_INT(before), DB_STR(kind), DB_STR(kind), DB_STR(status),
	    DB_STR(status), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		number_from(&res, i, &(*out)[i]);
	*n = res.nrows;
	return 0;
}

int
db_number_get(struct db *db, struct arena *a, long long org_id, long long id,
    struct number *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_NUMBER_GET, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	number_from(&res, 0, n);
	return 1;
}

int
db_number_events(struct db *db, struct arena *a, long long number_id,
    struct number_event **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_NUMBER_EVENTS, &res, DB_INT(number_id)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		db_fill(&res, i, 1, number_event_columns,
		    number_event_ncolumns, &(*out)[i]);
	*n = res.nrows;
	return 0;
}

/* Adds a timeline entry; the detail is cut to the column's 2000 bytes. */
int
db_number_event(struct db *db, struct arena *a, long long number_id,
    const char *kind, const char *detail)
{
	size_t len = strlen(detail);
	char *cut;

	if (len > 1990) {
		len = 1990;
		while (len > 0 && ((unsigned char)detail[len] & 0xc0) == 0x80)
			len--;	/* not inside a UTF-8 sequence */
		cut = arena_strndup(a, detail, len);
		detail = cut;
	}
	return DB_RUN(db, a, DB_NUMBER_EVENT_ADD, NULL, DB_INT(number_id),
	    DB_STR(kind), DB_STR(detail));
}

int
db_number_release_request(struct db *db, struct arena *a, long long org_id,
    long long id, bool *done)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_NUMBER_RELEASE_REQUEST, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	*done = res.affected == 1;
	return 0;
}

int
db_number_finish_row(struct db *db, struct arena *a, long long id,
    const char *owner, const char *status, const char *reason, bool *done)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_NUMBER_FINISH, &res, DB_STR(status),
	    DB_STR(reason), DB_INT(id), DB_STR(owner)) == -1)
		return -1;
	*done = res.affected == 1;
	return 0;
}
