/*
 * config: parsing and validation of the configuration file; see config.h.
 * The key table below is the documentation's twin: keep both in step
 * (fcgi/launchline.conf.example documents every key).
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "log.h"
#include "mailbox.h"

#include <sodium.h>

enum cfg_type { CFG_STR, CFG_INT, CFG_URL, CFG_LEVEL, CFG_STARTTLS, CFG_MAILBOX,
    CFG_DB_HOSTS };

struct cfg_key {
	const char	*name;
	enum cfg_type	 type;
	size_t		 off;
	long		 min, max;
};

#define S(k)		{ #k, CFG_STR, offsetof(struct config, k), 0, 0 }
#define I(k, lo, hi)	{ #k, CFG_INT, offsetof(struct config, k), lo, hi }

static const struct cfg_key cfg_keys[] = {
	S(socket),
	S(pid_file),
	I(workers, 1, 256),
	I(provisioners, 0, 16),
	I(mailers, 0, 16),
	I(senders, 0, 16),
	I(assigners, 0, 16),
	I(claimers, 0, 1),
	I(exporters, 0, 16),
	S(db_socket),
	S(db_host),
	I(db_port, 1, 65535),
	{ "db_hosts", CFG_DB_HOSTS, offsetof(struct config, db_hosts), 0, 0 },
	S(db_name),
	S(db_user),
	S(db_password_file),
	I(db_request_statement_timeout_ms, 0, 3600000),
	I(db_role_statement_timeout_ms, 0, 3600000),
	S(sql_dir),
	S(openapi_file),
	{ "public_url", CFG_URL, offsetof(struct config, public_url), 0, 0 },
	{ "log_level", CFG_LEVEL, offsetof(struct config, log_level), 0, 0 },
	I(max_body_bytes, 1024, 1L << 30),
	I(max_upload_bytes, 1024, 1L << 40),
	I(session_ttl_hours, 1, 24 * 365),
	I(session_cache_s, 0, 300),
	I(purge_interval_s, 1, 86400),
	I(login_fail_limit_account, 1, 1000000),
	I(login_fail_limit_address, 1, 1000000),
	I(login_fail_window_minutes, 1, 24 * 60),
	I(token_fail_limit_address, 1, 1000000),
	I(token_fail_window_minutes, 1, 24 * 60),
	I(address_backoff_s, 1, 3600),
	{ "provider_base_url", CFG_URL, offsetof(struct config,
	    provider_base_url), 0, 0 },
	S(provider_api_key_file),
	S(provider_webhook_public_key),
	{ "provider_webhook_failover_url", CFG_URL, offsetof(struct config,
	    provider_webhook_failover_url), 0, 0 },
	I(provider_connect_timeout_ms, 100, 60000),
	I(provider_timeout_ms, 100, 300000),
	I(provider_max_attempts, 1, 20),
	I(provisioning_first_poll_s, 1, 86400),
	I(provisioning_poll_cap_s, 1, 86400),
	I(provisioning_deadline_minutes, 1, 60 * 24 * 14),
	I(provisioning_lease_s, 2, 3600),
	I(use_case_recheck_s, 0, 86400),
	I(use_case_check_interval_s, 5, 7 * 86400),
	S(smtp_host),
	I(smtp_port, 1, 65535),
	{ "smtp_starttls", CFG_STARTTLS, offsetof(struct config,
	    smtp_starttls), 0, 0 },
	S(smtp_ca_file),
	S(smtp_user),
	S(smtp_password_file),
	S(smtp_helo_name),
	I(smtp_timeout_ms, 1000, 600000),
	{ "mail_from", CFG_MAILBOX, offsetof(struct config, mail_from), 0, 0 },
	{ "mail_reply_to", CFG_MAILBOX, offsetof(struct config, mail_reply_to),
	    0, 0 },
	I(mail_lease_s, 5, 3600),
	I(export_lease_s, 2, 3600),
	I(mail_retry_first_s, 1, 86400),
	I(mail_retry_cap_s, 1, 7 * 86400),
	I(mail_max_attempts, 1, 1000),
	I(sender_batch, 1, 1000),
	I(sender_parallel, 1, 256),
	I(sender_reconcile_s, 1, 86400),
	I(sender_max_attempts, 1, 100),
	I(sender_records_wait_s, 1, 7 * 86400),
	I(sender_use_case_per_minute, 1, 10000000),
	I(sender_number_per_minute, 0, 10000000),
	I(counts_live_max, 0, 1000000000),
	I(counts_refresh_s, 1, 3600),
};

#undef S
#undef I

static char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		abort();
	return p;
}

static void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->socket = xstrdup("/run/launchline/fcgi.sock");
	c->workers = 12;	/* six per core on two: README, benchmarks */
	c->provisioners = c->mailers = c->senders = c->assigners =
	    c->claimers = c->exporters = 1;
	c->db_port = 3306;
	c->db_name = xstrdup("launchline");
	c->db_user = xstrdup("launchline");
	c->db_request_statement_timeout_ms = 5000;
	c->db_role_statement_timeout_ms = 30000;
	c->sql_dir = xstrdup("/usr/local/share/launchline/sql");
	c->openapi_file = xstrdup("/usr/local/share/launchline/openapi.json");
	c->public_url = xstrdup("http://127.0.0.1:8080");
	c->log_level = xstrdup("info");
	c->max_body_bytes = 1048576;
	c->max_upload_bytes = 512L << 20;
	c->session_ttl_hours = 720;
	c->session_cache_s = 10;
	c->purge_interval_s = 600;
	c->login_fail_limit_account = 5;
	c->login_fail_limit_address = 20;	/* distinct accounts */
	c->login_fail_window_minutes = 15;
	c->token_fail_limit_address = 20;	/* distinct tokens */
	c->token_fail_window_minutes = 15;
	c->address_backoff_s = 2;
	c->provider_base_url = xstrdup("https://api.telnyx.com/v2");
	c->provider_connect_timeout_ms = 3000;
	c->provider_timeout_ms = 15000;
	c->provider_max_attempts = 4;
	c->provisioning_first_poll_s = 30;
	c->provisioning_poll_cap_s = 600;
	c->provisioning_deadline_minutes = 72 * 60;	/* 1-3 days: Telnyx */
	c->use_case_recheck_s = 300;
	c->use_case_check_interval_s = 3600;
	c->provisioning_lease_s = 120;
	c->smtp_host = xstrdup("localhost");
	c->smtp_port = 25;
	c->smtp_starttls = xstrdup("when_offered");
	c->smtp_timeout_ms = 30000;
	c->mail_from = xstrdup("Launchline <launchline@localhost>");
	c->mail_lease_s = 300;
	c->export_lease_s = 60;
	c->mail_retry_first_s = 60;
	c->mail_retry_cap_s = 3600;
	c->mail_max_attempts = 12;
	c->sender_batch = 256;
	c->sender_parallel = 32;
	c->sender_reconcile_s = 60;
	c->sender_max_attempts = 10;
	c->sender_records_wait_s = 600;
	/* Telnyx's published AT&T throughput of the Political message class
	 * (K): the highest a 10DLC campaign gets without its own figure. */
	c->sender_use_case_per_minute = 4500;
	c->sender_number_per_minute = 0;
	c->counts_live_max = 20000;
	c->counts_refresh_s = 5;
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/*
 * The i-th entry of a db_hosts list (entries separated by commas and/or
 * blanks) into out: an absolute path is a socket, else host or host:port
 * (default_port when no port). 1 found, 0 past the end, -1 malformed
 * (*why says how).
 */
static int
db_hosts_entry(const char *list, size_t want, long default_port,
    struct config_db_host *out, const char **why)
{
	const char *p = list, *start, *colon;
	size_t i = 0, n, hn;
	char *end;
	long port;

	for (;;) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return 0;
		start = p;
		while (*p != '\0' && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		n = (size_t)(p - start);
		if (i++ != want)
			continue;
		memset(out, 0, sizeof(*out));
		out->port = default_port;
		if (*start == '/') {
			if (n >= sizeof(out->socket)) {
				*why = "a socket path is too long";
				return -1;
			}
			memcpy(out->socket, start, n);
			return 1;
		}
		colon = memchr(start, ':', n);
		hn = colon != NULL ? (size_t)(colon - start) : n;
		if (hn == 0 || hn >= sizeof(out->host)) {
			*why = "each entry must be host, host:port or /a/socket";
			return -1;
		}
		memcpy(out->host, start, hn);
		if (colon != NULL) {
			errno = 0;
			port = strtol(colon + 1, &end, 10);
			if (errno != 0 || end == colon + 1 || end != p ||
			    port < 1 || port > 65535) {
				*why = "a port must be a number in 1..65535";
				return -1;
			}
			out->port = port;
		}
		return 1;
	}
}

size_t
config_db_host_count(const struct config *c)
{
	struct config_db_host h;
	const char *why;
	size_t n = 0;

	if (c->db_hosts == NULL)
		return 1;
	while (n < CONFIG_DB_HOSTS_MAX &&
	    db_hosts_entry(c->db_hosts, n, c->db_port, &h, &why) == 1)
		n++;
	return n;
}

int
config_db_host(const struct config *c, size_t i, struct config_db_host *out)
{
	const char *why;

	if (c->db_hosts != NULL)
		return db_hosts_entry(c->db_hosts, i, c->db_port, out, &why) ==
		    1 ? 0 : -1;
	if (i > 0)
		return -1;
	memset(out, 0, sizeof(*out));
	out->port = c->db_port;
	if (c->db_socket != NULL)
		snprintf(out->socket, sizeof(out->socket), "%s", c->db_socket);
	else
		snprintf(out->host, sizeof(out->host), "%s",
		    c->db_host != NULL ? c->db_host : "localhost");
	return 0;
}

/* Applies one key; returns NULL or a static reason. */
static const char *
cfg_set(struct config *c, const struct cfg_key *k, const char *v)
{
	char **sp = (char **)(void *)((char *)c + k->off);
	long *lp = (long *)(void *)((char *)c + k->off);
	enum log_level lvl;
	const char *why;
	char *end;
	long n;

	switch (k->type) {
	case CFG_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno != 0 || end == v || *end != '\0')
			return "not a whole number";
		if (n < k->min || n > k->max)
			return "out of range";
		*lp = n;
		return NULL;
	case CFG_URL:
		if (strncmp(v, "http://", 7) != 0 &&
		    strncmp(v, "https://", 8) != 0)
			return "must start with http:// or https://";
		break;
	case CFG_LEVEL:
		if (log_level_parse(v, &lvl) == -1)
			return "must be debug, info, warn or error";
		break;
	case CFG_STARTTLS:
		if (strcmp(v, "required") != 0 &&
		    strcmp(v, "when_offered") != 0 && strcmp(v, "off") != 0)
			return "must be required, when_offered or off";
		break;
	case CFG_MAILBOX:
		if (mailbox_parse(v, NULL, 0, NULL, 0) == -1)
			return "must be an address, or a name and <address>";
		break;
	case CFG_DB_HOSTS: {
		struct config_db_host h;
		size_t i;
		int rc;

		for (i = 0; (rc = db_hosts_entry(v, i, 3306, &h, &why)) == 1;
		    i++)
			if (i == CONFIG_DB_HOSTS_MAX)
				return "at most 16 entries";
		if (rc == -1)
			return why;
		if (i == 0)
			return "name at least one host";
		break;
	}
	case CFG_STR:
		break;
	}
	free(*sp);
	*sp = xstrdup(v);
	return NULL;
}

int
config_parse(struct config *c, const char *text, const char *origin,
    char *err, size_t errlen)
{
	char *copy, *line, *next, *key, *val, *eq, *hash;
	const char *why;
	unsigned lineno = 0;
	size_t i;
	int rc = -1;

	config_defaults(c);
	copy = xstrdup(text);
	for (line = copy; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		key = trim(line);
		if (*key == '\0')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			snprintf(err, errlen, "%s:%u: expected key = value",
			    origin, lineno);
			goto out;
		}
		*eq = '\0';
		key = trim(key);
		val = trim(eq + 1);
		for (i = 0; i < sizeof(cfg_keys) / sizeof(cfg_keys[0]); i++)
			if (strcmp(cfg_keys[i].name, key) == 0)
				break;
		if (i == sizeof(cfg_keys) / sizeof(cfg_keys[0])) {
			snprintf(err, errlen, "%s:%u: unknown key '%s'",
			    origin, lineno, key);
			goto out;
		}
		if ((why = cfg_set(c, &cfg_keys[i], val)) != NULL) {
			snprintf(err, errlen, "%s:%u: bad value for '%s': %s",
			    origin, lineno, key, why);
			goto out;
		}
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

/*
 * A secret: from the environment variable when set, else the first line
 * of the file named by the configuration (when one is named).
 */
static int
load_secret(const char *env, const char *file, const char *key,
    const char *origin, char **out, char *err, size_t errlen)
{
	const char *v = getenv(env);

	if (v != NULL) {
		*out = xstrdup(v);
		return 0;
	}
	if (file == NULL)
		return 0;
	if ((*out = buf_read_file(file, 4096)) == NULL) {
		snprintf(err, errlen, "%s: %s: cannot read %s", origin, key,
		    file);
		return -1;
	}
	(*out)[strcspn(*out, "\r\n")] = '\0';
	return 0;
}

int
config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	char *text;

	if ((text = buf_read_file(path, 1 << 20)) == NULL) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
		    strerror(errno));
		config_defaults(c);
		return -1;
	}
	if (config_parse(c, text, path, err, errlen) == -1) {
		free(text);
		return -1;
	}
	free(text);

	if (load_secret("LAUNCHLINE_DB_PASSWORD", c->db_password_file,
	    "db_password_file", path, &c->db_password, err, errlen) == -1 ||
	    load_secret("LAUNCHLINE_PROVIDER_API_KEY", c->provider_api_key_file,
	    "provider_api_key_file", path, &c->provider_api_key, err,
	    errlen) == -1 ||
	    load_secret("LAUNCHLINE_SMTP_PASSWORD", c->smtp_password_file,
	    "smtp_password_file", path, &c->smtp_password, err, errlen) == -1)
		return -1;
	if (c->smtp_ca_file != NULL && access(c->smtp_ca_file, R_OK) != 0) {
		snprintf(err, errlen, "%s: smtp_ca_file: cannot read %s: %s",
		    path, c->smtp_ca_file, strerror(errno));
		return -1;
	}
	return 0;
}

void
config_free(struct config *c)
{
	size_t i;

	for (i = 0; i < sizeof(cfg_keys) / sizeof(cfg_keys[0]); i++)
		if (cfg_keys[i].type != CFG_INT)
			free(*(char **)(void *)((char *)c + cfg_keys[i].off));
	if (c->db_password != NULL)
		sodium_memzero(c->db_password, strlen(c->db_password));
	free(c->db_password);
	if (c->provider_api_key != NULL)
		sodium_memzero(c->provider_api_key,
		    strlen(c->provider_api_key));
	free(c->provider_api_key);
	if (c->smtp_password != NULL)
		sodium_memzero(c->smtp_password, strlen(c->smtp_password));
	free(c->smtp_password);
	memset(c, 0, sizeof(*c));
}
