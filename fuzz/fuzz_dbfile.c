/*
 * fuzz_dbfile.c — libFuzzer target for opening a database file that came
 * from outside (a copy from another computer, a restored backup, a file
 * damaged on disk): arbitrary bytes as the database.  Opening must refuse
 * what is not a haven database, or open it and read every record, count
 * and scan them, without a crash, an out-of-bounds read or a leak.  The
 * seeds are a real database (three entries and a setting, written by haven
 * and checkpointed) and some text, so mutations land in pages haven reads.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/store.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_dbfile file;
	if (fuzz_dbfile_write(&file, "db", data, size) < 0)
		return 0;
	struct hv_store *st = NULL;
	struct hv_error err;
	if (hv_store_open(&st, file.path, &err) == 0) {
		struct hv_query all = {.include_deleted = 1};
		size_t n = 0;
		int64_t count;
		hv_store_each(st, &all, fuzz_count_one, &n, &err);
		json_decref(hv_store_list_json(st, &all, &err));
		hv_store_count(st, "journal", &count, &err);
		char region[16];
		hv_store_meta_get(st, "region", region, sizeof region, &err);
		hv_store_close(st);
	}
	fuzz_dbfile_remove(&file);
	return 0;
}
