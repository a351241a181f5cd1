/*
 * db_contacts: typed queries of the contact import (domain/import.c): a
 * campaign's contacts added or taken out a batch at a time (a JSON array
 * of rows), the numbers already in it and the organization's opt-outs
 * read a page at a time. Strings point into the caller's arena. Actions
 * 0 / -1.
 */
#ifndef LL_DB_CONTACTS_H
#define LL_DB_CONTACTS_H

#include "db.h"

/* rows: [[phone, first, last, {fields}], ...]; *added: rows inserted. */
int	db_contacts_insert(struct db *, struct arena *, long long campaign_id,
	    const char *rows, long long *added);
/* phones: ["+1...", ...]; *removed: conversations taken out. */
int	db_contacts_remove(struct db *, struct arena *, long long campaign_id,
	    const char *phones, long long *removed);

/* A page of the campaign's phones after conversation id `after`. */
struct contact_phone {
	long long	 id;
	const char	*phone;
};

int	db_contact_phones_page(struct db *, struct arena *, long long campaign_id,
	    long long after, long long limit, struct contact_phone **, size_t *);
/* A page of the organization's opted-out phones after `after` (""). */
int	db_opt_outs_page(struct db *, struct arena *, long long org_id,
	    const char *after, long long limit, const char ***phones, size_t *);
/* The campaign gained n contacts; columns: the file's extra columns. */
int	db_campaign_contacts_added(struct db *, struct arena *,
	    long long campaign_id, long long n, const char *columns);

#endif
