/*
 * body: a JSON request body declared as a table of fields, and the one
 * check of a body against its table. Every route row names its table
 * (door/route.c); the campaign body is such a table too
 * (domain/campaign_fields.c). Pure, unit-tested and fuzzed.
 *
 * The check refuses, naming the field: a key the table does not declare,
 * a required field that is missing, a value of the wrong type, a string
 * anywhere in a value (nested ones too) that is not strict UTF-8, and
 * whatever a field's own check function says.
 */
#ifndef LL_BODY_H
#define LL_BODY_H

#include <stdbool.h>

#include <cJSON.h>

struct arena;

enum field_type {
	F_STR, F_EMAIL, F_ROLE, F_PASSWORD, F_TOKEN,
	F_ID,		/* a positive whole JSON number (json_whole_id) */
	F_AREA_CODE,	/* a US area code: [2-9]XX */
	F_BOOL,		/* true or false */
	F_INT,		/* a whole JSON number from min to max */
	F_ID_LIST,	/* a list of min to max ids */
	F_ANY,		/* any JSON value: the field's check decides */
};

struct field;

/*
 * A field's own check of a value its type let through: NULL when it is
 * fine, else the message of the refusal (in the arena).
 */
typedef const char *field_check_fn(struct arena *, const struct field *,
    const cJSON *);

struct field {
	const char	*name;
	enum field_type	 type;
	bool		 required;
	long		 min, max;	/* length in characters (F_STR), the
					   range (F_INT), the count (F_ID_LIST) */
	field_check_fn	*check;		/* NULL: the type says it all */
	bool		 nullable;	/* null goes to check (it means "clear");
					   otherwise null counts as absent */
};

/* The last row of a table. */
#define FIELDS_END	{ NULL, F_STR, false, 0, 0, NULL, false }

struct field_error {
	const char	*field, *message;	/* field NULL: the body itself */
};

/*
 * Checks body (a parsed JSON value) against the NULL-ended table fields:
 * 0, or -1 with err filled (a 422 naming err->field; err->field NULL when
 * the body is not a JSON object, a 400).
 */
int	body_check(struct arena *, const cJSON *body, const struct field *,
	    struct field_error *err);

/* Is every string in v (keys and values, at any depth) strict UTF-8? */
bool	body_strings_utf8(const cJSON *v);

#endif
