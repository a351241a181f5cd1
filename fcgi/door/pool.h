/*
 * pool: the master of `launchline serve`. Holds the instance lock, binds
 * the FastCGI socket, forks the API workers and the background roles,
 * replaces any child that dies, and on SIGTERM/SIGINT stops them
 * gracefully.
 */
#ifndef LL_POOL_H
#define LL_POOL_H

struct app;

int	pool_serve(struct app *);	/* returns the exit status */

#endif
