/*
 * db_sql_send: the sender role's statements (its queue, pacing and the
 * settling of messages whose fate is unknown). Part of db_sql.h's list.
 */
#ifndef LL_DB_SQL_SEND_H
#define LL_DB_SQL_SEND_H

#define DB_SEND_STATEMENTS(X)

#endif
