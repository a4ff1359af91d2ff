/*
 * test_sync_status.c — sync as a settings screen sees it (sync.h,
 * hv_sync_status and hv_sync_set_auto): nothing before a folder is named
 * and no switching on then; the folder, this device and each other device
 * with its files applied here; when this device last synced, kept to the
 * minute; a folder gone said as a problem, not a failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/clock.h"
#include "core/store.h"
#include "store-fixture.h"
#include "sync/sync.h"

/* One sync at the time now (RFC 3339), which must go through. */
static void sync_at(struct hv_store *st, const char *now)
{
	struct hv_sync_result r;
	struct hv_error err;
	setenv("HAVEN_NOW", now, 1);
	assert_int_equal(hv_sync_run(st, &r, &err), 0);
	hv_sync_result_free(&r);
}

static json_t *status(struct hv_store *st)
{
	struct hv_error err;
	json_t *s = hv_sync_status(st, &err);
	assert_non_null(s);
	return s;
}

static const char *text(const json_t *s, const char *key)
{
	return json_string_value(json_object_get(s, key));
}

/* What hv_sync_status shows for a time given as HAVEN_NOW would be. */
static void shown(const char *now, char out[HV_RFC3339_MAX])
{
	setenv("HAVEN_NOW", now, 1);
	int64_t ms = hv_now_ms();
	hv_format_rfc3339(ms, hv_local_offset_min(ms), out);
}

static void test_before_a_folder(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("alone.db");
	struct hv_error err;
	json_t *s = status(st);
	assert_false(json_is_true(json_object_get(s, "set_up")));
	assert_true(json_is_null(json_object_get(s, "folder")));
	assert_true(json_is_null(json_object_get(s, "device")));
	assert_true(json_is_null(json_object_get(s, "last_sync")));
	assert_true(json_is_null(json_object_get(s, "problem")));
	assert_false(json_is_true(json_object_get(s, "auto")));
	assert_int_equal(json_array_size(json_object_get(s, "devices")), 0);
	json_decref(s);
	assert_int_equal(hv_sync_set_auto(st, 1, &err), -1);
	assert_int_equal(err.code, HV_EINVAL);
	assert_non_null(strstr(err.msg, "haven sync init FOLDER"));
	assert_false(hv_sync_auto(st));
	assert_int_equal(hv_sync_set_auto(st, 0, &err), 0);
	assert_false(hv_sync_auto(st));
	hv_store_close(st);
}

static void test_devices_and_last_sync(void **state)
{
	(void)state;
	assert_int_equal(mkdir("folder", 0700), 0);
	struct hv_store *a = fixture_store("a.db"), *b = fixture_store("b.db");
	struct hv_error err;
	char when[HV_RFC3339_MAX];
	assert_int_equal(hv_sync_init(a, "folder", NULL, 0, 0, &err), 0);
	assert_int_equal(hv_sync_init(b, "folder", NULL, 0, 0, &err), 0);
	fixture_add_entry(b, "written on b");
	sync_at(b, "2026-02-01T09:00:00Z");
	json_t *s = status(a), *bs = status(b);
	assert_true(json_is_true(json_object_get(s, "set_up")));
	assert_non_null(strstr(text(s, "folder"), "folder"));
	assert_int_equal(strlen(text(s, "device")), 16);
	assert_true(json_is_null(json_object_get(s, "last_sync"))); /* a never synced */
	json_t *devs = json_object_get(s, "devices");
	assert_int_equal(json_array_size(devs), 1);
	json_t *other = json_array_get(devs, 0);
	assert_string_equal(text(other, "device"), text(bs, "device"));
	assert_int_equal(json_integer_value(json_object_get(other, "applied")), 0);
	assert_non_null(text(other, "last_seen"));
	json_decref(s);

	/* a syncs: b's one file applied, and the time kept. */
	sync_at(a, "2026-02-01T10:00:00Z");
	s = status(a);
	shown("2026-02-01T10:00:00Z", when);
	assert_string_equal(text(s, "last_sync"), when);
	other = json_array_get(json_object_get(s, "devices"), 0);
	assert_int_equal(json_integer_value(json_object_get(other, "applied")), 1);
	json_decref(s);

	/* Nothing new half a minute later: the time kept stays; past a minute it moves. */
	sync_at(a, "2026-02-01T10:00:30Z");
	s = status(a);
	assert_string_equal(text(s, "last_sync"), when);
	json_decref(s);
	sync_at(a, "2026-02-01T10:01:01Z");
	s = status(a);
	shown("2026-02-01T10:01:01Z", when);
	assert_string_equal(text(s, "last_sync"), when);
	json_decref(s);

	/* The switch, once a folder is named. */
	assert_int_equal(hv_sync_set_auto(a, 1, &err), 0);
	assert_true(hv_sync_auto(a));
	s = status(a);
	assert_true(json_is_true(json_object_get(s, "auto")));
	json_decref(s);
	assert_int_equal(hv_sync_set_auto(a, 0, &err), 0);
	assert_false(hv_sync_auto(a));

	/* The folder gone: said, not failed; the devices are not known then. */
	assert_int_equal(rename("folder", "moved"), 0);
	s = status(a);
	assert_non_null(strstr(text(s, "problem"), "folder"));
	assert_true(json_is_true(json_object_get(s, "set_up")));
	assert_int_equal(json_array_size(json_object_get(s, "devices")), 0);
	json_decref(s);
	json_decref(bs);
	unsetenv("HAVEN_NOW");
	hv_store_close(a);
	hv_store_close(b);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_before_a_folder),
	    cmocka_unit_test(test_devices_and_last_sync),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
