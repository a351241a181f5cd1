/*
 * Unit tests of what Launchline leaves at the provider and reads back:
 * refs.c (references naming the deployment), telnyx.c's pure helpers
 * (TCR ids, exact-match offers) and use_case_check.c's status mapping.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "provisioner.h"
#include "refs.h"
#include "telnyx.h"

#define DEP	"0123456789abcdef"
#define OTHER	"fedcba9876543210"

static void
test_references_name_the_deployment(void **state)
{
	char b[REFS_LEN];

	(void)state;
	refs_number(b, sizeof(b), DEP, 42, 1);
	assert_string_equal(b, "launchline-0123456789abcdef-number-42-1");
	refs_message(b, sizeof(b), DEP, 7);
	assert_string_equal(b, "launchline-0123456789abcdef-message-7");
	refs_profile_name(b, sizeof(b), DEP, 3);
	assert_string_equal(b, "Launchline 0123456789abcdef org 3");
	/* Telnyx's Idempotency-Key pattern: ^[A-Za-z0-9_:-]{1,255}$. */
	refs_message(b, sizeof(b), DEP, 9223372036854775807LL);
	assert_true(strlen(b) < 255);
	assert_int_equal(strspn(b, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:-"), strlen(b));
}

static void
test_message_ref_is_ours_only(void **state)
{
	(void)state;
	assert_int_equal(refs_message_id("https://x.test/hooks/telnyx?ref="
	    "launchline-" DEP "-message-12", DEP), 12);
	assert_int_equal(refs_message_id("ref=launchline-" DEP "-message-12&"
	    "x=1", DEP), 12);
	/* Another deployment's message 12 is not ours. */
	assert_int_equal(refs_message_id("ref=launchline-" OTHER
	    "-message-12", DEP), 0);
	/* The form before deployments, a look-alike, garbage. */
	assert_int_equal(refs_message_id("ref=launchline-message-12", DEP), 0);
	assert_int_equal(refs_message_id("ref=launchline-" DEP
	    "-message-12x", DEP), 0);
	assert_int_equal(refs_message_id("ref=launchline-" DEP "-message-0",
	    DEP), 0);
	assert_int_equal(refs_message_id("ref=launchline-" DEP "-message--3",
	    DEP), 0);
	assert_int_equal(refs_message_id(NULL, DEP), 0);
	assert_int_equal(refs_message_id("ref=launchline-" DEP "-message-5",
	    "not-a-deployment"), 0);
}

static void
test_deployment_ids(void **state)
{
	(void)state;
	assert_true(refs_deployment_ok(DEP));
	assert_false(refs_deployment_ok("0123456789ABCDEF"));
	assert_false(refs_deployment_ok("0123456789abcde"));
	assert_false(refs_deployment_ok("0123456789abcdef0"));
	assert_false(refs_deployment_ok(NULL));
}

static void
test_tcr_ids(void **state)
{
	(void)state;
	assert_true(telnyx_is_tcr_id("CDEMO01"));
	assert_true(telnyx_is_tcr_id("C4XMF2X"));
	assert_false(telnyx_is_tcr_id("cdemo01"));
	assert_false(telnyx_is_tcr_id("CDEMO012"));
	assert_false(telnyx_is_tcr_id("4b300178-131c-d902-d54e-72d90ba1620j"));
	assert_false(telnyx_is_tcr_id(NULL));
}

static void
test_offers_exact_only(void **state)
{
	(void)state;
	assert_true(telnyx_offer_matches("+14155550123", false, "415"));
	/* best_effort: another area code offered instead. */
	assert_false(telnyx_offer_matches("+15105550123", true, "415"));
	assert_false(telnyx_offer_matches("+14155550123", true, "415"));
	assert_false(telnyx_offer_matches("+15105550123", false, "415"));
	assert_false(telnyx_offer_matches("+4415550123", false, "415"));
	assert_false(telnyx_offer_matches(NULL, false, "415"));
}

static void
test_use_case_status(void **state)
{
	(void)state;
	assert_string_equal(use_case_status_of("MNO_PROVISIONED", false),
	    "approved");
	assert_string_equal(use_case_status_of("MNO_PROVISIONED", true),
	    "suspended");
	assert_string_equal(use_case_status_of("TCR_SUSPENDED", false),
	    "suspended");
	assert_string_equal(use_case_status_of("TCR_EXPIRED", false),
	    "suspended");
	assert_string_equal(use_case_status_of("TCR_FAILED", false),
	    "rejected");
	assert_string_equal(use_case_status_of("MNO_REJECTED", false),
	    "rejected");
	assert_string_equal(use_case_status_of("TCR_PENDING", false),
	    "pending");
	assert_string_equal(use_case_status_of(NULL, false), "pending");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_references_name_the_deployment),
		cmocka_unit_test(test_message_ref_is_ours_only),
		cmocka_unit_test(test_deployment_ids),
		cmocka_unit_test(test_tcr_ids),
		cmocka_unit_test(test_offers_exact_only),
		cmocka_unit_test(test_use_case_status),
	};

	return cmocka_run_group_tests_name("refs", tests, NULL, NULL);
}
