/*
 * epoch: the auth epoch, one counter shared by every process of this host
 * (the pool's workers and roles, and the `launchline admin` CLI) through a
 * small mapped file beside the FastCGI socket ("<socket>.epoch").
 *
 * Any committed write to sessions, users, memberships or orgs bumps it (the
 * db layer does this by itself, see db.c); a worker's session cache trusts
 * an entry only while the epoch is the one it was read under. A process that
 * cannot map the file is handed NULL: it bumps nothing and caches nothing.
 */
#ifndef LL_EPOCH_H
#define LL_EPOCH_H

#include <stdatomic.h>

typedef _Atomic unsigned long long epoch_t;

/* Maps the epoch file for socket_path; NULL if it cannot. */
epoch_t	*epoch_map(const char *socket_path);
void	 epoch_unmap(epoch_t *);
unsigned long long epoch_read(epoch_t *);
void	 epoch_bump(epoch_t *);

#endif
