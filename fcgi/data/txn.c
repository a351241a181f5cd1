/*
 * txn: a deadlock's victim runs again; see txn.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <time.h>

#include <sodium.h>

#include "db.h"
#include "log.h"
#include "txn.h"

bool
txn_again(struct db *db, int attempt, const char *rid, const char *what)
{
	struct timespec ts;

	if (attempt >= TXN_TRIES || !db_is_deadlock(db))
		return false;
	log_warn(rid, "%s: a deadlock's victim or refused by the cluster "
	    "(error %u); running it again (try %d of %d)", what,
	    db->last_errno, attempt + 1, TXN_TRIES);
	/* 1-10 ms times the tries so far: the two sides drift apart. */
	ts.tv_sec = 0;
	ts.tv_nsec = (long)(1 + randombytes_uniform(10)) * attempt * 1000000L;
	(void)nanosleep(&ts, NULL);
	return true;
}
