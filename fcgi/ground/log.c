/*
 * log: JSON lines on stderr; see log.h.
 *
 * The level and role are written once per process (at start-up and right
 * after fork) and only read afterwards.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"

static struct {
	enum log_level	min;
	const char	*role;
} log_conf = { LOG_INFO, "main" };

static const char *const level_names[] = { "debug", "info", "warn", "error" };

void
log_init(enum log_level min, const char *role)
{
	log_conf.min = min;
	log_conf.role = role;
}

void
log_set_role(const char *role)
{
	log_conf.role = role;
}

int
log_level_parse(const char *s, enum log_level *out)
{
	size_t i;

	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

void
log_msg(enum log_level level, const char *rid, const char *fmt, ...)
{
	char msg[2048], ts[32];
	struct timespec now;
	struct tm tm;
	struct buf b;
	va_list ap;

	if (level < log_conf.min)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	(void)strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);

	buf_init(&b, 8192);
	buf_addf(&b, "{\"ts\":\"%s.%03ldZ\",\"level\":\"%s\",\"role\":",
	    ts, now.tv_nsec / 1000000L, level_names[level]);
	buf_add_json_str(&b, log_conf.role);
	buf_addf(&b, ",\"pid\":%ld", (long)getpid());
	if (rid != NULL) {
		buf_adds(&b, ",\"rid\":");
		buf_add_json_str(&b, rid);
	}
	buf_adds(&b, ",\"msg\":");
	buf_add_json_str(&b, msg);
	buf_adds(&b, "}\n");
	/* A log line that cannot be written is dropped: nowhere to say so. */
	if (!b.failed && write(STDERR_FILENO, b.data, b.len) < 0)
		b.failed = true;
	buf_free(&b);
}
