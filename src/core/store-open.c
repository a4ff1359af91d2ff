/*
 * store-open.c — opening the store: the file made private, read-only when
 * it must be, its schema checked and brought up to date step by step
 * (schema.h), and the connection's failures said in the person's terms.
 * Schema changes are forward migrations keyed by PRAGMA user_version, each
 * run in its own transaction, so a database is always at one whole
 * version; a database from a newer haven is refused rather than guessed at.
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

#include "dblock.h"
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

int hv_store_walk_end(struct hv_store *st, sqlite3_stmt *s, int rc, const char *doing,
                      struct hv_error *err)
{
	int r = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : hv_store_db_fail(st, err, doing);
	sqlite3_finalize(s);
	return r;
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

int hv_store_exec(struct hv_store *st, const char *sql, const char *doing, struct hv_error *err)
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
		if (hv_store_exec(st, "BEGIN IMMEDIATE", "upgrade the database", err) < 0)
			return -1;
		if ((m->setup && m->setup(st->db) != SQLITE_OK &&
		     hv_store_db_fail(st, err, "upgrade the database") < 0) ||
		    hv_store_exec(st, m->sql, "upgrade the database", err) < 0 ||
		    hv_store_exec(st, bump, "upgrade the database", err) < 0 ||
		    hv_store_exec(st, "COMMIT", "upgrade the database", err) < 0) {
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
	    hv_store_exec(st, "PRAGMA journal_mode = WAL", "open the database", err) < 0)
		return -1;
	if (hv_store_exec(st, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON",
	                  "open the database", err) < 0)
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
	for (size_t i = 0; i < st->nkept; i++)
		sqlite3_finalize(st->kept[i].s);
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
	return hv_store_exec(st, "BEGIN IMMEDIATE", "start writing", err);
}

int hv_store_commit(struct hv_store *st, struct hv_error *err)
{
	if (hv_store_exec(st, "COMMIT", "save", err) < 0) {
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

int hv_store_part_begin(struct hv_store *st, int *own, struct hv_error *err)
{
	*own = sqlite3_get_autocommit(st->db);
	if (*own)
		return hv_store_begin(st, err);
	return hv_store_exec(st, "SAVEPOINT hv_part", "start writing", err);
}

int hv_store_part_end(struct hv_store *st, int own, int ok, struct hv_error *err)
{
	if (own)
		return ok ? hv_store_commit(st, err) : (hv_store_rollback(st), 0);
	if (ok)
		return hv_store_exec(st, "RELEASE hv_part", "save", err);
	sqlite3_exec(st->db, "ROLLBACK TO hv_part; RELEASE hv_part", NULL, NULL, NULL);
	return 0;
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

int hv_store_prepare_kept(struct hv_store *st, const char *sql, sqlite3_stmt **s,
                          struct hv_error *err)
{
	size_t i = 0;
	while (i < st->nkept && st->kept[i].sql != sql)
		i++;
	if (i < st->nkept && !sqlite3_stmt_busy(st->kept[i].s)) {
		*s = st->kept[i].s;
		return 0;
	}
	if (i < st->nkept || st->nkept == HV_STORE_KEPT_MAX)
		return hv_store_prepare(st, sql, s, err);
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s, NULL) != SQLITE_OK)
		return hv_store_db_fail(st, err, "query the database");
	st->kept[st->nkept].sql = sql;
	st->kept[st->nkept++].s = *s;
	return 0;
}

void hv_store_done(struct hv_store *st, sqlite3_stmt *s)
{
	for (size_t i = 0; i < st->nkept; i++)
		if (st->kept[i].s == s) {
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return;
		}
	sqlite3_finalize(s);
}
