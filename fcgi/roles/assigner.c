/*
 * assigner: the background role that sets the conversations of
 * self-assign batches. A texter's request only moves the campaign's
 * cursor and records the batch (assign_claims), so it answers in a
 * millisecond however many texters press the button at once; the ~300
 * row updates of a batch happen here, oldest batch first. A texter's own
 * next request sets their pending batches itself if this role has not
 * got to them yet, so nobody ever waits for it. Applying is idempotent and
 * serialized per batch by a row lock: any number may run. It gives way:
 * at most a quarter of its time goes to applying while a backlog lasts.
 * Between rounds it also refreshes the conversation counts of large
 * campaigns that pages are watching (counts.c), one at a time by lease,
 * and plans self assign's batches ahead of the claims (sql/013): where
 * each batch ends, so a claim reads one row instead of walking the index.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "counts.h"
#include "db_texting.h"
#include "log.h"
#include "proc.h"
#include "roles.h"

#define BATCHES_PER_ROUND	10
#define IDLE_NAP_MS		50
#define DUTY_PERCENT		25	/* of the time, at most, spent applying */
#define PLAN_MIN_BATCH		50	/* smaller batches are not planned */
#define PLAN_ROWS		256	/* batches planned per round */
#define PLAN_IDLE_S		1	/* between looks while none is due */

/*
 * Plans PLAN_ROWS more batches of one campaign not yet planned to its end
 * (a claim walks at most PLAN_MIN_BATCH entries without a plan: ~30 us);
 * looks at most every PLAN_IDLE_S while none is due. 1 when it planned.
 */
static int
plan_some(struct db *db, struct arena *a, time_t *idle_until)
{
	long long campaign_id, planned;
	time_t now = time(NULL);

	if (now < *idle_until)
		return 0;
	if (db_tx_plan_due(db, a, PLAN_MIN_BATCH, &campaign_id) != 1 ||
	    db_tx_plan(db, a, campaign_id, PLAN_ROWS, &planned) == -1 ||
	    planned == 0) {
		*idle_until = now + PLAN_IDLE_S;
		return 0;
	}
	return 1;
}

int
role_assigner_run(const struct app *app)
{
	struct timespec t0, t1;
	struct arena a;
	struct db db;
	long long n, busy_ms;
	time_t plan_idle_until = 0;
	int counted, planned;

	proc_signals(NULL);
	db_init(&db, &app->cfg);
	arena_init(&a, 64 * 1024);
	log_info(NULL, "assigner started");
	while (!proc_stopping) {
		planned = plan_some(&db, &a, &plan_idle_until);
		arena_reset(&a);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (db_tx_claims_apply_due(&db, &a, BATCHES_PER_ROUND, &n) == -1)
			n = 0;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		arena_reset(&a);
		/* Between rounds: the conversation counts of a large campaign
		 * a page watches, when due (counts.c). */
		counted = counts_refresh_due(&db, &a, &app->cfg);
		arena_reset(&a);
		if (n == 0) {
			if (!counted && !planned)
				proc_nap(IDLE_NAP_MS);
			continue;
		}
		/*
		 * A burst of requests leaves many batches behind: apply them at
		 * a quarter speed so the requests keep the CPU they need (a texter's
		 * own next request sets their batch anyway).
		 */
		busy_ms = (t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000;
		proc_nap(busy_ms * (100 - DUTY_PERCENT) / DUTY_PERCENT);
	}
	db_close(&db);
	arena_free(&a);
	log_info(NULL, "assigner stopped");
	return 0;
}
