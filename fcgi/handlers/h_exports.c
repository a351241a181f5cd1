/*
 * h_exports: the admins' CSV exports (h_review.h) as jobs. A request
 * queues one (202 with the Export object); the exporter role
 * (roles/exporter.c) writes the file into the database in chunks of
 * about a megabyte, counting rows_done as it goes, so the SPA shows the
 * progress; the file can be downloaded for a day after it finished, from
 * any app host behind nginx. A download streams the chunks one at a time
 * (a chunk arena, reset after each), so a worker's memory stays flat
 * whatever the file's size.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "arena.h"
#include "db_exports.h"
#include "export_csv.h"
#include "h_review.h"
#include "h_texting.h"
#include "handlers.h"
#include "log.h"
#include "valid.h"

#define EXPORTS_LIST_MAX	50

static cJSON *
export_json(struct req *r, const struct export_job *x)
{
	cJSON *o = cJSON_CreateObject();

	columns_json(o, r->a, export_columns, export_ncolumns, x);
	if (strcmp(x->status, "done") == 0 && !x->expired)
		cJSON_AddStringToObject(o, "download_url", arena_printf(r->a,
		    "/api/v1/orgs/%lld/exports/%lld/download", r->org_id,
		    x->id));
	else
		cJSON_AddNullToObject(o, "download_url");
	return o;
}

/* Export id of the caller's organization: 1, or the status answered. */
static int
export_find(struct req *r, long long id, struct export_job *x)
{
	int rc;

	if ((rc = db_export_get(r->db, r->a, r->org_id, id, x)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such export.", NULL);
	return 1;
}

int
h_exports_create(struct req *r)
{
	enum export_kind kind;
	struct export_job x;
	struct campaign c;
	long long campaign_id = req_id(r, "campaign_id"), id;
	int rc;

	if (export_kind_parse(req_str(r, "kind"), &kind) == -1)
		return req_error(r, 422, "validation_failed", "Must be "
		    "conversations, messages or opt_outs.", "kind");
	if (kind == EXPORT_OPT_OUTS && campaign_id != 0)
		return req_error(r, 422, "validation_failed", "The opt-outs "
		    "are the organization's: no campaign.", "campaign_id");
	if (kind != EXPORT_OPT_OUTS) {
		if (campaign_id == 0)
			return req_error(r, 422, "validation_failed",
			    "Which campaign's?", "campaign_id");
		if ((rc = texting_campaign(r, campaign_id, &c)) != 1)
			return rc;
	}
	if (db_export_insert(r->db, r->a, r->org_id, req_str(r, "kind"),
	    campaign_id, r->sess.user_id, &id) == -1)
		return db_down(r);
	if ((rc = export_find(r, id, &x)) != 1)
		return rc;
	log_info(r->rid, "export %lld (%s) queued", id, x.kind);
	return req_json(r, 202, export_json(r, &x));
}

int
h_exports_list(struct req *r)
{
	static const char *const kinds[] = { "conversations", "messages",
	    "opt_outs", NULL };
	struct export_job *x;
	long long campaign_id = 0;
	const char *v, *kind;
	cJSON *items;
	size_t i, n;

	if ((v = req_query(r, "campaign_id")) != NULL &&
	    parse_range(v, 1, (1LL << 62), &campaign_id) == -1)
		return req_error(r, 422, "validation_failed", "Must be a "
		    "campaign's id.", "campaign_id");
	if (req_query_one_of(r, "kind", kinds, &kind) == -1)
		return 422;
	if (db_exports_list(r->db, r->a, r->org_id, campaign_id,
	    kind != NULL ? kind : "", EXPORTS_LIST_MAX, &x, &n) == -1)
		return db_down(r);
	items = cJSON_CreateArray();
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(items, export_json(r, &x[i]));
	return req_json(r, 200, json_list(items, 0));
}

int
h_export_get(struct req *r)
{
	struct export_job x;
	int rc;

	if ((rc = export_find(r, r->ids[1], &x)) != 1)
		return rc;
	return req_json(r, 200, export_json(r, &x));
}

/* The file's name: what and whose. */
static const char *
file_name(struct req *r, const struct export_job *x)
{
	if (x->campaign_id == 0)
		return arena_printf(r->a, "organization-%lld-%s-%lld.csv",
		    r->org_id, x->kind, x->id);
	return arena_printf(r->a, "campaign-%lld-%s-%lld.csv",
	    x->campaign_id, x->kind, x->id);
}

int
h_export_download(struct req *r)
{
	struct export_job x;
	struct arena chunk;
	const char *data;
	size_t len;
	long long seq;
	int rc = 1;

	if ((rc = export_find(r, r->ids[1], &x)) != 1)
		return rc;
	if (x.expired)
		return req_error(r, 410, "expired", "This export was kept for "
		    "a day and is gone: export again.", NULL);
	if (strcmp(x.status, "done") != 0)
		return req_error(r, 409, "not_ready", strcmp(x.status,
		    "failed") == 0 ? "This export failed: export again." :
		    "This export is still being written.", NULL);
	if (req_stream_begin(r, "text/csv; charset=utf-8",
	    file_name(r, &x)) == -1)
		return db_down(r);
	/* Past the head the status is sent: a failure ends the stream. */
	arena_init(&chunk, 64 * 1024);
	for (seq = 0; seq < x.chunks; seq++) {
		arena_reset(&chunk);
		if ((rc = db_export_chunk(r->db, &chunk, x.id, seq, &data,
		    &len)) != 1 || req_stream_write(r, data, len) == -1)
			break;
	}
	arena_free(&chunk);
	if (seq < x.chunks)
		log_error(r->rid, "export %lld: download ended early at chunk "
		    "%lld of %lld", x.id, seq, x.chunks);
	return 200;
}
