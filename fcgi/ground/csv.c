/*
 * csv: the streaming CSV reader; see csv.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "csv.h"

enum {
	S_FIELD,	/* at the start of a field */
	S_PLAIN,	/* in an unquoted field */
	S_QUOTED,	/* in a quoted field */
	S_QUOTE,	/* a quote inside a quoted field: end or "" */
	S_CR,		/* a record ended with CR: an LF may follow */
};

int
csv_init(struct csv *c, size_t limit)
{
	memset(c, 0, sizeof(*c));
	c->limit = limit;
	c->cap = 4096 < limit + 1 ? 4096 : limit + 1;
	if ((c->buf = malloc(c->cap)) == NULL)
		return -1;
	c->line = 1;
	c->state = S_FIELD;
	return 0;
}

void
csv_free(struct csv *c)
{
	free(c->buf);
	c->buf = NULL;
}

/* Appends a byte of the record (a NUL only as a field's end). */
static void
append(struct csv *c, char ch)
{
	char *p;

	if (c->error != NULL)
		return;
	if (c->len + 1 >= c->limit) {
		c->error = "the row is too long";
		return;
	}
	if (c->len + 2 > c->cap) {
		if ((p = realloc(c->buf, c->cap * 2)) == NULL) {
			c->error = "out of memory";
			return;
		}
		c->buf = p;
		c->cap *= 2;
	}
	c->buf[c->len++] = ch;
}

static void
put(struct csv *c, char ch)
{
	if (ch == '\0' && c->error == NULL)
		c->error = "the row holds a NUL byte: not a text file";
	append(c, ch);
}

static void
end_field(struct csv *c)
{
	if (c->error != NULL)
		return;
	if (c->nfields == CSV_MAX_FIELDS) {
		c->error = "the row has too many columns";
		return;
	}
	append(c, '\0');
	if (c->error == NULL)
		c->off[c->nfields++] = c->len;
}

static int
end_record(struct csv *c, csv_record_fn fn, void *ctx)
{
	size_t i, start = 0;
	int rc = 0;

	end_field(c);
	if (c->error != NULL)
		rc = fn(ctx, c->record_line, NULL, 0, c->error);
	else if (!(c->nfields == 1 && c->buf[0] == '\0')) {	/* blank */
		for (i = 0; i < c->nfields; i++) {
			c->fields[i] = c->buf + start;
			start = c->off[i];
		}
		rc = fn(ctx, c->record_line, c->fields, c->nfields, NULL);
	}
	c->len = 0;
	c->nfields = 0;
	c->error = NULL;
	c->started = false;
	return rc;
}

int
csv_feed(struct csv *c, const char *data, size_t len, csv_record_fn fn,
    void *ctx)
{
	static const char bom[] = "\xef\xbb\xbf";
	size_t i;
	char ch;
	int rc;

	for (i = 0; i < len; i++) {
		ch = data[i];
		if (c->bom < 3) {	/* the byte order mark, once */
			if (c->line == 1 && !c->started && ch == bom[c->bom] &&
			    c->len == 0) {
				c->bom++;
				continue;
			}
			c->bom = 3;
		}
		if (c->state == S_CR) {
			c->state = S_FIELD;
			if (ch == '\n')
				continue;
		}
		if (!c->started) {
			c->started = true;
			c->record_line = c->line;
		}
		switch (c->state) {
		case S_FIELD:
		case S_PLAIN:
			if (ch == '"' && c->state == S_FIELD)
				c->state = S_QUOTED;
			else if (ch == ',') {
				end_field(c);
				c->state = S_FIELD;
			} else if (ch == '\n' || ch == '\r') {
				c->line++;
				c->state = ch == '\r' ? S_CR : S_FIELD;
				if ((rc = end_record(c, fn, ctx)) != 0)
					return rc;
			} else {
				put(c, ch);
				c->state = S_PLAIN;
			}
			break;
		case S_QUOTED:
			if (ch == '"')
				c->state = S_QUOTE;
			else {
				if (ch == '\n')
					c->line++;
				put(c, ch);
			}
			break;
		case S_QUOTE:
			if (ch == '"') {
				put(c, '"');
				c->state = S_QUOTED;
			} else if (ch == ',') {
				end_field(c);
				c->state = S_FIELD;
			} else if (ch == '\n' || ch == '\r') {
				c->line++;
				c->state = ch == '\r' ? S_CR : S_FIELD;
				if ((rc = end_record(c, fn, ctx)) != 0)
					return rc;
			} else {	/* "ab"cd: taken as abcd */
				put(c, ch);
				c->state = S_PLAIN;
			}
			break;
		}
	}
	return 0;
}

int
csv_finish(struct csv *c, csv_record_fn fn, void *ctx)
{
	if (c->state == S_QUOTED && c->error == NULL)
		c->error = "a quoted value is never closed";
	c->state = S_FIELD;
	if (!c->started)
		return 0;
	return end_record(c, fn, ctx);
}
