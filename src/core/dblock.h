/*
 * dblock.h — the lock that tells havens with the same database open apart
 * (used by store.c; store.h says what it guarantees).
 *
 * It is an open-file-description lock (fcntl F_OFD_SETLK) on one byte of
 * the database file itself, a byte SQLite never locks.  Being on the
 * database, it cannot be removed from under a running haven the way a lock
 * file beside it could (issue 13: `rm haven.db-lock` let `vault enable`
 * take it alone while `haven serve` went on writing in clear).
 */
#ifndef HAVEN_DBLOCK_H
#define HAVEN_DBLOCK_H

#include "error.h"

/*
 * Open path and take the lock shared, waiting up to five seconds while
 * another haven has it alone.  *fd is -1 when the file cannot be locked at
 * all (haven goes on without it, as SQLite does); -1 is returned only when
 * another haven kept it alone for the whole wait.
 */
int hv_dblock_open(const char *path, int *fd, struct hv_error *err);

/* Take the lock alone (0), or leave it shared when another has it (-1). */
int hv_dblock_exclusive(int fd);

/*
 * Let go of the lock.  Closing any descriptor of a file drops every POSIX
 * lock this process holds on it — SQLite's included — so the descriptor is
 * only closed once no other store of this process has the same file open;
 * until then it is kept, unlocked.  Call after the store's connection is
 * closed.
 */
void hv_dblock_close(int fd);

#endif
