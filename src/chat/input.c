/*
 * input.c — chat inputs over plain files.  Everything a parser reads comes
 * through struct hv_chat_input, so a file, a member of a zip archive and a
 * fuzzer's bytes look the same to it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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

void hv_chat_input_file(struct hv_chat_input *in, FILE *f, const char *name)
{
	memset(in, 0, sizeof *in);
	in->read = file_read;
	in->ctx = f;
	in->name = name;
	struct stat sb;
	in->size = fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) ? (int64_t)sb.st_size : -1;
}
