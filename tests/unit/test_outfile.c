/*
 * test_outfile.c — writing a named file: a regular file (or a new name) is
 * replaced whole or not at all, and a device is written into, never
 * replaced, with its write errors reported.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/outfile.h"

static void read_back(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t got = fread(buf, 1, n - 1, f);
	buf[got] = '\0';
	fclose(f);
}

/* Nothing named PATH.tmp-… is left in the folder. */
static void assert_no_temp_left(void)
{
	assert_int_equal(system("ls -a | grep -q tmp-"), 256);
}

static void test_new_and_replaced_regular_file(void **state)
{
	(void)state;
	struct hv_outfile o;
	struct hv_error err;
	char buf[64];
	unlink("out.txt");
	assert_int_equal(hv_outfile_open(&o, "out.txt", "the test", &err), 0);
	assert_int_equal(o.direct, 0);
	fputs("first\n", o.f);
	assert_int_equal(access("out.txt", F_OK), -1); /* not there until whole */
	assert_int_equal(hv_outfile_finish(&o, &err), 0);
	read_back("out.txt", buf, sizeof buf);
	assert_string_equal(buf, "first\n");
	struct stat sb;
	assert_int_equal(stat("out.txt", &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* replaced whole */
	assert_int_equal(hv_outfile_open(&o, "out.txt", "the test", &err), 0);
	fputs("second\n", o.f);
	read_back("out.txt", buf, sizeof buf);
	assert_string_equal(buf, "first\n");
	assert_int_equal(hv_outfile_finish(&o, &err), 0);
	read_back("out.txt", buf, sizeof buf);
	assert_string_equal(buf, "second\n");
	/* or not at all */
	assert_int_equal(hv_outfile_open(&o, "out.txt", "the test", &err), 0);
	fputs("third\n", o.f);
	hv_outfile_abort(&o);
	read_back("out.txt", buf, sizeof buf);
	assert_string_equal(buf, "second\n");
	assert_no_temp_left();
}

/* A folder is never replaced: the rename fails, and the folder is as it was. */
static void test_folder_left_alone(void **state)
{
	(void)state;
	mkdir("dir", 0700);
	struct hv_outfile o;
	struct hv_error err;
	assert_int_equal(hv_path_is_special("dir"), 0);
	assert_int_equal(hv_path_is_special("missing"), 0);
	assert_int_equal(hv_outfile_open(&o, "dir", "the test", &err), 0);
	fputs("x\n", o.f);
	assert_int_equal(hv_outfile_finish(&o, &err), -1);
	assert_non_null(strstr(err.msg, "cannot move the test into dir"));
	struct stat sb;
	assert_int_equal(stat("dir", &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_no_temp_left();
}

/* A symbolic link stays a link: the file it leads to is replaced. */
static void test_symlink_followed(void **state)
{
	(void)state;
	struct hv_outfile o;
	struct hv_error err;
	char buf[64];
	unlink("link");
	FILE *f = fopen("target.txt", "w");
	fputs("old\n", f);
	fclose(f);
	assert_int_equal(symlink("target.txt", "link"), 0);
	assert_int_equal(hv_outfile_open(&o, "link", "the test", &err), 0);
	fputs("new\n", o.f);
	assert_int_equal(hv_outfile_finish(&o, &err), 0);
	struct stat sb;
	assert_int_equal(lstat("link", &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	read_back("target.txt", buf, sizeof buf);
	assert_string_equal(buf, "new\n");
	assert_no_temp_left();
}

/* Clones of /dev/null and /dev/full in the test's own folder: only root may
 * make them, and they keep the real ones out of harm's way. */
static int make_device(const char *name, unsigned minor)
{
	unlink(name);
	if (mknod(name, S_IFCHR | 0600, makedev(1, minor)) == 0)
		return 1;
	fprintf(stderr, "note: not root, so the device cases were skipped\n");
	return 0;
}

static void assert_still_device(const char *name)
{
	struct stat sb;
	assert_int_equal(lstat(name, &sb), 0);
	assert_true(S_ISCHR(sb.st_mode));
}

static void test_device_written_into(void **state)
{
	(void)state;
	if (!make_device("null", 3) || !make_device("full", 7))
		return;
	assert_int_equal(hv_path_is_special("null"), 1);
	struct hv_outfile o;
	struct hv_error err;
	assert_int_equal(hv_outfile_open(&o, "null", "the test", &err), 0);
	assert_int_equal(o.direct, 1);
	fputs("into the void\n", o.f);
	assert_int_equal(hv_outfile_finish(&o, &err), 0);
	assert_still_device("null");

	/* /dev/full: the write fails with ENOSPC, and says so */
	assert_int_equal(hv_outfile_open(&o, "full", "the test", &err), 0);
	for (int i = 0; i < 20000; i++) /* more than one buffer */
		fputs("no room at all\n", o.f);
	assert_int_equal(hv_outfile_finish(&o, &err), -1);
	assert_int_equal(err.code, HV_EIO);
	assert_non_null(strstr(err.msg, "writing the test to full failed"));
	assert_non_null(strstr(err.msg, strerror(ENOSPC)));
	assert_still_device("full");
	/* a small write fails as well (at the flush) */
	assert_int_equal(hv_outfile_open(&o, "full", "the test", &err), 0);
	fputs("x", o.f);
	assert_int_equal(hv_outfile_finish(&o, &err), -1);
	assert_non_null(strstr(err.msg, strerror(ENOSPC)));
	assert_still_device("full");
	assert_no_temp_left();
}

static void test_copy(void **state)
{
	(void)state;
	FILE *f = fopen("src.bin", "wb");
	for (int i = 0; i < 100000; i++)
		fputc(i & 0xff, f);
	fclose(f);
	struct hv_error err;
	assert_int_equal(hv_outfile_copy("src.bin", "dst.bin", "the copy", &err), 0);
	assert_int_equal(system("cmp -s src.bin dst.bin"), 0);
	assert_int_equal(hv_outfile_copy("absent.bin", "dst2.bin", "the copy", &err), -1);
	assert_non_null(strstr(err.msg, "absent.bin"));
	assert_int_equal(access("dst2.bin", F_OK), -1);
	if (make_device("full", 7)) {
		assert_int_equal(hv_outfile_copy("src.bin", "full", "the copy", &err), -1);
		assert_non_null(strstr(err.msg, strerror(ENOSPC)));
		assert_still_device("full");
	}
	assert_no_temp_left();
}

/* Bytes in memory written whole (the build's image tools), an empty file
 * too, and a failed write named with nothing left behind. */
static void test_bytes(void **state)
{
	(void)state;
	static const char image[] = "an\0image\nof bytes";
	struct hv_error err;
	assert_int_equal(hv_outfile_bytes("img.bin", image, sizeof image, "the image", &err), 0);
	char back[64];
	FILE *f = fopen("img.bin", "rb");
	assert_non_null(f);
	assert_int_equal(fread(back, 1, sizeof back, f), sizeof image);
	fclose(f);
	assert_memory_equal(back, image, sizeof image);
	assert_int_equal(hv_outfile_bytes("img.bin", image, 0, "the image", &err), 0);
	struct stat sb;
	assert_int_equal(stat("img.bin", &sb), 0);
	assert_int_equal(sb.st_size, 0);
	assert_int_equal(hv_outfile_bytes("no/such/folder/img.bin", image, 4, "the image", &err),
	                 -1);
	assert_non_null(strstr(err.msg, "no/such/folder"));
	if (make_device("full", 7)) {
		assert_int_equal(hv_outfile_bytes("full", image, sizeof image, "the image", &err),
		                 -1);
		assert_non_null(strstr(err.msg, "writing the image to full failed"));
		assert_still_device("full");
	}
	assert_no_temp_left();
}

/* hv_write_all: every byte through a pipe far larger than its buffer, and
 * a write that cannot go anywhere (/dev/full) fails with its errno. */
static void test_write_all(void **state)
{
	(void)state;
	enum { N = 1 << 20 };
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[1]);
		size_t got = 0;
		char buf[4096];
		ssize_t r;
		while ((r = read(fds[0], buf, sizeof buf)) > 0)
			for (ssize_t i = 0; i < r; i++, got++)
				if (buf[i] != (char)(got % 251))
					_exit(2);
		_exit(got == N ? 0 : 1);
	}
	close(fds[0]);
	char *data = malloc(N);
	assert_non_null(data);
	for (size_t i = 0; i < N; i++)
		data[i] = (char)(i % 251);
	assert_int_equal(hv_write_all(fds[1], data, N), 0);
	close(fds[1]);
	free(data);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	int full = open("/dev/full", O_WRONLY);
	if (full >= 0) {
		errno = 0;
		assert_int_equal(hv_write_all(full, "x", 1), -1);
		assert_int_equal(errno, ENOSPC);
		close(full);
	}
	assert_int_equal(hv_write_all(-1, "x", 1), -1);
	assert_int_equal(errno, EBADF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_and_replaced_regular_file),
	    cmocka_unit_test(test_folder_left_alone),
	    cmocka_unit_test(test_symlink_followed),
	    cmocka_unit_test(test_device_written_into),
	    cmocka_unit_test(test_copy),
	    cmocka_unit_test(test_bytes),
	    cmocka_unit_test(test_write_all),
	};
	return cmocka_run_group_tests_name("outfile", tests, NULL, NULL);
}
