/*
 * libFuzzer harness: the email composer with arbitrary bytes as the
 * subject and the recipient's name (what people control), and as the
 * words' names (mail_content). Aborts when the message breaks its
 * promises: CRLF only, header lines of at most 78 characters, 7-bit, the
 * nine headers we write and no other, exactly two parts.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "mail_content.h"
#include "mail_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const char *msg)
{
	static const char *const names[] = { "Date:", "From:", "Reply-To:",
	    "To:", "Subject:", "Message-ID:", "MIME-Version:",
	    "Auto-Submitted:", "Content-Type:" };
	const char *end = strstr(msg, "\r\n\r\n"), *p, *line = msg;
	size_t i, parts = 0;

	if (end == NULL)
		abort();
	for (p = msg; *p != '\0'; p++) {
		if ((unsigned char)*p >= 0x80)
			abort();
		if (*p == '\n' && (p == msg || p[-1] != '\r'))
			abort();
		if (*p == '\r' && p[1] != '\n')
			abort();
		if (*p == '\n') {
			if (line < end && (size_t)(p - 1 - line) > 78)
				abort();
			/* a header line: ours, or a continuation */
			if (line <= end && *line != ' ') {
				for (i = 0; i < sizeof(names) / sizeof(*names);
				    i++)
					if (strncmp(line, names[i],
					    strlen(names[i])) == 0)
						break;
				if (i == sizeof(names) / sizeof(*names))
					abort();
			}
			line = p + 1;
		}
	}
	for (p = msg; (p = strstr(p, "\r\n--llFUZZboundary0123456789\r\n")) !=
	    NULL; p += 4)
		parts++;
	if (parts != 2)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct buf out;
	struct mail_msg m;
	struct mail_event e;
	struct mail_content c;
	char *text = malloc(size + 1), *cut;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	cut = memchr(text, '|', size);	/* "subject|name" */
	if (cut != NULL)
		*cut++ = '\0';
	arena_init(&a, 4096);
	memset(&e, 0, sizeof(e));
	e.kind = (enum mail_kind)(size % 4);
	e.recipient_name = cut != NULL ? cut : text;
	e.number_name = text;
	e.campaign_name = text;
	e.failure_reason = text;
	e.phone_number = "+14155550100";
	e.area_codes = "415";
	e.public_url = "https://texting.example.org";
	mail_content_build(&a, &e, &c);

	memset(&m, 0, sizeof(m));
	m.from = "Launchline <launchline@example.org>";
	m.reply_to = "support@example.org";
	m.to_name = e.recipient_name;
	m.to_addr = "ada@example.org";
	m.subject = size % 2 ? text : c.subject;
	m.text = c.text;
	m.html = c.html;
	m.message_id = "<launchline.1.abc@example.org>";
	m.date = 0;
	m.boundary = "llFUZZboundary0123456789";
	buf_init(&out, 1 << 22);
	if (mail_msg_compose(&out, &m) == 0)
		check(buf_str(&out));
	buf_free(&out);
	arena_free(&a);
	free(text);
	return 0;
}
