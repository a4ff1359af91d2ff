/*
 * test_dlopen.c — libraries loaded when first needed: a library found fills
 * every pointer; a missing library or symbol is a clear error naming the
 * package to install, and fills nothing; the real ones haven loads this
 * way (libmicrohttpd, libzip, cairo and pango) are found by the names the
 * build gave.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "chat/zip-lib.h"
#include "core/dlopen.h"
#include "report/cairo-lib.h"
#include "web/mhd-lib.h"

static double (*sym_cos)(double);
static double (*sym_sqrt)(double);
static int (*sym_no_such_function_here)(void);

static void test_found_fills_every_pointer(void **state)
{
	(void)state;
	static void *dl;
	const struct hv_dlsym syms[] = {HV_DLSYM(cos), HV_DLSYM(sqrt)};
	struct hv_error err;
	assert_int_equal(hv_dlopen(&dl, "libm.so.6", "the maths library", "libc6", syms, 2, &err),
	                 0);
	assert_non_null(dl);
	assert_true(sym_cos(0.0) == 1.0);
	assert_true(sym_sqrt(16.0) == 4.0);
	/* once open, it is not opened again */
	void *was = dl;
	assert_int_equal(hv_dlopen(&dl, "libm.so.6", "the maths library", "libc6", syms, 2, &err),
	                 0);
	assert_ptr_equal(dl, was);
}

static void test_missing_library_names_the_package(void **state)
{
	(void)state;
	void *dl = NULL;
	const struct hv_dlsym syms[] = {HV_DLSYM(no_such_function_here)};
	struct hv_error err;
	assert_int_equal(
	    hv_dlopen(&dl, "libhaven-absent.so.9", "libabsent", "libabsent9", syms, 1, &err), -1);
	assert_int_equal(err.code, HV_EIO);
	assert_non_null(strstr(err.msg, "cannot load libabsent"));
	assert_non_null(strstr(err.msg, "Install the Debian package libabsent9"));
	assert_null(dl);
	assert_null(sym_no_such_function_here);
	/* built without the file name */
	assert_int_equal(hv_dlopen(&dl, "", "libabsent", "libabsent9", syms, 1, &err), -1);
	assert_non_null(strstr(err.msg, "built without knowing"));
}

static void test_missing_symbol_fills_nothing(void **state)
{
	(void)state;
	void *dl = NULL;
	sym_cos = NULL;
	const struct hv_dlsym syms[] = {HV_DLSYM(cos), HV_DLSYM(no_such_function_here)};
	struct hv_error err;
	assert_int_equal(hv_dlopen(&dl, "libm.so.6", "the maths library", "libc6", syms, 2, &err),
	                 -1);
	assert_non_null(strstr(err.msg, "has no no_such_function_here"));
	assert_null(sym_cos); /* all or nothing */
	assert_null(dl);
}

static void test_haven_libraries_load(void **state)
{
	(void)state;
	struct hv_error err;
	assert_int_equal(hv_mhd_load(&err), 0);
	assert_non_null(sym_MHD_start_daemon);
	assert_non_null(sym_MHD_destroy_response);
	assert_int_equal(hv_zip_load(&err), 0);
	assert_non_null(sym_zip_open);
	assert_non_null(sym_zip_fclose);
	assert_int_equal(hv_cairo_load(&err), 0);
	assert_non_null(sym_cairo_create);
	assert_non_null(sym_pango_cairo_create_layout);
	assert_non_null(sym_g_object_unref);
	/* and they work: a surface drawn on says it is fine */
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(NULL, NULL, 10, 10);
	cairo_t *cr = cairo_create(s);
	cairo_rectangle(cr, 1, 1, 5, 5);
	cairo_fill(cr);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_found_fills_every_pointer),
	    cmocka_unit_test(test_missing_library_names_the_package),
	    cmocka_unit_test(test_missing_symbol_fills_nothing),
	    cmocka_unit_test(test_haven_libraries_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
