/*
 * config: the one configuration file, "key = value" lines with # comments.
 * Every key is declared once in config.c with its type and range; an
 * unknown key or a bad value stops start-up with a message naming the key
 * and the line. Secrets come from files or the environment, never argv.
 */
#ifndef LL_CONFIG_H
#define LL_CONFIG_H

#include <stddef.h>

struct config {
	char	*socket;		/* FastCGI unix socket path */
	char	*pid_file;
	long	 workers, provisioners, mailers, senders, assigners,
		 claimers, exporters;
	char	*db_socket, *db_host;
	long	 db_port;
	/* Several database nodes (a Galera cluster), tried in order:
	 * "host[:port], /a/socket, ..." (config_db_host); NULL: the one of
	 * db_socket or db_host and db_port. */
	char	*db_hosts;
	char	*db_name, *db_user, *db_password_file;
	char	*db_password;		/* file or LAUNCHLINE_DB_PASSWORD */
	/* The longest a statement may run (0: no limit): an API worker's,
	 * and the background roles' (also a request's statements that copy,
	 * import or count a whole campaign). data/db.c */
	long	 db_request_statement_timeout_ms, db_role_statement_timeout_ms;
	char	*sql_dir, *openapi_file, *public_url;
	char	*log_level;
	long	 max_body_bytes, session_ttl_hours;
	long	 max_upload_bytes;	/* streamed uploads (contact files) */
	long	 session_cache_s;	/* a worker trusts a cached session */
	long	 purge_interval_s;	/* housekeeping.c runs this often */
	/* Failed sign-ins per account; per client address, the distinct
	 * accounts (and below, tokens) before it backs off (http/throttle.h). */
	long	 login_fail_limit_account, login_fail_limit_address;
	long	 login_fail_window_minutes;
	long	 token_fail_limit_address, token_fail_window_minutes;
	long	 address_backoff_s;	/* the first wait past a limit */

	/* The SMS provider (Telnyx API v2). */
	char	*provider_base_url, *provider_api_key_file;
	char	*provider_api_key;	/* file or LAUNCHLINE_PROVIDER_API_KEY */
	char	*provider_webhook_public_key;	/* base64 Ed25519 */
	/* Where the provider sends webhooks when public_url does not answer
	 * (messaging profiles, 10DLC campaigns, each message); NULL: none. */
	char	*provider_webhook_failover_url;
	long	 provider_connect_timeout_ms, provider_timeout_ms;
	long	 provider_max_attempts;
	/* Provisioning: polling back-off and the deadline. */
	long	 provisioning_first_poll_s, provisioning_poll_cap_s;
	long	 provisioning_deadline_minutes;
	long	 provisioning_lease_s;	/* a claimed number's lease */
	/* A use case's status is asked again before a number is bought when
	 * older than use_case_recheck_s, and every use_case_check_interval_s
	 * whatever happens. */
	long	 use_case_recheck_s, use_case_check_interval_s;

	/* Email: the relay the mailer role submits to, and the messages. */
	char	*smtp_host;
	long	 smtp_port;
	char	*smtp_starttls;		/* required | when_offered | off */
	char	*smtp_ca_file;		/* CAs to trust; NULL: the system's */
	char	*smtp_user, *smtp_password_file;
	char	*smtp_password;		/* file or LAUNCHLINE_SMTP_PASSWORD */
	char	*smtp_helo_name;	/* NULL: this machine's host name */
	long	 smtp_timeout_ms;	/* per answer of the server */
	char	*mail_from, *mail_reply_to;	/* mailboxes: [Name] <addr> */
	long	 mail_lease_s;		/* a claimed email's lease */
	long	 export_lease_s;	/* a running export's, renewed as it goes */
	long	 mail_retry_first_s, mail_retry_cap_s, mail_max_attempts;
	/* Sending: messages per claim, POSTs in flight, how long to wait
	 * for a webhook about a message whose answer never came, attempts
	 * without a connection, how long the provider's records are searched
	 * for it; pacing: messages per minute of a use case without its own
	 * figure, and of one number (0: no limit of its own). */
	long	 sender_batch, sender_parallel, sender_reconcile_s;
	long	 sender_max_attempts, sender_records_wait_s;
	long	 sender_use_case_per_minute, sender_number_per_minute;
	/* Conversation counts: campaigns up to counts_live_max conversations
	 * are counted live; larger ones read a snapshot refreshed at most
	 * every counts_refresh_s while a page watches them (counts.c). */
	long	 counts_live_max, counts_refresh_s;
};

/* Fills defaults, then parses text. 0 on success, else -1 with err set. */
/* One database endpoint: a unix socket (socket[0] != '\0') or host:port. */
struct config_db_host {
	char	 host[256];
	char	 socket[512];
	long	 port;
};
#define CONFIG_DB_HOSTS_MAX	16
/*
 * How many database endpoints the configuration names (db_hosts' entries,
 * else 1: db_socket, or db_host and db_port), and the i-th of them. 0 / -1
 * when i is past the end.
 */
size_t	config_db_host_count(const struct config *);
int	config_db_host(const struct config *, size_t i, struct config_db_host *);

int	config_parse(struct config *, const char *text, const char *origin,
	    char *err, size_t errlen);
/* Reads path, parses it, applies environment overrides and secret files. */
int	config_load(struct config *, const char *path, char *err, size_t errlen);
void	config_free(struct config *);

#endif
