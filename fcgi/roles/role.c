/*
 * role: the life every background role shares; see role.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>

#include "app.h"
#include "log.h"
#include "proc.h"
#include "role.h"

int
role_run(const struct app *app, const struct role_ops *ops, void *self)
{
	long rest_ms;

	assert(ops->name != NULL && ops->start != NULL && ops->round != NULL &&
	    ops->end != NULL);
	proc_signals(NULL);
	if (ops->start(self, app) == -1) {
		log_error(NULL, "%s could not start", ops->name);
		ops->end(self);
		return 1;
	}
	log_info(NULL, "%s started", ops->name);
	while (!proc_stopping) {
		rest_ms = ops->round(self);
		if (rest_ms > 0 && !proc_stopping)
			proc_nap(rest_ms);
	}
	ops->end(self);
	log_info(NULL, "%s stopped", ops->name);
	return 0;
}
