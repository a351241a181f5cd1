/*
 * db: one MariaDB connection per process, prepared statements from
 * db_sql.h, and one generic runner that binds arguments and returns every
 * result cell as a string in the caller's arena. Typed query functions
 * (db_accounts.c, ...) sit on top; nothing else talks to MariaDB.
 *
 * Lookups return 1 (found), 0 (not found) or -1 (error); actions 0 / -1.
 */
#ifndef LL_DB_H
#define LL_DB_H

#include <stdbool.h>
#include <stddef.h>

#include <mysql.h>

#include "columns.h"
#include "db_sql.h"
#include "epoch.h"

struct arena;
struct config;

struct db {
	const struct config	*cfg;
	MYSQL			*conn;
	/* The endpoint (config_db_host) connected to, or to try first. */
	size_t			 host_at;
	/* That node is part of a Galera cluster (db.c: causal_reads). */
	bool			 galera;
	MYSQL_STMT		*stmt[DB__COUNT];
	unsigned		 last_errno;	/* of the last failure */
	bool			 in_tx;		/* between db_begin and its end */
	bool			 tx_deadlocked;	/* that one was a deadlock's victim */
	/*
	 * The host's auth epoch (see epoch.h): statements that write
	 * sessions, users, memberships or orgs bump it once their change is
	 * committed (at db_commit inside a transaction).
	 */
	epoch_t			*epoch;
	bool			 writes_auth[DB__COUNT];
	bool			 bump_pending;
	/* This deployment's identity (sql/015), read once: db_provider.h. */
	char			 deployment_id[17];
	/* The longest a statement of this connection may run (ms, 0: no
	 * limit): the roles' limit unless db_statement_limit says else. */
	long			 limit_ms;
};

enum db_arg_type { DB_ARG_NULL, DB_ARG_INT, DB_ARG_STR };

struct db_arg {
	enum db_arg_type	 type;
	long long		 i;
	const char		*s;
};

/* A string argument; NULL binds SQL NULL. */
static inline struct db_arg
db_arg_str(const char *s)
{
	struct db_arg a = { s != NULL ? DB_ARG_STR : DB_ARG_NULL, 0, s };

	return a;
}

#define DB_INT(v)	((struct db_arg){ DB_ARG_INT, (long long)(v), NULL })
#define DB_STR(v)	db_arg_str(v)

struct db_res {
	size_t			 nrows, ncols;
	char			**cells;	/* nrows * ncols; NULL = SQL NULL */
	unsigned long long	 affected, insert_id;
};

/* Also maps the auth epoch, for the life of the process. */
void	db_init(struct db *, const struct config *);
/*
 * Sets how long one statement may run (MariaDB's max_statement_time; 0:
 * no limit), now and at every reconnect: an API worker's
 * db_request_statement_timeout_ms; migrations none. A statement that ran out
 * fails (-1) like any other, and the request answers 503. Whatever the
 * connection's limit, the statements that copy, import or count a whole
 * campaign run under db_role_statement_timeout_ms (db.c: long_work).
 */
int	db_statement_limit(struct db *, long ms);
/*
 * Connects to the first endpoint that answers and is ready, starting at
 * the one last used (config_db_host's list, in order, wrapping around).
 * A Galera node that is not wsrep_ready, or not in the Primary component,
 * is not ready: that connection is dropped and the next endpoint tried
 * (db_node_ready). A connection later refused with 1047 (the node left
 * the cluster) is dropped too and the next connect moves on.
 */
int	db_connect(struct db *, bool multi_statements);
/*
 * Is a server whose wsrep_on, wsrep_ready and wsrep_cluster_status are
 * these (NULL: not shown, a build without Galera) fit to use? Without
 * wsrep_on ON always; in a cluster only wsrep_ready ON and Primary.
 */
bool	db_node_ready(const char *wsrep_on, const char *wsrep_ready,
	    const char *cluster_status);
/* Errors after which a transaction is run again whole (db_is_deadlock):
 * 1213 (a deadlock, or Galera's certification refusing the COMMIT),
 * 1205 (a lock wait timeout) and 1047 (the node is not ready). */
bool	db_err_retryable(unsigned err);
void	db_close(struct db *);
/* Runs a prepared statement with args; fills res (may be NULL). */
int	db_run(struct db *, struct arena *, enum db_stmt,
	    const struct db_arg *args, size_t nargs, struct db_res *res);
#define DB_RUN(db, a, q, res, ...) \
	db_run((db), (a), (q), (const struct db_arg[]){ __VA_ARGS__ }, \
	    sizeof((const struct db_arg[]){ __VA_ARGS__ }) / \
	    sizeof(struct db_arg), (res))
const char *db_cell(const struct db_res *, size_t row, size_t col);
long long db_cell_int(const struct db_res *, size_t row, size_t col);
/* Fills the struct at dst from row's cells first.. by its column table
 * (columns.h): the table's first column is cell `first`. */
void	db_fill(const struct db_res *, size_t row, size_t first,
	    const struct column *, size_t n, void *dst);
/* "YYYY-MM-DD HH:MM:SS" as RFC 3339 UTC, in the arena. */
const char *db_cell_time(struct arena *, const struct db_res *, size_t, size_t);

/* Does this SQL write sessions, users, memberships or orgs? */
bool	db_sql_writes_auth(const char *sql);

int	db_begin(struct db *);
int	db_commit(struct db *);
void	db_rollback(struct db *);
bool	db_is_duplicate(const struct db *);
/*
 * Did the transaction since the last db_begin fail because InnoDB chose it
 * to break a deadlock, Galera refused it (a conflict with another node's
 * write, at any statement or at COMMIT), a lock wait ran out or the node
 * stopped being ready (db_err_retryable)? It may be run again from its
 * start (txn.h) once rolled back.
 */
bool	db_is_deadlock(const struct db *);
bool	db_ping(struct db *);

#endif
