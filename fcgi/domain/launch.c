/*
 * launch: launching campaigns; see launch.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "arena.h"
#include "buf.h"
#include "campaign_fields.h"
#include "campaign_state.h"
#include "db_campaigns.h"
#include "db_numbers.h"
#include "launch.h"
#include "use_case_rule.h"
#include "log.h"
#include "script.h"
#include "txn.h"
#include "tz.h"

static int
refuse(struct launch_result *res, int status, const char *code,
    const char *field, const char *message)
{
	res->status = status;
	res->code = code;
	res->field = field;
	res->message = message;
	return 0;
}

static int
not_ready(struct launch_result *res, const char *field, const char *message)
{
	return refuse(res, 422, "launch_not_ready", field, message);
}

static int
check_script(struct arena *a, const struct campaign *c,
    struct launch_result *res)
{
	const char *unknown = script_unknown_field(a, c->v.script,
	    c->contact_columns);

	if (unknown != NULL)
		return not_ready(res, "script", arena_printf(a, "The script "
		    "uses {%s}, which is not a merge field: no contact column "
		    "has that name.", unknown));
	return 0;
}

static int
check_window(const struct campaign *c, int64_t now,
    struct launch_result *res)
{
	int64_t s, e;

	if (c->v.start_at == NULL || tz_parse_db(c->v.start_at, &s) == -1)
		return not_ready(res, "start_at", "Set the start of the sending "
		    "window.");
	if (c->v.end_at == NULL || tz_parse_db(c->v.end_at, &e) == -1)
		return not_ready(res, "end_at", "Set the end of the sending "
		    "window.");
	if (e <= s)
		return not_ready(res, "end_at", "The end must be after the "
		    "start.");
	if (e <= now)
		return not_ready(res, "end_at", "The sending window has already "
		    "ended.");
	return 0;
}

/* The regions as one "415,510,..." list in priority order, no repeats. */
static int
expand_regions(struct db *db, struct arena *a, const char *regions,
    const char **out)
{
	cJSON *all = regions ? cJSON_Parse(regions) : NULL;
	const cJSON *r, *code;
	const char *type, *codes, *p;
	struct buf b, seen;
	char one[8];
	int rc = -1;

	buf_init(&b, 4000);
	buf_init(&seen, 8000);
	cJSON_ArrayForEach(r, all) {
		type = cJSON_GetStringValue(cJSON_GetObjectItem(r, "type"));
		codes = NULL;
		if (type != NULL && strcmp(type, "state") == 0) {
			if (db_state_area_codes(db, a, cJSON_GetStringValue(
			    cJSON_GetObjectItem(r, "state")), &codes) == -1)
				goto out;
		} else if (type != NULL && strcmp(type, "country") == 0) {
			if (db_all_area_codes(db, a, &codes) == -1)
				goto out;
		}
		if (codes != NULL) {	/* "201,202,..." */
			for (p = codes; strlen(p) >= 3; p += p[3] ? 4 : 3) {
				memcpy(one, p, 3);
				one[3] = '\0';
				if (strstr(buf_str(&seen), one) == NULL) {
					buf_addf(&seen, "%s|", one);
					buf_addf(&b, "%s%s", b.len ? "," : "", one);
				}
			}
			continue;
		}
		cJSON_ArrayForEach(code, cJSON_GetObjectItem(r, "area_codes")) {
			if (!cJSON_IsString(code) ||
			    strstr(buf_str(&seen), code->valuestring) != NULL)
				continue;
			buf_addf(&seen, "%s|", code->valuestring);
			buf_addf(&b, "%s%s", b.len ? "," : "",
			    code->valuestring);
		}
	}
	if (!b.failed) {
		*out = arena_strdup(a, buf_str(&b));
		rc = 0;
	}
out:
	buf_free(&b);
	buf_free(&seen);
	cJSON_Delete(all);
	return rc;
}

/* Single-use: the use case takes one more number (row locked). */
static int
check_use_case(struct db *db, struct arena *a, const struct campaign *c,
    struct launch_result *res)
{
	struct use_case uc;
	const char *why;
	int rc;

	if (c->v.use_case_id == 0)
		return not_ready(res, "use_case_id", "Choose the use case the "
		    "new number is made under.");
	if ((rc = db_use_case_get(db, a, c->org_id, c->v.use_case_id, true,
	    &uc)) == -1)
		return -1;
	if (rc == 0)
		return not_ready(res, "use_case_id", "No such use case in this "
		    "organization.");
	if (use_case_takes_number(&uc, a, &why) != UC_TAKES)
		return not_ready(res, "use_case_id", why);
	if (c->v.regions == NULL || strcmp(c->v.regions, "[]") == 0)
		return not_ready(res, "regions", "Give at least one area-code "
		    "region for the new number.");
	return 0;
}

/* Dedicated and followup: the number is there and complete, and its use
 * case is still approved (a suspended 10DLC campaign cannot send). */
static int
check_number(struct arena *a, const struct campaign *c,
    struct launch_result *res)
{
	const char *why;

	if (c->v.phone_number_id == 0 || c->number_status == NULL)
		return not_ready(res, "phone_number_id", "Choose the dedicated "
		    "number to send from.");
	if (c->number_released)
		return not_ready(res, "phone_number_id", "That number has been "
		    "released; choose another.");
	if (strcmp(c->number_status, "complete") != 0)
		return not_ready(res, "phone_number_id", "That number is not "
		    "provisioned (complete) yet.");
	if (c->number_use_case_status != NULL && use_case_takes_number(
	    &(struct use_case){ .name = c->number_use_case_name,
	    .status = c->number_use_case_status,
	    .status_detail = c->number_use_case_detail }, a, &why) ==
	    UC_NOT_APPROVED)
		return not_ready(res, "phone_number_id", why);
	return 0;
}

int
launch_campaign(struct db *db, struct arena *a, long long org_id,
    long long id, long long by, bool scheduled, struct launch_result *res)
{
	struct campaign c;
	struct platform pf;
	struct camp_ctx ctx;
	enum camp_status to;
	const char *why, *codes;
	long long number = 0;
	int rc;

	memset(res, 0, sizeof(*res));
	if ((rc = db_campaign_get(db, a, org_id, id, &c)) == -1)
		return -1;
	if (rc == 0)
		return refuse(res, 404, "not_found", NULL, "No such campaign.");
	if (db_platform(db, a, &pf) == -1)
		return -1;
	ctx.mode = campaign_mode_parse(c.v.number_mode);
	ctx.incident = !pf.provisioning_launch;
	if (campaign_status_parse(c.status) != CS_DRAFT) {
		(void)campaign_next(campaign_status_parse(c.status), CE_LAUNCH,
		    &ctx, &why);
		return refuse(res, 409, "conflict", NULL, why);
	}
	if (ctx.mode == CM_NONE)
		return not_ready(res, "number_mode", "Choose how the campaign "
		    "sends: a dedicated number or a new single-use number.");
	if (c.v.script == NULL || *c.v.script == '\0')
		return not_ready(res, "script", "Write the initial message "
		    "(the script) first.");
	if (c.contact_count < 1)
		return not_ready(res, "contacts", "Upload at least one contact.");
	if (check_script(a, &c, res) != 0 || res->status != 0)
		return 0;
	if (check_window(&c, (int64_t)time(NULL), res) != 0 || res->status != 0)
		return 0;
	if (ctx.mode == CM_SINGLE_USE) {
		if ((rc = check_use_case(db, a, &c, res)) != 0 ||
		    res->status != 0)
			return rc;
	} else if (check_number(a, &c, res) != 0 || res->status != 0)
		return 0;
	if ((to = campaign_next(CS_DRAFT, CE_LAUNCH, &ctx, &why)) == CS_NONE)
		return refuse(res, 409, "conflict", NULL, why);

	if (ctx.mode == CM_SINGLE_USE) {
		if (expand_regions(db, a, c.v.regions, &codes) == -1)
			return -1;
		if (*codes == '\0')
			return not_ready(res, "regions", "The regions name no "
			    "area code.");
		if (db_number_create(db, a, org_id, c.v.use_case_id,
		    "single_use", campaign_text_prefix(a, c.v.name, 100), codes,
		    by, &number) == -1 ||
		    db_number_event(db, a, number, "initiated", arena_printf(a,
		    "Requested for campaign \"%s\"%s: area codes %s.",
		    c.v.name, scheduled ? " by its scheduled launch" : "",
		    codes)) == -1)
			return -1;
		if (ctx.incident && db_number_event(db, a, number, "incident",
		    "Provisioning-based launching is off: the campaign is "
		    "active without waiting for this number.") == -1)
			return -1;
	}
	if (db_campaign_launched(db, a, c.id, campaign_status_name(to),
	    number ? number : c.v.phone_number_id, by, ctx.incident,
	    pf.incident_wait_minutes > 0 ? pf.incident_wait_minutes : 0) == -1)
		return -1;
	res->new_status = campaign_status_name(to);
	res->number_id = number;
	return 0;
}

/* One try of launch_due's transaction: 1 done, 0 nothing due, -1 failed. */
static int
due_once(struct db *db, struct arena *a, long long *id)
{
	struct launch_result res;
	long long org_id, by;
	int rc;

	if (db_begin(db) == -1)
		return -1;
	if ((rc = db_campaign_due(db, a, id, &org_id, &by)) == -1)
		goto out_rollback;
	if (rc == 0) {
		db_rollback(db);
		return 0;
	}
	if (launch_campaign(db, a, org_id, *id, by, true, &res) == -1)
		goto out_rollback;
	if (res.status != 0) {
		if (db_campaign_launch_refused(db, a, *id, res.message) == -1)
			goto out_rollback;
		log_warn(NULL, "campaign %lld: scheduled launch refused: %s",
		    *id, res.message);
	} else
		log_info(NULL, "campaign %lld launched as scheduled: %s", *id,
		    res.new_status);
	if (db_commit(db) == -1)
		goto out_rollback;
	return 1;
out_rollback:
	db_rollback(db);
	return -1;
}

int
launch_due(struct db *db, struct arena *a)
{
	long long id = 0;
	int attempt, rc;

	for (attempt = 1;; attempt++) {
		if ((rc = due_once(db, a, &id)) != -1)
			return rc;
		if (!txn_again(db, attempt, NULL, "scheduled launch"))
			break;
	}
	if (id != 0)
		log_error(NULL, "campaign %lld: scheduled launch failed", id);
	return 0;
}

int
launch_number_finished(struct db *db, struct arena *a, long long number_id,
    const char *status, const struct campaign_ref *cs, size_t n)
{
	struct camp_ctx ctx = { CM_NONE, false };
	enum camp_status to;
	const char *why;
	size_t i;

	for (i = 0; i < n; i++) {
		ctx.mode = campaign_mode_parse(cs[i].number_mode);
		to = campaign_next(campaign_status_parse(cs[i].status),
		    strcmp(status, "complete") == 0 ? CE_NUMBER_COMPLETE :
		    CE_NUMBER_FAILED, &ctx, &why);
		if (to == CS_NONE)
			continue;	/* nothing for this one to do */
		if (db_campaign_set_status(db, a, cs[i].id,
		    campaign_status_name(to)) == -1)
			return -1;
		log_info(NULL, "campaign %lld is %s: its number %lld is %s",
		    cs[i].id, campaign_status_name(to), number_id, status);
	}
	return 0;
}
