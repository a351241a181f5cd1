/*
 * send_settle: what becomes of a message whose fate is unknown (its POST
 * got a 5xx or no answer, or its sender died) once no webhook naming our
 * reference came within sender_reconcile_s: the provider's own records
 * decide (Telnyx: GET /reports/mdrs?direction=OUTBOUND&cli=&cld=&
 * start_date=&end_date=, "Fetch all Mdr records"). It is never posted
 * again on its own: a provider may ignore Idempotency-Key (Telnyx's POST
 * /messages does), and a second POST would text the contact twice.
 *
 *   a record from our number to the contact, outbound, whose id is no
 *   message of ours already      it is this message: bound (sent,
 *                                delivered or failed by its status)
 *   none (yet)                   looked at again later, until
 *                                sender_records_wait_s after the first
 *                                POST; then unknown
 *   401/403/404                  the account cannot read records: unknown
 *                                at once
 *   5xx, 429, no answer          looked at again later (unknown after
 *                                the same wait)
 * Pure: the caller makes the call and asks which ids are known.
 */
#ifndef LL_SEND_SETTLE_H
#define LL_SEND_SETTLE_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

struct settle_record {
	const char	*id, *status, *created_at;	/* in the body */
};

enum settle_action { SETTLE_BIND, SETTLE_LATER, SETTLE_UNKNOWN };

struct settle_decision {
	enum settle_action	 action;
	const char		*provider_id;	/* BIND: the record's id */
	const char		*status;	/* BIND: sent, delivered, failed */
	char			 reason[480];	/* BIND failed, LATER, UNKNOWN */
};

/*
 * The records of a records answer that may be our message: outbound,
 * from `from` to `to` (a leading '+' ignored), with an id; oldest first,
 * at most max. The strings point into body.
 */
size_t	settle_candidates(const cJSON *body, const char *from, const char *to,
	    struct settle_record *out, size_t max);

/*
 * The decision. http_status: the records call's (0: no answer), reason:
 * its readable error; cand[0..n) the candidates with known[i] set when a
 * message of ours holds that id already; waited_s since the first POST,
 * wait_s = sender_records_wait_s.
 */
void	settle_decide(long http_status, const char *reason,
	    const struct settle_record *cand, const bool *known, size_t n,
	    long long waited_s, long long wait_s, struct settle_decision *out);

/* Our status for a record's status (DELIVERED, FAILED, GW_REJECT, ...):
 * delivered, failed, or sent (it left the provider; no final word). */
const char *settle_status(const char *record_status);

#endif
