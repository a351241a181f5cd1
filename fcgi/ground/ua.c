/*
 * ua: see ua.h. Browsers name their engines' ancestors too (Chrome says
 * Safari, Edge says Chrome), so each is recognised by the token only it
 * sends, the most specific first.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "ua.h"

struct mark {
	const char	*token, *name;
};

static const struct mark browsers[] = {
	{ "Edg/", "Edge" },
	{ "EdgA/", "Edge" },
	{ "EdgiOS/", "Edge" },
	{ "OPR/", "Opera" },
	{ "SamsungBrowser/", "Samsung Internet" },
	{ "Firefox/", "Firefox" },
	{ "FxiOS/", "Firefox" },
	{ "CriOS/", "Chrome" },
	{ "Chrome/", "Chrome" },
	{ "Chromium/", "Chromium" },
	{ "Version/", "Safari" },	/* with Safari/: below */
	{ NULL, NULL },
};

static const struct mark systems[] = {
	{ "iPhone", "iPhone" },
	{ "iPad", "iPad" },
	{ "Android", "Android" },
	{ "CrOS", "ChromeOS" },
	{ "Windows", "Windows" },
	{ "Macintosh", "Mac" },
	{ "Mac OS X", "Mac" },
	{ "Linux", "Linux" },
	{ NULL, NULL },
};

char *
ua_clean(struct arena *a, const char *ua)
{
	char *s;
	size_t i, n;

	if (ua == NULL || *ua == '\0')
		return NULL;
	n = strlen(ua);
	if (n > UA_MAX)
		n = UA_MAX;
	s = arena_strndup(a, ua, n);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			s[i] = '?';
	return s;
}

static const char *
find(const struct mark *m, const char *ua)
{
	for (; m->token != NULL; m++)
		if (strstr(ua, m->token) != NULL)
			return m->name;
	return NULL;
}

void
ua_label(char *buf, size_t len, const char *ua)
{
	const char *browser, *os;
	size_t n;

	if (len == 0)
		return;
	if (ua == NULL || *ua == '\0') {
		snprintf(buf, len, "Unknown device");
		return;
	}
	browser = find(browsers, ua);
	if (browser != NULL && strcmp(browser, "Safari") == 0 &&
	    strstr(ua, "Safari/") == NULL)
		browser = NULL;
	os = find(systems, ua);
	if (browser != NULL && os != NULL)
		snprintf(buf, len, "%s on %s", browser, os);
	else if (browser != NULL || os != NULL)
		snprintf(buf, len, "%s", browser != NULL ? browser : os);
	else {
		/* No browser: a program's name is its first product token. */
		n = strspn(ua, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrs"
		    "tuvwxyz0123456789-_.");
		if (n == 0 || n > 32)
			snprintf(buf, len, "Unknown device");
		else
			snprintf(buf, len, "%.*s", (int)n, ua);
	}
}
