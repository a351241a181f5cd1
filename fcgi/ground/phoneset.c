/*
 * phoneset: the packed phone-number set; see phoneset.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>

#include "phoneset.h"

#define TAG_BITS	30

static size_t
slot_of(uint64_t key, size_t cap)
{
	/* Fibonacci hashing spreads consecutive numbers apart. */
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & (cap - 1);
}

int
phoneset_init(struct phoneset *s)
{
	s->cap = 1 << 16;
	s->n = 0;
	s->slots = calloc(s->cap, sizeof(*s->slots));
	return s->slots == NULL ? -1 : 0;
}

void
phoneset_free(struct phoneset *s)
{
	free(s->slots);
	s->slots = NULL;
	s->cap = s->n = 0;
}

static void
place(uint64_t *slots, size_t cap, uint64_t word)
{
	size_t i = slot_of(word >> TAG_BITS, cap);

	while (slots[i] != 0)
		i = (i + 1) & (cap - 1);
	slots[i] = word;
}

static int
grow(struct phoneset *s)
{
	size_t cap = s->cap * 2, i;
	uint64_t *slots = calloc(cap, sizeof(*slots));

	if (slots == NULL)
		return -1;
	for (i = 0; i < s->cap; i++)
		if (s->slots[i] != 0)
			place(slots, cap, s->slots[i]);
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
	return 0;
}

int
phoneset_add(struct phoneset *s, uint64_t key, uint32_t tag, uint32_t *old)
{
	size_t i;

	if ((s->n + 1) * 10 > s->cap * 7 && grow(s) == -1)
		return -1;
	for (i = slot_of(key, s->cap); s->slots[i] != 0;
	    i = (i + 1) & (s->cap - 1))
		if (s->slots[i] >> TAG_BITS == key) {
			*old = (uint32_t)(s->slots[i] & PHONESET_TAG_MAX);
			return 0;
		}
	s->slots[i] = key << TAG_BITS | (tag & PHONESET_TAG_MAX);
	s->n++;
	return 1;
}
