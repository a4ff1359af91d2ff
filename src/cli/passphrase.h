/*
 * passphrase.h — getting a passphrase from the person, never from argv.
 *
 * A passphrase comes from a file the person names (--passphrase-file, or
 * HAVEN_PASSPHRASE_FILE for scripts; its first line, and the file must be
 * private to its owner), or from the terminal without echo.  It is held in
 * sodium_malloc'd memory and wiped when freed.  A command line is visible
 * to every user of the computer (ps, /proc), so there is no option that
 * takes the passphrase itself.
 */
#ifndef HAVEN_CLI_PASSPHRASE_H
#define HAVEN_CLI_PASSPHRASE_H

#include <stddef.h>

#include "args.h"
#include "cli.h"

/* --passphrase, in a command's spec only to say why it is never taken. */
/* --passphrase-file FILE: the passphrase is the first line of FILE. */
#define CLI_PASSPHRASE_FILE                                                                        \
	{                                                                                          \
		.name = "--passphrase-file", .value = 1, .needs = "a file path"                    \
	}
#define CLI_PASSPHRASE_REFUSED                                                                     \
	{                                                                                          \
		.name = "--passphrase", .value = 1, .needs = "a file path",                        \
		.refuse =                                                                          \
		    "haven never takes a passphrase on the command line, where other programs "    \
		    "can see it: use --passphrase-file FILE"                                       \
	}

struct cli_pass {
	char *buf; /* sodium_malloc'd, NUL-terminated */
	size_t n;
};

enum cli_pass_mode {
	CLI_PASS_EXISTING, /* asked once */
	CLI_PASS_NEW,      /* asked twice on a terminal; at least 8 bytes */
};

/*
 * A passphrase from file when given, else from the file HAVEN_PASSPHRASE_FILE
 * names when use_env, else from the terminal (prompt on stderr).  On
 * failure prints why and returns -1; nothing to free then.
 */
int cli_pass_get(struct hv_cli *cli, const char *file, int use_env, const char *prompt,
                 enum cli_pass_mode mode, struct cli_pass *out);
void cli_pass_free(struct cli_pass *p);

/* Whether a passphrase can be asked for here (stdin is a terminal). */
int cli_pass_can_ask(void);

/*
 * Unlock st when it is a vault: the key `haven vault unlock` holds in the
 * kernel keyring while it lasts, else HAVEN_PASSPHRASE_FILE, else up to
 * three tries on a terminal, else a clear error.  0 when unlocked or not a
 * vault.  Also turns core dumps off, so the key never lands in a core file.
 */
int cli_unlock(struct hv_cli *cli, struct hv_store *st);

/* The same, but never with a held key: for what must prove the passphrase
 * is known (vault unlock, change, disable).  file, when given, comes first. */
int cli_unlock_asking(struct hv_cli *cli, struct hv_store *st, const char *file);

/* Unlock another database (merge): file when given, else the same sources. */
int cli_unlock_other(struct hv_cli *cli, struct hv_store *st, const char *file);

#endif
