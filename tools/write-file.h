/*
 * write-file.h — how the build's image tools (crisis-image, rules-image,
 * weights-image) keep what they made: the whole file or nothing, through
 * core's outfile (temporary name, sync, rename), and a line saying why not
 * that names the tool.  Each tool is one .c file linked with the library,
 * so this is a header.
 */
#ifndef HAVEN_TOOLS_WRITE_FILE_H
#define HAVEN_TOOLS_WRITE_FILE_H

#include <stdio.h>

#include "core/outfile.h"

static inline int tool_write_file(const char *tool, const char *path, const void *bytes, size_t len)
{
	struct hv_error err;
	if (hv_outfile_bytes(path, bytes, len, "the image", &err) == 0)
		return 0;
	fprintf(stderr, "%s: %s\n", tool, err.msg);
	return -1;
}

#endif
