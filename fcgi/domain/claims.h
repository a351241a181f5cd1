/*
 * claims: the way from an API worker to the claim broker (claimer.c), the
 * host's one process that takes self-assign claims. A worker's request is
 * one message on a fresh SOCK_SEQPACKET connection to "<socket>.claims";
 * the answer is one message back. The broker answers the claims that
 * arrived while it was busy in one transaction (db_claim_group), so 200
 * texters pressing "Request conversations" at once cost a few
 * transactions, not 200.
 *
 * claims_ask: 1 answered (*c holds the outcome), 0 no broker listening (the
 * caller claims by itself, db_claim), -1 the broker went away or did
 * not answer in time after the request was sent (the claim's fate is
 * unknown: the caller answers "busy"; asking again is safe, as a texter
 * with a batch gets CLAIM_UNFINISHED).
 */
#ifndef LL_CLAIMS_H
#define LL_CLAIMS_H

#include "db_claims.h"

struct claims_request {
	long long	 org_id, campaign_id, texter_id, lock_wait_s;
};

/* The answer is a struct claim as it is: both ends are this binary. */

struct sockaddr_un;
/* The broker's address, "<socket>.claims"; -1 if the path is too long. */
int	claims_addr(const char *socket_path, struct sockaddr_un *);
int	claims_ask(const char *socket_path, const struct claims_request *,
	    struct claim *);

#endif
