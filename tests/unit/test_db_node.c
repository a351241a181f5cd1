/*
 * Unit tests of data/db.c's cluster rules: which node is fit to use, and
 * which errors run a transaction again whole.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <mysqld_error.h>

#include "db.h"

static void
test_node_ready(void **state)
{
	(void)state;
	/* A server without Galera shows nothing: always fit. */
	assert_true(db_node_ready(NULL, NULL, NULL));
	/* Built with Galera, running alone: OFF and Disconnected, fit. */
	assert_true(db_node_ready("OFF", "OFF", "Disconnected"));
	assert_true(db_node_ready("ON", "ON", "Primary"));
	/* Joining, donating without serving, or cut off from the rest. */
	assert_false(db_node_ready("ON", "OFF", "Primary"));
	assert_false(db_node_ready("ON", "ON", "non-Primary"));
	assert_false(db_node_ready("ON", "OFF", "Disconnected"));
	/* wsrep on, the provider not (yet) loaded. */
	assert_false(db_node_ready("ON", NULL, NULL));
}

static void
test_retryable(void **state)
{
	(void)state;
	/* Deadlock or certification failure, lock wait, node not ready. */
	assert_true(db_err_retryable(ER_LOCK_DEADLOCK));
	assert_true(db_err_retryable(1213));
	assert_true(db_err_retryable(1205));
	assert_true(db_err_retryable(1047));
	/* A duplicate or a syntax error is the same on every try. */
	assert_false(db_err_retryable(ER_DUP_ENTRY));
	assert_false(db_err_retryable(1064));
	assert_false(db_err_retryable(0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_node_ready),
		cmocka_unit_test(test_retryable),
	};

	return cmocka_run_group_tests_name("db_node", tests, NULL, NULL);
}
