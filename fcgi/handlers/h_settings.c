/*
 * h_settings: an organization's settings as its admins keep them: the
 * name its texts sign with, the opt-out language, the batch size and the
 * time zone its campaigns start from or fall back to (a campaign's own
 * value, when it has one, wins). The front door has checked each field's
 * type and length; the time zone is checked here against the zone files.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "app.h"
#include "arena.h"
#include "db_orgs.h"
#include "handlers.h"
#include "log.h"
#include "tz.h"
#include "tz_cache.h"

static const char *const settable[] = { "display_name", "opt_out_language",
    "default_batch_size", "time_zone", NULL };

static cJSON *
settings_json(const struct org_settings *s)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "name", s->name);
	json_add_str(o, "display_name", s->display_name);
	cJSON_AddStringToObject(o, "effective_display_name",
	    s->display_name != NULL ? s->display_name : s->name);
	cJSON_AddStringToObject(o, "opt_out_language", s->opt_out_language);
	cJSON_AddNumberToObject(o, "default_batch_size",
	    (double)s->default_batch_size);
	cJSON_AddStringToObject(o, "time_zone", s->time_zone);
	return o;
}

static int
answer(struct req *r, int status)
{
	struct org_settings s;
	int rc;

	if ((rc = db_org_settings_get(r->db, r->a, r->org_id, &s)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such organization.",
		    NULL);
	return req_json(r, status, settings_json(&s));
}

int
h_settings_get(struct req *r)
{
	return answer(r, 200);
}

int
h_settings_update(struct req *r)
{
	const cJSON *item, *dn;
	struct org_settings s;
	struct tz zone;
	size_t i;

	/* A misspelt field would otherwise change nothing, silently. */
	cJSON_ArrayForEach(item, r->json) {
		for (i = 0; settable[i] != NULL; i++)
			if (strcmp(settable[i], item->string) == 0)
				break;
		if (settable[i] == NULL)
			return req_error(r, 422, "validation_failed",
			    arena_printf(r->a, "%s is not a setting; the "
			    "settings are display_name, opt_out_language, "
			    "default_batch_size and time_zone.", item->string),
			    arena_strdup(r->a, item->string));
	}
	memset(&s, 0, sizeof(s));
	dn = cJSON_GetObjectItemCaseSensitive(r->json, "display_name");
	s.display_name = req_str(r, "display_name");
	if (s.display_name != NULL && s.display_name[0] == '\0')
		s.display_name = NULL;	/* "" or null: the org's name */
	s.opt_out_language = req_str(r, "opt_out_language");
	s.default_batch_size = req_id(r, "default_batch_size");
	s.time_zone = req_str(r, "time_zone");
	if (s.time_zone != NULL && tz_load_cached(&zone, NULL,
	    s.time_zone) == -1)
		return req_error(r, 422, "validation_failed", "Unknown time "
		    "zone: give an IANA name such as America/New_York.",
		    "time_zone");
	if (db_org_settings_set(r->db, r->a, r->org_id, &s, dn != NULL) == -1)
		return db_down(r);
	log_info(r->rid, "settings of org %lld changed by user %lld",
	    r->org_id, r->sess.user_id);
	return answer(r, 200);
}
