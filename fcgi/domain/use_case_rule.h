/*
 * use_case_rule: the one rule of whether a use case takes one more number
 * (a dedicated number asked for, a single-use campaign launched): its
 * 10DLC campaign approved at the provider, and fewer than 49 live numbers
 * (the regulator's limit). The caller holds the use case's row lock, so
 * two requests racing cannot make a 50th. Pure.
 */
#ifndef LL_USE_CASE_RULE_H
#define LL_USE_CASE_RULE_H

struct arena;
struct use_case;

enum use_case_refusal {
	UC_TAKES,		/* room, and approved */
	UC_NOT_APPROVED,	/* pending, suspended or rejected */
	UC_FULL,		/* 49 live numbers already */
};

/*
 * Does u take one more number? UC_TAKES, or why not with *why in words
 * (the same words wherever it is asked).
 */
enum use_case_refusal use_case_takes_number(const struct use_case *u,
	    struct arena *, const char **why);

#endif
