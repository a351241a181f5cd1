/*
 * app: the long-lived state of a process, built once at start-up in the
 * master and inherited by every child: the configuration, the OpenAPI
 * document served at /api/v1/openapi.json, the listening socket, the
 * host's session cache (sess_cache.h).
 */
#ifndef LL_APP_H
#define LL_APP_H

#include <stddef.h>

#include "config.h"

struct sess_cache;

struct app {
	struct config	 cfg;
	char		*openapi;	/* the document, NUL-terminated */
	size_t		 openapi_len;
	int		 listen_fd;
	struct sess_cache *sessions;	/* shared by the workers; NULL = off */
};

#endif
