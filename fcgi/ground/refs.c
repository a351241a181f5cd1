/*
 * refs: the references Launchline leaves at the provider; see refs.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refs.h"

void
refs_number(char *out, size_t outlen, const char *deployment,
    long long number_id, long long attempt)
{
	snprintf(out, outlen, "launchline-%s-number-%lld-%lld", deployment,
	    number_id, attempt);
}

void
refs_message(char *out, size_t outlen, const char *deployment,
    long long message_id)
{
	snprintf(out, outlen, "launchline-%s-message-%lld", deployment,
	    message_id);
}

void
refs_profile_name(char *out, size_t outlen, const char *deployment,
    long long org_id)
{
	snprintf(out, outlen, "Launchline %s org %lld", deployment, org_id);
}

long long
refs_message_id(const char *s, const char *deployment)
{
	char prefix[REFS_LEN];
	const char *p;
	char *end;
	long long id;

	if (s == NULL || !refs_deployment_ok(deployment))
		return 0;
	snprintf(prefix, sizeof(prefix), "ref=launchline-%s-message-",
	    deployment);
	if ((p = strstr(s, prefix)) == NULL)
		return 0;
	p += strlen(prefix);
	if (*p < '1' || *p > '9')
		return 0;
	id = strtoll(p, &end, 10);
	/* The id ends the reference: "...-message-12x" is not message 12. */
	if (*end != '\0' && *end != '&' && *end != '#')
		return 0;
	return id > 0 ? id : 0;
}

bool
refs_deployment_ok(const char *d)
{
	size_t i;

	if (d == NULL)
		return false;
	for (i = 0; d[i] != '\0'; i++)
		if (!((d[i] >= '0' && d[i] <= '9') || (d[i] >= 'a' &&
		    d[i] <= 'f')))
			return false;
	return i == 16;
}
