/*
 * db_texters: typed queries of texters on campaigns, the conversation
 * statuses and a texter's counts, and invite links. Strings point into
 * the caller's arena. Lookups 1 / 0 / -1, actions 0 / -1.
 */
#ifndef LL_DB_TEXTERS_H
#define LL_DB_TEXTERS_H

#include <stdbool.h>

#include "db.h"

/* The conversation statuses, in the order the API lists them. */
#define CONV_NSTATUS	5
extern const char *const conv_statuses[CONV_NSTATUS];
int	conv_status_index(const char *);	/* -1 when unknown */

/* A row of TEXTER_TABLE (db_sql_texting.h). */
struct texter {
	long long	 user_id;
	const char	*name, *email, *role, *added_at;
};

/* TEXTER_TABLE as struct columns (columns.h), for the Texter object. */
extern const struct column	texter_columns[];
extern const size_t		texter_ncolumns;

/* Conversation counts: by status, plus opted out (of any status). */
struct conv_counts {
	long long	 status[CONV_NSTATUS], opted_out, total;
};

/* Adds n conversations of (status, opted_out) to a counts record. */
void	conv_counts_add(struct conv_counts *, const char *status, bool opted_out,
	    long long n);

struct texter_counts {
	long long	 user_id;		/* 0: Unassigned */
	struct conv_counts c;
};

int	db_member_role(struct db *, struct arena *, long long org_id,
	    long long user_id, const char **role);
int	db_is_texter(struct db *, struct arena *, long long campaign_id,
	    long long user_id);
int	db_texters(struct db *, struct arena *, long long org_id,
	    long long campaign_id, long long after, long long limit,
	    struct texter **, size_t *);
int	db_texter_add(struct db *, struct arena *, long long campaign_id,
	    long long user_id);
int	db_my_counts(struct db *, struct arena *, long long campaign_id,
	    long long user_id, struct conv_counts *);
int	db_my_campaigns(struct db *, struct arena *, long long user_id,
	    long long org_id, long long **ids, size_t *n);

int	db_invite_set(struct db *, struct arena *, long long org_id,
	    long long campaign_id, const char *token);

#endif
