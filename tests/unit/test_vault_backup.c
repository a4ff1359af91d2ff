/*
 * test_vault_backup.c — sealed backup files: one of several pieces round-
 * trips byte for byte, is known for sealed by its header, refuses a wrong
 * passphrase, and refuses a file cut at a piece's end or inside one, with
 * nothing written in either case.  The vault in the database is
 * test_vault.c's.
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

#include "core/error.h"
#include "transfer/backup.h"
#include "vault-fixture.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static long file_size(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fclose(f);
	return n;
}

static void test_backup_file(void **state)
{
	(void)state;
	struct hv_error err;
	unlink("bk-in");
	unlink("bk.sealed");
	unlink("bk-out");
	unlink("bk-cut");
	/* more than one 64 KiB piece */
	char *big = malloc(200001);
	for (int i = 0; i < 200000; i++)
		big[i] = (char)('a' + i % 26);
	big[200000] = '\0';
	write_file("bk-in", big);
	assert_int_equal(hv_backup_seal("bk-in", "bk.sealed", PASS, strlen(PASS), &err), 0);
	enum hv_backup_kind kind;
	assert_int_equal(hv_backup_kind_of("bk.sealed", &kind, &err), 0);
	assert_int_equal(kind, HV_BACKUP_SEALED);
	assert_int_equal(hv_backup_open("bk.sealed", "bk-out", OTHER, strlen(OTHER), &err), -1);
	assert_int_equal(err.code, HV_EDATA);
	assert_int_equal(access("bk-out", F_OK), -1);
	assert_int_equal(hv_backup_open("bk.sealed", "bk-out", PASS, strlen(PASS), &err), 0);
	assert_int_equal(file_size("bk-out"), 200000);
	FILE *f = fopen("bk-out", "rb");
	char *back = calloc(1, 200001);
	assert_int_equal(fread(back, 1, 200000, f), 200000);
	fclose(f);
	assert_memory_equal(back, big, 200000);
	unlink("bk-out");
	/* cut at a piece boundary or inside one: refused, nothing left behind */
	long n = file_size("bk.sealed");
	long cuts[] = {n - 1, n - 17 - 4, n / 2, 80};
	for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
		f = fopen("bk.sealed", "rb");
		char *buf = malloc((size_t)cuts[i]);
		assert_int_equal(fread(buf, 1, (size_t)cuts[i], f), (size_t)cuts[i]);
		fclose(f);
		f = fopen("bk-cut", "wb");
		fwrite(buf, 1, (size_t)cuts[i], f);
		fclose(f);
		free(buf);
		assert_int_equal(hv_backup_open("bk-cut", "bk-out", PASS, strlen(PASS), &err), -1);
		assert_int_equal(err.code, HV_ECORRUPT);
		assert_int_equal(access("bk-out", F_OK), -1);
	}
	free(big);
	free(back);
	unlink("bk-in");
	unlink("bk.sealed");
	unlink("bk-cut");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_backup_file),
	};
	return cmocka_run_group_tests(tests, vault_setup, NULL);
}
