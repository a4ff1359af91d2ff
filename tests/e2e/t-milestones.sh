# t-milestones.sh — `haven milestones`: nothing to show at first; a
# soothing response after a protest one, a held draft rewritten and a week
# of check-ins each noticed, told in full once and then only listed; the
# strength of checking in as a score that a missed day lowers but never
# takes away; the shown marks travel with export and import; --json marks
# nothing; bad arguments are refused and change nothing.
. "$E2E_DIR/lib.sh"

check "nothing yet" haven milestones
assert_contains "says they will come" "$OUT" "No milestones yet"
assert_contains "and how strength shows" "$OUT" "how strong the habit is will show here"
check "nothing yet, as JSON" haven --json milestones
assert_eq "no milestones" 0 "$(jlen "$OUT" '$.milestones')"
assert_eq "no habits" 0 "$(jlen "$OUT" '$.habits')"

haven log -i 8 --at "2026-01-02 10:00" --response "sent five texts" --protest "no reply" >/dev/null
haven log -i 6 --at "2026-01-03 10:00" --did breathed "late again" >/dev/null
for d in 01 02 03 04 05 06; do haven checkin 4 --at "2026-01-$d 09:00" >/dev/null; done

check "one reached" haven --json milestones
assert_eq "one milestone" 1 "$(jlen "$OUT" '$.milestones')"
assert_eq "the soothing response" first-soothing "$(jget "$OUT" '$.milestones[0].id')"
assert_eq "reached when it happened" "2026-01-03T10:00:00.000Z" "$(jget "$OUT" '$.milestones[0].reached')"
assert_eq "new" 1 "$(jget "$OUT" '$.milestones[0].new')"
assert_eq "the check-in habit" checkin "$(jget "$OUT" '$.habits[0].id')"
# Six days done of seven (Jan 1 to 7): python3 gives 0.2596... → 26.
assert_eq "its strength, forgiving today's gap" 26 "$(jget "$OUT" '$.habits[0].score')"
check "--json marked nothing" haven --json milestones
assert_eq "still new" 1 "$(jget "$OUT" '$.milestones[0].new')"

check "shown in words" haven milestones
assert_contains "celebrated" "$OUT" "Something to celebrate"
assert_contains "its title" "$OUT" "A soothing response, where there used to be protest"
assert_contains "its words in full" "$OUT" "calming yourself first"
assert_contains "the habit" "$OUT" "Checking in"
assert_contains "never a streak" "$OUT" "never to zero"
check "shown again" haven milestones
assert_not_contains "celebrated once" "$OUT" "Something to celebrate"
assert_contains "but still listed" "$OUT" "A soothing response, where there used to be protest"
assert_not_contains "told in full only once" "$OUT" "calming yourself first"

haven checkin 5 --at "2026-01-07 09:00" >/dev/null
id=$(haven --json coach --hold 20m "why are you ignoring me" | sed -n 's/^  "id": "\([0-9a-f-]*\)".*/\1/p')
HAVEN_NOW=2026-01-07T16:30:00Z haven coach held "$id" --rewrite "Hope your day went well, talk tonight?" >/dev/null
HAVEN_NOW=2026-01-07T17:00:00Z check "two more" haven --json milestones
assert_eq "three in all" 3 "$(jlen "$OUT" '$.milestones')"
assert_eq "in the order reached" first-soothing,checkin-week,rewrite "$(jmap "$OUT" '$.milestones' id | paste -sd, -)"
assert_eq "the old one is not new" 0 "$(jget "$OUT" '$.milestones[0].new')"
assert_eq "the week is new" 1 "$(jget "$OUT" '$.milestones[1].new')"

check "export" haven export
printf '%s\n' "$OUT" >"$T/out.jsonl"
assert_eq "the shown mark exported" 1 "$(grep -c '"kind":"milestone"' "$T/out.jsonl")"
HAVEN_DB="$T/other.db" check "import elsewhere" haven import "$T/out.jsonl"
HAVEN_DB="$T/other.db" HAVEN_NOW=2026-01-07T17:00:00Z check "there, the shown one stays shown" haven --json milestones
assert_eq "not new there either" 0 "$(jget "$OUT" '$.milestones[0].new')"
printf '%s\n' '{"id":"6f1c1f8e-3b5a-4d6e-9f00-0123456789ab","kind":"milestone","created":"2026-01-07T10:00:00.000Z","updated":"2026-01-07T10:00:00.000Z","version":1,"deleted":false,"body":{"id":"thirty-day-streak","reached":"2026-01-07T10:00:00.000Z"}}' >"$T/bad.jsonl"
before=$(db_hash)
check_fails 1 "an import with an unknown milestone is refused" haven import "$T/bad.jsonl"
assert_contains "naming the field" "$ERR" "milestone"
check_fails 2 "milestones takes no arguments" haven milestones all
assert_eq "refusals changed nothing" "$before" "$(db_hash)"

done_testing
