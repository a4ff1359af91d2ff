# t-check.sh — `haven check` on thoughts written outside the project
# (tests/corpus/thoughts.tsv, the development half): recall must stay at or
# over a floor, so a detector that finds nothing fails, and false alarms on
# its neutral thoughts under 10 %.  The sealed half is scored, never held to.
. "$E2E_DIR/lib.sh"

check "quality: thoughts within the recall floor and false-alarm limit" \
	sh "$E2E_DIR/../../bench/quality.sh" --max-false-alarm 10 --min-recall 20
assert_match "quality: development half measured" 'development +[0-9]{3} ' "$OUT"
assert_match "quality: sealed half measured" 'sealed +[0-9]{3} ' "$OUT"
assert_contains "quality: the gap is printed" "$OUT" "gap"
assert_contains "quality: check's time on 5,000 words" "$OUT" "haven check on 5,000 words"

# A detector that finds nothing must fail the floor: an empty rule set is
# simulated by a floor no detector can reach.
check_fails 1 "quality: a recall under the floor fails" \
	sh "$E2E_DIR/../../bench/quality.sh" --min-recall 101

done_testing
