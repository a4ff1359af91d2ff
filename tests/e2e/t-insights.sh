# t-insights.sh — `haven insights --json` over entries at fixed times: weekly
# series, hour and weekday counts, trigger tally, responses and the
# recovery trend; and the drawn version.
. "$E2E_DIR/lib.sh"

# The clock: Wednesday 2026-02-11 12:00 UTC, in ISO week 2026-W07.
export HAVEN_NOW=2026-02-11T12:00:00Z

# Ten live entries over ISO weeks W02..W06 (none in W04), one deleted.
#            when                 int kinds                              recovered
log_id --at "2026-01-05 09:00" -i 4 -k partner-distance --recovered 60 --did extra-texts one >/dev/null
log_id --at "2026-01-06 21:30" -i 6 -k partner-distance -k work --recovered 50 --did breathed two >/dev/null
log_id --at "2026-01-07 21:15" -i 8 -k conflict --recovered 55 --did extra-texts --did breathed three >/dev/null
log_id --at "2026-01-13 09:45" -i 5 -k partner-distance --recovered 40 --response "texted again" --protest four >/dev/null
log_id --at "2026-01-15 21:00" -i 7 -k work --recovered 45 five >/dev/null
log_id --at "2026-01-26 09:10" -i 3 -k partner-distance --recovered 30 --response "a walk" --soothing six >/dev/null
log_id --at "2026-01-28 14:00" -i 6 -k work --recovered 20 --did checked-phone seven >/dev/null
log_id --at "2026-01-31 21:45" -i 2 --recovered 15 eight >/dev/null
log_id --at "2026-02-01 09:30" -i 4 --recovered 10 nine >/dev/null
log_id --at "2026-02-03 21:05" -i 5 -k conflict ten >/dev/null
gone=$(log_id --at "2026-02-02 03:00" -i 9 -k money -k work --recovered 999 --did extra-texts deleted)
check "soft-delete one entry" haven journal rm "$gone"

# week_series JSON FIELD: FIELD of every week, one decimal, "null" for null.
week_series() {
	_e2e_jsql "$1" "SELECT CASE json_type(value, '\$.$2') WHEN 'null' THEN 'null'
		ELSE printf('%.1f', json_extract(value, '\$.$2')) END
		FROM json_each($_e2e_jdoc, '\$.weeks') ORDER BY key" | tr '\n' ' ' | sed 's/ $//'
}

check "insights --json" haven --json insights
J=$OUT
assert_eq "entries: live ones only" 10 "$(jget "$J" '$.entries')"
for key in weeks recovery triggers hours weekdays responses note; do
	assert_ne "the $key field is there" absent "$(jtype "$J" "\$.$key")"
done

# Weeks: from the first entry's week up to this week, quiet weeks included.
assert_eq "weeks: W02 to this week W07" 6 "$(jlen "$J" '$.weeks')"
assert_eq "weeks: labels" "2026-W02 2026-W03 2026-W04 2026-W05 2026-W06 2026-W07" \
	"$(jmap "$J" '$.weeks' week | tr '\n' ' ' | sed 's/ $//')"
assert_eq "weeks: each starts on its Monday" "2026-01-05 2026-01-12 2026-01-19 2026-01-26 2026-02-02 2026-02-09" \
	"$(jmap "$J" '$.weeks' start | tr '\n' ' ' | sed 's/ $//')"
assert_eq "weeks: entries per week" "3 2 0 4 1 0" "$(jmap "$J" '$.weeks' entries | tr '\n' ' ' | sed 's/ $//')"
assert_eq "weeks: mean intensity per week (null when none)" "6.0 6.0 null 3.8 5.0 null" \
	"$(week_series "$J" mean_intensity)"
assert_eq "weeks: median recovery per week" "55.0 42.5 null 17.5 null null" \
	"$(week_series "$J" median_recovery_minutes)"
assert_eq "weeks: a quiet week's mean is null, not 0" null "$(jtype "$J" '$.weeks[2].mean_intensity')"

# Hours of the day and days of the week, in each entry's local time.
assert_eq "hours: 24 of them" 24 "$(jlen "$J" '$.hours')"
assert_eq "hours: 09, 14 and 21 o'clock" "0 0 0 0 0 0 0 0 0 4 0 0 0 0 1 0 0 0 0 0 0 5 0 0" \
	"$(_e2e_jsql "$J" "SELECT value FROM json_each($_e2e_jdoc, '\$.hours') ORDER BY key" | tr '\n' ' ' | sed 's/ $//')"
assert_eq "hours[9]" 4 "$(jget "$J" '$.hours[9]')"
assert_eq "hours[21]" 5 "$(jget "$J" '$.hours[21]')"
assert_eq "weekdays: Monday first" "2 3 2 1 0 1 1" \
	"$(_e2e_jsql "$J" "SELECT value FROM json_each($_e2e_jdoc, '\$.weekdays') ORDER BY key" | tr '\n' ' ' | sed 's/ $//')"

# Trigger kinds, most frequent first, with their labels; the deleted entry's
# "money" is not counted.
assert_eq "triggers: most frequent first" "partner-distance work conflict" \
	"$(jmap "$J" '$.triggers' kind | tr '\n' ' ' | sed 's/ $//')"
assert_eq "triggers: counts" "4 3 2" "$(jmap "$J" '$.triggers' count | tr '\n' ' ' | sed 's/ $//')"
assert_eq "triggers: labels" "Partner felt distant" "$(jget "$J" '$.triggers[0].label')"

# Responses: protest-type only, soothing-type only, both, neither.
assert_eq "responses: protest only" 3 "$(jget "$J" '$.responses.protest')"
assert_eq "responses: soothing only" 2 "$(jget "$J" '$.responses.soothing')"
assert_eq "responses: both" 1 "$(jget "$J" '$.responses.both')"
assert_eq "responses: neither" 4 "$(jget "$J" '$.responses.neither')"

# Recovery: 60 50 55 40 45 30 20 15 10 — the first third against the last.
assert_eq "recovery: faster" faster "$(jget "$J" '$.recovery.trend')"
assert_eq "recovery: nine values" 9 "$(jget "$J" '$.recovery.values')"
assert_eq "recovery: first median" 55.0 "$(printf '%.1f' "$(jget "$J" '$.recovery.first_median')")"
assert_eq "recovery: recent median" 15.0 "$(printf '%.1f' "$(jget "$J" '$.recovery.recent_median')")"
assert_eq "recovery: weekly slope" -12.5 "$(printf '%.1f' "$(jget "$J" '$.recovery.slope_minutes_per_week')")"
assert_contains "note: not a score" "$(jget "$J" '$.note')" "not a measure of you"

# The drawn version carries the same story.
check "insights as text" haven insights
assert_contains "text: weekly section" "$OUT" "By week"
assert_contains "text: recovery sentence with the medians" "$OUT" "from about 55 minutes to about 15 minutes"
assert_contains "text: top trigger with its count" "$OUT" "Partner felt distant"
assert_match "text: the top trigger's count" "Partner felt distant +4 " "$OUT"
assert_match "text: Tuesday's count" "Tue +3 " "$OUT"
assert_contains "text: responses line" "$OUT" "protest-type only 3, soothing-type only 2, both 1, not recorded 4"
assert_not_contains "text: no colour codes without a terminal" "$OUT" $'\033['

# --- insights follow every change to the journal ------------------------------------
# Whatever insights keep between runs, an edit, delete, restore, import or
# purge must show in the next run.
id_of() { # id_of WHAT: the id of the entry whose what is WHAT
	run haven --json journal --deleted --limit 1000
	_e2e_jsql "$OUT" "SELECT json_extract(value, '\$.id') FROM json_each($_e2e_jdoc)
		WHERE json_extract(value, '\$.body.what') = '$1'"
}
nine=$(id_of nine) ten=$(id_of ten) one=$(id_of one) six=$(id_of six)
check "export the journal as it is" haven export -o start.jsonl
check "insights once more before changes" haven --json insights
assert_eq "again: the same answer" "$J" "$OUT"
check "edit a recovery time" haven journal edit "$nine" --recovered 100
check "insights after the edit" haven --json insights
assert_eq "edit shows: W05 median recovery (30 20 15 100)" 25.0 "$(printf '%.1f' "$(jget "$OUT" '$.weeks[3].median_recovery_minutes')")"
assert_eq "edit shows: recent median (20 15 100)" 20.0 "$(printf '%.1f' "$(jget "$OUT" '$.recovery.recent_median')")"
check "edit an intensity" haven journal edit "$ten" -i 9 -k work
check "insights after the second edit" haven --json insights
assert_eq "edit shows: W06 mean intensity" 9.0 "$(printf '%.1f' "$(jget "$OUT" '$.weeks[4].mean_intensity')")"
assert_eq "edit shows: trigger tally (ten is work now)" "partner-distance:4 work:4 conflict:1" \
	"$(_e2e_jsql "$OUT" "SELECT group_concat(json_extract(value,'\$.kind') || ':' || json_extract(value,'\$.count'), ' ') FROM json_each($_e2e_jdoc, '\$.triggers')")"
check "edit what was done" haven journal edit "$six" --did checked-phone --response "" 
check "insights after the third edit" haven --json insights
assert_eq "edit shows: protest only" 3 "$(jget "$OUT" '$.responses.protest')"
assert_eq "edit shows: soothing only (six's --soothing stays)" 1 "$(jget "$OUT" '$.responses.soothing')"
assert_eq "edit shows: both" 2 "$(jget "$OUT" '$.responses.both')"
check "delete an entry" haven journal rm "$one"
check "insights after the delete" haven --json insights
assert_eq "delete shows: entries" 9 "$(jget "$OUT" '$.entries')"
assert_eq "delete shows: W02 count" 2 "$(jget "$OUT" '$.weeks[0].entries')"
assert_eq "delete shows: hour 9" 3 "$(jget "$OUT" '$.hours[9]')"
check "restore it" haven journal restore "$one"
check "insights after the restore" haven --json insights
assert_eq "restore shows: entries" 10 "$(jget "$OUT" '$.entries')"
assert_eq "restore shows: W02 count" 3 "$(jget "$OUT" '$.weeks[0].entries')"
# A newer copy arrives by import: change it in a second database.
check "export to a second database" haven export -o all.jsonl
check "import into the second database" env HAVEN_DB="$T/second.db" "$HAVEN" import all.jsonl
check "edit there, later" env HAVEN_DB="$T/second.db" HAVEN_NOW=2026-02-11T13:00:00Z \
	"$HAVEN" journal edit "$one" -i 10 --recovered 20
check "export the second database" env HAVEN_DB="$T/second.db" "$HAVEN" export -o newer.jsonl
check "import the newer copy" haven --json import newer.jsonl
assert_eq "the import updated one entry" 1 "$(jget "$OUT" '$.updated')"
check "insights after the import" haven --json insights
assert_eq "import shows: W02 mean intensity (10 6 8)" 8.0 "$(printf '%.1f' "$(jget "$OUT" '$.weeks[0].mean_intensity')")"
assert_eq "import shows: W02 median recovery (20 50 55)" 50.0 "$(printf '%.1f' "$(jget "$OUT" '$.weeks[0].median_recovery_minutes')")"
assert_eq "import shows: first median (20 50 55)" 50.0 "$(printf '%.1f' "$(jget "$OUT" '$.recovery.first_median')")"
check "purge an entry" haven journal rm "$ten" --purge
check "insights after the purge" haven --json insights
assert_eq "purge shows: entries" 9 "$(jget "$OUT" '$.entries')"
assert_eq "purge shows: W06 count" 0 "$(jget "$OUT" '$.weeks[4].entries')"
assert_eq "purge shows: tally" "partner-distance:4 work:3 conflict:1" \
	"$(_e2e_jsql "$OUT" "SELECT group_concat(json_extract(value,'\$.kind') || ':' || json_extract(value,'\$.count'), ' ') FROM json_each($_e2e_jdoc, '\$.triggers')")"
# Put the journal back as it was for the window tests below.
check "back to the start: fresh database" env HAVEN_DB="$T/start.db" "$HAVEN" import start.jsonl
export HAVEN_DB=$T/start.db
check "back to the start: the first answer again" haven --json insights
assert_eq "an imported journal gives the same insights" "$J" "$OUT"

# --- narrowing the window -------------------------------------------------------
check "insights --since" haven --json insights --since 2026-01-26
S=$OUT
assert_eq "--since: entries from then on" 5 "$(jget "$S" '$.entries')"
assert_eq "--since: weeks from W05" "2026-W05 2026-W06 2026-W07" "$(jmap "$S" '$.weeks' week | tr '\n' ' ' | sed 's/ $//')"
assert_eq "--since: four recovery values are too few" too-little "$(jget "$S" '$.recovery.trend')"
assert_eq "--since: four values" 4 "$(jget "$S" '$.recovery.values')"
assert_eq "--since: no medians named" null "$(jtype "$S" '$.recovery.first_median')"
assert_eq "--since: triggers tally narrowed too (ties by name)" "conflict:1 partner-distance:1 work:1" \
	"$(_e2e_jsql "$S" "SELECT group_concat(json_extract(value,'\$.kind') || ':' || json_extract(value,'\$.count'), ' ') FROM json_each($_e2e_jdoc, '\$.triggers')")"
check "insights --weeks 2" haven --json insights --weeks 2
# Two weeks are this week (W07, from Monday 9 Feb) and the last (W06, from
# Monday 2 Feb), not fourteen days back to Wednesday 28 Jan in W05.
assert_eq "--weeks 2: this week and the last, from Monday 2 Feb" 1 "$(jget "$OUT" '$.entries')"
assert_eq "--weeks 2: two weeks shown, not three" "2026-W06 2026-W07" \
	"$(jmap "$OUT" '$.weeks' week | tr '\n' ' ' | sed 's/ $//')"
check "insights --weeks 1" haven --json insights --weeks 1
assert_eq "--weeks 1: this week only, and it is quiet" 0 "$(jget "$OUT" '$.entries')"
check "insights --weeks 5, drawn" haven insights --weeks 5
assert_contains "--weeks 5: the chart says five weeks" "$OUT" "last 5 weeks"
check "insights as text when too few" haven insights --since 2026-01-26
assert_contains "text: too little for a trend" "$OUT" "not enough entries yet to see a trend"
check_fails 2 "--weeks 0 is refused" haven insights --weeks 0
assert_contains "--weeks 0: names the option" "$ERR" "--weeks"

# --- the trend needs three values in each third ---------------------------------
trend_db() { # trend_db NAME MINUTES...: a database with one entry a day
	local name=$1 day=1 m
	shift
	for m in "$@"; do
		HAVEN_DB=$T/$name.db log_id -i 5 --recovered "$m" --at "2026-01-$(printf %02d $day) 12:00" "day $day" >/dev/null
		day=$((day + 1))
	done
	run env HAVEN_DB="$T/$name.db" "$HAVEN" --json insights
	jget "$OUT" '$.recovery.trend'
}
assert_eq "eight falling values: too-little" too-little "$(trend_db eight 80 70 60 50 40 30 20 10)"
HAVEN_DB=$T/eight.db log_id -i 5 --recovered 5 --at "2026-01-09 12:00" "day 9" >/dev/null
run env HAVEN_DB="$T/eight.db" "$HAVEN" --json insights
assert_eq "the ninth falling value: faster" faster "$(jget "$OUT" '$.recovery.trend')"
assert_eq "nine rising values: slower" slower "$(trend_db rising 10 20 30 40 50 60 70 80 90)"
assert_eq "nine equal values: steady" steady "$(trend_db flat 30 30 30 30 30 30 30 30 30)"
assert_eq "a change under 10%: steady" steady "$(trend_db small 100 100 100 50 50 50 95 95 95)"
check "slower as text" env HAVEN_DB="$T/rising.db" "$HAVEN" insights
assert_contains "text: slower names both medians" "$OUT" "from about 20 to about 80 minutes"

# --- local time is the entry's own -------------------------------------------------
check "log in Tokyo: Tuesday 07:30 local" env TZ=Asia/Tokyo HAVEN_DB="$T/tokyo.db" \
	"$HAVEN" log -i 5 --at "2026-01-06 07:30" "tokyo morning"
check "insights read back in UTC" env HAVEN_DB="$T/tokyo.db" "$HAVEN" --json insights
assert_eq "Tokyo entry: hour 7 (local), not 22 (UTC)" 1 "$(jget "$OUT" '$.hours[7]')"
assert_eq "Tokyo entry: Tuesday (local), not Monday (UTC)" 1 "$(jget "$OUT" '$.weekdays[1]')"

# --- nothing logged yet ----------------------------------------------------------------
check "insights on an empty journal" env HAVEN_DB="$T/empty.db" "$HAVEN" --json insights
assert_eq "empty: no entries" 0 "$(jget "$OUT" '$.entries')"
assert_eq "empty: no weeks" 0 "$(jlen "$OUT" '$.weeks')"
assert_eq "empty: no trend" too-little "$(jget "$OUT" '$.recovery.trend')"
assert_eq "empty: hours all zero" 0 "$(_e2e_jsql "$OUT" "SELECT sum(value) FROM json_each($_e2e_jdoc, '\$.hours')")"
check "insights text on an empty journal" env HAVEN_DB="$T/empty.db" "$HAVEN" insights
assert_contains "empty text: says so" "$OUT" "Nothing logged yet"

done_testing
