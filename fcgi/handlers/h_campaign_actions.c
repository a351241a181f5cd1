/*
 * h_campaign_actions: what changes a campaign's status or makes a new one
 * from it: launch (launch.c), pause, resume, archive (releasing a
 * single-use number nobody else uses, which frees room in its use case),
 * clone, retry (clone and archive in one transaction), followups; and the
 * preview of its initial message. Each runs in one transaction that
 * locks the campaign's row first (the lock order of db_campaigns.c) and
 * runs again whole if InnoDB makes it a deadlock's victim (txn.h);
 * campaign_state.c decides every transition.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "app.h"
#include "arena.h"
#include "campaign_fields.h"
#include "campaign_state.h"
#include "campaign_view.h"
#include "db_campaigns.h"
#include "db_numbers.h"
#include "handlers.h"
#include "launch.h"
#include "log.h"
#include "script.h"
#include "sms.h"
#include "txn.h"
#include "valid.h"

/* Begins, locks and loads the campaign of the path; 0 or the status. */
static int
begin_locked(struct req *r, struct campaign *c)
{
	int rc, status;

	if (db_begin(r->db) == -1)
		return db_down(r);
	if ((rc = db_campaign_lock(r->db, r->a, r->org_id, r->ids[1])) == 1 &&
	    db_campaign_get(r->db, r->a, r->org_id, r->ids[1], c) == 1)
		return 0;
	status = rc == 0 ? req_error(r, 404, "not_found", "No such campaign.",
	    NULL) : db_down(r);
	db_rollback(r->db);
	return status;
}

static int
commit_and_answer(struct req *r, int status, long long id)
{
	if (db_commit(r->db) == -1) {
		db_rollback(r->db);
		return db_down(r);
	}
	return campaign_answer(r, status, id);
}

static int
rollback(struct req *r, int status)
{
	db_rollback(r->db);
	return status;
}

static int
launch_tx(struct req *r)
{
	struct launch_result res;
	struct campaign c;
	int status;

	if ((status = begin_locked(r, &c)) != 0)
		return status;
	if (launch_campaign(r->db, r->a, r->org_id, c.id, r->sess.user_id,
	    false, &res) == -1)
		return rollback(r, db_down(r));
	if (res.status != 0)
		return rollback(r, req_error(r, res.status, res.code,
		    res.message, res.field));
	log_info(r->rid, "campaign %lld launched: %s", c.id, res.new_status);
	return commit_and_answer(r, 200, c.id);
}

int
h_campaign_launch(struct req *r)
{
	return txn_req(r, launch_tx, "campaign launch");
}

/* pause / resume: a status change and nothing else. */
static int
simple_transition(struct req *r, enum camp_event ev)
{
	struct camp_ctx ctx = { CM_NONE, false };
	enum camp_status to;
	struct campaign c;
	const char *why;
	int status;

	if ((status = begin_locked(r, &c)) != 0)
		return status;
	ctx.mode = campaign_mode_parse(c.v.number_mode);
	if ((to = campaign_next(campaign_status_parse(c.status), ev, &ctx,
	    &why)) == CS_NONE)
		return rollback(r, req_error(r, 409, "conflict", why, NULL));
	if (db_campaign_set_status(r->db, r->a, c.id,
	    campaign_status_name(to)) == -1)
		return rollback(r, db_down(r));
	log_info(r->rid, "campaign %lld is %s", c.id, campaign_status_name(to));
	return commit_and_answer(r, 200, c.id);
}

static int
pause_tx(struct req *r)
{
	return simple_transition(r, CE_PAUSE);
}

static int
resume_tx(struct req *r)
{
	return simple_transition(r, CE_RESUME);
}

int
h_campaign_pause(struct req *r)
{
	return txn_req(r, pause_tx, "campaign pause");
}

int
h_campaign_resume(struct req *r)
{
	return txn_req(r, resume_tx, "campaign resume");
}

/*
 * Archives c (inside the transaction). Its number, when single-use and no
 * longer used by a live campaign (a followup may share it), is released
 * through the numbers' own path, freeing room in its use case.
 */
/* May c be archived by ev (archive, retry)? 0 or the 409. */
static int
archivable(struct req *r, const struct campaign *c, enum camp_event ev)
{
	struct camp_ctx ctx = { campaign_mode_parse(c->v.number_mode), false };
	const char *why;

	if (campaign_next(campaign_status_parse(c->status), ev, &ctx, &why) ==
	    CS_NONE)
		return req_error(r, 409, "conflict", why, NULL);
	return 0;
}

static int
archive(struct req *r, const struct campaign *c, enum camp_event ev)
{
	struct number_brief nb;
	long long users;
	bool done;
	int rc;

	if ((rc = archivable(r, c, ev)) != 0)
		return rc;
	if (db_campaign_set_status(r->db, r->a, c->id, "archived") == -1)
		return db_down(r);
	if (c->v.phone_number_id == 0)
		return 0;
	if ((rc = db_number_brief(r->db, r->a, r->org_id,
	    c->v.phone_number_id, &nb)) == -1 ||
	    db_campaigns_using_number(r->db, r->a, r->org_id,
	    c->v.phone_number_id, &users) == -1)
		return db_down(r);
	if (rc == 0 || nb.released || strcmp(nb.kind, "single_use") != 0 ||
	    users > 0)
		return 0;
	if (db_number_release_request(r->db, r->a, r->org_id, nb.id,
	    &done) == -1 || (done && db_number_event(r->db, r->a, nb.id,
	    "release_requested", arena_printf(r->a, "Campaign \"%s\" was "
	    "archived by %s; its single-use number is released.", c->v.name,
	    r->sess.name)) == -1))
		return db_down(r);
	log_info(r->rid, "campaign %lld archived; number %lld released", c->id,
	    nb.id);
	return 0;
}

static int
archive_tx(struct req *r)
{
	struct campaign c;
	int status;

	if ((status = begin_locked(r, &c)) != 0)
		return status;
	if ((status = archive(r, &c, CE_ARCHIVE)) != 0)
		return rollback(r, status);
	return commit_and_answer(r, 200, c.id);
}

int
h_campaign_archive(struct req *r)
{
	return txn_req(r, archive_tx, "campaign archive");
}

/*
 * A new draft from c with its settings and contacts, named after c with
 * word as suffix ("GOTV (copy)", "GOTV (retry 2)": never a name of the
 * organization's already, so the two are told apart in every list); its
 * id in *id.
 */
static int
clone(struct req *r, const struct campaign *c, const char *word,
    long long *id)
{
	const char *base = campaign_copy_base(r->a, c->v.name), **taken;
	size_t ntaken;
	long long n;

	if (db_campaign_names_from(r->db, r->a, r->org_id,
	    campaign_text_prefix(r->a, base, CAMPAIGN_COPY_STEM), &taken,
	    &ntaken) == -1 ||
	    db_campaign_clone(r->db, r->a, r->org_id, c->id,
	    campaign_copy_name(r->a, base, word, taken, ntaken),
	    r->sess.user_id, id) == -1 ||
	    db_contacts_copy(r->db, r->a, r->org_id, *id, c->id, &n) == -1 ||
	    db_campaign_count_contacts(r->db, r->a, *id) == -1)
		return db_down(r);
	log_info(r->rid, "campaign %lld cloned into %lld (%lld contacts)",
	    c->id, *id, n);
	return 0;
}

static int
clone_tx(struct req *r)
{
	struct campaign c;
	long long id;
	int status;

	if ((status = begin_locked(r, &c)) != 0)
		return status;
	if ((status = clone(r, &c, "copy", &id)) != 0)
		return rollback(r, status);
	return commit_and_answer(r, 201, id);
}

int
h_campaign_clone(struct req *r)
{
	return txn_req(r, clone_tx, "campaign clone");
}

/*
 * The clone before the archive: the copy's foreign keys take the use
 * case's shared lock before the archive takes the number's (the lock
 * order of db_campaigns.c).
 */
static int
retry_tx(struct req *r)
{
	struct campaign c;
	long long id;
	int status;

	if ((status = begin_locked(r, &c)) != 0)
		return status;
	if ((status = archivable(r, &c, CE_RETRY)) != 0 ||
	    (status = clone(r, &c, "retry", &id)) != 0 ||
	    (status = archive(r, &c, CE_RETRY)) != 0)
		return rollback(r, status);
	return commit_and_answer(r, 201, id);
}

int
h_campaign_retry(struct req *r)
{
	return txn_req(r, retry_tx, "campaign retry");
}

static int
followup_tx(struct req *r)
{
	/* The front door checked the body (route.c: f_followup). */
	bool no_replied = req_bool(r, "exclude_replied", false);
	bool no_not_replied = req_bool(r, "exclude_not_replied", false);
	bool no_opted_out = req_bool(r, "exclude_opted_out", true);
	const char *name = req_str(r, "name");
	struct campaign c;
	long long id, n;
	int status;
	if ((status = begin_locked(r, &c)) != 0)
		return status;
	if (!campaign_can_followup(campaign_status_parse(c.status),
	    c.number_status) || c.number_released)
		return rollback(r, req_error(r, 409, "conflict", "A followup "
		    "needs an active or paused campaign whose number is "
		    "provisioned (complete).", NULL));
	if (name == NULL)
		name = arena_printf(r->a, "%s followup",
		    campaign_text_prefix(r->a, c.v.name, 190));
	if (db_campaign_followup(r->db, r->a, r->org_id, c.id, name,
	    r->sess.user_id, &id) == -1 ||
	    db_contacts_copy_targeted(r->db, r->a, r->org_id, id, c.id,
	    no_replied, no_not_replied, no_opted_out, &n) == -1 ||
	    db_campaign_count_contacts(r->db, r->a, id) == -1)
		return rollback(r, db_down(r));
	log_info(r->rid, "campaign %lld: followup %lld with %lld contacts",
	    c.id, id, n);
	return commit_and_answer(r, 201, id);
}

int
h_campaign_followup(struct req *r)
{
	return txn_req(r, followup_tx, "campaign followup");
}

/* ---- preview ----------------------------------------------------------- */

struct preview_ctx {
	struct arena		*a;
	const struct contact	*contact;	/* NULL: sample values */
	cJSON			*fields, *columns;
	const char		*texter;
};

static const char *
preview_lookup(const char *name, void *arg)
{
	struct preview_ctx *p = arg;
	const cJSON *v, *c;

	if (strcmp(name, "texter_first_name") == 0)
		return p->texter;
	if (strcmp(name, "first_name") == 0)
		return p->contact ? p->contact->first_name : "Ada";
	if (strcmp(name, "last_name") == 0)
		return p->contact ? p->contact->last_name : "Lovelace";
	if (p->contact != NULL) {
		v = cJSON_GetObjectItemCaseSensitive(p->fields, name);
		return cJSON_IsString(v) ? v->valuestring : NULL;
	}
	cJSON_ArrayForEach(c, p->columns)	/* sample: the column's name */
		if (cJSON_IsString(c) && strcmp(c->valuestring, name) == 0)
			return arena_printf(p->a, "[%s]", name);
	return NULL;
}

int
h_campaign_preview(struct req *r)
{
	/* The front door checked the body (route.c: f_preview). */
	const char *given = req_str(r, "script");
	long long contact_id = req_id(r, "contact_id");
	struct preview_ctx p;
	struct sms_count cnt;
	struct contact k;
	struct campaign c;
	const char *script, *text, *unknown;
	size_t sp;
	cJSON *o;
	int rc;
	long len;

	if ((rc = db_campaign_get(r->db, r->a, r->org_id, r->ids[1],
	    &c)) == -1)
		return db_down(r);
	if (rc == 0)
		return req_error(r, 404, "not_found", "No such campaign.", NULL);
	script = given != NULL ? given : c.v.script;
	if ((len = utf8_len(script)) < 0)
		return req_error(r, 422, "validation_failed", "The script is not "
		    "valid UTF-8.", "script");
	if (len > SCRIPT_MAX_CHARS)
		return req_error(r, 422, "validation_failed", arena_printf(r->a,
		    "The script is %ld characters long; at most %d fit in a "
		    "message.", len, SCRIPT_MAX_CHARS), "script");
	if ((rc = db_contact_first(r->db, r->a, c.id, contact_id, &k)) == -1)
		return db_down(r);
	if (rc == 0 && contact_id != 0)
		return req_error(r, 422, "validation_failed", "No such contact "
		    "in this campaign.", "contact_id");
	memset(&p, 0, sizeof(p));
	p.a = r->a;
	p.contact = rc == 1 ? &k : NULL;
	p.fields = rc == 1 && k.fields ? cJSON_Parse(k.fields) : NULL;
	p.columns = c.contact_columns ? cJSON_Parse(c.contact_columns) : NULL;
	sp = strcspn(r->sess.name, " ");
	p.texter = arena_strndup(r->a, r->sess.name, sp);
	text = script_render(r->a, script, preview_lookup, &p, &unknown);
	cJSON_Delete(p.fields);
	cJSON_Delete(p.columns);
	if (sms_count(text, &cnt) == -1)
		return req_error(r, 422, "validation_failed", "The message is "
		    "not valid UTF-8.", "script");
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "text", text);
	cJSON_AddNumberToObject(o, "characters", (double)cnt.characters);
	cJSON_AddNumberToObject(o, "segments", (double)cnt.segments);
	cJSON_AddStringToObject(o, "encoding", sms_encoding_name(&cnt));
	if (rc == 1)
		cJSON_AddNumberToObject(o, "contact_id", (double)k.id);
	else
		cJSON_AddNullToObject(o, "contact_id");
	json_add_str(o, "unknown_field", unknown);
	return req_json(r, 200, o);
}
