/*
 * schema.c — core's own tables: the records, the meta settings, the facts
 * cache and the merge clock.  Steps 3 and 4 are chat's (src/chat/schema.c);
 * the numbers are the order the steps were written in (schema.h).
 */
#include "schema.h"

static const struct hv_migration steps[] = {
    /* 1: the record table. */
    {1,
     "CREATE TABLE records ("
     "  id TEXT PRIMARY KEY NOT NULL,"
     "  kind TEXT NOT NULL,"
     "  created_ms INTEGER NOT NULL,"
     "  created_off INTEGER NOT NULL,"
     "  updated_ms INTEGER NOT NULL,"
     "  updated_off INTEGER NOT NULL,"
     "  version INTEGER NOT NULL DEFAULT 1,"
     "  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
     "  body TEXT NOT NULL"
     ");"
     "CREATE INDEX records_by_kind ON records (kind, created_ms);"
     "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);",
     NULL},
    /* 2: facts, a rebuildable cache of per-record values for aggregate views
     * (see facts.c).  rid is the record's rowid; id and updated_ms tell
     * whether the row still describes the record. */
    {2,
     "CREATE TABLE facts ("
     "  rid INTEGER PRIMARY KEY,"
     "  id TEXT NOT NULL,"
     "  updated_ms INTEGER NOT NULL,"
     "  a REAL, b REAL, bits INTEGER NOT NULL DEFAULT 0, tags TEXT"
     ");",
     NULL},
    /* 5: the merge clock (hlc.h): each record's stamp and version vector,
     * the entry a kept losing version of a conflict lost to, and a
     * tombstone per purge, so that merges converge and a purge stays
     * purged.  A record from before gets its updated time as its stamp and
     * no vector, which merges it as merges always did. */
    {5,
     "ALTER TABLE records ADD COLUMN hlc_ms INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE records ADD COLUMN hlc_n INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE records ADD COLUMN vv TEXT NOT NULL DEFAULT '{}';"
     "ALTER TABLE records ADD COLUMN conflict_of TEXT;"
     "UPDATE records SET hlc_ms = updated_ms;"
     "CREATE INDEX records_by_hlc ON records (hlc_ms, hlc_n);"
     "CREATE INDEX records_by_conflict ON records (conflict_of) WHERE conflict_of IS NOT NULL;"
     "CREATE TABLE tombstones ("
     "  id TEXT PRIMARY KEY NOT NULL,"
     "  purged_ms INTEGER NOT NULL,"
     "  purged_off INTEGER NOT NULL,"
     "  hlc_ms INTEGER NOT NULL,"
     "  hlc_n INTEGER NOT NULL"
     ");"
     "CREATE INDEX tombstones_by_hlc ON tombstones (hlc_ms, hlc_n);",
     NULL},
};

/* Records are sealed by the vault itself (vault.c), so core lists no column. */
const struct hv_schema hv_schema_core = {"core", steps, sizeof steps / sizeof *steps, NULL, 0};
