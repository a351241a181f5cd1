/*
 * tag_name: what an organization's tag may be called. The route checks
 * the length (1 to TAG_NAME_MAX characters); this trims the blanks around
 * the name and refuses one left empty or holding control characters
 * (a newline, a tab), so two tags never differ by a space alone.
 */
#ifndef LL_TAG_NAME_H
#define LL_TAG_NAME_H

struct arena;

#define TAG_NAME_MAX	50

/* The name as stored in *out (in the arena); NULL, or the reason it is
 * refused (a sentence naming "name"). */
const char	*tag_name_clean(struct arena *, const char *in, char **out);

#endif
