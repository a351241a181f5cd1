/*
 * pacing: the sender's throughput limits as arithmetic (GCRA without
 * bursts, the "theoretical arrival time" form). Pure: no I/O, no clock;
 * times are microseconds on the database's clock.
 *
 * A scope is something the carriers limit: a 10DLC use case (its
 * messages_per_minute, else sender_use_case_per_minute) or one number
 * (sender_number_per_minute, 0 = no limit of its own). Its tat is the
 * earliest time its next message may go; taking a slot at time s moves
 * tat to s + interval. A message belongs to up to two scopes and takes
 * the first slot both allow, so the slots of a scope are at least its
 * interval apart whatever the other scope does.
 *
 * The sender keeps one row per scope in MariaDB (send_pacing) and calls
 * pacing_reserve under that row's lock, in the transaction that claims
 * the message: any number of senders on any number of hosts share the
 * limit, and a message whose slot is later is written once with that
 * slot (its next_attempt_at) instead of being read again every round.
 */
#ifndef LL_PACING_H
#define LL_PACING_H

#include <stdbool.h>
#include <stddef.h>

#define PACING_MAX_SCOPES	2	/* a message's: use case, number */

struct pacing_scope {
	long long	tat_us;		/* the next free slot */
	long long	interval_us;	/* between two slots; 0 = no limit */
};

/* 60 s / per_minute, in microseconds (rounded up, so the rate is never
 * exceeded); 0 for per_minute <= 0 (no limit). */
long long	pacing_interval_us(long long per_minute);

/*
 * The first slot at or after now that every scope of s[0..n) allows (NULL
 * entries are skipped); each limited scope's tat moves past it. Scopes
 * without a limit never hold a message back.
 */
long long	pacing_reserve(struct pacing_scope *const *s, size_t n,
		    long long now_us);

/* Does a slot go now? Slots up to early_us ahead do (the sender claims
 * that far ahead rather than napping for a few milliseconds). */
bool		pacing_due(long long slot_us, long long now_us,
		    long long early_us);

/*
 * How long until a campaign's waiting messages have all gone, in whole
 * seconds (rounded up): those with a slot go by the last one (last_slot_us,
 * 0 = none); the `unslotted` ones without a slot yet queue behind
 * everything already reserved on their scopes (tat_us, the later of the
 * two), one interval_us apart (the slower scope's).
 */
long long	pacing_drain_s(long long now_us, long long last_slot_us,
		    long long unslotted, long long tat_us,
		    long long interval_us);

/* The effective messages per minute of a message with these limits (0 =
 * none): the smaller one that is set. */
long long	pacing_per_minute(long long use_case_per_minute,
		    long long number_per_minute);

#endif
