/*
 * h_review: message review (supervisors and up): every conversation of a
 * campaign or of the organization, filtered (status, texter or
 * Unassigned, tag, escalated, opted out, text in the messages), paged in
 * id order through bounded windows (db_review.h); and bulk actions on the
 * selected conversations or on all matching a filter: close, and move to
 * a texter of the campaign or back to Unassigned (under the campaign's
 * claim lock, as the other admin moves). Reading a thread and replying
 * are the messenger's routes (h_messages.c), open to organizers.
 *
 * h_exports: the admins' CSV exports as jobs: queued, written by the
 * exporter role into the database, downloadable for a day.
 */
#ifndef LL_H_REVIEW_H
#define LL_H_REVIEW_H

#include "req.h"

#define REVIEW_TEXT_MAX		100	/* characters of a text search */
#define REVIEW_IDS_MAX		1000	/* ids of one bulk action */

int	h_review_list(struct req *);
int	h_review_close(struct req *);
int	h_review_reassign(struct req *);

int	h_exports_create(struct req *);
int	h_exports_list(struct req *);
int	h_export_get(struct req *);
int	h_export_download(struct req *);

#endif
