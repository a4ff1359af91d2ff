# t-journal.sh — `haven journal`: list and its filters, show, edit, rm,
# restore and purge, and ids given by prefix.
. "$E2E_DIR/lib.sh"

# Four entries over four days; the clock stands at 2026-01-07 16:00 UTC.
A=$(log_id -i 3 -k work --at "2026-01-03 09:00" alpha)
B=$(log_id -i 6 -k partner-distance --at "2026-01-04 12:00" bravo)
C=$(log_id -i 8 -k work -k conflict --recovered 50 --emotion angry --at "2026-01-05 18:30" charlie)
D=$(log_id -i 4 -k social --at "2026-01-06 07:15" delta)

# ids_of JSON: the 8-character prefixes of the entries, in order, space-separated.
ids_of() {
	jmap "$1" '$' id | cut -c1-8 | tr '\n' ' ' | sed 's/ $//'
}
short() { printf '%s' "$1" | cut -c1-8; }
a=$(short "$A") b=$(short "$B") c=$(short "$C") d=$(short "$D")

# --- list --------------------------------------------------------------------
check "journal lists entries" haven journal
assert_eq "list: one line per entry" 4 "$(printf '%s\n' "$OUT" | wc -l)"
assert_eq "list: newest first" "$d $c $b $a" "$(printf '%s\n' "$OUT" | cut -c1-8 | tr '\n' ' ' | sed 's/ $//')"
line_c=$(printf '%s\n' "$OUT" | grep "^$c")
assert_contains "list row: when" "$line_c" "Mon 5 Jan 18:30"
assert_contains "list row: intensity" "$line_c" " 8/10"
assert_contains "list row: trigger kinds" "$line_c" "work, conflict"
assert_contains "list row: what" "$line_c" "charlie"
assert_contains "list row: yesterday is called yesterday" "$(printf '%s\n' "$OUT" | grep "^$d")" "yesterday 07:15"
check "an entry from last year" env HAVEN_DB="$T/old.db" "$HAVEN" log -i 2 --at "2025-12-28 10:05" old
check "list it" env HAVEN_DB="$T/old.db" "$HAVEN" journal
assert_contains "list row: another year shows the year" "$OUT" "28 Dec 2025 10:05"
check "journal list is the same as journal" haven journal list
assert_eq "journal list == journal" "$d $c $b $a" "$(printf '%s\n' "$OUT" | cut -c1-8 | tr '\n' ' ' | sed 's/ $//')"

check "journal --json" haven --json journal
assert_eq "--json: an array of 4" 4 "$(jlen "$OUT")"
assert_eq "--json: newest first" "$d $c $b $a" "$(ids_of "$OUT")"
assert_eq "--json: full ids" "$D" "$(jget "$OUT" '$[0].id')"
assert_eq "--json: records carry their body" 8 "$(jget "$OUT" '$[1].body.intensity')"

list_is() { # list_is NAME EXPECTED-PREFIXES ARGS...
	local name=$1 want=$2
	shift 2
	check "journal $*" haven --json journal "$@"
	assert_eq "$name" "$want" "$(ids_of "$OUT")"
}
list_is "--since a date: from its midnight on" "$d $c $b" --since 2026-01-04
list_is "--since is inclusive" "$d $c $b" --since "2026-01-04 12:00"
list_is "--since just after an entry leaves it out" "$d $c" --since "2026-01-04 12:01"
list_is "--until a date: before its midnight" "$b $a" --until 2026-01-05
list_is "--since and --until together" "$c $b" --since 2026-01-04 --until 2026-01-06
list_is "--since in people's words" "$d $c" --since "3 days ago"
list_is "--kind work" "$c $a" --kind work
list_is "--kind matches any of an entry's kinds" "$c" --kind conflict
list_is "--kind and --since" "$c" --kind work --since 2026-01-04
list_is "--limit 2: the two newest" "$d $c" --limit 2
list_is "--kind then --limit counts matches" "$c" --kind work --limit 1
list_is "a filter that matches nothing" "" --kind money
check "text list with no match" haven journal --kind money
assert_contains "no match: says so" "$OUT" "No entries match"
check_fails 2 "--kind with an unknown kind" haven journal --kind nope
assert_contains "--kind nope: names the problem" "$ERR" 'unknown trigger kind "nope"'
check_fails 2 "--since with a bad date" haven journal --since "tomorow 9"
assert_contains "--since bad date: names the text" "$ERR" '"tomorow 9"'
check_fails 2 "--limit 0 is refused" haven journal --limit 0
assert_contains "--limit 0: names the option" "$ERR" "--limit"

# --- show by unique prefix -----------------------------------------------------
check "show by the first 8 characters" haven journal show "$c" --json
assert_eq "show: found the right entry" "$C" "$(jget "$OUT" '$.id')"
before_c=$OUT
check "show by the full id" haven --json journal show "$C"
assert_eq "show: full id and prefix agree" "$before_c" "$OUT"
check "show accepts an upper-case prefix" haven --json journal show "$(printf '%s' "$c" | tr a-f A-F)"
assert_eq "show: upper-case prefix finds it" "$C" "$(jget "$OUT" '$.id')"
check "show as text" haven journal show "$c"
assert_contains "show text: the full id" "$OUT" "entry $C"
assert_contains "show text: what" "$OUT" "charlie"
assert_contains "show text: trigger labels" "$OUT" "Work pressure, Conflict or disagreement"
assert_contains "show text: intensity" "$OUT" "8/10"
assert_contains "show text: recovery" "$OUT" "50 minutes"
assert_contains "show text: emotions" "$OUT" "angry"

# --- edit ---------------------------------------------------------------------
export_before=$(haven export)
check "edit --recovered 30" haven journal edit "$c" --recovered 30
assert_eq "edit: says what it updated" "Updated $c." "$OUT"
check "show after edit" haven --json journal show "$c"
after_c=$OUT
assert_eq "edit: recovered_minutes is 30" 30 "$(jget "$after_c" '$.body.recovered_minutes')"
assert_eq "edit: version bumped to 2" 2 "$(jget "$after_c" '$.version')"
assert_ne "edit: updated moved on" "$(jget "$before_c" '$.updated')" "$(jget "$after_c" '$.updated')"
assert_eq "edit: created unchanged" "$(jget "$before_c" '$.created')" "$(jget "$after_c" '$.created')"
strip='$.body.recovered_minutes'
assert_eq "edit: nothing else in the entry changed" \
	"$(_e2e_jsql "$before_c" "SELECT json_remove($_e2e_jdoc, '$strip', '\$.version', '\$.updated')")" \
	"$(_e2e_jsql "$after_c" "SELECT json_remove($_e2e_jdoc, '$strip', '\$.version', '\$.updated')")"
assert_eq "edit: the other entries are untouched" \
	"$(printf '%s\n' "$export_before" | grep -v "$C")" "$(haven export | grep -v "$C")"
check "edit -k replaces the list, --what the text" haven --json journal edit "$c" -k social --what "charlie again"
assert_eq "edit -k: the new list only" '["social"]' "$(jget "$OUT" '$.body.triggers')"
assert_eq "edit --what: new text" "charlie again" "$(jget "$OUT" '$.body.what')"
assert_eq "edit: version 3" 3 "$(jget "$OUT" '$.version')"
assert_eq "edit: recovered kept" 30 "$(jget "$OUT" '$.body.recovered_minutes')"
check "edit --at moves the entry" haven --json journal edit "$a" --at "2026-01-02 08:00"
assert_eq "edit --at: new created" 2026-01-02T08:00:00.000Z "$(jget "$OUT" '$.created')"
hash=$(db_hash)
# `haven log --at` refuses a time to come ("give when it happened"); an edit
# that moves an entry must hold to the same rule.  (A database of its own, so
# that a failure here does not upset the tests after it.)
fut=$(HAVEN_DB=$T/future.db log_id -i 3 "soon")
fut_hash=$(db_hash "$T/future.db")
check_fails 2 "edit --at into the future is refused" env HAVEN_DB="$T/future.db" \
	"$HAVEN" journal edit "$fut" --at "tomorrow 9:00"
assert_contains "edit --at future: says so" "$ERR" "in the future"
assert_eq "edit --at future: the database is unchanged" "$fut_hash" "$(db_hash "$T/future.db")"
check_fails 2 "edit with nothing to change" haven journal edit "$c"
assert_contains "edit with nothing: says so" "$ERR" "nothing to change"
check_fails 2 "edit with a bad value" haven journal edit "$c" -i 11
assert_contains "edit -i 11: names the option" "$ERR" "--intensity"
check_fails 2 "edit with an unknown kind" haven journal edit "$c" -k nope
assert_contains "edit -k nope: names the kind" "$ERR" 'unknown trigger kind "nope"'
assert_eq "failed edits change nothing" "$hash" "$(db_hash)"

# --- rm and restore -----------------------------------------------------------
check "rm (soft)" haven journal rm "$b"
assert_contains "rm: says how to undo" "$OUT" "haven journal restore $b"
check "list after rm" haven --json journal
assert_eq "rm: hidden from the list" "$d $c $a" "$(ids_of "$OUT")"
check "list --deleted" haven --json journal --deleted
assert_eq "--deleted: shown again" "$d $c $b $a" "$(ids_of "$OUT")"
assert_eq "--deleted: marked deleted" true "$(jtype "$OUT" '$[2].deleted')"
check "text list --deleted" haven journal --deleted
assert_contains "--deleted text: marked" "$(printf '%s\n' "$OUT" | grep "^$b")" "(deleted)"
check "show a deleted entry" haven journal show "$b"
assert_contains "show: says deleted" "$OUT" "(deleted)"
check "home screen after rm" haven --json
assert_not_contains "home: a deleted entry is not recent" "$OUT" "$B"
check "restore" haven journal restore "$b"
assert_contains "restore: says so" "$OUT" "Restored $b"
check "list after restore" haven --json journal
assert_eq "restore: back in the list" "$d $c $b $a" "$(ids_of "$OUT")"
assert_eq "restore: not deleted" false "$(jtype "$OUT" '$[2].deleted')"
assert_eq "rm + restore: version 3" 3 "$(jget "$OUT" '$[2].version')"

# --- purge --------------------------------------------------------------------
check "rm --purge" haven journal rm "$d" --purge
assert_contains "purge: says so" "$OUT" "Purged"
check "list --deleted after purge" haven --json journal --deleted
assert_eq "purge: gone even from --deleted" "$c $b $a" "$(ids_of "$OUT")"
check_fails 1 "show a purged entry" haven journal show "$d"
assert_contains "show purged: not found" "$ERR" "no trigger entry"
check "export after purge" haven export
assert_not_contains "purge: its words are gone from the export" "$OUT" "delta"
# Only a tombstone stays (id, when, stamp), so no other copy brings it back.
assert_eq "purge: only a tombstone of it is exported" "id,purged,hlc" "$(jkeys "$(printf '%s\n' "$OUT" | grep "$D")")"
check "soft rm then purge" haven journal rm "$a"
check "purge a soft-deleted entry" haven --json journal rm "$a" --purge
assert_eq "purge --json" true "$(jtype "$OUT" '$.purged')"
check "export after the second purge" haven export
assert_eq "two entries left, and two tombstones" "2 2" \
	"$(printf '%s\n' "$OUT" | grep -c '"kind"') $(printf '%s\n' "$OUT" | grep -c '"purged"')"

# --- ids that match nothing or more than one ----------------------------------
cat >twins.jsonl <<'EOF'
{"id":"abcd1111-0000-4000-8000-000000000001","kind":"trigger","created":"2026-01-01T10:00:00.000Z","updated":"2026-01-01T10:00:00.000Z","version":1,"deleted":false,"body":{"intensity":3,"what":"twin one"}}
{"id":"abcd2222-0000-4000-8000-000000000002","kind":"trigger","created":"2026-01-01T11:00:00.000Z","updated":"2026-01-01T11:00:00.000Z","version":1,"deleted":false,"body":{"intensity":4,"what":"twin two"}}
EOF
check "import two entries sharing a prefix" haven import twins.jsonl
hash=$(db_hash)
check_fails 1 "show an ambiguous prefix" haven journal show abcd
assert_contains "ambiguous show: says so" "$ERR" "matches more than one entry"
check_fails 1 "edit an ambiguous prefix" haven journal edit abcd --recovered 5
assert_contains "ambiguous edit: says so" "$ERR" "matches more than one entry"
check_fails 1 "rm an ambiguous prefix" haven journal rm abcd
assert_contains "ambiguous rm: says so" "$ERR" "matches more than one entry"
check_fails 1 "purge an ambiguous prefix" haven journal rm abcd --purge
assert_contains "ambiguous purge: says so" "$ERR" "matches more than one entry"
check_fails 1 "show an unknown id" haven journal show ffff0000
assert_contains "unknown show: says not found" "$ERR" 'no trigger entry with id "ffff0000"'
check_fails 1 "edit an unknown id" haven journal edit ffff0000 --recovered 5
assert_contains "unknown edit: says not found" "$ERR" "no trigger entry"
check_fails 1 "rm an unknown id" haven journal rm ffff0000
assert_contains "unknown rm: says not found" "$ERR" "no trigger entry"
check_fails 1 "restore an unknown id" haven journal restore ffff0000
assert_contains "unknown restore: says not found" "$ERR" "no trigger entry"
check_fails 1 "purge an unknown id" haven journal rm ffff0000 --purge
assert_contains "unknown purge: says not found" "$ERR" "no trigger entry"
check_fails 2 "a 3-character id is too short" haven journal show abc
assert_contains "short id: asks for 4 characters" "$ERR" "at least its first 4 characters"
assert_eq "failed id lookups change nothing" "$hash" "$(db_hash)"
check "one more character makes it unique" haven --json journal show abcd2
assert_eq "abcd2 is twin two" "twin two" "$(jget "$OUT" '$.body.what')"

# --- usage --------------------------------------------------------------------
check_fails 2 "unknown journal subcommand" haven journal frobnicate
assert_contains "unknown subcommand: named" "$ERR" '"frobnicate"'
check_fails 2 "show without an id" haven journal show
assert_contains "show without id: says so" "$ERR" "needs one entry id"
check_fails 2 "rm without an id" haven journal rm
assert_contains "rm without id: says so" "$ERR" "needs an entry id"

done_testing
