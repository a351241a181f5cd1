/*
 * h_platform: the platform's switches as every signed-in page needs them
 * (incident mode: provisioning-based launching off, and the wait before
 * initial messages open), and the launch estimate: how long provisioning
 * a number will likely take if asked for now, from our own history.
 */
#define _POSIX_C_SOURCE 200809L
#include <time.h>

#include "app.h"
#include "db_campaigns.h"
#include "estimate.h"
#include "handlers.h"
#include "tz.h"

int
h_platform(struct req *r)
{
	struct platform p;
	cJSON *o;

	if (db_platform(r->db, r->a, &p) == -1)
		return db_down(r);
	o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "provisioning_launch", p.provisioning_launch);
	cJSON_AddNumberToObject(o, "incident_wait_minutes",
	    (double)p.incident_wait_minutes);
	return req_json(r, 200, o);
}

/* Now's hour of the week in UTC, 0 = Monday 00h (MariaDB's WEEKDAY). */
static int
hour_of_week(int64_t now)
{
	struct tz_civil c;

	tz_gmtime(now, &c);
	return (tz_weekday(tz_days_from_civil(c.year, c.month, c.day)) + 6) %
	    7 * 24 + c.hour;
}

int
h_launch_estimate(struct req *r)
{
	struct estimate e;
	long long *secs;
	size_t n;
	int how = hour_of_week((int64_t)time(NULL));
	cJSON *o;

	/* This hour of the week, give or take one. */
	if (db_provisioning_history(r->db, r->a, how, 1, &secs, &n) == -1)
		return db_down(r);
	estimate_from(secs, n, &e);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "median_seconds", (double)e.median);
	cJSON_AddNumberToObject(o, "p90_seconds", (double)e.p90);
	cJSON_AddStringToObject(o, "basis", e.basis);
	cJSON_AddNumberToObject(o, "samples", (double)e.samples);
	cJSON_AddNumberToObject(o, "hour_of_week", how);
	return req_json(r, 200, o);
}
