/*
 * phoneset: a set of US phone numbers, each with a 30-bit tag (the file
 * line it came from, or a mark), packed into one 64-bit word: a million
 * numbers take 16 MB. Open addressing with linear probing; it doubles at
 * 70% load. An import uses it to find duplicates (in the file, or already
 * in the campaign) and opted-out numbers without a query per row.
 */
#ifndef LL_PHONESET_H
#define LL_PHONESET_H

#include <stddef.h>
#include <stdint.h>

#define PHONESET_TAG_MAX	((1u << 30) - 1)

struct phoneset {
	uint64_t	*slots;		/* 0 = empty */
	size_t		 cap, n;	/* cap is a power of two */
};

int	phoneset_init(struct phoneset *);
/*
 * Adds key (ten digits, phone_key) with tag: 1 when added, 0 when the key
 * was there (its tag in *old), -1 without memory.
 */
int	phoneset_add(struct phoneset *, uint64_t key, uint32_t tag,
	    uint32_t *old);
void	phoneset_free(struct phoneset *);

#endif
