/*
 * Unit tests of the provisioning emails' pure parts: mail_msg.c (the
 * message: CRLF, RFC 2047 subjects and names, multipart structure,
 * quoted-printable, no header injection), mail_content.c (the words and
 * links, HTML escaping), mail_retry.c (back-off, which answers are final)
 * and the email keys of config.c.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include <sodium.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "mail_content.h"
#include "mail_msg.h"
#include "mailbox.h"
#include "mail_retry.h"
#include "valid.h"

#define BOUNDARY	"llTESTboundary0123456789"

static struct mail_msg
sample(void)
{
	struct mail_msg m;

	memset(&m, 0, sizeof(m));
	m.from = "Launchline <launchline@example.org>";
	m.reply_to = "support@example.org";
	m.to_name = "Ada Lovelace";
	m.to_addr = "ada@example.org";
	m.subject = "Your number +14155550100 is ready";
	m.text = "Hello Ada,\n\nIt is ready.\n";
	m.html = "<p>Hello Ada,</p>\n<p>It is ready.</p>\n";
	m.message_id = "<launchline.7.abc@example.org>";
	m.date = 1767690300;	/* Tue, 06 Jan 2026 09:05:00 +0000 */
	m.boundary = BOUNDARY;
	return m;
}

/* Composes m; the caller frees the result. */
static char *
compose(const struct mail_msg *m)
{
	struct buf b;
	char *out;

	buf_init(&b, 1 << 20);
	assert_int_equal(mail_msg_compose(&b, m), 0);
	out = strdup(buf_str(&b));
	buf_free(&b);
	return out;
}

/* The header section (up to the first empty line), as a new string. */
static char *
headers_of(const char *msg)
{
	const char *end = strstr(msg, "\r\n\r\n");

	assert_non_null(end);
	return strndup(msg, (size_t)(end - msg) + 2);
}

/* Every line ends in CRLF, no bare CR or LF, none longer than max. */
static void
assert_lines(const char *s, size_t max)
{
	const char *p, *line = s;

	for (p = s; *p != '\0'; p++) {
		if (*p == '\r') {
			assert_int_equal(p[1], '\n');
			assert_true((size_t)(p - line) <= max);
			p++;
			line = p + 1;
		} else {
			assert_int_not_equal(*p, '\n');
		}
	}
	assert_ptr_equal(line, p);	/* ends with CRLF */
}

/* How many lines of the headers start a header named name. */
static int
count_header(const char *headers, const char *name)
{
	size_t n = strlen(name);
	const char *p = headers;
	int count = 0;

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':')
			count++;
		p = strstr(p, "\r\n");
		if (p != NULL)
			p += 2;
	}
	return count;
}

/*
 * Decodes a header value made of RFC 2047 B encoded-words (and plain
 * text between them) the way a mail reader does; checks each word is at
 * most 75 characters and decodes to whole UTF-8 characters.
 */
static char *
decode_words(const char *v)
{
	static char out[4096];
	unsigned char bin[256];
	char word[256], one[257];
	const char *p = v, *end;
	size_t len = 0, binlen;

	out[0] = '\0';
	while (*p != '\0') {
		if (strncmp(p, "=?UTF-8?B?", 10) == 0) {
			end = strstr(p + 10, "?=");
			assert_non_null(end);
			assert_true(end + 2 - p <= 75);
			memcpy(word, p + 10, (size_t)(end - p - 10));
			word[end - p - 10] = '\0';
			assert_int_equal(sodium_base642bin(bin, sizeof(bin), word,
			    strlen(word), NULL, &binlen, NULL,
			    sodium_base64_VARIANT_ORIGINAL), 0);
			memcpy(one, bin, binlen);
			one[binlen] = '\0';
			assert_true(utf8_len(one) >= 0);
			memcpy(out + len, bin, binlen);
			len += binlen;
			p = end + 2;
			while (*p == '\r' || *p == '\n' || *p == ' ')
				p++;	/* whitespace between words is dropped */
		} else {
			out[len++] = *p++;
		}
	}
	out[len] = '\0';
	return out;
}

/* The value of header name (unfolded: CRLF SP kept out), or NULL. */
static char *
header_value(const char *headers, const char *name)
{
	static char out[4096];
	const char *p = headers, *e;
	size_t n = strlen(name), len = 0;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 2;
			for (;;) {
				e = strstr(p, "\r\n");
				memcpy(out + len, p, (size_t)(e - p));
				len += (size_t)(e - p);
				if (e[2] != ' ')
					break;
				out[len++] = ' ';
				p = e + 3;
			}
			out[len] = '\0';
			return out;
		}
		p = strstr(p, "\r\n");
		if (p != NULL)
			p += 2;
	}
	return NULL;
}

static void
test_structure(void **state)
{
	struct mail_msg m = sample();
	char *msg, *h;

	(void)state;
	msg = compose(&m);
	h = headers_of(msg);
	assert_lines(msg, 78);
	assert_true(strncmp(msg, "Date: Tue, 06 Jan 2026 09:05:00 +0000\r\n",
	    39) == 0);
	assert_non_null(strstr(h, "\r\nFrom: \"Launchline\" "
	    "<launchline@example.org>\r\n"));
	assert_non_null(strstr(h, "\r\nReply-To: <support@example.org>\r\n"));
	assert_non_null(strstr(h, "\r\nTo: \"Ada Lovelace\" <ada@example.org>"
	    "\r\n"));
	assert_non_null(strstr(h, "\r\nSubject: Your number +14155550100 is "
	    "ready\r\n"));
	assert_non_null(strstr(h, "\r\nMessage-ID: "
	    "<launchline.7.abc@example.org>\r\n"));
	assert_non_null(strstr(h, "\r\nMIME-Version: 1.0\r\n"));
	assert_non_null(strstr(h, "\r\nContent-Type: multipart/alternative;"
	    "\r\n boundary=\"" BOUNDARY "\"\r\n"));
	/* two parts, plain then HTML, then the closing delimiter */
	{
		const char *plain = strstr(msg, "\r\n--" BOUNDARY "\r\n"
		    "Content-Type: text/plain; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
		    "Hello Ada,\r\n\r\nIt is ready.\r\n");
		const char *html = strstr(msg, "\r\n--" BOUNDARY "\r\n"
		    "Content-Type: text/html; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
		    "<p>Hello Ada,</p>\r\n");
		const char *close = strstr(msg, "\r\n--" BOUNDARY "--\r\n");

		assert_non_null(plain);
		assert_non_null(html);
		assert_non_null(close);
		assert_true(plain < html && html < close);
		assert_string_equal(close + strlen(BOUNDARY) + 8, "");
	}
	free(h);
	free(msg);
}

static void
test_rfc2047_subject_and_name(void **state)
{
	struct mail_msg m = sample();
	const char *subject = "Campaign \"GOTV Oakland — Día de votación ✓ "
	    "très long nom qui dépasse la ligne\" is now Active";
	char *msg, *h, *v;

	(void)state;
	m.subject = subject;
	m.to_name = "Zoë Ñúñez-Ångström 山田";
	msg = compose(&m);
	h = headers_of(msg);
	assert_lines(h, 76);
	v = header_value(h, "Subject");
	assert_non_null(v);
	assert_true(strncmp(v, "=?UTF-8?B?", 10) == 0);
	assert_string_equal(decode_words(v), subject);
	v = header_value(h, "To");
	assert_non_null(v);
	assert_true(strncmp(v, "=?UTF-8?B?", 10) == 0);
	assert_non_null(strstr(v, " <ada@example.org>"));
	*strstr(v, " <ada@example.org>") = '\0';
	assert_string_equal(decode_words(v), "Zoë Ñúñez-Ångström 山田");
	/* every byte of the headers is ASCII */
	for (v = h; *v != '\0'; v++)
		assert_true((unsigned char)*v < 0x80);
	free(h);
	free(msg);
}

static void
test_long_ascii_is_folded(void **state)
{
	struct mail_msg m = sample();
	const char *subject = "Campaign \"A very long campaign name that goes "
	    "on and on beyond the line limit\" failed to launch";
	char *msg, *h, *v;

	(void)state;
	m.subject = subject;
	m.to_name = "Augusta Ada King Countess of Lovelace and Mathematician";
	msg = compose(&m);
	h = headers_of(msg);
	assert_lines(h, 76);
	v = header_value(h, "Subject");	/* unfolded */
	assert_true(strncmp(v, "Campaign", 8) == 0);	/* readable as is */
	assert_string_equal(v, subject);
	assert_non_null(strstr(h, "\r\nSubject: Campaign \"A very long"));
	assert_string_equal(header_value(h, "To"), "\"Augusta Ada King "
	    "Countess of Lovelace and Mathematician\" <ada@example.org>");
	free(h);
	free(msg);

	m.subject = "Looks like =?UTF-8?B?aGk=?= a word";	/* never raw */
	msg = compose(&m);
	h = headers_of(msg);
	assert_string_equal(decode_words(header_value(h, "Subject")),
	    m.subject);
	free(h);
	free(msg);
}

static void
test_no_header_injection(void **state)
{
	static const char *const evil[] = {
		"Hi\r\nBcc: evil@attacker.example",
		"Hi\nBcc: evil@attacker.example",
		"Hi\rBcc: evil@attacker.example",
		"Hi\r\n\r\n--" BOUNDARY "\r\nContent-Type: text/html\r\n\r\nX",
		"Hi\xe2\x80\xa8" "Bcc: evil@attacker.example",	/* U+2028 */
		"Hi\xc2\x85" "Bcc: evil@attacker.example",	/* U+0085 */
		"Hi\x0b\x0c\x1b\x7f Bcc: evil@attacker.example",
		"\xff\xfe bad UTF-8\r\nBcc: evil@attacker.example",
	};
	struct mail_msg m;
	char *msg, *h;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(evil) / sizeof(*evil); i++) {
		m = sample();
		m.subject = evil[i];
		m.to_name = evil[i];
		msg = compose(&m);
		h = headers_of(msg);
		assert_lines(msg, 78);
		assert_int_equal(count_header(h, "Bcc"), 0);
		assert_int_equal(count_header(h, "Subject"), 1);
		assert_int_equal(count_header(h, "To"), 1);
		assert_int_equal(count_header(h, "Content-Type"), 1);
		/* the body's structure is intact: exactly two parts */
		{
			const char *p = msg;
			int parts = 0;

			while ((p = strstr(p, "\r\n--" BOUNDARY "\r\n")) !=
			    NULL) {
				parts++;
				p += 4;
			}
			assert_int_equal(parts, 2);
		}
		/* what was sent is the text with its line breaks blanked */
		assert_null(strchr(decode_words(header_value(h, "Subject")),
		    '\n'));
		assert_null(strchr(decode_words(header_value(h, "Subject")),
		    '\r'));
		free(h);
		free(msg);
	}
}

static void
test_quoted_display_name(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4096);
	mail_header_mailbox(&b, "To", "Ada \"the\" \\ L", "ada@example.org");
	assert_string_equal(buf_str(&b),
	    "To: \"Ada \\\"the\\\" \\\\ L\" <ada@example.org>\r\n");
	buf_reset(&b);
	mail_header_mailbox(&b, "To", NULL, "ada@example.org");
	assert_string_equal(buf_str(&b), "To: <ada@example.org>\r\n");
	buf_free(&b);
}

static void
test_bad_addresses_refused(void **state)
{
	static const char *const bad[] = {
		"ada@example.org\r\nBcc: evil@attacker.example",
		"ada@example.org>, <evil@attacker.example",
		"ada lovelace@example.org", "no-at-sign", "@example.org",
		"ada@", "ada@@example.org", "ada@localhost", "\"ada\"@x.org",
		"",
	};
	struct mail_msg m;
	struct buf b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		m = sample();
		m.to_addr = bad[i];
		buf_init(&b, 1 << 20);
		assert_int_equal(mail_msg_compose(&b, &m), -1);
		buf_free(&b);
		assert_false(mailbox_addr_ok(bad[i]));
	}
	m = sample();
	m.message_id = "<x@y>\r\nBcc: evil@attacker.example";
	buf_init(&b, 1 << 20);
	assert_int_equal(mail_msg_compose(&b, &m), -1);
	buf_free(&b);
	m = sample();
	m.boundary = "short";
	buf_init(&b, 1 << 20);
	assert_int_equal(mail_msg_compose(&b, &m), -1);
	buf_free(&b);
}

static void
test_mailbox_parse(void **state)
{
	char name[64], addr[64];

	(void)state;
	assert_int_equal(mailbox_parse("Launchline <a@b.org>", name,
	    sizeof(name), addr, sizeof(addr)), 0);
	assert_string_equal(name, "Launchline");
	assert_string_equal(addr, "a@b.org");
	assert_int_equal(mailbox_parse("\"Launch (test)\" <a@b.org>",
	    name, sizeof(name), addr, sizeof(addr)), 0);
	assert_string_equal(name, "Launch (test)");
	assert_int_equal(mailbox_parse("a@b.org", name, sizeof(name),
	    addr, sizeof(addr)), 0);
	assert_string_equal(name, "");
	assert_string_equal(addr, "a@b.org");
	assert_int_equal(mailbox_parse("Zoë <a@b.org>", NULL, 0, NULL,
	    0), 0);
	assert_int_equal(mailbox_parse("a@b.org <c@d.org>", NULL, 0,
	    NULL, 0), 0);
	assert_int_equal(mailbox_parse("Name <a@b.org", NULL, 0, NULL,
	    0), -1);
	assert_int_equal(mailbox_parse("Name <a@b.org> x", NULL, 0,
	    NULL, 0), -1);
	assert_int_equal(mailbox_parse("Na\"me <a@b.org>", NULL, 0,
	    NULL, 0), -1);
	assert_int_equal(mailbox_parse("<a@b.org><c@d.org>", NULL, 0,
	    NULL, 0), -1);
	assert_int_equal(mailbox_parse("not an address", NULL, 0, NULL,
	    0), -1);
}

/* Decodes quoted-printable (soft breaks, =XX, CRLF to LF). */
static char *
qp_decode(const char *s)
{
	static char out[8192];
	size_t n = 0;

	while (*s != '\0') {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n')
			s += 3;
		else if (s[0] == '=') {
			char hex[3] = { s[1], s[2], 0 };

			out[n++] = (char)strtol(hex, NULL, 16);
			s += 3;
		} else if (s[0] == '\r' && s[1] == '\n') {
			out[n++] = '\n';
			s += 2;
		} else
			out[n++] = *s++;
	}
	out[n] = '\0';
	return out;
}

static void
test_quoted_printable(void **state)
{
	const char *text = "Caf\xc3\xa9 = 100%, trailing space \n"
	    "tab\t\n"
	    "A line that is much longer than seventy-six characters, so it has "
	    "to be broken with soft line breaks (twice, perhaps) by the "
	    "encoder.\n"
	    ".leading dot\n\nend";
	struct buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	mail_qp(&b, text);
	assert_lines(buf_str(&b), 76);
	assert_non_null(strstr(buf_str(&b), "Caf=C3=A9 =3D 100%, trailing "
	    "space=20\r\n"));
	assert_non_null(strstr(buf_str(&b), "tab=09\r\n"));
	assert_non_null(strstr(buf_str(&b), "=\r\n"));	/* a soft break */
	assert_string_equal(qp_decode(buf_str(&b)),
	    "Caf\xc3\xa9 = 100%, trailing space \ntab\t\n"
	    "A line that is much longer than seventy-six characters, so it has "
	    "to be broken with soft line breaks (twice, perhaps) by the "
	    "encoder.\n.leading dot\n\nend\n");
	buf_reset(&b);
	mail_qp(&b, "crlf in\r\nout\r\n");
	assert_string_equal(buf_str(&b), "crlf in\r\nout\r\n");
	buf_free(&b);
}

static void
test_date(void **state)
{
	char d[40];

	(void)state;
	mail_date(d, 0);
	assert_string_equal(d, "Thu, 01 Jan 1970 00:00:00 +0000");
	mail_date(d, 1772323199);
	assert_string_equal(d, "Sat, 28 Feb 2026 23:59:59 +0000");
}

static struct mail_event
event(enum mail_kind k)
{
	struct mail_event e;

	memset(&e, 0, sizeof(e));
	e.kind = k;
	e.recipient_name = "Ada";
	e.org_name = "Demo Org";
	e.org_id = 3;
	e.number_id = 7;
	e.campaign_id = 12;
	e.number_name = "Main line";
	e.phone_number = "+14155550100";
	e.area_codes = "415,510";
	e.failure_reason = "T-Mobile declined the 10DLC registration.";
	e.use_case_name = "GOTV 2026";
	e.campaign_name = "GOTV Oakland";
	e.public_url = "https://texting.example.org/";
	return e;
}

static void
test_content_links_and_words(void **state)
{
	struct arena a;
	struct mail_content c;
	struct mail_event e;

	(void)state;
	arena_init(&a, 4096);

	e = event(MAIL_NUMBER_COMPLETE);
	mail_content_build(&a, &e, &c);
	/* The number as people read it; every link names the organization. */
	assert_string_equal(c.subject, "Your number \"Main line\" "
	    "((415) 555-0100) is ready");
	assert_non_null(strstr(c.text, "See the number: "
	    "https://texting.example.org/numbers/7?org=3\n"));
	assert_non_null(strstr(c.html, "<a href=\"https://texting.example.org/"
	    "numbers/7?org=3\""));
	assert_non_null(strstr(c.text, "(415) 555-0100"));
	assert_null(strstr(c.text, "+14155550100"));
	assert_non_null(strstr(c.text, "/profile?org=3"));
	/* A phone-sized layout and the line a mail client shows first. */
	assert_non_null(strstr(c.html, "<meta name=\"viewport\" "
	    "content=\"width=device-width,initial-scale=1\">"));
	assert_non_null(strstr(c.html, "display:none;max-height:0;"
	    "overflow:hidden;mso-hide:all\">(415) 555-0100 is ready to send "
	    "for Demo Org.</div>"));

	e = event(MAIL_NUMBER_FAILED);
	e.number_name = NULL;
	mail_content_build(&a, &e, &c);
	assert_string_equal(c.subject, "Your number in area code 415, 510 "
	    "could not be provisioned");
	assert_non_null(strstr(c.text, "The reason: T-Mobile declined the "
	    "10DLC registration."));
	assert_non_null(strstr(c.text, "What to do: "));
	/* The button is the next step, not the dead number. */
	assert_non_null(strstr(c.text, "Create a new number: "
	    "https://texting.example.org/numbers?org=3\n"));
	assert_non_null(strstr(c.html, "numbers?org=3\" style="));
	assert_non_null(strstr(c.html, ">Create a new number</a>"));
	assert_null(strstr(c.html, ">See the number</a>"));
	assert_non_null(strstr(c.html, "numbers/7?org=3\">its timeline</a>"));

	e = event(MAIL_CAMPAIGN_ACTIVE);
	mail_content_build(&a, &e, &c);
	assert_string_equal(c.subject, "Campaign \"GOTV Oakland\" is now "
	    "Active");
	assert_non_null(strstr(c.text, "https://texting.example.org/"
	    "campaigns/12?org=3"));
	assert_null(strstr(c.text, "/numbers/"));

	e = event(MAIL_CAMPAIGN_FAILED);
	e.failure_reason = NULL;
	mail_content_build(&a, &e, &c);
	assert_string_equal(c.subject, "Campaign \"GOTV Oakland\" failed to "
	    "launch");
	assert_non_null(strstr(c.text, "Retry with a new number: "
	    "https://texting.example.org/campaigns/12?org=3"));
	assert_non_null(strstr(c.html, "campaigns/12?org=3\" style="));
	assert_non_null(strstr(c.html, ">Retry with a new number</a>"));
	assert_non_null(strstr(c.text, "the provider gave none"));

	assert_int_equal(mail_kind_parse("campaign_failed"),
	    MAIL_CAMPAIGN_FAILED);
	assert_string_equal(mail_kind_name(MAIL_NUMBER_FAILED),
	    "number_failed");
	assert_int_equal(mail_kind_parse("nope"), -1);
	arena_free(&a);
}

static void
test_content_escapes_names(void **state)
{
	struct arena a;
	struct mail_content c;
	struct mail_event e;

	(void)state;
	arena_init(&a, 4096);
	e = event(MAIL_CAMPAIGN_FAILED);
	e.campaign_name = "<script>alert('x')</script> & \"Co\"\r\nInjected";
	e.recipient_name = "<b>Eve</b>";
	mail_content_build(&a, &e, &c);
	assert_null(strstr(c.html, "<script>"));
	assert_null(strstr(c.html, "<b>Eve"));
	assert_non_null(strstr(c.html, "&lt;script&gt;alert(&#39;x&#39;)"
	    "&lt;/script&gt; &amp; &quot;Co&quot;  Injected"));
	assert_non_null(strstr(c.text, "Hello <b>Eve</b>,"));
	/* a name cannot break a line of the text or the subject */
	assert_non_null(strstr(c.text, "& \"Co\"  Injected"));
	assert_null(strchr(c.subject, '\n'));
	assert_null(strchr(c.subject, '\r'));
	arena_free(&a);
}

static void
test_retry(void **state)
{
	(void)state;
	assert_int_equal(mail_retry_outcome(250, 1, 5), MAIL_SENT);
	assert_int_equal(mail_retry_outcome(550, 1, 5), MAIL_FAIL);
	assert_int_equal(mail_retry_outcome(554, 4, 5), MAIL_FAIL);
	assert_int_equal(mail_retry_outcome(451, 1, 5), MAIL_RETRY);
	assert_int_equal(mail_retry_outcome(421, 4, 5), MAIL_RETRY);
	assert_int_equal(mail_retry_outcome(451, 5, 5), MAIL_FAIL);
	assert_int_equal(mail_retry_outcome(0, 1, 5), MAIL_RETRY);
	assert_int_equal(mail_retry_outcome(0, 9, 5), MAIL_FAIL);

	/* the middle of the jitter (x 0.999): first, doubling, the cap */
	assert_int_equal(mail_retry_delay_ms(1, 60, 3600, UINT32_MAX / 2),
	    59940);
	assert_int_equal(mail_retry_delay_ms(2, 60, 3600, UINT32_MAX / 2),
	    119880);
	assert_int_equal(mail_retry_delay_ms(3, 60, 3600, UINT32_MAX / 2),
	    239760);
	assert_int_equal(mail_retry_delay_ms(7, 60, 3600, UINT32_MAX / 2),
	    3596400);
	assert_int_equal(mail_retry_delay_ms(400, 60, 3600, UINT32_MAX / 2),
	    3596400);
	/* ±20% */
	assert_int_equal(mail_retry_delay_ms(1, 10, 100, 0), 8000);
	assert_int_equal(mail_retry_delay_ms(1, 10, 100, UINT32_MAX), 12000);
	assert_int_equal(mail_retry_delay_ms(9, 10, 100, 0), 80000);
	assert_int_equal(mail_retry_delay_ms(9, 10, 100, UINT32_MAX), 120000);
}

static void
test_config_keys(void **state)
{
	struct config c;
	char err[256] = "";

	(void)state;
	assert_int_equal(config_parse(&c, "workers = 1\n", "t.conf", err,
	    sizeof(err)), 0);
	assert_string_equal(c.smtp_starttls, "when_offered");
	assert_int_equal(c.smtp_port, 25);
	assert_int_equal(c.mail_max_attempts, 12);
	assert_null(c.smtp_user);
	config_free(&c);

	assert_int_equal(config_parse(&c, "smtp_starttls = required\n"
	    "mail_from = Ops Team <ops@example.org>\n"
	    "mail_reply_to = help@example.org\nsmtp_port = 587\n", "t.conf",
	    err, sizeof(err)), 0);
	assert_string_equal(c.smtp_starttls, "required");
	assert_string_equal(c.mail_from, "Ops Team <ops@example.org>");
	assert_int_equal(c.smtp_port, 587);
	config_free(&c);

	assert_int_equal(config_parse(&c, "smtp_starttls = maybe\n", "t.conf",
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "t.conf:1: bad value for 'smtp_starttls'"));
	config_free(&c);
	assert_int_equal(config_parse(&c, "\nmail_from = nobody\n", "t.conf",
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "t.conf:2: bad value for 'mail_from'"));
	config_free(&c);
	assert_int_equal(config_parse(&c, "mail_max_attempts = 0\n", "t.conf",
	    err, sizeof(err)), -1);
	config_free(&c);
}
/* A reset's and an invitation's links carry their token; nothing points
 * at a profile switch (nobody subscribed to these). */
static void
test_content_reset_and_invitation(void **state)
{
	struct arena a;
	struct mail_content c;
	struct mail_event e;

	(void)state;
	arena_init(&a, 4096);
	memset(&e, 0, sizeof(e));
	e.kind = MAIL_PASSWORD_RESET;
	e.recipient_name = "Ada";
	e.to_email = "ada@example.org";
	e.secret = "tok_EN-123";
	e.public_url = "https://texting.example.org/";
	mail_content_build(&a, &e, &c);
	assert_string_equal(c.subject, "Reset your Launchline password");
	assert_non_null(strstr(c.text, "account ada@example.org."));
	assert_non_null(strstr(c.text, "Set a new password: "
	    "https://texting.example.org/reset-password?token=tok_EN-123\n"));
	assert_non_null(strstr(c.html, "<a href=\"https://texting.example.org/"
	    "reset-password?token=tok_EN-123\""));
	assert_non_null(strstr(c.text, "works once, within an hour"));
	assert_null(strstr(c.text, "/profile"));
	assert_null(strstr(c.text, "?org="));

	memset(&e, 0, sizeof(e));
	e.kind = MAIL_INVITATION;
	e.recipient_name = "";
	e.org_name = "Demo <Org>";
	e.org_id = 3;
	e.role = "admin";
	e.inviter_name = "Grace";
	e.secret = "inv_TOKEN";
	e.public_url = "https://texting.example.org";
	mail_content_build(&a, &e, &c);
	assert_string_equal(c.subject, "You are invited to Demo <Org> on "
	    "Launchline");
	assert_non_null(strstr(c.text, "Hello there,"));
	assert_non_null(strstr(c.text, "Grace invited you to join Demo <Org> "
	    "on Launchline as an admin."));
	assert_non_null(strstr(c.text, "Accept the invitation: "
	    "https://texting.example.org/invite?org=3#inv_TOKEN\n"));
	assert_non_null(strstr(c.html, "Demo &lt;Org&gt;"));
	assert_null(strstr(c.text, "/profile"));
	e.role = "texter";
	mail_content_build(&a, &e, &c);
	assert_non_null(strstr(c.text, "as a texter."));

	assert_string_equal(mail_kind_name(MAIL_INVITATION), "invitation");
	assert_int_equal(mail_kind_parse("password_reset"),
	    MAIL_PASSWORD_RESET);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_rfc2047_subject_and_name),
		cmocka_unit_test(test_long_ascii_is_folded),
		cmocka_unit_test(test_no_header_injection),
		cmocka_unit_test(test_quoted_display_name),
		cmocka_unit_test(test_bad_addresses_refused),
		cmocka_unit_test(test_mailbox_parse),
		cmocka_unit_test(test_quoted_printable),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_content_links_and_words),
		cmocka_unit_test(test_content_escapes_names),
		cmocka_unit_test(test_content_reset_and_invitation),
		cmocka_unit_test(test_retry),
		cmocka_unit_test(test_config_keys),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("mail", tests, NULL, NULL);
}
