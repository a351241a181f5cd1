/*
 * refs: the references Launchline leaves at the provider, each naming this
 * deployment (sql/015's deployment_id, 16 hex digits), so two deployments
 * sharing a provider account never take each other's things for their
 * own. Pure: no I/O.
 *
 *   number order   launchline-<deployment>-number-<number id>-<attempt>
 *                  (the order's customer_reference, also set on the
 *                  provider's number resource)
 *   message        launchline-<deployment>-message-<message id>
 *                  (the Idempotency-Key of its POST, and ref= in the
 *                  webhook_url given with it)
 *   profile        Launchline <deployment> org <org id>
 *                  (the name of an organization's messaging profile)
 */
#ifndef LL_REFS_H
#define LL_REFS_H

#include <stdbool.h>
#include <stddef.h>

#define REFS_LEN	96	/* room for any of them */

void	refs_number(char *out, size_t outlen, const char *deployment,
	    long long number_id, long long attempt);
void	refs_message(char *out, size_t outlen, const char *deployment,
	    long long message_id);
void	refs_profile_name(char *out, size_t outlen, const char *deployment,
	    long long org_id);
/*
 * The message id in s, which holds "ref=launchline-<deployment>-message-<id>"
 * (a webhook_url, or a query string); 0 when there is none or it names
 * another deployment.
 */
long long refs_message_id(const char *s, const char *deployment);
/* Is a deployment id well formed (16 lower-case hex digits)? */
bool	refs_deployment_ok(const char *deployment);

#endif
