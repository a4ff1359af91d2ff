/*
 * zip-lib.h — libzip, loaded when a zipped chat export is first opened (see
 * core/dlopen.h for why).  zip.c calls it only through these pointers.
 */
#ifndef HAVEN_ZIP_LIB_H
#define HAVEN_ZIP_LIB_H

#include <zip.h>

#include "core/error.h"

extern __typeof__(zip_open) *sym_zip_open;
extern __typeof__(zip_discard) *sym_zip_discard;
extern __typeof__(zip_error_init_with_code) *sym_zip_error_init_with_code;
extern __typeof__(zip_error_strerror) *sym_zip_error_strerror;
extern __typeof__(zip_error_fini) *sym_zip_error_fini;
extern __typeof__(zip_strerror) *sym_zip_strerror;
extern __typeof__(zip_get_num_entries) *sym_zip_get_num_entries;
extern __typeof__(zip_stat_init) *sym_zip_stat_init;
extern __typeof__(zip_stat_index) *sym_zip_stat_index;
extern __typeof__(zip_fopen_index) *sym_zip_fopen_index;
extern __typeof__(zip_fread) *sym_zip_fread;
extern __typeof__(zip_fclose) *sym_zip_fclose;

/* Load it (once); 0, or -1 with err saying what to install. */
int hv_zip_load(struct hv_error *err);

#endif
