/*
 * perms.c — the privacy check of the database file and its folder (see
 * perms.h).
 *
 * The fix we print keeps the owner's bits as they are and clears the rest
 * (644 → 600, a deliberately read-only 444 → 400), so following it never
 * changes what the person can do with their own file.  Paths are quoted
 * for the shell only when they need it, so the command can be pasted.
 */
#include "perms.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Bits that expose a file: group or others may read or write it. */
#define FILE_EXPOSED ((mode_t)0066)
/* Bits that expose a folder: others may enter, list or write it, or the
 * group may write it (and so replace the database). */
#define DIR_EXPOSED ((mode_t)0027)

/* path as one shell word: bare when it is plain, else in single quotes. */
static void shell_word(const char *path, char *out, size_t n)
{
	if (path[0] && strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                            "0123456789/._-+,:@%") == strlen(path)) {
		snprintf(out, n, "%s", path);
		return;
	}
	size_t o = 0;
	if (n < 3) {
		if (n)
			out[0] = '\0';
		return;
	}
	out[o++] = '\'';
	for (const char *p = path; *p && o + 6 < n; p++) {
		if (*p == '\'') {
			memcpy(out + o, "'\\''", 4); /* close, escaped quote, reopen */
			o += 4;
		} else {
			out[o++] = *p;
		}
	}
	out[o++] = '\'';
	out[o] = '\0';
}

int hv_path_permission_problem(const char *path, char *msg, size_t n)
{
	struct stat fs, ds;
	if (!path || strcmp(path, ":memory:") == 0 || stat(path, &fs) < 0 || !S_ISREG(fs.st_mode))
		return 0;
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	const char *folder = dirname(dir);
	char real[PATH_MAX];
	if (realpath(folder, real)) /* "." means nothing in a message */
		folder = real;
	int file_open = (fs.st_mode & FILE_EXPOSED) != 0;
	int dir_open = stat(folder, &ds) == 0 && S_ISDIR(ds.st_mode) && !(ds.st_mode & S_ISVTX) &&
	               (ds.st_mode & DIR_EXPOSED) != 0;
	if (!file_open && !dir_open)
		return 0;

	char qfile[PATH_MAX + 16], qdir[PATH_MAX + 16];
	shell_word(path, qfile, sizeof qfile);
	shell_word(folder, qdir, sizeof qdir);
	unsigned fix_file = (unsigned)(fs.st_mode & HV_PRIVATE_MASK);
	unsigned fix_dir = (unsigned)(ds.st_mode & HV_PRIVATE_MASK);
	if (file_open && dir_open)
		snprintf(msg, n,
		         "warning: other people on this computer can read your journal %s "
		         "(mode %03o) and enter its folder (mode %03o). Make both private with: "
		         "chmod %03o %s && chmod %03o %s",
		         path, (unsigned)(fs.st_mode & 0777), (unsigned)(ds.st_mode & 0777),
		         fix_file, qfile, fix_dir, qdir);
	else if (file_open)
		snprintf(msg, n,
		         "warning: other people on this computer can read your journal %s "
		         "(mode %03o). Make it private with: chmod %03o %s",
		         path, (unsigned)(fs.st_mode & 0777), fix_file, qfile);
	else
		snprintf(msg, n,
		         "warning: other people on this computer can enter %s, the folder holding "
		         "your journal (mode %03o). Make it private with: chmod %03o %s",
		         folder, (unsigned)(ds.st_mode & 0777), fix_dir, qdir);
	return 1;
}

int hv_store_permission_problem(const struct hv_store *st, char *msg, size_t n)
{
	return hv_path_permission_problem(hv_store_path(st), msg, n);
}
