/*
 * db_canned: typed queries of canned responses; see db_canned.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_canned.h"

#define CANNED_COLUMN(m, k, s, j) COLUMN_OF(struct canned, m, k, j)
const struct column canned_columns[] = { CANNED_TABLE(CANNED_COLUMN) };
const size_t canned_ncolumns = 0 CANNED_TABLE(COL_COUNT);

#define CAMPAIGN_COLUMN(m, k, s, j) COLUMN_OF(struct canned_campaign, m, k, j)
static const struct column campaign_columns[] = {
	CANNED_CAMPAIGN_TABLE(CAMPAIGN_COLUMN)
};
static const size_t campaign_ncolumns = 0 CANNED_CAMPAIGN_TABLE(COL_COUNT);

/* Binds 0 as SQL NULL: "no campaign". */
static struct db_arg
campaign_arg(long long campaign_id)
{
	return campaign_id > 0 ? DB_INT(campaign_id) : DB_STR(NULL);
}

int
db_canned_get(struct db *db, struct arena *a, long long org_id,
    long long id, struct canned *out)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CANNED_GET, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	db_fill(&res, 0, 1, canned_columns, canned_ncolumns, out);
	return 1;
}

int
db_canned_list(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, struct canned **out, size_t *n)
{
	struct db_res res;
	size_t i;
	int rc;

	if (campaign_id > 0)
		rc = DB_RUN(db, a, DB_CANNED_CAMPAIGN_LIST, &res,
		    DB_INT(org_id), DB_INT(campaign_id), DB_INT(campaign_id));
	else
		rc = DB_RUN(db, a, DB_CANNED_ORG_LIST, &res, DB_INT(org_id));
	if (rc == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		db_fill(&res, i, 1, canned_columns, canned_ncolumns,
		    &(*out)[i]);
	*n = res.nrows;
	return 0;
}

int
db_canned_count(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, long long *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CANNED_COUNT, &res, DB_INT(org_id),
	    campaign_arg(campaign_id)) == -1)
		return -1;
	*n = db_cell_int(&res, 0, 0);
	return 0;
}

int
db_canned_insert(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, const char *title, const char *text,
    long long user_id, long long *id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CANNED_INSERT, &res, DB_INT(org_id),
	    campaign_arg(campaign_id), DB_STR(title), DB_STR(text),
	    DB_INT(user_id)) == -1)
		return -1;
	*id = (long long)res.insert_id;
	return 0;
}

int
db_canned_update(struct db *db, struct arena *a, long long org_id,
    long long id, const char *title, const char *text)
{
	struct canned c;

	if (DB_RUN(db, a, DB_CANNED_UPDATE, NULL, DB_STR(title),
	    DB_STR(text), DB_INT(org_id), DB_INT(id)) == -1)
		return -1;
	/* An update that changes nothing affects no row: look. */
	return db_canned_get(db, a, org_id, id, &c);
}

int
db_canned_delete(struct db *db, struct arena *a, long long org_id,
    long long id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CANNED_DELETE, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	return res.affected > 0 ? 1 : 0;
}

int
db_canned_campaign(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, struct canned_campaign *out)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CANNED_CAMPAIGN, &res, DB_INT(org_id),
	    DB_INT(campaign_id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	db_fill(&res, 0, 1, campaign_columns, campaign_ncolumns, out);
	return 1;
}

int
db_canned_includers(struct db *db, struct arena *a, long long canned_id,
    struct canned_campaign **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_CANNED_INCLUDERS, &res, DB_INT(canned_id)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		db_fill(&res, i, 1, campaign_columns, campaign_ncolumns,
		    &(*out)[i]);
	*n = res.nrows;
	return 0;
}

int
db_canned_includes_count(struct db *db, struct arena *a,
    long long campaign_id, long long *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CANNED_INCLUDES_COUNT, &res,
	    DB_INT(campaign_id)) == -1)
		return -1;
	*n = db_cell_int(&res, 0, 0);
	return 0;
}

int
db_canned_include(struct db *db, struct arena *a, long long campaign_id,
    long long canned_id)
{
	return DB_RUN(db, a, DB_CANNED_INCLUDE, NULL, DB_INT(campaign_id),
	    DB_INT(canned_id));
}

int
db_canned_exclude(struct db *db, struct arena *a, long long campaign_id,
    long long canned_id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CANNED_EXCLUDE, &res, DB_INT(campaign_id),
	    DB_INT(canned_id)) == -1)
		return -1;
	return res.affected > 0 ? 1 : 0;
}
