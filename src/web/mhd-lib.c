/*
 * mhd-lib.c — the libmicrohttpd functions haven uses, found at run time.
 * HV_MHD_SONAME (the library's file, e.g. libmicrohttpd.so.12) comes from
 * the Makefile, which reads it from the installed library.
 */
#include "mhd-lib.h"

#include "core/dlopen.h"

#ifndef HV_MHD_SONAME
#define HV_MHD_SONAME ""
#endif

__typeof__(MHD_start_daemon) *sym_MHD_start_daemon;
__typeof__(MHD_stop_daemon) *sym_MHD_stop_daemon;
__typeof__(MHD_get_daemon_info) *sym_MHD_get_daemon_info;
__typeof__(MHD_lookup_connection_value) *sym_MHD_lookup_connection_value;
__typeof__(MHD_get_connection_values) *sym_MHD_get_connection_values;
__typeof__(MHD_get_connection_info) *sym_MHD_get_connection_info;
__typeof__(MHD_http_unescape) *sym_MHD_http_unescape;
__typeof__(MHD_create_response_from_buffer) *sym_MHD_create_response_from_buffer;
__typeof__(MHD_add_response_header) *sym_MHD_add_response_header;
__typeof__(MHD_queue_response) *sym_MHD_queue_response;
__typeof__(MHD_destroy_response) *sym_MHD_destroy_response;
__typeof__(MHD_suspend_connection) *sym_MHD_suspend_connection;
__typeof__(MHD_resume_connection) *sym_MHD_resume_connection;

int hv_mhd_load(struct hv_error *err)
{
	static void *dl;
	static const struct hv_dlsym syms[] = {
	    HV_DLSYM(MHD_start_daemon),          HV_DLSYM(MHD_stop_daemon),
	    HV_DLSYM(MHD_get_daemon_info),       HV_DLSYM(MHD_lookup_connection_value),
	    HV_DLSYM(MHD_get_connection_values), HV_DLSYM(MHD_get_connection_info),
	    HV_DLSYM(MHD_http_unescape),         HV_DLSYM(MHD_create_response_from_buffer),
	    HV_DLSYM(MHD_add_response_header),   HV_DLSYM(MHD_queue_response),
	    HV_DLSYM(MHD_destroy_response),      HV_DLSYM(MHD_suspend_connection),
	    HV_DLSYM(MHD_resume_connection),
	};
	return hv_dlopen(&dl, HV_MHD_SONAME, "libmicrohttpd", "libmicrohttpd12", syms,
	                 sizeof syms / sizeof *syms, err);
}
