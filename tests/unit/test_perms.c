/*
 * test_perms.c — the privacy check of the database file and its folder:
 * which modes warn, that the printed fix keeps the owner's own bits and can
 * be pasted into a shell, and that a private or in-memory database is quiet.
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

#include "core/perms.h"
#include "core/store.h"

static char cwd[4096];

static void make_file(const char *path, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

/* A private folder under the test's directory, with a file in it. */
static void make_case(const char *dir, mode_t dmode, const char *file, mode_t fmode)
{
	mkdir(dir, 0700);
	assert_int_equal(chmod(dir, dmode), 0);
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	make_file(path, fmode);
}

static int problem(const char *rel, char *msg, size_t n)
{
	char path[2 * sizeof cwd];
	snprintf(path, sizeof path, "%s/%s", cwd, rel);
	msg[0] = '\0';
	return hv_path_permission_problem(path, msg, n);
}

static void test_private_is_quiet(void **state)
{
	(void)state;
	char msg[2048];
	make_case("p", 0700, "h.db", 0600);
	assert_int_equal(problem("p/h.db", msg, sizeof msg), 0);
	assert_string_equal(msg, "");
	make_case("p", 0700, "ro.db", 0400);
	assert_int_equal(problem("p/ro.db", msg, sizeof msg), 0);
	/* a group that may list the folder but not write it is not "others" */
	make_case("g", 0750, "h.db", 0600);
	assert_int_equal(problem("g/h.db", msg, sizeof msg), 0);
	/* nothing to check */
	assert_int_equal(hv_path_permission_problem(":memory:", msg, sizeof msg), 0);
	assert_int_equal(problem("p/absent.db", msg, sizeof msg), 0);
	assert_int_equal(hv_path_permission_problem(NULL, msg, sizeof msg), 0);
}

static void test_readable_file_warns_with_the_fix(void **state)
{
	(void)state;
	char msg[2048], want[3 * sizeof cwd];
	const mode_t modes[] = {0644, 0640, 0604, 0660, 0606};
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		make_case("f", 0700, "h.db", modes[i]);
		assert_int_equal(problem("f/h.db", msg, sizeof msg), 1);
		snprintf(want, sizeof want, "chmod 600 %s/f/h.db", cwd);
		assert_non_null(strstr(msg, want));
		assert_non_null(strstr(msg, "warning"));
		assert_null(strchr(msg, '\n')); /* one line */
	}
	/* deliberately read-only: the fix keeps it so */
	make_case("f", 0700, "ro.db", 0444);
	assert_int_equal(problem("f/ro.db", msg, sizeof msg), 1);
	snprintf(want, sizeof want, "chmod 400 %s/f/ro.db", cwd);
	assert_non_null(strstr(msg, want));
}

static void test_open_folder_warns(void **state)
{
	(void)state;
	char msg[2048], want[3 * sizeof cwd];
	const mode_t modes[] = {0755, 0701, 0770, 0711};
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		make_case("d", modes[i], "h.db", 0600);
		assert_int_equal(problem("d/h.db", msg, sizeof msg), 1);
		snprintf(want, sizeof want, "chmod 700 %s/d", cwd);
		assert_non_null(strstr(msg, want));
		assert_null(strstr(msg, "chmod 600")); /* the file is fine */
	}
	/* both at once: one line, both fixes */
	make_case("d", 0755, "both.db", 0644);
	assert_int_equal(problem("d/both.db", msg, sizeof msg), 1);
	snprintf(want, sizeof want, "chmod 600 %s/d/both.db && chmod 700 %s/d", cwd, cwd);
	assert_non_null(strstr(msg, want));
	assert_null(strchr(msg, '\n'));
	/* a sticky shared folder (like /tmp) is left alone */
	make_case("s", 01777, "h.db", 0600);
	assert_int_equal(problem("s/h.db", msg, sizeof msg), 0);
}

static void test_relative_path_names_the_real_folder(void **state)
{
	(void)state;
	char msg[2048], want[3 * sizeof cwd];
	make_case("r", 0755, "h.db", 0600);
	assert_int_equal(hv_path_permission_problem("r/h.db", msg, sizeof msg), 1);
	snprintf(want, sizeof want, "chmod 700 %s/r", cwd);
	assert_non_null(strstr(msg, want));
}

static void test_odd_names_are_quoted(void **state)
{
	(void)state;
	char msg[2048], want[3 * sizeof cwd];
	make_case("a b", 0700, "it's.db", 0644);
	assert_int_equal(problem("a b/it's.db", msg, sizeof msg), 1);
	snprintf(want, sizeof want, "chmod 600 '%s/a b/it'\\''s.db'", cwd);
	assert_non_null(strstr(msg, want));
	/* and the command, run by a shell, really fixes it */
	char cmd[sizeof msg];
	snprintf(cmd, sizeof cmd, "%s", strstr(msg, "chmod 600"));
	assert_int_equal(system(cmd), 0);
	struct stat sb;
	assert_int_equal(stat("a b/it's.db", &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(problem("a b/it's.db", msg, sizeof msg), 0);
}

static void test_store_check_and_new_database(void **state)
{
	(void)state;
	char msg[2048];
	struct hv_store *st;
	struct hv_error err;
	/* haven's own new database is private from the start, whatever the umask */
	mode_t old = umask(0);
	assert_int_equal(hv_store_open(&st, "new/haven.db", &err), 0);
	umask(old);
	assert_int_equal(hv_store_permission_problem(st, msg, sizeof msg), 0);
	assert_int_equal(chmod("new/haven.db", 0644), 0);
	assert_int_equal(hv_store_permission_problem(st, msg, sizeof msg), 1);
	assert_non_null(strstr(msg, "chmod 600 new/haven.db"));
	hv_store_close(st);
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	assert_int_equal(hv_store_permission_problem(st, msg, sizeof msg), 0);
	hv_store_close(st);
}

/* A message longer than the buffer is cut, never overrun. */
static void test_small_buffer(void **state)
{
	(void)state;
	char msg[24];
	memset(msg, 'x', sizeof msg);
	make_case("f", 0700, "h.db", 0644);
	assert_int_equal(problem("f/h.db", msg, sizeof msg), 1);
	assert_int_equal(strlen(msg), sizeof msg - 1);
}

int main(void)
{
	assert_non_null(getcwd(cwd, sizeof cwd));
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_private_is_quiet),
	    cmocka_unit_test(test_readable_file_warns_with_the_fix),
	    cmocka_unit_test(test_open_folder_warns),
	    cmocka_unit_test(test_relative_path_names_the_real_folder),
	    cmocka_unit_test(test_odd_names_are_quoted),
	    cmocka_unit_test(test_store_check_and_new_database),
	    cmocka_unit_test(test_small_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
