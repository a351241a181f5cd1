/*
 * arena: a per-request bump allocator. Everything a request needs comes
 * from its arena and is released at once by arena_reset(); handlers never
 * call free(). Allocation failure aborts: a worker that cannot get memory
 * is replaced by the master, which is cheaper than checking every string.
 */
#ifndef LL_ARENA_H
#define LL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t chunk_size;
};

void	 arena_init(struct arena *, size_t chunk_size);
void	*arena_alloc(struct arena *, size_t);
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_printf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
char	*arena_vprintf(struct arena *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	 arena_reset(struct arena *);	/* keeps the first chunk */
void	 arena_free(struct arena *);

#endif
