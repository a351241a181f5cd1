/*
 * h_hooks: provider webhooks (POST /hooks/telnyx).
 *
 * A webhook only shortens a wait: it wakes the number it names so the
 * provisioner asks the provider at once. The provider's answer to that
 * poll, not the webhook, moves the state, so lost, duplicated, late or
 * reordered deliveries can do no harm. Forged ones are refused (401).
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "db_provider.h"
#include "handlers.h"
#include "hook.h"
#include "log.h"

static const char *
jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int
h_hook_telnyx(struct req *r)
{
	const cJSON *data, *payload;
	const char *why, *type, *id, *e164, *order;
	cJSON *ok;
	size_t at;
	int first;

	if (hook_verify(r->app->cfg.provider_webhook_public_key,
	    r->hook_timestamp, r->hook_signature, r->body ? r->body : "",
	    r->body_len, (long)time(NULL), &why) == -1) {
		log_warn(r->rid, "webhook refused: %s", why);
		return req_error(r, 401, "invalid_signature",
		    "The webhook signature could not be verified.", NULL);
	}
	if (r->body == NULL || (r->json = json_parse_strict(r->body,
	    r->body_len, &at)) == NULL)
		return req_error(r, 400, "malformed_json",
		    "The webhook body is not valid JSON.", NULL);
	data = cJSON_GetObjectItemCaseSensitive(r->json, "data");
	payload = cJSON_GetObjectItemCaseSensitive(data, "payload");
	type = jstr(data, "event_type");
	id = jstr(data, "id");
	if (type == NULL || id == NULL)
		return req_error(r, 422, "validation_failed",
		    "data.event_type and data.id are required.", "data");

	/* Message events apply idempotently: no dedupe row per message. */
	if (strncmp(type, "message.", 8) == 0)
		return h_hook_message(r, type, payload);
	if ((first = db_webhook_first(r->db, r->a, id, type)) == -1)
		return db_down(r);
	log_info(r->rid, "webhook %s %s%s", type, id,
	    first ? "" : " (duplicate)");
	ok = cJSON_CreateObject();
	cJSON_AddBoolToObject(ok, "ok", true);
	if (!first)		/* a duplicate: already applied */
		return req_json(r, 200, ok);
	if (strcmp(type, "10dlc.phone_number.update") == 0 &&
	    (e164 = jstr(payload, "phoneNumber")) != NULL) {
		if (db_number_wake_by_e164(r->db, r->a, e164, arena_printf(r->a,
		    "The provider says the assignment is %s; checking.",
		    jstr(payload, "status") ? jstr(payload, "status") :
		    "updated")) == -1) {
			cJSON_Delete(ok);
			return db_down(r);
		}
	} else if (strcmp(type, "number_order.complete") == 0 &&
	    (order = jstr(payload, "id")) != NULL) {
		if (db_number_wake_by_order(r->db, r->a, order) == -1) {
			cJSON_Delete(ok);
			return db_down(r);
		}
	}
	return req_json(r, 200, ok);
}
