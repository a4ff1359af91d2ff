/*
 * fuzz_backup.c — libFuzzer target for the sealed-backup reader: arbitrary
 * bytes as a backup file.  The header parser and the stream decoder must
 * refuse anything that is not a whole, authentic backup, and never crash,
 * read out of bounds or leak.  Headers with the minimum key cost (as the
 * seeds, made with HAVEN_TEST_KDF_FAST=1 and the passphrase below, have)
 * get the real key, so mutations reach deep into the stream; any other
 * header is decoded with a fixed key, never paying for Argon2id.
 */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "transfer/backup.h"

#define FUZZ_PASS "fuzz passphrase"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	FILE *in = fmemopen((void *)data, size, "rb");
	if (!in)
		return 0;
	struct hv_backup_header h;
	struct hv_error err;
	if (hv_backup_read_header(in, "fuzz", &h, &err) == 0) {
		static const unsigned char fixed[HV_KEY_BYTES];
		unsigned char *key = NULL;
		if (h.kdf.ops == crypto_pwhash_OPSLIMIT_MIN &&
		    h.kdf.mem == crypto_pwhash_MEMLIMIT_MIN)
			key = hv_key_derive(FUZZ_PASS, sizeof FUZZ_PASS - 1, &h.kdf, &err);
		char *buf = NULL;
		size_t n = 0;
		FILE *out = open_memstream(&buf, &n);
		if (out) {
			int rc = hv_backup_decrypt(in, out, "fuzz", &h, key ? key : fixed, &err);
			fclose(out);
			/* Success needs the real key: a fixed key never opens a stream. */
			if (rc == 0 && !key)
				abort();
		}
		free(buf);
		hv_key_free(key);
	}
	fclose(in);
	return 0;
}
