/*
 * pool: the master process; see pool.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "app.h"
#include "log.h"
#include "pool.h"
#include "proc.h"
#include "roles.h"
#include "sess_cache.h"
#include "worker.h"

#define STOP_GRACE_SECONDS	30

struct kind {
	const char	*name;		/* process name: ll-<name> */
	int		(*run)(const struct app *);
};

static const struct kind kinds[] = {
	{ "api", worker_run },
	{ "provisioner", role_provisioner_run },
	{ "mailer", role_mailer_run },
	{ "sender", role_sender_run },
	{ "assigner", role_assigner_run },
	{ "claimer", role_claimer_run },
	{ "exporter", role_exporter_run },
};

struct slot {
	const struct kind	*kind;
	pid_t			 pid;
	time_t			 started;
};

struct pool {
	struct app	*app;
	struct slot	*slots;
	size_t		 nslots;
	int		 lock_fd;
};

static int
spawn(struct pool *p, struct slot *s)
{
	char name[16];
	pid_t pid;
	int status;

	if ((pid = fork()) == -1) {
		log_error(NULL, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(p->lock_fd);
		snprintf(name, sizeof(name), "ll-%s", s->kind->name);
		proc_set_name(name);
		log_set_role(s->kind->name);
		status = s->kind->run(p->app);
		exit(status);	/* not _exit: LeakSanitizer checks at exit */
	}
	s->pid = pid;
	s->started = time(NULL);
	return 0;
}

static void
describe_exit(const struct slot *s, int status)
{
	if (WIFSIGNALED(status))
		log_warn(NULL, "%s %ld killed by signal %d; replacing it",
		    s->kind->name, (long)s->pid, WTERMSIG(status));
	else
		log_warn(NULL, "%s %ld exited with status %d; replacing it",
		    s->kind->name, (long)s->pid, WEXITSTATUS(status));
}

/* Reaps dead children and replaces them; naps when nothing happened. */
static void
supervise(struct pool *p)
{
	size_t i;
	pid_t pid;
	int status;

	while (!proc_stopping) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid <= 0) {
			proc_nap(50);
			continue;
		}
		for (i = 0; i < p->nslots; i++) {
			if (p->slots[i].pid != pid)
				continue;
			describe_exit(&p->slots[i], status);
			p->slots[i].pid = 0;
			/* A child dying at birth is not restarted hot. */
			if (time(NULL) - p->slots[i].started < 1)
				proc_nap(200);
			if (!proc_stopping)
				(void)spawn(p, &p->slots[i]);
		}
	}
}

static size_t
live_children(struct pool *p)
{
	size_t i, n = 0;
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (i = 0; i < p->nslots; i++)
			if (p->slots[i].pid == pid)
				p->slots[i].pid = 0;
	for (i = 0; i < p->nslots; i++)
		if (p->slots[i].pid > 0)
			n++;
	return n;
}

static void
signal_all(struct pool *p, int sig)
{
	size_t i;

	for (i = 0; i < p->nslots; i++)
		if (p->slots[i].pid > 0)
			(void)kill(p->slots[i].pid, sig);
}

/*
 * Graceful stop: new connections are refused at once (the socket path is
 * removed), children finish their requests and leave. SIGTERM is sent
 * again each second to wake a worker that slipped back into accept().
 */
static void
stop_children(struct pool *p)
{
	struct timespec ts = { 0, 50 * 1000000L };
	int waited;

	for (waited = 0; waited < STOP_GRACE_SECONDS * 20; waited++) {
		if (waited % 20 == 0)
			signal_all(p, SIGTERM);
		if (live_children(p) == 0)
			return;
		(void)nanosleep(&ts, NULL);
	}
	log_warn(NULL, "children still running after %d s; killing them",
	    STOP_GRACE_SECONDS);
	signal_all(p, SIGKILL);
	while (live_children(p) > 0)
		(void)nanosleep(&ts, NULL);
}

/* The instance lock: FCGX_OpenSocket would silently steal the socket. */
static int
take_lock(struct pool *p)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s.lock", p->app->cfg.socket);
	if ((p->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC,
	    0600)) == -1) {
		log_error(NULL, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(p->lock_fd, LOCK_EX | LOCK_NB) == -1) {
		log_error(NULL, "another launchline is serving %s; "
		    "refusing to start", p->app->cfg.socket);
		close(p->lock_fd);
		return -1;
	}
	return 0;
}

static void
write_pid(const char *path)
{
	FILE *f;

	if (path == NULL || (f = fopen(path, "w")) == NULL)
		return;
	fprintf(f, "%ld\n", (long)getpid());
	fclose(f);
}

static int
add_slots(struct pool *p, const struct kind *k, long n)
{
	long i;

	for (i = 0; i < n; i++) {
		p->slots[p->nslots].kind = k;
		if (spawn(p, &p->slots[p->nslots++]) == -1)
			return -1;
	}
	return 0;
}

int
pool_serve(struct app *app)
{
	const struct config *c = &app->cfg;
	struct pool p;
	int rc = 1;

	memset(&p, 0, sizeof(p));
	p.app = app;
	proc_set_name("ll-master");
	proc_signals(NULL);
	if (take_lock(&p) == -1)
		return 1;
	if (FCGX_Init() != 0 ||
	    (app->listen_fd = FCGX_OpenSocket(c->socket, 1024)) < 0) {
		log_error(NULL, "cannot listen on %s", c->socket);
		goto out_unlock;
	}
	(void)chmod(c->socket, 0666);	/* nginx's workers connect */
	write_pid(c->pid_file);
	app->sessions = sess_cache_new(c->session_cache_s);

	p.slots = calloc((size_t)(c->workers + c->provisioners + c->mailers +
	    c->senders + c->assigners + c->claimers + c->exporters),
	    sizeof(*p.slots));
	if (p.slots == NULL ||
	    add_slots(&p, &kinds[0], c->workers) == -1 ||
	    add_slots(&p, &kinds[1], c->provisioners) == -1 ||
	    add_slots(&p, &kinds[2], c->mailers) == -1 ||
	    add_slots(&p, &kinds[3], c->senders) == -1 ||
	    add_slots(&p, &kinds[4], c->assigners) == -1 ||
	    add_slots(&p, &kinds[5], c->claimers) == -1 ||
	    add_slots(&p, &kinds[6], c->exporters) == -1)
		proc_stopping = 1;
	else
		log_info(NULL, "serving on %s with %ld workers", c->socket,
		    c->workers);

	supervise(&p);
	log_info(NULL, "stopping: finishing in-flight requests");
	(void)unlink(c->socket);
	stop_children(&p);
	close(app->listen_fd);
	if (c->pid_file != NULL)
		(void)unlink(c->pid_file);
	log_info(NULL, "stopped");
	rc = 0;
	free(p.slots);
	sess_cache_free(app->sessions);
	app->sessions = NULL;
out_unlock:
	close(p.lock_fd);
	return rc;
}
