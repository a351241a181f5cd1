/* Unit tests of texting.c: opt-out keywords and the initial message. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arena.h"
#include "texting.h"

static void
test_opt_out_words(void **state)
{
	static const char *const yes[] = {
		"STOP", "stop", "Stop", "  stop  ", "STOP.", "stop!!!",
		"\tUNSUBSCRIBE\n", "cancel", "END", "quit", "Quit.", "stop all",
		"STOP   ALL", "stopall", "opt out", "OPT-OUT", "optout", "revoke",
		"unsub", "\"STOP\"",
	};
	static const char *const no[] = {
		"", "   ", "Please stop texting me tomorrow", "don't stop",
		"stopping", "STOPS", "end of story", "I will quit my job",
		"yes", "s t o p", "STOP STOP", "cancelled", "sto p", NULL,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(texting_is_opt_out(yes[i]));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(texting_is_opt_out(no[i]));
	/* Longer than any keyword: never one. */
	assert_false(texting_is_opt_out("stop stop stop stop stop stop stop"));
}

static void
test_render(void **state)
{
	struct texting_contact c = {
		"Ada", "Lovelace", "{\"ward\":\"7\",\"n\":3}", "Grace Hopper",
		"Reply STOP to stop.",
	};
	struct arena a;

	(void)state;
	arena_init(&a, 4096);
	assert_string_equal(texting_render(&a, "Hi {first_name} {last_name}, "
	    "{texter_first_name} here about ward {ward}.", &c),
	    "Hi Ada Lovelace, Grace here about ward 7.\nReply STOP to stop.");
	/* Unknown fields and non-string columns stay as written. */
	assert_string_equal(texting_render(&a, "{nope} {n} {", &c),
	    "{nope} {n} {\nReply STOP to stop.");
	/* Trailing blanks go; a script ending with the language keeps one. */
	assert_string_equal(texting_render(&a, "Hi!  \n\n", &c),
	    "Hi!\nReply STOP to stop.");
	assert_string_equal(texting_render(&a, "Hi! Reply STOP to stop.", &c),
	    "Hi! Reply STOP to stop.");
	/* No language, no script, no fields. */
	c.opt_out_language = NULL;
	c.fields = NULL;
	assert_string_equal(texting_render(&a, "Hi {first_name} {ward}", &c),
	    "Hi Ada {ward}");
	c.opt_out_language = "STOP to end";
	assert_string_equal(texting_render(&a, NULL, &c), "STOP to end");
	c.texter_name = NULL;
	assert_string_equal(texting_render(&a, "{texter_first_name}!", &c),
	    "!\nSTOP to end");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opt_out_words),
		cmocka_unit_test(test_render),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
