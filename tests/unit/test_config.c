/* Unit tests of config.c: defaults, values, and errors naming key and line. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"

static void
expect_error(const char *text, const char *want)
{
	struct config c;
	char err[256] = "";

	assert_int_equal(config_parse(&c, text, "t.conf", err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, want));
	config_free(&c);
}

static void
test_defaults_and_values(void **state)
{
	struct config c;
	char err[256] = "";

	(void)state;
	assert_int_equal(config_parse(&c, "# comment\n\nworkers = 8\n"
	    "socket = /tmp/x.sock   # trailing comment\n"
	    "public_url = https://texting.example.org\n", "t.conf", err,
	    sizeof(err)), 0);
	assert_int_equal(c.workers, 8);
	assert_string_equal(c.socket, "/tmp/x.sock");
	assert_string_equal(c.public_url, "https://texting.example.org");
	assert_int_equal(c.max_body_bytes, 1048576);
	assert_int_equal(c.login_fail_limit_account, 5);
	/* Per address: distinct accounts or tokens, then a back-off. */
	assert_int_equal(c.login_fail_limit_address, 20);
	assert_int_equal(c.token_fail_limit_address, 20);
	assert_int_equal(c.address_backoff_s, 2);
	/* Telnyx: a 10DLC assignment can take one to three days. */
	assert_int_equal(c.provisioning_deadline_minutes, 72 * 60);
	/* A use case is asked about again before buying, and each hour. */
	assert_int_equal(c.use_case_recheck_s, 300);
	assert_int_equal(c.use_case_check_interval_s, 3600);
	assert_null(c.provider_webhook_failover_url);
	/* A request gives up on a stalled database after 5 s; roles 30 s. */
	assert_int_equal(c.db_request_statement_timeout_ms, 5000);
	assert_int_equal(c.db_role_statement_timeout_ms, 30000);
	config_free(&c);
	/* The per-instance profile is gone: each organization has its own. */
	expect_error("provider_messaging_profile_id = abc\n", "unknown key");
}


static void
test_errors(void **state)
{
	(void)state;
	expect_error("workers = 2\nwokers = 3\n", "t.conf:2: unknown key 'wokers'");
	expect_error("workers = many\n", "t.conf:1: bad value for 'workers'");
	expect_error("\n\nworkers = 0\n", "t.conf:3: bad value for 'workers': out of range");
	expect_error("public_url = ftp://x\n", "'public_url'");
	expect_error("log_level = loud\n", "'log_level'");
	expect_error("just words\n", "t.conf:1: expected key = value");
}

/* db_hosts: a list tried in order; db_socket or db_host alone: one. */
static void
test_db_hosts(void **state)
{
	struct config c;
	struct config_db_host h;
	char err[256] = "";

	(void)state;
	assert_int_equal(config_parse(&c, "db_socket = /run/one.sock\n",
	    "t.conf", err, sizeof(err)), 0);
	assert_int_equal(config_db_host_count(&c), 1);
	assert_int_equal(config_db_host(&c, 0, &h), 0);
	assert_string_equal(h.socket, "/run/one.sock");
	assert_int_equal(config_db_host(&c, 1, &h), -1);
	config_free(&c);

	assert_int_equal(config_parse(&c, "db_host = db1\ndb_port = 3307\n",
	    "t.conf", err, sizeof(err)), 0);
	assert_int_equal(config_db_host(&c, 0, &h), 0);
	assert_string_equal(h.host, "db1");
	assert_string_equal(h.socket, "");
	assert_int_equal(h.port, 3307);
	config_free(&c);

	/* The list wins over db_socket; a port-less entry takes db_port,
	 * whichever line comes first. */
	assert_int_equal(config_parse(&c, "db_hosts = 10.0.0.1:3307, db2 "
	    "/run/n3.sock,\ndb_socket = /ignored\ndb_port = 3310\n", "t.conf",
	    err, sizeof(err)), 0);
	assert_int_equal(config_db_host_count(&c), 3);
	assert_int_equal(config_db_host(&c, 0, &h), 0);
	assert_string_equal(h.host, "10.0.0.1");
	assert_int_equal(h.port, 3307);
	assert_int_equal(config_db_host(&c, 1, &h), 0);
	assert_string_equal(h.host, "db2");
	assert_int_equal(h.port, 3310);
	assert_int_equal(config_db_host(&c, 2, &h), 0);
	assert_string_equal(h.socket, "/run/n3.sock");
	assert_string_equal(h.host, "");
	assert_int_equal(config_db_host(&c, 3, &h), -1);
	config_free(&c);

	expect_error("db_hosts = db1:0\n", "t.conf:1: bad value for 'db_hosts'");
	expect_error("db_hosts = db1:33x\n", "'db_hosts': a port");
	expect_error("db_hosts = :3306\n", "'db_hosts'");
	expect_error("db_hosts = , ,\n", "'db_hosts': name at least one");
	expect_error("db_hosts = a b c d e f g h i j k l m n o p q\n",
	    "at most 16");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_values),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_db_hosts),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
