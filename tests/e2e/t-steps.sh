# t-steps.sh — `haven steps` and /api/steps (issue 18, item 7): the
# alone-time ladder (steps lowest first, each try rated before and after,
# the average ease worked out from the tries), small acts of care, and one
# small change a week, chosen once (a second is refused, naming the first)
# and looked back on.  Refused input names the problem, exits 2 and leaves
# the store unchanged; the kinds travel through export and import byte for
# byte; the API answers what the CLI prints.
. "$E2E_DIR/lib.sh"

check "empty" haven steps
assert_contains "how to begin the ladder" "$OUT" "haven steps ladder add"
assert_contains "how to choose a change" "$OUT" "haven steps week set"
check "empty, as JSON" haven --json steps
assert_eq "no ladder" 0 "$(jlen "$OUT" '$.ladder')"
assert_eq "this week's Monday (HAVEN_NOW is Wednesday 7 January 2026)" 2026-01-05 "$(jget "$OUT" '$.this_week')"
assert_eq "no change yet" null "$(jtype "$OUT" '$.week')"

check "a step" haven --json steps ladder add "An evening apart without texting" --level 3
high=$(jget "$OUT" '$.id')
check "a lower step" haven --json steps ladder add "  Phone in another room for 20 minutes " --level 1
low=$(jget "$OUT" '$.id')
assert_eq "trimmed" "Phone in another room for 20 minutes" "$(jget "$OUT" '$.body.what')"
check "a step with no level goes on top" haven --json steps ladder add "A weekend away"
assert_eq "level 4" 4 "$(jget "$OUT" '$.body.level')"
top=$(jget "$OUT" '$.id')

HAVEN_NOW=2026-01-06T10:00:00Z check "a try" haven steps ladder try "${low%%-*}" --before 7 --after 4
assert_contains "said" "$OUT" "Each try"
HAVEN_NOW=2026-01-07T10:00:00Z check "another try, with a note" haven --json steps ladder try "$low" --before 6 --after 2 --note "easier"
assert_eq "kind alone-try" alone-try "$(jget "$OUT" '$.kind')"
assert_eq "the full id of the step" "$low" "$(jget "$OUT" '$.body.step')"
check "the ladder" haven --json steps ladder
assert_eq "lowest first" "$low $high $top" "$(jget "$OUT" '$[0].id') $(jget "$OUT" '$[1].id') $(jget "$OUT" '$[2].id')"
assert_eq "two tries" 2 "$(jget "$OUT" '$[0].tries')"
assert_eq "the last try" "6 2" "$(jget "$OUT" '$[0].last.before') $(jget "$OUT" '$[0].last.after')"
assert_eq "eased by 3.5 on average ((3 + 4) / 2)" 3.5 "$(jget "$OUT" '$[0].mean_drop')"
assert_eq "an untried step" "0 null" "$(jget "$OUT" '$[1].tries') $(jtype "$OUT" '$[1].mean_drop')"
check "the ladder in words" haven steps ladder
assert_contains "the ease" "$OUT" "on average it eased by 3.5"
assert_contains "untried" "$OUT" "not tried yet"

check "care for oneself" haven steps care "Made a proper lunch"
check "care for another" haven --json steps care "Called Nan" --for others
assert_eq "for others" others "$(jget "$OUT" '$.body.for')"
check "care listed" haven steps care
assert_contains "in words" "$OUT" "(for someone else)"

check "choose this week's change" haven --json steps week set "Wait ten minutes before replying"
assert_eq "this week" 2026-01-05 "$(jget "$OUT" '$.body.week')"
check "an earlier week" haven steps week set "Phone off at dinner" --week 2025-12-29
check "look back" haven --json steps week check partly --note "most days"
assert_eq "partly" partly "$(jget "$OUT" '$.body.kept')"
assert_eq "the same record, updated" 2 "$(jget "$OUT" '$.version')"
check "the weeks" haven --json steps week
assert_eq "newest week first" "2026-01-05 2025-12-29" "$(jget "$OUT" '$[0].body.week') $(jget "$OUT" '$[1].body.week')"
check "the weeks in words" haven steps week
assert_contains "this week named" "$OUT" "This week (from 2026-01-05)"
assert_contains "looked back" "$OUT" "partly kept"
assert_contains "the earlier one not yet" "$OUT" "not looked back on yet"

before=$(db_content)
check_fails 2 "a week's change set twice" haven steps week set "Something else"
assert_contains "names the first" "$ERR" "already has its change: \"Wait ten minutes before replying\""
check_fails 2 "a week that is no Monday" haven steps week set "x" --week 2026-01-06
assert_contains "says so" "$ERR" "Monday"
check_fails 2 "a check of a word not offered" haven steps week check maybe
check_fails 1 "a check of a week with no change" haven steps week check yes --week 2025-12-22
check_fails 2 "a rating above 10" haven steps ladder try "$low" --before 11 --after 2
assert_contains "names the range" "$ERR" "0 to 10"
check_fails 2 "a try without ratings" haven steps ladder try "$low" --before 5
check_fails 2 "a try without a step" haven steps ladder try --before 5 --after 2
check_fails 1 "a try of an unknown step" haven steps ladder try abcd1234 --before 5 --after 2
check_fails 2 "a level out of range" haven steps ladder add "x" --level 21
check_fails 2 "a step without words" haven steps ladder add
check_fails 2 "a step of bytes that are not UTF-8" haven steps ladder add "$(printf 'a\377b')"
check_fails 2 "care for nobody known" haven steps care "x" --for cats
check_fails 2 "an unknown option" haven steps care "x" --mood 3
check_fails 2 "an unknown subcommand" haven steps jump
check_fails 2 "an unknown ladder command" haven steps ladder climb
assert_contains "the ladder's own words for it" "$ERR" 'unknown ladder command "climb"'
check_fails 2 "an unknown week command" haven steps week plan
assert_contains "the week's own words for it" "$ERR" 'unknown week command "plan"'
long=$(head -c 1001 /dev/zero | tr '\0' a)
check_fails 2 "text too long" haven steps care "$long"
assert_contains "says the limit" "$ERR" "1000 bytes"
assert_eq "refusals changed nothing" "$before" "$(db_content)"

check "remove a step" haven steps ladder remove "${high%%-*}"
assert_contains "its tries stay" "$OUT" "tries stay"
check_fails 1 "a removed step takes no tries" haven steps ladder try "$high" --before 3 --after 1
check "two steps left" haven --json steps ladder
assert_eq "two" 2 "$(jlen "$OUT" '$')"

check "export" haven export
printf '%s\n' "$OUT" >"$T/out.jsonl"
for k in alone-step alone-try care-act week-change; do
	assert_ne "$k exported" 0 "$(grep -c "\"kind\":\"$k\"" "$T/out.jsonl")"
done
HAVEN_DB="$T/other.db" check "import elsewhere" haven import "$T/out.jsonl"
HAVEN_DB="$T/other.db" check "export again" haven export
assert_eq "byte-identical" "$(cat "$T/out.jsonl")" "$OUT"
printf '%s\n' '{"id":"6f1c1f8e-3b5a-4d6e-9f00-0123456789ab","kind":"week-change","created":"2026-01-07T10:00:00.000Z","updated":"2026-01-07T10:00:00.000Z","version":1,"deleted":false,"body":{"week":"2026-01-06","change":"x"}}' >"$T/bad.jsonl"
before=$(db_hash)
check_fails 1 "an import with a week that is no Monday is refused" haven import "$T/bad.jsonl"
assert_contains "naming it" "$ERR" "Monday"
assert_eq "and lands nothing" "$before" "$(db_hash)"

# The API.
unset HAVEN_NOW
HAVEN_DB="$T/web.db" serve_start
send_type=application/json
assert_eq "overview: 200" 200 "$(status "$base/api/steps")"
assert_eq "with words" "Small steps" "$(jget "$(body)" '$.words.web.title')"
week=$(jget "$(body)" '$.this_week')
before=$(db_content "$T/web.db")
assert_eq "a step without words: 400" 400 "$(send POST -d '{"level":2}' "$base/api/steps/ladder")"
assert_eq "a level as text: 400" 400 "$(send POST -d '{"what":"x","level":"2"}' "$base/api/steps/ladder")"
assert_contains "named" "$(body)" "level must be a whole number"
assert_eq "an unknown field: 400" 400 "$(send POST -d '{"what":"x","mood":2}' "$base/api/steps/ladder")"
assert_contains "named" "$(body)" 'unknown field \"mood\"'
assert_eq "care for cats: 400" 400 "$(send POST -d '{"what":"x","for":"cats"}' "$base/api/steps/care")"
assert_eq "a week that is no Monday: 400" 400 "$(send POST -d '{"change":"x","week":"2026-01-06"}' "$base/api/steps/week")"
assert_eq "a try of an unknown step: 404" 404 "$(send POST -d '{"before":5,"after":2}' "$base/api/steps/ladder/abcd1234/tries")"
assert_eq "not JSON: 400" 400 "$(send POST -d '{"what":' "$base/api/steps/care")"
assert_eq "refusals changed nothing" "$before" "$(db_content "$T/web.db")"

assert_eq "a step: 201" 201 "$(send POST -d '{"what":"Phone in a drawer for an hour"}' "$base/api/steps/ladder")"
step=$(jget "$(body)" '$.id')
assert_eq "level 1" 1 "$(jget "$(body)" '$.body.level')"
assert_eq "a try missing after: 400" 400 "$(send POST -d '{"before":5}' "$base/api/steps/ladder/$step/tries")"
assert_eq "a try: 201" 201 "$(send POST -d '{"before":8,"after":5,"note":"restless at first"}' "$base/api/steps/ladder/$step/tries")"
assert_eq "care: 201" 201 "$(send POST -d '{"what":"Early night","for":"self"}' "$base/api/steps/care")"
assert_eq "the week's change: 201" 201 "$(send POST -d '{"change":"One walk without my phone"}' "$base/api/steps/week")"
assert_eq "set twice: 400" 400 "$(send POST -d '{"change":"Another"}' "$base/api/steps/week")"
assert_contains "names the first" "$(body)" "One walk without my phone"
assert_eq "look back: 200" 200 "$(send POST -d '{"kept":"yes"}' "$base/api/steps/week/check")"
assert_eq "kept" yes "$(jget "$(body)" '$.body.kept')"
assert_eq "read back: 200" 200 "$(status "$base/api/steps")"
web=$(body)
HAVEN_DB="$T/web.db" check "the CLI sees the same" haven --json steps
assert_eq "the same ladder" "$(jget "$OUT" '$.ladder')" "$(jget "$web" '$.ladder')"
assert_eq "the same week" "$(jget "$OUT" '$.week')" "$(jget "$web" '$.week')"
assert_eq "this week" "$week" "$(jget "$web" '$.week.body.week')"
assert_eq "eased by 3" 3.0 "$(jget "$web" '$.ladder[0].mean_drop')"
assert_eq "remove: 200" 200 "$(send DELETE "$base/api/steps/ladder/$step")"
assert_eq "removed twice: 404" 404 "$(send DELETE "$base/api/steps/ladder/$step")"
serve_stop
done_testing
