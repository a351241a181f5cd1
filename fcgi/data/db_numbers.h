/*
 * db_numbers: typed queries for area codes, 10DLC use cases, phone
 * numbers, their provisioning timeline, and the provisioner's leases.
 * Strings point into the caller's arena. Lookups 1 / 0 / -1, actions 0 / -1.
 */
#ifndef LL_DB_NUMBERS_H
#define LL_DB_NUMBERS_H

#include "db.h"

#define USE_CASE_CAPACITY	49	/* the regulator's limit per use case */

/* The rows of AREA_CODE_TABLE, USE_CASE_TABLE, NUMBER_TABLE and
 * NUMBER_EVENT_TABLE (db_sql.h); TIME members hold the DATETIME text as
 * stored (columns.h). */
struct area_code {
	const char	*code, *state, *places;
};

struct use_case {
	long long	 id, live_numbers;
	long long	 messages_per_minute;	/* 0: the configuration's */
	const char	*name, *provider_campaign_id, *status, *status_detail;
	const char	*checked_at, *created_at;
	const char	*telnyx_campaign_id, *tcr_campaign_id;	/* looked up */
};

struct number {
	long long	 id, use_case_id;
	const char	*kind, *name, *area_codes, *phone_number, *status;
	const char	*failure_reason, *use_case_name, *initiated_by_name;
	const char	*created_at, *completed_at;
	bool		 deleted, release_failed;
	const char	*release_error;
};

struct number_event {
	const char	*at, *kind, *detail;
};

/* The tables as struct columns (columns.h), for their JSON. */
extern const struct column	area_code_columns[], use_case_columns[];
extern const struct column	number_columns[], number_event_columns[];
extern const size_t		area_code_ncolumns, use_case_ncolumns;
extern const size_t		number_ncolumns, number_event_ncolumns;

int	db_area_codes(struct db *, struct arena *, struct area_code **, size_t *);

/* messages_per_minute 0: the configuration's sender_use_case_per_minute. */
int	db_use_case_create(struct db *, struct arena *, long long org_id,
	    const char *name, const char *campaign_id,
	    long long messages_per_minute, long long *id);
int	db_use_case_pace(struct db *, struct arena *, long long org_id,
	    long long id, long long messages_per_minute);
int	db_use_cases_list(struct db *, struct arena *, long long org_id,
	    long long after, long long limit, struct use_case **, size_t *);
int	db_use_case_get(struct db *, struct arena *, long long org_id,
	    long long id, bool for_update, struct use_case *);
int	db_use_case_mark_stale(struct db *, struct arena *, long long org_id,
	    long long id);

int	db_number_create(struct db *, struct arena *, long long org_id,
	    long long use_case_id, const char *kind, const char *name,
	    const char *area_codes, long long initiated_by, long long *id);
int	db_numbers_list(struct db *, struct arena *, long long org_id,
	    const char *kind, const char *status, long long before,
	    long long limit, struct number **, size_t *);
int	db_number_get(struct db *, struct arena *, long long org_id,
	    long long id, struct number *);
int	db_number_events(struct db *, struct arena *, long long number_id,
	    struct number_event **, size_t *);
int	db_number_event(struct db *, struct arena *, long long number_id,
	    const char *kind, const char *detail);
int	db_number_release_request(struct db *, struct arena *,
	    long long org_id, long long id, bool *done);
/*
 * The number's row at the end of its provisioning: status "complete" or
 * "failed" (with reason), if the caller still holds its lease (*done);
 * domain/number_end.c does the rest in the same transaction.
 */
int	db_number_finish_row(struct db *, struct arena *, long long id,
	    const char *owner, const char *status, const char *reason,
	    bool *done);

#endif
