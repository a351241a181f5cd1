/*
 * db_accounts: typed queries for organizations, users, memberships,
 * sessions, login failures, failed attempts per client address and
 * invitations. Strings point into the caller's arena. Lookups return
 * 1 / 0 / -1, actions 0 / -1.
 */
#ifndef LL_DB_ACCOUNTS_H
#define LL_DB_ACCOUNTS_H

#include "db.h"

struct user {
	long long	 id;
	const char	*email, *name, *pw_hash;
};

struct membership {
	long long	 org_id;
	const char	*org_name, *role;
};

struct person {
	long long	 user_id;
	const char	*email, *name, *role, *joined_at;
};

struct invitation {
	long long	 id;
	const char	*email;		/* NULL: an open link (texters) */
	const char	*role, *status, *created_at, *expires_at;
	const char	*invited_by_name;
	bool		 pending;
	long long	 uses;		/* people who came in through it */
};

struct invite_token {		/* a live invitation found by its token */
	long long	 id, org_id;
	const char	*org_name, *role;
	const char	*email;		/* NULL: an open link */
};

struct session {
	long long		 user_id;
	long long		 expires_at;	/* Unix time */
	const char		*csrf_token, *email, *name;
	struct membership	*memberships;	/* ordered by org name */
	size_t			 nmemberships;
	bool			 provisioning_emails;	/* the person's switch */
	/* When it was last marked used (Unix time): read with the session
	 * from the database, 0 when it came from the host's cache. */
	long long		 last_seen_at;
};

struct session_row {		/* one of a person's sessions, as listed */
	long long	 id;
	const char	*user_agent;	/* NULL: not known */
	const char	*created_at, *last_seen_at;
	bool		 current;	/* the one asking */
};

int	db_org_create(struct db *, struct arena *, const char *name,
	    long long *id);
int	db_org_by_name(struct db *, struct arena *, const char *name,
	    long long *id);
int	db_user_create(struct db *, struct arena *, const char *email,
	    const char *name, const char *pw_hash, long long *id);
int	db_user_by_email(struct db *, struct arena *, const char *email,
	    struct user *);
int	db_membership_set(struct db *, struct arena *, long long org_id,
	    long long user_id, const char *role);
int	db_membership_add(struct db *, struct arena *, long long org_id,
	    long long user_id, const char *role);
int	db_membership_role(struct db *, struct arena *, long long org_id,
	    long long user_id, const char **role);
int	db_memberships_of(struct db *, struct arena *, long long user_id,
	    struct membership **out, size_t *n);
int	db_people_list(struct db *, struct arena *, long long org_id,
	    long long after, long long limit, struct person **out, size_t *n);
int	db_person_get(struct db *, struct arena *, long long org_id,
	    long long user_id, struct person *);
int	db_owners_lock(struct db *, struct arena *, long long org_id,
	    size_t *owners, bool *is_owner_of, long long user_id);
int	db_membership_update(struct db *, struct arena *, long long org_id,
	    long long user_id, const char *role);
int	db_membership_delete(struct db *, struct arena *, long long org_id,
	    long long user_id);

int	db_session_create(struct db *, struct arena *, const char *token_hash,
	    long long user_id, const char *csrf, const char *user_agent,
	    long long ttl_hours);
int	db_session_by_hash(struct db *, struct arena *, const char *token_hash,
	    struct session *);
int	db_session_delete(struct db *, struct arena *, const char *token_hash);
int	db_session_seen(struct db *, struct arena *, const char *token_hash);
/* user_id's live sessions with ids below before_id, newest first;
 * current_hash marks the one asking. */
int	db_sessions_of(struct db *, struct arena *, long long user_id,
	    const char *current_hash, long long before_id, long long limit,
	    struct session_row **out, size_t *n);
/* Is session id user_id's (and live)? *current: the one asking. */
int	db_session_of(struct db *, struct arena *, long long user_id,
	    long long id, const char *current_hash, bool *current);
int	db_session_end(struct db *, struct arena *, long long user_id,
	    long long id, bool *ended);
int	db_sessions_end_others(struct db *, struct arena *, long long user_id,
	    const char *current_hash, long long *ended);

int	db_login_failures(struct db *, struct arena *, const char *scope,
	    const char *subject, long long window_min, long long *count,
	    long long *retry_after);
int	db_login_failure_add(struct db *, struct arena *, const char *scope,
	    const char *subject);
int	db_login_failures_clear(struct db *, struct arena *,
	    const char *email);

/*
 * Failed attempts of one kind ("login", "invitation", "join", ...) from
 * one client address (sql/017): the distinct subjects tried within the
 * last window_s seconds and how many milliseconds ago the last one was.
 */
int	db_address_attempts(struct db *, struct arena *, const char *kind,
	    const char *address, long long window_s, long long *distinct,
	    long long *since_last_ms);
int	db_address_attempt_add(struct db *, struct arena *, const char *kind,
	    const char *address, const char *subject_hash);
int	db_address_attempts_forget(struct db *, struct arena *,
	    const char *kind, const char *address, const char *subject_hash);

/* email NULL makes an open link. */
int	db_invite_create(struct db *, struct arena *, long long org_id,
	    const char *email, const char *role, const char *token_hash,
	    long long invited_by, long long *id);
int	db_invite_get(struct db *, struct arena *, long long org_id,
	    long long id, struct invitation *);
int	db_invites_list(struct db *, struct arena *, long long org_id,
	    bool after_pending, long long after_id, long long limit,
	    struct invitation **out, size_t *n);
int	db_invite_revoke(struct db *, struct arena *, long long org_id,
	    long long id, bool *revoked);
/* A pending (or expired, not revoked or accepted) invitation for an
 * address gets a new token and 14 more days: *done, it was one. */
int	db_invite_retoken(struct db *, struct arena *, long long org_id,
	    long long id, const char *token_hash, bool *done);
int	db_invite_by_token(struct db *, struct arena *, const char *token_hash,
	    struct invite_token *);
/* Spends an invitation for an address; counts a use of an open link.
 * *claimed: it was live. */
int	db_invite_claim(struct db *, struct arena *, long long id,
	    long long user_id, bool *claimed);

#endif
