# t-checkin.sh — `haven checkin`: the 0-10 rating and its note saved, the
# same checks as the web app's (refused input changes nothing), the list,
# and export/import of the new kind.
. "$E2E_DIR/lib.sh"

check "a check-in with a note" haven --json checkin 6 --note "  after the call " --at "today 10:00"
assert_eq "kind checkin" checkin "$(jget "$OUT" '$.kind')"
assert_eq "distress kept" 6 "$(jget "$OUT" '$.body.distress')"
assert_eq "the note trimmed" "after the call" "$(jget "$OUT" '$.body.note')"
check "a check-in earlier today" haven checkin 8 --at "today 09:00"
assert_contains "human output thanks" "$OUT" "Noted."
assert_contains "a high rating points to a practice" "$OUT" "breaths"
check "zero is a rating too" haven checkin 0

before=$(db_hash)
check_fails 2 "eleven is refused" haven checkin 11
assert_contains "the message names the range" "$ERR" "distress must be a whole number from 0 to 10"
check_fails 2 "a word is refused" haven checkin calm
check_fails 2 "no rating: usage" haven checkin
assert_contains "and says what to give" "$ERR" "0 to 10"
check_fails 2 "two ratings" haven checkin 3 4
check_fails 2 "--since without --list" haven checkin 3 --since yesterday
check_fails 2 "a future --at" haven checkin 3 --at tomorrow
assert_eq "refusals changed nothing" "$before" "$(db_hash)"

check "the list as JSON" haven checkin --list --json
assert_eq "three check-ins" 3 "$(jlen "$OUT")"
assert_eq "newest first" 0 "$(jget "$OUT" '$[0].body.distress')"
assert_eq "then the one at 10:00" 6 "$(jget "$OUT" '$[1].body.distress')"
assert_eq "oldest last" 8 "$(jget "$OUT" '$[2].body.distress')"
check "--limit" haven checkin --list --json --limit 1
assert_eq "one" 1 "$(jlen "$OUT")"
check "the human list" haven checkin --list
assert_contains "shows the note" "$OUT" "after the call"

check "crisis words in a note bring help" haven --json checkin 9 --note "I want to kill myself"
assert_eq "the crisis notice is in the JSON" 1 "$(jget "$OUT" '$.crisis')"

check "export" haven export
printf '%s\n' "$OUT" >"$T/out.jsonl"
assert_eq "four check-ins exported" 4 "$(grep -c '"kind":"checkin"' "$T/out.jsonl")"
HAVEN_DB="$T/other.db" check "import into a fresh database" haven import "$T/out.jsonl"
HAVEN_DB="$T/other.db" check "export again" haven export
assert_eq "the round trip is byte-identical" "$(cat "$T/out.jsonl")" "$OUT"
printf '%s\n' '{"id":"6f1c1f8e-3b5a-4d6e-9f00-0123456789ab","kind":"checkin","created":"2026-01-07T10:00:00.000Z","updated":"2026-01-07T10:00:00.000Z","version":1,"deleted":false,"body":{"distress":12}}' >"$T/bad.jsonl"
before=$(db_hash)
check_fails 1 "an import with a bad check-in is refused" haven import "$T/bad.jsonl"
assert_contains "naming the field" "$ERR" "distress"
assert_eq "and lands nothing" "$before" "$(db_hash)"

done_testing
