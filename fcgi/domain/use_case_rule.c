/*
 * use_case_rule: does a use case take one more number; see use_case_rule.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <string.h>

#include "arena.h"
#include "db_numbers.h"
#include "use_case_rule.h"

enum use_case_refusal
use_case_takes_number(const struct use_case *u, struct arena *a,
    const char **why)
{
	assert(u->live_numbers >= 0 && u->status != NULL);
	*why = NULL;
	if (strcmp(u->status, "pending") == 0) {
		*why = arena_printf(a, "The use case \"%s\" is not approved yet "
		    "(%s): new numbers and launches wait until it is.", u->name,
		    u->status_detail ? u->status_detail : "not checked yet");
		return UC_NOT_APPROVED;
	}
	if (strcmp(u->status, "approved") != 0) {
		*why = arena_printf(a, "The use case \"%s\" is %s at the "
		    "provider (%s): new numbers and launches wait until its "
		    "10DLC campaign is approved again.", u->name, u->status,
		    u->status_detail ? u->status_detail : "no detail");
		return UC_NOT_APPROVED;
	}
	if (u->live_numbers >= USE_CASE_CAPACITY) {
		*why = "This use case already holds 49 numbers; archiving old "
		    "campaigns frees room.";
		return UC_FULL;
	}
	return UC_TAKES;
}
