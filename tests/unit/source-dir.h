/*
 * source-dir.h — where the source tree is, for unit tests that read its
 * fixtures or data.  The tests run in a temporary directory
 * (tests/run-unit.sh), which sets HAVEN_SOURCE_DIR; run by hand, the tree
 * is found from the binary's own place (build/tests/test_x, three levels
 * below the root).  Include after <cmocka.h>.
 */
#ifndef HAVEN_TEST_SOURCE_DIR_H
#define HAVEN_TEST_SOURCE_DIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "<root>/below" (or "<root>" when below is empty) into out. */
static void source_path(char *out, size_t n, const char *below)
{
	const char *sep = below[0] ? "/" : "";
	const char *src = getenv("HAVEN_SOURCE_DIR");
	if (src && *src) {
		snprintf(out, n, "%s%s%s", src, sep, below);
		return;
	}
	char exe[4096];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	assert_true(len > 0);
	exe[len] = '\0';
	for (int up = 0; up < 3; up++)
		*strrchr(exe, '/') = '\0';
	snprintf(out, n, "%s%s%s", exe, sep, below);
}

#endif
