/*
 * phone: US phone numbers as people type them ("(415) 555-0100",
 * "415.555.0100", "1-415-555-0100", "+1 415 555 0100") normalized to
 * E.164 ("+14155550100"), or refused with the reason in words. Only the
 * North American Numbering Plan's +1 numbers are taken (10DLC texting is
 * US only): area code and exchange both start with 2-9, and an area code
 * is never N11.
 */
#ifndef LL_PHONE_H
#define LL_PHONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PHONE_E164_LEN	12	/* "+1" and ten digits */

/* 0 with out = "+1NXXNXXXXXX", or -1 with *why set (a constant string). */
int	phone_normalize(const char *in, char out[PHONE_E164_LEN + 1],
	    const char **why);
/*
 * Is a normalized number one of NANP's fictional ones, 555-0100 to
 * 555-0199 in any area code (reserved for films and examples: no one
 * has them, so a text to one reaches no one)?
 */
bool	phone_is_fictional(const char *e164);
/* How people read a US number: "+14157926448" as "(415) 792-6448" in
 * out (at least PHONE_DISPLAY_LEN + 1 bytes); anything else as it is
 * (truncated to fit). NULL reads as "". */
#define PHONE_DISPLAY_LEN	14
void	phone_display(const char *e164, char *out, size_t len);
/* The ten national digits of a normalized number as a number. */
uint64_t phone_key(const char *e164);
/* The other way round, into out. */
void	phone_from_key(uint64_t key, char out[PHONE_E164_LEN + 1]);

#endif
