/*
 * admin: the operator's command line, `launchline admin ...`:
 *   create-org NAME                 prints the new organization's id
 *   create-user EMAIL NAME          password on stdin; prints the user id
 *   reset-password EMAIL            password on stdin; ends the account's
 *                                   sessions and reset links
 *   set-role EMAIL ORG_NAME ROLE    adds or changes a membership
 *   create-use-case ORG_NAME NAME PROVIDER_CAMPAIGN_ID
 *                                   registers a 10DLC use case (Telnyx's
 *                                   campaign id or the registry's TCR id)
 *   provisioning-launch on|off      the platform's incident switch
 *   status                          the deployment's identity, schema,
 *                                   switches and what waits or failed
 *   provider-check [--fix] [--org ORG_NAME]
 *                                   the provider account's settings
 *                                   (provider_check.h)
 *   renew-deployment-id             a new identity, for a database copied
 *                                   from another deployment
 * Passwords are read from standard input, never from argv.
 */
#ifndef LL_ADMIN_H
#define LL_ADMIN_H

struct config;

int	admin_run(const struct config *, int argc, char **argv);

#endif
