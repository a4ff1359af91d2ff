/*
 * keyring.c — the kernel keyring through libkeyutils (see keyring.h).
 *
 * A new key is made in the thread keyring, which dies with this thread,
 * given its timeout and only then linked into the session keyring: if
 * haven is killed halfway, no key without a timeout is left behind.  Its
 * permissions let only a possessor read it; other processes of the same
 * user that do not share the session keyring can see that it exists (its
 * name), not what it holds.
 */
#include "keyring.h"

#include <errno.h>
#include <keyutils.h>
#include <string.h>

#define KEY_TYPE "user"

/* Possessors may read, search, update, time out and drop it; anyone of the
 * same user may only see that it is there (`keyctl show`). */
#define KEY_PERMS                                                                                  \
	(KEY_POS_VIEW | KEY_POS_READ | KEY_POS_WRITE | KEY_POS_SEARCH | KEY_POS_SETATTR |          \
	 KEY_USR_VIEW)

static int unavailable(int errnum, struct hv_error *err)
{
	return hv_fail(err, HV_EIO,
	               "the kernel keyring is not available here (%s), so haven cannot keep the "
	               "vault's key between commands: each command asks for the passphrase "
	               "(or reads HAVEN_PASSPHRASE_FILE). Containers often forbid the keyring",
	               strerror(errnum));
}

/* The session keyring, without making a new one: a process without one
 * gets the user's default session keyring, which outlives it. */
static key_serial_t session(void)
{
	return keyctl_get_keyring_ID(KEY_SPEC_SESSION_KEYRING, 0);
}

int hv_keyring_available(struct hv_error *err)
{
	return session() < 0 ? unavailable(errno, err) : 0;
}

int hv_keyring_hold(const char *name, const void *secret, size_t n, unsigned seconds,
                    struct hv_error *err)
{
	key_serial_t ses = session();
	if (ses < 0)
		return unavailable(errno, err);
	key_serial_t id = add_key(KEY_TYPE, name, secret, n, KEY_SPEC_THREAD_KEYRING);
	if (id < 0)
		return unavailable(errno, err);
	int e = 0;
	if (keyctl_set_timeout(id, seconds) < 0 || keyctl_link(id, ses) < 0 ||
	    keyctl_setperm(id, KEY_PERMS) < 0)
		e = errno;
	keyctl_unlink(id, KEY_SPEC_THREAD_KEYRING);
	if (e) {
		keyctl_invalidate(id);
		return hv_fail(err, HV_EIO, "cannot hold the key in the kernel keyring: %s",
		               strerror(e));
	}
	return 0;
}

int hv_keyring_fetch(const char *name, void *out, size_t n)
{
	key_serial_t id = keyctl_search(KEY_SPEC_SESSION_KEYRING, KEY_TYPE, name, 0);
	if (id < 0)
		return 0;
	long got = keyctl_read(id, out, n);
	if (got != (long)n) {
		memset(out, 0, n);
		return 0;
	}
	return 1;
}

int hv_keyring_drop(const char *name, struct hv_error *err)
{
	if (session() < 0)
		return unavailable(errno, err);
	int dropped = 0;
	key_serial_t id;
	/* More than one can be found when a login session's keyring and the
	 * user's default one each hold one: drop them all (a few at most; the
	 * bound keeps a key that cannot be dropped from looping forever). */
	for (int i = 0;
	     i < 8 && (id = keyctl_search(KEY_SPEC_SESSION_KEYRING, KEY_TYPE, name, 0)) >= 0; i++) {
		if (keyctl_invalidate(id) < 0 && keyctl_revoke(id) < 0)
			return hv_fail(err, HV_EIO,
			               "cannot drop the key from the kernel keyring: %s",
			               strerror(errno));
		dropped = 1;
	}
	return dropped;
}
