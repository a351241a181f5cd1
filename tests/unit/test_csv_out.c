/* Unit tests of csv_out.c: RFC 4180 quoting and the formula guard. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "csv_out.h"

/* One record of fields a, b as csv_out writes it. */
static void
expect(const char *a, const char *b, const char *want)
{
	struct buf out;

	buf_init(&out, 4096);
	csv_out_field(&out, a, true);
	csv_out_field(&out, b, false);
	csv_out_end(&out);
	assert_string_equal(buf_str(&out), want);
	buf_free(&out);
}

static void
test_quoting(void **state)
{
	(void)state;
	expect("plain", "text", "plain,text\r\n");
	expect("a,b", "say \"hi\"", "\"a,b\",\"say \"\"hi\"\"\"\r\n");
	expect("two\nlines", "cr\rhere", "\"two\nlines\",\"cr\rhere\"\r\n");
	expect(NULL, "", ",\r\n");
}

static void
test_formulas(void **state)
{
	(void)state;
	expect("=1+1", "+1", "'=1+1,'+1\r\n");
	expect("-2", "@SUM(A1)", "'-2,'@SUM(A1)\r\n");
	expect("=HYPERLINK(\"x\"),y", "a=b", "\"'=HYPERLINK(\"\"x\"\"),y\",a=b\r\n");
}

static void
test_plain(void **state)
{
	struct buf out;

	(void)state;
	buf_init(&out, 4096);
	csv_out_int(&out, 42, true);
	csv_out_plain(&out, "+15551234567", false);
	csv_out_end(&out);
	assert_string_equal(buf_str(&out), "42,+15551234567\r\n");
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_formulas),
		cmocka_unit_test(test_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
