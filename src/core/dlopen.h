/*
 * dlopen.h — libraries loaded when first needed.
 *
 * libmicrohttpd (for `haven serve`) and libzip (for zipped chat exports)
 * bring in GnuTLS, OpenSSL and a dozen more libraries whose loading and
 * relocation cost every command about 3.5 ms at start, more than haven log
 * spends on its own work; cairo and pango (for the report's PDF) cost as
 * much again.  So they are not linked: the modules that use
 * them call through sym_ pointers, filled from dlopen(3) on first use (the
 * way systemd loads its optional libraries).  The pointers take their types
 * from the libraries' own headers, so a call is checked as a direct one is.
 */
#ifndef HAVEN_DLOPEN_H
#define HAVEN_DLOPEN_H

#include <stddef.h>

#include "error.h"

/* One symbol to find: its name and the pointer to fill. */
struct hv_dlsym {
	const char *name;
	void **fn;
};
#define HV_DLSYM(f)                                                                                \
	{                                                                                          \
#f, (void **)&sym_##f                                                              \
	}

/*
 * Open soname once (*handle remembers it) and fill every symbol; 0, or -1
 * with err naming the library (what: how people know it) and the Debian
 * package that brings it.  Nothing is filled unless everything is found.
 */
int hv_dlopen(void **handle, const char *soname, const char *what, const char *package,
              const struct hv_dlsym *syms, size_t n, struct hv_error *err);

#endif
