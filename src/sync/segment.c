/*
 * segment.c — making and reading change segments (format in segment.h).
 *
 * Everything is built and checked in memory: a segment is written in one
 * piece by its maker (sync.c renames it into place whole) and read in one
 * piece here, so a reader never acts on part of one.  A parse failure
 * names what is wrong so that the refusal can say why.
 */
#include "segment.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK   (64 * 1024)
#define ABYTES  crypto_secretstream_xchacha20poly1305_ABYTES
#define HDRLEN  crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define TAG_MSG crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
#define TAG_END crypto_secretstream_xchacha20poly1305_TAG_FINAL

void hv_segment_hash(const void *buf, size_t n, unsigned char out[HV_SEG_HASH_LEN])
{
	crypto_generichash(out, HV_SEG_HASH_LEN, buf, n, NULL, 0);
}

int hv_segment_device_valid(const char *s)
{
	if (strlen(s) != HV_DEVICE_LEN)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

/* A growing byte buffer; ok drops to 0 when memory runs out. */
struct buf {
	unsigned char *p;
	size_t n, cap;
	int ok;
};

static void put(struct buf *b, const void *m, size_t n)
{
	if (!b->ok)
		return;
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n)
			cap *= 2;
		unsigned char *p = realloc(b->p, cap);
		if (!p) {
			b->ok = 0;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, m, n);
	b->n += n;
}

static void put_json(struct buf *b, const json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	if (!s) {
		b->ok = 0;
		return;
	}
	put(b, s, strlen(s));
	put(b, "\n", 1);
	free(s);
}

static void stream_ad(char ad[64], const char *device, int64_t seq)
{
	snprintf(ad, 64, "haven-sync %s %lld", device, (long long)seq);
}

static void seal_into(struct buf *out, const struct buf *plain, const unsigned char *key,
                      const char *device, int64_t seq)
{
	char ad[64];
	stream_ad(ad, device, seq);
	crypto_secretstream_xchacha20poly1305_state s;
	unsigned char hdr[HDRLEN], c[CHUNK + ABYTES];
	crypto_secretstream_xchacha20poly1305_init_push(&s, hdr, key);
	put(out, HV_SEG_MAGIC, strlen(HV_SEG_MAGIC));
	put(out, hdr, sizeof hdr);
	size_t at = 0;
	do {
		size_t n = plain->n - at < CHUNK ? plain->n - at : CHUNK;
		int last = at + n == plain->n;
		unsigned long long clen;
		crypto_secretstream_xchacha20poly1305_push(&s, c, &clen, plain->p + at, n,
		                                           (const unsigned char *)ad, strlen(ad),
		                                           last ? TAG_END : TAG_MSG);
		unsigned char len[4] = {(unsigned char)clen, (unsigned char)(clen >> 8),
		                        (unsigned char)(clen >> 16), (unsigned char)(clen >> 24)};
		put(out, len, 4);
		put(out, c, (size_t)clen);
		at += n;
	} while (at < plain->n);
}

int hv_segment_make(const char *device, int64_t seq, const unsigned char *prev, const json_t *lines,
                    const unsigned char *key, unsigned char **out, size_t *outlen,
                    struct hv_error *err)
{
	char hex[HV_SEG_HASH_LEN * 2 + 1] = "";
	if (prev)
		sodium_bin2hex(hex, sizeof hex, prev, HV_SEG_HASH_LEN);
	json_t *head =
	    json_pack("{s:i, s:s, s:I, s:s, s:I}", "haven_sync", 1, "device", device, "seq",
	              (json_int_t)seq, "prev", hex, "count", (json_int_t)json_array_size(lines));
	json_t *end = json_pack("{s:I}", "end", (json_int_t)json_array_size(lines));
	struct buf plain = {.ok = head && end}, sealed = {.ok = 1};
	size_t i;
	const json_t *line;
	put_json(&plain, head);
	json_array_foreach(lines, i, line) put_json(&plain, line);
	put_json(&plain, end);
	json_decref(head);
	json_decref(end);
	if (plain.ok && key) {
		seal_into(&sealed, &plain, key, device, seq);
		sodium_memzero(plain.p, plain.n);
		free(plain.p);
		plain = sealed;
	}
	if (!plain.ok) {
		free(plain.p);
		return hv_fail(err, HV_ENOMEM, "out of memory");
	}
	*out = plain.p;
	*outlen = plain.n;
	return 0;
}

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The plain form inside a sealed segment, or -1 (err says why). */
static int unseal(const unsigned char *buf, size_t n, const unsigned char *key, const char *device,
                  int64_t seq, struct buf *plain, struct hv_error *err)
{
	size_t m = strlen(HV_SEG_MAGIC), at = m + HDRLEN;
	if (n < at)
		return hv_fail(err, HV_EDATA, "it is cut short");
	char ad[64];
	stream_ad(ad, device, seq);
	crypto_secretstream_xchacha20poly1305_state s;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&s, buf + m, key) != 0)
		return hv_fail(err, HV_EDATA, "its seal is damaged");
	unsigned char *piece = malloc(CHUNK), tag = 0;
	int rc = piece ? 0 : hv_fail(err, HV_ENOMEM, "out of memory");
	while (rc == 0 && tag != TAG_END) {
		uint32_t clen = n - at >= 4 ? get_u32(buf + at) : 0;
		unsigned long long len;
		if (n - at < 4 || clen > n - at - 4)
			rc = hv_fail(err, HV_EDATA, "it is cut short");
		else if (clen < ABYTES || clen > CHUNK + ABYTES ||
		         crypto_secretstream_xchacha20poly1305_pull(
		             &s, piece, &len, &tag, buf + at + 4, clen, (const unsigned char *)ad,
		             strlen(ad)) != 0)
			rc =
			    hv_fail(err, HV_EDATA,
			            "its seal does not open with this journal's sync key (changed, "
			            "moved, or not made by a device of this journal)");
		else {
			put(plain, piece, (size_t)len);
			at += 4 + clen;
		}
	}
	if (piece) {
		sodium_memzero(piece, CHUNK);
		free(piece);
	}
	if (rc == 0 && at != n)
		rc = hv_fail(err, HV_EDATA, "it has bytes after its end");
	if (rc == 0 && !plain->ok)
		rc = hv_fail(err, HV_ENOMEM, "out of memory");
	return rc;
}

static int check_head(const json_t *h, const char *device, int64_t seq, struct hv_segment *seg,
                      json_int_t *count, struct hv_error *err)
{
	const char *dev = NULL, *prev = NULL;
	json_int_t fmt = 0, s = 0;
	if (!json_is_object(h) ||
	    json_unpack((json_t *)h, "{s:I, s:s, s:I, s:s, s:I}", "haven_sync", &fmt, "device",
	                &dev, "seq", &s, "prev", &prev, "count", count) != 0 ||
	    fmt != 1)
		return hv_fail(err, HV_EDATA, "it does not start with a haven sync header");
	if (strcmp(dev, device) != 0 || s != seq)
		return hv_fail(
		    err, HV_EDATA,
		    "its header says it is segment %lld of device %.16s, not where it lies",
		    (long long)s, dev);
	snprintf(seg->device, sizeof seg->device, "%s", dev);
	seg->seq = s;
	seg->has_prev = *prev != '\0';
	size_t got = 0;
	if (seg->has_prev && (strlen(prev) != HV_SEG_HASH_LEN * 2 ||
	                      sodium_hex2bin(seg->prev, HV_SEG_HASH_LEN, prev, strlen(prev), NULL,
	                                     &got, NULL) != 0 ||
	                      got != HV_SEG_HASH_LEN))
		return hv_fail(err, HV_EDATA, "its header's link to the segment before is damaged");
	/* A snapshot of the first segment names it: a link where none is
	 * needed is checked by whoever applies it (sync-run.c). */
	if (!seg->has_prev && seq > 1)
		return hv_fail(err, HV_EDATA, "its header's link to the segment before is wrong");
	return 0;
}

/* Split the plain form into its lines and check them. */
static int parse_plain(const unsigned char *p, size_t n, const char *device, int64_t seq,
                       struct hv_segment *seg, struct hv_error *err)
{
	json_int_t count = -1;
	int ended = 0;
	size_t at = 0, lineno = 0;
	while (at < n) {
		const unsigned char *nl = memchr(p + at, '\n', n - at);
		if (!nl || ended)
			return hv_fail(err, HV_EDATA,
			               ended ? "it has lines after its end"
			                     : "it is cut short (its last line is not whole)");
		json_error_t je;
		json_t *j = json_loadb((const char *)p + at, (size_t)(nl - (p + at)), 0, &je);
		at = (size_t)(nl - p) + 1;
		lineno++;
		if (!json_is_object(j)) {
			json_decref(j);
			return hv_fail(err, HV_EDATA, "its line %zu is not a JSON object", lineno);
		}
		if (lineno == 1) {
			int rc = check_head(j, device, seq, seg, &count, err);
			json_decref(j);
			if (rc < 0)
				return -1;
		} else if (json_object_get(j, "end") && json_object_size(j) == 1) {
			ended = 1;
			json_int_t e = json_integer_value(json_object_get(j, "end"));
			json_decref(j);
			if (e != count || (size_t)count != json_array_size(seg->lines))
				return hv_fail(err, HV_EDATA,
				               "it holds %zu changes, not the %lld it says",
				               json_array_size(seg->lines), (long long)count);
		} else if (json_array_append_new(seg->lines, j) < 0)
			return hv_fail(err, HV_ENOMEM, "out of memory");
	}
	if (!ended)
		return hv_fail(err, HV_EDATA, "it is cut short (it has no end line)");
	return 0;
}

int hv_segment_parse(const unsigned char *buf, size_t n, const unsigned char *key,
                     const char *device, int64_t seq, struct hv_segment *seg, struct hv_error *err)
{
	memset(seg, 0, sizeof *seg);
	if (!(seg->lines = json_array()))
		return hv_fail(err, HV_ENOMEM, "out of memory");
	size_t m = strlen(HV_SEG_MAGIC);
	int sealed = n >= m && memcmp(buf, HV_SEG_MAGIC, m) == 0;
	int rc;
	if (sealed && !key)
		rc = hv_fail(err, HV_EDATA, "it is sealed, and this journal is not a vault");
	else if (!sealed && key)
		rc = hv_fail(err, HV_EDATA,
		             "it is not sealed, and this journal's segments always are (a vault)");
	else if (!sealed)
		rc = parse_plain(buf, n, device, seq, seg, err);
	else {
		struct buf plain = {.ok = 1};
		rc = unseal(buf, n, key, device, seq, &plain, err);
		if (rc == 0)
			rc = parse_plain(plain.p, plain.n, device, seq, seg, err);
		if (plain.p)
			sodium_memzero(plain.p, plain.n);
		free(plain.p);
	}
	if (rc < 0)
		hv_segment_free(seg);
	return rc;
}

void hv_segment_free(struct hv_segment *seg)
{
	json_decref(seg->lines);
	seg->lines = NULL;
}
