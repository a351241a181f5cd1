/*
 * h_hook_messages: the provider's message webhooks, after h_hooks.c has
 * checked the signature.
 *
 * message.sent / message.finalized move an outbound message forward
 * (sent, delivered, failed; never backwards, so late or reordered
 * deliveries do no harm). The message is found by the provider's id, or,
 * when our sender never heard the provider's answer (a 5xx, a timeout, a
 * crash), by our reference in the webhook_url it gave with the message
 * (?ref=launchline-<deployment>-message-<id>, refs.h): that is how a
 * message whose fate was unknown is settled without sending it again,
 * even once marked unknown. A reference naming another deployment (one
 * sharing the provider account) binds nothing.
 *
 * message.received becomes an inbound message on the conversation of our
 * number and the contact's number (the most recent one when a number
 * serves several campaigns), which then needs a response. STOP and the
 * like opt the contact out of the whole organization instead. Duplicated
 * deliveries store one message (the provider's id is unique).
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_provider.h"
#include "h_texting.h"
#include "handlers.h"
#include "log.h"
#include "refs.h"

static const char *
jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Our status for a message.sent / message.finalized payload. */
static const char *
status_of(const char *type, const cJSON *payload, const char **error)
{
	const cJSON *to = cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(payload, "to"), 0);
	const cJSON *e = cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(payload, "errors"), 0);
	const char *st = jstr(to, "status");

	*error = NULL;
	if (strcmp(type, "message.finalized") != 0 || st == NULL)
		return "sent";
	if (strcmp(st, "delivered") == 0)
		return "delivered";
	if (strcmp(st, "sending_failed") == 0 ||
	    strcmp(st, "delivery_failed") == 0) {
		*error = jstr(e, "detail") ? jstr(e, "detail") :
		    jstr(e, "title") ? jstr(e, "title") : st;
		return "failed";
	}
	return "sent";
}

static int
ack(struct req *r)
{
	cJSON *ok = cJSON_CreateObject();

	cJSON_AddBoolToObject(ok, "ok", true);
	return req_json(r, 200, ok);
}

static int
outbound_status(struct req *r, const char *type, const cJSON *payload)
{
	const char *pid = jstr(payload, "id"), *status, *error, *deployment;
	long long ref;
	bool found;

	if (pid == NULL)
		return req_error(r, 422, "validation_failed",
		    "data.payload.id is required.", "data");
	if (db_deployment_id(r->db, r->a, &deployment) == -1)
		return db_down(r);
	status = status_of(type, payload, &error);
	ref = refs_message_id(jstr(payload, "webhook_url"), deployment);
	if (ref == 0)
		ref = refs_message_id(r->query, deployment);
	if ((ref > 0 && db_message_bind(r->db, r->a, ref, pid) == -1) ||
	    db_message_status(r->db, r->a, pid, status, error, &found) == -1)
		return db_down(r);
	log_info(r->rid, "message %lld (%s): %s%s", ref, pid, status,
	    found ? "" : " (no change)");
	return ack(r);
}

static int
inbound(struct req *r, const cJSON *payload)
{
	const char *pid = jstr(payload, "id"), *text = jstr(payload, "text");
	const char *from = jstr(cJSON_GetObjectItemCaseSensitive(payload,
	    "from"), "phone_number");
	const char *to = jstr(cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(payload, "to"), 0), "phone_number");
	long long conversation;
	bool stored, stop;

	if (pid == NULL || from == NULL || to == NULL)
		return req_error(r, 422, "validation_failed", "data.payload "
		    "needs id, from.phone_number and to[0].phone_number.",
		    "data");
	if (text == NULL)
		text = "";
	stop = texting_is_opt_out(text);
	if (db_message_inbound(r->db, r->a, from, to, text, pid, stop, &stored,
	    &conversation) == -1)
		return db_down(r);
	if (conversation == 0)
		log_warn(r->rid, "inbound message %s: no conversation of ours "
		    "matches", pid);
	else
		log_info(r->rid, "inbound message %s on conversation %lld%s%s",
		    pid, conversation, stop ? " (opt-out)" : "",
		    stored ? "" : " (seen before)");
	return ack(r);
}

int
h_hook_message(struct req *r, const char *type, const cJSON *payload)
{
	if (strcmp(type, "message.received") == 0)
		return inbound(r, payload);
	if (strcmp(type, "message.sent") == 0 ||
	    strcmp(type, "message.finalized") == 0)
		return outbound_status(r, type, payload);
	return ack(r);
}
