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

# --- no number on a terminal: haven asks for it (issue 21) ----------------------
check_fails 2 "no number and no terminal: refused, nothing to ask" haven checkin
assert_contains "no terminal: says how" "$ERR" "haven checkin 6"
if command -v script >/dev/null 2>&1; then
	# checkin_tty ANSWERS ARGS...: `haven checkin ARGS` on a terminal, typing ANSWERS.
	checkin_tty() {
		printf '%s' "$1" >answers.txt
		shift
		RUN_STDIN=answers.txt run timeout 20 script -qec "$(printf '%q ' "$HAVEN" checkin "$@")" /dev/null
	}
	run haven --json checkin --list
	before=$(jlen "$OUT")
	checkin_tty $'eleven\n4\n' --note "asked for"
	assert_eq "on a terminal: exit 0" 0 "$RC"
	assert_contains "on a terminal: asks the question" "$OUT" "How are you right now?"
	assert_contains "on a terminal: says Enter leaves it" "$OUT" "press Enter to leave it"
	assert_contains "on a terminal: a wrong answer is asked again" "$OUT" "A whole number from 0 to 10, please"
	assert_contains "on a terminal: saved" "$OUT" "Thank you for checking in"
	run haven --json checkin --list
	assert_eq "on a terminal: one more check-in" $((before + 1)) "$(jlen "$OUT")"
	run haven export
	line=$(printf '%s\n' "$OUT" | grep '"asked for"')
	assert_eq "on a terminal: the number typed" 4 "$(jget "$line" '$.body.distress')"
	assert_eq "on a terminal: with its note" "asked for" "$(jget "$line" '$.body.note')"
	checkin_tty $'\n'
	assert_eq "Enter on its own: exit 0" 0 "$RC"
	assert_contains "Enter on its own: nothing saved, said plainly" "$OUT" "Nothing saved."
	run haven --json checkin --list
	assert_eq "Enter on its own: no check-in added" $((before + 1)) "$(jlen "$OUT")"
fi

done_testing
