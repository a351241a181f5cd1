/*
 * worker: one API worker process: accepts FastCGI requests one at a time
 * on the listening socket, turns each into a struct req, passes it
 * through the front door (route.c) and writes the answer.
 */
#ifndef LL_WORKER_H
#define LL_WORKER_H

struct app;

/* Runs until SIGTERM/SIGINT; returns the exit status. */
int	worker_run(const struct app *);

#endif
