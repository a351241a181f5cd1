/*
 * admin: operator commands; see admin.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "admin.h"
#include "arena.h"
#include "auth.h"
#include "config.h"
#include "db_accounts.h"
#include "db_campaigns.h"
#include "db_numbers.h"
#include "db_provider.h"
#include "db_resets.h"
#include "provider_check.h"
#include "valid.h"

static int
usage(void)
{
	fprintf(stderr, "usage: launchline admin create-org NAME\n"
	    "       launchline admin create-user EMAIL NAME  (password on stdin)\n"
	    "       launchline admin reset-password EMAIL  (password on stdin)\n"
	    "       launchline admin set-role EMAIL ORG_NAME "
	    "owner|admin|supervisor|texter\n"
	    "       launchline admin create-use-case ORG_NAME NAME "
	    "PROVIDER_CAMPAIGN_ID\n"
	    "       launchline admin provisioning-launch on|off\n"
	    "       launchline admin status\n"
	    "       launchline admin provider-check [--fix] [--org ORG_NAME]\n"
	    "       launchline admin renew-deployment-id\n");
	return 2;
}

static int
create_org(struct db *db, struct arena *a, const char *name)
{
	long long id;

	if (*name == '\0' || utf8_len(name) < 1 || utf8_len(name) > 200) {
		fprintf(stderr, "launchline: NAME must be 1 to 200 characters\n");
		return 1;
	}
	if (db_org_create(db, a, name, &id) == -1) {
		fprintf(stderr, "launchline: %s\n", db_is_duplicate(db) ?
		    "an organization with that name exists" :
		    "database error");
		return 1;
	}
	printf("%lld\n", id);
	return 0;
}

/* Reads one line of stdin into a sodium-guarded buffer. */
static char *
read_password(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if ((n = getline(&line, &cap, stdin)) <= 0) {
		free(line);
		return NULL;
	}
	line[strcspn(line, "\r\n")] = '\0';
	return line;
}

static int
create_user(struct db *db, struct arena *a, const char *email_in,
    const char *name)
{
	char *email = arena_strdup(a, email_in), *pw, *hash;
	long long id;
	long n;

	ascii_lower(email, email);
	if (!valid_email(email)) {
		fprintf(stderr, "launchline: '%s' is not a valid email\n", email);
		return 1;
	}
	if ((n = utf8_len(name)) < 1 || n > 100) {
		fprintf(stderr, "launchline: NAME must be 1 to 100 characters\n");
		return 1;
	}
	if ((pw = read_password()) == NULL || (n = utf8_len(pw)) < 8 ||
	    n > 256) {
		fprintf(stderr, "launchline: give a password of 8 to 256 "
		    "characters on standard input\n");
		free(pw);
		return 1;
	}
	hash = auth_password_hash(a, pw);
	sodium_memzero(pw, strlen(pw));
	free(pw);
	if (hash == NULL || db_user_create(db, a, email, name, hash,
	    &id) == -1) {
		fprintf(stderr, "launchline: %s\n", db_is_duplicate(db) ?
		    "a user with that email exists" : "could not create user");
		return 1;
	}
	printf("%lld\n", id);
	return 0;
}

/*
 * Sets an account's password from stdin (never argv: it would show in ps
 * and shell histories), spends its password reset links and ends every
 * session of it, in one transaction.
 */
static int
reset_password(struct db *db, struct arena *a, const char *email_in)
{
	char *email = arena_strdup(a, email_in), *pw, *hash;
	long long ended;
	struct user u;
	long n;
	int rc;

	ascii_lower(email, email);
	if ((rc = db_user_by_email(db, a, email, &u)) != 1) {
		fprintf(stderr, "launchline: %s\n", rc == 0 ?
		    "no user with that email" : "database error");
		return 1;
	}
	if ((pw = read_password()) == NULL || (n = utf8_len(pw)) < 8 ||
	    n > 256) {
		fprintf(stderr, "launchline: give a password of 8 to 256 "
		    "characters on standard input\n");
		free(pw);
		return 1;
	}
	hash = auth_password_hash(a, pw);
	sodium_memzero(pw, strlen(pw));
	free(pw);
	if (hash == NULL || db_begin(db) == -1)
		goto out_fail;
	if (db_user_password_set(db, a, u.id, hash) == -1 ||
	    db_resets_spend(db, a, u.id) == -1 ||
	    db_sessions_end_all(db, a, u.id, &ended) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		goto out_fail;
	}
	/* Its failed sign-ins no longer hold the account. */
	if (db_login_failures_clear(db, a, email) == -1)
		goto out_fail;
	printf("password set for %s; %lld sessions ended\n", email, ended);
	return 0;
out_fail:
	fprintf(stderr, "launchline: could not set the password\n");
	return 1;
}

static int
set_role(struct db *db, struct arena *a, const char *email_in,
    const char *org, const char *role)
{
	char *email = arena_strdup(a, email_in);
	long long org_id;
	struct user u;
	int rc;

	ascii_lower(email, email);
	if (role_parse(role) == ROLE_NONE)
		return usage();
	if ((rc = db_user_by_email(db, a, email, &u)) != 1) {
		fprintf(stderr, "launchline: %s\n", rc == 0 ?
		    "no user with that email" : "database error");
		return 1;
	}
	if ((rc = db_org_by_name(db, a, org, &org_id)) != 1) {
		fprintf(stderr, "launchline: %s\n", rc == 0 ?
		    "no organization with that name" : "database error");
		return 1;
	}
	if (db_membership_set(db, a, org_id, u.id, role) == -1) {
		fprintf(stderr, "launchline: database error\n");
		return 1;
	}
	return 0;
}

/* Registers a 10DLC use case; the provisioner asks for its status. */
static int
create_use_case(struct db *db, struct arena *a, const char *org,
    const char *name, const char *campaign_id)
{
	long long org_id, id;
	int rc;

	if ((rc = db_org_by_name(db, a, org, &org_id)) != 1) {
		fprintf(stderr, "launchline: %s\n", rc == 0 ?
		    "no organization with that name" : "database error");
		return 1;
	}
	if (utf8_len(name) < 1 || utf8_len(name) > 100 ||
	    strlen(campaign_id) < 1 || strlen(campaign_id) > 64) {
		fprintf(stderr, "launchline: NAME must be 1 to 100 characters, "
		    "PROVIDER_CAMPAIGN_ID 1 to 64\n");
		return 1;
	}
	if (db_use_case_create(db, a, org_id, name, campaign_id, 0, &id) == -1) {
		fprintf(stderr, "launchline: %s\n", db_is_duplicate(db) ?
		    "that campaign id is already registered" :
		    "database error");
		return 1;
	}
	printf("%lld\n", id);
	return 0;
}

/*
 * The platform-wide incident switch: off makes every launch Active at
 * once (initial messages open incident_wait_minutes later); on again
 * changes no campaign already Active.
 */
static int
provisioning_launch(struct db *db, struct arena *a, const char *value)
{
	if (strcmp(value, "on") != 0 && strcmp(value, "off") != 0)
		return usage();
	if (db_setting_set(db, a, "provisioning_launch", value) == -1) {
		fprintf(stderr, "launchline: database error\n");
		return 1;
	}
	printf("provisioning-based launching is %s\n", value);
	return 0;
}

/*
 * What an operator wants to know first: which deployment this is (its
 * identity names everything Launchline leaves at the provider), the
 * schema, the switches, and what is waiting or went wrong.
 */
static int
status(struct db *db, struct arena *a)
{
	struct status_line *lines;
	const char *dep;
	size_t i, n;

	if (db_deployment_id(db, a, &dep) == -1 ||
	    db_status(db, a, &lines, &n) == -1) {
		fprintf(stderr, "launchline: database error (has launchline "
		    "migrate run?)\n");
		return 1;
	}
	printf("deployment id: %s\n", dep);
	for (i = 0; i < n; i++)
		printf("%s: %s\n", lines[i].name, lines[i].value);
	return 0;
}

/*
 * A database copied from another deployment (staging from production)
 * shares its identity, so each would take the other's orders and
 * messages for its own. This gives the copy a new one. Not for a
 * deployment's own database: its numbers in flight keep their references
 * (they are stored), but the provider's answers about its messages in
 * flight no longer match and are settled from the provider's records.
 */
static int
renew_deployment_id(struct db *db, struct arena *a)
{
	const char *dep;

	if (db_deployment_id(db, a, &dep) == -1) {
		fprintf(stderr, "launchline: database error\n");
		return 1;
	}
	printf("old deployment id: %s\n", dep);
	if (db_deployment_renew(db, a) == -1 ||
	    db_deployment_id(db, a, &dep) == -1) {
		fprintf(stderr, "launchline: database error\n");
		return 1;
	}
	printf("new deployment id: %s\n", dep);
	return 0;
}

/* provider-check [--fix] [--org NAME], in any order. */
static int
provider_check(const struct config *cfg, struct db *db, struct arena *a,
    int argc, char **argv)
{
	const char *org = NULL;
	bool fix = false;
	int i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "--fix") == 0)
			fix = true;
		else if (strcmp(argv[i], "--org") == 0 && i + 1 < argc)
			org = argv[++i];
		else
			return usage();
	return provider_check_run(cfg, db, a, fix, org);
}

int
admin_run(const struct config *cfg, int argc, char **argv)
{
	struct arena a;
	struct db db;
	int rc;

	if (argc < 1)
		return usage();
	db_init(&db, cfg);
	arena_init(&a, 8192);
	if (db_connect(&db, false) == -1) {
		fprintf(stderr, "launchline: cannot connect to the database\n");
		rc = 1;
	} else if (strcmp(argv[0], "create-org") == 0 && argc == 2)
		rc = create_org(&db, &a, argv[1]);
	else if (strcmp(argv[0], "create-user") == 0 && argc == 3)
		rc = create_user(&db, &a, argv[1], argv[2]);
	else if (strcmp(argv[0], "reset-password") == 0 && argc == 2)
		rc = reset_password(&db, &a, argv[1]);
	else if (strcmp(argv[0], "set-role") == 0 && argc == 4)
		rc = set_role(&db, &a, argv[1], argv[2], argv[3]);
	else if (strcmp(argv[0], "create-use-case") == 0 && argc == 4)
		rc = create_use_case(&db, &a, argv[1], argv[2], argv[3]);
	else if (strcmp(argv[0], "provisioning-launch") == 0 && argc == 2)
		rc = provisioning_launch(&db, &a, argv[1]);
	else if (strcmp(argv[0], "status") == 0 && argc == 1)
		rc = status(&db, &a);
	else if (strcmp(argv[0], "provider-check") == 0)
		rc = provider_check(cfg, &db, &a, argc - 1, argv + 1);
	else if (strcmp(argv[0], "renew-deployment-id") == 0 && argc == 1)
		rc = renew_deployment_id(&db, &a);
	else
		rc = usage();
	arena_free(&a);
	db_close(&db);
	return rc;
}
