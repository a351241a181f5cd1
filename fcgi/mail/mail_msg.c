/*
 * mail_msg: composing an email; see mail_msg.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "buf.h"
#include "mail_msg.h"
#include "mailbox.h"
#include "utf8.h"

#define LINE_MAX_CHARS	76	/* RFC 2047 and 2045 line limit */
#define MSG_LIMIT	(1 << 20)

/* Appends s made one safe line (see mail_one_line) to out. */
static void
one_line(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	uint32_t cp;
	size_t n;

	while (*p != '\0') {
		if ((n = utf8_seq(p, &cp)) == 0) {
			buf_add(out, "?", 1);
			p++;
		} else if (utf8_breaks_line(cp)) {
			buf_add(out, " ", 1);
			p += n;
		} else {
			buf_add(out, p, n);
			p += n;
		}
	}
}

char *
mail_one_line(struct arena *a, const char *s)
{
	struct buf b;
	char *out;

	buf_init(&b, MSG_LIMIT);
	one_line(&b, s);
	out = arena_strdup(a, b.failed ? "" : buf_str(&b));
	buf_free(&b);
	return out;
}

void
mail_date(char out[40], time_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/*
 * True when s may stand in a header as it is, folded at its spaces:
 * printable ASCII, no "=?" (it would read as an encoded-word), and no run
 * without a space too long for a line.
 */
static bool
plain_ascii(const char *s)
{
	const char *p;
	size_t run = 0;

	for (p = s; *p != '\0'; p++) {
		if (*p < 0x20 || *p > 0x7e)
			return false;
		run = *p == ' ' ? 0 : run + 1;
		if (run > 60)
			return false;
	}
	return strstr(s, "=?") == NULL;
}

/* A header's text: one line, runs of spaces made one, no space at the
 * ends (so that folding never leaves a line of only whitespace). */
static void
header_line(struct buf *out, const char *s)
{
	struct buf v;
	const char *p;
	bool space = false;

	buf_init(&v, MSG_LIMIT);
	one_line(&v, s);
	for (p = buf_str(&v); *p != '\0'; p++) {
		if (*p == ' ') {
			space = out->len > 0;
			continue;
		}
		if (space)
			buf_add(out, " ", 1);
		space = false;
		buf_add(out, p, 1);
	}
	if (v.failed)
		out->failed = true;
	buf_free(&v);
}

/*
 * Appends printable ASCII starting at column col, folding (CRLF before a
 * space, which unfolding gives back) to keep lines within LINE_MAX_CHARS
 * where the words allow. Returns the column after it.
 */
static size_t
fold_ascii(struct buf *out, const char *s, size_t col)
{
	const char *p = s, *next;
	size_t wlen;

	while (*p != '\0') {
		/* a space, if any, and the run of other characters after it */
		next = p + (*p == ' ');
		next += strcspn(next, " ");
		wlen = (size_t)(next - p);
		if (*p == ' ' && wlen > 1 && col + wlen > LINE_MAX_CHARS) {
			buf_adds(out, "\r\n");
			col = 0;
		}
		buf_add(out, p, wlen);
		col += wlen;
		p = next;
	}
	return col;
}

/*
 * Appends s (safe UTF-8) as RFC 2047 B encoded-words starting at column
 * col, each as long as its line allows (at most 75 characters), never
 * splitting a character and, where it can, ending a word after a space;
 * separated by folding whitespace. Returns the column after it.
 */
static size_t
encoded_words(struct buf *out, const char *s, size_t col)
{
	char b64[sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_ORIGINAL)];
	size_t len = strlen(s), at = 0, n, max, space, k;
	uint32_t cp;

	while (at < len) {
		if (at > 0 || col + 16 > LINE_MAX_CHARS) {
			buf_adds(out, "\r\n ");
			col = 1;
		}
		/* "=?UTF-8?B?" + base64 + "?=" within the line */
		max = (LINE_MAX_CHARS - col - 12) / 4 * 3;
		if (max > 45)
			max = 45;	/* 75 characters: RFC 2047's limit */
		n = space = 0;
		while (at + n < len) {
			if ((k = utf8_seq((const unsigned char *)s + at + n,
			    &cp)) == 0)
				k = 1;
			if (n + k > max)
				break;
			n += k;
			if (cp == ' ')
				space = n;
		}
		if (at + n < len && space > 0)
			n = space;
		sodium_bin2base64(b64, sizeof(b64),
		    (const unsigned char *)s + at, n,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_addf(out, "=?UTF-8?B?%s?=", b64);
		col += strlen(b64) + 12;
		at += n;
	}
	return col;
}

void
mail_header_text(struct buf *out, const char *name, const char *value)
{
	struct buf v;
	const char *s;
	size_t col = strlen(name) + 2;

	buf_init(&v, MSG_LIMIT);
	header_line(&v, value);
	s = buf_str(&v);
	buf_addf(out, "%s: ", name);
	if (plain_ascii(s))
		(void)fold_ascii(out, s, col);
	else
		(void)encoded_words(out, s, col);
	buf_adds(out, "\r\n");
	if (v.failed)
		out->failed = true;
	buf_free(&v);
}

void
mail_header_mailbox(struct buf *out, const char *name, const char *display,
    const char *addr)
{
	struct buf v, q;
	const char *s, *p;
	size_t col = strlen(name) + 2;

	buf_init(&v, MSG_LIMIT);
	buf_init(&q, MSG_LIMIT);
	header_line(&v, display);
	s = buf_str(&v);
	buf_addf(out, "%s: ", name);
	if (*s != '\0' && plain_ascii(s)) {
		buf_add(&q, "\"", 1);	/* a quoted-string: any ASCII */
		for (p = s; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_add(&q, "\\", 1);
			buf_add(&q, p, 1);
		}
		buf_add(&q, "\"", 1);
	}
	if (q.len > 0 && plain_ascii(buf_str(&q)))	/* escapes fit too */
		col = fold_ascii(out, buf_str(&q), col);
	else if (*s != '\0')
		col = encoded_words(out, s, col);
	if (*s == '\0')
		buf_addf(out, "<%s>\r\n", addr);
	else if (col + strlen(addr) + 3 <= LINE_MAX_CHARS)
		buf_addf(out, " <%s>\r\n", addr);
	else
		buf_addf(out, "\r\n <%s>\r\n", addr);
	if (v.failed || q.failed)
		out->failed = true;
	buf_free(&v);
	buf_free(&q);
}

void
mail_qp(struct buf *out, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)text, *eol;
	char piece[4];
	size_t col, plen;

	while (*p != '\0') {
		eol = (const unsigned char *)strchr((const char *)p, '\n');
		if (eol == NULL)
			eol = p + strlen((const char *)p);
		col = 0;
		for (; p < eol; p++) {
			if (*p == '\r' && p + 1 == eol)
				continue;	/* CRLF input */
			if ((*p >= 33 && *p <= 126 && *p != '=') ||
			    ((*p == ' ' || *p == '\t') && p + 1 < eol &&
			    !(p + 2 == eol && p[1] == '\r'))) {
				piece[0] = (char)*p;
				plen = 1;
			} else {
				piece[0] = '=';
				piece[1] = hex[*p >> 4];
				piece[2] = hex[*p & 15];
				plen = 3;
			}
			if (col + plen > LINE_MAX_CHARS - 1) {
				buf_adds(out, "=\r\n");	/* soft break */
				col = 0;
			}
			buf_add(out, piece, plen);
			col += plen;
		}
		buf_adds(out, "\r\n");
		if (*p == '\n')
			p++;
	}
}

static bool
token_ok(const char *s, const char *extra)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr(extra, *s)))
			return false;
	return true;
}

static void
part(struct buf *out, const char *boundary, const char *type,
    const char *body)
{
	buf_addf(out, "--%s\r\n", boundary);
	buf_addf(out, "Content-Type: %s; charset=UTF-8\r\n", type);
	buf_adds(out, "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	mail_qp(out, body);
}

int
mail_msg_compose(struct buf *out, const struct mail_msg *m)
{
	char name[256], addr[256], date[40];
	const char *id = m->message_id;
	size_t idlen = id != NULL ? strlen(id) : 0;

	if (!mailbox_addr_ok(m->to_addr) || m->boundary == NULL ||
	    strlen(m->boundary) < 16 || strlen(m->boundary) > 60 ||
	    !token_ok(m->boundary, "") || idlen < 5 || idlen > 200 ||
	    id[0] != '<' || id[idlen - 1] != '>' || strchr(id, '@') == NULL)
		return -1;
	{
		char inner[201];

		memcpy(inner, id + 1, idlen - 2);
		inner[idlen - 2] = '\0';
		if (!token_ok(inner, ".-_@+="))
			return -1;
	}

	mail_date(date, m->date);
	buf_addf(out, "Date: %s\r\n", date);
	if (mailbox_parse(m->from, name, sizeof(name), addr,
	    sizeof(addr)) == -1)
		return -1;
	mail_header_mailbox(out, "From", name, addr);
	if (m->reply_to != NULL) {
		if (mailbox_parse(m->reply_to, name, sizeof(name), addr,
		    sizeof(addr)) == -1)
			return -1;
		mail_header_mailbox(out, "Reply-To", name, addr);
	}
	mail_header_mailbox(out, "To", m->to_name, m->to_addr);
	mail_header_text(out, "Subject", m->subject);
	buf_addf(out, "Message-ID: %s\r\n", id);
	buf_adds(out, "MIME-Version: 1.0\r\n");
	buf_adds(out, "Auto-Submitted: auto-generated\r\n");
	buf_addf(out, "Content-Type: multipart/alternative;\r\n"
	    " boundary=\"%s\"\r\n\r\n", m->boundary);
	buf_adds(out, "This is a message in MIME format: a plain-text and "
	    "an HTML version.\r\n\r\n");
	part(out, m->boundary, "text/plain", m->text ? m->text : "");
	part(out, m->boundary, "text/html", m->html ? m->html : "");
	buf_addf(out, "--%s--\r\n", m->boundary);
	return out->failed ? -1 : 0;
}
