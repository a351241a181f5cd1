/*
 * db_send: the sender role's typed queries (its queue, pacing, the
 * outcomes of its POSTs, the settling of messages whose fate is unknown)
 * and what the API shows and does of sending (a campaign's queue, its
 * unknown messages, a resend). Statements: db_sql_send.h. Strings point
 * into the caller's arena. Lookups 1 / 0 / -1, actions 0 / -1.
 */
#ifndef LL_DB_SEND_H
#define LL_DB_SEND_H

#include <stdbool.h>

#include "db.h"
#include "db_messages.h"

/* The limits a claim paces by: the configuration's defaults. */
struct send_limits {
	long long	 use_case_per_minute;	/* a use case without its own */
	long long	 number_per_minute;	/* 0: none */
	long long	 early_us;		/* slots this far ahead go now */
};

/* An outbound message the sender holds the lease of. */
struct send_out {
	long long	 id, attempts, org_id;
	const char	*body, *from, *to;
	const char	*profile_id;	/* the organization's; NULL: none yet */
};

/*
 * One claim, one transaction: the due queued messages (up to max); those
 * without a slot get one from pacing.h on their use case and number
 * (locking those scopes' rows); those whose slot is now (or within
 * early_us) are leased for lease_s and answered in out (n of them), the
 * others are written back with their slot (*slotted of them), not to be
 * read again before it. *n = *slotted = 0 when nothing was due.
 */
int	db_send_claim(struct db *, struct arena *, const struct send_limits *,
	    const char *owner, long long lease_s, size_t max,
	    struct send_out **out, size_t *n, size_t *slotted);
/* Outcomes, fenced by the lease. sent: a JSON array of [message id,
 * provider id]. retry: not processed (429, no connection): queued again
 * in delay_ms, to take a new slot. unsettled: fate unknown, looked at
 * again in delay_s. */
int	db_send_sent(struct db *, struct arena *, const char *owner,
	    const char *sent);
int	db_send_retry(struct db *, struct arena *, const char *owner,
	    long long id, long long delay_ms, const char *error);
int	db_send_unsettled(struct db *, struct arena *, const char *owner,
	    long long id, long long delay_s, const char *error);
int	db_send_failed(struct db *, struct arena *, const char *owner,
	    long long id, const char *error);

/* A message whose fate is unknown, leased for settling. */
struct send_unsettled {
	long long	 id;
	long long	 waited_s;	/* since its first POST */
	const char	*from, *to;
	const char	*since, *until;	/* the records to search (ISO 8601) */
};

/*
 * Leases up to max 'sending' messages whose wait is over (no answer and
 * no webhook within sender_reconcile_s, or a sender died holding them) for
 * lease_s; the record search spans their first POST - skew_s to now +
 * skew_s.
 */
int	db_send_settle_claim(struct db *, struct arena *, const char *owner,
	    long long lease_s, long long skew_s, size_t max,
	    struct send_unsettled **, size_t *n);
/* Which of the provider ids of pids (a JSON array) we hold already:
 * known[i] for pid i (pids[0..n)). */
int	db_send_known_ids(struct db *, struct arena *, const char *const *pids,
	    size_t n, bool *known);
/* The provider's record of it: its id, our status (sent, delivered,
 * failed) and error. -1 also when another message holds that id. */
int	db_send_bind(struct db *, struct arena *, const char *owner,
	    long long id, const char *provider_id, const char *status,
	    const char *error);
int	db_send_unknown(struct db *, struct arena *, const char *owner,
	    long long id, const char *error);

/* A campaign's queue as the API shows it (db_send_queue). */
struct send_queue {
	long long	 now_us;
	long long	 queued, sending, unknown;
	long long	 unslotted;	/* queued without a slot yet */
	long long	 last_slot_us;	/* of those with one; 0: none */
	long long	 number_id, use_case_id;	/* 0: none */
	long long	 use_case_per_minute;	/* -1: the default */
	long long	 use_case_tat_us, number_tat_us;	/* 0: never paced */
};
int	db_send_queue(struct db *, struct arena *, long long campaign_id,
	    struct send_queue *);

/* A campaign's unknown messages with their contact, id order after
 * `after`. */
struct send_unknown_item {
	struct message	 m;
	const char		*first_name, *last_name, *phone;
};
int	db_send_unknown_list(struct db *, struct arena *, long long campaign_id,
	    long long after, long long limit, struct send_unknown_item **,
	    size_t *);
/* An admin's resend: an unknown message queued again as new; 1, or 0
 * when it is not unknown (any more). */
int	db_send_resend(struct db *, struct arena *, long long id);

#endif
