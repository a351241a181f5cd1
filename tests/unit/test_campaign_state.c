/*
 * Unit tests of campaign_state.c: the launch state machine (every status
 * and event), incident mode, what may change after launch, followups.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "campaign_state.h"

static enum camp_status
next(enum camp_status from, enum camp_event ev, enum camp_mode mode,
    bool incident)
{
	struct camp_ctx ctx = { mode, incident };
	const char *why;
	enum camp_status to = campaign_next(from, ev, &ctx, &why);

	if (to == CS_NONE)
		assert_non_null(why);
	else
		assert_null(why);
	return to;
}

static void
test_launch(void **state)
{
	(void)state;
	assert_int_equal(next(CS_DRAFT, CE_LAUNCH, CM_SINGLE_USE, false),
	    CS_LAUNCHING);
	assert_int_equal(next(CS_DRAFT, CE_LAUNCH, CM_DEDICATED, false),
	    CS_ACTIVE);
	assert_int_equal(next(CS_DRAFT, CE_LAUNCH, CM_FOLLOWUP, false),
	    CS_ACTIVE);
	/* Incident mode: even a single-use campaign is active at once. */
	assert_int_equal(next(CS_DRAFT, CE_LAUNCH, CM_SINGLE_USE, true),
	    CS_ACTIVE);
	assert_int_equal(next(CS_DRAFT, CE_LAUNCH, CM_NONE, false), CS_NONE);
	assert_int_equal(next(CS_LAUNCHING, CE_LAUNCH, CM_SINGLE_USE, false),
	    CS_NONE);
	assert_int_equal(next(CS_ACTIVE, CE_LAUNCH, CM_DEDICATED, false),
	    CS_NONE);
	assert_int_equal(next(CS_ARCHIVED, CE_LAUNCH, CM_DEDICATED, false),
	    CS_NONE);
}

static void
test_provisioning_ends(void **state)
{
	(void)state;
	assert_int_equal(next(CS_LAUNCHING, CE_NUMBER_COMPLETE, CM_SINGLE_USE,
	    false), CS_ACTIVE);
	assert_int_equal(next(CS_LAUNCHING, CE_NUMBER_FAILED, CM_SINGLE_USE,
	    false), CS_FAILED);
	/* Made active early by incident mode: fails without its number. */
	assert_int_equal(next(CS_ACTIVE, CE_NUMBER_FAILED, CM_SINGLE_USE,
	    false), CS_FAILED);
	assert_int_equal(next(CS_PAUSED, CE_NUMBER_FAILED, CM_SINGLE_USE,
	    false), CS_FAILED);
	/* Completion changes nothing once active (incident mode). */
	assert_int_equal(next(CS_ACTIVE, CE_NUMBER_COMPLETE, CM_SINGLE_USE,
	    false), CS_NONE);
	assert_int_equal(next(CS_ARCHIVED, CE_NUMBER_FAILED, CM_SINGLE_USE,
	    false), CS_NONE);
	assert_int_equal(next(CS_ACTIVE, CE_NUMBER_FAILED, CM_DEDICATED,
	    false), CS_NONE);
	assert_int_equal(next(CS_DRAFT, CE_NUMBER_FAILED, CM_SINGLE_USE,
	    false), CS_NONE);
}

static void
test_pause_resume_archive(void **state)
{
	enum camp_status s;

	(void)state;
	assert_int_equal(next(CS_ACTIVE, CE_PAUSE, CM_DEDICATED, false),
	    CS_PAUSED);
	assert_int_equal(next(CS_PAUSED, CE_RESUME, CM_DEDICATED, false),
	    CS_ACTIVE);
	assert_int_equal(next(CS_PAUSED, CE_PAUSE, CM_DEDICATED, false),
	    CS_NONE);
	assert_int_equal(next(CS_ACTIVE, CE_RESUME, CM_DEDICATED, false),
	    CS_NONE);
	assert_int_equal(next(CS_LAUNCHING, CE_PAUSE, CM_SINGLE_USE, false),
	    CS_NONE);
	for (s = CS_DRAFT; s < CS_ARCHIVED; s++)
		assert_int_equal(next(s, CE_ARCHIVE, CM_SINGLE_USE, false),
		    CS_ARCHIVED);
	/* Archiving is permanent. */
	assert_int_equal(next(CS_ARCHIVED, CE_ARCHIVE, CM_DEDICATED, false),
	    CS_NONE);
	assert_int_equal(next(CS_ARCHIVED, CE_RESUME, CM_DEDICATED, false),
	    CS_NONE);
	assert_int_equal(next(CS_FAILED, CE_RETRY, CM_SINGLE_USE, false),
	    CS_ARCHIVED);
	assert_int_equal(next(CS_ACTIVE, CE_RETRY, CM_SINGLE_USE, false),
	    CS_NONE);
}

static void
test_names(void **state)
{
	enum camp_status s;

	(void)state;
	for (s = CS_DRAFT; s <= CS_ARCHIVED; s++)
		assert_int_equal(campaign_status_parse(
		    campaign_status_name(s)), s);
	assert_int_equal(campaign_status_parse("sleeping"), CS_NONE);
	assert_int_equal(campaign_status_parse(NULL), CS_NONE);
	assert_int_equal(campaign_mode_parse("single_use"), CM_SINGLE_USE);
	assert_int_equal(campaign_mode_parse(NULL), CM_NONE);
}

static void
test_editable(void **state)
{
	(void)state;
	assert_true(campaign_field_editable(CS_DRAFT, "script"));
	assert_true(campaign_field_editable(CS_DRAFT, "launch_at"));
	assert_true(campaign_field_editable(CS_ACTIVE, "end_at"));
	assert_true(campaign_field_editable(CS_ACTIVE, "start_at"));
	assert_true(campaign_field_editable(CS_LAUNCHING, "open_until"));
	assert_true(campaign_field_editable(CS_PAUSED, "batch_size"));
	assert_false(campaign_field_editable(CS_ACTIVE, "script"));
	assert_false(campaign_field_editable(CS_ACTIVE, "time_zone"));
	assert_false(campaign_field_editable(CS_ACTIVE, "phone_number_id"));
	assert_false(campaign_field_editable(CS_ACTIVE, "launch_at"));
	assert_false(campaign_field_editable(CS_FAILED, "name"));
	assert_false(campaign_field_editable(CS_ARCHIVED, "end_at"));
}

static void
test_followup(void **state)
{
	(void)state;
	assert_true(campaign_can_followup(CS_ACTIVE, "complete"));
	assert_true(campaign_can_followup(CS_PAUSED, "complete"));
	assert_false(campaign_can_followup(CS_ACTIVE, "initiated"));
	assert_false(campaign_can_followup(CS_LAUNCHING, "initiated"));
	assert_false(campaign_can_followup(CS_DRAFT, NULL));
	assert_false(campaign_can_followup(CS_ARCHIVED, "complete"));
	assert_false(campaign_can_followup(CS_FAILED, "failed"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_launch),
		cmocka_unit_test(test_provisioning_ends),
		cmocka_unit_test(test_pause_resume_archive),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_editable),
		cmocka_unit_test(test_followup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
