/*
 * csv_out: writing CSV (RFC 4180) into a buf: fields separated by
 * commas, records ended by CRLF, a field quoted when it holds a comma, a
 * quote, CR or LF (quotes doubled). A field a spreadsheet would run as a
 * formula (its first character = + - @, or a tab or CR) is written with
 * a ' before it (OWASP's CSV injection advice), so an export opened in
 * Excel or Sheets shows the contact's text instead of running it.
 */
#ifndef LL_CSV_OUT_H
#define LL_CSV_OUT_H

#include <stdbool.h>

#include "buf.h"

/* One field; first: the record's first (no comma before). NULL: empty. */
void	csv_out_field(struct buf *, const char *s, bool first);
/* A field the server wrote itself (an E.164 phone, a time, a status):
 * no formula guard, so "+15551234567" stays as it is. */
void	csv_out_plain(struct buf *, const char *s, bool first);
/* A number field. */
void	csv_out_int(struct buf *, long long v, bool first);
/* Ends the record. */
void	csv_out_end(struct buf *);

#endif
