/*
 * mhd-lib.h — libmicrohttpd, loaded when `haven serve` first needs it (see
 * core/dlopen.h for why).  server.c calls it only through these pointers.
 */
#ifndef HAVEN_MHD_LIB_H
#define HAVEN_MHD_LIB_H

#include <microhttpd.h>

#include "core/error.h"

extern __typeof__(MHD_start_daemon) *sym_MHD_start_daemon;
extern __typeof__(MHD_stop_daemon) *sym_MHD_stop_daemon;
extern __typeof__(MHD_get_daemon_info) *sym_MHD_get_daemon_info;
extern __typeof__(MHD_lookup_connection_value) *sym_MHD_lookup_connection_value;
extern __typeof__(MHD_get_connection_values) *sym_MHD_get_connection_values;
extern __typeof__(MHD_get_connection_info) *sym_MHD_get_connection_info;
extern __typeof__(MHD_http_unescape) *sym_MHD_http_unescape;
extern __typeof__(MHD_create_response_from_buffer) *sym_MHD_create_response_from_buffer;
extern __typeof__(MHD_add_response_header) *sym_MHD_add_response_header;
extern __typeof__(MHD_queue_response) *sym_MHD_queue_response;
extern __typeof__(MHD_destroy_response) *sym_MHD_destroy_response;
extern __typeof__(MHD_suspend_connection) *sym_MHD_suspend_connection;
extern __typeof__(MHD_resume_connection) *sym_MHD_resume_connection;

/* Load it (once); 0, or -1 with err saying what to install. */
int hv_mhd_load(struct hv_error *err);

#endif
