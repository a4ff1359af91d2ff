/*
 * schema.c — chat's own tables, as migration steps 3 and 4 of the store
 * (core/schema.h numbers the steps of all modules in the order they were
 * written).  Per contact and local day, one row holds the messages' times,
 * senders' roles and lengths packed in a blob (days.c); the words
 * themselves only when the person asked to keep them.
 */
#include "core/schema.h"

#include <stddef.h>

#include "chatlog.h"

static const struct hv_migration steps[] = {
    /* 3: imported chat history, eight bytes a message. */
    {3,
     "CREATE TABLE chat_days ("
     "  chat TEXT NOT NULL,"
     "  day INTEGER NOT NULL,"
     "  off INTEGER NOT NULL,"
     "  n INTEGER NOT NULL,"
     "  data BLOB NOT NULL,"
     "  PRIMARY KEY (chat, day)"
     ") WITHOUT ROWID;"
     "CREATE TABLE chat_texts ("
     "  chat TEXT NOT NULL,"
     "  day INTEGER NOT NULL,"
     "  key INTEGER NOT NULL,"
     "  ordinal INTEGER NOT NULL,"
     "  text TEXT NOT NULL,"
     "  PRIMARY KEY (chat, day, key, ordinal)"
     ") WITHOUT ROWID;",
     NULL},
    /* 4: chat days in a denser form, about three bytes a message instead
     * of eight, in an ordinary rowid table: a WITHOUT ROWID row over about
     * 1,000 bytes spills into an overflow page, and a day is about 2,000.
     * Together a large import writes a third of the pages it did. */
    {4,
     "CREATE TABLE chat_days_v4 ("
     "  chat TEXT NOT NULL,"
     "  day INTEGER NOT NULL,"
     "  off INTEGER NOT NULL,"
     "  n INTEGER NOT NULL,"
     "  data BLOB NOT NULL,"
     "  UNIQUE (chat, day)"
     ");"
     "INSERT INTO chat_days_v4 (chat, day, off, n, data)"
     "  SELECT chat, day, off, n, haven_chat_repack(n, data) FROM chat_days ORDER BY chat, day;"
     "DROP TABLE chat_days;"
     "ALTER TABLE chat_days_v4 RENAME TO chat_days;",
     hv_chatlog_repack_setup},
};

/* Kept words are sealed in a vault; the day blobs of times and lengths stay
 * in clear, like timestamps (SECURITY.md).  The associated data is the one
 * hv_chatlog_text_put seals new words with (days.c). */
static const struct hv_sealed_column sealed[] = {
    {"chat_texts", "text", "'chat|' || day || '|' || key || '|' || ordinal || '|' || chat", "chat",
     "chat message", "a kept chat message"},
};

const struct hv_schema hv_schema_chat = {"chat", steps, sizeof steps / sizeof *steps, sealed,
                                         sizeof sealed / sizeof *sealed};
