/*
 * roles: the background roles of `launchline serve`, each a process of
 * its own supervised by the master: the provisioner (orders numbers and
 * watches their 10DLC assignment), the mailer (drains the email outbox)
 * the sender (drains the outbound message queue), the assigner (sets
 * the conversations of self-assign batches) and the exporter (writes the
 * admins' CSV exports into the database). Each claims its
 * work from MariaDB by lease, so any number of them may run.
 */
#ifndef LL_ROLES_H
#define LL_ROLES_H

struct app;

int	role_provisioner_run(const struct app *);
int	role_mailer_run(const struct app *);
int	role_sender_run(const struct app *);
int	role_assigner_run(const struct app *);
int	role_claimer_run(const struct app *);
int	role_exporter_run(const struct app *);

#endif
