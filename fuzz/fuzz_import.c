/*
 * fuzz_import.c — libFuzzer target for the JSON Lines importer: arbitrary
 * bytes as an import file into a fresh in-memory store.  Whatever comes in,
 * the import either lands whole or not at all, and never crashes or leaks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/store.h"
#include "fuzz-common.h"
#include "transfer/transfer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_store *st = fuzz_store();
	struct hv_error err;
	FILE *in = fmemopen((void *)data, size, "r");
	if (!in) { /* fmemopen refuses size 0 */
		hv_store_close(st);
		return 0;
	}
	struct hv_import_stats stats;
	int rc = hv_import_jsonl(st, in, "fuzz", &stats, NULL, NULL, &err);
	fclose(in);
	/* All or nothing: a failed import leaves the store empty. */
	if (rc < 0 && fuzz_records(st) != 0)
		abort();
	if (rc == 0 && fuzz_records(st) > stats.added)
		abort();
	hv_store_close(st);
	return 0;
}
