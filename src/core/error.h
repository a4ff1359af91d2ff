/*
 * error.h — how the library reports failure.
 *
 * Every fallible library function returns 0 on success or -1 on failure and
 * fills a caller-owned struct hv_error.  The message is written for the person
 * at the keyboard: it names what was wrong and, where there is one, the fix.
 * The code lets front ends choose an exit status or HTTP status without
 * parsing prose.
 */
#ifndef HAVEN_ERROR_H
#define HAVEN_ERROR_H

#include <stddef.h>

enum hv_errcode {
	HV_OK = 0,
	HV_EINVAL,    /* an argument was wrong: bad value, unknown name, bad date */
	HV_EDATA,     /* input data (a file, a request body) is malformed */
	HV_ENOTFOUND, /* no record with that id */
	HV_EAMBIG,    /* an id prefix matches several records */
	HV_EIO,       /* the disk or database failed */
	HV_ESCHEMA,   /* the database was written by a newer haven */
	HV_EREADONLY, /* the database cannot be written */
	HV_ECORRUPT,  /* stored data failed a consistency check */
	HV_ENOMEM,
};

struct hv_error {
	enum hv_errcode code;
	char msg[512];
};

/* Set err (if non-NULL) and return -1, so callers can `return hv_fail(...)`. */
int hv_fail(struct hv_error *err, enum hv_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reset err to HV_OK with an empty message. */
void hv_error_clear(struct hv_error *err);

/* A short stable name for a code ("invalid", "not-found", …) for --json. */
const char *hv_errcode_name(enum hv_errcode code);

#endif
