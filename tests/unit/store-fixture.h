/*
 * store-fixture.h — the store a unit test starts from: a fresh database
 * at a path (":memory:" for one that leaves nothing behind), its record
 * count, a journal entry added with only the fields every entry needs, and
 * a database file's bytes, to show a step left it byte-identical.
 * Each step that fails fails the test.  Include after <cmocka.h>.
 */
#ifndef HAVEN_TEST_STORE_FIXTURE_H
#define HAVEN_TEST_STORE_FIXTURE_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/record.h"
#include "core/store.h"

/* The database at path gone, with its -wal and -shm. */
static inline void fixture_remove(const char *path)
{
	char side[4096];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* The database at path opened as it is (made where there is none). */
static inline struct hv_store *fixture_open(const char *path)
{
	struct hv_store *st;
	struct hv_error err;
	if (hv_store_open(&st, path, &err) < 0)
		fail_msg("%s", err.msg);
	return st;
}

/* A database at path made anew: what a run before left there removed
 * first. */
static inline struct hv_store *fixture_store(const char *path)
{
	if (strcmp(path, ":memory:") != 0)
		fixture_remove(path);
	return fixture_open(path);
}

/* Every record, deleted ones aside. */
static inline int64_t fixture_count(struct hv_store *st)
{
	int64_t n;
	struct hv_error err;
	assert_int_equal(hv_store_count(st, NULL, &n, &err), 0);
	return n;
}

/* A journal entry of intensity 4 about what, as a new record. */
static inline void fixture_add_entry(struct hv_store *st, const char *what)
{
	struct hv_record r;
	struct hv_error err;
	assert_int_equal(hv_record_new(&r, "trigger", &err), 0);
	json_object_set_new(r.body, "intensity", json_integer(4));
	json_object_set_new(r.body, "what", json_string(what));
	assert_int_equal(hv_store_add_new(st, &r, NULL, NULL, &err), 0);
}

/* The file at path whole, for the caller to free; its length in *len. */
static inline char *fixture_bytes(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot read %s", path);
	char *buf = NULL;
	FILE *mem = open_memstream(&buf, len);
	assert_non_null(mem);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(fwrite(chunk, 1, n, mem), n);
	assert_false(ferror(f));
	fclose(f);
	assert_int_equal(fclose(mem), 0);
	return buf;
}

/* The file at path holds exactly the n bytes at was. */
static inline void fixture_same_bytes(const char *path, const char *was, size_t n)
{
	size_t len;
	char *now = fixture_bytes(path, &len);
	assert_int_equal(len, n);
	assert_memory_equal(now, was, n);
	free(now);
}

#endif
