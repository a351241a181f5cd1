/*
 * h_health: liveness for load balancers and people (does the database
 * answer?) and the OpenAPI document of this API.
 */
#define _POSIX_C_SOURCE 200809L
#include "app.h"
#include "handlers.h"

int
h_health(struct req *r)
{
	bool up = db_ping(r->db);
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "status", up ? "ok" : "unavailable");
	cJSON_AddStringToObject(o, "database", up ? "up" : "down");
	return req_json(r, up ? 200 : 503, o);
}

int
h_openapi(struct req *r)
{
	r->raw = r->app->openapi;
	r->raw_type = "application/json";
	return 200;
}
