/*
 * texting: opt-out keywords and the initial message; see texting.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <string.h>

#include <cJSON.h>

#include "arena.h"
#include "script.h"
#include "texting.h"

/* The CTIA's opt-out words and the variants people type. */
static const char *const opt_out_words[] = {
	"stop", "stopall", "stop all", "unsubscribe", "cancel", "end", "quit",
	"optout", "opt out", "opt-out", "revoke", "remove", "stop texting",
	"stop messaging", "unsub",
};

bool
texting_is_opt_out(const char *body)
{
	const char *s = body, *e;
	char word[32];
	size_t n, i, o = 0;

	if (body == NULL)
		return false;
	while (*s != '\0' && (isspace((unsigned char)*s) ||
	    ispunct((unsigned char)*s)))
		s++;
	e = s + strlen(s);
	while (e > s && (isspace((unsigned char)e[-1]) ||
	    ispunct((unsigned char)e[-1])))
		e--;
	n = (size_t)(e - s);
	if (n == 0 || n >= sizeof(word))
		return false;
	/* Runs of spaces count as one. */
	for (i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i])) {
			if (o > 0 && word[o - 1] == ' ')
				continue;
			word[o++] = ' ';
		} else
			word[o++] = (char)tolower((unsigned char)s[i]);
	}
	word[o] = '\0';
	for (i = 0; i < sizeof(opt_out_words) / sizeof(opt_out_words[0]); i++)
		if (strcmp(word, opt_out_words[i]) == 0)
			return true;
	return false;
}

/* What the merge fields of one rendering read. */
struct render {
	const struct texting_contact	*c;
	const char			*texter_first;
	cJSON				*fields;
};

/* A merge field's value (script_lookup), or NULL when unknown. */
static const char *
lookup(const char *name, void *ctx)
{
	const struct render *r = ctx;
	const cJSON *v;

	if (strcmp(name, "first_name") == 0)
		return r->c->first_name ? r->c->first_name : "";
	if (strcmp(name, "last_name") == 0)
		return r->c->last_name ? r->c->last_name : "";
	if (strcmp(name, "texter_first_name") == 0)
		return r->texter_first;
	v = cJSON_GetObjectItemCaseSensitive(r->fields, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

char *
texting_render(struct arena *a, const char *script,
    const struct texting_contact *c)
{
	const char *lang = c->opt_out_language;
	struct render r;
	char *text, *sp;
	size_t n, llen;

	r.c = c;
	/* {texter_first_name}: the first word of the texter's name. */
	r.texter_first = sp = arena_strdup(a, c->texter_name ? c->texter_name :
	    "");
	if ((sp = strchr(sp, ' ')) != NULL)
		*sp = '\0';
	r.fields = c->fields ? cJSON_Parse(c->fields) : NULL;
	text = script_render(a, script ? script : "", lookup, &r, NULL);
	cJSON_Delete(r.fields);
	n = strlen(text);
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		text[--n] = '\0';
	llen = lang ? strlen(lang) : 0;
	if (llen == 0 || (n >= llen && strcmp(text + n - llen, lang) == 0))
		return text;
	return n > 0 ? arena_printf(a, "%s\n%s", text, lang) :
	    arena_strdup(a, lang);
}
