/*
 * libFuzzer harness: what a client controls in one request: the path
 * (route matching), the cookie and query strings, and the JSON body
 * parsed strictly and checked against a route's fields (the campaign's,
 * and none).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "campaign_fields.h"
#include "hook.h"
#include "json.h"
#include "route.h"
#include "valid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct field fields[] = {
	{ "name", F_STR, true, 1, 100, NULL, false },
	{ "email", F_EMAIL, false, 0, 0, NULL, false },
	{ "role", F_ROLE, false, 0, 0, NULL, false },
	{ "password", F_PASSWORD, false, 0, 0, NULL, false },
	{ "token", F_TOKEN, false, 0, 0, NULL, false },
	{ "area_code", F_AREA_CODE, false, 0, 0, NULL, false },
	{ "use_case_id", F_ID, false, 0, 0, NULL, false },
	FIELDS_END,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct req r;
	long long ids[3], limit, cursor;
	size_t nids;
	char allow[64], *text;
	int status;

	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	arena_init(&a, 4096);
	memset(&r, 0, sizeof(r));
	r.a = &a;
	(void)route_match("GET", text, ids, &nids, allow, sizeof(allow),
	    &status);
	(void)route_match("PATCH", text, ids, &nids, allow, sizeof(allow),
	    &status);
	r.cookies = text;
	r.query = text;
	(void)req_cookie(&r, "ll_session");
	(void)req_page(&r, &limit, &cursor);
	(void)valid_email(text);
	{
		const char *why;

		(void)hook_verify(text, text, text, text, size, 0, &why);
		(void)hook_verify("MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=",
		    "0", text, text, size, 0, &why);
	}
	{
		size_t at;

		(void)utf8_escape(&a, text, 64);
		if ((r.json = json_parse_strict((const char *)data, size,
		    &at)) != NULL) {
			(void)json_nul_escape((const char *)data, size);
			(void)route_check_fields(&r, fields);
			(void)route_check_fields(&r, campaign_body);
			(void)route_check_fields(&r, NULL);
			cJSON_Delete(r.json);
		}
	}
	arena_free(&a);
	free(text);
	return 0;
}
