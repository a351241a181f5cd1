/*
 * csv_out: see csv_out.h.
 */
#include <string.h>

#include "csv_out.h"

static void
field(struct buf *b, const char *s, bool first, bool guard)
{
	bool formula, quote;
	const char *p;

	if (!first)
		buf_add(b, ",", 1);
	if (s == NULL || *s == '\0')
		return;
	formula = guard && strchr("=+-@\t\r", s[0]) != NULL;
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_add(b, "\"", 1);
	if (formula)
		buf_add(b, "'", 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_add(b, "\"", 1);
		buf_add(b, p, 1);
	}
	if (quote)
		buf_add(b, "\"", 1);
}

void
csv_out_field(struct buf *b, const char *s, bool first)
{
	field(b, s, first, true);
}

void
csv_out_plain(struct buf *b, const char *s, bool first)
{
	field(b, s, first, false);
}

void
csv_out_int(struct buf *b, long long v, bool first)
{
	buf_addf(b, "%s%lld", first ? "" : ",", v);
}

void
csv_out_end(struct buf *b)
{
	buf_add(b, "\r\n", 2);
}
