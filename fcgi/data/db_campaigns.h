/*
 * db_campaigns: typed queries over campaigns, their conversations
 * (contacts), and the platform settings. Strings point into the caller's
 * arena; times are MariaDB DATETIME text in UTC ("YYYY-MM-DD HH:MM:SS").
 * Lookups 1 / 0 / -1, actions 0 / -1.
 */
#ifndef LL_DB_CAMPAIGNS_H
#define LL_DB_CAMPAIGNS_H

#include <stdbool.h>

#include "db.h"

/* What a person edits, as stored (0 / NULL = SQL NULL). */
struct campaign_values {
	const char	*name, *description, *time_zone;
	const char	*start_at, *end_at;
	long long	 open_from, open_until;	/* minutes of the local day */
	const char	*org_display_name, *opt_out_language;
	const char	*number_mode;		/* NULL, dedicated, single_use */
	long long	 phone_number_id, use_case_id;
	const char	*regions;		/* JSON array, NULL = none */
	const char	*script;
	bool		 self_assign;
	long long	 batch_size;		/* 0: the organization's */
	const char	*launch_at, *launch_error;
	long long	 scheduled_by;
};

/* A campaign as stored, with its organization's defaults and its number:
 * CAMPAIGN_TABLE (db_sql_campaigns.h) says which column fills what. */
struct campaign {
	long long	 id, org_id, parent_id, created_by;
	struct campaign_values v;
	const char	*status, *org_opt_out_language;
	const char	*org_name;	/* its display name, else its name */
	long long	 org_batch_size, contact_count;
	/* Its number (phone_number_id = v.phone_number_id), when any. */
	const char	*number_e164, *number_name, *number_status;
	const char	*number_failure, *number_use_case_name;
	const char	*number_use_case_status, *number_use_case_detail;
	long long	 number_use_case_id;
	bool		 number_released;
	const char	*invite_token, *contact_columns;
	const char	*launched_at, *activated_at, *sending_opens_at;
	const char	*archived_at, *created_at, *updated_at;
	const char	*now;			/* the database's clock */
};

/* CAMPAIGN_TABLE as struct columns (columns.h): the JSON of what is shown
 * as stored. */
extern const struct column	campaign_columns[];
extern const size_t		campaign_ncolumns;

/* A campaign as its number's transactions see it (locked). */
struct campaign_ref {
	long long	 id;
	const char	*status, *number_mode;
};

/* A contact: a row of CONTACT_TABLE (db_sql_campaigns.h). */
struct contact {
	long long	 id, assignee_id;
	const char	*phone, *first_name, *last_name, *fields, *status;
	bool		 opted_out;
};

/* CONTACT_TABLE as struct columns (columns.h), for the Contact object. */
extern const struct column	contact_row_columns[];
extern const size_t		contact_row_ncolumns;

/* A number as a campaign's draft sees it. */
struct number_brief {
	long long	 id, use_case_id;
	const char	*kind, *status;
	bool		 released;
};

/* The platform switches (settings table). */
struct platform {
	bool		 provisioning_launch;	/* false: incident mode */
	long long	 incident_wait_minutes;
};

int	db_campaign_insert(struct db *, struct arena *, long long org_id,
	    long long parent_id, const struct campaign_values *,
	    const char *contact_columns, long long created_by, long long *id);
int	db_campaign_get(struct db *, struct arena *, long long org_id,
	    long long id, struct campaign *);
/* The campaign an invite link names (any organization). */
int	db_campaign_by_token(struct db *, struct arena *, const char *token,
	    struct campaign *);
/* Inside a transaction: locks the campaign's row; 1 / 0 / -1. */
int	db_campaign_lock(struct db *, struct arena *, long long org_id,
	    long long id);
/*
 * Inside a transaction: locks the campaigns that send from number_id, one
 * by one by primary key in id order (the lock order at the top of
 * db_campaigns.c), and lists them as they are now.
 */
int	db_campaigns_lock_of_number(struct db *, struct arena *,
	    long long number_id, struct campaign_ref **out, size_t *n);
/* status filters when not NULL; newest first, ids below `before`. */
int	db_campaigns_list(struct db *, struct arena *, long long org_id,
	    const char *status, long long before, long long limit,
	    struct campaign **, size_t *);
int	db_campaign_update(struct db *, struct arena *, long long id,
	    const struct campaign_values *);
int	db_campaign_set_status(struct db *, struct arena *, long long id,
	    const char *status);
/*
 * Records a launch: status, its number, who, and in incident mode when
 * initial messages open (now + wait_minutes).
 */
int	db_campaign_launched(struct db *, struct arena *, long long id,
	    const char *status, long long number_id, long long by,
	    bool incident, long long wait_minutes);
int	db_campaign_launch_refused(struct db *, struct arena *, long long id,
	    const char *why);
/* How many draft or live campaigns use the number. */
int	db_campaigns_using_number(struct db *, struct arena *,
	    long long org_id, long long number_id, long long *n);

/* New draft copies, named `name`; *id the new campaign. */
int	db_campaign_clone(struct db *, struct arena *, long long org_id,
	    long long id, const char *name, long long by, long long *id_out);
/* The names of the organization's campaigns that start with prefix (or
 * differ from it only in case), in *names[0..n). */
int	db_campaign_names_from(struct db *, struct arena *, long long org_id,
	    const char *prefix, const char ***names, size_t *n);
int	db_campaign_followup(struct db *, struct arena *, long long org_id,
	    long long id, const char *name, long long by, long long *id_out);
/* Copies src's contacts (not opted out) into dst; *n how many. */
int	db_contacts_copy(struct db *, struct arena *, long long org_id,
	    long long dst, long long src, long long *n);
int	db_contacts_copy_targeted(struct db *, struct arena *,
	    long long org_id, long long dst, long long src, bool no_replied,
	    bool no_not_replied, bool no_opted_out, long long *n);
int	db_campaign_count_contacts(struct db *, struct arena *, long long id);
int	db_contacts_list(struct db *, struct arena *, long long campaign_id,
	    long long after, long long limit, struct contact **, size_t *);
/* The contact id (or the first when id is 0); 1 / 0 / -1. */
int	db_contact_first(struct db *, struct arena *, long long campaign_id,
	    long long id, struct contact *);

int	db_number_brief(struct db *, struct arena *, long long org_id,
	    long long id, struct number_brief *);
/* The area codes of a state, in order ("415,510,..."); "" when none. */
int	db_state_area_codes(struct db *, struct arena *, const char *state,
	    const char **codes);
int	db_all_area_codes(struct db *, struct arena *, const char **codes);

int	db_platform(struct db *, struct arena *, struct platform *);
int	db_setting_set(struct db *, struct arena *, const char *name,
	    const char *value);

/* Provisioning durations (seconds, ascending) of numbers asked for within
 * `width` hours of hour-of-week `how` (0 = Monday 00h UTC). */
int	db_provisioning_history(struct db *, struct arena *, int how,
	    int width, long long **secs, size_t *n);

/*
 * A draft whose launch_at has come, locked (SKIP LOCKED: any number of
 * provisioners): 1 with its id, organization and who scheduled it.
 */
int	db_campaign_due(struct db *, struct arena *, long long *id,
	    long long *org_id, long long *by);

#endif
