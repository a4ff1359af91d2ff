/*
 * test_store_part.c — parts of a transaction (hv_store_part_begin/end,
 * store.h), as a sync applies each segment: inside an open transaction a
 * part undone leaves the parts before it, and nothing is saved until the
 * transaction is; with none open a part is a transaction of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/store.h"

static struct hv_store *open_fresh(const char *path)
{
	unlink(path);
	struct hv_store *st = NULL;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, path, &err), 0);
	return st;
}

/* The setting key as another connection sees it: 1 set, 0 not. */
static int seen_elsewhere(const char *path, const char *key)
{
	struct hv_store *other = NULL;
	struct hv_error err;
	char buf[32];
	assert_int_equal(hv_store_open(&other, path, &err), 0);
	int got = hv_store_meta_get(other, key, buf, sizeof buf, &err);
	hv_store_close(other);
	assert_true(got >= 0);
	return got;
}

static void set_in_part(struct hv_store *st, const char *key, int keep)
{
	struct hv_error err;
	int own = -1;
	assert_int_equal(hv_store_part_begin(st, &own, &err), 0);
	assert_int_equal(own, 0);
	assert_int_equal(hv_store_meta_set(st, key, "yes", &err), 0);
	assert_int_equal(hv_store_part_end(st, own, keep, &err), 0);
}

static void test_parts_inside_a_transaction(void **state)
{
	(void)state;
	struct hv_store *st = open_fresh("parts.db");
	struct hv_error err;
	char buf[32];
	assert_int_equal(hv_store_begin(st, &err), 0);
	set_in_part(st, "first", 1);
	set_in_part(st, "second", 0); /* undone alone */
	set_in_part(st, "third", 1);
	assert_int_equal(hv_store_meta_get(st, "first", buf, sizeof buf, &err), 1);
	assert_int_equal(hv_store_meta_get(st, "second", buf, sizeof buf, &err), 0);
	assert_int_equal(hv_store_meta_get(st, "third", buf, sizeof buf, &err), 1);
	assert_int_equal(seen_elsewhere("parts.db", "first"), 0); /* not saved yet */
	assert_int_equal(hv_store_commit(st, &err), 0);
	assert_int_equal(seen_elsewhere("parts.db", "first"), 1);
	assert_int_equal(seen_elsewhere("parts.db", "second"), 0);
	assert_int_equal(seen_elsewhere("parts.db", "third"), 1);
	hv_store_close(st);
}

static void test_a_part_alone_is_a_transaction(void **state)
{
	(void)state;
	struct hv_store *st = open_fresh("alone.db");
	struct hv_error err;
	int own = 0;
	assert_int_equal(hv_store_part_begin(st, &own, &err), 0);
	assert_int_equal(own, 1);
	assert_int_equal(hv_store_meta_set(st, "kept", "yes", &err), 0);
	assert_int_equal(hv_store_part_end(st, own, 1, &err), 0);
	assert_int_equal(seen_elsewhere("alone.db", "kept"), 1);
	assert_int_equal(hv_store_part_begin(st, &own, &err), 0);
	assert_int_equal(hv_store_meta_set(st, "dropped", "yes", &err), 0);
	assert_int_equal(hv_store_part_end(st, own, 0, &err), 0);
	assert_int_equal(seen_elsewhere("alone.db", "dropped"), 0);
	/* Nothing left open: a transaction begins again. */
	assert_int_equal(hv_store_begin(st, &err), 0);
	hv_store_rollback(st);
	hv_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parts_inside_a_transaction),
	    cmocka_unit_test(test_a_part_alone_is_a_transaction),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
