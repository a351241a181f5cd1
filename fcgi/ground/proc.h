/*
 * proc: what every process of the pool shares: the stop flag set by
 * SIGTERM/SIGINT (the one piece of global mutable state), signal set-up
 * and the process name shown by ps and /proc/PID/comm.
 */
#ifndef LL_PROC_H
#define LL_PROC_H

#include <signal.h>

extern volatile sig_atomic_t proc_stopping;

/* Installs handler (or proc_on_stop) for SIGTERM and SIGINT, without
 * SA_RESTART so blocking calls return EINTR; ignores SIGPIPE. */
void	proc_signals(void (*handler)(int));
void	proc_on_stop(int);
void	proc_set_name(const char *);
/* Sleeps up to ms milliseconds; returns early when stopping. */
void	proc_nap(long ms);

#endif
