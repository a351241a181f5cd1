/*
 * h_tags: after the first text. An organization's tags (h_tags.c: admins
 * create, rename, mark and delete them; every member lists them), tags on
 * conversations and the organizers' review queue of escalated ones
 * (h_conversation_tags.c), closing and skipping (h_conversation_close.c).
 *
 * A texter changes only the conversations assigned to them (403
 * not_your_conversation); supervisors and up any of their organization's.
 * Ids of another organization are 404, like ids that do not exist.
 */
#ifndef LL_H_TAGS_H
#define LL_H_TAGS_H

#include "db_conversations.h"
#include "db_tags.h"
#include "req.h"

/*
 * The conversation of path id 1 for a change by the caller: 1 with *v,
 * or the error status already set (404 none in this organization, 403
 * a texter's who is not its assignee, 503).
 */
int	 conversation_for_change(struct req *, struct conversation *v);
/* Answers status with the conversation id as a ConversationBrief with its
 * tags (openapi.json). */
int	 conversation_changed(struct req *, int status, long long id);
cJSON	*tag_json(struct arena *, const struct tag *);

/* h_tags.c */
int	h_tags_list(struct req *);
int	h_tag_create(struct req *);
int	h_tag_update(struct req *);
int	h_tag_delete(struct req *);
/* h_conversation_tags.c */
int	h_conversation_tag_add(struct req *);
int	h_conversation_tag_remove(struct req *);
int	h_escalations_list(struct req *);
int	h_escalation_clear(struct req *);
/* h_conversation_close.c */
int	h_conversation_close(struct req *);
int	h_conversation_skip(struct req *);

#endif
