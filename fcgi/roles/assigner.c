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
#include "db_claims.h"
#include "log.h"
#include "proc.h"
#include "role.h"
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
	if (db_plan_due(db, a, PLAN_MIN_BATCH, &campaign_id) != 1 ||
	    db_plan(db, a, campaign_id, PLAN_ROWS, &planned) == -1 ||
	    planned == 0) {
		*idle_until = now + PLAN_IDLE_S;
		return 0;
	}
	return 1;
}

struct assigner {
	const struct app	*app;
	struct db		 db;
	struct arena		 a;
	time_t			 plan_idle_until;
};

static int
assigner_start(void *self, const struct app *app)
{
	struct assigner *as = self;

	as->app = app;
	db_init(&as->db, &app->cfg);
	arena_init(&as->a, 64 * 1024);
	return 0;
}

/* Plans, applies a few batches, refreshes counts; rests when idle, and
 * gives way while a backlog of batches lasts. */
static long
assigner_round(void *self)
{
	struct assigner *as = self;
	struct timespec t0, t1;
	long long n, busy_ms;
	int counted, planned;

	planned = plan_some(&as->db, &as->a, &as->plan_idle_until);
	arena_reset(&as->a);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (db_claims_apply_due(&as->db, &as->a, BATCHES_PER_ROUND,
	    &n) == -1)
		n = 0;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	arena_reset(&as->a);
	/* Between rounds: the conversation counts of a large campaign a
	 * page watches, when due (counts.c). */
	counted = counts_refresh_due(&as->db, &as->a, &as->app->cfg);
	arena_reset(&as->a);
	if (n == 0)
		return counted || planned ? 0 : IDLE_NAP_MS;
	/*
	 * A burst of requests leaves many batches behind: apply them at a
	 * quarter speed so the requests keep the CPU they need (a texter's
	 * own next request sets their batch anyway).
	 */
	busy_ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	return (long)(busy_ms * (100 - DUTY_PERCENT) / DUTY_PERCENT);
}

static void
assigner_end(void *self)
{
	struct assigner *as = self;

	db_close(&as->db);
	arena_free(&as->a);
}

int
role_assigner_run(const struct app *app)
{
	static const struct role_ops ops = { "assigner", assigner_start,
	    assigner_round, assigner_end };
	struct assigner as;

	memset(&as, 0, sizeof(as));
	return role_run(app, &ops, &as);
}
