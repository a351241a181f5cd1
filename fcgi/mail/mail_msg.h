/*
 * mail_msg: an email as the bytes handed to the SMTP relay (RFC 5322 and
 * MIME): CRLF line endings, Date and Message-ID, a multipart/alternative
 * body with a plain-text and an HTML part, both UTF-8 in quoted-printable.
 *
 * Header values that come from people (names of users, numbers and
 * campaigns) can never add a header: control characters, CR and LF among
 * them, become spaces, and anything that is not short printable ASCII is
 * written as RFC 2047 encoded-words (base64), which cannot hold a line
 * break. Pure code: no I/O, no database, so it is unit-tested whole.
 */
#ifndef LL_MAIL_MSG_H
#define LL_MAIL_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct arena;
struct buf;

struct mail_msg {
	const char	*from;		/* a mailbox: "addr" or "Name <addr>" */
	const char	*reply_to;	/* a mailbox, or NULL */
	const char	*to_name;	/* any UTF-8, or NULL */
	const char	*to_addr;
	const char	*subject;	/* any UTF-8 */
	const char	*text, *html;	/* the two parts, LF or CRLF lines */
	const char	*message_id;	/* "<...@...>" */
	time_t		 date;
	const char	*boundary;	/* random; [A-Za-z0-9] only */
};

/*
 * Writes the whole message to out. -1 (out untouched or partly written)
 * when an address, the Message-ID or the boundary is unusable, or out
 * overflowed its limit.
 */
int	mail_msg_compose(struct buf *out, const struct mail_msg *);


/* A person's text made safe for one line: C0 and C1 controls (CR, LF,
 * TAB...), DEL and U+2028/U+2029 become spaces; bad UTF-8 becomes '?'. */
char	*mail_one_line(struct arena *, const char *);

/* RFC 5322 date of t in UTC: "Tue, 06 Jan 2026 09:05:00 +0000". */
void	mail_date(char out[40], time_t t);

/* Header "Name: value" for unstructured text (Subject), folded, CRLF. */
void	mail_header_text(struct buf *, const char *name, const char *value);
/* Header "Name: display <addr>" (display may be NULL or ""), CRLF. */
void	mail_header_mailbox(struct buf *, const char *name,
	    const char *display, const char *addr);
/* The text as quoted-printable lines of at most 76 characters, CRLF. */
void	mail_qp(struct buf *, const char *text);

#endif
