/*
 * h_canned: the canned-response handlers (h_canned.c): organizers keep a
 * campaign's and the organization's; texters read a conversation's,
 * rendered for its contact.
 */
#ifndef LL_H_CANNED_H
#define LL_H_CANNED_H

#include "req.h"

int	h_canned_org_list(struct req *);
int	h_canned_org_create(struct req *);
int	h_canned_update(struct req *);
int	h_canned_delete(struct req *);
int	h_canned_campaign_list(struct req *);
int	h_canned_campaign_create(struct req *);
int	h_canned_include(struct req *);
int	h_canned_exclude(struct req *);
int	h_canned_for_conversation(struct req *);

#endif
