/*
 * txn: running a transaction again, whole, when InnoDB rolled it back to
 * break a deadlock (error 1213), a Galera node refused it for a conflict
 * with another node's write (1213, often at COMMIT), a lock wait ran out
 * (1205) or the node stopped being ready (1047; db.h db_is_deadlock). Transactions that lock rows of several
 * tables take them in one order (db_campaigns.c, db_numbers.c), but gap
 * locks, foreign key checks and other roles' scans can still close a
 * cycle now and then; the victim's work is undone, so it is simply done
 * again, after a short random pause, instead of failing the request
 * (http/req.h txn_req runs a handler's transaction so).
 */
#ifndef LL_TXN_H
#define LL_TXN_H

#include <stdbool.h>

struct db;

/* Tries a transaction gets, the first included. */
#define TXN_TRIES	4

/*
 * After try number `attempt` of a transaction failed: true (having
 * logged it and paused) when it was a deadlock's victim and may run
 * again, false when the failure is final.
 */
bool	txn_again(struct db *, int attempt, const char *rid, const char *what);

#endif
