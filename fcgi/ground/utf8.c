/*
 * utf8: strict UTF-8; see utf8.h.
 */
#include <string.h>

#include "arena.h"
#include "utf8.h"

size_t
utf8_seq(const unsigned char *s, uint32_t *cp)
{
	unsigned char c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf && (s[1] & 0xc0) == 0x80) {
		*cp = (uint32_t)(c & 0x1f) << 6 | (s[1] & 0x3f);
		return 2;
	}
	/* E0 needs A0..BF (no overlong); ED needs 80..9F (no surrogate). */
	if (c >= 0xe0 && c <= 0xef && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80 && !(c == 0xe0 && s[1] < 0xa0) &&
	    !(c == 0xed && s[1] > 0x9f)) {
		*cp = (uint32_t)(c & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 |
		    (s[2] & 0x3f);
		return 3;
	}
	/* F0 needs 90..BF (no overlong); F4 needs 80..8F (not past U+10FFFF). */
	if (c >= 0xf0 && c <= 0xf4 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80 &&
	    !(c == 0xf0 && s[1] < 0x90) && !(c == 0xf4 && s[1] > 0x8f)) {
		*cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
		    (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
		return 4;
	}
	return 0;
}

int
utf8_breaks_line(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0x2028 || cp == 0x2029;
}

long
utf8_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t n;
	long count = 0;

	while (*p != '\0') {
		if ((n = utf8_seq(p, &cp)) == 0)
			return -1;
		p += n;
		count++;
	}
	return count;
}

const char *
utf8_escape(struct arena *a, const char *s, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0, o = 0, n;
	uint32_t cp;
	char *out;

	/* At most 4 bytes a character, and the "..." and the NUL. */
	n = strlen(s);
	out = arena_alloc(a, (n < max ? n : max) * 4 + 4);
	for (; *p != '\0'; p += n, chars++) {
		if (chars == max) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if ((n = utf8_seq(p, &cp)) == 0) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 0xf];
			n = 1;
		} else {
			memcpy(out + o, p, n);
			o += n;
		}
	}
	out[o] = '\0';
	return out;
}
