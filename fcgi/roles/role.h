/*
 * role: the life every background role shares (role.c): its signals, a
 * start, rounds of work with rests between them until the master asks it
 * to stop, an end, and the log lines around them. A role supplies what
 * differs: how it starts, one round of its work, how it ends.
 */
#ifndef LL_ROLE_H
#define LL_ROLE_H

struct app;

struct role_ops {
	const char	*name;		/* "provisioner", in log lines */
	/* Sets up self (its database connection, arena, clients). 0 / -1:
	 * the role does not run (the master starts it again later). */
	int		(*start)(void *self, const struct app *);
	/* One round of work; how long to rest after it, in ms (0: at once). */
	long		(*round)(void *self);
	/* Frees what start made (also after a failed start). */
	void		(*end)(void *self);
};

/* Runs a role until it is asked to stop: the process's exit status. */
int	role_run(const struct app *, const struct role_ops *, void *self);

#endif
