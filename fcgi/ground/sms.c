/*
 * sms: GSM-7 / UCS-2 detection and segment counting; see sms.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <string.h>

#include "sms.h"

/* The GSM 03.38 default alphabet, as Unicode code points (index = septet). */
static const uint16_t gsm_basic[128] = {
	'@', 0xa3, '$', 0xa5, 0xe8, 0xe9, 0xf9, 0xec, 0xf2, 0xc7, '\n', 0xd8,
	0xf8, '\r', 0xc5, 0xe5, 0x394, '_', 0x3a6, 0x393, 0x39b, 0x3a9, 0x3a0,
	0x3a8, 0x3a3, 0x398, 0x39e, 0x1b /* escape */, 0xc6, 0xe6, 0xdf, 0xc9,
	' ', '!', '"', '#', 0xa4, '%', '&', '\'', '(', ')', '*', '+', ',', '-',
	'.', '/', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';',
	'<', '=', '>', '?', 0xa1, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I',
	'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
	'X', 'Y', 'Z', 0xc4, 0xd6, 0xd1, 0xdc, 0xa7, 0xbf, 'a', 'b', 'c', 'd',
	'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r',
	's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0xe4, 0xf6, 0xf1, 0xfc, 0xe0,
};

/* The extension table: escape + one septet each. */
static const uint16_t gsm_ext[] = {
	0x0c, '^', '{', '}', '\\', '[', '~', ']', '|', 0x20ac,
};

/* Septets for code point cp in GSM-7: 1, 2, or 0 when it has none. */
static int
gsm_cost(uint32_t cp)
{
	size_t i;

	if (cp == 0x1b)
		return 0;
	for (i = 0; i < 128; i++)
		if (gsm_basic[i] == cp)
			return 1;
	for (i = 0; i < sizeof(gsm_ext) / sizeof(gsm_ext[0]); i++)
		if (gsm_ext[i] == cp)
			return 2;
	return 0;
}

/* Decodes one UTF-8 sequence at *p; -1 when malformed. */
static int
next_cp(const unsigned char **p, uint32_t *cp)
{
	const unsigned char *s = *p;
	uint32_t c = s[0], min;
	int n, i;

	if (c < 0x80) {
		n = 0;
		min = 0;
	} else if ((c & 0xe0) == 0xc0) {
		n = 1;
		c &= 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 2;
		c &= 0x0f;
		min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 3;
		c &= 0x07;
		min = 0x10000;
	} else
		return -1;
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	*p = s + n + 1;
	return 0;
}

/*
 * Segments for a run of characters costing cost[i] units each, with
 * `single` units in one segment and `multi` per part of a longer one.
 */
static size_t
segments(const unsigned char *costs, size_t n, size_t total, size_t single,
    size_t multi)
{
	size_t seg = 1, used = 0, i;

	if (total == 0)
		return 0;
	if (total <= single)
		return 1;
	for (i = 0; i < n; i++) {
		if (used + costs[i] > multi) {
			seg++;
			used = 0;
		}
		used += costs[i];
	}
	return seg;
}

int
sms_count(const char *utf8, struct sms_count *out)
{
	const unsigned char *p = (const unsigned char *)utf8;
	unsigned char gsm[2048], ucs[2048], *gc = gsm, *uc = ucs;
	size_t n = 0, septets = 0, units = 0;
	bool gsm7 = true, exact = true;
	uint32_t cp;
	int c;

	memset(out, 0, sizeof(*out));
	while (*p != '\0') {
		if (next_cp(&p, &cp) == -1)
			return -1;
		c = gsm_cost(cp);
		if (c == 0)
			gsm7 = false;
		if (n < sizeof(gsm)) {
			gsm[n] = (unsigned char)c;
			ucs[n] = cp > 0xffff ? 2 : 1;
		} else
			exact = false;
		septets += (size_t)c;
		units += cp > 0xffff ? 2 : 1;
		n++;
	}
	out->characters = n;
	out->gsm7 = gsm7;
	out->units = gsm7 ? septets : units;
	if (!exact)	/* far past any sane text: the plain estimate */
		out->segments = gsm7 ? (septets + 152) / 153 :
		    (units + 66) / 67;
	else if (gsm7)
		out->segments = segments(gc, n, septets, 160, 153);
	else
		out->segments = segments(uc, n, units, 70, 67);
	return 0;
}

const char *
sms_encoding_name(const struct sms_count *c)
{
	return c->gsm7 ? "GSM-7" : "UCS-2";
}
