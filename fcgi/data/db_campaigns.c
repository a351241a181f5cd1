/*
 * db_campaigns: typed queries over campaigns; see db_campaigns.h.
 *
 * Lock order. Every transaction that locks rows of more than one of these
 * tables takes them in this order, so no two can wait on each other in a
 * cycle (archive, retry, clone, followups, launch and the scheduled
 * launch, PATCH, number DELETE, and number_end() in domain/number_end.c):
 *
 *   1. campaigns, by primary key, lowest id first. Never FOR UPDATE
 *      through a secondary index: that locks index entries which a
 *      transaction holding the campaign's row is about to rewrite.
 *      A campaign's number is found first by a read without locks
 *      (db_campaigns_lock_of_number). The one exception, the scheduled
 *      launch's claim (CAMPAIGN_DUE), skips locked rows and so never
 *      waits.
 *   2. use_cases (launch: the 49-number cap, USE_CASE_LOCK).
 *   3. phone_numbers. Writing a campaign's status or number rewrites its
 *      campaigns_number entry, whose foreign key check takes a shared
 *      lock on the number: in order, after the campaign.
 *   4. rows hanging off them: provisioning_events, email_outbox,
 *      conversations.
 *
 * So a number's end of provisioning locks its campaigns before the number
 * itself, the reverse of how it reads. What can still deadlock (gap locks,
 * the provisioners' claim scans) is run again whole (txn.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "db_campaigns.h"

#define OR_NULL(x)	((x) != 0 ? DB_INT(x) : DB_STR(NULL))

#define CAMPAIGN_COLUMN(m, k, s, j) COLUMN_OF(struct campaign, m, k, j)
const struct column campaign_columns[] = { CAMPAIGN_TABLE(CAMPAIGN_COLUMN) };
const size_t campaign_ncolumns = 0 CAMPAIGN_TABLE(COL_COUNT);

static void
campaign_from(const struct db_res *res, size_t i, struct campaign *c)
{
	memset(c, 0, sizeof(*c));
	db_fill(res, i, 1, campaign_columns, campaign_ncolumns, c);
}

int
db_campaign_insert(struct db *db, struct arena *a, long long org_id,
    long long parent_id, const struct campaign_values *v,
    const char *contact_columns, long long created_by, long long *id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CAMPAIGN_INSERT, &res, DB_INT(org_id),
	    OR_NULL(parent_id), DB_STR(v->name), DB_STR(v->description),
	    DB_STR(v->time_zone), DB_STR(v->start_at), DB_STR(v->end_at),
	    DB_INT(v->open_from), DB_INT(v->open_until),
	    DB_STR(v->org_display_name), DB_STR(v->opt_out_language),
	    DB_STR(v->number_mode), OR_NULL(v->phone_number_id),
	    OR_NULL(v->use_case_id), DB_STR(v->regions), DB_STR(v->script),
	    DB_INT(v->self_assign), OR_NULL(v->batch_size),
	    DB_STR(v->launch_at), OR_NULL(v->scheduled_by),
	    DB_STR(contact_columns), DB_INT(created_by)) == -1)
		return -1;
	*id = (long long)res.insert_id;
	return 0;
}

int
db_campaign_get(struct db *db, struct arena *a, long long org_id,
    long long id, struct campaign *c)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CAMPAIGN_GET, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	campaign_from(&res, 0, c);
	return 1;
}

int
db_campaign_by_token(struct db *db, struct arena *a, const char *token,
    struct campaign *c)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CAMPAIGN_BY_TOKEN, &res, DB_STR(token)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	campaign_from(&res, 0, c);
	return 1;
}

int
db_campaign_lock(struct db *db, struct arena *a, long long org_id,
    long long id)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CAMPAIGN_LOCK, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	return res.nrows == 1;
}

#define REF_COLUMN(m, k, s, j) COLUMN_OF(struct campaign_ref, m, k, j)
static const struct column ref_columns[] = { CAMPAIGN_REF_TABLE(REF_COLUMN) };
static const size_t ref_ncolumns = 0 CAMPAIGN_REF_TABLE(COL_COUNT);

int
db_campaigns_lock_of_number(struct db *db, struct arena *a,
    long long number_id, struct campaign_ref **out, size_t *n)
{
	struct db_res ids, row;
	size_t i;

	*n = 0;
	if (DB_RUN(db, a, DB_CAMPAIGN_IDS_OF_NUMBER, &ids,
	    DB_INT(number_id)) == -1)
		return -1;
	*out = arena_alloc(a, (ids.nrows + 1) * sizeof(**out));
	for (i = 0; i < ids.nrows; i++) {	/* ascending ids */
		if (DB_RUN(db, a, DB_CAMPAIGN_LOCK_ON_NUMBER, &row,
		    DB_INT(db_cell_int(&ids, i, 0)), DB_INT(number_id)) == -1)
			return -1;
		if (row.nrows == 0)
			continue;	/* moved to another number meanwhile */
		db_fill(&row, 0, 1, ref_columns, ref_ncolumns, &(*out)[*n]);
		(*n)++;
	}
	return 0;
}

int
db_campaigns_list(struct db *db, struct arena *a, long long org_id,
    const char *status, long long before, long long limit,
    struct campaign **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_CAMPAIGNS_LIST, &res, DB_INT(org_id),
	    DB_INT(before), DB_STR(status), DB_STR(status),
	    DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		campaign_from(&res, i, &(*out)[i]);
	*n = res.nrows;
	return 0;
}

int
db_campaign_update(struct db *db, struct arena *a, long long id,
    const struct campaign_values *v)
{
	return DB_RUN(db, a, DB_CAMPAIGN_UPDATE, NULL, DB_STR(v->name),
	    DB_STR(v->description), DB_STR(v->time_zone), DB_STR(v->start_at),
	    DB_STR(v->end_at), DB_INT(v->open_from), DB_INT(v->open_until),
	    DB_STR(v->org_display_name), DB_STR(v->opt_out_language),
	    DB_STR(v->number_mode), OR_NULL(v->phone_number_id),
	    OR_NULL(v->use_case_id), DB_STR(v->regions), DB_STR(v->script),
	    DB_INT(v->self_assign), OR_NULL(v->batch_size),
	    DB_STR(v->launch_at), DB_STR(v->launch_error),
	    OR_NULL(v->scheduled_by), DB_INT(id));
}

int
db_campaign_set_status(struct db *db, struct arena *a, long long id,
    const char *status)
{
	return DB_RUN(db, a, DB_CAMPAIGN_SET_STATUS, NULL, DB_STR(status),
	    DB_STR(status), DB_STR(status), DB_STR(status), DB_INT(id));
}

int
db_campaign_launched(struct db *db, struct arena *a, long long id,
    const char *status, long long number_id, long long by, bool incident,
    long long wait_minutes)
{
	return DB_RUN(db, a, DB_CAMPAIGN_LAUNCHED, NULL, DB_STR(status),
	    OR_NULL(number_id), OR_NULL(by), DB_STR(status),
	    DB_INT(incident), DB_INT(wait_minutes), DB_INT(id));
}

int
db_campaign_launch_refused(struct db *db, struct arena *a, long long id,
    const char *why)
{
	return DB_RUN(db, a, DB_CAMPAIGN_LAUNCH_REFUSED, NULL, DB_STR(why),
	    DB_INT(id));
}

int
db_campaigns_using_number(struct db *db, struct arena *a, long long org_id,
    long long number_id, long long *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CAMPAIGNS_USING_NUMBER, &res, DB_INT(org_id),
	    DB_INT(number_id)) == -1)
		return -1;
	*n = db_cell_int(&res, 0, 0);
	return 0;
}

int
db_campaign_clone(struct db *db, struct arena *a, long long org_id,
    long long id, const char *name, long long by, long long *id_out)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CAMPAIGN_CLONE, &res, DB_STR(name),
	    DB_INT(by), DB_INT(org_id), DB_INT(id)) == -1 || res.affected != 1)
		return -1;
	*id_out = (long long)res.insert_id;
	return 0;
}

int
db_campaign_names_from(struct db *db, struct arena *a, long long org_id,
    const char *prefix, const char ***names, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_CAMPAIGN_NAMES_FROM, &res, DB_INT(org_id),
	    DB_STR(prefix), DB_STR(prefix)) == -1)
		return -1;
	*names = arena_alloc(a, (res.nrows + 1) * sizeof(**names));
	for (i = 0; i < res.nrows; i++)
		(*names)[i] = db_cell(&res, i, 0);
	*n = res.nrows;
	return 0;
}

int
db_campaign_followup(struct db *db, struct arena *a, long long org_id,
    long long id, const char *name, long long by, long long *id_out)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CAMPAIGN_FOLLOWUP, &res, DB_STR(name), DB_INT(by),
	    DB_INT(org_id), DB_INT(id)) == -1 || res.affected != 1)
		return -1;
	*id_out = (long long)res.insert_id;
	return 0;
}

int
db_contacts_copy(struct db *db, struct arena *a, long long org_id,
    long long dst, long long src, long long *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CONTACTS_COPY, &res, DB_INT(dst), DB_INT(src),
	    DB_INT(org_id)) == -1)
		return -1;
	*n = (long long)res.affected;
	return 0;
}

int
db_contacts_copy_targeted(struct db *db, struct arena *a, long long org_id,
    long long dst, long long src, bool no_replied, bool no_not_replied,
    bool no_opted_out, long long *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CONTACTS_COPY_TARGETED, &res, DB_INT(dst),
	    DB_INT(src), DB_INT(org_id), DB_INT(no_replied),
	    DB_INT(no_not_replied), DB_INT(no_opted_out)) == -1)
		return -1;
	*n = (long long)res.affected;
	return 0;
}

int
db_campaign_count_contacts(struct db *db, struct arena *a, long long id)
{
	return DB_RUN(db, a, DB_CAMPAIGN_COUNT_CONTACTS, NULL, DB_INT(id),
	    DB_INT(id));
}

#define CONTACT_COLUMN(m, k, s, j) COLUMN_OF(struct contact, m, k, j)
const struct column contact_row_columns[] = { CONTACT_TABLE(CONTACT_COLUMN) };
const size_t contact_row_ncolumns = 0 CONTACT_TABLE(COL_COUNT);

static void
contact_from(const struct db_res *res, size_t i, struct contact *c)
{
	db_fill(res, i, 1, contact_row_columns, contact_row_ncolumns, c);
}

int
db_contacts_list(struct db *db, struct arena *a, long long campaign_id,
    long long after, long long limit, struct contact **out, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_CONTACTS_LIST, &res, DB_INT(campaign_id),
	    DB_INT(after), DB_INT(limit)) == -1)
		return -1;
	*out = arena_alloc(a, (res.nrows + 1) * sizeof(**out));
	for (i = 0; i < res.nrows; i++)
		contact_from(&res, i, &(*out)[i]);
	*n = res.nrows;
	return 0;
}

int
db_contact_first(struct db *db, struct arena *a, long long campaign_id,
    long long id, struct contact *c)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_CONTACT_FIRST, &res, DB_INT(campaign_id),
	    DB_INT(id), DB_INT(id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	contact_from(&res, 0, c);
	return 1;
}

#define BRIEF_COLUMN(m, k, s, j) COLUMN_OF(struct number_brief, m, k, j)
static const struct column brief_columns[] = {
	NUMBER_BRIEF_TABLE(BRIEF_COLUMN)
};
static const size_t brief_ncolumns = 0 NUMBER_BRIEF_TABLE(COL_COUNT);

int
db_number_brief(struct db *db, struct arena *a, long long org_id,
    long long id, struct number_brief *n)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_NUMBER_BRIEF, &res, DB_INT(org_id),
	    DB_INT(id)) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	db_fill(&res, 0, 1, brief_columns, brief_ncolumns, n);
	return 1;
}

/* The first column of every row, joined with commas. */
static const char *
join_codes(struct arena *a, const struct db_res *res)
{
	struct buf b;
	const char *out;
	size_t i;

	buf_init(&b, 1 << 16);
	for (i = 0; i < res->nrows; i++) {
		if (i > 0)
			buf_adds(&b, ",");
		buf_adds(&b, db_cell(res, i, 0));
	}
	out = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return out;
}

int
db_state_area_codes(struct db *db, struct arena *a, const char *state,
    const char **codes)
{
	struct db_res res;

	if (DB_RUN(db, a, DB_AREA_CODES_OF_STATE, &res, DB_STR(state)) == -1)
		return -1;
	*codes = join_codes(a, &res);
	return 0;
}

int
db_all_area_codes(struct db *db, struct arena *a, const char **codes)
{
	struct db_res res;

	if (db_run(db, a, DB_AREA_CODES_ALL, NULL, 0, &res) == -1)
		return -1;
	*codes = join_codes(a, &res);
	return 0;
}

int
db_platform(struct db *db, struct arena *a, struct platform *p)
{
	struct db_res res;
	const char *v;

	p->provisioning_launch = true;
	p->incident_wait_minutes = 10;
	if (DB_RUN(db, a, DB_SETTING_GET, &res,
	    DB_STR("provisioning_launch")) == -1)
		return -1;
	if ((v = db_cell(&res, 0, 0)) != NULL)
		p->provisioning_launch = strcmp(v, "off") != 0;
	if (DB_RUN(db, a, DB_SETTING_GET, &res,
	    DB_STR("incident_wait_minutes")) == -1)
		return -1;
	if ((v = db_cell(&res, 0, 0)) != NULL)
		p->incident_wait_minutes = strtoll(v, NULL, 10);
	return 0;
}

int
db_setting_set(struct db *db, struct arena *a, const char *name,
    const char *value)
{
	return DB_RUN(db, a, DB_SETTING_SET, NULL, DB_STR(name),
	    DB_STR(value));
}

int
db_provisioning_history(struct db *db, struct arena *a, int how, int width,
    long long **secs, size_t *n)
{
	struct db_res res;
	size_t i;

	if (DB_RUN(db, a, DB_PROVISIONING_HISTORY, &res, DB_INT(how),
	    DB_INT(how), DB_INT(width)) == -1)
		return -1;
	*secs = arena_alloc(a, (res.nrows + 1) * sizeof(**secs));
	for (i = 0; i < res.nrows; i++)
		(*secs)[i] = db_cell_int(&res, i, 0);
	*n = res.nrows;
	return 0;
}

int
db_campaign_due(struct db *db, struct arena *a, long long *id,
    long long *org_id, long long *by)
{
	struct db_res res;

	if (db_run(db, a, DB_CAMPAIGN_DUE, NULL, 0, &res) == -1)
		return -1;
	if (res.nrows == 0)
		return 0;
	*id = db_cell_int(&res, 0, 0);
	*org_id = db_cell_int(&res, 0, 1);
	*by = db_cell_int(&res, 0, 2);
	return 1;
}
