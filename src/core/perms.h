/*
 * perms.h — is the journal private on this computer?
 *
 * haven creates its database 0600 in a 0700 folder, but a person may copy
 * the file, restore it from a backup, or point --db into a shared folder.
 * A database others can read is a private journal others can read, so the
 * front ends warn (never refuse: the person may have reasons) and give the
 * exact command that makes it private again.
 */
#ifndef HAVEN_PERMS_H
#define HAVEN_PERMS_H

#include <stddef.h>
#include <sys/types.h>

#include "store.h"

/*
 * Check the file at path and the folder holding it.  Returns 1 and writes
 * a one-line warning naming the file and the fix (`chmod 600 PATH`) into
 * msg when group or others may read or write the file, or others may enter
 * the folder (a shared sticky folder such as /tmp is left alone: it is
 * meant to be shared and its fix is not ours to suggest).  Returns 0 when
 * both are private, or when there is no file to check.
 */
int hv_path_permission_problem(const char *path, char *msg, size_t n);

/* The same for the database a store has open (":memory:" is always fine). */
int hv_store_permission_problem(const struct hv_store *st, char *msg, size_t n);

/* The mode bits that make a file (or folder) private: the owner's only. */
#define HV_PRIVATE_MASK ((mode_t)0700)

#endif
