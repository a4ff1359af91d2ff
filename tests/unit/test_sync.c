/*
 * test_sync.c — the sync module of issue 20 (sync/segment.h, sync/sync.h):
 * a segment made is read back whole, plain and sealed; one cut short at any
 * byte, sealed under another key, lying under another number or device,
 * or of the other form is refused; and two stores syncing through one
 * folder end with the same entries, a refused segment changing nothing.
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

#include "core/store.h"
#include "store-fixture.h"
#include "sync/segment.h"
#include "sync/sync.h"

#define DEV "00112233445566ff"

static json_t *some_lines(void)
{
	return json_loads("[{\"id\":\"6b7bd1a4-8c59-4a43-9a2c-1d2a4c1f2e3a\",\"purged\":"
	                  "\"2026-01-03T08:00:00.000Z\",\"hlc\":[1767427200000,0]},{\"a\":1}]",
	                  0, NULL);
}

static void roundtrip(const unsigned char *key)
{
	unsigned char prev[HV_SEG_HASH_LEN] = {9}, *buf;
	size_t n;
	struct hv_error err;
	struct hv_segment seg;
	json_t *lines = some_lines();
	assert_int_equal(hv_segment_make(DEV, 2, prev, lines, key, &buf, &n, &err), 0);
	assert_int_equal(hv_segment_parse(buf, n, key, DEV, 2, &seg, &err), 0);
	assert_int_equal(seg.seq, 2);
	assert_true(seg.has_prev);
	assert_memory_equal(seg.prev, prev, sizeof prev);
	assert_true(json_equal(seg.lines, lines));
	hv_segment_free(&seg);
	/* Cut short anywhere: refused, never read as fewer lines. */
	for (size_t cut = 0; cut < n; cut++)
		assert_int_equal(hv_segment_parse(buf, cut, key, DEV, 2, &seg, &err), -1);
	/* Under another number or device: refused. */
	assert_int_equal(hv_segment_parse(buf, n, key, DEV, 3, &seg, &err), -1);
	assert_int_equal(hv_segment_parse(buf, n, key, "00112233445566fe", 2, &seg, &err), -1);
	json_decref(lines);
	free(buf);
}

static void test_plain_roundtrip(void **state)
{
	(void)state;
	roundtrip(NULL);
}

static void test_sealed_roundtrip(void **state)
{
	(void)state;
	unsigned char key[HV_SEG_KEY_LEN] = {1}, other[HV_SEG_KEY_LEN] = {2}, *buf;
	size_t n;
	struct hv_error err;
	struct hv_segment seg;
	roundtrip(key);
	json_t *lines = some_lines();
	assert_int_equal(hv_segment_make(DEV, 1, NULL, lines, key, &buf, &n, &err), 0);
	assert_null(memmem(buf, n, "purged", 6)); /* nothing in clear */
	assert_int_equal(hv_segment_parse(buf, n, other, DEV, 1, &seg, &err), -1);
	assert_non_null(strstr(err.msg, "does not open"));
	assert_int_equal(hv_segment_parse(buf, n, NULL, DEV, 1, &seg, &err), -1);
	assert_non_null(strstr(err.msg, "not a vault"));
	buf[n - 3] ^= 1;
	assert_int_equal(hv_segment_parse(buf, n, key, DEV, 1, &seg, &err), -1);
	free(buf);
	/* A plain segment where sealed ones are expected: refused. */
	assert_int_equal(hv_segment_make(DEV, 1, NULL, lines, NULL, &buf, &n, &err), 0);
	assert_int_equal(hv_segment_parse(buf, n, key, DEV, 1, &seg, &err), -1);
	free(buf);
	json_decref(lines);
}

static void test_header_lies(void **state)
{
	(void)state;
	struct hv_error err;
	struct hv_segment seg;
	static const char *const bad[] = {
	    "{\"haven_sync\":2,\"device\":\"" DEV
	    "\",\"seq\":1,\"prev\":\"\",\"count\":0}\n{\"end\":0}\n",
	    "{\"haven_sync\":1,\"device\":\"" DEV
	    "\",\"seq\":1,\"prev\":\"\",\"count\":1}\n{\"end\":0}\n",
	    "{\"haven_sync\":1,\"device\":\"" DEV
	    "\",\"seq\":2,\"prev\":\"\",\"count\":0}\n{\"end\":0}\n",
	    "{\"haven_sync\":1,\"device\":\"" DEV
	    "\",\"seq\":1,\"prev\":\"\",\"count\":0}\n{\"end\":0}\n{}\n",
	    "{\"haven_sync\":1,\"device\":\"" DEV
	    "\",\"seq\":1,\"prev\":\"\",\"count\":1}\n[1]\n{\"end\":1}\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int64_t seq = strstr(bad[i], "\"seq\":2") ? 2 : 1;
		assert_int_equal(hv_segment_parse((const unsigned char *)bad[i], strlen(bad[i]),
		                                  NULL, DEV, seq, &seg, &err),
		                 -1);
	}
}

static void test_two_stores(void **state)
{
	(void)state;
	assert_int_equal(mkdir("folder", 0700), 0);
	struct hv_store *a = fixture_store("a.db"), *b = fixture_store("b.db");
	struct hv_error err;
	struct hv_sync_result r;
	assert_int_equal(hv_sync_run(a, &r, &err), -1); /* not set up yet */
	hv_sync_result_free(&r);
	assert_int_equal(hv_sync_init(a, "folder", NULL, 0, 0, &err), 0);
	assert_int_equal(hv_sync_init(b, "folder", NULL, 0, 0, &err), 0);
	fixture_add_entry(a, "first");
	fixture_add_entry(a, "second");
	assert_int_equal(hv_sync_run(a, &r, &err), 0);
	assert_int_equal(r.segment, 1);
	assert_int_equal(r.sent, 2);
	hv_sync_result_free(&r);
	assert_int_equal(hv_sync_run(b, &r, &err), 0);
	assert_int_equal(r.applied, 1);
	assert_int_equal(r.merged.added, 2);
	hv_sync_result_free(&r);
	assert_int_equal(fixture_count(b), 2);
	/* A segment of a's cut short: refused, nothing of it applied. */
	fixture_add_entry(a, "third");
	assert_int_equal(hv_sync_run(a, &r, &err), 0);
	char path[600];
	snprintf(path, sizeof path, "folder/%s/0000000002.seg", r.device);
	hv_sync_result_free(&r);
	assert_int_equal(truncate(path, 40), 0);
	assert_int_equal(hv_sync_run(b, &r, &err), 0);
	assert_int_equal(json_array_size(r.refused), 1);
	assert_int_equal(r.applied, 0);
	hv_sync_result_free(&r);
	assert_int_equal(fixture_count(b), 2);
	hv_store_close(a);
	hv_store_close(b);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_roundtrip),
	    cmocka_unit_test(test_sealed_roundtrip),
	    cmocka_unit_test(test_header_lies),
	    cmocka_unit_test(test_two_stores),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
