/*
 * store.c — the SQLite record store (see store.h for the guarantees).
 *
 * One table holds every record; the body is canonical JSON text.  Schema
 * changes are forward migrations keyed by PRAGMA user_version, each run in
 * its own transaction, so a database is always at one whole version; every
 * module owns its steps (schema.h) and the store runs them in order.  A
 * database from a newer haven is refused rather than guessed at.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "dblock.h"
#include "hlc.h"
#include "outfile.h"
#include "schema.h"
#include "store-private.h"
#include "vault-private.h"

/* An I/O error while reading, as opposed to writing, syncing, locking. */
static int is_read_error(sqlite3 *db)
{
	int ext = sqlite3_extended_errcode(db);
	return ext == SQLITE_IOERR_READ || ext == SQLITE_IOERR_SHORT_READ;
}

/* The WAL index (PATH-shm) could not be made: even reading needs it, and
 * on a full disk this is the first thing to fail (tests/e2e/t-faults.sh). */
static int is_index_error(sqlite3 *db)
{
	int ext = sqlite3_extended_errcode(db);
	return ext == SQLITE_IOERR_SHMOPEN || ext == SQLITE_IOERR_SHMSIZE ||
	       ext == SQLITE_IOERR_SHMMAP;
}

/* A write refused because the database was opened read-only, saying so. */
static int readonly_fail(struct hv_store *st, struct hv_error *err, const char *doing)
{
	const char *why = st->readonly ? st->readonly : "the file is read-only";
	return hv_fail(err, HV_EREADONLY,
	               "cannot %s: %s is read-only (%s); haven can read it but not write to it. "
	               "%s, or choose another database with --db",
	               doing, st->path, why,
	               strstr(why, "disk") ? "Copy it somewhere writable"
	                                   : "Check the permissions of the file and its folder "
	                                     "(chmod u+w)");
}

/* Translate the database's complaint into ours, naming the file. */
int hv_store_db_fail(struct hv_store *st, struct hv_error *err, const char *doing)
{
	/* A vault function failed inside the statement: its reason is ours. */
	if (st->fn_err.code != HV_OK) {
		if (err)
			*err = st->fn_err;
		hv_error_clear(&st->fn_err);
		return -1;
	}
	int rc = sqlite3_extended_errcode(st->db) & 0xff;
	const char *why = sqlite3_errmsg(st->db);
	switch (rc) {
	case SQLITE_READONLY: return readonly_fail(st, err, doing);
	case SQLITE_FULL:
		return hv_fail(err, HV_EIO,
		               "cannot %s: the disk holding %s is full. Free some space and "
		               "try again; nothing was changed",
		               doing, st->path);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return hv_fail(err, HV_ECORRUPT,
		               "%s is not a haven database, or it is damaged (%s). Restore a "
		               "backup or choose another file with --db",
		               st->path, why);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return hv_fail(err, HV_EIO,
		               "cannot %s: %s is busy in another program. Try again in a moment",
		               doing, st->path);
	case SQLITE_NOMEM:
		return hv_fail(err, HV_ENOMEM, "out of memory while trying to %s", doing);
	case SQLITE_IOERR: /* the whole write rolled back (tests/unit/test_faults.c) */
		if (is_index_error(st->db))
			return hv_fail(
			    err, HV_EIO,
			    "cannot %s: the disk holding %s has no room for the index "
			    "file SQLite keeps beside it (%s-shm), or it failed. Free some "
			    "space and try again; nothing was changed",
			    doing, st->path, st->path);
		if (is_read_error(st->db))
			return hv_fail(err, HV_EIO,
			               "cannot %s: reading %s from the disk failed (%s). Check the "
			               "disk, then try again; nothing was changed",
			               doing, st->path, why);
		/* It may be a temporary file, not the database itself. */
		return hv_fail(err, HV_EIO,
		               "cannot %s: writing to the disk failed while using %s (%s). Check "
		               "that the disk has room and works, then try again; nothing was "
		               "changed",
		               doing, st->path, why);
	default: return hv_fail(err, HV_EIO, "cannot %s in %s: %s", doing, st->path, why);
	}
}

int hv_store_default_path(char *buf, size_t n, struct hv_error *err)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int len;
	if (xdg && xdg[0] == '/')
		len = snprintf(buf, n, "%s/haven/haven.db", xdg);
	else if (home && *home)
		len = snprintf(buf, n, "%s/.local/share/haven/haven.db", home);
	else
		return hv_fail(err, HV_EINVAL,
		               "cannot find a place for the database: neither XDG_DATA_HOME nor "
		               "HOME is set. Choose one with --db PATH or HAVEN_DB");
	if (len < 0 || (size_t)len >= n)
		return hv_fail(err, HV_EINVAL, "the database path is too long");
	return 0;
}

/* mkdir -p for the database's directory; new directories are 0700. */
static int make_parent_dirs(const char *path, struct hv_error *err)
{
	char dir[PATH_MAX];
	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
		return hv_fail(err, HV_EINVAL, "the database path is too long: %s", path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return hv_fail(err, HV_EIO, "cannot create the folder %s: %s", dir,
			               strerror(errno));
		*p = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return hv_fail(err, HV_EIO, "cannot create the folder %s: %s", dir,
		               strerror(errno));
	return 0;
}

/* Create the file ourselves so it is 0600 whatever the umask says. */
static int create_private_file(const char *path, struct hv_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST)
		return hv_fail(err, HV_EIO, "cannot create the database %s: %s", path,
		               strerror(errno));
	if (fd >= 0)
		close(fd);
	return 0;
}

static int exec_sql(struct hv_store *st, const char *sql, const char *doing, struct hv_error *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return hv_store_db_fail(st, err, doing);
	return 0;
}

static int pragma_int(struct hv_store *st, const char *sql, int *out, struct hv_error *err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return hv_store_db_fail(st, err, "read the database");
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return hv_store_db_fail(st, err, "read the database");
	return 0;
}

/* Only a schema from 0 (new) to the last migration is ours to open: a newer
 * one is refused, and a negative one was never written by any haven. */
static int check_schema(const struct hv_store *st, int have, struct hv_error *err)
{
	const int want = hv_schema_last(err);
	if (want < 0)
		return -1;
	if (have < 0)
		return hv_fail(err, HV_ECORRUPT,
		               "%s says its schema version is %d, which no haven ever wrote: "
		               "the file is damaged or was changed by another program. Nothing "
		               "was changed; restore it from a backup (haven restore) or choose "
		               "another database with --db",
		               st->path, have);
	if (have > want)
		return hv_fail(
		    err, HV_ESCHEMA,
		    "%s was written by a newer version of haven (schema %d; this one "
		    "knows up to %d). Update haven, or choose another database with --db",
		    st->path, have, want);
	return 0;
}

static int migrate(struct hv_store *st, struct hv_error *err)
{
	int have;
	const int want = hv_schema_last(err);
	if (want < 0 || pragma_int(st, "PRAGMA user_version", &have, err) < 0 ||
	    check_schema(st, have, err) < 0)
		return -1;
	for (int v = have; v < want; v++) {
		const struct hv_migration *m = hv_schema_step(v + 1);
		char bump[64];
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
		if (exec_sql(st, "BEGIN IMMEDIATE", "upgrade the database", err) < 0)
			return -1;
		if ((m->setup && m->setup(st->db) != SQLITE_OK &&
		     hv_store_db_fail(st, err, "upgrade the database") < 0) ||
		    exec_sql(st, m->sql, "upgrade the database", err) < 0 ||
		    exec_sql(st, bump, "upgrade the database", err) < 0 ||
		    exec_sql(st, "COMMIT", "upgrade the database", err) < 0) {
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}

static int configure(struct hv_store *st, struct hv_error *err)
{
	sqlite3_busy_timeout(st->db, 5000);
	/* Reading user_version first also tells a non-database file apart early. */
	int version;
	if (pragma_int(st, "PRAGMA user_version", &version, err) < 0)
		return -1;
	if (check_schema(st, version, err) < 0)
		return -1; /* before anything is written, even the switch to WAL */
	if (!sqlite3_db_readonly(st->db, "main") &&
	    exec_sql(st, "PRAGMA journal_mode = WAL", "open the database", err) < 0)
		return -1;
	if (exec_sql(st, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", "open the database",
	             err) < 0)
		return -1;
	if (sqlite3_db_readonly(st->db, "main"))
		return version == 0
		           ? hv_fail(err, HV_EREADONLY,
		                     "%s is read-only and empty, so haven cannot set it up."
		                     " Check its permissions or choose another with --db",
		                     st->path)
		           : 0;
	return migrate(st, err);
}

/*
 * Whether path can only be read: NULL when it can be written, else why not,
 * with the SQLite URI that opens it read-only in uri.  A database on a
 * read-only disk (or in a folder or file we may not write) is still read:
 * SQLite is told so (mode=ro), and when the folder cannot hold the index
 * file SQLite keeps beside a WAL database (PATH-shm), that the file will
 * not change while open (immutable), which is what a read-only disk
 * promises.  Only a log of writes not yet folded in (a non-empty
 * PATH-wal) keeps immutable off: those writes would go unseen.
 */
static const char *readonly_reason(const char *path, char *uri, size_t n)
{
	const char *why = NULL;
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	int dir_ro =
	    access(dir, W_OK) != 0 && (errno == EACCES || errno == EROFS || errno == EPERM);
	int dir_erofs = dir_ro && errno == EROFS;
	if (access(path, W_OK) != 0 && (errno == EACCES || errno == EROFS || errno == EPERM))
		why = errno == EROFS ? "it is on a read-only disk" : "the file is read-only";
	else if (dir_ro)
		why = dir_erofs ? "it is on a read-only disk" : "its folder is read-only";
	if (!why)
		return NULL;
	char wal[PATH_MAX + 8];
	struct stat sb;
	snprintf(wal, sizeof wal, "%s-wal", path);
	int immutable = dir_ro && !(stat(wal, &sb) == 0 && sb.st_size > 0);
	/* file:PATH with the bytes a URI gives meaning to written as %XX. */
	size_t at = (size_t)snprintf(uri, n, "file:%s", path[0] == '/' ? "//" : "");
	for (const unsigned char *p = (const unsigned char *)path; *p && at + 4 < n; p++) {
		if (*p == '?' || *p == '#' || *p == '%' || *p <= ' ' || *p >= 0x7f)
			at += (size_t)snprintf(uri + at, n - at, "%%%02X", *p);
		else
			uri[at++] = (char)*p;
	}
	snprintf(uri + at, n - at, "?mode=ro%s", immutable ? "&immutable=1" : "");
	return why;
}

int hv_store_exclusive(struct hv_store *st, const char *doing, struct hv_error *err)
{
	if (hv_dblock_exclusive(st->lock_fd) == 0)
		return 0;
	return hv_fail(err, HV_EIO,
	               "cannot %s while another haven has %s open (haven serve, perhaps). Close "
	               "it and try again; nothing was changed",
	               doing, st->path);
}

int hv_store_open(struct hv_store **out, const char *path, struct hv_error *err)
{
	*out = NULL;
	struct stat sb;
	/* ":memory:" is SQLite's private in-memory database, for tests and fuzzing. */
	int in_memory = strcmp(path, ":memory:") == 0;
	int exists = stat(path, &sb) == 0;
	if (exists && S_ISDIR(sb.st_mode))
		return hv_fail(err, HV_EINVAL, "%s is a folder; the database must be a file path",
		               path);
	/* A device or a FIFO would get a PATH-journal beside it, and a lock on it,
	 * and is no place for a journal: refused before anything is created. */
	if (exists && !S_ISREG(sb.st_mode))
		return hv_fail(err, HV_EINVAL,
		               "%s is not a regular file (it is %s); haven keeps the journal in an "
		               "ordinary file. Choose a file path with --db or HAVEN_DB",
		               path, hv_file_type_name(sb.st_mode));
	if (!exists && !in_memory &&
	    (make_parent_dirs(path, err) < 0 || create_private_file(path, err) < 0))
		return -1;
	struct hv_store *st = calloc(1, sizeof *st);
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return hv_fail(err, HV_ENOMEM, "out of memory");
	}
	st->lock_fd = -1;
	if (!in_memory && hv_dblock_open(path, &st->lock_fd, err) < 0) {
		hv_store_close(st);
		return -1;
	}
	/* A store is used by one thread at a time (the web server's one polling
	 * thread, or the command's), so SQLite need not lock around every call:
	 * the locks cost about 5 % of a scan of the whole journal. */
	char uri[3 * PATH_MAX + 64];
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (!in_memory && (st->readonly = readonly_reason(path, uri, sizeof uri)))
		flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(st->readonly ? uri : path, &st->db, flags, NULL) != SQLITE_OK) {
		if (!st->db) {
			free(st->path);
			free(st);
			return hv_fail(err, HV_ENOMEM, "out of memory");
		}
		hv_store_db_fail(st, err, "open the database");
		hv_store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	if (configure(st, err) < 0 || hv_vault_attach(st, err) < 0) {
		hv_store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void hv_store_close(struct hv_store *st)
{
	if (!st)
		return;
	hv_vault_detach(st); /* wipes the key */
	sqlite3_close_v2(st->db);
	hv_dblock_close(st->lock_fd); /* after the connection: see dblock.h */
	free(st->damaged);
	free(st->path);
	free(st);
}

const char *hv_store_path(const struct hv_store *st)
{
	return st->path;
}

int hv_store_ensure_writable(struct hv_store *st, struct hv_error *err)
{
	if (st->readonly || sqlite3_db_readonly(st->db, "main"))
		return readonly_fail(st, err, "save the change");
	return 0;
}

int hv_store_begin(struct hv_store *st, struct hv_error *err)
{
	if (hv_store_ensure_writable(st, err) < 0)
		return -1;
	return exec_sql(st, "BEGIN IMMEDIATE", "start writing", err);
}

int hv_store_commit(struct hv_store *st, struct hv_error *err)
{
	if (exec_sql(st, "COMMIT", "save", err) < 0) {
		hv_store_rollback(st);
		return -1;
	}
	return 0;
}

void hv_store_rollback(struct hv_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3 *hv_store_db(struct hv_store *st)
{
	return st->db;
}

int hv_store_prepare(struct hv_store *st, const char *sql, sqlite3_stmt **s, struct hv_error *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK)
		return hv_store_db_fail(st, err, "query the database");
	return 0;
}

/* Run a prepared write to completion and finalize it. */
static int step_done(struct hv_store *st, sqlite3_stmt *s, const char *doing, struct hv_error *err)
{
	int rc = sqlite3_step(s);
	int r = rc == SQLITE_DONE ? 0 : hv_store_db_fail(st, err, doing);
	sqlite3_finalize(s);
	return r;
}

static const char insert_sql[] =
    "INSERT INTO records (id, kind, created_ms, created_off, updated_ms, updated_off,"
    " version, deleted, body, hlc_ms, hlc_n, vv, conflict_of)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
/* A local edit: what the entry is a kept copy of, if anything, stays. */
static const char replace_sql[] =
    "UPDATE records SET kind = ?2, created_ms = ?3, created_off = ?4, updated_ms = ?5,"
    " updated_off = ?6, version = ?7, deleted = ?8, body = ?9, hlc_ms = ?10, hlc_n = ?11,"
    " vv = ?12 WHERE id = ?1";
/* Another copy's version, whole (import, merge). */
static const char take_sql[] =
    "UPDATE records SET kind = ?2, created_ms = ?3, created_off = ?4, updated_ms = ?5,"
    " updated_off = ?6, version = ?7, deleted = ?8, body = ?9, hlc_ms = ?10, hlc_n = ?11,"
    " vv = ?12, conflict_of = ?13 WHERE id = ?1";

/* Bind every column of r to a statement above and run it: 1 when it
 * wrote a row, 0 when there was none to update, -1 on failure. */
static int run_write(struct hv_store *st, const char *sql, const struct hv_record *r, char *body,
                     struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st, sql, &s, err) < 0) {
		free(body);
		return -1;
	}
	sqlite3_bind_text(s, 1, r->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, r->kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, r->created_ms);
	sqlite3_bind_int(s, 4, r->created_off);
	sqlite3_bind_int64(s, 5, r->updated_ms);
	sqlite3_bind_int(s, 6, r->updated_off);
	sqlite3_bind_int64(s, 7, r->version);
	sqlite3_bind_int(s, 8, r->deleted ? 1 : 0);
	/* replace_sql has no ?13: SQLite answers SQLITE_RANGE and binds nothing. */
	sqlite3_bind_int64(s, 10, r->hlc_ms);
	sqlite3_bind_int64(s, 11, r->hlc_n);
	sqlite3_bind_text(s, 12, r->vv[0] ? r->vv : "{}", -1, SQLITE_TRANSIENT);
	if (r->conflict_of[0])
		sqlite3_bind_text(s, 13, r->conflict_of, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, 13);
	if (st->sealed) {
		/* Sealed for every field of this row: the box opens nowhere else. */
		unsigned char *box;
		size_t n;
		int rc = hv_vault_seal_record(st, r, body, strlen(body), &box, &n, err);
		free(body);
		if (rc < 0) {
			sqlite3_finalize(s);
			return -1;
		}
		sqlite3_bind_blob64(s, 9, box, n, free);
	} else {
		sqlite3_bind_text(s, 9, body, -1, free);
	}
	if (step_done(st, s, "save the entry", err) < 0)
		return -1;
	return sqlite3_changes(st->db) > 0;
}

/* Write r; in a vault the seal over the set moves with it, in the same
 * transaction.  Returns as run_write. */
static int write_record(struct hv_store *st, const char *sql, const struct hv_record *r,
                        struct hv_error *err)
{
	if (hv_store_ensure_writable(st, err) < 0)
		return -1;
	char *body = hv_body_dump(r->body);
	if (!body)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	if (!st->sealed)
		return run_write(st, sql, r, body, err);
	struct hv_set_write w;
	if (hv_vault_set_begin(st, r->id, &w, err) < 0) {
		free(body);
		return -1;
	}
	int rc = run_write(st, sql, r, body, err);
	if (hv_vault_set_end(st, r->id, &w, rc >= 0, err) < 0)
		return -1;
	return rc;
}

/* This database's id in version vectors (meta "device"), made at its
 * first local write. */
static int device_id(struct hv_store *st, char out[HV_DEVICE_LEN + 1], struct hv_error *err)
{
	char buf[64];
	int got = hv_store_meta_get(st, "device", buf, sizeof buf, err);
	if (got < 0)
		return -1;
	if (got && strlen(buf) == HV_DEVICE_LEN) {
		memcpy(out, buf, HV_DEVICE_LEN + 1);
		return 0;
	}
	hv_device_new(out);
	return hv_store_meta_set(st, "device", out, err);
}

/* The newest stamp this database holds, of an entry or a purge: what the
 * next local write must come after, whatever the wall clock says, so an
 * edit made after a merge is stamped after everything the merge brought. */
static int newest_stamp(struct hv_store *st, int64_t *ms, int64_t *n, struct hv_error *err)
{
	static const char *const sql[] = {
	    "SELECT hlc_ms, hlc_n FROM records ORDER BY hlc_ms DESC, hlc_n DESC LIMIT 1",
	    "SELECT hlc_ms, hlc_n FROM tombstones ORDER BY hlc_ms DESC, hlc_n DESC LIMIT 1",
	};
	*ms = INT64_MIN;
	*n = 0;
	for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
		sqlite3_stmt *s;
		if (hv_store_prepare(st, sql[i], &s, err) < 0)
			return -1;
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW && hv_hlc_cmp(sqlite3_column_int64(s, 0),
		                                   sqlite3_column_int64(s, 1), *ms, *n) > 0) {
			*ms = sqlite3_column_int64(s, 0);
			*n = sqlite3_column_int64(s, 1);
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return hv_store_db_fail(st, err, "read the database");
	}
	return 0;
}

/* Stamp a local write of r: the next stamp, and one more write by this
 * device counted on from the stored vector prev ("": a new entry). */
static int stamp(struct hv_store *st, struct hv_record *r, const char *prev, struct hv_error *err)
{
	char dev[HV_DEVICE_LEN + 1];
	int64_t ms, n;
	if (device_id(st, dev, err) < 0 || newest_stamp(st, &ms, &n, err) < 0)
		return -1;
	if (hv_vv_bump(prev, dev, r->vv) < 0)
		return hv_fail(err, HV_EDATA,
		               "entry %s cannot be changed: it has been written on more than %d "
		               "devices",
		               r->id, HV_VV_MAX);
	hv_hlc_next(ms, n, hv_now_ms(), &r->hlc_ms, &r->hlc_n);
	return 0;
}

/* The version vector stored for id ("" when none, or no such entry). */
static int stored_vv(struct hv_store *st, const char *id, char out[HV_VV_TEXT_MAX],
                     struct hv_error *err)
{
	out[0] = '\0';
	sqlite3_stmt *s;
	if (hv_store_prepare(st, "SELECT vv FROM records WHERE id = ?1", &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, HV_VV_TEXT_MAX, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hv_store_db_fail(st, err, "read the database");
	return 0;
}

int hv_store_insert(struct hv_store *st, const struct hv_record *r, struct hv_error *err)
{
	if (hv_store_ensure_writable(st, err) < 0)
		return -1;
	struct hv_record w = *r;
	if (stamp(st, &w, "", err) < 0)
		return -1;
	return write_record(st, insert_sql, &w, err) < 0 ? -1 : 0;
}

int hv_store_add_new(struct hv_store *st, struct hv_record *r, hv_body_check_fn validate,
                     struct hv_record *out, struct hv_error *err)
{
	int rc = validate && validate(r->body, err) < 0 ? -1 : hv_store_ensure_writable(st, err);
	/* r, handed back, carries the stamp it was saved with. */
	if (rc == 0 && (rc = stamp(st, r, "", err)) == 0)
		rc = write_record(st, insert_sql, r, err) < 0 ? -1 : 0;
	if (rc < 0) {
		hv_record_release(r);
		return -1;
	}
	if (out)
		*out = *r;
	else
		hv_record_release(r);
	return 0;
}

static int append_json(const struct hv_record *r, void *ctx)
{
	json_array_append_new(ctx, hv_record_to_json(r));
	return 0;
}

json_t *hv_store_list_json(struct hv_store *st, const struct hv_query *q, struct hv_error *err)
{
	json_t *out = json_array();
	if (!out) {
		hv_fail(err, HV_ENOMEM, "out of memory");
		return NULL;
	}
	if (hv_store_each(st, q, append_json, out, err) < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* A new updated time that is always later than the last one, and the next
 * version; refused (r untouched) when the version has no next. */
static int touch(struct hv_record *r, struct hv_error *err)
{
	if (r->version < 1 || r->version >= HV_VERSION_MAX)
		return hv_fail(err, HV_EDATA,
		               "entry %s cannot be changed: its version is %lld, and haven counts "
		               "versions from 1 to %lld only. It can still be read and exported; "
		               "to edit it, export, set its \"version\" lower in the file, and "
		               "import that into a new database (--db)",
		               r->id, (long long)r->version, (long long)HV_VERSION_MAX);
	int64_t now = hv_now_ms();
	r->updated_ms = now > r->updated_ms ? now : r->updated_ms + 1;
	r->updated_off = hv_local_offset_min(now);
	r->version++;
	return 0;
}

int hv_store_update(struct hv_store *st, struct hv_record *r, struct hv_error *err)
{
	struct hv_record before = *r;
	if (touch(r, err) < 0)
		return -1;
	char prev[HV_VV_TEXT_MAX];
	int rc = -1;
	/* The vector is counted on from what is stored, not from r, which may
	 * have been made before an earlier write of it. */
	if (hv_store_ensure_writable(st, err) == 0 && stored_vv(st, r->id, prev, err) == 0 &&
	    stamp(st, r, prev, err) == 0)
		rc = write_record(st, replace_sql, r, err);
	if (rc <= 0) {
		if (rc == 0)
			hv_fail(err, HV_ENOTFOUND, "no entry with id %s", r->id);
		r->updated_ms = before.updated_ms;
		r->updated_off = before.updated_off;
		r->version = before.version;
		r->hlc_ms = before.hlc_ms;
		r->hlc_n = before.hlc_n;
		memcpy(r->vv, before.vv, sizeof r->vv);
		return -1;
	}
	return 0;
}

int hv_store_set_deleted(struct hv_store *st, struct hv_record *r, int deleted,
                         struct hv_error *err)
{
	int was = r->deleted;
	r->deleted = deleted;
	if (hv_store_update(st, r, err) < 0) {
		r->deleted = was;
		return -1;
	}
	return 0;
}

static const char select_cols[] = "SELECT id, kind, created_ms, created_off, updated_ms,"
                                  " updated_off, version, deleted, body, rowid, hlc_ms, hlc_n, vv,"
                                  " conflict_of FROM records";

/*
 * A row into r: 0; -1 when it cannot be read at all (err says why); -2
 * when only this entry is damaged, so a walk may go on past it (err names
 * it).  A damaged page of the file can hand back a row whose columns are
 * NULL: that is named as damage of the file, never printed as "(null)".
 */
static int read_row(struct hv_store *st, sqlite3_stmt *s, struct hv_record *r, struct hv_error *err)
{
	memset(r, 0, sizeof *r);
	const char *id = (const char *)sqlite3_column_text(s, 0);
	const char *kind = (const char *)sqlite3_column_text(s, 1);
	if (!id || !kind || !*id) {
		int code = sqlite3_errcode(st->db);
		if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_NOMEM ||
		    code == SQLITE_IOERR)
			return hv_store_db_fail(st, err, "read the entries");
		/* Named by its row, the one name it still has; walked past. */
		snprintf(r->id, sizeof r->id, "row %lld", (long long)sqlite3_column_int64(s, 9));
		hv_fail(err, HV_ECORRUPT,
		        "%s is damaged: %s of its entries has no %s. haven doctor lists what is "
		        "damaged and can set it aside (--quarantine)",
		        st->path, r->id, !id || !*id ? "id" : "kind");
		return -2;
	}
	snprintf(r->id, sizeof r->id, "%s", id);
	snprintf(r->kind, sizeof r->kind, "%s", kind);
	r->created_ms = sqlite3_column_int64(s, 2);
	r->created_off = sqlite3_column_int(s, 3);
	r->updated_ms = sqlite3_column_int64(s, 4);
	r->updated_off = sqlite3_column_int(s, 5);
	r->version = sqlite3_column_int64(s, 6);
	r->deleted = sqlite3_column_int(s, 7);
	r->hlc_ms = sqlite3_column_int64(s, 10);
	r->hlc_n = sqlite3_column_int64(s, 11);
	const char *vv = (const char *)sqlite3_column_text(s, 12);
	if (vv && strcmp(vv, "{}") != 0) /* a damaged one reads as no history (hlc.c) */
		snprintf(r->vv, sizeof r->vv, "%s", vv);
	const char *of = (const char *)sqlite3_column_text(s, 13);
	snprintf(r->conflict_of, sizeof r->conflict_of, "%s", of ? of : "");
	json_error_t je;
	if (st->sealed) {
		/* A body in clear in a vault was put there behind haven's back. */
		int blob = sqlite3_column_type(s, 8) == SQLITE_BLOB;
		char *text =
		    hv_vault_open_record(st, r, blob ? sqlite3_column_blob(s, 8) : "",
		                         blob ? (size_t)sqlite3_column_bytes(s, 8) : 0, err);
		if (!text)
			return -1; /* may be tampering: refused, not walked past (SECURITY.md) */
		r->body = json_loads(text, 0, &je);
		hv_vault_free_text(text);
	} else {
		const char *body = sqlite3_column_type(s, 8) == SQLITE_TEXT
		                       ? (const char *)sqlite3_column_text(s, 8)
		                       : NULL;
		r->body = body ? json_loads(body, 0, &je) : NULL;
	}
	if (!json_is_object(r->body)) {
		json_decref(r->body);
		r->body = NULL;
		hv_fail(err, HV_ECORRUPT,
		        "entry %s in %s has a damaged body; haven doctor lists it and can set it "
		        "aside (--quarantine)",
		        r->id, st->path);
		return st->sealed ? -1 : -2;
	}
	return 0;
}

void hv_store_note_damaged(struct hv_store *st, const char *id)
{
	if (!id)
		return;
	for (size_t i = 0; i < st->ndamaged; i++)
		if (strcmp(st->damaged[i], id) == 0)
			return;
	if (st->ndamaged == st->damaged_cap) {
		size_t cap = st->damaged_cap ? st->damaged_cap * 2 : 8;
		void *d = realloc(st->damaged, cap * sizeof *st->damaged);
		if (!d)
			return; /* the walk goes on; this one goes unnamed */
		st->damaged = d;
		st->damaged_cap = cap;
	}
	snprintf(st->damaged[st->ndamaged++], sizeof *st->damaged, "%s", id);
}

size_t hv_store_damaged_count(const struct hv_store *st)
{
	return st ? st->ndamaged : 0;
}

const char *hv_store_damaged_id(const struct hv_store *st, size_t i)
{
	return i < st->ndamaged ? st->damaged[i] : NULL;
}

const char *hv_store_readonly(const struct hv_store *st)
{
	return st->readonly;
}

int hv_store_get(struct hv_store *st, const char *id, const char *kind, struct hv_record *out,
                 struct hv_error *err)
{
	char want[HV_ID_LEN + 1];
	size_t n = strlen(id);
	if (n < 4 || n > HV_ID_LEN)
		return hv_fail(err, HV_EINVAL,
		               "\"%s\" is not an entry id: give at least its first 4 characters",
		               id);
	for (size_t i = 0; i <= n; i++)
		want[i] = (char)(id[i] >= 'A' && id[i] <= 'F' ? id[i] + 32 : id[i]);
	char sql[512];
	snprintf(sql, sizeof sql, "%s WHERE id >= ?1 AND id < ?1 || '~' %s ORDER BY id LIMIT 2",
	         select_cols, kind ? "AND kind = ?2" : "");
	sqlite3_stmt *s;
	if (hv_store_prepare(st, sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, want, -1, SQLITE_TRANSIENT);
	if (kind)
		sqlite3_bind_text(s, 2, kind, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s), r;
	if (rc == SQLITE_ROW) {
		r = read_row(st, s, out, err) < 0 ? -1 : 0;
		if (r == 0 && sqlite3_step(s) == SQLITE_ROW) {
			hv_record_release(out);
			r = hv_fail(err, HV_EAMBIG,
			            "\"%s\" matches more than one entry: give more of the id", id);
		}
	} else if (rc == SQLITE_DONE) {
		r = hv_fail(err, HV_ENOTFOUND, "no %s entry with id \"%s\"", kind ? kind : "", id);
	} else {
		r = hv_store_db_fail(st, err, "find the entry");
	}
	sqlite3_finalize(s);
	return r;
}

/* Whether a purge of id is remembered here: 1 yes, 0 no, -1 failure. */
static int tombstoned(struct hv_store *st, const char *id, struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st, "SELECT 1 FROM tombstones WHERE id = ?1", &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hv_store_db_fail(st, err, "read the database");
	return rc == SQLITE_ROW;
}

/*
 * Both copies edited the entry: every copy keeps the same winner (the
 * later stamp, then the content's hash) with both vectors joined, and the
 * loser as a deleted entry of its own (conflict_of: the entry), whose id
 * is made from what it holds so that each copy makes the same one.
 */
static int resolve(struct hv_store *st, const struct hv_record *ours, const struct hv_record *r,
                   enum hv_upsert *what, struct hv_upsert_conflict *c, struct hv_error *err)
{
	int theirs_win = hv_record_order(r, ours) > 0;
	const struct hv_record *win = theirs_win ? r : ours, *lose = theirs_win ? ours : r;
	struct hv_record res = *win;
	if (hv_vv_join(ours->vv, r->vv, res.vv) < 0)
		return hv_fail(err, HV_EDATA, "entry %s has been written on more than %d devices",
		               r->id, HV_VV_MAX);
	res.version = ours->version > r->version ? ours->version : r->version;
	int rc = 0;
	if (!json_equal(ours->body, r->body) || ours->deleted != r->deleted) {
		struct hv_record copy = *lose;
		unsigned char digest[HV_DIGEST_LEN];
		if (hv_record_digest(lose, digest) < 0)
			return hv_fail(err, HV_ENOMEM, "out of memory");
		hv_conflict_id(r->id, digest, copy.id);
		snprintf(copy.conflict_of, sizeof copy.conflict_of, "%s", r->id);
		copy.deleted = 1;
		copy.vv[0] = '\0';
		sqlite3_stmt *s;
		rc = hv_store_prepare(st, "SELECT 1 FROM records WHERE id = ?1", &s, err);
		if (rc == 0) {
			sqlite3_bind_text(s, 1, copy.id, -1, SQLITE_TRANSIENT);
			int have = sqlite3_step(s);
			sqlite3_finalize(s);
			if (have != SQLITE_ROW && have != SQLITE_DONE)
				rc = hv_store_db_fail(st, err, "read the database");
			else if (have == SQLITE_DONE && !(rc = tombstoned(st, copy.id, err)))
				rc = write_record(st, insert_sql, &copy, err) < 0 ? -1 : 0;
			rc = rc < 0 ? -1 : 0;
		}
		if (c && rc == 0) {
			c->conflict = 1;
			c->theirs_won = theirs_win;
			snprintf(c->copy_id, sizeof c->copy_id, "%s", copy.id);
			c->kept_updated_ms = win->updated_ms;
			c->kept_updated_off = win->updated_off;
			c->lost_updated_ms = lose->updated_ms;
			c->lost_updated_off = lose->updated_off;
		}
	}
	int same = strcmp(res.vv, ours->vv) == 0 && !theirs_win && res.version == ours->version;
	*what = same ? HV_UPSERT_KEPT : HV_UPSERT_UPDATED;
	if (rc == 0 && !same)
		rc = write_record(st, take_sql, &res, err) < 0 ? -1 : 0;
	return rc;
}

int hv_store_upsert(struct hv_store *st, const struct hv_record *r, enum hv_upsert *what,
                    struct hv_upsert_conflict *c, struct hv_error *err)
{
	if (c)
		memset(c, 0, sizeof *c);
	if (r->version < 1 || r->version > HV_VERSION_MAX)
		return hv_fail(err, HV_EDATA, "its version, %lld, is not from 1 to %lld",
		               (long long)r->version, (long long)HV_VERSION_MAX);
	/* A purge here is final: neither the entry nor a kept copy of it returns. */
	int gone = tombstoned(st, r->id, err);
	if (gone == 0 && r->conflict_of[0])
		gone = tombstoned(st, r->conflict_of, err);
	if (gone < 0)
		return -1;
	if (gone) {
		*what = HV_UPSERT_PURGED;
		return 0;
	}
	struct hv_record ours;
	struct hv_error why;
	if (hv_store_get(st, r->id, NULL, &ours, &why) < 0) {
		if (why.code != HV_ENOTFOUND) {
			if (err)
				*err = why;
			return -1;
		}
		*what = HV_UPSERT_ADDED;
		return write_record(st, insert_sql, r, err) < 0 ? -1 : 0;
	}
	int rc = 0;
	if (strcmp(ours.kind, r->kind) != 0) {
		rc = hv_fail(err, HV_EINVAL,
		             "entry %s is already here as another kind of entry, but the input "
		             "says it is a %s",
		             r->id, r->kind);
	} else {
		switch (hv_history_cmp(&ours, r)) {
		case HV_HISTORY_SAME:
		case HV_HISTORY_OURS_AHEAD: *what = HV_UPSERT_KEPT; break;
		case HV_HISTORY_THEIRS_AHEAD:
			*what = HV_UPSERT_UPDATED;
			rc = write_record(st, take_sql, r, err) < 0 ? -1 : 0;
			break;
		case HV_HISTORY_CONCURRENT: rc = resolve(st, &ours, r, what, c, err); break;
		}
	}
	hv_record_release(&ours);
	return rc;
}

/* Delete the record id and its cached facts: 1 when it was there. */
static int run_purge(struct hv_store *st, const char *id, struct hv_error *err)
{
	sqlite3_stmt *s;
	/* Its cached facts first: a purged entry leaves nothing behind. */
	if (hv_store_prepare(st, "DELETE FROM facts WHERE id = ?1", &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	if (step_done(st, s, "delete the entry", err) < 0)
		return -1;
	if (hv_store_prepare(st, "DELETE FROM records WHERE id = ?1", &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	if (step_done(st, s, "delete the entry", err) < 0)
		return -1;
	return sqlite3_changes(st->db) > 0;
}

/* One row gone; in a vault it leaves the seal over the set with it. */
static int remove_row(struct hv_store *st, const char *id, struct hv_error *err)
{
	if (!st->sealed)
		return run_purge(st, id, err);
	struct hv_set_write w;
	if (hv_vault_set_begin(st, id, &w, err) < 0)
		return -1;
	int rc = run_purge(st, id, err);
	if (hv_vault_set_end(st, id, &w, rc >= 0, err) < 0)
		return -1;
	return rc;
}

/* Entry id and every kept losing version of it gone: 1 when id was here. */
static int remove_entry(struct hv_store *st, const char *id, struct hv_error *err)
{
	int rc = remove_row(st, id, err);
	while (rc >= 0) {
		sqlite3_stmt *s;
		char copy[HV_ID_LEN + 1] = "";
		if (hv_store_prepare(st, "SELECT id FROM records WHERE conflict_of = ?1 LIMIT 1",
		                     &s, err) < 0)
			return -1;
		sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
		int got = sqlite3_step(s);
		if (got == SQLITE_ROW)
			snprintf(copy, sizeof copy, "%s", (const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		if (got == SQLITE_DONE)
			break;
		if (got != SQLITE_ROW)
			return hv_store_db_fail(st, err, "read the database");
		if (remove_row(st, copy, err) < 0)
			return -1;
	}
	return rc;
}

/* Remember a purge; of two for one id, every copy keeps the same. */
static int save_tombstone(struct hv_store *st, const struct hv_tombstone *t, struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st,
	                     "SELECT purged_ms, purged_off, hlc_ms, hlc_n FROM tombstones"
	                     " WHERE id = ?1",
	                     &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, t->id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	struct hv_tombstone have = {.purged_ms = sqlite3_column_int64(s, 0),
	                            .purged_off = sqlite3_column_int(s, 1),
	                            .hlc_ms = sqlite3_column_int64(s, 2),
	                            .hlc_n = sqlite3_column_int64(s, 3)};
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hv_store_db_fail(st, err, "read the database");
	if (rc == SQLITE_ROW && hv_tombstone_order(t, &have) <= 0)
		return 0;
	if (hv_store_prepare(st,
	                     "INSERT OR REPLACE INTO tombstones (id, purged_ms, purged_off, hlc_ms,"
	                     " hlc_n) VALUES (?1, ?2, ?3, ?4, ?5)",
	                     &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, t->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, t->purged_ms);
	sqlite3_bind_int(s, 3, t->purged_off);
	sqlite3_bind_int64(s, 4, t->hlc_ms);
	sqlite3_bind_int64(s, 5, t->hlc_n);
	return step_done(st, s, "remember the purge", err);
}

/* A transaction of our own, or a savepoint inside the caller's. */
static int tx_begin(struct hv_store *st, int *own, struct hv_error *err)
{
	*own = sqlite3_get_autocommit(st->db);
	return exec_sql(st, *own ? "BEGIN IMMEDIATE" : "SAVEPOINT hv_purge", "start writing", err);
}

static int tx_end(struct hv_store *st, int own, int ok, struct hv_error *err)
{
	if (ok && exec_sql(st, own ? "COMMIT" : "RELEASE hv_purge", "save", err) == 0)
		return 0;
	sqlite3_exec(st->db, own ? "ROLLBACK" : "ROLLBACK TO hv_purge; RELEASE hv_purge", NULL,
	             NULL, NULL);
	return -1;
}

int hv_store_purge(struct hv_store *st, const char *id, struct hv_error *err)
{
	int own;
	if (hv_store_ensure_writable(st, err) < 0 || tx_begin(st, &own, err) < 0)
		return -1;
	/* The content goes; a tombstone of id, time and stamp stays, so that
	 * no other copy brings it back (SECURITY.md). */
	struct hv_tombstone t = {0};
	snprintf(t.id, sizeof t.id, "%s", id);
	t.purged_ms = hv_now_ms();
	t.purged_off = hv_local_offset_min(t.purged_ms);
	int64_t ms, n;
	int rc = newest_stamp(st, &ms, &n, err);
	if (rc == 0) {
		hv_hlc_next(ms, n, t.purged_ms, &t.hlc_ms, &t.hlc_n);
		rc = remove_entry(st, id, err);
	}
	if (rc == 0)
		hv_fail(err, HV_ENOTFOUND, "no entry with id %s", id);
	if (rc == 1 && save_tombstone(st, &t, err) < 0)
		rc = -1;
	if (tx_end(st, own, rc == 1, err) < 0)
		return -1;
	return 0;
}

int hv_store_put_tombstone(struct hv_store *st, const struct hv_tombstone *t, struct hv_error *err)
{
	int own;
	if (!hv_uuid_valid(t->id))
		return hv_fail(err, HV_EDATA, "a purge names no entry id");
	if (hv_store_ensure_writable(st, err) < 0 || tx_begin(st, &own, err) < 0)
		return -1;
	int rc = save_tombstone(st, t, err);
	if (rc == 0)
		rc = remove_entry(st, t->id, err);
	if (tx_end(st, own, rc >= 0, err) < 0)
		return -1;
	return rc;
}

int hv_store_each_tombstone(struct hv_store *st, hv_tombstone_fn fn, void *ctx,
                            struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st,
	                     "SELECT id, purged_ms, purged_off, hlc_ms, hlc_n FROM tombstones"
	                     " ORDER BY id",
	                     &s, err) < 0)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hv_tombstone t = {0};
		snprintf(t.id, sizeof t.id, "%s", (const char *)sqlite3_column_text(s, 0));
		t.purged_ms = sqlite3_column_int64(s, 1);
		t.purged_off = sqlite3_column_int(s, 2);
		t.hlc_ms = sqlite3_column_int64(s, 3);
		t.hlc_n = sqlite3_column_int64(s, 4);
		if (fn(&t, ctx))
			break;
	}
	int r = rc == SQLITE_ROW || rc == SQLITE_DONE
	            ? 0
	            : hv_store_db_fail(st, err, "read the purges");
	sqlite3_finalize(s);
	return r;
}

int hv_store_each(struct hv_store *st, const struct hv_query *q, hv_record_fn fn, void *ctx,
                  struct hv_error *err)
{
	/* Only the conditions that apply, so SQLite can walk (kind, created_ms). */
	char sql[900];
	const char *dir = q->newest_first ? "DESC" : "ASC";
	snprintf(sql, sizeof sql,
	         "%s WHERE 1 %s %s %s %s %s ORDER BY %s created_ms %s, id %s LIMIT ?5", select_cols,
	         q->kind ? "AND kind = ?1" : "", q->since_ms ? "AND created_ms >= ?2" : "",
	         q->until_ms ? "AND created_ms < ?3" : "",
	         q->include_deleted ? "" : "AND deleted = 0",
	         q->stamped_after ? "AND (hlc_ms > ?6 OR (hlc_ms = ?6 AND hlc_n > ?7))" : "",
	         q->kind ? "kind," : "", dir, dir);
	sqlite3_stmt *s;
	if (hv_store_prepare(st, sql, &s, err) < 0)
		return -1;
	if (q->kind)
		sqlite3_bind_text(s, 1, q->kind, -1, SQLITE_TRANSIENT);
	if (q->since_ms)
		sqlite3_bind_int64(s, 2, q->since_ms);
	if (q->until_ms)
		sqlite3_bind_int64(s, 3, q->until_ms);
	sqlite3_bind_int64(s, 5, q->limit > 0 ? q->limit : -1);
	if (q->stamped_after) {
		sqlite3_bind_int64(s, 6, q->after_hlc_ms);
		sqlite3_bind_int64(s, 7, q->after_hlc_n);
	}
	int rc, r = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hv_record rec;
		int got = read_row(st, s, &rec, err);
		if (got == -2) { /* one damaged entry hides none of the others */
			hv_store_note_damaged(st, rec.id);
			continue;
		}
		if (got < 0) {
			r = -1;
			break;
		}
		int stop = fn(&rec, ctx);
		hv_record_release(&rec);
		if (stop)
			break;
	}
	if (r == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = hv_store_db_fail(st, err, "read the entries");
	sqlite3_finalize(s);
	return r;
}

int hv_store_meta_get(struct hv_store *st, const char *key, char *buf, size_t n,
                      struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st, "SELECT value FROM meta WHERE key = ?1", &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s), found = rc == SQLITE_ROW;
	if (found)
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hv_store_db_fail(st, err, "read the settings");
	return found;
}

int hv_store_meta_set(struct hv_store *st, const char *key, const char *value, struct hv_error *err)
{
	if (hv_store_ensure_writable(st, err) < 0)
		return -1;
	sqlite3_stmt *s;
	if (hv_store_prepare(st,
	                     value ? "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)"
	                           : "DELETE FROM meta WHERE key = ?1",
	                     &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	if (value)
		sqlite3_bind_text(s, 2, value, -1, SQLITE_TRANSIENT);
	return step_done(st, s, "save the setting", err);
}

int hv_store_count(struct hv_store *st, const char *kind, int64_t *out, struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(
	        st, "SELECT count(*) FROM records WHERE deleted = 0 AND (?1 IS NULL OR kind = ?1)",
	        &s, err) < 0)
		return -1;
	if (kind)
		sqlite3_bind_text(s, 1, kind, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : hv_store_db_fail(st, err, "count the entries");
}

int hv_store_scan(struct hv_store *st, const char *kind, int64_t since_ms, const char *const *paths,
                  int npaths, hv_scan_fn fn, void *ctx, struct hv_error *err)
{
	if (npaths < 0 || npaths > HV_SCAN_MAX)
		return hv_fail(err, HV_EINVAL, "too many fields in one scan");
	/* In a vault each path opens the body again: slower, never in clear on disk.
	 * A damaged plain body (not JSON) is walked past and named, as in
	 * hv_store_each: json_extract would fail the whole statement. */
	const char *body =
	    st->sealed ? HV_RECORD_OPEN_SQL("") : "CASE WHEN json_valid(body) THEN body END";
	char sql[2048];
	int len = snprintf(sql, sizeof sql, "SELECT created_ms, created_off");
	for (int i = 0; i < npaths; i++)
		len += snprintf(sql + len, sizeof sql - (size_t)len, ", json_extract(%s, ?%d)",
		                body, i + 3);
	snprintf(sql + len, sizeof sql - (size_t)len,
	         ", id, %s FROM records WHERE kind = ?1 AND deleted = 0 AND created_ms >= ?2"
	         " ORDER BY created_ms",
	         st->sealed ? "1" : "json_valid(body)");
	sqlite3_stmt *s;
	if (hv_store_prepare(st, sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, since_ms);
	for (int i = 0; i < npaths; i++)
		sqlite3_bind_text(s, i + 3, paths[i], -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!sqlite3_column_int(s, npaths + 3)) {
			hv_store_note_damaged(st, (const char *)sqlite3_column_text(s, npaths + 2));
			continue;
		}
		struct hv_scan_row row = {0};
		row.created_ms = sqlite3_column_int64(s, 0);
		row.created_off = sqlite3_column_int(s, 1);
		for (int i = 0; i < npaths; i++) {
			int type = sqlite3_column_type(s, i + 2);
			row.num[i] = sqlite3_column_double(s, i + 2);
			row.text[i] = type == SQLITE_NULL
			                  ? NULL
			                  : (const char *)sqlite3_column_text(s, i + 2);
		}
		if (fn(&row, ctx))
			break;
	}
	int r = (rc == SQLITE_ROW || rc == SQLITE_DONE)
	            ? 0
	            : hv_store_db_fail(st, err, "read the entries");
	sqlite3_finalize(s);
	return r;
}

int hv_store_tally(struct hv_store *st, const char *kind, int64_t since_ms, const char *path,
                   hv_tally_fn fn, void *ctx, struct hv_error *err)
{
	sqlite3_stmt *s;
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT j.value, count(*) AS n FROM records AS r, json_each(%s, ?2) AS j"
	         " WHERE r.kind = ?1 AND r.deleted = 0 AND r.created_ms >= ?3 AND j.type = 'text'"
	         " %s GROUP BY j.value ORDER BY n DESC, j.value",
	         st->sealed ? HV_RECORD_OPEN_SQL("r.") : "r.body",
	         st->sealed ? "" : "AND json_valid(r.body)");
	if (hv_store_prepare(st, sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, since_ms);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1), ctx))
			break;
	int r = (rc == SQLITE_ROW || rc == SQLITE_DONE)
	            ? 0
	            : hv_store_db_fail(st, err, "read the entries");
	sqlite3_finalize(s);
	return r;
}

int hv_store_snapshot(struct hv_store *st, const char *path, struct hv_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return hv_fail(err, HV_EIO, "cannot create %s: %s", path, strerror(errno));
	close(fd);
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
	sqlite3_backup *b =
	    rc == SQLITE_OK ? sqlite3_backup_init(dst, "main", st->db, "main") : NULL;
	if (b) {
		/* One step copies every page under one read transaction: a
		 * consistent snapshot even while another haven writes. */
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
		int fin = sqlite3_backup_finish(b);
		if (rc == SQLITE_OK)
			rc = fin;
	} else if (rc == SQLITE_OK) {
		rc = sqlite3_errcode(dst);
	}
	char why[256];
	snprintf(why, sizeof why, "%s", dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
	if (rc == SQLITE_OK)
		rc = sqlite3_close(dst);
	else
		sqlite3_close(dst);
	if (rc != SQLITE_OK) {
		unlink(path);
		return hv_fail(err, HV_EIO, "cannot copy %s to %s: %s", st->path, path, why);
	}
	return 0;
}

int hv_store_check_file(const char *path, struct hv_store_file_info *info, struct hv_error *err)
{
	memset(info, 0, sizeof *info);
	sqlite3 *db = NULL;
	int ok = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK;
	sqlite3_stmt *s = NULL;
	char result[128] = "";
	/* integrity_check reads every page: the only proof the copy is whole. */
	if (ok && sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		snprintf(result, sizeof result, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	s = NULL;
	if (!ok || strcmp(result, "ok") != 0) {
		sqlite3_close(db);
		return hv_fail(err, HV_EDATA,
		               "%s is not a whole haven database (%s): it is damaged or is "
		               "something else",
		               path, *result ? result : "not a database");
	}
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		info->schema = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	int rc = 0;
	if (info->schema > HV_SCHEMA_VERSION)
		rc =
		    hv_fail(err, HV_ESCHEMA,
		            "%s was written by a newer version of haven (schema %d; this one knows "
		            "up to %d). Update haven first",
		            path, info->schema, HV_SCHEMA_VERSION);
	else if (info->schema < 0)
		rc = hv_fail(err, HV_EDATA,
		             "%s says its schema version is %d, which no haven ever wrote: it is "
		             "damaged or was changed by another program",
		             path, info->schema);
	else if (info->schema < 1 ||
	         sqlite3_prepare_v2(db,
	                            "SELECT (SELECT count(*) FROM records),"
	                            " EXISTS (SELECT 1 FROM meta WHERE key = 'vault')",
	                            -1, &s, NULL) != SQLITE_OK ||
	         sqlite3_step(s) != SQLITE_ROW)
		rc = hv_fail(err, HV_EDATA, "%s is a database, but not a haven one", path);
	else {
		info->records = sqlite3_column_int64(s, 0);
		info->vault = sqlite3_column_int(s, 1);
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return rc;
}
