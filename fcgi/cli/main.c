/*
 * launchline: one binary, three commands.
 *   launchline serve   --config FILE   the FastCGI pool and background roles
 *   launchline migrate --config FILE   apply sql/ migrations
 *   launchline admin   --config FILE … operator commands (admin.h)
 * LAUNCHLINE_CONFIG may stand in for --config.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <mysql.h>

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "log.h"
#include "migrate.h"
#include "pool.h"

static int
usage(void)
{
	fprintf(stderr, "usage: launchline serve|migrate|admin "
	    "[--config FILE] [args...]\n");
	return 2;
}

/* Removes "--config FILE" from argv; returns FILE or the environment's. */
static const char *
take_config(int *argc, char **argv)
{
	const char *path = getenv("LAUNCHLINE_CONFIG");
	int i, j;

	for (i = 0; i < *argc; i++) {
		if (strcmp(argv[i], "--config") != 0 || i + 1 >= *argc)
			continue;
		path = argv[i + 1];
		for (j = i; j + 2 <= *argc; j++)
			argv[j] = argv[j + 2];
		*argc -= 2;
		break;
	}
	return path;
}

static int
load_openapi(struct app *app)
{
	if ((app->openapi = buf_read_file(app->cfg.openapi_file,
	    8 << 20)) == NULL || *app->openapi == '\0') {
		log_error(NULL, "cannot read openapi_file %s",
		    app->cfg.openapi_file);
		return -1;
	}
	app->openapi_len = strlen(app->openapi);
	return 0;
}

int
main(int argc, char **argv)
{
	struct app app;
	enum log_level level = LOG_INFO;
	const char *path, *cmd;
	char err[512];
	int rc;

	if (argc < 2)
		return usage();
	cmd = argv[1];
	argc -= 2;
	argv += 2;
	if ((path = take_config(&argc, argv)) == NULL) {
		fprintf(stderr, "launchline: no --config FILE given "
		    "(or LAUNCHLINE_CONFIG)\n");
		return 2;
	}
	memset(&app, 0, sizeof(app));
	if (config_load(&app.cfg, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "launchline: %s\n", err);
		config_free(&app.cfg);
		return 1;
	}
	(void)log_level_parse(app.cfg.log_level, &level);
	log_init(level, "master");
	if (auth_init() == -1 || mysql_library_init(0, NULL, NULL) != 0 ||
	    curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "launchline: library initialisation failed\n");
		return 1;
	}

	if (strcmp(cmd, "serve") == 0 && argc == 0)
		rc = load_openapi(&app) == -1 ? 1 : pool_serve(&app);
	else if (strcmp(cmd, "migrate") == 0 && argc == 0)
		rc = migrate_run(&app.cfg);
	else if (strcmp(cmd, "admin") == 0)
		rc = admin_run(&app.cfg, argc, argv);
	else
		rc = usage();

	free(app.openapi);
	config_free(&app.cfg);
	curl_global_cleanup();
	mysql_library_end();
	return rc;
}
