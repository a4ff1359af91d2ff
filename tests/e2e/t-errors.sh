# t-errors.sh — bad input and bad databases: the right exit status, a
# message that names the problem, and a database left byte-identical.
. "$E2E_DIR/lib.sh"

A=$(log_id -i 5 -k work --at "2026-01-05 10:00" "first")
B=$(log_id -i 6 --at "2026-01-06 10:00" "second")
count_entries() {
	run haven --json journal --deleted --limit 100000
	jlen "$OUT"
}
H0=$(db_hash)
assert_ne "setup: the database exists" absent "$H0"

# refuses CODE NAME KEYWORD CMD...: exit CODE, stderr names KEYWORD, and the
# database file is byte-identical afterwards.
refuses() {
	local code=$1 name=$2 key=$3
	shift 3
	local before
	before=$(db_hash)
	check_fails "$code" "$name: exit status $code" "$@"
	assert_contains "$name: the message names the problem" "$ERR" "$key"
	assert_contains "$name: the message starts with haven:" "$ERR" "haven: "
	assert_eq "$name: nothing on stdout" "" "$OUT"
	assert_eq "$name: the database is byte-identical" "$before" "$(db_hash)"
}

# --- bad values for log -----------------------------------------------------------
refuses 2 "intensity 0" "--intensity must be a whole number from 1 to 10" haven log -i 0 x
refuses 2 "intensity 11" "--intensity must be a whole number from 1 to 10" haven log -i 11 x
refuses 2 "intensity not a number" 'not "7x"' haven log -i 7x x
refuses 2 "intensity missing its value" "needs a value" haven log -i
refuses 2 "unknown trigger kind" 'unknown trigger kind "nope"' haven log -i 5 -k nope x
refuses 2 "unknown kind among good ones" 'unknown trigger kind "Work"' haven log -i 5 -k work -k Work x
refuses 2 "unknown response" 'unknown response "shouted"' haven log -i 5 --did shouted x
refuses 2 "unparseable date" 'could not read "tomorow 9" as a date' haven log -i 5 --at "tomorow 9" x
refuses 2 "impossible date" "February 2026 has 28 days" haven log -i 5 --at "2026-02-30 10:00" x
refuses 2 "a time in the future" "in the future" haven log -i 5 --at "tomorrow 9:00" x
refuses 2 "negative recovery" "--recovered must be a whole number" haven log -i 5 --recovered -5 x
refuses 2 "unknown option" "haven log has no option --bogus" haven log -i 5 --bogus x
# inside a cluster the letter is named, not the argument before it
refuses 2 "unknown letter in a cluster" "haven log has no option -n" haven log -i 5 -not a number
refuses 2 "unknown letter alone" "haven journal has no option -z" haven journal -z
# the command table's parser: a value given to an option that takes none,
# and a missing value, named for the option as it was written
refuses 2 "a flag given a value" "--plain takes no value" haven backup --plain=yes out.bak
refuses 2 "a letter missing its value" "-o needs a value" haven export -o
refuses 2 "edit: intensity 0" "--intensity" haven journal edit "$A" -i 0
refuses 2 "edit: unknown kind" 'unknown trigger kind "nope"' haven journal edit "$A" -k nope
refuses 2 "edit: bad date" 'could not read "tomorow 9"' haven journal edit "$A" --at "tomorow 9"
refuses 1 "edit: unknown id" "no trigger entry" haven journal edit ffff0000 --recovered 3
refuses 2 "unknown command" '"frobnicate" is not a haven command' haven frobnicate
refuses 2 "--db without a path" "--db needs a file path" haven journal --db
refuses 2 "a command's options before a subcommand" 'the options before "list" are not its own' haven journal --kind work list
refuses 2 "edit: an option only the list takes" "no option --deleted" haven journal edit "$A" --deleted
refuses 2 "edit: nothing to change" "nothing to change" haven journal edit "$A"
refuses 2 "a word that is no config command" 'unknown config command "colour"' haven config colour
refuses 2 "a config value checked before the store" 'sync.auto is on or off, not "maybe"' haven config set sync.auto maybe

check_fails 2 "an error with --json" haven --json log -i 5 -k nope x
assert_contains "--json error: a JSON error object on stderr" "$ERR" '{"error":{"code":"invalid","message":"unknown trigger kind'
assert_eq "--json error: still nothing on stdout" "" "$OUT"

# Bad input must not even create a database that did not exist.
check_fails 2 "bad input with a new database path" env HAVEN_DB="$T/new.db" "$HAVEN" log -i 0 x
assert_eq "bad input: no database file appears" absent "$(db_hash "$T/new.db")"
check_fails 2 "unknown kind with a new database path" env HAVEN_DB="$T/new.db" "$HAVEN" log -i 4 -k nope x
assert_eq "unknown kind: no database file appears" absent "$(db_hash "$T/new.db")"

# --- imports that fail import nothing ------------------------------------------------
good_line() { # good_line N: a valid record with a fixed id
	printf '{"id":"00000000-0000-4000-8000-%012d","kind":"trigger","created":"2026-01-0%dT08:00:00.000Z","updated":"2026-01-0%dT08:00:00.000Z","version":1,"deleted":false,"body":{"intensity":%d,"what":"line %d"}}\n' \
		"$1" "$1" "$1" "$1" "$1"
}
{
	good_line 1
	good_line 2
	printf '{"id": "00000000-0000-4000-8000-000000000003", "kind": "trigger", oops}\n'
	good_line 4
} >broken.jsonl
refuses 1 "a broken line in the middle" "broken.jsonl, line 3" haven import broken.jsonl
assert_contains "broken line: says nothing was imported" "$ERR" "Nothing was imported"
assert_contains "broken line: says what is wrong" "$ERR" "not valid JSON"
assert_eq "broken line: the entry count is unchanged" 2 "$(count_entries)"
check_fails 1 "broken line: line 1 was not imported" haven journal show 00000000-0000-4000-8000-000000000001
check_fails 1 "broken line: line 2 was not imported" haven journal show 00000000-0000-4000-8000-000000000002
RUN_STDIN=broken.jsonl refuses 1 "a broken line on stdin" "standard input, line 3" haven import -

{
	good_line 1
	printf '{"id":"00000000-0000-4000-8000-000000000009","kind":"trigger","created":"2026-01-01T08:00:00.000Z","updated":"2026-01-01T08:00:00.000Z","version":1,"deleted":false,"body":{"intensity":11}}\n'
} >invalid.jsonl
refuses 1 "a record that breaks the rules" "invalid.jsonl, line 2" haven import invalid.jsonl
assert_contains "bad record: names the field" "$ERR" "intensity must be a whole number from 1 to 10"
{
	good_line 1
	echo
	printf '{"id":"00000000-0000-4000-8000-000000000009","kind":"trigger","created":"2026-01-01T08:00:00.000Z","updated":"2026-01-01T08:00:00.000Z","version":1,"deleted":false,"body":{"intensity":3},"colour":"red"}\n'
} >unknown.jsonl
refuses 1 "an unknown field" 'unknown field "colour"' haven import unknown.jsonl
assert_contains "unknown field: blank lines still count" "$ERR" "line 3"
printf '{"id":"00000000-0000-4000-8000-000000000009","kind":"mood","created":"2026-01-01T08:00:00.000Z","updated":"2026-01-01T08:00:00.000Z","version":1,"deleted":false,"body":{}}\n' >kind.jsonl
refuses 1 "an unknown kind of record" 'unknown kind of entry "mood"' haven import kind.jsonl
printf '{"id":"NOT-A-UUID","kind":"trigger","created":"2026-01-01T08:00:00.000Z","updated":"2026-01-01T08:00:00.000Z","version":1,"deleted":false,"body":{"intensity":3}}\n' >id.jsonl
refuses 1 "a bad id" 'field "id"' haven import id.jsonl
printf '{"id":"00000000-0000-4000-8000-000000000009","kind":"trigger","created":"yesterday","updated":"2026-01-01T08:00:00.000Z","version":1,"deleted":false,"body":{"intensity":3}}\n' >time.jsonl
refuses 1 "a bad time" 'field "created"' haven import time.jsonl
printf 'good\0bad\n' >nul.jsonl
refuses 1 "a NUL byte" "NUL" haven import nul.jsonl
printf '\xff\xfe{}\n' >latin.jsonl
refuses 1 "not UTF-8" "UTF-8" haven import latin.jsonl
refuses 1 "a file that does not exist" "cannot open $T/none.jsonl" haven import "$T/none.jsonl"
refuses 2 "import without a file" "give one file" haven import

# --- a database written by a newer haven ----------------------------------------------
cp "$HAVEN_DB" newer.db
sqlite3 newer.db 'PRAGMA user_version=99'
assert_eq "setup: user_version is 99" 99 "$(sqlite3 newer.db 'PRAGMA user_version')"
HAVEN_DB=$T/newer.db refuses 1 "newer schema: journal" "newer version of haven" haven journal
known=$(jget "$(haven --json version)" '$.schema')
assert_contains "newer schema: names both versions" "$ERR" "schema 99; this one knows up to $known"
HAVEN_DB=$T/newer.db refuses 1 "newer schema: log" "newer version of haven" haven log -i 3 x
HAVEN_DB=$T/newer.db refuses 1 "newer schema: import" "newer version of haven" haven import broken.jsonl
HAVEN_DB=$T/newer.db refuses 1 "newer schema: export" "newer version of haven" haven export
assert_eq "newer schema: still version 99" 99 "$(sqlite3 newer.db 'PRAGMA user_version')"

# --- not a database at all -----------------------------------------------------------------
printf 'these are my notes, not a database\n' >notes.txt
HAVEN_DB=$T/notes.txt refuses 1 "not a database" "is not a haven database" haven journal
HAVEN_DB=$T/notes.txt refuses 1 "not a database: log" "is not a haven database" haven log -i 3 x
assert_eq "not a database: the file is untouched" "these are my notes, not a database" "$(cat notes.txt)"
mkdir folder.db
check_fails 1 "a folder as the database" env HAVEN_DB="$T/folder.db" "$HAVEN" journal
assert_contains "a folder: says so" "$ERR" "is a folder"

# --- a read-only database -------------------------------------------------------------------
# Root writes whatever the permission bits say, so as root the read-only
# cases run as the unprivileged user nobody: a database that belongs to
# nobody and that nobody has made 0444, just as a person would.
as_user=()
mkdir ro
cp "$HAVEN_DB" ro/haven.db
cp "$HAVEN" ro/haven # somewhere nobody can run it from
chmod 755 ro/haven
if [ "$(id -u)" -eq 0 ]; then
	chmod 755 "$T"
	chown -R 65534:65534 ro
	if command -v setpriv >/dev/null 2>&1; then
		as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	else
		as_user=(su nobody -s /bin/sh -c '"$0" "$@"')
	fi
fi
chmod 0444 ro/haven.db
: >ro/empty.db
chmod 0444 ro/empty.db
[ "$(id -u)" -eq 0 ] && chown 65534:65534 ro/empty.db
ro_haven() {
	"${as_user[@]}" env HAVEN_DB="$T/ro/haven.db" "$T/ro/haven" "$@"
}
RO0=$(db_hash ro/haven.db)
check "read-only: reading still works" ro_haven --json journal
assert_eq "read-only: both entries listed" 2 "$(jlen "$OUT")"
check "read-only: export still works" ro_haven export
assert_eq "read-only: export has both entries" 2 "$(printf '%s\n' "$OUT" | wc -l)"
check "read-only: insights still work" ro_haven --json insights
assert_eq "read-only: insights count both entries" 2 "$(jget "$OUT" '$.entries')"
assert_eq "read-only: insights leave the file unchanged" "$RO0" "$(db_hash ro/haven.db)"
ro_refuses() { # ro_refuses NAME CMD...
	local name=$1
	shift
	check_fails 1 "read-only: $name fails" ro_haven "$@"
	assert_contains "read-only: $name says read-only" "$ERR" "read-only"
	assert_contains "read-only: $name names the file" "$ERR" "$T/ro/haven.db"
	assert_eq "read-only: $name leaves the file unchanged" "$RO0" "$(db_hash ro/haven.db)"
}
ro_refuses "log" log -i 3 "cannot be saved"
ro_refuses "edit" journal edit "$A" --recovered 3
ro_refuses "rm" journal rm "$A"
ro_refuses "purge" journal rm "$A" --purge
ro_refuses "import" import "$T/ro/../broken.jsonl"
good_line 7 >ro-good.jsonl
chmod 644 ro-good.jsonl
ro_refuses "import of a good file" import "$T/ro-good.jsonl"
check_fails 1 "read-only and empty" "${as_user[@]}" env HAVEN_DB="$T/ro/empty.db" "$T/ro/haven" journal
assert_contains "read-only and empty: says so" "$ERR" "read-only and empty"
assert_eq "read-only and empty: still empty" 0 "$(stat -c %s ro/empty.db)"

# --- after all that, the original database is as it was ---------------------------------------
assert_eq "the main database is byte-identical to the start" "$H0" "$(db_hash)"
assert_eq "and still holds its two entries" 2 "$(count_entries)"

# --- --db in folders that are not there: made, and said -----------------------------------------
check "--db in a new folder" haven --db "$T/new/deeper/h.db" log -i 3 "x"
assert_contains "it says the folder was made" "$ERR" "$T/new/deeper did not exist, so haven made it"
assert_eq "the folder is private" 700 "$(file_mode "$T/new/deeper")"
check "the second time" haven --db "$T/new/deeper/h.db" journal
assert_eq "says nothing more" "" "$ERR"
check "--quiet" haven --quiet --db "$T/quiet/h.db" journal
assert_eq "--quiet: no note" "" "$ERR"
HAVEN_DB=$T/env/h.db check "HAVEN_DB in a new folder" haven journal
assert_contains "HAVEN_DB: said too" "$ERR" "$T/env did not exist"

done_testing
