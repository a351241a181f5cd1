/*
 * import: streaming contact files into conversations; see import.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "arena.h"
#include "buf.h"
#include "csv.h"
#include "db_contacts.h"
#include "import.h"
#include "phone.h"
#include "phoneset.h"
#include "valid.h"

#define READ_CHUNK	65536
#define BATCH_ROWS	2000
#define PAGE_ROWS	20000
#define RECORD_LIMIT	65536		/* bytes in one row */
#define NAME_MAX_CHARS	100		/* conversations.first_name */
#define VALUE_MAX_CHARS	1000		/* any other column */
#define COLUMNS_MAX_BYTES 4000		/* campaigns.contact_columns */
#define FIELDS_MAX_BYTES 65535		/* conversations.fields (TEXT) */
#define TAG_EXISTING	0		/* already in the campaign */
#define TAG_OPTED_OUT	PHONESET_TAG_MAX

struct importer {
	struct db		*db;
	struct arena		*a;		/* the request's: the answer */
	struct arena		 scratch;	/* one batch */
	long long		 campaign_id;
	bool			 removals;
	struct phoneset		 set;
	struct csv		 csv;
	struct import_result	*res;
	bool			 header_seen;
	size_t			 ncols;
	int			 phone_col, first_col, last_col;
	char			*names[CSV_MAX_FIELDS];
	struct buf		 batch, fields;
	size_t			 batch_rows;
	bool			 failed;
};

static void
problem(struct importer *im, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct importer *im, long line, const char *fmt, ...)
{
	struct import_result *res = im->res;
	va_list ap;

	if (res->nproblems == IMPORT_MAX_PROBLEMS)
		return;
	va_start(ap, fmt);
	res->problems[res->nproblems].line = line;
	res->problems[res->nproblems].reason = arena_vprintf(im->a, fmt, ap);
	res->nproblems++;
	va_end(ap);
}

static int
fatal(struct importer *im, int status, const char *code, const char *field,
    const char *msg)
{
	im->res->status = status;
	im->res->code = code;
	im->res->field = field;
	im->res->message = msg;
	im->failed = true;
	return -1;
}

static int
db_failed(struct importer *im)
{
	return fatal(im, 503, "unavailable", NULL, "The database is not "
	    "answering; nothing was imported. Try again shortly.");
}

/* Trims spaces around s in place. */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/* "First Name" -> "first_name", for matching the built-in columns. */
static void
canonical(const char *in, char *out, size_t len)
{
	size_t i;

	for (i = 0; in[i] != '\0' && i + 1 < len; i++)
		out[i] = in[i] == ' ' || in[i] == '-' ? '_' :
		    (char)tolower((unsigned char)in[i]);
	out[i] = '\0';
}

static bool
one_of(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static int
read_header(struct importer *im, long line, char **f, size_t n)
{
	static const char *const phone[] = { "phone", "phone_number", "cell",
	    "cell_phone", "mobile", "mobile_phone", "number", NULL };
	static const char *const first[] = { "first_name", "firstname",
	    "first", "given_name", NULL };
	static const char *const last[] = { "last_name", "lastname", "last",
	    "surname", "family_name", NULL };
	char canon[128];
	size_t i, j;
	const char *name;

	(void)line;
	im->phone_col = im->first_col = im->last_col = -1;
	for (i = 0; i < n; i++) {
		name = trim(f[i]);
		if (utf8_len(name) < 0 || utf8_len(name) > 100)
			return fatal(im, 422, "validation_failed", "file",
			    "The first line must name the columns (one of them "
			    "phone); this one is not a line of column names.");
		canonical(name, canon, sizeof(canon));
		if (im->phone_col < 0 && one_of(canon, phone))
			im->phone_col = (int)i;
		else if (im->first_col < 0 && one_of(canon, first))
			im->first_col = (int)i;
		else if (im->last_col < 0 && one_of(canon, last))
			im->last_col = (int)i;
		im->names[i] = *name ? arena_strdup(im->a, name) :
		    arena_printf(im->a, "column_%zu", i + 1);
		for (j = 0; j < i; j++)
			if (strcmp(im->names[i], im->names[j]) == 0)
				return fatal(im, 422, "validation_failed",
				    "file", arena_printf(im->a, "Two columns "
				    "are named \"%s\".", im->names[i]));
	}
	if (im->phone_col < 0)
		return fatal(im, 422, "validation_failed", "file", "The first "
		    "line must name the columns, one of them phone (or "
		    "phone_number, cell, mobile).");
	im->ncols = n;
	im->header_seen = true;
	return 0;
}

/* Writes the rows gathered so far. */
static int
flush(struct importer *im)
{
	long long n;
	int rc;

	if (im->batch_rows == 0)
		return 0;
	buf_adds(&im->batch, "]");
	if (im->batch.failed)
		return fatal(im, 500, "internal", NULL, "A batch of contacts "
		    "did not fit in memory.");
	if (im->removals)
		rc = db_contacts_remove(im->db, &im->scratch, im->campaign_id,
		    buf_str(&im->batch), &n);
	else
		rc = db_contacts_insert(im->db, &im->scratch, im->campaign_id,
		    buf_str(&im->batch), &n);
	if (rc == -1)
		return db_failed(im);
	if (im->removals)
		im->res->removed += n;
	else
		im->res->imported += n;
	buf_reset(&im->batch);
	im->batch_rows = 0;
	arena_reset(&im->scratch);
	return 0;
}

/* A value of a row: trimmed, UTF-8, at most max characters; NULL if not. */
static const char *
value(struct importer *im, long line, char **f, size_t n, int col, long max)
{
	char *v;
	long len;

	if (col < 0 || (size_t)col >= n)
		return "";
	v = trim(f[col]);
	if ((len = utf8_len(v)) < 0) {
		problem(im, line, "%s is not valid UTF-8 text.", im->names[col]);
		return NULL;
	}
	if (len > max) {
		problem(im, line, "%s is longer than %ld characters.",
		    im->names[col], max);
		return NULL;
	}
	return v;
}

/* The row's other columns as a JSON object text (NULL when there are
 * none); -1 when one is bad. */
static int
other_fields(struct importer *im, long line, char **f, size_t n,
    const char **out)
{
	const char *v;
	size_t i;
	bool any = false;

	buf_reset(&im->fields);
	buf_adds(&im->fields, "{");
	for (i = 0; i < im->ncols; i++) {
		if ((int)i == im->phone_col || (int)i == im->first_col ||
		    (int)i == im->last_col)
			continue;
		if ((v = value(im, line, f, n, (int)i, VALUE_MAX_CHARS)) == NULL)
			return -1;
		if (any)
			buf_adds(&im->fields, ",");
		buf_add_json_str(&im->fields, im->names[i]);
		buf_adds(&im->fields, ":");
		buf_add_json_str(&im->fields, v);
		any = true;
	}
	buf_adds(&im->fields, "}");
	if (im->fields.len > FIELDS_MAX_BYTES) {
		problem(im, line, "The other columns hold more than 64 kB.");
		return -1;
	}
	*out = any ? buf_str(&im->fields) : NULL;
	return 0;
}

static int
on_record(void *ctx, long line, char **f, size_t n, const char *error)
{
	struct importer *im = ctx;
	char e164[PHONE_E164_LEN + 1], shown[PHONE_DISPLAY_LEN + 1];
	const char *why, *first = "", *last = "", *fields = NULL, *raw;
	uint32_t old;
	int rc;

	if (!im->header_seen) {
		if (error != NULL)
			return fatal(im, 422, "validation_failed", "file",
			    arena_printf(im->a, "The first line must name the "
			    "columns: %s.", error));
		return read_header(im, line, f, n);
	}
	if (line >= (long)TAG_OPTED_OUT)
		return fatal(im, 413, "payload_too_large", "file",
		    "The file has too many lines.");
	if (error != NULL) {
		im->res->invalid++;
		problem(im, line, "%c%s.", toupper((unsigned char)error[0]),
		    error + 1);
		return 0;
	}
	if (n > im->ncols) {
		im->res->invalid++;
		problem(im, line, "%zu values, but the first line names %zu "
		    "columns.", n, im->ncols);
		return 0;
	}
	raw = (size_t)im->phone_col < n ? trim(f[im->phone_col]) : "";
	if (phone_normalize(raw, e164, &why) == -1) {
		im->res->invalid++;
		/* The file's bytes are shown back escaped: the report is
		 * UTF-8 JSON, whatever the file held. */
		problem(im, line, "Phone \"%s\": %s.",
		    utf8_escape(im->a, raw, 20), why);
		return 0;
	}
	/* Left out like an invalid row: it would take a texter's send and
	 * reach no one. A removals file may still name one. */
	if (!im->removals && phone_is_fictional(e164)) {
		im->res->invalid++;
		phone_display(e164, shown, sizeof(shown));
		problem(im, line, "%s is a fictional number (555-0100 to "
		    "555-0199 are reserved for examples and reach no one).",
		    shown);
		return 0;
	}
	if (!im->removals &&
	    ((first = value(im, line, f, n, im->first_col, NAME_MAX_CHARS)) ==
	    NULL || (last = value(im, line, f, n, im->last_col,
	    NAME_MAX_CHARS)) == NULL ||
	    other_fields(im, line, f, n, &fields) == -1)) {
		im->res->invalid++;
		return 0;
	}
	if ((rc = phoneset_add(&im->set, phone_key(e164), (uint32_t)line,
	    &old)) == -1)
		return fatal(im, 500, "internal", NULL, "Out of memory.");
	if (rc == 0) {
		if (old == TAG_OPTED_OUT)
			im->res->opted_out++;
		else {
			im->res->duplicates++;
			if (old == TAG_EXISTING)
				problem(im, line, "%s is already in this "
				    "campaign.", e164);
			else
				problem(im, line, "%s is a duplicate of line "
				    "%u.", e164, old);
		}
		return 0;
	}
	buf_adds(&im->batch, im->batch_rows == 0 ? "[" : ",");
	if (im->removals)
		buf_add_json_str(&im->batch, e164);
	else {
		buf_adds(&im->batch, "[");
		buf_add_json_str(&im->batch, e164);
		buf_adds(&im->batch, ",");
		buf_add_json_str(&im->batch, first);
		buf_adds(&im->batch, ",");
		buf_add_json_str(&im->batch, last);
		buf_adds(&im->batch, ",");
		if (fields != NULL)
			buf_add_json_str(&im->batch, fields);
		else
			buf_adds(&im->batch, "null");
		buf_adds(&im->batch, "]");
	}
	if (++im->batch_rows == BATCH_ROWS)
		return flush(im);
	return 0;
}

/* Marks every number already in the campaign, page by page. */
static int
load_existing(struct importer *im)
{
	struct contact_phone *page;
	long long after = 0;
	uint32_t old;
	size_t i, n;

	do {
		if (db_contact_phones_page(im->db, &im->scratch,
		    im->campaign_id, after, PAGE_ROWS, &page, &n) == -1)
			return db_failed(im);
		for (i = 0; i < n; i++)
			if (phoneset_add(&im->set, phone_key(page[i].phone),
			    TAG_EXISTING, &old) == -1)
				return fatal(im, 500, "internal", NULL,
				    "Out of memory.");
		if (n > 0)
			after = page[n - 1].id;
		arena_reset(&im->scratch);
	} while (n == PAGE_ROWS);
	return 0;
}

/* Marks the organization's opted-out numbers (US ones), page by page. */
static int
load_opt_outs(struct importer *im, long long org_id)
{
	char after[32] = "";
	const char **phones, *p;
	uint32_t old;
	size_t i, n;

	do {
		if (db_opt_outs_page(im->db, &im->scratch, org_id, after,
		    PAGE_ROWS, &phones, &n) == -1)
			return db_failed(im);
		for (i = 0; i < n; i++) {
			p = phones[i];
			if (strncmp(p, "+1", 2) == 0 && strlen(p) == 12 &&
			    phoneset_add(&im->set, phone_key(p), TAG_OPTED_OUT,
			    &old) == -1)
				return fatal(im, 500, "internal", NULL,
				    "Out of memory.");
		}
		if (n > 0)
			snprintf(after, sizeof(after), "%s", phones[n - 1]);
		arena_reset(&im->scratch);
	} while (n == PAGE_ROWS);
	return 0;
}

/* contact_columns after the import: the old ones, then the new. */
static const char *
merged_columns(struct importer *im, const char *before)
{
	cJSON *all = before ? cJSON_Parse(before) : NULL, *it;
	const char *out = NULL;
	char *printed;
	size_t i;
	bool seen;

	if (!cJSON_IsArray(all)) {
		cJSON_Delete(all);
		all = cJSON_CreateArray();
	}
	for (i = 0; i < im->ncols; i++) {
		if ((int)i == im->phone_col || (int)i == im->first_col ||
		    (int)i == im->last_col)
			continue;
		seen = false;
		cJSON_ArrayForEach(it, all)
			if (cJSON_IsString(it) &&
			    strcmp(it->valuestring, im->names[i]) == 0)
				seen = true;
		if (!seen)
			cJSON_AddItemToArray(all,
			    cJSON_CreateString(im->names[i]));
	}
	printed = cJSON_PrintUnformatted(all);
	if (printed != NULL && strlen(printed) <= COLUMNS_MAX_BYTES)
		out = arena_strdup(im->a, printed);
	else
		out = before;	/* too many to keep: the old list stands */
	cJSON_free(printed);
	cJSON_Delete(all);
	return out;
}

static int
run(struct importer *im, long long body_len, import_read_fn rd, void *io)
{
	char *chunk = malloc(READ_CHUNK);
	long long left = body_len;
	long got;
	int rc = -1;

	if (chunk == NULL)
		return fatal(im, 500, "internal", NULL, "Out of memory.");
	while (left > 0 && !im->failed) {
		got = rd(io, chunk, (size_t)(left < READ_CHUNK ? left :
		    READ_CHUNK));
		if (got <= 0) {
			fatal(im, 400, "malformed_json", NULL, "The file ended "
			    "early; nothing was imported.");
			goto out;
		}
		left -= got;
		if (csv_feed(&im->csv, chunk, (size_t)got, on_record, im) != 0)
			goto out;
	}
	if (im->failed || csv_finish(&im->csv, on_record, im) != 0)
		goto out;
	if (!im->header_seen) {
		fatal(im, 422, "validation_failed", "file", "The file is empty: "
		    "the first line must name the columns, one of them phone.");
		goto out;
	}
	rc = flush(im);
out:
	free(chunk);
	return rc;
}

static int
start(struct importer *im, struct db *db, struct arena *a,
    long long campaign_id, struct import_result *res)
{
	memset(im, 0, sizeof(*im));
	memset(res, 0, sizeof(*res));
	im->db = db;
	im->a = a;
	im->res = res;
	im->campaign_id = campaign_id;
	arena_init(&im->scratch, 65536);
	buf_init(&im->batch, 64 << 20);
	buf_init(&im->fields, 1 << 20);
	if (phoneset_init(&im->set) == -1 ||
	    csv_init(&im->csv, RECORD_LIMIT) == -1)
		return fatal(im, 500, "internal", NULL, "Out of memory.");
	return 0;
}

static void
finish(struct importer *im)
{
	csv_free(&im->csv);
	phoneset_free(&im->set);
	buf_free(&im->batch);
	buf_free(&im->fields);
	arena_free(&im->scratch);
}

int
import_contacts(struct db *db, struct arena *a, long long org_id,
    long long campaign_id, const char *columns, long long body_len,
    import_read_fn rd, void *io, struct import_result *res)
{
	struct importer im;
	int rc = -1;

	if (start(&im, db, a, campaign_id, res) == 0 &&
	    load_existing(&im) == 0 && load_opt_outs(&im, org_id) == 0 &&
	    run(&im, body_len, rd, io) == 0) {
		res->columns = merged_columns(&im, columns);
		rc = 0;
	}
	finish(&im);
	return rc;
}

int
import_removals(struct db *db, struct arena *a, long long campaign_id,
    long long body_len, import_read_fn rd, void *io,
    struct import_result *res)
{
	struct importer im;
	long long unique;
	int rc = -1;

	if (start(&im, db, a, campaign_id, res) == 0) {
		im.removals = true;
		if (run(&im, body_len, rd, io) == 0) {
			unique = (long long)im.set.n;
			res->not_found = unique - res->removed;
			rc = 0;
		}
	}
	finish(&im);
	return rc;
}
