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
# Listing only reads: where there is no database it lists none and makes none.
check "checkin --list where there is no database" haven --db "$T/none/none.db" --json checkin --list
assert_eq "no database: no check-ins" 0 "$(jlen "$OUT")"
check "checkin factor list where there is no database" haven --db "$T/none/none.db" --json checkin factor list
assert_eq "no database: no factors of one's own" 0 "$(jlen "$OUT")"
assert_false "no database: none made" test -e "$T/none"
# Every word is checked before the database is opened: a refusal makes none.
for words in "11" "calm" "3 4" "3 --since yesterday" "--list 3" "factor rename x" "factor add"; do
	# shellcheck disable=SC2086 # the words as they would be typed
	check_fails 2 "checkin $words: refused" haven --db "$T/none/none.db" checkin $words
	assert_false "checkin $words: no database made" test -e "$T/none"
done

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

# --- the day's factors (issue 18) -------------------------------------------------
check "factors by flag, as the issue writes them" haven --json checkin --mood 6 --sleep 7.5 --caffeine 2 --at "today 08:00"
assert_eq "mood" 6 "$(jget "$OUT" '$.body.factors.mood')"
assert_eq "sleep in hours, with decimals" 7.5 "$(jget "$OUT" '$.body.factors.sleep')"
assert_eq "caffeine in cups" 2 "$(jget "$OUT" '$.body.factors.caffeine')"
assert_eq "no distress needed with factors" "" "$(jget "$OUT" '$.body.distress')"
check "every factor at once, with distress" haven --json checkin 3 --mood 5 --anxiety 4 --sleep 6,25 --sleep-quality 7 --caffeine 0 --alcohol 1 --movement 45 --safe-people 2.5 --note "a long day" --at "today 12:00"
assert_eq "a comma for the decimal point" 6.25 "$(jget "$OUT" '$.body.factors.sleep')"
assert_eq "safe people in hours" 2.5 "$(jget "$OUT" '$.body.factors.safe_people')"
assert_eq "movement in minutes" 45 "$(jget "$OUT" '$.body.factors.movement')"
assert_eq "eight factors" 8 "$(jget "$OUT" '$.body.factors' | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
check "an evening check-in the same day" haven --json checkin 5 --mood 4 --at "today 15:00"
run haven --json checkin --list --since "today 00:00"
assert_eq "morning, noon and evening are all kept" 3 "$(jlen "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.dumps([r for r in json.load(sys.stdin) if "factors" in r["body"]]))')")"

before=$(db_hash)
check_fails 2 "mood out of range" haven checkin --mood 11
assert_contains "names the factor and its range" "$ERR" "mood must be a whole number from 0 to 10"
check_fails 2 "sleep out of range" haven checkin --sleep 25
assert_contains "names the unit" "$ERR" "sleep must be a number of hours from 0 to 24"
check_fails 2 "a negative count" haven checkin --caffeine -1
assert_contains "caffeine's range" "$ERR" "caffeine must be a whole number of cups from 0 to 30"
check_fails 2 "half a cup of mood" haven checkin --mood 5.5
check_fails 2 "words for a number" haven checkin --sleep lots
check_fails 2 "a bad factor refuses the whole check-in" haven checkin 4 --mood 6 --alcohol 99
check_fails 2 "an unknown factor of one's own" haven checkin 4 --factor "therapy day"
assert_contains "named" "$ERR" 'unknown factor "therapy day"'
check_fails 2 "an unknown option" haven checkin --coffee 2
check_fails 2 "factors do not go with --list" haven checkin --list --mood 3
assert_eq "refused factors changed nothing" "$before" "$(db_hash)"

# --- the person's own factors -----------------------------------------------------
check "no own factors yet" haven checkin factor list
assert_contains "says how to add one" "$OUT" 'haven checkin factor add'
check "add one" haven checkin factor add "Therapy day"
check "add another" haven checkin factor add "saw my ex"
check_fails 2 "the same name again, case aside" haven checkin factor add "therapy DAY"
assert_contains "already there" "$ERR" "already have a factor"
check_fails 2 "add without a name" haven checkin factor add
check_fails 2 "an unknown subcommand" haven checkin factor rename x
HAVEN_NOW=2026-01-07T16:10:00Z check "yes and no to them" haven --json checkin --factor "therapy day" --no-factor "Saw my ex" --mood 7
assert_eq "yes, spelled as added" 1 "$(jget "$OUT" '$.body.own."Therapy day"')"
assert_eq "no" 0 "$(jget "$OUT" '$.body.own."saw my ex"')"
check "the list" haven --json checkin factor list
assert_eq "two own factors" 2 "$(jlen "$OUT")"
assert_eq "sorted by name" "Therapy day" "$(jget "$OUT" '$[0].name')"
check "the human list shows factors" haven checkin --list --limit 1
assert_contains "own factor shown" "$OUT" "Therapy day: yes"
assert_contains "mood shown" "$OUT" "mood 7"
check "remove one" haven checkin factor remove "SAW MY EX"
check_fails 2 "a removed factor is unknown" haven checkin --factor "saw my ex"
check_fails 1 "removing one that is not there" haven checkin factor remove "nothing"
run haven --json checkin --list --limit 1
assert_eq "past check-ins keep it" 0 "$(jget "$OUT" '$[0].body.own."saw my ex"')"

# Two devices each add the same factor before a merge: listed once, removed once.
HAVEN_NOW=2026-01-07T16:20:00Z HAVEN_DB="$T/device2.db" check "the same factor on another device, later" haven checkin factor add "THERAPY DAY"
check "merge it in" haven merge "$T/device2.db"
check "listed once" haven --json checkin factor list
assert_eq "one therapy day, as spelled here first" "Therapy day" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(",".join(f["name"] for f in json.load(sys.stdin) if f["name"].lower()=="therapy day"))')"
check "remove takes both copies" haven checkin factor remove "therapy day"
check_fails 2 "and it is gone" haven checkin --factor "therapy day"
check "added again" haven checkin factor add "Therapy day"

check "crisis words as a factor's name bring help" haven --json checkin factor add "$(printf 'I want to kill myself')"
assert_eq "the notice" 1 "$(jget "$OUT" '$.crisis')"

# --- factors travel: export, import, byte-identical -------------------------------
check "export with factors" haven export
printf '%s\n' "$OUT" >"$T/f.jsonl"
assert_contains "own factors are records" "$OUT" '"kind":"checkin-factor"'
HAVEN_DB="$T/third.db" check "import them" haven import "$T/f.jsonl"
HAVEN_DB="$T/third.db" check "export again" haven export
assert_eq "byte-identical" "$(cat "$T/f.jsonl")" "$OUT"
HAVEN_DB="$T/third.db" check "the import knows the own factor" haven checkin --factor "therapy day"
printf '%s\n' '{"id":"6f1c1f8e-3b5a-4d6e-9f00-0123456789ac","kind":"checkin","created":"2026-01-07T10:00:00.000Z","updated":"2026-01-07T10:00:00.000Z","version":1,"deleted":false,"body":{"factors":{"sleep":30}}}' >"$T/bad2.jsonl"
before=$(db_hash)
check_fails 1 "an import with sleep out of range is refused" haven import "$T/bad2.jsonl"
assert_contains "naming the factor" "$ERR" "sleep must be"
printf '%s\n' '{"id":"6f1c1f8e-3b5a-4d6e-9f00-0123456789ad","kind":"checkin","created":"2026-01-07T10:00:00.000Z","updated":"2026-01-07T10:00:00.000Z","version":1,"deleted":false,"body":{"factors":{"coffee":3}}}' >"$T/bad3.jsonl"
check_fails 1 "an unknown factor in an import" haven import "$T/bad3.jsonl"
assert_contains "named" "$ERR" 'unknown factor "coffee"'
assert_eq "both land nothing" "$before" "$(db_hash)"

done_testing
