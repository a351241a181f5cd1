/*
 * columns: each resource declared once. A resource's column table is an
 * X-macro in its data/db_sql_*.h, one row per column:
 *
 *	X(member, KIND, "sql expression", "json name" or NULL)
 *
 * From that one table come the SELECT list (COL_SQL), the row fill
 * (db_fill in data/db.h, through a struct column array made with
 * COLUMN_OF) and the JSON (columns_json). KIND says both how the cell is
 * stored in the struct and how it is shown:
 *
 *	STR	const char *; a string, or null
 *	INT	long long; a number
 *	ID	long long; a number, or null when 0 (SQL NULL)
 *	BOOL	bool (the cell is 1); true or false
 *	TIME	const char *, DATETIME text in UTC as stored; RFC 3339, or null
 *	LIST	const char *, JSON text as stored; the value, [] when NULL
 *
 * A SELECT list made with COL_SQL begins with a constant 0 (column 0), so
 * a table's first column is cell 1: "SELECT 0" T(COL_SQL) " FROM ...".
 */
#ifndef LL_COLUMNS_H
#define LL_COLUMNS_H

#include <stddef.h>

#include <cJSON.h>

struct arena;

enum col_kind { COL_STR, COL_INT, COL_ID, COL_BOOL, COL_TIME, COL_LIST };

struct column {
	enum col_kind	 kind;
	size_t		 off;		/* offsetof the struct's member */
	const char	*json;		/* NULL: not shown as is */
};

/* The SELECT list of a table, each column after a comma. */
#define COL_SQL(member, kind, sql, json)	", " sql
/* How many columns a table has: (0 T(COL_COUNT)). */
#define COL_COUNT(member, kind, sql, json)	+ 1
/* One struct column, for a table row of struct `type`:
 *   #define X(m, k, s, j) COLUMN_OF(struct campaign, m, k, j)
 *   static const struct column cols[] = { CAMPAIGN_TABLE(X) }; */
#define COLUMN_OF(type, member, kind, json) \
	{ COL_##kind, offsetof(type, member), json },

/* Adds the shown members of row (a struct the table describes) to o. */
void	columns_json(cJSON *o, struct arena *, const struct column *,
	    size_t n, const void *row);

#endif
