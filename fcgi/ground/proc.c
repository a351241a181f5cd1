/*
 * proc: signals and names shared by the pool's processes; see proc.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "proc.h"

volatile sig_atomic_t proc_stopping;

void
proc_on_stop(int sig)
{
	(void)sig;
	proc_stopping = 1;
}

void
proc_signals(void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = handler != NULL ? handler : proc_on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

void
proc_set_name(const char *name)
{
	(void)prctl(PR_SET_NAME, name, 0, 0, 0);
}

void
proc_nap(long ms)
{
	struct timespec ts;

	while (ms > 0 && !proc_stopping) {
		ts.tv_sec = 0;
		ts.tv_nsec = (ms > 100 ? 100 : ms) * 1000000L;
		(void)nanosleep(&ts, NULL);
		ms -= 100;
	}
}
