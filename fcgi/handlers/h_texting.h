/*
 * h_texting: what the texting handlers (h_texters.c, h_assign.c,
 * h_messages.c, h_join.c) share: the campaign they act on, the gate of a
 * conversation, request-body lists, and the JSON shapes of texting
 * resources (described in openapi.json under the same names).
 */
#ifndef LL_H_TEXTING_H
#define LL_H_TEXTING_H

#include "body.h"
#include "campaign_gate.h"
#include "db_assign.h"
#include "db_claims.h"
#include "db_conversations.h"
#include "db_messages.h"
#include "db_texters.h"
#include "req.h"
#include "texting.h"

/* Seconds a request waits in the campaign's claim queue before 503. */
#define CLAIM_LOCK_WAIT_S	10

/* The campaign of path id 1 in the caller's organization; 1, or an error
 * status already set (404 / 503). */
int	 texting_campaign(struct req *, long long id, struct campaign *);
/* Answers a closed gate as an error: 409 with the gate's name as code. */
int	 gate_error(struct req *, const struct gate *);

/* The most user ids a body's list may hold (F_ID_LIST's max). */
#define TEXTING_MAX_IDS		500

/*
 * A body field holding a list of user ids (an F_ID_LIST the front door
 * checked): *ids NULL when absent. -1 after req_error (422 naming the
 * field) when it is not a list of 1..max ids.
 */
int	 body_id_list(struct req *, const char *field, size_t max,
	    long long **ids, size_t *n);
/* Body checks (body.h) of a conversation status, and of a list of 1 or
 * more of them. */
field_check_fn	texting_status_check, texting_statuses_check;
/* A checked body field holding statuses as a mask (all when absent). */
unsigned body_status_mask(const struct req *, const char *field);

/*
 * Self assign for user_id on campaign c: the checks (self assign on, the
 * campaign live, the user on it, nothing left to send) and the claim.
 * 0 with *cl filled, or the error status (already set with req_error).
 */
int	 request_batch(struct req *, const struct campaign *,
	    long long user_id, struct claim *cl);
/* The same for campaign_id of the request's organization (404 if none):
 * the campaign is read by the claim broker with the claim. */
int	 request_batch_by_id(struct req *, long long campaign_id,
	    long long user_id, struct claim *cl);

cJSON	*conv_counts_json(const struct conv_counts *);
/* null when open, else {code, message, opens_at}. */
cJSON	*gate_closed_json(const struct gate *);
cJSON	*conversation_brief_json(struct arena *, const struct conversation *);
cJSON	*message_json(struct arena *, const struct message *);
/* A campaign as a texter sees it. */
cJSON	*texting_campaign_json(const struct campaign *);

/* The handlers. h_texters.c: texters and assignment (supervisors). */
int	h_texters_list(struct req *);
int	h_texter_add(struct req *);
int	h_texter_remove(struct req *);
int	h_assignments_summary(struct req *);
int	h_assign_distribute(struct req *);
int	h_assign_unassign(struct req *);
int	h_assign_reassign(struct req *);
int	h_invite_link_get(struct req *);
int	h_invite_link_enable(struct req *);
int	h_invite_link_disable(struct req *);
/* h_assign.c: a texter's assignments and self assign. */
int	h_my_assignments(struct req *);
int	h_assign_request(struct req *);
/* h_messages.c: the messenger. */
int	h_my_conversations(struct req *);
int	h_inbox(struct req *);
int	h_conversation_get(struct req *);
int	h_send_initial(struct req *);
int	h_send_reply(struct req *);
int	h_conversation_opt_out(struct req *);
/* h_hook_messages.c: message webhooks (the signature already checked). */
int	h_hook_message(struct req *, const char *type, const cJSON *payload);
/* h_join.c: campaign invite links. */
int	h_join_lookup(struct req *);
int	h_join_signup(struct req *);
int	h_join_accept(struct req *);

#endif
