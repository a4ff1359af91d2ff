/*
 * backup.c — sealing and opening backup files (format in backup.h).
 *
 * Streaming in 64 KiB pieces keeps memory flat however large the journal
 * is; secretstream authenticates each piece and their order, and its FINAL
 * tag is what proves the file was not cut short.
 */
#include "backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK   (64 * 1024)
#define ABYTES  crypto_secretstream_xchacha20poly1305_ABYTES
#define TAG_MSG crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
#define TAG_END crypto_secretstream_xchacha20poly1305_TAG_FINAL
#define MARKER  "haven backup ok"
#define FORMAT  1
#define KDF_ALG crypto_pwhash_ALG_ARGON2ID13

static void put_le(unsigned char *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int hv_backup_kind_of(const char *path, enum hv_backup_kind *kind, struct hv_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return hv_fail(err, HV_EDATA, "cannot open %s: %s", path, strerror(errno));
	unsigned char head[16] = {0};
	size_t got = fread(head, 1, sizeof head, f);
	fclose(f);
	if (got >= 12 && memcmp(head, HV_BACKUP_MAGIC, 12) == 0)
		*kind = HV_BACKUP_SEALED;
	else if (got == 16 && memcmp(head, "SQLite format 3", 16) == 0)
		*kind = HV_BACKUP_PLAIN;
	else
		return hv_fail(err, HV_EDATA,
		               "%s is not a haven backup (neither a sealed backup nor a database). "
		               "Check the file name",
		               path);
	return 0;
}

/* Write one message: its length, then the sealed bytes. */
static int push(FILE *out, crypto_secretstream_xchacha20poly1305_state *s, const void *m, size_t n,
                const unsigned char *ad, size_t adlen, unsigned char tag)
{
	static unsigned char c[CHUNK + ABYTES];
	unsigned long long clen;
	crypto_secretstream_xchacha20poly1305_push(s, c, &clen, m, n, ad, adlen, tag);
	unsigned char len[4];
	put_le(len, clen, 4);
	return fwrite(len, 1, 4, out) == 4 && fwrite(c, 1, (size_t)clen, out) == clen ? 0 : -1;
}

static FILE *create_private(const char *path, struct hv_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		hv_fail(err, HV_EIO, "cannot create %s: %s", path, strerror(errno));
	}
	return f;
}

/* Flush, sync and close; -1 (with the file removed) when any of it failed. */
static int finish(FILE *f, const char *path, int ok, struct hv_error *err)
{
	if (ok && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		ok = 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok) {
		unlink(path);
		if (err && err->code == HV_OK)
			hv_fail(err, HV_EIO, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int hv_backup_seal(const char *in_path, const char *out_path, const char *pass, size_t n,
                   struct hv_error *err)
{
	hv_error_clear(err);
	FILE *in = fopen(in_path, "rb");
	if (!in)
		return hv_fail(err, HV_EIO, "cannot read %s: %s", in_path, strerror(errno));
	struct hv_backup_header h;
	unsigned char *key = hv_key_new(pass, n, &h.kdf, err);
	if (!key) {
		fclose(in);
		return -1;
	}
	FILE *out = create_private(out_path, err);
	if (!out) {
		hv_key_free(key);
		fclose(in);
		return -1;
	}
	crypto_secretstream_xchacha20poly1305_state s;
	crypto_secretstream_xchacha20poly1305_init_push(&s, h.stream, key);
	hv_key_free(key);
	unsigned char *r = h.raw;
	memcpy(r, HV_BACKUP_MAGIC, 12);
	r[12] = FORMAT;
	r[13] = KDF_ALG;
	put_le(r + 14, h.kdf.ops, 8);
	put_le(r + 22, h.kdf.mem, 8);
	memcpy(r + 30, h.kdf.salt, HV_SALT_BYTES);
	memcpy(r + 46, h.stream, sizeof h.stream);
	int ok = fwrite(r, 1, HV_BACKUP_HEADER_LEN, out) == HV_BACKUP_HEADER_LEN &&
	         push(out, &s, MARKER, strlen(MARKER), r, HV_BACKUP_HEADER_LEN, TAG_MSG) == 0;
	static unsigned char buf[CHUNK];
	size_t got;
	/* Read one piece ahead so the last piece can carry FINAL. */
	got = ok ? fread(buf, 1, CHUNK, in) : 0;
	while (ok) {
		int c = fgetc(in);
		int last = c == EOF;
		ok = push(out, &s, buf, got, NULL, 0, last ? TAG_END : TAG_MSG) == 0;
		if (last)
			break;
		buf[0] = (unsigned char)c;
		got = 1 + fread(buf + 1, 1, CHUNK - 1, in);
	}
	if (ferror(in)) {
		ok = 0;
		hv_fail(err, HV_EIO, "cannot read %s", in_path);
	}
	fclose(in);
	sodium_memzero(&s, sizeof s);
	return finish(out, out_path, ok, err);
}

int hv_backup_read_header(FILE *in, const char *name, struct hv_backup_header *h,
                          struct hv_error *err)
{
	unsigned char *r = h->raw;
	if (fread(r, 1, HV_BACKUP_HEADER_LEN, in) != HV_BACKUP_HEADER_LEN ||
	    memcmp(r, HV_BACKUP_MAGIC, 12) != 0)
		return hv_fail(err, HV_ECORRUPT,
		               "%s is not a sealed haven backup, or it was cut "
		               "short at the start",
		               name);
	if (r[12] != FORMAT || r[13] != KDF_ALG)
		return hv_fail(err, HV_ESCHEMA,
		               "%s was sealed in a way this haven does not know (format %d). "
		               "Update haven",
		               name, r[12]);
	h->kdf.ops = get_le(r + 14, 8);
	h->kdf.mem = get_le(r + 22, 8);
	memcpy(h->kdf.salt, r + 30, HV_SALT_BYTES);
	memcpy(h->stream, r + 46, sizeof h->stream);
	return hv_kdf_check(&h->kdf, err);
}

/* Read one message's bytes: 1, or 0 when the file ends before or inside
 * it (cut short), or -1 for a length no haven writes (damage). */
static int read_message(FILE *in, unsigned char *c, size_t *clen)
{
	unsigned char len[4];
	if (fread(len, 1, 4, in) != 4)
		return 0;
	uint64_t n = get_le(len, 4);
	if (n < ABYTES || n > CHUNK + ABYTES)
		return -1;
	if (fread(c, 1, (size_t)n, in) != n)
		return 0;
	*clen = (size_t)n;
	return 1;
}

int hv_backup_decrypt(FILE *in, FILE *out, const char *name, const struct hv_backup_header *h,
                      const unsigned char key[HV_KEY_BYTES], struct hv_error *err)
{
	static unsigned char c[CHUNK + ABYTES], m[CHUNK];
	crypto_secretstream_xchacha20poly1305_state s;
	int rc = -1;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&s, h->stream, key) != 0)
		return hv_fail(err, HV_ECORRUPT, "%s has a damaged header", name);
	size_t clen;
	unsigned long long mlen;
	unsigned char tag;
	/* The marker: failing here means the key (the passphrase) is wrong. */
	int got = read_message(in, c, &clen);
	if (got == 0) {
		hv_fail(err, HV_ECORRUPT,
		        "%s was cut short right after its start, so it cannot be trusted. Nothing "
		        "was replaced; use a whole copy of the backup",
		        name);
		goto out;
	}
	if (got < 0 ||
	    crypto_secretstream_xchacha20poly1305_pull(&s, m, &mlen, &tag, c, clen, h->raw,
	                                               HV_BACKUP_HEADER_LEN) != 0 ||
	    tag != TAG_MSG || mlen != strlen(MARKER) || memcmp(m, MARKER, mlen) != 0) {
		hv_fail(err, HV_EDATA,
		        "the passphrase does not open %s (or its first bytes were changed). "
		        "Check it and try again; nothing was replaced",
		        name);
		goto out;
	}
	for (;;) {
		int more = read_message(in, c, &clen);
		if (more == 0) {
			hv_fail(err, HV_ECORRUPT,
			        "%s was cut short: its sealed end is missing, so it cannot be "
			        "trusted. Nothing was replaced; use a whole copy of the backup",
			        name);
			goto out;
		}
		if (more < 0 ||
		    crypto_secretstream_xchacha20poly1305_pull(&s, m, &mlen, &tag, c, clen, NULL,
		                                               0) != 0 ||
		    (tag != TAG_MSG && tag != TAG_END)) {
			hv_fail(err, HV_ECORRUPT,
			        "%s is damaged: part of it was changed or cut off, so it cannot be "
			        "trusted. Nothing was replaced",
			        name);
			goto out;
		}
		if (mlen && fwrite(m, 1, (size_t)mlen, out) != mlen) {
			hv_fail(err, HV_EIO, "cannot write the opened backup: %s", strerror(errno));
			goto out;
		}
		if (tag == TAG_END)
			break;
	}
	if (fgetc(in) != EOF) {
		hv_fail(err, HV_ECORRUPT,
		        "%s has bytes after its sealed end: it was changed. Nothing was replaced",
		        name);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(&s, sizeof s);
	sodium_memzero(m, sizeof m);
	return rc;
}

int hv_backup_open(const char *in_path, const char *out_path, const char *pass, size_t n,
                   struct hv_error *err)
{
	hv_error_clear(err);
	FILE *in = fopen(in_path, "rb");
	if (!in)
		return hv_fail(err, HV_EDATA, "cannot open %s: %s", in_path, strerror(errno));
	struct hv_backup_header h;
	if (hv_backup_read_header(in, in_path, &h, err) < 0) {
		fclose(in);
		return -1;
	}
	unsigned char *key = hv_key_derive(pass, n, &h.kdf, err);
	FILE *out = key ? create_private(out_path, err) : NULL;
	if (!out) {
		hv_key_free(key);
		fclose(in);
		return -1;
	}
	int rc = hv_backup_decrypt(in, out, in_path, &h, key, err);
	hv_key_free(key);
	fclose(in);
	return finish(out, out_path, rc == 0, err);
}
