/*
 * fuzz_daylio.c — libFuzzer target for the Daylio CSV importer: arbitrary
 * bytes as a Daylio export into a fresh in-memory store.  Whatever comes
 * in, the import lands whole or not at all, a refusal says why, and the
 * CSV reader never reads past its input, crashes or leaks.  The first byte
 * chooses whether a mood name of the person's own is given.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "fuzz-common.h"
#include "transfer/transfer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_store *st = fuzz_store();
	struct hv_error err;
	json_t *moods = size && (data[0] & 1) ? json_pack("{s:i}", "so-so", 4) : NULL;
	/* An exact copy, so reading one byte past the end is caught. */
	char *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	struct hv_daylio_stats stats;
	int rc = hv_import_daylio_buf(st, copy, size, "fuzz", moods, &stats, &err);
	free(copy);
	json_decref(moods);
	if (rc < 0 && (fuzz_records(st) != 0 || !err.msg[0]))
		abort();
	if (rc == 0 && fuzz_records(st) != stats.added + stats.factors)
		abort();
	/* Twice adds nothing. */
	if (rc == 0) {
		int64_t before = fuzz_records(st);
		copy = malloc(size ? size : 1);
		memcpy(copy, data, size);
		moods = size && (data[0] & 1) ? json_pack("{s:i}", "so-so", 4) : NULL;
		if (hv_import_daylio_buf(st, copy, size, "fuzz", moods, &stats, &err) < 0 ||
		    stats.added != 0 || fuzz_records(st) != before)
			abort();
		free(copy);
		json_decref(moods);
	}
	hv_store_close(st);
	return 0;
}
