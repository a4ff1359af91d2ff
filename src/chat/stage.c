/*
 * stage.c — the stage of one chat import (see chatlog.h): where parsed
 * messages wait, eight bytes each, until the import writes them as days.
 *
 * The stage is built for speed as much as for flat memory: a message costs
 * eight bytes appended to a buffered temporary file (and eight for its line
 * number), and a run of messages on the same written date — in an ordinary
 * export, a day — costs one record in a third.  SQLite sees the runs only
 * once reading is over, one row each, so the lanes that read parts of a
 * file at once never touch the connection.  Reading back, a day whose
 * messages sit in one run (the usual case) is a single pread.
 */
#include "chatlog.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/outfile.h"
#include "core/store-db.h"

/* ---- spill files: unlinked temporary files of 64-bit values ------------- */

#define SPILL_BUF 8192 /* values buffered before a write (64 KiB) */

struct spill {
	int fd;
	uint64_t *buf;
	size_t fill;
	int64_t count; /* values appended, buffered ones included */
};

static int spill_open(struct spill *sp, struct hv_error *err)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	char path[4096];
	snprintf(path, sizeof path, "%s/haven-chat-XXXXXX", dir);
	sp->fd = mkstemp(path);
	if (sp->fd < 0)
		return hv_fail(err, HV_EIO,
		               "cannot make a temporary file in %s to hold the messages while "
		               "reading (%s); set TMPDIR to a folder with room and try again",
		               dir, strerror(errno));
	unlink(path); /* gone from the folder now; gone for good when closed */
	if (!(sp->buf = malloc(SPILL_BUF * sizeof *sp->buf)))
		return hv_fail(err, HV_ENOMEM, "out of memory");
	return 0;
}

static void spill_close(struct spill *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	sp->fd = -1;
	free(sp->buf);
	sp->buf = NULL;
}

static int spill_io_fail(struct hv_error *err)
{
	return hv_fail(err, HV_EIO,
	               "cannot use the temporary file that holds the messages while reading "
	               "(%s); set TMPDIR to a folder with room and try again",
	               errno ? strerror(errno) : "it ended early");
}

static int spill_flush(struct spill *sp, struct hv_error *err)
{
	if (hv_write_all(sp->fd, sp->buf, sp->fill * sizeof *sp->buf) < 0)
		return spill_io_fail(err);
	sp->fill = 0;
	return 0;
}

static inline int spill_put(struct spill *sp, uint64_t v, struct hv_error *err)
{
	if (sp->fill == SPILL_BUF && spill_flush(sp, err) < 0)
		return -1;
	sp->buf[sp->fill++] = v;
	sp->count++;
	return 0;
}

/* Values first .. first+n-1 into out (all of them written already). */
static int spill_read(struct spill *sp, int64_t first, size_t n, uint64_t *out,
                      struct hv_error *err)
{
	char *p = (char *)out;
	size_t left = n * sizeof *out;
	off_t at = (off_t)first * (off_t)sizeof *out;
	while (left > 0) {
		errno = 0;
		ssize_t r = pread(sp->fd, p, left, at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return spill_io_fail(err);
		p += r;
		at += r;
		left -= (size_t)r;
	}
	return 0;
}

/* ---- the stage -------------------------------------------------------- */

struct run {
	int chat, a, b, c, lane;
	int64_t first, n;
};
#define RUN_VALUES 6 /* a run in its lane's spill: chat, a, b, c, first, n */

/* One lane: what one reader thread appends to, and nothing else does. */
struct lane {
	struct spill tuples, lines, runs;
	struct run cur;    /* the open run (cur.n == 0: none) */
	int64_t line_base; /* added to the lane's line numbers */
};

struct hv_chatlog_stage {
	struct hv_store *st;
	sqlite3_stmt *run, *text, *get_text, *day_get, *day_put;
	struct lane lane[HV_CHATLOG_LANES];
	int nlanes;
	/* the group being read back */
	uint64_t *gbuf;
	size_t gcap;
	struct run *gruns; /* its runs, to fetch line numbers on demand */
	size_t ngruns, gruns_cap;
	int64_t *lbuf;
	size_t lcap;
	unsigned char *blob; /* a day's blob being written */
	size_t blob_cap;
	int old_cache; /* the connection's cache_size, restored at the end */
};

static int stage_fail(struct hv_chatlog_stage *sg, struct hv_error *err, const char *doing)
{
	return hv_store_db_fail(sg->st, err, doing);
}

static const char stage_sql[] =
    "DROP TABLE IF EXISTS temp.chat_runs;"
    "DROP TABLE IF EXISTS temp.chat_stage_text;"
    /* Keyed by date so reading back in date order needs no sort: an export
     * is nearly in order already, so the inserts mostly append. */
    "CREATE TEMP TABLE chat_runs (chat INTEGER, a INTEGER, b INTEGER, c INTEGER,"
    " seq INTEGER, lane INTEGER, first INTEGER, n INTEGER,"
    " PRIMARY KEY (chat, a, b, c, seq)) WITHOUT ROWID;"
    "CREATE TEMP TABLE chat_stage_text (line INTEGER PRIMARY KEY, text BLOB);";

static int prepare(struct hv_chatlog_stage *sg, const char *sql, sqlite3_stmt **s,
                   struct hv_error *err)
{
	if (sqlite3_prepare_v3(hv_store_db(sg->st), sql, -1, SQLITE_PREPARE_PERSISTENT, s, NULL) !=
	    SQLITE_OK)
		return stage_fail(sg, err, "prepare the import");
	return 0;
}

/*
 * A larger page cache while the days are written: with SQLite's default of
 * 2 MB, pages of a large import are pushed out to the WAL mid-transaction
 * and read back again and again (40,000 reads for a 100 MB export; with 16
 * MB, only the checkpoint's 5,000).  A fixed size, so memory stays flat.
 */
#define STAGE_CACHE_KIB 16384

static void set_cache(struct hv_chatlog_stage *sg)
{
	sqlite3_stmt *s;
	sg->old_cache = 0;
	if (sqlite3_prepare_v2(hv_store_db(sg->st), "PRAGMA main.cache_size", -1, &s, NULL) !=
	    SQLITE_OK)
		return;
	if (sqlite3_step(s) == SQLITE_ROW)
		sg->old_cache = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	/* Positive sizes count pages, negative ones KiB; only ever grow it. */
	if (sg->old_cache < 0 && sg->old_cache > -STAGE_CACHE_KIB) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA main.cache_size = %d", -STAGE_CACHE_KIB);
		sqlite3_exec(hv_store_db(sg->st), sql, NULL, NULL, NULL);
	} else {
		sg->old_cache = 0;
	}
}

int hv_chatlog_stage_open(struct hv_store *st, int lanes, struct hv_chatlog_stage **out,
                          struct hv_error *err)
{
	*out = NULL;
	if (lanes < 1 || lanes > HV_CHATLOG_LANES)
		return hv_fail(err, HV_EINVAL, "a chat import reads with 1 to %d lanes, not %d",
		               HV_CHATLOG_LANES, lanes);
	struct hv_chatlog_stage *sg = calloc(1, sizeof *sg);
	if (!sg)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	sg->st = st;
	sg->nlanes = lanes;
	for (int i = 0; i < HV_CHATLOG_LANES; i++)
		sg->lane[i].tuples.fd = sg->lane[i].lines.fd = sg->lane[i].runs.fd = -1;
	if (sqlite3_exec(hv_store_db(st), stage_sql, NULL, NULL, NULL) != SQLITE_OK) {
		stage_fail(sg, err, "prepare the import");
		free(sg);
		return -1;
	}
	set_cache(sg);
	if (prepare(sg, "INSERT INTO temp.chat_runs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	            &sg->run, err) < 0 ||
	    prepare(sg, "INSERT OR REPLACE INTO temp.chat_stage_text VALUES (?1, ?2)", &sg->text,
	            err) < 0 ||
	    prepare(sg, "SELECT text FROM temp.chat_stage_text WHERE line = ?1", &sg->get_text,
	            err) < 0 ||
	    prepare(sg, "SELECT n, data FROM chat_days WHERE chat = ?1 AND day = ?2", &sg->day_get,
	            err) < 0 ||
	    prepare(sg, "INSERT OR REPLACE INTO chat_days VALUES (?1, ?2, ?3, ?4, ?5)",
	            &sg->day_put, err) < 0)
		goto fail;
	for (int i = 0; i < lanes; i++) {
		struct lane *l = &sg->lane[i];
		if (spill_open(&l->tuples, err) < 0 || spill_open(&l->lines, err) < 0 ||
		    spill_open(&l->runs, err) < 0)
			goto fail;
	}
	*out = sg;
	return 0;
fail:
	hv_chatlog_stage_close(sg);
	return -1;
}

void hv_chatlog_stage_close(struct hv_chatlog_stage *sg)
{
	if (!sg)
		return;
	sqlite3_finalize(sg->run);
	sqlite3_finalize(sg->text);
	sqlite3_finalize(sg->get_text);
	sqlite3_finalize(sg->day_get);
	sqlite3_finalize(sg->day_put);
	sqlite3_exec(
	    hv_store_db(sg->st),
	    "DROP TABLE IF EXISTS temp.chat_runs; DROP TABLE IF EXISTS temp.chat_stage_text", NULL,
	    NULL, NULL);
	if (sg->old_cache) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA main.cache_size = %d", sg->old_cache);
		sqlite3_exec(hv_store_db(sg->st), sql, NULL, NULL, NULL);
	}
	for (int i = 0; i < HV_CHATLOG_LANES; i++) {
		spill_close(&sg->lane[i].tuples);
		spill_close(&sg->lane[i].lines);
		spill_close(&sg->lane[i].runs);
	}
	free(sg->gbuf);
	free(sg->gruns);
	free(sg->lbuf);
	free(sg->blob);
	free(sg);
}

/* Put the lane's open run, if any, in its spill. */
static int close_run(struct lane *l, struct hv_error *err)
{
	const struct run *r = &l->cur;
	if (r->n == 0)
		return 0;
	const uint64_t v[RUN_VALUES] = {(uint64_t)r->chat, (uint64_t)r->a,     (uint64_t)r->b,
	                                (uint64_t)r->c,    (uint64_t)r->first, (uint64_t)r->n};
	for (int i = 0; i < RUN_VALUES; i++)
		if (spill_put(&l->runs, v[i], err) < 0)
			return -1;
	l->cur.n = 0;
	return 0;
}

int hv_chatlog_stage_add(struct hv_chatlog_stage *sg, int lane, int chat, int a, int b, int c,
                         uint64_t tuple, int64_t line, struct hv_error *err)
{
	struct lane *l = &sg->lane[lane];
	struct run *r = &l->cur;
	if (r->n == 0 || r->chat != chat || r->a != a || r->b != b || r->c != c) {
		if (close_run(l, err) < 0)
			return -1;
		*r = (struct run){chat, a, b, c, lane, l->tuples.count, 0};
	}
	if (spill_put(&l->tuples, tuple, err) < 0 || spill_put(&l->lines, (uint64_t)line, err) < 0)
		return -1;
	r->n++;
	return 0;
}

void hv_chatlog_stage_line_base(struct hv_chatlog_stage *sg, int lane, int64_t base)
{
	sg->lane[lane].line_base = base;
}

/* Put one spilled run in the index, numbered seq. */
static int index_run(struct hv_chatlog_stage *sg, int lane, const uint64_t v[RUN_VALUES],
                     int64_t seq, struct hv_error *err)
{
	sqlite3_stmt *s = sg->run;
	sqlite3_bind_int(s, 1, (int)v[0]);
	sqlite3_bind_int(s, 2, (int)v[1]);
	sqlite3_bind_int(s, 3, (int)v[2]);
	sqlite3_bind_int(s, 4, (int)v[3]);
	sqlite3_bind_int64(s, 5, seq);
	sqlite3_bind_int(s, 6, lane);
	sqlite3_bind_int64(s, 7, (int64_t)v[4]);
	sqlite3_bind_int64(s, 8, (int64_t)v[5]);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : stage_fail(sg, err, "hold the messages while reading");
}

/*
 * Reading is over: every lane's runs into the index, lane by lane, so the
 * sequence numbers follow the file.  Runs are read back a block at a time.
 */
static int index_runs(struct hv_chatlog_stage *sg, struct hv_error *err)
{
	int64_t seq = 0;
	uint64_t block[RUN_VALUES * 512];
	for (int i = 0; i < sg->nlanes; i++) {
		struct lane *l = &sg->lane[i];
		if (close_run(l, err) < 0 || spill_flush(&l->tuples, err) < 0 ||
		    spill_flush(&l->lines, err) < 0 || spill_flush(&l->runs, err) < 0)
			return -1;
		for (int64_t at = 0; at < l->runs.count;) {
			int64_t left = l->runs.count - at;
			size_t n = left < (int64_t)(sizeof block / sizeof *block)
			               ? (size_t)left
			               : sizeof block / sizeof *block;
			if (spill_read(&l->runs, at, n, block, err) < 0)
				return -1;
			for (size_t k = 0; k + RUN_VALUES <= n; k += RUN_VALUES)
				if (index_run(sg, i, block + k, seq++, err) < 0)
					return -1;
			at += (int64_t)n;
		}
	}
	return 0;
}

int hv_chatlog_stage_text(struct hv_chatlog_stage *sg, int64_t line, const char *text, size_t n,
                          struct hv_error *err)
{
	sqlite3_stmt *s = sg->text;
	sqlite3_bind_int64(s, 1, line);
	sqlite3_bind_blob64(s, 2, text, n, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : stage_fail(sg, err, "hold the messages while reading");
}

const char *hv_chatlog_stage_get_text(struct hv_chatlog_stage *sg, int64_t line, size_t *n)
{
	sqlite3_stmt *s = sg->get_text;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, line);
	if (sqlite3_step(s) != SQLITE_ROW)
		return NULL;
	*n = (size_t)sqlite3_column_bytes(s, 0);
	const char *t = sqlite3_column_blob(s, 0);
	return t ? t : "";
}

/* buf with room for want values of size bytes (capacity *cap); NULL when
 * out of memory, buf then untouched. */
static void *grow(void *buf, size_t *cap, size_t want, size_t size)
{
	if (want <= *cap && buf)
		return buf;
	size_t c = *cap ? *cap : 1024;
	while (c < want)
		c *= 2;
	void *p = realloc(buf, c * size);
	if (p)
		*cap = c;
	return p;
}

/* Append a run's tuples to the group being gathered. */
static int gather(struct hv_chatlog_stage *sg, const struct run *r, size_t *n, struct hv_error *err)
{
	struct spill *tuples =
	    r->lane >= 0 && r->lane < sg->nlanes ? &sg->lane[r->lane].tuples : NULL;
	if (!tuples || r->n <= 0 || r->first < 0 || r->first + r->n > tuples->count)
		return hv_fail(err, HV_EIO, "the messages held while reading do not add up");
	uint64_t *g = grow(sg->gbuf, &sg->gcap, *n + (size_t)r->n, sizeof *g);
	if (g)
		sg->gbuf = g;
	struct run *runs = g ? grow(sg->gruns, &sg->gruns_cap, sg->ngruns + 1, sizeof *runs) : NULL;
	if (!runs)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	sg->gruns = runs;
	if (spill_read(tuples, r->first, (size_t)r->n, sg->gbuf + *n, err) < 0)
		return -1;
	sg->gruns[sg->ngruns++] = *r;
	*n += (size_t)r->n;
	return 0;
}

static int same_group(const struct run *x, const struct run *y)
{
	return x->chat == y->chat && x->a == y->a && x->b == y->b && x->c == y->c;
}

static int call_group(struct hv_chatlog_stage *sg, const struct run *r, size_t n,
                      hv_chatlog_group_fn fn, void *ctx)
{
	struct hv_chatlog_group g = {r->chat, r->a, r->b, r->c, sg->gbuf, n};
	return fn(&g, ctx);
}

int hv_chatlog_stage_each(struct hv_chatlog_stage *sg, hv_chatlog_group_fn fn, void *ctx,
                          struct hv_error *err)
{
	if (index_runs(sg, err) < 0)
		return -1;
	sqlite3_stmt *s;
	if (hv_store_prepare(sg->st,
	                     "SELECT chat, a, b, c, lane, first, n FROM temp.chat_runs"
	                     " ORDER BY chat, a, b, c, seq",
	                     &s, err) < 0)
		return -1;
	int rc, r = 0;
	struct run g = {0};
	size_t n = 0;
	sg->ngruns = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct run cur = {sqlite3_column_int(s, 0),  sqlite3_column_int(s, 1),
		                  sqlite3_column_int(s, 2),  sqlite3_column_int(s, 3),
		                  sqlite3_column_int(s, 4),  sqlite3_column_int64(s, 5),
		                  sqlite3_column_int64(s, 6)};
		if (n > 0 && !same_group(&g, &cur)) {
			if ((r = call_group(sg, &g, n, fn, ctx)) != 0)
				break;
			n = 0;
			sg->ngruns = 0;
		}
		g = cur;
		if ((r = gather(sg, &cur, &n, err)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = stage_fail(sg, err, "read back the messages");
	if (r == 0 && n > 0)
		r = call_group(sg, &g, n, fn, ctx);
	sqlite3_finalize(s);
	return r ? -1 : 0;
}

int hv_chatlog_stage_lines(struct hv_chatlog_stage *sg, const int64_t **lines, struct hv_error *err)
{
	size_t n = 0;
	for (size_t i = 0; i < sg->ngruns; i++)
		n += (size_t)sg->gruns[i].n;
	int64_t *buf = grow(sg->lbuf, &sg->lcap, n, sizeof *buf);
	if (!buf)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	sg->lbuf = buf;
	size_t at = 0;
	for (size_t i = 0; i < sg->ngruns; i++) {
		const struct run *r = &sg->gruns[i];
		struct lane *l = &sg->lane[r->lane]; /* checked by gather */
		if (spill_read(&l->lines, r->first, (size_t)r->n, (uint64_t *)(sg->lbuf + at),
		               err) < 0)
			return -1;
		for (int64_t k = 0; k < r->n; k++)
			sg->lbuf[at + (size_t)k] += l->line_base;
		at += (size_t)r->n;
	}
	*lines = sg->lbuf;
	return 0;
}

int hv_chatlog_stage_day_get(struct hv_chatlog_stage *sg, const char *chat, int64_t day,
                             uint64_t **keys, size_t *n, struct hv_error *err)
{
	return hv_chatlog_day_read(sg->st, sg->day_get, chat, day, keys, n, err);
}

int hv_chatlog_stage_day_put(struct hv_chatlog_stage *sg, const char *chat, int64_t day,
                             int off_min, const uint64_t *keys, size_t n, struct hv_error *err)
{
	unsigned char *b = grow(sg->blob, &sg->blob_cap, n * HV_CHATLOG_KEY_BYTES_MAX + 1, 1);
	if (!b)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	sg->blob = b;
	return hv_chatlog_day_write(sg->st, sg->day_put, sg->blob, chat, day, off_min, keys, n,
	                            err);
}
