/*
 * zip-lib.c — the libzip functions haven uses, found at run time.
 * HV_ZIP_SONAME (the library's file, e.g. libzip.so.4) comes from the
 * Makefile, which reads it from the installed library.
 */
#include "zip-lib.h"

#include "core/dlopen.h"

#ifndef HV_ZIP_SONAME
#define HV_ZIP_SONAME ""
#endif

__typeof__(zip_open) *sym_zip_open;
__typeof__(zip_discard) *sym_zip_discard;
__typeof__(zip_error_init_with_code) *sym_zip_error_init_with_code;
__typeof__(zip_error_strerror) *sym_zip_error_strerror;
__typeof__(zip_error_fini) *sym_zip_error_fini;
__typeof__(zip_strerror) *sym_zip_strerror;
__typeof__(zip_get_num_entries) *sym_zip_get_num_entries;
__typeof__(zip_stat_init) *sym_zip_stat_init;
__typeof__(zip_stat_index) *sym_zip_stat_index;
__typeof__(zip_fopen_index) *sym_zip_fopen_index;
__typeof__(zip_fread) *sym_zip_fread;
__typeof__(zip_fclose) *sym_zip_fclose;

int hv_zip_load(struct hv_error *err)
{
	static void *dl;
	static const struct hv_dlsym syms[] = {
	    HV_DLSYM(zip_open),
	    HV_DLSYM(zip_discard),
	    HV_DLSYM(zip_error_init_with_code),
	    HV_DLSYM(zip_error_strerror),
	    HV_DLSYM(zip_error_fini),
	    HV_DLSYM(zip_strerror),
	    HV_DLSYM(zip_get_num_entries),
	    HV_DLSYM(zip_stat_init),
	    HV_DLSYM(zip_stat_index),
	    HV_DLSYM(zip_fopen_index),
	    HV_DLSYM(zip_fread),
	    HV_DLSYM(zip_fclose),
	};
	return hv_dlopen(&dl, HV_ZIP_SONAME, "libzip", "libzip4", syms, sizeof syms / sizeof *syms,
	                 err);
}
