/*
 * db_contacts: typed queries of the contact import; see db_contacts.h.
 */
#include "arena.h"
#include "db_contacts.h"

int
db_contacts_insert(struct db *db, struct arena *a, long long campaign_id,
    const char *rows, long long *added)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CONTACTS_INSERT, &res, DB_INT(campaign_id),
	    DB_STR(rows)) == -1)
		return -1;
	*added = (long long)res.affected;
	return 0;
}

int
db_contacts_remove(struct db *db, struct arena *a, long long campaign_id,
    const char *phones, long long *removed)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CONTACTS_REMOVE, &res, DB_STR(phones),
	    DB_INT(campaign_id)) == -1)
		return -1;
	*removed = (long long)res.affected;
	return 0;
}

int
db_contact_phones_page(struct db *db, struct arena *a, long long campaign_id,
    long long after, long long limit, struct contact_phone **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_CONTACT_PHONES_PAGE, &res, DB_INT(campaign_id),
	    DB_INT(after), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++) {
		(*out)[i].id = db_cell_int(&res, i, 0);
		(*out)[i].phone = db_cell(&res, i, 1);
	}
	*n = res.nrows;
	return 0;
}

int
db_opt_outs_page(struct db *db, struct arena *a, long long org_id,
    const char *after, long long limit, const char ***phones, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_OPT_OUTS_PAGE, &res, DB_INT(org_id), DB_STR(after),
	    DB_INT(limit)) == -1)
		return -1;
	*phones = arena_alloc(a, (res.nrows + 1) * sizeof(**phones));
	for (i = 0; i < res.nrows; i++)
		(*phones)[i] = db_cell(&res, i, 0);
	*n = res.nrows;
	return 0;
}

int
db_campaign_contacts_added(struct db *db, struct arena *a,
    long long campaign_id, long long n, const char *columns)
{
	return DB_RUN(db, a, DB_CAMPAIGN_CONTACTS_ADDED, NULL, DB_INT(n),
	    DB_STR(columns), DB_INT(campaign_id));
}
