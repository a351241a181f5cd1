/*
 * claims: a worker's side of the claim broker; see claims.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "claims.h"

#define ANSWER_SLACK_MS	5000	/* beyond the lock wait */

int
claims_addr(const char *socket_path, struct sockaddr_un *sun)
{
	int n;

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	n = snprintf(sun->sun_path, sizeof(sun->sun_path), "%s.claims",
	    socket_path);
	return n < 0 || (size_t)n >= sizeof(sun->sun_path) ? -1 : 0;
}

static int
connect_broker(const char *socket_path)
{
	struct sockaddr_un sun;
	int fd;

	if (claims_addr(socket_path, &sun) == -1)
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

int
claims_ask(const char *socket_path, const struct claims_request *q,
    struct claim *c)
{
	struct claim ans;
	struct pollfd pfd;
	ssize_t n;
	int fd, rc;

	if ((fd = connect_broker(socket_path)) == -1)
		return 0;
	if (send(fd, q, sizeof(*q), MSG_NOSIGNAL) != (ssize_t)sizeof(*q)) {
		close(fd);
		return 0;	/* nothing reached the broker */
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	do
		rc = poll(&pfd, 1, (int)(q->lock_wait_s * 1000 +
		    ANSWER_SLACK_MS));
	while (rc == -1 && errno == EINTR);
	n = rc == 1 ? recv(fd, &ans, sizeof(ans), 0) : -1;
	close(fd);
	if (n != (ssize_t)sizeof(ans))
		return -1;
	*c = ans;
	c->status[sizeof(c->status) - 1] = '\0';
	return 1;
}
