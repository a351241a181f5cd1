/*
 * mailbox: e-mail addresses and mailboxes ("addr", "Name <addr>"); see
 * mailbox.h.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mailbox.h"
#include "utf8.h"

bool
mailbox_addr_ok(const char *addr)
{
	const char *at, *p;
	size_t len;

	if (addr == NULL || (len = strlen(addr)) < 3 || len > 254)
		return false;
	for (p = addr; *p != '\0'; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("<>()[]\\,;:\"", *p))
			return false;
	at = strrchr(addr, '@');
	return at != NULL && at != addr && at[1] != '\0' &&
	    strchr(addr, '@') == at && strchr(at, '.') != NULL &&
	    at[1] != '.' && addr[len - 1] != '.';
}

static int
copy_out(char *dst, size_t dstlen, const char *s, size_t n)
{
	if (dst == NULL)
		return 0;
	if (n >= dstlen)
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

int
mailbox_parse(const char *mb, char *name, size_t namelen, char *addr,
    size_t addrlen)
{
	const char *lt, *gt, *as, *ae, *ns, *ne, *p;
	char tmp[256];
	uint32_t cp;
	size_t n;

	if (mb == NULL)
		return -1;
	while (*mb == ' ')
		mb++;
	if ((lt = strchr(mb, '<')) == NULL) {	/* a bare address */
		as = mb;
		ae = mb + strlen(mb);
		while (ae > as && ae[-1] == ' ')
			ae--;
		ns = ne = mb;
	} else {
		if ((gt = strchr(lt, '>')) == NULL || gt[1] != '\0' ||
		    strchr(lt + 1, '<') != NULL)
			return -1;
		as = lt + 1;
		ae = gt;
		ns = mb;
		ne = lt;
		while (ne > ns && ne[-1] == ' ')
			ne--;
		if (ne - ns >= 2 && *ns == '"' && ne[-1] == '"') {
			ns++;
			ne--;
		}
	}
	for (p = ns; p < ne; p += n)	/* no controls, quotes or brackets */
		if ((n = utf8_seq((const unsigned char *)p, &cp)) == 0 ||
		    utf8_breaks_line(cp) || cp == '"' || cp == '\\' || cp == '<' ||
		    cp == '>')
			return -1;
	if (copy_out(tmp, sizeof(tmp), as, (size_t)(ae - as)) == -1 ||
	    !mailbox_addr_ok(tmp) ||
	    copy_out(addr, addrlen, tmp, strlen(tmp)) == -1)
		return -1;
	return copy_out(name, namelen, ns, (size_t)(ne - ns));
}
