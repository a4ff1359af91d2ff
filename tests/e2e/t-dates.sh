# t-dates.sh — dates as people say them, wherever haven reads one: --at of
# log, checkin and assess, --since of journal, insights and practices.
# run.sh fixes the clock at Wednesday 2026-01-07 16:00 UTC (HAVEN_NOW).
. "$E2E_DIR/lib.sh"

# at TEXT WANT: haven log --at TEXT saves the moment WANT.
at() {
	check "log --at \"$1\"" haven --json log -i 4 --at "$1" "at $1"
	assert_eq "\"$1\" is $2" "$2" "$(jget "$OUT" '$.created')"
}
at "last tuesday" 2026-01-06T16:00:00.000Z
at "last wednesday" 2025-12-31T16:00:00.000Z
at "last tuesday 9am" 2026-01-06T09:00:00.000Z
at "yesterday evening" 2026-01-06T19:00:00.000Z
at "last monday evening" 2026-01-05T19:00:00.000Z
at "this morning" 2026-01-07T09:00:00.000Z
at "last night" 2026-01-06T22:00:00.000Z
at "3 days ago" 2026-01-04T16:00:00.000Z
at "today 9am" 2026-01-07T09:00:00.000Z
at "Monday afternoon" 2026-01-05T15:00:00.000Z

# Still refused with the reason, as a usage error.
check_fails 2 "last week is not a day" haven log -i 4 --at "last week" x
assert_contains "last week: why" "$ERR" 'after "last" comes a weekday'
check_fails 2 "tonight has not come yet" haven log -i 4 --at "tonight" x
assert_contains "tonight: in the future" "$ERR" "in the future"

# Every other place a date is read.
check "checkin --at yesterday evening" haven --json checkin 3 --at "yesterday evening"
assert_eq "checkin: the evening" 2026-01-06T19:00:00.000Z "$(jget "$OUT" '$.created')"
check "journal --since last tuesday" haven --json journal --since "last tuesday" --limit 100
assert_eq "journal --since: from Tuesday 16:00 on" 5 "$(jlen "$OUT")"
check "journal --since last tuesday morning" haven --json journal --since "last tuesday morning" --limit 100
assert_eq "journal --since: Tuesday's morning on" 6 "$(jlen "$OUT")"
check "insights --since last monday" haven --json insights --since "last monday"
check "practices --since 3 days ago" haven --json practices --since "3 days ago"

done_testing
