# t-versions.sh — numbers haven did not write: a database whose schema
# version is negative (or newer) is refused with its name and number and
# left byte-identical; a record version out of range is refused on import,
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

done_testing
