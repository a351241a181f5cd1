/*
 * sms: how a text travels as SMS. GSM-7 when every character is in the
 * GSM 03.38 default alphabet or its extension table (the extension's
 * characters, e.g. { } [ ] ~ \ | ^ and the euro sign, cost two septets),
 * else UCS-2 (UTF-16 code units; a character beyond the BMP costs two).
 * One segment holds 160 septets or 70 units; a longer text is split into
 * segments of 153 septets or 67 units (the rest is the concatenation
 * header), and an escape pair or a surrogate pair is never split.
 */
#ifndef LL_SMS_H
#define LL_SMS_H

#include <stdbool.h>
#include <stddef.h>

#define SMS_MAX_SEGMENTS	10	/* the longest text we let out */

struct sms_count {
	bool	 gsm7;		/* else UCS-2 */
	size_t	 characters;	/* Unicode code points */
	size_t	 units;		/* septets (GSM-7) or UTF-16 units */
	size_t	 segments;	/* 0 for the empty text */
};

/* Counts a UTF-8 text; -1 when it is not valid UTF-8. */
int	sms_count(const char *utf8, struct sms_count *);
const char *sms_encoding_name(const struct sms_count *);	/* "GSM-7" */

#endif
