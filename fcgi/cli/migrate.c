/*
 * migrate: schema migrations; see migrate.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "migrate.h"
#include "db_upkeep.h"
#include "log.h"

static int
is_migration(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 8 && d->d_name[0] >= '0' && d->d_name[0] <= '9' &&
	    d->d_name[1] >= '0' && d->d_name[1] <= '9' &&
	    d->d_name[2] >= '0' && d->d_name[2] <= '9' &&
	    d->d_name[3] == '_' && strcmp(d->d_name + n - 4, ".sql") == 0;
}

/* Runs a whole script and drains every result; 0 / -1. */
static int
run_script(MYSQL *conn, const char *sql, const char *name)
{
	MYSQL_RES *res;
	int more;

	if (mysql_real_query(conn, sql, strlen(sql)) != 0)
		goto fail;
	do {
		if ((res = mysql_store_result(conn)) != NULL)
			mysql_free_result(res);
		else if (mysql_field_count(conn) != 0)
			goto fail;
		if ((more = mysql_next_result(conn)) > 0)
			goto fail;
	} while (more == 0);
	return 0;
fail:
	fprintf(stderr, "launchline: migration %s failed: %s\n", name,
	    mysql_error(conn));
	return -1;
}

static int
apply_one(struct db *db, struct arena *a, const char *dir, const char *name,
    int *applied)
{
	char *path, *sql;
	bool done;
	int rc;

	if (db_migration_applied(db, a, name, &done) == -1)
		return -1;
	if (done)
		return 0;
	path = arena_printf(a, "%s/%s", dir, name);
	if ((sql = buf_read_file(path, 64 << 20)) == NULL) {
		fprintf(stderr, "launchline: cannot read %s\n", path);
		return -1;
	}
	rc = run_script(db->conn, sql, name);
	free(sql);
	if (rc == -1 || db_migration_record(db, a, name) == -1)
		return -1;
	printf("applied %s\n", name);
	(*applied)++;
	return 0;
}

/* A stored routine's file of sql/procedures/: *.sql. */
static int
is_routine(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && d->d_name[0] != '.' &&
	    strcmp(d->d_name + n - 4, ".sql") == 0;
}

/*
 * Creates every stored routine again from sql/procedures/ (each file drops
 * and creates one): their current text lives there alone, so a migration
 * never restates a procedure to change it. 0 / -1.
 */
static int
routines(struct db *db, struct arena *a, const char *dir)
{
	struct dirent **list = NULL;
	char *path, *sql;
	int i, n, rc = 0;

	path = arena_printf(a, "%s/procedures", dir);
	if ((n = scandir(path, &list, is_routine, alphasort)) < 0) {
		fprintf(stderr, "launchline: cannot list %s\n", path);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0) {
			path = arena_printf(a, "%s/procedures/%s", dir,
			    list[i]->d_name);
			if ((sql = buf_read_file(path, 1 << 20)) == NULL) {
				fprintf(stderr, "launchline: cannot read %s\n",
				    path);
				rc = -1;
			} else {
				rc = run_script(db->conn, sql, list[i]->d_name);
				free(sql);
			}
		}
		free(list[i]);
	}
	free(list);
	if (rc == 0)
		printf("stored routines: %d created\n", n);
	return rc;
}

int
migrate_run(const struct config *cfg)
{
	struct dirent **list = NULL;
	struct arena a;
	struct db db;
	int i, n, applied = 0, rc = 1;

	db_init(&db, cfg);
	(void)db_statement_limit(&db, 0);	/* an ALTER may take long */
	arena_init(&a, 8192);
	if (db_connect(&db, true) == -1) {
		fprintf(stderr, "launchline: cannot connect to the database\n");
		goto out;
	}
	if (run_script(db.conn, "DO GET_LOCK('launchline_migrate', 60); "
	    "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version VARCHAR(255) NOT NULL PRIMARY KEY, "
	    "applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP"
	    ") ENGINE=InnoDB", "schema_migrations") == -1)
		goto out;
	if ((n = scandir(cfg->sql_dir, &list, is_migration, alphasort)) < 0) {
		fprintf(stderr, "launchline: cannot list %s\n", cfg->sql_dir);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (apply_one(&db, &a, cfg->sql_dir, list[i]->d_name,
		    &applied) == -1)
			goto out_free;
	if (applied == 0)
		printf("database is up to date\n");
	if (routines(&db, &a, cfg->sql_dir) == -1)
		goto out_free;
	rc = 0;
out_free:
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
out:
	arena_free(&a);
	db_close(&db);
	return rc;
}
