/*
 * Unit tests of the contact file's pieces: csv.c (quoting, line breaks in
 * quotes, CRLF and CR, BOM, blank lines, rows split across reads, line
 * numbers, errors), phone.c (US numbers to E.164 and the reasons they are
 * refused) and phoneset.c (duplicates with their tags, growth).
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "csv.h"
#include "phone.h"
#include "phoneset.h"

/* Records as "line:field|field" or "line:!error", one per line. */
struct seen {
	char	out[4096];
};

static int
collect(void *ctx, long line, char **f, size_t n, const char *error)
{
	struct seen *s = ctx;
	size_t used = strlen(s->out), i;

	used += (size_t)snprintf(s->out + used, sizeof(s->out) - used,
	    "%ld:", line);
	if (error != NULL)
		used += (size_t)snprintf(s->out + used, sizeof(s->out) - used,
		    "!%s", error);
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(s->out + used, sizeof(s->out) - used,
		    "%s%s", i ? "|" : "", f[i]);
	snprintf(s->out + used, sizeof(s->out) - used, "\n");
	return 0;
}

/* Parses text fed `step` bytes at a time. */
static const char *
parse(const char *text, size_t step, size_t limit)
{
	static struct seen s;
	struct csv c;
	size_t len = strlen(text), i;

	memset(&s, 0, sizeof(s));
	assert_int_equal(csv_init(&c, limit), 0);
	for (i = 0; i < len; i += step)
		assert_int_equal(csv_feed(&c, text + i, len - i < step ?
		    len - i : step, collect, &s), 0);
	assert_int_equal(csv_finish(&c, collect, &s), 0);
	csv_free(&c);
	return s.out;
}

static void
same_at_every_split(const char *text, const char *want)
{
	size_t step;

	for (step = 1; step <= strlen(text) + 1; step++)
		assert_string_equal(parse(text, step, 1024), want);
}

static void
test_csv_basic(void **state)
{
	(void)state;
	same_at_every_split("phone,first\n415,Ada\n", "1:phone|first\n2:415|Ada\n");
	/* No final newline; CRLF; a bare CR. */
	same_at_every_split("a,b\r\n1,2\r3,4", "1:a|b\n2:1|2\n3:3|4\n");
	/* Empty fields keep their place. */
	same_at_every_split(",x,\n", "1:|x|\n");
	/* Blank lines are skipped but counted. */
	same_at_every_split("a\n\n\nb\n", "1:a\n4:b\n");
	/* A byte order mark is not part of the first name. */
	same_at_every_split("\xef\xbb\xbfphone\n1\n", "1:phone\n2:1\n");
}

static void
test_csv_quotes(void **state)
{
	(void)state;
	same_at_every_split("\"a,b\",\"say \"\"hi\"\"\"\n",
	    "1:a,b|say \"hi\"\n");
	/* A line break inside quotes: one record, the next line counted. */
	same_at_every_split("\"multi\nline\",x\ny,z\n", "1:multi\nline|x\n3:y|z\n");
	same_at_every_split("\"\",\"\"\n", "1:|\n");
	/* Lenient: text after a closing quote is kept. */
	same_at_every_split("\"ab\"cd,e\n", "1:abcd|e\n");
	/* A quote inside an unquoted field is a character. */
	same_at_every_split("5'10\",x\n", "1:5'10\"|x\n");
}

static void
test_csv_errors(void **state)
{
	char big[300];

	(void)state;
	same_at_every_split("a\n\"never closed\n", "1:a\n2:!a quoted value is "
	    "never closed\n");
	{	/* a NUL byte: fed by hand, strlen would stop at it */
		static const char bytes[] = "a\nx\0y\nb\n";
		struct seen s;
		struct csv c;

		memset(&s, 0, sizeof(s));
		assert_int_equal(csv_init(&c, 1024), 0);
		assert_int_equal(csv_feed(&c, bytes, sizeof(bytes) - 1,
		    collect, &s), 0);
		assert_int_equal(csv_finish(&c, collect, &s), 0);
		csv_free(&c);
		assert_string_equal(s.out, "1:a\n2:!the row holds a NUL byte: "
		    "not a text file\n3:b\n");
	}
	/* A row past the limit is an error; reading goes on after it. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	{
		char text[400];

		snprintf(text, sizeof(text), "h\n%s\nok\n", big);
		assert_string_equal(parse(text, 7, 100),
		    "1:h\n2:!the row is too long\n3:ok\n");
	}
}

static void
test_csv_many_fields(void **state)
{
	char text[2000];
	size_t i, used = 0;

	(void)state;
	for (i = 0; i < CSV_MAX_FIELDS + 1; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
		    "%s", i ? ",x" : "x");
	snprintf(text + used, sizeof(text) - used, "\nok\n");
	assert_string_equal(parse(text, 64, 4096),
	    "1:!the row has too many columns\n2:ok\n");
}

static void
phone_ok(const char *in, const char *want)
{
	char out[PHONE_E164_LEN + 1];
	const char *why = NULL;

	assert_int_equal(phone_normalize(in, out, &why), 0);
	assert_string_equal(out, want);
}

static void
phone_bad(const char *in, const char *why_part)
{
	char out[PHONE_E164_LEN + 1];
	const char *why = NULL;

	assert_int_equal(phone_normalize(in, out, &why), -1);
	assert_non_null(why);
	assert_non_null(strstr(why, why_part));
}

static void
test_phone(void **state)
{
	(void)state;
	phone_ok("(415) 555-0100", "+14155550100");
	phone_ok("415.555.0100", "+14155550100");
	phone_ok("4155550100", "+14155550100");
	phone_ok("1-415-555-0100", "+14155550100");
	phone_ok("+1 415 555 0100", "+14155550100");
	phone_ok("+14155550100", "+14155550100");
	phone_ok("415/555 0100", "+14155550100");
	phone_bad("", "no phone");
	phone_bad("n/a", "letters");
	phone_bad("555-0100", "too few");
	phone_bad("+44 20 7946 0958", "not a US number");
	phone_bad("+52 55 1234 5678", "not a US number");
	phone_bad("24155550100", "not a US number");
	phone_bad("415555010012345", "too many");
	phone_bad("(115) 555-0100", "area code");
	phone_bad("(911) 555-0100", "area code");
	phone_bad("(415) 055-0100", "exchange");
	phone_bad("415*555*0100", "not a phone");
	phone_bad("1+4155550100", "not a phone");
	/* NANP's fictional 555-0100..0199, in any area code, and only those. */
	assert_true(phone_is_fictional("+14155550100"));
	assert_true(phone_is_fictional("+12125550199"));
	assert_false(phone_is_fictional("+14155550099"));
	assert_false(phone_is_fictional("+14155550200"));
	assert_false(phone_is_fictional("+14155510100"));
	assert_false(phone_is_fictional("+1415555010"));
	assert_false(phone_is_fictional(NULL));
	assert_true(phone_key("+14155550100") == 4155550100ULL);
	{
		char out[PHONE_E164_LEN + 1];

		phone_from_key(2125550199ULL, out);
		assert_string_equal(out, "+12125550199");
	}
	{
		char out[PHONE_DISPLAY_LEN + 1], small[8];

		phone_display("+14157926448", out, sizeof(out));
		assert_string_equal(out, "(415) 792-6448");
		phone_display("+442079460958", out, sizeof(out));
		assert_string_equal(out, "+442079460958");
		phone_display("+1415792644x", out, sizeof(out));
		assert_string_equal(out, "+1415792644x");
		phone_display(NULL, out, sizeof(out));
		assert_string_equal(out, "");
		phone_display("+14157926448", small, sizeof(small));
		assert_string_equal(small, "(415) 7");
	}
}

static void
test_phoneset(void **state)
{
	struct phoneset s;
	uint32_t old = 0;
	uint64_t k;

	(void)state;
	assert_int_equal(phoneset_init(&s), 0);
	assert_int_equal(phoneset_add(&s, 4155550100ULL, 2, &old), 1);
	assert_int_equal(phoneset_add(&s, 4155550101ULL, 0, &old), 1);
	assert_int_equal(phoneset_add(&s, 4155550100ULL, 9, &old), 0);
	assert_int_equal(old, 2);
	assert_int_equal(phoneset_add(&s, 4155550101ULL, 9, &old), 0);
	assert_int_equal(old, 0);
	/* A million numbers: every one found again with its tag. */
	for (k = 0; k < 1000000; k++)
		assert_int_equal(phoneset_add(&s, 2012000000ULL + k * 7,
		    (uint32_t)(k % PHONESET_TAG_MAX), &old), 1);
	assert_true(s.n == 1000002);
	assert_true(s.cap * 7 >= s.n * 10);
	assert_true(s.cap * sizeof(uint64_t) <= 16u << 20);
	for (k = 0; k < 1000000; k += 997) {
		assert_int_equal(phoneset_add(&s, 2012000000ULL + k * 7, 1,
		    &old), 0);
		assert_int_equal(old, (uint32_t)(k % PHONESET_TAG_MAX));
	}
	assert_int_equal(phoneset_add(&s, 9999999999ULL, PHONESET_TAG_MAX,
	    &old), 1);
	assert_int_equal(phoneset_add(&s, 9999999999ULL, 1, &old), 0);
	assert_int_equal(old, PHONESET_TAG_MAX);
	phoneset_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_basic),
		cmocka_unit_test(test_csv_quotes),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_csv_many_fields),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_phoneset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
