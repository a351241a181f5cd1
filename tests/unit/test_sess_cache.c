/*
 * Unit tests of the session cache (sess_cache.c), the auth epoch (epoch.c)
 * and which statements bump it (db_sql_writes_auth in db.c).
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "arena.h"
#include "db.h"
#include "epoch.h"
#include "sess_cache.h"

#define H1 "00000001aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define H2 "00000002bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
/* H3 and H4 may sit in the same two slots as H1 (8192 slots: 0x2001 and
 * 0x4001 are 1 modulo 8192, and "aaaaaaaa" picks the second). */
#define H3 "00002001aaaaaaaacccccccccccccccccccccccccccccccccccccccccccccccc"
#define H4 "00004001aaaaaaaadddddddddddddddddddddddddddddddddddddddddddddddd"

static struct session
sample(char *csrf, char *email)
{
	static struct membership m[2] = {
		{ 7, "Alpha", "owner" }, { 9, "Beta", "texter" },
	};
	struct session s = { 42, 2000000000LL, csrf, email, "Ann", m, 2, true,
	    0 };

	return s;
}

static void
test_hit_is_a_deep_copy(void **state)
{
	struct sess_cache *c = sess_cache_new(10);
	char csrf[] = "csrf-token", email[] = "ann@example.org";
	struct session s = sample(csrf, email), got;
	struct arena a;

	(void)state;
	arena_init(&a, 1024);
	sess_cache_put(c, H1, 5, 1000, &s);
	csrf[0] = 'X';	/* the caller's strings change after put */
	email[0] = 'X';
	assert_true(sess_cache_get(c, H1, 5, 1009, &a, &got));
	assert_int_equal(got.user_id, 42);
	assert_true(got.provisioning_emails);
	assert_string_equal(got.csrf_token, "csrf-token");
	assert_string_equal(got.email, "ann@example.org");
	assert_int_equal(got.nmemberships, 2);
	assert_string_equal(got.memberships[1].org_name, "Beta");
	assert_string_equal(got.memberships[1].role, "texter");
	assert_false(sess_cache_get(c, H2, 5, 1009, &a, &got));
	arena_free(&a);
	sess_cache_free(c);
}

static void
test_epoch_ttl_and_expiry_end_trust(void **state)
{
	struct sess_cache *c = sess_cache_new(10);
	char csrf[] = "t", email[] = "e";
	struct session s = sample(csrf, email), got;
	struct arena a;

	(void)state;
	arena_init(&a, 1024);
	sess_cache_put(c, H1, 5, 1000, &s);
	assert_true(sess_cache_get(c, H1, 5, 1001, &a, &got));
	assert_false(sess_cache_get(c, H1, 6, 1001, &a, &got));	/* epoch */
	assert_false(sess_cache_get(c, H1, 5, 1010, &a, &got));	/* ttl */
	s.expires_at = 1003;
	sess_cache_put(c, H1, 5, 1000, &s);
	assert_true(sess_cache_get(c, H1, 5, 1002, &a, &got));
	assert_false(sess_cache_get(c, H1, 5, 1003, &a, &got));	/* expired */
	/* A token has two slots; a third token for both replaces the entry
	 * that ends first. */
	s.expires_at = 2000000000LL;
	sess_cache_put(c, H1, 5, 1000, &s);
	sess_cache_put(c, H3, 5, 1005, &s);
	assert_true(sess_cache_get(c, H1, 5, 1006, &a, &got));
	assert_true(sess_cache_get(c, H3, 5, 1006, &a, &got));
	sess_cache_put(c, H4, 5, 1006, &s);
	assert_false(sess_cache_get(c, H1, 5, 1006, &a, &got));
	assert_true(sess_cache_get(c, H3, 5, 1006, &a, &got));
	assert_true(sess_cache_get(c, H4, 5, 1006, &a, &got));
	arena_free(&a);
	sess_cache_free(c);
	assert_null(sess_cache_new(0));	/* 0 = off */
}

/* What one worker (a child forked after the cache was made) puts, another
 * process gets; and a session too large for a slot is simply not cached. */
static void
test_cache_is_shared_between_processes(void **state)
{
	struct sess_cache *c = sess_cache_new(10);
	char csrf[] = "csrf-token", email[] = "ann@example.org", big[2000];
	struct session s = sample(csrf, email), got;
	struct arena a;
	pid_t pid;
	int status;

	(void)state;
	arena_init(&a, 1024);
	if ((pid = fork()) == 0) {
		sess_cache_put(c, H2, 5, 1000, &s);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	assert_true(sess_cache_get(c, H2, 5, 1001, &a, &got));
	assert_string_equal(got.email, "ann@example.org");
	assert_string_equal(got.memberships[0].org_name, "Alpha");
	memset(big, 'n', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s.name = big;
	sess_cache_put(c, H1, 5, 1000, &s);
	assert_false(sess_cache_get(c, H1, 5, 1001, &a, &got));
	arena_free(&a);
	sess_cache_free(c);
}

static void
test_epoch_is_shared_between_processes(void **state)
{
	char dir[] = "/tmp/ll-epoch-XXXXXX", sock[64], file[80];
	epoch_t *e;
	unsigned long long before;
	pid_t pid;
	int status;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sock, sizeof(sock), "%s/fcgi.sock", dir);
	assert_non_null(e = epoch_map(sock));
	before = epoch_read(e);
	if ((pid = fork()) == 0) {	/* another process maps and bumps */
		epoch_t *f = epoch_map(sock);

		epoch_bump(f);
		epoch_bump(f);
		_exit(f != NULL ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	assert_int_equal(epoch_read(e), before + 2);
	epoch_unmap(e);
	assert_null(epoch_map("/nonexistent/dir/fcgi.sock"));
	epoch_bump(NULL);	/* no file: a no-op */
	snprintf(file, sizeof(file), "%s.epoch", sock);
	unlink(file);
	rmdir(dir);
}

static void
test_which_statements_bump(void **state)
{
	(void)state;
	assert_true(db_sql_writes_auth("DELETE FROM sessions WHERE x = ?"));
	assert_true(db_sql_writes_auth("UPDATE memberships SET role = ?"));
	assert_true(db_sql_writes_auth("INSERT INTO users (email) VALUES (?)"));
	assert_true(db_sql_writes_auth("UPDATE orgs SET name = ?"));
	assert_false(db_sql_writes_auth("SELECT * FROM sessions"));
	/* signing in: a new row changes no cached session */
	assert_false(db_sql_writes_auth("INSERT INTO sessions (a) VALUES (?)"));
	assert_true(db_sql_writes_auth("INSERT INTO sessions (a) VALUES (?) "
	    "ON DUPLICATE KEY UPDATE a = ?"));
	assert_false(db_sql_writes_auth("UPDATE phone_numbers SET x = 1"));
	/* marking a session seen: the time alone, which no cache holds */
	assert_false(db_sql_writes_auth("UPDATE sessions SET last_seen_at = "
	    "UTC_TIMESTAMP() WHERE token_hash = ?"));
	assert_true(db_sql_writes_auth("UPDATE sessions SET last_seen_at = "
	    "UTC_TIMESTAMP(), user_id = ? WHERE token_hash = ?"));
	assert_true(db_sql_writes_auth("DELETE FROM sessions WHERE id = ? "
	    "AND user_id = ?"));
	/* whole words only */
	assert_false(db_sql_writes_auth("INSERT INTO campaign_users VALUES (1)"));
	assert_false(db_sql_writes_auth("UPDATE orgs_archive SET x = 1"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_is_a_deep_copy),
		cmocka_unit_test(test_epoch_ttl_and_expiry_end_trust),
		cmocka_unit_test(test_cache_is_shared_between_processes),
		cmocka_unit_test(test_epoch_is_shared_between_processes),
		cmocka_unit_test(test_which_statements_bump),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
