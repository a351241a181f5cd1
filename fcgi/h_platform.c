/*
 * h_platform: the platform's switches as every signed-in page needs them
 * (incident mode: provisioning-based launching off, and the wait before
 * initial messages open).
 */
#define _POSIX_C_SOURCE 200809L
#include "app.h"
#include "db_campaigns.h"
#include "handlers.h"

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
