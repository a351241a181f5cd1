/*
 * tz: IANA time zones without touching the process's TZ: a small reader
 * of the compiled TZif files under /usr/share/zoneinfo (RFC 8536, version
 * 2+ 64-bit data) with the POSIX TZ rule of their footer for instants past
 * the last transition, plus the civil-time helpers the campaign rules use
 * (UTC instants <-> local wall clock, RFC 3339 and MariaDB DATETIME text).
 * Pure functions except tz_load, which reads one file.
 */
#ifndef LL_TZ_H
#define LL_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TZ_DIR		"/usr/share/zoneinfo"
#define TZ_MAX_TIMES	2000
#define TZ_MAX_TYPES	256
#define TZ_NAME_MAX	64	/* campaigns.time_zone */

/* A POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0"): date kinds J, D (zero-based
 * day of year) and M. Offsets are seconds east of UTC. */
struct tz_rule_date {
	char		 kind;		/* 'J', 'D' or 'M' */
	int		 day, week, month;
	long		 secs;		/* local time of the change */
};

struct tz_rule {
	bool		 present, has_dst;
	long		 std_off, dst_off;
	struct tz_rule_date start, end;
};

struct tz {
	size_t		 ntimes, ntypes;
	int64_t		 times[TZ_MAX_TIMES];
	unsigned char	 idx[TZ_MAX_TIMES];
	int32_t		 off[TZ_MAX_TYPES];
	bool		 dst[TZ_MAX_TYPES];
	struct tz_rule	 rule;
};

/* A wall-clock time. */
struct tz_civil {
	int		 year, month, day, hour, min, sec;
};

/* True for a name that may be looked up (no "..", no leading '/'). */
bool	tz_name_ok(const char *name);
/* Loads dir/name (dir NULL: TZ_DIR). 0, or -1 for unknown / unreadable. */
int	tz_load(struct tz *, const char *dir, const char *name);
/* Parses TZif bytes; 0 / -1. */
int	tz_parse(struct tz *, const unsigned char *data, size_t len);
/* Parses a POSIX TZ string into rule; 0 / -1. */
int	tz_rule_parse(struct tz_rule *, const char *s);

/* The UTC offset (seconds east) in force at instant t. */
long	tz_offset(const struct tz *, int64_t t);
/*
 * The instant at which the wall clock shows local. A time skipped by a
 * change (spring forward) maps to the same wall time after the change;
 * a repeated one (fall back) to its first occurrence.
 */
int64_t	tz_from_local(const struct tz *, const struct tz_civil *local);
/* The wall clock at instant t. */
void	tz_to_local(const struct tz *, int64_t t, struct tz_civil *);

/* Civil calendar (proleptic Gregorian) in UTC. */
int64_t	tz_days_from_civil(int y, int m, int d);
void	tz_civil_from_days(int64_t days, int *y, int *m, int *d);
int64_t	tz_timegm(const struct tz_civil *);
void	tz_gmtime(int64_t t, struct tz_civil *);
/* Day of week, 0 = Sunday. */
int	tz_weekday(int64_t days);

/*
 * "2026-11-28T17:00:00Z" (fraction ignored; "+hh:mm" offsets accepted)
 * into t; 0 / -1.
 */
int	tz_parse_rfc3339(const char *, int64_t *t);
/* "YYYY-MM-DD HH:MM:SS" (MariaDB DATETIME in UTC) into t; 0 / -1. */
int	tz_parse_db(const char *, int64_t *t);
/* t as "YYYY-MM-DD HH:MM:SS" / "YYYY-MM-DDTHH:MM:SSZ"; out >= 21 bytes. */
void	tz_format_db(int64_t t, char *out, size_t len);
void	tz_format_rfc3339(int64_t t, char *out, size_t len);

#endif
