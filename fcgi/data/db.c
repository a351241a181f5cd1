/*
 * db: connection handling and the generic statement runner; see db.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errmsg.h>
#include <mysqld_error.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "json.h"
#include "log.h"

#define DB_SQL(name, sql) sql,
static const char *const db_sql[DB__COUNT] = { DB_STATEMENTS(DB_SQL) };
#undef DB_SQL

/*
 * The statements that copy, import or count a whole campaign: a request
 * runs them too (a clone, a followup, a contact import's batches, a count
 * snapshot taken over), and a million contacts take seconds; and the
 * waits for a campaign's claim slot (GET_LOCK, alone or inside claim_batch
 * and claim_group), which bound themselves (CLAIM_LOCK_WAIT_S, 10 s) and
 * would otherwise be cut at the request limit. They run under the roles'
 * limit (db_role_statement_timeout_ms) whatever the connection's.
 */
static const enum db_stmt long_work[] = {
	DB_CONTACTS_COPY, DB_CONTACTS_COPY_TARGETED, DB_CONTACTS_INSERT,
	DB_CONTACTS_REMOVE, DB_CAMPAIGN_COUNT_CONTACTS, DB_COUNTS_ROWS_CLEAR,
	DB_COUNTS_ROWS_FILL, DB_CLAIM_SLOT_LOCK, DB_CLAIM_CALL, DB_CLAIM_GROUP,
};

static bool
is_long_work(enum db_stmt q)
{
	size_t i;

	for (i = 0; i < sizeof(long_work) / sizeof(long_work[0]); i++)
		if (long_work[i] == q)
			return true;
	return false;
}

/*
 * On a Galera cluster, the reads that must see what another node has just
 * committed: a session signed in, changed or ended through another host
 * (the request after a sign-in goes to whichever host nginx picks). They
 * run with wsrep_sync_wait = 1, waiting for this node to apply every write
 * set the cluster had when they began; nothing else pays that wait.
 */
static const enum db_stmt causal_reads[] = { DB_SESSION_BY_HASH };

static bool
is_causal_read(enum db_stmt q)
{
	size_t i;

	for (i = 0; i < sizeof(causal_reads) / sizeof(causal_reads[0]); i++)
		if (causal_reads[i] == q)
			return true;
	return false;
}

/* "SET SESSION max_statement_time = 5.000" (seconds) into b. */
static void
limit_sql(struct buf *b, const char *how, long ms)
{
	buf_addf(b, "%smax_statement_time = %ld.%03ld", how, ms / 1000,
	    ms % 1000);
}

/* Is c part of an SQL identifier? */
static bool
ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* Does sql name table as a whole word? */
static bool
names_table(const char *sql, const char *table)
{
	size_t n = strlen(table);
	const char *p;

	for (p = strstr(sql, table); p != NULL; p = strstr(p + 1, table))
		if ((p == sql || !ident_char(p[-1])) && !ident_char(p[n]))
			return true;
	return false;
}

/*
 * Does this statement write what a session is made of? Any INSERT, UPDATE,
 * DELETE or REPLACE naming sessions, users, memberships or orgs counts (a
 * false alarm costs only a cache refill), except a plain new session row
 * (signing in changes no session already cached) and marking a session
 * seen, which sets last_seen_at alone (no cached session holds it).
 */
bool
db_sql_writes_auth(const char *sql)
{
	static const char *const verbs[] = { "INSERT", "UPDATE", "DELETE",
	    "REPLACE" };
	static const char *const tables[] = { "sessions", "users",
	    "memberships", "orgs" };
	size_t i;
	bool write = false;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		write |= strncmp(sql, verbs[i], strlen(verbs[i])) == 0;
	if (!write)
		return false;
	if (strncmp(sql, "INSERT INTO sessions ", 21) == 0 &&
	    strstr(sql, "DUPLICATE") == NULL)
		return false;
	if (strncmp(sql, "UPDATE sessions SET last_seen_at = ", 35) == 0 &&
	    strchr(sql, ',') == NULL)
		return false;
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (names_table(sql, tables[i]))
			return true;
	return false;
}

void
db_init(struct db *db, const struct config *cfg)
{
	size_t i;

	memset(db, 0, sizeof(*db));
	db->cfg = cfg;
	db->limit_ms = cfg->db_role_statement_timeout_ms;
	db->epoch = epoch_map(cfg->socket);
	for (i = 0; i < DB__COUNT; i++)
		db->writes_auth[i] = db_sql_writes_auth(db_sql[i]);
}

bool
db_err_retryable(unsigned err)
{
	return err == ER_LOCK_DEADLOCK || err == ER_LOCK_WAIT_TIMEOUT ||
	    err == ER_UNKNOWN_COM_ERROR;
}

bool
db_node_ready(const char *wsrep_on, const char *wsrep_ready,
    const char *cluster_status)
{
	/* A server built with Galera but running alone says OFF and
	 * Disconnected: it is ready all the same. */
	if (wsrep_on == NULL || strcmp(wsrep_on, "ON") != 0)
		return true;
	return wsrep_ready != NULL && strcmp(wsrep_ready, "ON") == 0 &&
	    cluster_status != NULL && strcmp(cluster_status, "Primary") == 0;
}

/* The value of the one-row SHOW (Variable_name, Value) in sql, into buf;
 * NULL when the server has no such row. */
static const char *
show_value(MYSQL *conn, const char *sql, const char *name, char *buf,
    size_t len, bool *failed)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	const char *v = NULL;

	if (mysql_query(conn, sql) != 0 ||
	    (res = mysql_store_result(conn)) == NULL) {
		*failed = true;
		return NULL;
	}
	while ((row = mysql_fetch_row(res)) != NULL)
		if (row[0] != NULL && row[1] != NULL &&
		    strcmp(row[0], name) == 0) {
			snprintf(buf, len, "%s", row[1]);
			v = buf;
		}
	mysql_free_result(res);
	return v;
}

/*
 * Is the server at the other end of conn ready (db_node_ready)? SHOW is
 * answered even by a node that refuses everything else.
 */
static bool
conn_ready(MYSQL *conn, const char *where, bool *galera)
{
	char on_b[16], ready_b[16], status_b[32];
	const char *on, *ready, *status;
	bool failed = false, ok;

	on = show_value(conn, "SHOW GLOBAL VARIABLES LIKE 'wsrep_on'",
	    "wsrep_on", on_b, sizeof(on_b), &failed);
	ready = show_value(conn, "SHOW GLOBAL STATUS LIKE 'wsrep_ready'",
	    "wsrep_ready", ready_b, sizeof(ready_b), &failed);
	status = show_value(conn, "SHOW GLOBAL STATUS LIKE "
	    "'wsrep_cluster_status'", "wsrep_cluster_status", status_b,
	    sizeof(status_b), &failed);
	if (failed) {
		log_error(NULL, "database %s: cannot read its state: %s", where,
		    mysql_error(conn));
		return false;
	}
	ok = db_node_ready(on, ready, status);
	*galera = on != NULL && strcmp(on, "ON") == 0;
	if (!ok)
		log_warn(NULL, "database %s is not ready (wsrep_ready %s, "
		    "cluster status %s): trying the next", where,
		    ready != NULL ? ready : "-", status != NULL ? status : "-");
	return ok;
}

static int connect_one(struct db *, const struct config_db_host *, bool);

int
db_connect(struct db *db, bool multi_statements)
{
	struct config_db_host h;
	size_t n, i, at;

	if (db->conn != NULL)
		return 0;
	n = config_db_host_count(db->cfg);
	for (i = 0; i < n; i++) {
		at = (db->host_at + i) % n;
		if (config_db_host(db->cfg, at, &h) == -1)
			continue;
		if (connect_one(db, &h, multi_statements) == 0) {
			db->host_at = at;
			return 0;
		}
	}
	/* None would do: the next try starts at the next one. */
	db->host_at = n > 0 ? (db->host_at + 1) % n : 0;
	return -1;
}

static int
connect_one(struct db *db, const struct config_db_host *h,
    bool multi_statements)
{
	const struct config *c = db->cfg;
	unsigned int timeout = 3, io_s = 0;
	const char *host, *where;
	struct buf limit;
	long longest;

	if ((db->conn = mysql_init(NULL)) == NULL)
		return -1;
	mysql_options(db->conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_options(db->conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(db->conn, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
	buf_init(&limit, 256);
	limit_sql(&limit, "SET SESSION ", db->limit_ms);
	mysql_options(db->conn, MYSQL_INIT_COMMAND, buf_str(&limit));
	buf_free(&limit);
	/*
	 * A server that stops answering at all (frozen, cut off) is given up
	 * a little after the longest a statement may run here; without a
	 * limit, never.
	 */
	longest = db->limit_ms > c->db_role_statement_timeout_ms ?
	    db->limit_ms : c->db_role_statement_timeout_ms;
	if (db->limit_ms > 0 && c->db_role_statement_timeout_ms > 0) {
		io_s = (unsigned int)(longest / 1000 + 5);
		mysql_options(db->conn, MYSQL_OPT_READ_TIMEOUT, &io_s);
		mysql_options(db->conn, MYSQL_OPT_WRITE_TIMEOUT, &io_s);
	}
	host = h->socket[0] != '\0' ? "localhost" : h->host;
	where = h->socket[0] != '\0' ? h->socket : h->host;
	if (mysql_real_connect(db->conn, host, c->db_user, c->db_password,
	    c->db_name, (unsigned int)h->port,
	    h->socket[0] != '\0' ? h->socket : NULL,
	    multi_statements ? CLIENT_MULTI_STATEMENTS : 0) == NULL) {
		db->last_errno = mysql_errno(db->conn);
		log_error(NULL, "database connect failed: %s",
		    mysql_error(db->conn));
		mysql_close(db->conn);
		db->conn = NULL;
		return -1;
	}
	if (!conn_ready(db->conn, where, &db->galera)) {
		db->last_errno = ER_UNKNOWN_COM_ERROR;
		mysql_close(db->conn);
		db->conn = NULL;
		return -1;
	}
	return 0;
}

void
db_close(struct db *db)
{
	size_t i;

	for (i = 0; i < DB__COUNT; i++)
		if (db->stmt[i] != NULL) {
			mysql_stmt_close(db->stmt[i]);
			db->stmt[i] = NULL;
		}
	if (db->conn != NULL) {
		mysql_close(db->conn);
		db->conn = NULL;
	}
	db->in_tx = false;
	if (db->bump_pending)	/* a lost transaction: bump to be safe */
		epoch_bump(db->epoch);
	db->bump_pending = false;
}

/* A lost connection is dropped so the next use reconnects. */
static void
db_fail(struct db *db, unsigned err, const char *what, const char *detail)
{
	db->last_errno = err;
	/*
	 * InnoDB rolled a deadlock's victim back whole, Galera a refused
	 * write set; after a lock wait timeout or a node that stopped being
	 * ready the caller rolls back: each is run again from its start.
	 */
	if (db->in_tx && db_err_retryable(err))
		db->tx_deadlocked = true;
	if (err != ER_DUP_ENTRY)
		log_error(NULL, "database %s failed: %s", what, detail);
	/* A node that left the cluster (1047) is left for another. */
	if (err == CR_SERVER_GONE_ERROR || err == CR_SERVER_LOST ||
	    err == CR_CONNECTION_ERROR || err == CR_CONN_HOST_ERROR ||
	    err == ER_UNKNOWN_COM_ERROR)
		db_close(db);
}

int
db_statement_limit(struct db *db, long ms)
{
	struct buf b;
	int rc = 0;

	db->limit_ms = ms;
	if (db->conn == NULL)
		return 0;	/* db_connect applies it */
	buf_init(&b, 256);
	limit_sql(&b, "SET SESSION ", ms);
	if (mysql_query(db->conn, buf_str(&b)) != 0) {
		db_fail(db, mysql_errno(db->conn), "statement limit",
		    mysql_error(db->conn));
		rc = -1;
	}
	buf_free(&b);
	return rc;
}

static MYSQL_STMT *
db_prepare(struct db *db, enum db_stmt q)
{
	MYSQL_STMT *st;
	struct buf sql;
	my_bool on = 1;

	if (db->stmt[q] != NULL)
		return db->stmt[q];
	if (db_connect(db, false) == -1)
		return NULL;
	if ((st = mysql_stmt_init(db->conn)) == NULL)
		return NULL;
	buf_init(&sql, 1 << 20);
	if (is_long_work(q) || (db->galera && is_causal_read(q))) {
		buf_adds(&sql, "SET STATEMENT ");
		if (is_long_work(q))
			limit_sql(&sql, "", db->cfg->db_role_statement_timeout_ms);
		if (db->galera && is_causal_read(q))
			buf_adds(&sql, is_long_work(q) ? ", wsrep_sync_wait = 1" :
			    "wsrep_sync_wait = 1");
		buf_adds(&sql, " FOR ");
	}
	buf_adds(&sql, db_sql[q]);
	if (sql.failed || mysql_stmt_prepare(st, buf_str(&sql), sql.len) != 0) {
		db_fail(db, mysql_stmt_errno(st), "prepare",
		    mysql_stmt_error(st));
		mysql_stmt_close(st);
		buf_free(&sql);
		return NULL;
	}
	buf_free(&sql);
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &on);
	db->stmt[q] = st;
	return st;
}

/* Copies every row of a stored result into res->cells as strings. */
static int
db_fetch_all(struct arena *a, MYSQL_STMT *st, struct db_res *res)
{
	MYSQL_RES *meta;
	MYSQL_FIELD *f;
	MYSQL_BIND *b;
	unsigned long *len;
	my_bool *isnull;
	size_t i, r, ncols;
	int rc;

	if ((meta = mysql_stmt_result_metadata(st)) == NULL)
		return 0;
	ncols = mysql_num_fields(meta);
	f = mysql_fetch_fields(meta);
	b = arena_alloc(a, ncols * sizeof(*b));
	len = arena_alloc(a, ncols * sizeof(*len));
	isnull = arena_alloc(a, ncols * sizeof(*isnull));
	memset(b, 0, ncols * sizeof(*b));
	for (i = 0; i < ncols; i++) {
		size_t cap = f[i].max_length > 64 ? f[i].max_length : 64;

		b[i].buffer_type = MYSQL_TYPE_STRING;
		b[i].buffer = arena_alloc(a, cap + 1);
		b[i].buffer_length = (unsigned long)cap + 1;
		b[i].length = &len[i];
		b[i].is_null = &isnull[i];
	}
	mysql_free_result(meta);
	if (mysql_stmt_bind_result(st, b) != 0)
		return -1;
	res->ncols = ncols;
	res->nrows = (size_t)mysql_stmt_num_rows(st);
	res->cells = arena_alloc(a, (res->nrows * ncols + 1) * sizeof(char *));
	for (r = 0; (rc = mysql_stmt_fetch(st)) == 0 ||
	    rc == MYSQL_DATA_TRUNCATED; r++) {
		if (rc == MYSQL_DATA_TRUNCATED || r >= res->nrows)
			return -1;
		for (i = 0; i < ncols; i++)
			res->cells[r * ncols + i] = isnull[i] ? NULL :
			    arena_strndup(a, b[i].buffer, len[i]);
	}
	return rc == MYSQL_NO_DATA ? 0 : -1;
}

/*
 * A CALL answers its result set and then the call's own status: reads
 * past everything after the first result. 0, or -1 on an error there.
 */
static int
db_skip_rest(MYSQL_STMT *st)
{
	int more;

	while ((more = mysql_stmt_next_result(st)) == 0)
		mysql_stmt_free_result(st);
	return more > 0 ? -1 : 0;
}

int
db_run(struct db *db, struct arena *a, enum db_stmt q,
    const struct db_arg *args, size_t nargs, struct db_res *res)
{
	struct db_res scratch;
	MYSQL_STMT *st;
	MYSQL_BIND *b = NULL;
	unsigned err;
	size_t i;
	int rc = -1, attempt;

	if (res == NULL)
		res = &scratch;
	memset(res, 0, sizeof(*res));
	if ((st = db_prepare(db, q)) == NULL)
		return -1;
	if (nargs != mysql_stmt_param_count(st)) {
		log_error(NULL, "statement %d: %zu arguments for %lu "
		    "placeholders", (int)q, nargs, mysql_stmt_param_count(st));
		return -1;
	}
	if (nargs > 0) {
		b = arena_alloc(a, nargs * sizeof(*b));
		memset(b, 0, nargs * sizeof(*b));
		for (i = 0; i < nargs; i++) {
			switch (args[i].type) {
			case DB_ARG_NULL:
				b[i].buffer_type = MYSQL_TYPE_NULL;
				break;
			case DB_ARG_INT:
				b[i].buffer_type = MYSQL_TYPE_LONGLONG;
				b[i].buffer = (void *)(uintptr_t)&args[i].i;
				break;
			case DB_ARG_STR:
				b[i].buffer_type = MYSQL_TYPE_STRING;
				b[i].buffer = (void *)(uintptr_t)args[i].s;
				b[i].buffer_length =
				    (unsigned long)strlen(args[i].s);
				break;
			}
		}
		if (mysql_stmt_bind_param(st, b) != 0)
			goto fail;
	}
	/*
	 * A deadlock, a certification failure or a lock timeout rolls back
	 * a lone (autocommit) statement whole, so it is simply run again; a
	 * node that is not ready (1047) is left and the statement run on the
	 * next one. Inside a transaction the caller has to start over.
	 */
	for (attempt = 1;; attempt++) {
		if (mysql_stmt_execute(st) == 0 &&
		    mysql_stmt_store_result(st) == 0)
			break;
		err = mysql_stmt_errno(st);
		if (db->in_tx || attempt == 3 || !db_err_retryable(err))
			goto fail;
		log_warn(NULL, "statement %d: %s; running it again", (int)q,
		    mysql_stmt_error(st));
		if (err == ER_UNKNOWN_COM_ERROR) {
			db_close(db);
			if ((st = db_prepare(db, q)) == NULL)
				return -1;
			if (nargs > 0 && mysql_stmt_bind_param(st, b) != 0)
				goto fail;
		}
	}
	/* Only a write that changed rows can make a cached session wrong. */
	if (db->writes_auth[q] && mysql_stmt_affected_rows(st) > 0 &&
	    mysql_stmt_affected_rows(st) != (my_ulonglong)-1) {
		if (db->in_tx)
			db->bump_pending = true;
		else
			epoch_bump(db->epoch);
	}
	res->affected = (unsigned long long)mysql_stmt_affected_rows(st);
	res->insert_id = (unsigned long long)mysql_stmt_insert_id(st);
	if (db_fetch_all(a, st, res) == -1 || db_skip_rest(st) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_fail(db, mysql_stmt_errno(st), "statement", mysql_stmt_error(st));
out:
	if (db->stmt[q] != NULL)
		mysql_stmt_free_result(st);
	return rc;
}

const char *
db_cell(const struct db_res *res, size_t row, size_t col)
{
	if (row >= res->nrows || col >= res->ncols)
		return NULL;
	return res->cells[row * res->ncols + col];
}

long long
db_cell_int(const struct db_res *res, size_t row, size_t col)
{
	const char *s = db_cell(res, row, col);

	return s != NULL ? strtoll(s, NULL, 10) : 0;
}

/* Keeps milliseconds when the column has them (DATETIME(3)). */
void
db_fill(const struct db_res *res, size_t row, size_t first,
    const struct column *t, size_t n, void *dst)
{
	char *base = dst;
	const char *s;
	long long v;
	bool b;
	size_t i;

	/* The SELECT list was made from the same table: never short. */
	assert(row < res->nrows && first + n <= res->ncols);
	for (i = 0; i < n; i++) {
		switch (t[i].kind) {
		case COL_STR:
		case COL_TIME:
		case COL_LIST:
			s = db_cell(res, row, first + i);
			memcpy(base + t[i].off, &s, sizeof(s));
			break;
		case COL_INT:
		case COL_ID:
			v = db_cell_int(res, row, first + i);
			memcpy(base + t[i].off, &v, sizeof(v));
			break;
		case COL_BOOL:
			b = db_cell_int(res, row, first + i) == 1;
			memcpy(base + t[i].off, &b, sizeof(b));
			break;
		}
	}
}

const char *
db_cell_time(struct arena *a, const struct db_res *res, size_t row,
    size_t col)
{
	return json_time(a, db_cell(res, row, col));
}

static int
db_simple(struct db *db, const char *sql)
{
	if (db_connect(db, false) == -1)
		return -1;
	if (mysql_query(db->conn, sql) != 0) {
		db_fail(db, mysql_errno(db->conn), sql, mysql_error(db->conn));
		return -1;
	}
	return 0;
}

int
db_begin(struct db *db)
{
	/* START TRANSACTION inside one would commit it silently. */
	assert(!db->in_tx);
	db->tx_deadlocked = false;
	if (db_simple(db, "START TRANSACTION") == -1)
		return -1;
	db->in_tx = true;
	return 0;
}

int
db_commit(struct db *db)
{
	int rc;

	/* Still in it: a COMMIT that Galera refuses (1213) is retryable. */
	rc = db_simple(db, "COMMIT");
	db->in_tx = false;
	if (db->bump_pending)	/* even a failed COMMIT may have committed */
		epoch_bump(db->epoch);
	db->bump_pending = false;
	return rc;
}

void
db_rollback(struct db *db)
{
	db->in_tx = false;
	db->bump_pending = false;
	if (db->conn != NULL && mysql_query(db->conn, "ROLLBACK") != 0)
		db_fail(db, mysql_errno(db->conn), "rollback",
		    mysql_error(db->conn));
}

bool
db_is_duplicate(const struct db *db)
{
	return db->last_errno == ER_DUP_ENTRY;
}

bool
db_is_deadlock(const struct db *db)
{
	return db->tx_deadlocked;
}

/* True when the database answers; reconnects once if the link dropped. */
bool
db_ping(struct db *db)
{
	struct arena a;
	struct db_res res;
	bool ok;

	arena_init(&a, 1024);
	ok = db_run(db, &a, DB_PING, NULL, 0, &res) == 0;
	if (!ok && db->conn == NULL)
		ok = db_run(db, &a, DB_PING, NULL, 0, &res) == 0;
	arena_free(&a);
	return ok;
}
