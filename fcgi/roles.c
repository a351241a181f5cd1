/*
 * roles: the background roles' loops; see roles.h.
 * The provisioner lives in provisioner.c, the sender in sender.c and the
 * assigner in assigner.c; the mailer, until its issue lands, only waits
 * for work that does not exist yet.
 */
#define _POSIX_C_SOURCE 200809L
#include "app.h"
#include "log.h"
#include "proc.h"
#include "roles.h"

static int
idle_loop(const char *what)
{
	proc_signals(NULL);
	log_info(NULL, "%s started (no work defined yet)", what);
	while (!proc_stopping)
		proc_nap(1000);
	log_info(NULL, "%s stopped", what);
	return 0;
}

int
role_mailer_run(const struct app *app)
{
	(void)app;
	return idle_loop("mailer");
}
