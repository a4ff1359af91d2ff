/*
 * outfile.h — writing a file a person named, without ever replacing what
 * the name is.
 *
 * A regular file, or a name not taken yet, is written under a private
 * temporary name beside it and renamed over it once whole and synced, so
 * an interrupted write never leaves half a file looking whole.  Anything
 * else that takes writes — a character device such as /dev/null or
 * /dev/full, a FIFO, a terminal — is written straight into: a rename over
 * it would replace the device with a regular file.  A failed write there
 * (ENOSPC from /dev/full) is an error like any other.  A symbolic link is
 * followed, not replaced: the file it leads to is.
 */
#ifndef HAVEN_OUTFILE_H
#define HAVEN_OUTFILE_H

#include <limits.h>
#include <stdio.h>
#include <sys/types.h>

#include "error.h"

struct hv_outfile {
	FILE *f;    /* write here */
	int direct; /* 1: straight into path; 0: into tmp, renamed at the end */
	int fd;
	int werr;         /* errno of the first failed write, or 0 */
	const char *what; /* "the export", for messages */
	char path[PATH_MAX];
	char tmp[PATH_MAX + 32];
};

/* "a character device", "a FIFO (named pipe)", … for messages. */
const char *hv_file_type_name(mode_t mode);

/* 1 when path exists and is neither a regular file nor a folder (after
 * following symbolic links): it is to be written into, never replaced. */
int hv_path_is_special(const char *path);

/* Open path for writing what ("the export", named in messages); a new file
 * is 0600.  o must stay where it is until finished or abandoned: the stream
 * points into it.  (A folder at path fails at the rename.) */
int hv_outfile_open(struct hv_outfile *o, const char *path, const char *what, struct hv_error *err);

/* Flush, sync, close, and (unless direct) rename into place.  On any
 * failure the temporary file is removed, path is left as it was, and the
 * error names path and what failed. */
int hv_outfile_finish(struct hv_outfile *o, struct hv_error *err);

/* Give up: close, and remove the temporary file (path is left as it was). */
void hv_outfile_abort(struct hv_outfile *o);

/* Write the whole file at from into path, as above. */
int hv_outfile_copy(const char *from, const char *path, const char *what, struct hv_error *err);

/* Write the len bytes at bytes as the whole of path, as above. */
int hv_outfile_bytes(const char *path, const void *bytes, size_t len, const char *what,
                     struct hv_error *err);

/* Write all n bytes at buf to fd, through short writes and signals: 0, or
 * -1 with errno set (EIO when a write took nothing and said nothing). */
int hv_write_all(int fd, const void *buf, size_t n);

#endif
