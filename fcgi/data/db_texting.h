/*
 * db_texting: typed queries of texting: texters on campaigns, self-assign
 * claims, admin (re)assignment, the messenger's conversations and
 * messages, opt-outs, invite links and the message webhooks (the
 * sender's queue is db_send.h). Strings point into the caller's arena.
 * Lookups 1 / 0 / -1, actions 0 / -1.
 */
#ifndef LL_DB_TEXTING_H
#define LL_DB_TEXTING_H

#include <stdbool.h>

#include "db.h"

/* The conversation statuses, in the order the API lists them. */
#define TX_NSTATUS	5
extern const char *const tx_statuses[TX_NSTATUS];
int	tx_status_index(const char *);	/* -1 when unknown */

/* A campaign as texting sees it. Times are the database's UTC strings. */
struct tx_campaign {
	long long	 id, org_id, batch_size, open_from_min, open_until_min;
	bool		 self_assign, number_released;
	const char	*status, *invite_token, *name, *description, *script;
	const char	*time_zone, *start_at, *end_at, *sending_opens_at;
	const char	*number, *number_status;	/* NULL: none yet */
	const char	*display_name, *opt_out_language, *org_name;
	const char	*now;				/* the database's clock */
};

struct tx_texter {
	long long	 user_id;
	const char	*name, *email, *role, *added_at;
};

/* Conversation counts: by status, plus opted out (of any status). */
struct tx_counts {
	long long	 status[TX_NSTATUS], opted_out, total;
};

/* Adds n conversations of (status, opted_out) to a counts record. */
void	tx_counts_add(struct tx_counts *, const char *status, bool opted_out,
	    long long n);

struct tx_texter_counts {
	long long	 user_id;		/* 0: Unassigned */
	struct tx_counts c;
};

struct tx_conversation {
	long long	 id, campaign_id, assignee_id;
	bool		 opted_out;
	const char	*phone, *first_name, *last_name, *fields, *status;
	const char	*last_message_at, *assignee_name;
	const char	*last_body, *campaign_name;	/* lists only */
};

struct tx_message {
	long long	 id, conversation_id;
	bool		 initial;
	const char	*direction, *body, *status, *error, *created_at;
	const char	*status_at, *sender_name;
};

/* The outcome of one self-assign request. */
enum tx_claim_outcome { TX_CLAIMED, TX_NONE_LEFT, TX_BUSY, TX_NOT_ON_CAMPAIGN,
	TX_UNFINISHED, TX_NO_CAMPAIGN, TX_SELF_ASSIGN_OFF, TX_NOT_ACTIVE };

struct tx_claim {
	enum tx_claim_outcome	 outcome;
	long long		 id, claimed, first_id, last_id;
	long long		 batch_size;	/* the campaign's (a group's) */
	char			 status[16];	/* the campaign's (a group's) */
};

int	db_tx_campaign(struct db *, struct arena *, long long org_id,
	    long long id, struct tx_campaign *);
int	db_tx_campaign_by_token(struct db *, struct arena *, const char *token,
	    struct tx_campaign *);
int	db_tx_member_role(struct db *, struct arena *, long long org_id,
	    long long user_id, const char **role);
int	db_tx_is_texter(struct db *, struct arena *, long long campaign_id,
	    long long user_id);
int	db_tx_texters(struct db *, struct arena *, long long org_id,
	    long long campaign_id, long long after, long long limit,
	    struct tx_texter **, size_t *);
int	db_tx_texter_add(struct db *, struct arena *, long long campaign_id,
	    long long user_id);
/* Takes the texter off the campaign; their conversations go back to
 * Unassigned. 1 removed, 0 was not on it, -1. */
int	db_tx_texter_remove(struct db *, struct arena *, long long campaign_id,
	    long long user_id, long long lock_wait_s);

int	db_tx_my_counts(struct db *, struct arena *, long long campaign_id,
	    long long user_id, struct tx_counts *);
int	db_tx_my_campaigns(struct db *, struct arena *, long long user_id,
	    long long org_id, long long **ids, size_t *n);

/*
 * Self assign. db_tx_claim: takes up to batch Unassigned conversations for
 * texter_id (one cursor row and one claim row written, whatever the
 * campaign's size), queued behind other claimers of the campaign up to
 * lock_wait_s. Under the campaign's lock it first checks that the texter
 * is on the campaign (else TX_NOT_ON_CAMPAIGN) and has no initial message
 * left to send, pending batches included (else TX_UNFINISHED).
 */
int	db_tx_claim(struct db *, struct arena *, long long campaign_id,
	    long long texter_id, long long batch, long long lock_wait_s,
	    struct tx_claim *);
/* Whether a campaign takes claims: TX_CLAIMED if so, else
 * TX_SELF_ASSIGN_OFF or TX_NOT_ACTIVE (not launching, active or paused). */
enum tx_claim_outcome tx_claim_open(bool self_assign, const char *status);
/* The claim broker's (claimer.c): the claims of many texters of one
 * campaign of org_id in one transaction, each answered in its ask's c;
 * batches (of the campaign's size) go in the order asked, one per texter
 * however often asked. The campaign is checked first: TX_NO_CAMPAIGN,
 * TX_SELF_ASSIGN_OFF, TX_NOT_ACTIVE (c.status says what it is). */
struct tx_claim_ask {
	long long	 texter_id;
	struct tx_claim	 c;
};
int	db_tx_claim_group(struct db *, struct arena *, long long org_id,
	    long long campaign_id, long long lock_wait_s,
	    struct tx_claim_ask *, size_t n);
/* Sets the conversations of one batch; *applied = how many (0 if it was
 * already applied by someone else). */
int	db_tx_claim_apply(struct db *, struct arena *, long long claim_id,
	    long long *applied);
/* Applies the pending batches of a texter (all campaigns), of a campaign,
 * or up to max of anyone's (oldest first); *n = batches applied. */
int	db_tx_claims_apply_texter(struct db *, struct arena *, long long user_id);
int	db_tx_claims_apply_campaign(struct db *, struct arena *,
	    long long campaign_id);
int	db_tx_claims_apply_due(struct db *, struct arena *, long long max,
	    long long *n);

/*
 * Batches planned ahead (sql/013, the assigner role): plan_due finds a
 * campaign with batches of min_batch or more that is not planned to its
 * end (1, 0 none, -1); plan plans up to `rows` more of it, *planned how
 * many. plan_stale: the
 * Unassigned conversations ahead of the cursor changed (call it in the
 * transaction that changed them, or right after).
 */
int	db_tx_plan_due(struct db *, struct arena *, long long min_batch,
	    long long *campaign_id);
int	db_tx_plan(struct db *, struct arena *, long long campaign_id,
	    long long rows, long long *planned);
int	db_tx_plan_stale(struct db *, struct arena *, long long campaign_id);

/*
 * Admin assignment, each under the campaign's claim lock. statuses is a
 * mask of (1 << tx_status_index). distribute: Unassigned conversations of
 * one status equally among texters; *assigned per texter (n entries).
 * unassign: texters (NULL = every assignee) back to Unassigned.
 * reassign: from texters (NULL = every assignee) equally to texters.
 */
int	db_tx_distribute(struct db *, struct arena *, long long campaign_id,
	    const long long *texters, size_t n, const char *status,
	    long long lock_wait_s, long long *assigned);
int	db_tx_unassign(struct db *, struct arena *, long long campaign_id,
	    const long long *texters, size_t n, unsigned statuses,
	    long long lock_wait_s, long long *moved);
int	db_tx_reassign(struct db *, struct arena *, long long campaign_id,
	    const long long *from, size_t nfrom, const long long *to,
	    size_t nto, unsigned statuses, long long lock_wait_s,
	    long long *moved);

/* The messenger. */
/* A conversation of the organization, and (k not NULL) its campaign. */
int	db_tx_conversation(struct db *, struct arena *, long long org_id,
	    long long id, struct tx_conversation *, struct tx_campaign *k);
/* The same, and (next not NULL) *next: the assignee's next conversation
 * waiting for its initial message, after this one or else before it
 * (wrapping around); 0 when none. What the messenger shows after an
 * initial send. */
int	db_tx_conversation_next(struct db *, struct arena *, long long org_id,
	    long long id, struct tx_conversation *, struct tx_campaign *k,
	    long long *next);
int	db_tx_my_conversations(struct db *, struct arena *,
	    long long campaign_id, long long user_id, const char *status,
	    long long after, long long limit, struct tx_conversation **,
	    size_t *);
int	db_tx_inbox(struct db *, struct arena *, long long org_id,
	    long long user_id, long long after, long long limit,
	    struct tx_conversation **, size_t *);
/* The next conversation waiting for its initial message after `after`
 * (wrapping around); 0 when none. */
int	db_tx_next_to_message(struct db *, struct arena *,
	    long long campaign_id, long long user_id, long long after,
	    long long *id);
int	db_tx_messages(struct db *, struct arena *, long long conversation_id,
	    struct tx_message **, size_t *);
/* One message of the organization. */
int	db_tx_message(struct db *, struct arena *, long long org_id,
	    long long id, struct tx_message *);
/* A row's first ten columns as MESSAGE_COLUMNS (db_sql_texting.h) reads
 * them: a message. */
void	db_tx_message_row(struct arena *, const struct db_res *, size_t row,
	    struct tx_message *);
/*
 * Queues an outbound message in the user's own conversation and moves the
 * conversation on (initial: needs_message -> messaged; reply: -> convo),
 * in one transaction. *message_id 0 (nothing written) when the
 * conversation was not in a state to take it.
 */
int	db_tx_queue(struct db *, struct arena *, bool initial,
	    long long campaign_id, long long conversation_id,
	    long long user_id, const char *body, const char *from,
	    const char *to, long long *message_id);
/* Opts a phone out of the whole organization (source: keyword, texter,
 * provider_stop), in a transaction of its own or (_in) the caller's. */
int	db_tx_opt_out(struct db *, struct arena *, long long org_id,
	    const char *phone, const char *source);
int	db_tx_opt_out_in(struct db *, struct arena *, long long org_id,
	    const char *phone, const char *source);
int	db_tx_invite_set(struct db *, struct arena *, long long org_id,
	    long long campaign_id, const char *token);

/* Webhooks. status: a provider status update (monotonic); bind: our
 * message found by its reference learns its provider id. */
int	db_tx_hook_status(struct db *, struct arena *, const char *provider_id,
	    const char *status, const char *error, bool *found);
int	db_tx_hook_bind(struct db *, struct arena *, long long message_id,
	    const char *provider_id);
/* An inbound text: stored on the right conversation, which then needs a
 * response; opt_out also opts the sender out of the organization.
 * *stored false when no conversation matches or it was seen before. */
int	db_tx_inbound(struct db *, struct arena *, const char *from,
	    const char *to, const char *body, const char *provider_id,
	    bool opt_out, bool *stored, long long *conversation_id);

#endif
