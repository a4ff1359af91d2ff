/*
 * schema.h — each module's own tables, as migration steps the store runs
 * in order.
 *
 * A database has one schema version, PRAGMA user_version: how many steps
 * it has taken.  Steps are numbered across all modules in the order they
 * were written, and each belongs to the module whose tables it makes or
 * changes (core's records and facts are steps 1, 2 and 5; chat's days and
 * kept words 3 and 4), so a database written by any earlier haven is at
 * one whole step and upgrades from there.
 *
 * A module lists its steps in its own schema.c as
 * `const struct hv_schema hv_schema_NAME`.  The build gathers every
 * src/NAME/schema.c into one table, hv_schemas (scripts/list-schemas.sh):
 * core runs steps whose meaning it does not know, and a new module adds the
 * next step without touching core.  The steps must number 1, 2, … with
 * none missing or twice; a store refuses to open otherwise, and
 * test_store holds the table to it.
 */
#ifndef HAVEN_SCHEMA_H
#define HAVEN_SCHEMA_H

#include <stddef.h>

#include "error.h"

struct sqlite3;

struct hv_migration {
	int step;        /* the user_version the database is at once it ran */
	const char *sql; /* run in one transaction with the new user_version */
	/* Optional: run first, on the same connection and in the same
	 * transaction (an SQL function the step's SQL calls); SQLITE_OK or not. */
	int (*setup)(struct sqlite3 *db);
};

/*
 * A column of a module's table that holds a person's own words.  In a vault
 * it is sealed like a record's body: vault.c seals, re-seals, opens and
 * checks every row of it, each box bound to its row by ad_sql, and the
 * module seals what it writes there with hv_vault_seal_text (store-db.h)
 * under the same associated data.
 */
struct hv_sealed_column {
	const char *table, *column;
	const char *ad_sql;   /* the row's associated data, as SQL over its columns */
	const char *name_sql; /* what names a damaged row, as SQL (a contact, an id) */
	const char *kind;     /* what a damaged row is reported as ("chat message") */
	const char *what;     /* and how a sentence names one ("a kept chat message") */
};

struct hv_schema {
	const char *module;
	const struct hv_migration *steps;
	size_t n;
	const struct hv_sealed_column *sealed;
	size_t nsealed;
};

/* Every module's schema, NULL last; written by the build. */
extern const struct hv_schema *const hv_schemas[];

/* The last step of all (what a new database is brought to), or -1 with err
 * filled when the steps do not number 1, 2, … once each. */
int hv_schema_last(struct hv_error *err);

/* Step v (1..hv_schema_last()), or NULL. */
const struct hv_migration *hv_schema_step(int v);

#endif
