/*
 * h_conversation_close: a texter's two ways to be done with a reply for
 * now. Close: the conversation leaves "needs response" (status closed)
 * until the contact writes again, which opens it (needs_response). Skip:
 * the reply moves behind the texter's other replies in the inbox, until
 * the contact writes again or it is answered or closed. Neither sends
 * anything, so both work on an opted-out contact's conversation too.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "h_tags.h"
#include "handlers.h"
#include "log.h"

int
h_conversation_close(struct req *r)
{
	struct conversation v;
	int rc;

	if ((rc = conversation_for_change(r, &v)) != 1)
		return rc;
	if (strcmp(v.status, "needs_message") == 0)
		return req_error(r, 409, "initial_first", "Send the initial "
		    "message before closing this conversation.", NULL);
	if (db_conversation_close(r->db, r->a, v.id) == -1)
		return db_down(r);
	log_info(r->rid, "conversation %lld closed by user %lld", v.id,
	    r->sess.user_id);
	return conversation_changed(r, 200, v.id);
}

int
h_conversation_skip(struct req *r)
{
	struct conversation v;
	int rc;

	if ((rc = conversation_for_change(r, &v)) != 1)
		return rc;
	if (strcmp(v.status, "needs_response") != 0)
		return req_error(r, 409, "not_waiting", "Only a conversation "
		    "waiting for a response can be skipped.", NULL);
	if (db_conversation_skip(r->db, r->a, v.id) == -1)
		return db_down(r);
	return conversation_changed(r, 200, v.id);
}
