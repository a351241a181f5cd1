/*
 * db_canned: typed queries of canned responses (sql/021): a campaign's
 * own, the organization-wide ones and the campaigns including them.
 * Strings point into the caller's arena. Lookups 1 / 0 / -1, actions
 * 0 / -1; every one takes the organization, so another's ids find nothing.
 */
#ifndef LL_DB_CANNED_H
#define LL_DB_CANNED_H

#include "db.h"

struct canned {
	long long	 id;
	long long	 campaign_id;		/* 0: organization-wide */
	const char	*title, *text;
	const char	*created_at, *updated_at;	/* DATETIME text */
};

/* A campaign as the merge-field check sees it. */
struct canned_campaign {
	long long	 id;
	const char	*name;
	const char	*contact_columns;	/* JSON array, or NULL */
};

/* CANNED_TABLE (db_sql_canned.h) as struct columns (columns.h). */
extern const struct column	canned_columns[];
extern const size_t		canned_ncolumns;

int	db_canned_get(struct db *, struct arena *, long long org_id,
	    long long id, struct canned *);
/* The organization-wide ones (campaign_id 0), or a campaign's own and
 * those it includes; by title. */
int	db_canned_list(struct db *, struct arena *, long long org_id,
	    long long campaign_id, struct canned **, size_t *);
/* How many one scope holds (campaign_id 0: the organization's). */
int	db_canned_count(struct db *, struct arena *, long long org_id,
	    long long campaign_id, long long *n);
int	db_canned_insert(struct db *, struct arena *, long long org_id,
	    long long campaign_id, const char *title, const char *text,
	    long long user_id, long long *id);
/* 1 changed (or already so), 0 none such. */
int	db_canned_update(struct db *, struct arena *, long long org_id,
	    long long id, const char *title, const char *text);
/* 1 deleted (with its inclusions), 0 none such. */
int	db_canned_delete(struct db *, struct arena *, long long org_id,
	    long long id);

int	db_canned_campaign(struct db *, struct arena *, long long org_id,
	    long long campaign_id, struct canned_campaign *);
/* The campaigns including organization-wide canned_id. */
int	db_canned_includers(struct db *, struct arena *, long long canned_id,
	    struct canned_campaign **, size_t *);
int	db_canned_includes_count(struct db *, struct arena *,
	    long long campaign_id, long long *n);
int	db_canned_include(struct db *, struct arena *, long long campaign_id,
	    long long canned_id);
/* 1 removed, 0 it was not included. */
int	db_canned_exclude(struct db *, struct arena *, long long campaign_id,
	    long long canned_id);

#endif
