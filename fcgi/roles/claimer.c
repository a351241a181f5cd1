/*
 * claimer: the claim broker, one per host (see claims.h). It accepts
 * workers' claims on "<socket>.claims" and, whenever it is free, takes
 * every claim that has arrived and answers them together: one
 * transaction per campaign (db_claim_group). While a group is in the
 * database the next requests queue in the socket, so the busier it is,
 * the larger its groups and the less each claim costs. Without it
 * (claimers = 0, or while the master restarts it) workers claim by
 * themselves, one procedure call each.
 */
#define _GNU_SOURCE	/* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "app.h"
#include "arena.h"
#include "claims.h"
#include "db_claims.h"
#include "log.h"
#include "proc.h"
#include "role.h"
#include "roles.h"

#define MAX_WAITING	1024	/* connections without a request yet */
#define MAX_GROUP	256	/* claims answered by one transaction */

struct ask {
	int			 fd;
	struct claims_request	 q;
	struct claim_ask	 a;
};

struct broker {
	int		 listen_fd;
	int		 waiting[MAX_WAITING];	/* accepted, not yet read */
	size_t		 nwaiting;
	struct ask	 asks[MAX_GROUP];
	size_t		 nasks;
};

static int
listen_on(const char *socket_path)
{
	struct sockaddr_un sun;
	int fd;

	if (claims_addr(socket_path, &sun) == -1) {
		log_error(NULL, "claimer: socket path too long");
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1) {
		log_error(NULL, "claimer: socket: %s", strerror(errno));
		return -1;
	}
	(void)unlink(sun.sun_path);	/* a previous claimer's */
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    chmod(sun.sun_path, 0600) == -1 || listen(fd, 4096) == -1) {
		log_error(NULL, "claimer: %s: %s", sun.sun_path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void
answer(struct ask *k)
{
	/* A worker that gave up has closed its end: nothing to do. */
	(void)send(k->fd, &k->a.c, sizeof(k->a.c), MSG_NOSIGNAL | MSG_DONTWAIT);
	close(k->fd);
}

/* Sleeps until something arrives (up to timeout_ms), takes the new
 * connections, then the requests of those that have sent theirs. */
static void
gather(struct broker *b, int timeout_ms)
{
	struct pollfd pfd[MAX_WAITING + 1];
	struct claims_request q;
	size_t i, kept;
	ssize_t n;
	int fd;

	pfd[0].fd = b->listen_fd;
	pfd[0].events = POLLIN;
	for (i = 0; i < b->nwaiting; i++) {
		pfd[i + 1].fd = b->waiting[i];
		pfd[i + 1].events = POLLIN;
	}
	(void)poll(pfd, b->nwaiting + 1, timeout_ms);
	while (b->nwaiting < MAX_WAITING &&
	    (fd = accept4(b->listen_fd, NULL, NULL, SOCK_CLOEXEC)) != -1)
		b->waiting[b->nwaiting++] = fd;
	for (i = 0, kept = 0; i < b->nwaiting; i++) {
		fd = b->waiting[i];
		if (b->nasks == MAX_GROUP) {
			b->waiting[kept++] = fd;
			continue;
		}
		n = recv(fd, &q, sizeof(q), MSG_DONTWAIT);
		if (n == -1 && errno == EAGAIN) {
			b->waiting[kept++] = fd;
			continue;
		}
		if (n != (ssize_t)sizeof(q)) {
			close(fd);
			continue;
		}
		b->asks[b->nasks].fd = fd;
		b->asks[b->nasks].q = q;
		b->nasks++;
	}
	b->nwaiting = kept;
}

static int
by_campaign(const void *x, const void *y)
{
	const struct ask *a = x, *b = y;

	if (a->q.campaign_id != b->q.campaign_id)
		return a->q.campaign_id < b->q.campaign_id ? -1 : 1;
	if (a->q.org_id != b->q.org_id)
		return a->q.org_id < b->q.org_id ? -1 : 1;
	return a->fd < b->fd ? -1 : a->fd > b->fd;
}

/* One transaction per campaign of the asks gathered. */
static void
serve(struct broker *b, struct db *db, struct arena *a)
{
	struct claim_ask group[MAX_GROUP];
	size_t i, j, k, n;
	long long wait_s;

	qsort(b->asks, b->nasks, sizeof(b->asks[0]), by_campaign);
	for (i = 0; i < b->nasks; i = j) {
		wait_s = 0;
		for (j = i; j < b->nasks && b->asks[j].q.campaign_id ==
		    b->asks[i].q.campaign_id && b->asks[j].q.org_id ==
		    b->asks[i].q.org_id; j++) {
			group[j - i].texter_id = b->asks[j].q.texter_id;
			if (b->asks[j].q.lock_wait_s > wait_s)
				wait_s = b->asks[j].q.lock_wait_s;
		}
		n = j - i;
		if (db_claim_group(db, a, b->asks[i].q.org_id,
		    b->asks[i].q.campaign_id, wait_s, group, n) == -1) {
			/* The workers answer "busy"; asking again is safe. */
			for (k = i; k < j; k++)
				close(b->asks[k].fd);
			arena_reset(a);
			continue;
		}
		arena_reset(a);
		log_info(NULL, "campaign %lld: %zu claims in one turn",
		    b->asks[i].q.campaign_id, n);
		for (k = i; k < j; k++) {
			b->asks[k].a = group[k - i];
			answer(&b->asks[k]);
		}
	}
	b->nasks = 0;
}

struct claimer {
	const struct app	*app;
	struct broker		*b;
	struct db		 db;
	struct arena		 a;
};

static int
claimer_start(void *self, const struct app *app)
{
	struct claimer *c = self;

	c->app = app;
	db_init(&c->db, &app->cfg);
	arena_init(&c->a, 64 * 1024);
	if ((c->b = calloc(1, sizeof(*c->b))) == NULL)
		return -1;
	c->b->listen_fd = -1;
	return (c->b->listen_fd = listen_on(app->cfg.socket)) == -1 ? -1 : 0;
}

/* Waits for work only when there is none gathered, then serves it. */
static long
claimer_round(void *self)
{
	struct claimer *c = self;

	gather(c->b, c->b->nasks > 0 ? 0 : 200);
	if (c->b->nasks > 0)
		serve(c->b, &c->db, &c->a);
	return 0;
}

static void
claimer_end(void *self)
{
	struct claimer *c = self;
	struct sockaddr_un sun;
	size_t i;

	if (c->b != NULL && c->b->listen_fd != -1) {
		/* Workers claim by themselves from here on. */
		if (claims_addr(c->app->cfg.socket, &sun) == 0)
			(void)unlink(sun.sun_path);
		for (i = 0; i < c->b->nwaiting; i++)
			close(c->b->waiting[i]);
		close(c->b->listen_fd);
	}
	free(c->b);
	db_close(&c->db);
	arena_free(&c->a);
}

int
role_claimer_run(const struct app *app)
{
	static const struct role_ops ops = { "claimer", claimer_start,
	    claimer_round, claimer_end };
	struct claimer c;

	memset(&c, 0, sizeof(c));
	return role_run(app, &ops, &c);
}
