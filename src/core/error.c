/*
 * error.c — filling struct hv_error.  See error.h for the convention.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int hv_fail(struct hv_error *err, enum hv_errcode code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void hv_error_clear(struct hv_error *err)
{
	if (err) {
		err->code = HV_OK;
		err->msg[0] = '\0';
	}
}

const char *hv_errcode_name(enum hv_errcode code)
{
	switch (code) {
	case HV_OK: return "ok";
	case HV_EINVAL: return "invalid";
	case HV_EDATA: return "bad-data";
	case HV_ENOTFOUND: return "not-found";
	case HV_EAMBIG: return "ambiguous";
	case HV_EIO: return "io";
	case HV_ESCHEMA: return "schema";
	case HV_EREADONLY: return "read-only";
	case HV_ECORRUPT: return "corrupt";
	case HV_ENOMEM: return "no-memory";
	}
	return "unknown";
}
