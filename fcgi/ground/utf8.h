/*
 * utf8: strict UTF-8, the one decoder every check of outside text uses
 * (RFC 3629: no overlong forms, no surrogates U+D800..U+DFFF, nothing
 * above U+10FFFF). Pure, unit-tested and fuzzed.
 */
#ifndef LL_UTF8_H
#define LL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * The length of the UTF-8 sequence at s and its code point in *cp, or 0
 * when the bytes there are not well-formed UTF-8 (overlong, surrogate,
 * above U+10FFFF, cut short, a stray continuation byte).
 */
size_t	utf8_seq(const unsigned char *s, uint32_t *cp);
/* Does the code point break or control a line (C0, DEL, C1, U+2028,
 * U+2029)? Such never go into a header or a one-line name. */
int	utf8_breaks_line(uint32_t cp);
/* Counts the code points of a NUL-ended string; -1 for malformed UTF-8. */
long	utf8_len(const char *s);

struct arena;

/*
 * s as valid UTF-8 text to show back (in a report or a message): each
 * byte that is not part of a well-formed sequence becomes the four
 * characters \xNN, and after max characters the rest becomes "...".
 * In the arena.
 */
const char *utf8_escape(struct arena *, const char *s, size_t max);

#endif
