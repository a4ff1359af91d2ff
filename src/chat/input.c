/*
 * input.c — chat inputs over plain files and parts of them.  Everything a
 * parser reads comes through struct hv_chat_input, so a file, a part of
 * one, a member of a zip archive and a fuzzer's bytes look the same to it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chat.h"

struct file_ctx {
	FILE *f;
	const char *name;
};

static ssize_t file_read(void *ctx, void *buf, size_t n, struct hv_error *err)
{
	FILE *f = ctx;
	size_t got = fread(buf, 1, n, f);
	if (got == 0 && ferror(f))
		return hv_fail(err, HV_EIO, "cannot read the chat file: %s", strerror(errno));
	return (ssize_t)got;
}

static ssize_t too_large(void *ctx, void *buf, size_t n, struct hv_error *err)
{
	(void)buf, (void)n;
	const struct hv_chat_input *in = ctx;
	return hv_fail(err, HV_EDATA,
	               "%s is %.1f GiB, over the %d GiB haven reads from one chat export (its "
	               "limit on a chat input); nothing was imported. Export a single chat instead",
	               in->name, (double)in->size / (1 << 30), (int)(HV_CHAT_INPUT_MAX >> 30));
}

void hv_chat_input_file(struct hv_chat_input *in, FILE *f, const char *name)
{
	memset(in, 0, sizeof *in);
	in->read = file_read;
	in->ctx = f;
	in->name = name;
	struct stat sb;
	int regular = fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode);
	in->size = regular ? (int64_t)sb.st_size : -1;
	if (in->size > HV_CHAT_INPUT_MAX) { /* refused before a byte is read */
		in->read = too_large;
		in->ctx = in;
		return;
	}
	/* Only a file read from its start can be cut into parts by offset. */
	if (regular && ftello(f) == 0 && lseek(fileno(f), 0, SEEK_CUR) == 0) {
		in->has_fd = 1;
		in->fd = in->map_fd = fileno(f);
		in->map_len = in->size;
	}
}

static ssize_t range_read(void *ctx, void *buf, size_t n, struct hv_error *err)
{
	struct hv_chat_range *r = ctx;
	if (r->pos >= r->end)
		return 0;
	if ((int64_t)n > r->end - r->pos)
		n = (size_t)(r->end - r->pos);
	ssize_t got;
	do
		got = pread(r->fd, buf, n, (off_t)r->pos);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return hv_fail(err, HV_EIO, "cannot read the chat file: %s", strerror(errno));
	r->pos += got;
	if (got == 0)
		r->end = r->pos; /* the file became shorter while it was read */
	return got;
}

void hv_chat_input_range(struct hv_chat_input *in, struct hv_chat_range *r, int fd, int64_t start,
                         int64_t end, const char *name)
{
	memset(in, 0, sizeof *in);
	*r = (struct hv_chat_range){fd, start, end};
	in->read = range_read;
	in->ctx = r;
	in->name = name;
	in->size = end - start;
	in->map_fd = fd;
	in->map_off = start;
	in->map_len = end - start;
}
