/*
 * db_mail: typed queries over the email outbox (sql/006) and each
 * person's switch for provisioning emails. The outbox row is written by
 * number_end's transaction (an invitation's by its handler, a password
 * reset's by db_resets.c); the mailer role claims rows by lease
 * (a fresh owner token per process), and every later write is fenced by
 * that token. Strings point into the caller's arena. Lookups 1 / 0 / -1,
 * actions 0 / -1.
 */
#ifndef LL_DB_MAIL_H
#define LL_DB_MAIL_H

#include "db.h"
#include "email_event.h"

/* A claimed email, with everything its words need (OUTBOX_JOB_TABLE,
 * db_sql.h). */
struct mail_job {
	long long		 id, attempts;
	const char		*kind;	/* the column; ev.kind by it */
	const char		*message_id, *to_addr;
	struct mail_event	 ev;	/* public_url left to the caller */
};

/* One row as admins see it (GET /orgs/:id/emails; OUTBOX_TABLE). TIME
 * members hold the DATETIME text as stored (columns.h). */
struct mail_row {
	long long		 id, attempts, user_id;	/* user_id 0: none */
	long long		 invitation_id;		/* 0: none */
	const char		*kind;	/* the column; ev.kind by it */
	const char		*status, *last_error, *created_at;
	const char		*next_attempt_at, *sent_at;
	const char		*user_name, *user_email;
	struct mail_event	 ev;	/* enough for the subject */
};

/* OUTBOX_TABLE as struct columns (columns.h), for the Email object. */
extern const struct column	mail_row_columns[];
extern const size_t		mail_row_ncolumns;

/*
 * Inside number_end's transaction: queues the email the number's
 * ended provisioning causes (none when its initiator switched them off
 * or left the organization; at most one per event); about campaign_id
 * (locked by the caller; 0 for none) when it is that campaign's
 * single-use number.
 */
int	db_mail_number_event(struct db *, struct arena *, long long number_id,
	    long long campaign_id);

/*
 * Queues the email of invitation_id (an invitation for an address) with
 * its link's token, which the row keeps only until it is sent. One email
 * per token: a resend gives the invitation a new one first.
 */
int	db_mail_invitation(struct db *, struct arena *, long long org_id,
	    long long invitation_id, const char *token);
/* Its emails not yet sent will not be: why (their link died). */
int	db_mail_invitation_cancel(struct db *, struct arena *,
	    long long invitation_id, const char *why);

/*
 * Claims the most overdue email for owner, for lease_s seconds; a row
 * whose owner died while sending is claimed again once its lease ran out.
 * 1 with job filled, 0 when nothing is due.
 */
int	db_mail_claim(struct db *, struct arena *, const char *owner,
	    long long lease_s, const char *id_token, const char *id_domain,
	    struct mail_job *);
/* The outcomes, fenced by owner: *held false when the lease was lost. */
int	db_mail_sent(struct db *, struct arena *, long long id,
	    const char *owner, bool *held);
int	db_mail_retry(struct db *, struct arena *, long long id,
	    const char *owner, const char *error, long long delay_ms,
	    bool *held);
int	db_mail_failed(struct db *, struct arena *, long long id,
	    const char *owner, const char *error, bool *held);

/*
 * An admin's resend of the organization's email id: a failed row is
 * queued again, the same row (so still one email per event, with its
 * Message-ID), its attempts counted afresh. *queued false when the row
 * is not failed (or not the organization's); db_mail_list tells which.
 */
int	db_mail_resend(struct db *, struct arena *, long long org_id,
	    long long id, bool *queued);

/* An organization's emails, newest first, below id `before`; status may
 * be NULL. */
int	db_mail_list(struct db *, struct arena *, long long org_id,
	    const char *status, long long before, long long limit,
	    struct mail_row **, size_t *);

int	db_user_emails_get(struct db *, struct arena *, long long user_id,
	    bool *on);
int	db_user_emails_set(struct db *, struct arena *, long long user_id,
	    bool on);

#endif
