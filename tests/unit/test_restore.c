/*
 * test_restore.c — restore's swap (transfer/restore.c): the restored copy
 * takes the database's place in one rename, the old database kept beside it
 * under a second name; when the swap fails, the database is as it was and
 * no second name is left behind.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/store.h"
#include "transfer/restore.h"

/* A database at path holding n entries. */
static void make_db(const char *path, int n)
{
	struct hv_store *st = NULL;
	struct hv_error err;
	unlink(path);
	assert_int_equal(hv_store_open(&st, path, &err), 0);
	for (int i = 0; i < n; i++) {
		struct hv_record r;
		assert_int_equal(hv_record_new(&r, "evidence", &err), 0);
		json_object_set_new(r.body, "text", json_string("someone stayed"));
		assert_int_equal(hv_store_add_new(st, &r, NULL, NULL, &err), 0);
	}
	hv_store_close(st);
}

static int count_entries(const char *path)
{
	struct hv_store *st = NULL;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, path, &err), 0);
	struct hv_query q = {.kind = NULL};
	json_t *all = hv_store_list_json(st, &q, &err);
	assert_non_null(all);
	int n = (int)json_array_size(all);
	json_decref(all);
	hv_store_close(st);
	return n;
}

/* Files in the folder whose names start with prefix. */
static int files_like(const char *prefix)
{
	DIR *d = opendir(".");
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d)))
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	if (d)
		closedir(d);
	return n;
}

static void test_swap_keeps_the_old_beside(void **state)
{
	(void)state;
	make_db("rs.db", 2);
	make_db("rs-backup.db", 5);
	struct hv_restore r;
	struct hv_error err;
	assert_int_equal(hv_restore_stage("rs.db", "rs-backup.db", NULL, 0, &r, &err), 0);
	assert_int_equal(hv_restore_swap(&r, &err), 0);
	assert_int_equal(count_entries("rs.db"), 5);
	assert_true(r.aside[0]);
	assert_int_equal(count_entries(r.aside), 2); /* the old one, kept */
	unlink(r.aside);
	unlink("rs.db");
	unlink("rs-backup.db");
}

static void test_a_failed_swap_leaves_all_as_it_was(void **state)
{
	(void)state;
	make_db("rf.db", 3);
	make_db("rf-backup.db", 7);
	struct hv_restore r;
	struct hv_error err;
	assert_int_equal(hv_restore_stage("rf.db", "rf-backup.db", NULL, 0, &r, &err), 0);
	unlink(r.staged); /* the copy vanishes before it can be put in place */
	assert_int_equal(hv_restore_swap(&r, &err), -1);
	assert_non_null(strstr(err.msg, "nothing was replaced"));
	assert_int_equal(count_entries("rf.db"), 3);
	assert_int_equal(files_like("rf.db."), 0); /* no second name, no staged copy */
	unlink("rf.db");
	unlink("rf-backup.db");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_swap_keeps_the_old_beside),
	    cmocka_unit_test(test_a_failed_swap_leaves_all_as_it_was),
	};
	return cmocka_run_group_tests_name("restore", tests, NULL, NULL);
}
