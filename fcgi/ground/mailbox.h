/*
 * mailbox: e-mail addresses and mailboxes as configured (mail_from) and
 * as put in headers and the envelope. Pure, unit-tested.
 */
#ifndef LL_MAILBOX_H
#define LL_MAILBOX_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Splits a mailbox, "addr", "Name <addr>" or "\"Name\" <addr>", into its
 * display name ("" when none) and address; either buffer may be NULL to
 * only check. 0, or -1 when it is not one or a part does not fit.
 */
int	mailbox_parse(const char *mailbox, char *name, size_t namelen,
	    char *addr, size_t addrlen);

/* An address we can put in a header and the envelope: local@domain,
 * printable ASCII without spaces, quotes, brackets or separators. */
bool	mailbox_addr_ok(const char *addr);

#endif
