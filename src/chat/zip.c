/*
 * zip.c — the .zip a phone's "Export chat" makes, read with libzip.
 *
 * The archive holds the chat text (_chat.txt on iOS, "WhatsApp Chat with
 * X.txt" on Android) and perhaps media; haven reads only the chat member,
 * streamed through zip_fread like any other input, so the archive is never
 * unpacked to disk or memory.  A damaged or truncated archive is refused by
 * libzip's own checks (the central directory, then each member's CRC).  A
 * chat that unpacks to far more than its packed size (a zip bomb) is
 * refused by what the archive says and by the bytes actually read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chat.h"
#include "zip-lib.h"

struct hv_chat_zip {
	zip_t *za;
	zip_file_t *zf;
	char *name;       /* "archive.zip" as people know it, for messages */
	int64_t packed;   /* the chat member's compressed size (-1: not known) */
	int64_t limit;    /* the most bytes it may unpack to */
	int64_t unpacked; /* read so far */
};

/* The most the chat inside may unpack to: a sane multiple of its packed
 * size plus a margin, and never past the limit on any chat input. */
static int64_t unpack_limit(int64_t packed, int64_t margin)
{
	if (packed < 0 || packed > (HV_CHAT_INPUT_MAX - margin) / HV_CHAT_ZIP_RATIO)
		return HV_CHAT_INPUT_MAX;
	int64_t l = packed * HV_CHAT_ZIP_RATIO + margin;
	return l < HV_CHAT_INPUT_MAX ? l : HV_CHAT_INPUT_MAX;
}

/* The archive's size in bytes, or -1: no member packs into more. */
static int64_t file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) ? (int64_t)sb.st_size : -1;
}

static int too_much(const struct hv_chat_zip *z, int64_t size, struct hv_error *err)
{
	if (z->packed >= 0 && z->limit < HV_CHAT_INPUT_MAX)
		return hv_fail(
		    err, HV_EDATA,
		    "the chat inside %s unpacks to more than %lld MiB from %lld KiB, over "
		    "%d times its packed size (haven's expansion limit for a zip, which "
		    "stops zip bombs); nothing was imported. Unzip it yourself and import "
		    "the .txt if it is a real chat",
		    z->name, (long long)((size > z->limit ? size : z->limit) >> 20),
		    (long long)(z->packed >> 10), HV_CHAT_ZIP_RATIO);
	return hv_fail(err, HV_EDATA,
	               "the chat inside %s unpacks to more than %d GiB, the most haven reads "
	               "from one chat export (its limit on a chat input); nothing was imported",
	               z->name, (int)(HV_CHAT_INPUT_MAX >> 30));
}

int hv_chat_is_zip(const char *path)
{
	unsigned char sig[4] = {0};
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = fread(sig, 1, 4, f);
	fclose(f);
	return n == 4 && sig[0] == 'P' && sig[1] == 'K' && sig[2] == 3 && sig[3] == 4;
}

static ssize_t zip_read(void *ctx, void *buf, size_t n, struct hv_error *err)
{
	struct hv_chat_zip *z = ctx;
	zip_int64_t got = sym_zip_fread(z->zf, buf, n);
	if (got < 0)
		return hv_fail(err, HV_EDATA,
		               "%s is damaged (%s): make the export again; nothing was imported",
		               z->name, sym_zip_strerror(z->za));
	/* The bytes actually unpacked, whatever the archive says its size is. */
	z->unpacked += got;
	if (z->unpacked > z->limit)
		return too_much(z, z->unpacked, err);
	return (ssize_t)got;
}

/* The member that holds the chat: a .txt (or result.json), the largest wins. */
static zip_int64_t chat_member(zip_t *za)
{
	zip_int64_t n = sym_zip_get_num_entries(za, 0), best = -1;
	zip_uint64_t best_size = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t sb;
		if (sym_zip_stat_index(za, (zip_uint64_t)i, 0, &sb) < 0 ||
		    !(sb.valid & ZIP_STAT_NAME))
			continue;
		const char *base = strrchr(sb.name, '/');
		base = base ? base + 1 : sb.name;
		size_t len = strlen(base);
		int chat = (len > 4 && strcmp(base + len - 4, ".txt") == 0) ||
		           strcmp(base, "result.json") == 0;
		if (!chat)
			continue;
		if (strcmp(base, "_chat.txt") == 0)
			return i;
		if (best < 0 || sb.size > best_size) {
			best = i;
			best_size = sb.size;
		}
	}
	return best;
}

int hv_chat_zip_open(const char *path, struct hv_chat_input *in, struct hv_chat_zip **zip_out,
                     struct hv_error *err)
{
	return hv_chat_zip_open_margin(path, HV_CHAT_ZIP_MARGIN, in, zip_out, err);
}

int hv_chat_zip_open_margin(const char *path, int64_t margin, struct hv_chat_input *in,
                            struct hv_chat_zip **zip_out, struct hv_error *err)
{
	*zip_out = NULL;
	if (hv_zip_load(err) < 0)
		return -1;
	int zerr = 0;
	zip_t *za = sym_zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	if (!za) {
		zip_error_t ze;
		sym_zip_error_init_with_code(&ze, zerr);
		hv_fail(err, HV_EDATA,
		        "%s is not a readable zip archive (%s): it may be cut short. Make the "
		        "export again; nothing was imported",
		        path, sym_zip_error_strerror(&ze));
		sym_zip_error_fini(&ze);
		return -1;
	}
	zip_int64_t idx = chat_member(za);
	if (idx < 0) {
		sym_zip_discard(za);
		return hv_fail(err, HV_EDATA,
		               "%s holds no chat: there is no .txt or result.json inside. Export "
		               "the chat again; nothing was imported",
		               path);
	}
	struct hv_chat_zip *z = calloc(1, sizeof *z);
	if (!z || !(z->name = strdup(path))) {
		free(z);
		sym_zip_discard(za);
		return hv_fail(err, HV_ENOMEM, "out of memory");
	}
	z->za = za;
	zip_stat_t sb;
	sym_zip_stat_init(&sb);
	sym_zip_stat_index(za, (zip_uint64_t)idx, 0, &sb);
	z->packed = (sb.valid & ZIP_STAT_COMP_SIZE) && sb.comp_size <= INT64_MAX
	                ? (int64_t)sb.comp_size
	                : -1;
	/* What the archive says of itself is not believed past its own size:
	 * a member claiming to pack into more would raise the limit. */
	int64_t whole = file_size(path);
	if (whole >= 0 && (z->packed < 0 || z->packed > whole))
		z->packed = whole;
	z->limit = unpack_limit(z->packed, margin < 0 ? 0 : margin);
	if ((sb.valid & ZIP_STAT_SIZE) && sb.size > (zip_uint64_t)z->limit) {
		too_much(z, (int64_t)(sb.size > (zip_uint64_t)INT64_MAX ? INT64_MAX : sb.size),
		         err);
		hv_chat_zip_close(z);
		return -1;
	}
	if (!(z->zf = sym_zip_fopen_index(za, (zip_uint64_t)idx, 0))) {
		hv_fail(err, HV_EDATA, "cannot read the chat inside %s (%s); nothing was imported",
		        path, sym_zip_strerror(za));
		hv_chat_zip_close(z);
		return -1;
	}
	memset(in, 0, sizeof *in);
	in->read = zip_read;
	in->ctx = z;
	in->name = z->name;
	in->size = (sb.valid & ZIP_STAT_SIZE) ? (int64_t)sb.size : -1;
	*zip_out = z;
	return 0;
}

void hv_chat_zip_close(struct hv_chat_zip *z)
{
	if (!z)
		return;
	if (z->zf)
		sym_zip_fclose(z->zf);
	sym_zip_discard(z->za);
	free(z->name);
	free(z);
}
