/*
 * campaign_view: the Campaign object and its gates; see campaign_view.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "campaign_fields.h"
#include "campaign_view.h"
#include "req.h"
#include "tz_cache.h"

void
campaign_hhmm(long long minutes, char *out, size_t len)
{
	int m = minutes < 0 || minutes > 1440 ? 0 : (int)minutes;

	snprintf(out, len, "%02d:%02d", m / 60 % 100, m % 60);
}

static void
add_id(cJSON *o, const char *name, long long id)
{
	if (id > 0)
		cJSON_AddNumberToObject(o, name, (double)id);
	else
		cJSON_AddNullToObject(o, name);
}

static void
add_time(struct arena *a, cJSON *o, const char *name, const char *db_time)
{
	json_add_str(o, name, campaign_time_json(a, db_time));
}

/* A stored JSON text as a value; `empty` when NULL or unreadable. */
static cJSON *
parsed_or(const char *text, cJSON *empty)
{
	cJSON *v = text != NULL ? cJSON_Parse(text) : NULL;

	if (v == NULL)
		return empty;
	cJSON_Delete(empty);
	return v;
}

cJSON *
campaign_json(struct arena *a, const struct campaign *c)
{
	const struct campaign_values *v = &c->v;
	cJSON *o = cJSON_CreateObject(), *n, *uc;
	char hhmm[8];

	cJSON_AddNumberToObject(o, "id", (double)c->id);
	add_id(o, "parent_id", c->parent_id);
	cJSON_AddStringToObject(o, "name", v->name);
	cJSON_AddStringToObject(o, "description", v->description);
	cJSON_AddStringToObject(o, "status", c->status);
	cJSON_AddStringToObject(o, "time_zone", v->time_zone);
	add_time(a, o, "start_at", v->start_at);
	add_time(a, o, "end_at", v->end_at);
	campaign_hhmm(v->open_from, hhmm, sizeof(hhmm));
	cJSON_AddStringToObject(o, "open_from", hhmm);
	campaign_hhmm(v->open_until, hhmm, sizeof(hhmm));
	cJSON_AddStringToObject(o, "open_until", hhmm);
	json_add_str(o, "org_display_name", v->org_display_name);
	json_add_str(o, "opt_out_language", v->opt_out_language);
	cJSON_AddStringToObject(o, "effective_org_display_name",
	    v->org_display_name ? v->org_display_name : c->org_name);
	cJSON_AddStringToObject(o, "effective_opt_out_language",
	    v->opt_out_language ? v->opt_out_language :
	    c->org_opt_out_language);
	json_add_str(o, "number_mode", v->number_mode);
	add_id(o, "phone_number_id", v->phone_number_id);
	if (v->phone_number_id > 0 && c->number_status != NULL) {
		n = cJSON_AddObjectToObject(o, "phone_number");
		cJSON_AddNumberToObject(n, "id", (double)v->phone_number_id);
		json_add_str(n, "phone_number", c->number_e164);
		json_add_str(n, "name", c->number_name);
		cJSON_AddStringToObject(n, "provisioning_status",
		    c->number_status);
		json_add_str(n, "failure_reason", c->number_failure);
		cJSON_AddBoolToObject(n, "released", c->number_released);
		uc = cJSON_AddObjectToObject(n, "use_case");
		cJSON_AddNumberToObject(uc, "id", (double)c->number_use_case_id);
		cJSON_AddStringToObject(uc, "name", c->number_use_case_name);
		json_add_str(uc, "status", c->number_use_case_status);
		json_add_str(uc, "status_detail", c->number_use_case_detail);
		cJSON_AddStringToObject(o, "provisioning_status",
		    c->number_status);
	} else {
		cJSON_AddNullToObject(o, "phone_number");
		cJSON_AddNullToObject(o, "provisioning_status");
	}
	add_id(o, "use_case_id", v->use_case_id);
	cJSON_AddItemToObject(o, "regions", parsed_or(v->regions,
	    cJSON_CreateArray()));
	cJSON_AddStringToObject(o, "script", v->script ? v->script : "");
	cJSON_AddBoolToObject(o, "self_assign", v->self_assign);
	cJSON_AddNumberToObject(o, "batch_size", (double)(v->batch_size > 0 ?
	    v->batch_size : c->org_batch_size));
	json_add_str(o, "invite_token", c->invite_token);
	cJSON_AddNumberToObject(o, "contact_count", (double)c->contact_count);
	cJSON_AddItemToObject(o, "contact_columns", parsed_or(
	    c->contact_columns, cJSON_CreateArray()));
	add_time(a, o, "launch_at", v->launch_at);
	json_add_str(o, "launch_error", v->launch_error);
	add_time(a, o, "launched_at", c->launched_at);
	add_time(a, o, "activated_at", c->activated_at);
	add_time(a, o, "sending_opens_at", c->sending_opens_at);
	add_time(a, o, "archived_at", c->archived_at);
	add_time(a, o, "created_at", c->created_at);
	add_time(a, o, "updated_at", c->updated_at);
	return o;
}

static int64_t
db_time(const char *s)
{
	int64_t t;

	return s != NULL && tz_parse_db(s, &t) == 0 ? t : 0;
}

int
campaign_gate(const struct campaign *c, int64_t now, bool reply,
    struct gate *g)
{
	struct gate_campaign in;
	struct tz *zone = malloc(sizeof(*zone));
	int rc = 0;

	if (zone == NULL || tz_load_cached(zone, NULL, c->v.time_zone) == -1) {
		g->code = GATE_CLOSED_HOURS;
		g->name = "unknown_time_zone";
		g->message = "The campaign's time zone is unknown here.";
		g->opens_at = 0;
		free(zone);
		return -1;
	}
	memset(&in, 0, sizeof(in));
	in.status = c->status;
	in.number_status = c->v.phone_number_id > 0 ? c->number_status : NULL;
	in.number_released = c->number_released;
	in.start_at = db_time(c->v.start_at);
	in.end_at = db_time(c->v.end_at);
	in.sending_opens_at = db_time(c->sending_opens_at);
	in.open_from_min = (int)c->v.open_from;
	in.open_until_min = (int)c->v.open_until;
	in.tz = zone;
	if (reply)
		(void)gates_reply(&in, now, g);
	else
		(void)gates_initial(&in, now, g);
	free(zone);
	return rc;
}

cJSON *
gate_json(const struct gate *g)
{
	cJSON *o = cJSON_CreateObject();
	char t[32];

	cJSON_AddBoolToObject(o, "open", g->code == GATE_OPEN);
	cJSON_AddStringToObject(o, "code", g->name);
	cJSON_AddStringToObject(o, "message", g->message);
	if (g->opens_at > 0) {
		tz_format_rfc3339(g->opens_at, t, sizeof(t));
		cJSON_AddStringToObject(o, "opens_at", t);
	} else
		cJSON_AddNullToObject(o, "opens_at");
	return o;
}
