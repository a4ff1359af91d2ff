# t-check.sh — `haven check` on thoughts written outside the project
# (tests/corpus/thoughts.tsv, the development half): recall must stay at or
# over a floor, so a detector that finds nothing fails, and false alarms on
# its neutral thoughts under 10 %.  The sealed half is scored, never held to.
. "$E2E_DIR/lib.sh"

check "quality: thoughts within the recall floor and false-alarm limit" \
	sh "$E2E_DIR/../../bench/quality.sh" --max-false-alarm 10 --min-recall 85
assert_match "quality: development half measured" 'development +[0-9]{3,} ' "$OUT"
assert_match "quality: sealed half measured" 'sealed +[0-9]{3,} ' "$OUT"
assert_contains "quality: the gap is printed" "$OUT" "gap"
assert_contains "quality: check's time on 5,000 words" "$OUT" "haven check on 5,000 words"

# A detector that finds nothing must fail the floor: an empty rule set is
# simulated by a floor no detector can reach.
check_fails 1 "quality: a recall under the floor fails" \
	sh "$E2E_DIR/../../bench/quality.sh" --min-recall 101

# --explain: what a pattern is, an example and the question, from data/
check "check --explain names the pattern" haven check --explain mind-reading
assert_contains "explain: the question to ask" "$OUT" "$(jq -r '.kinds["mind-reading"].ask' "$E2E_DIR/../../data/patterns.json" 2>/dev/null || echo "Ask yourself")"
check_fails 2 "check --explain refuses an unknown pattern" haven check --explain nonsense
check_fails 2 "check --explain with a sentence too" haven check --explain mind-reading "hi"
assert_contains "explain: the name alone" "$ERR" "--explain takes the name of a pattern alone"
check_fails 2 "check --lines with a sentence too" haven check --lines "hi"
assert_contains "lines: alone" "$ERR" "give it alone"
check_fails 2 "check: an option it does not take" haven check --loud "hi"
assert_contains "check: names the option" "$ERR" "no option --loud"
check_fails 2 "check: two sentences, crisis words among them" haven check "I want to kill myself" "again"
assert_contains "two sentences: help first" "$ERR" "You do not have to hold this alone"
check "a finding is shown with its question" haven check "I'm being pathetic"
assert_contains "check: the question follows the finding" "$OUT" "Ask yourself:"

# kind: reframes fit the thought, or haven says none does
check "kind on a labelled thought" haven --json kind "I'm being pathetic"
assert_not_contains "kind: no 'mistake' reframe for feeling pathetic" "$OUT" "I made a mistake"
assert_eq "kind: a stored reframe fits" 1 "$(jget "$OUT" '$.fit')"
check "kind on a thought nothing stored fits" haven --json kind "the bus was slow today"
assert_eq "kind: says none fits" 0 "$(jget "$OUT" '$.fit')"

done_testing
