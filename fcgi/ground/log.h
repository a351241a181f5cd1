/*
 * log: structured logs, one JSON object per line on stderr (journald and
 * the local stacks pick them up). Every line carries the process role and,
 * inside a request, the request id. Never pass a secret to these.
 */
#ifndef LL_LOG_H
#define LL_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Set once at start-up and once after each fork (the role name). */
void	log_init(enum log_level min, const char *role);
void	log_set_role(const char *role);
int	log_level_parse(const char *, enum log_level *);

void	log_msg(enum log_level, const char *rid, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#define log_debug(rid, ...)	log_msg(LOG_DEBUG, (rid), __VA_ARGS__)
#define log_info(rid, ...)	log_msg(LOG_INFO, (rid), __VA_ARGS__)
#define log_warn(rid, ...)	log_msg(LOG_WARN, (rid), __VA_ARGS__)
#define log_error(rid, ...)	log_msg(LOG_ERROR, (rid), __VA_ARGS__)

#endif
