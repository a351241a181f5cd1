/*
 * epoch: the host-wide auth epoch in a mapped file; see epoch.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "epoch.h"

epoch_t *
epoch_map(const char *socket_path)
{
	char path[4096];
	struct stat st;
	void *p;
	int fd, n;

	if (socket_path == NULL)
		return NULL;
	n = snprintf(path, sizeof(path), "%s.epoch", socket_path);
	if (n < 0 || (size_t)n >= sizeof(path))
		return NULL;
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1)
		return NULL;
	/* Growing to 8 bytes keeps what another process already counted. */
	if (fstat(fd, &st) == -1 || (st.st_size < (off_t)sizeof(epoch_t) &&
	    ftruncate(fd, (off_t)sizeof(epoch_t)) == -1)) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, sizeof(epoch_t), PROT_READ | PROT_WRITE, MAP_SHARED,
	    fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

void
epoch_unmap(epoch_t *e)
{
	if (e != NULL)
		munmap((void *)e, sizeof(*e));
}

unsigned long long
epoch_read(epoch_t *e)
{
	return e != NULL ? atomic_load(e) : 0;
}

void
epoch_bump(epoch_t *e)
{
	if (e != NULL)
		atomic_fetch_add(e, 1);
}
