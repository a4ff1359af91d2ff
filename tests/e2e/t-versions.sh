# t-versions.sh — numbers haven did not write: a database whose schema
# version is negative (or newer) is refused with its name and number and
# left byte-identical; a database at every earlier schema version opens and
# is brought up to date, whichever module's steps it lacks; a record version out of range is refused on import,
# naming the line and the field, and an entry at the last version is
# refused an edit rather than overflowing.
. "$E2E_DIR/lib.sh"

A=$(log_id -i 5 -k work --at "2026-01-05 10:00" "first")

# refused NAME DB KEYWORD CMD...: exit 1, stderr names DB and KEYWORD,
# nothing on stdout, and DB byte-identical with no WAL beside it.
refused() {
	local name=$1 db=$2 key=$3 before
	shift 3
	before=$(db_hash "$db")
	check_fails 1 "$name: exit status 1" "$@"
	assert_contains "$name: the message names the file" "$ERR" "$db"
	assert_contains "$name: the message names the problem" "$ERR" "$key"
	assert_contains "$name: the message starts with haven:" "$ERR" "haven: "
	assert_eq "$name: nothing on stdout" "" "$OUT"
	assert_eq "$name: the file is byte-identical" "$before" "$(db_hash "$db")"
	assert_false "$name: no WAL was made" test -s "$db-wal"
}

# --- a negative schema version ----------------------------------------------------
for v in -1 -100000 -2147483648; do
	rm -f neg.db neg.db-*
	sqlite3 neg.db "PRAGMA user_version=$v"
	assert_eq "setup: user_version is $v" "$v" "$(sqlite3 neg.db 'PRAGMA user_version')"
	refused "schema $v: journal" neg.db "schema version is $v" haven --db neg.db journal
	assert_contains "schema $v: says what to do" "$ERR" "restore it from a backup"
	refused "schema $v: log" neg.db "schema version is $v" haven --db neg.db log -i 3 x
	HAVEN_DB=$T/neg.db refused "schema $v: HAVEN_DB, export" "$T/neg.db" "schema version is $v" \
		haven export
	assert_eq "schema $v: still $v" "$v" "$(sqlite3 neg.db 'PRAGMA user_version')"
	assert_eq "schema $v: no table was made" "" "$(sqlite3 neg.db '.tables')"
	refused "schema $v: merged from" neg.db "schema version is $v" haven merge neg.db
done
# A haven database changed to a negative version: its entries stay as they were.
cp "$HAVEN_DB" whole.db
schema=$(sqlite3 whole.db 'PRAGMA user_version')
sqlite3 whole.db 'PRAGMA user_version=-3'
refused "a haven database at -3" whole.db "schema version is -3" haven --db whole.db journal
sqlite3 whole.db "PRAGMA user_version=$schema"
check "set back, it opens again" haven --db whole.db --json journal
assert_eq "... with its entry" 1 "$(jlen "$OUT")"

# --- a newer schema version: still refused ----------------------------------------
known=$(jget "$(haven --json version)" '$.schema')
sqlite3 newer.db "PRAGMA user_version=$((known + 1))"
refused "newer schema" newer.db "newer version of haven" haven --db newer.db journal

# --- a record version out of range ------------------------------------------------
check "export" haven export
line=$OUT
max=9007199254740991
for v in 9223372036854775807 9007199254740992 0 -5; do
	printf '%s\n' "$line" | sed "s/\"version\":[0-9]*/\"version\":$v/" >v.jsonl
	rm -f imp.db imp.db-*
	check_fails 1 "import version $v: exit status 1" env HAVEN_DB="$T/imp.db" "$HAVEN" import v.jsonl
	assert_contains "import version $v: names the line" "$ERR" "v.jsonl, line 1"
	assert_contains "import version $v: names the field and the range" "$ERR" \
		"field \"version\" must be a whole number from 1 to $max"
	assert_contains "import version $v: nothing was imported" "$ERR" "Nothing was imported"
	check "import version $v: the database stays empty" env HAVEN_DB="$T/imp.db" "$HAVEN" --json journal --deleted
	assert_eq "import version $v: no entry" 0 "$(jlen "$OUT")"
done

# The last version imports; the next edit is refused, and the entry stays.
rm -f imp.db imp.db-*
printf '%s\n' "$line" | sed "s/\"version\":[0-9]*/\"version\":$max/" >max.jsonl
check "import the last version" env HAVEN_DB="$T/imp.db" "$HAVEN" import max.jsonl
export HAVEN_DB=$T/imp.db
before=$(db_hash)
check_fails 1 "edit at the last version: exit status 1" haven journal edit "$A" --recovered 3
assert_contains "edit at the last version: names the entry" "$ERR" "entry $A"
assert_contains "edit at the last version: names the version" "$ERR" "its version is $max"
assert_eq "edit at the last version: the database is byte-identical" "$before" "$(db_hash)"
check_fails 1 "rm at the last version: exit status 1" haven journal rm "$A"
assert_eq "rm at the last version: the database is byte-identical" "$before" "$(db_hash)"
check "the entry is as imported" haven --json journal show "$A"
assert_eq "... version" "$max" "$(jget "$OUT" '$.version')"
assert_eq "... not deleted" 0 "$(jget "$OUT" '$.deleted')"

# A version past the range, put there behind haven's back: no overflow.
sqlite3 "$HAVEN_DB" "UPDATE records SET version = 9223372036854775807"
before=$(db_hash)
check_fails 1 "edit at 2^63-1: exit status 1" haven journal edit "$A" --recovered 3
assert_contains "edit at 2^63-1: names the version" "$ERR" "its version is 9223372036854775807"
assert_eq "edit at 2^63-1: the database is byte-identical" "$before" "$(db_hash)"
check_fails 1 "merge of an entry at 2^63-1: exit status 1" \
	env HAVEN_DB="$T/haven.db" "$HAVEN" merge "$T/imp.db"
assert_contains "merge of an entry at 2^63-1: names the entry" "$ERR" "entry $A of the other copy"
assert_contains "merge of an entry at 2^63-1: says nothing was merged" "$ERR" "Nothing was merged"

# --- every earlier schema version opens and upgrades --------------------------------
# Each module owns its tables (src/core/schema.h): core's records at steps 1,
# 2 and 5, chat's days at 3 and 4.  A database left at each step, made from
# a current one by undoing the later steps, opens with its entry and its
# chat, and ends with the tables a new database has.  (Step 3's day blobs
# in their first form are test_chatlog's.)
export HAVEN_DB=$T/cur.db
B=$(log_id -i 4 -k work --at "2026-01-04 09:00" "before the steps")
check "steps: a chat imports" haven --json chat import "$E2E_DIR/../fixtures/chat/wa-android-dmy-24h.txt" --me Alex
check "steps: the chat as it is now" haven --json chat
chats=$OUT
# tables NAME DB: the tables, indexes and columns of DB, one per line.
tables() {
	sqlite3 "$1" "SELECT m.type, m.name, p.name FROM sqlite_master AS m
		LEFT JOIN pragma_table_info(m.name) AS p WHERE m.name NOT LIKE 'sqlite_%'
		ORDER BY m.type, m.name, p.cid"
}
fresh=$(tables cur.db)
undo5="DROP INDEX records_by_hlc; DROP INDEX records_by_conflict; DROP TABLE tombstones;
	ALTER TABLE records DROP COLUMN hlc_ms; ALTER TABLE records DROP COLUMN hlc_n;
	ALTER TABLE records DROP COLUMN vv; ALTER TABLE records DROP COLUMN conflict_of;"
undo3="DROP TABLE chat_days; DROP TABLE chat_texts; DELETE FROM records WHERE kind = 'chat';"
for v in 4 2 1 0; do
	rm -f v$v.db v$v.db-*
	cp cur.db v$v.db
	case $v in
	4) sqlite3 v$v.db "$undo5 PRAGMA user_version = 4" ;;
	2) sqlite3 v$v.db "$undo5 $undo3 PRAGMA user_version = 2" ;;
	1) sqlite3 v$v.db "$undo5 $undo3 DROP TABLE facts; PRAGMA user_version = 1" ;;
	0) rm -f v$v.db && : >v$v.db ;;
	esac
	assert_eq "schema $v: set up at $v" "$v" "$(sqlite3 v$v.db 'PRAGMA user_version')"
	if [ "$v" -gt 0 ]; then
		check "schema $v: opens" haven --db v$v.db --json journal show "$B"
		assert_eq "schema $v: the entry is there" "before the steps" "$(jget "$OUT" '$.body.what')"
	else
		check "schema $v: an empty file opens" haven --db v$v.db --json journal
		assert_eq "schema $v: with no entries" 0 "$(jlen "$OUT")"
	fi
	assert_eq "schema $v: brought to the last step" "$known" "$(sqlite3 v$v.db 'PRAGMA user_version')"
	assert_eq "schema $v: the tables of a new database" "$fresh" "$(tables v$v.db)"
	check "schema $v: chat reads" haven --db v$v.db --json chat
	if [ "$v" -ge 4 ]; then
		assert_eq "schema $v: the chat is kept" "$chats" "$OUT"
	else
		check "schema $v: a chat imports into chat's new tables" \
			haven --db v$v.db --json chat import "$E2E_DIR/../fixtures/chat/wa-android-dmy-24h.txt" --me Alex
		check "schema $v: and reads back" haven --db v$v.db --json chat
		assert_eq "schema $v: as in a current database" "$chats" "$OUT"
	fi
done

done_testing
