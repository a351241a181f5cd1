/*
 * campaign_view: the Campaign object and its gates; see campaign_view.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "campaign_fields.h"
#include "campaign_gate.h"
#include "campaign_view.h"
#include "json.h"
#include "req.h"
#include "tz.h"

void
campaign_hhmm(long long minutes, char *out, size_t len)
{
	int m = minutes < 0 || minutes > 1440 ? 0 : (int)minutes;

	snprintf(out, len, "%02d:%02d", m / 60 % 100, m % 60);
}

cJSON *
campaign_json(struct arena *a, const struct campaign *c)
{
	const struct campaign_values *v = &c->v;
	cJSON *o = cJSON_CreateObject(), *n, *uc;
	char hhmm[8];

	columns_json(o, a, campaign_columns, campaign_ncolumns, c);
	campaign_hhmm(v->open_from, hhmm, sizeof(hhmm));
	cJSON_AddStringToObject(o, "open_from", hhmm);
	campaign_hhmm(v->open_until, hhmm, sizeof(hhmm));
	cJSON_AddStringToObject(o, "open_until", hhmm);
	cJSON_AddStringToObject(o, "effective_org_display_name",
	    campaign_display_name(c));
	cJSON_AddStringToObject(o, "effective_opt_out_language",
	    campaign_opt_out_text(c));
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
	cJSON_AddStringToObject(o, "script", v->script ? v->script : "");
	cJSON_AddNumberToObject(o, "batch_size",
	    (double)campaign_batch_size(c));
	cJSON_AddItemToObject(o, "editable_fields", campaign_editable_json(
	    campaign_status_parse(c->status)));
	return o;
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
