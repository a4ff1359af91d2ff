/*
 * keyring.h — a secret held for a while in the Linux kernel keyring, so a
 * vault unlocked once stays unlocked for a set time, like ssh-agent.
 *
 * The kernel keeps the bytes in its own memory, never in a file, drops them
 * when the timeout runs out, and lets only processes that possess the key
 * (those whose session keyring holds it) read it.  The session keyring is
 * the one of the login session, or, for a process started without one,
 * the user's default session keyring.  Containers often forbid the
 * keyring system calls altogether: every call says so in err rather than
 * pretending, and the caller falls back to asking for the passphrase.
 */
#ifndef HAVEN_KEYRING_H
#define HAVEN_KEYRING_H

#include <stddef.h>

#include "error.h"

/* 0 when the keyring can be used here; -1 with err saying why not. */
int hv_keyring_available(struct hv_error *err);

/* Hold n bytes under name for seconds, replacing any held under that name. */
int hv_keyring_hold(const char *name, const void *secret, size_t n, unsigned seconds,
                    struct hv_error *err);

/*
 * The n bytes held under name, copied into out (locked memory is the
 * caller's): 1 when found, 0 when nothing (or something of another size)
 * is held, it has expired, or the keyring cannot be used here.
 */
int hv_keyring_fetch(const char *name, void *out, size_t n);

/* Drop what is held under name: 1 when something was, 0 when not, -1 when
 * the keyring cannot be used here (err). */
int hv_keyring_drop(const char *name, struct hv_error *err);

#endif
