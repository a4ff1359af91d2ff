# t-import-daylio.sh — `haven import --from daylio FILE` (issue 18, item 9):
# Daylio's CSV export becomes check-ins — the mood on the 0–10 scale by the
# documented mapping, activities as yes to factors of the person's own,
# title and note as the note, quoted commas, quotes and line breaks kept —
# importing twice adds nothing, and a malformed row is named by its line
# with nothing saved.
. "$E2E_DIR/lib.sh"
FIX=$E2E_DIR/../fixtures/daylio

check "import Daylio's export" haven --json import --from daylio "$FIX/export.csv"
assert_eq "five check-ins added" 5 "$(jget "$OUT" '$.added')"
assert_eq "five activities become factors" 5 "$(jget "$OUT" '$.factors_added')"
run haven --json checkin --list
assert_eq "five check-ins" 5 "$(jlen "$OUT")"
assert_eq "good is 7" 7 "$(jget "$OUT" '$[0].body.factors.mood')"
assert_eq "at the row's own time" "2026-01-05T21:40:00.000Z" "$(jget "$OUT" '$[0].created')"
assert_eq "a quoted note with a comma, quotes and a line break, after its title" \
	"$(printf 'Dinner, finally\nSaw Ana and Leo.\nWe laughed about the "great" storm, and I felt at ease.')" \
	"$(jget "$OUT" '$[0].body.note')"
assert_eq "an activity is a yes" 1 "$(jget "$OUT" '$[0].body.own.friends')"
assert_eq "meh is 5, the morning of the same day" 5 "$(jget "$OUT" '$[1].body.factors.mood')"
assert_eq "no note: none kept" "" "$(jget "$OUT" '$[1].body.note')"
assert_eq "awful is 1" 1 "$(jget "$OUT" '$[2].body.factors.mood')"
assert_eq "rad is 9" 9 "$(jget "$OUT" '$[3].body.factors.mood')"
assert_eq "a title alone is the note" "Long walk" "$(jget "$OUT" '$[3].body.note')"
assert_eq "bad is 3" 3 "$(jget "$OUT" '$[4].body.factors.mood')"
check "the activities are the person's own factors" haven --json checkin factor list
assert_eq "five of them" "coffee friends therapy day walk work" \
	"$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(" ".join(f["name"] for f in json.load(sys.stdin)))')"
check "and usable from now on" haven checkin --factor walk --mood 6
run haven export
assert_contains "each remembers its row, in the body" "$OUT" '"source":"daylio:'
HAVEN_DB="$T/ids.db" check "the same file elsewhere" haven --json import --from daylio "$FIX/export.csv"
HAVEN_DB="$T/ids.db" run haven --json checkin --list
other_id=$(jget "$OUT" '$[0].id')
run haven --json checkin --list --since 2026-01-05 --limit 10
assert_ne "ids are random, never made from the row (they stay in clear in a vault)" \
	"$other_id" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print([r for r in json.load(sys.stdin) if r["body"].get("note","").startswith("Dinner")][0]["id"])')"

before=$(db_hash)
check "importing twice" haven import --from daylio "$FIX/export.csv"
assert_contains "says all were here" "$OUT" "0 check-ins added, 5 already here"
assert_eq "adds nothing" "$before" "$(db_hash)"

check "a factor removed" haven checkin factor remove work
check "the file again" haven --json import --from daylio "$FIX/export.csv"
assert_eq "does not bring a removed factor back" 0 "$(jget "$OUT" '$.factors_added')"
check_fails 2 "it stays removed" haven checkin --factor work
before=$(db_hash)

# --- 12-hour times, any case, and moods of the person's own --------------------
check_fails 1 "a mood of one's own, not given" haven import --from daylio "$FIX/twelve-hour.csv"
assert_contains "named with its line" "$ERR" 'line 4: the mood "so-so"'
assert_contains "says how to give it" "$ERR" 'so-so=N'
assert_eq "nothing saved" "$before" "$(db_hash)"
check "given with --mood" haven --json import --from daylio --mood so-so=4 "$FIX/twelve-hour.csv"
assert_eq "three added" 3 "$(jget "$OUT" '$.added')"
assert_eq "one new factor (Walk is walk)" 1 "$(jget "$OUT" '$.factors_added')"
run haven --json checkin --list --since 2026-02-01
assert_eq "so-so at 4" 4 "$(jget "$OUT" '$[0].body.factors.mood')"
assert_eq "12:00 pm is noon" "2026-02-02T12:00:00.000Z" "$(jget "$OUT" '$[0].created')"
assert_eq "9:05 pm" "2026-02-01T21:05:00.000Z" "$(jget "$OUT" '$[1].created')"
assert_eq "Good in capitals is good" 7 "$(jget "$OUT" '$[1].body.factors.mood')"
assert_eq "12:30 AM is after midnight" "2026-02-01T00:30:00.000Z" "$(jget "$OUT" '$[2].created')"
assert_eq "a doubled quote" 'just "ok"' "$(jget "$OUT" '$[2].body.note')"

# --- malformed files: named, refused whole --------------------------------------
before=$(db_hash)
check_fails 1 "a date that does not exist" haven import --from daylio "$FIX/bad-date.csv"
assert_contains "the line counts the note's line break" "$ERR" 'line 5: full_date "2026-02-30"'
assert_contains "nothing imported, said" "$ERR" "Nothing was imported"
check_fails 1 "a quote never closed" haven import --from daylio "$FIX/bad-quote.csv"
assert_contains "named" "$ERR" "line 3: a quoted field is never closed"
check_fails 1 "an hour past 23" haven import --from daylio "$FIX/bad-time.csv"
assert_contains "named" "$ERR" 'line 2: time "25:10"'
check_fails 1 "not a Daylio export" haven import --from daylio "$FIX/not-daylio.csv"
assert_contains "says so" "$ERR" "not a Daylio export"
printf 'full_date,date,weekday,time,mood,activities,note_title,note\n2026-03-01,x,y,10:00,good,,,"ok"trailing\n' >"$T/stray.csv"
check_fails 1 "text after a closing quote" haven import --from daylio "$T/stray.csv"
assert_contains "named" "$ERR" "line 2: text after a closing quote"
printf 'full_date,date,weekday,time,mood,activities,note_title,note\n2026-03-01,x,y,10:00,good,,,\xff\xfe\n' >"$T/latin.csv"
check_fails 1 "bytes that are not UTF-8" haven import --from daylio "$T/latin.csv"
assert_contains "named" "$ERR" "line 2: the note is not UTF-8"
: >"$T/empty.csv"
check_fails 1 "an empty file" haven import --from daylio "$T/empty.csv"
assert_contains "says so" "$ERR" "empty"
assert_eq "none of them saved anything" "$before" "$(db_hash)"

# --- the command line -------------------------------------------------------------
check_fails 2 "another app" haven import --from bearable "$FIX/export.csv"
assert_contains "names it" "$ERR" 'daylio only, not "bearable"'
check_fails 2 "--mood out of range" haven import --from daylio --mood so-so=11 "$FIX/twelve-hour.csv"
check_fails 2 "--mood without =" haven import --from daylio --mood so-so "$FIX/twelve-hour.csv"
check_fails 2 "--mood without --from" haven import --mood so-so=3 "$FIX/twelve-hour.csv"
check_fails 2 "no file" haven import --from daylio
check_fails 1 "a missing file" haven import --from daylio "$T/none.csv"
assert_eq "still nothing saved" "$before" "$(db_hash)"
HAVEN_DB="$T/stdin.db" RUN_STDIN="$FIX/export.csv" check "from standard input" haven import --from daylio -
assert_contains "five added" "$OUT" "5 check-ins added"

# --- what was imported travels like any check-in --------------------------------
check "export" haven export
printf '%s\n' "$OUT" >"$T/all.jsonl"
HAVEN_DB="$T/copy.db" check "into another database" haven import "$T/all.jsonl"
HAVEN_DB="$T/copy.db" check "export again" haven export
assert_eq "byte-identical" "$(cat "$T/all.jsonl")" "$OUT"
HAVEN_DB="$T/copy.db" check "the Daylio file into the copy adds nothing" haven import --from daylio "$FIX/export.csv"
assert_contains "all here" "$OUT" "0 check-ins added, 5 already here, 0 activities"

# --- into a vault: sealed like every entry ------------------------------------------
printf 'a long enough passphrase\n' >"$T/pw"
chmod 600 "$T/pw"
HAVEN_DB="$T/vault.db" check "a vault" haven vault enable --passphrase-file "$T/pw"
HAVEN_DB="$T/vault.db" HAVEN_PASSPHRASE_FILE="$T/pw" check "import into the vault" haven import --from daylio "$FIX/export.csv"
assert_contains "five added" "$OUT" "5 check-ins added"
assert_false "no note in clear in the file" grep -qa "Waited all evening" "$T/vault.db"
assert_false "no factor's name in clear" grep -qa "therapy day" "$T/vault.db"
HAVEN_DB="$T/vault.db" HAVEN_PASSPHRASE_FILE="$T/pw" check "read back" haven --json checkin factor list
assert_eq "five factors, opened" 5 "$(jlen "$OUT")"
HAVEN_DB="$T/vault.db" HAVEN_PASSPHRASE_FILE="$T/pw" check "twice into the vault" haven import --from daylio "$FIX/export.csv"
assert_contains "adds nothing" "$OUT" "0 check-ins added, 5 already here, 0 activities"
HAVEN_DB="$T/vault.db" HAVEN_PASSPHRASE_FILE="$T/pw" check "the vault holds together" haven vault check

HAVEN_DB="$T/plain.db" check "the same import, said in words" haven import --from daylio "$FIX/export.csv"
assert_eq "the words say what came in" \
	"Imported from Daylio: 5 check-ins added, 0 already here, 5 activities added as your own factors." "$OUT"
done_testing
