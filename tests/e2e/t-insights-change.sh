# t-insights-change.sh — the clearest sign of progress the journal holds:
# how the share of protest-type responses moved from the first weeks that
# say what was done to the last ones (insights' "protest_change"), in the
# JSON and as a sentence in the terminal.
. "$E2E_DIR/lib.sh"

export HAVEN_NOW=2026-03-04T12:00:00Z

# Eight weeks: the first four answered by texting again, the last four by
# soothing first (one week with both).
for d in 05 12 19 26; do
	log_id --at "2026-01-$d 21:00" -i 7 -k partner-distance --did extra-texts "week of the $d" >/dev/null
done
for d in 02 09 16; do
	log_id --at "2026-02-$d 21:00" -i 5 -k partner-distance --did breathed "calmer on the $d" >/dev/null
done
log_id --at "2026-02-23 21:00" -i 5 -k partner-distance --did breathed "the 23rd, soothed" >/dev/null
log_id --at "2026-02-24 21:00" -i 5 -k partner-distance --did extra-texts "the 24th, texted" >/dev/null

check "insights --json" haven --json insights
J=$OUT
assert_eq "change: the share fell" fell "$(jget "$J" '$.protest_change.trend')"
assert_eq "change: from the first three weeks' share" 100 "$(jget "$J" '$.protest_change.from')"
assert_eq "change: to the last three weeks' (0, 0 and 50)" 17 "$(jget "$J" '$.protest_change.to')"
assert_eq "change: three weeks each side" 3 "$(jget "$J" '$.protest_change.weeks')"

check "insights, in words" haven insights
assert_contains "text: the change is said, with both numbers" "$OUT" "100 %"
assert_contains "text: ... and where it went" "$OUT" "17 %"
assert_contains "text: the counts are still there" "$OUT" "protest-type only 5"

# Fewer than four weeks that say what was done: no change is named.
export HAVEN_DB="$E2E_TMP/few.db"
log_id --at "2026-02-16 21:00" -i 5 --did extra-texts "one" >/dev/null
log_id --at "2026-02-23 21:00" -i 5 --did breathed "two" >/dev/null
check "insights --json, two weeks" haven --json insights
assert_eq "too few weeks: null" null "$(jtype "$OUT" '$.protest_change')"
check "insights in words, two weeks" haven insights
assert_not_contains "too few weeks: no sentence of change" "$OUT" "first weeks"

# Much the same then and now: "flat".
export HAVEN_DB="$E2E_TMP/flat.db"
for d in 05 12 19 26; do
	log_id --at "2026-01-$d 21:00" -i 5 --did extra-texts --did breathed "both $d" >/dev/null
done
check "insights --json, the same each week" haven --json insights
assert_eq "steady: flat" flat "$(jget "$OUT" '$.protest_change.trend')"

done_testing
