/*
 * fuzz_segment.c — libFuzzer target for the sync folder's segment reader
 * (sync/segment.h): arbitrary bytes as a segment another device wrote.
 * The first byte chooses plain or sealed (under a fixed key, as the seeds
 * were made, so mutations reach into the stream) and the number the file
 * lies under.  The reader must refuse anything not whole and well formed,
 * never crash, read out of bounds or leak; what it accepts must make the
 * same segment again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sync/segment.h"

#define DEVICE "0123456789abcdef"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const unsigned char key[HV_SEG_KEY_LEN] = {7};
	const unsigned char *k = data[0] & 1 ? key : NULL;
	int64_t seq = 1 + ((data[0] >> 1) & 3);
	struct hv_segment seg;
	struct hv_error err;
	if (hv_segment_parse(data + 1, size - 1, k, DEVICE, seq, &seg, &err) < 0)
		return 0;
	unsigned char *again = NULL;
	size_t n = 0;
	struct hv_segment back;
	if (hv_segment_make(DEVICE, seq, seg.has_prev ? seg.prev : NULL, seg.lines, k, &again, &n,
	                    &err) < 0 ||
	    hv_segment_parse(again, n, k, DEVICE, seq, &back, &err) < 0)
		abort();
	if (json_array_size(back.lines) != json_array_size(seg.lines))
		abort();
	hv_segment_free(&back);
	hv_segment_free(&seg);
	free(again);
	return 0;
}
