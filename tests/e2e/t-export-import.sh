# t-export-import.sh — JSON Lines export and import round trips, export to
# a file, CSV, and import from standard input.
. "$E2E_DIR/lib.sh"

# --- a journal with some history ------------------------------------------
A=$(log_id -i 3 -k work --at "2026-01-03 09:00" "first, with a comma")
B=$(log_id -i 6 -k partner-distance --did extra-texts --did breathed --at "2026-01-04 12:00" 'he said "fine"')
C=$(log_id -i 8 -k conflict -k self-talk --emotion hurt --thought "they'll leave" --body "hot face" \
	--response "wrote it down" --soothing --recovered 50 --at "2026-01-05 18:30" "café 😊 naïve")
D=$(TZ=Asia/Kolkata log_id -i 4 -k social --at "2026-01-06 07:15" "logged in +05:30")
E=$(log_id -i 5 --at "2026-01-06 20:00" "to be deleted")
# A record only an import can make: a reflection and a +01:00 offset.
cat >extra.jsonl <<'EOF'
{"id":"0f0e0d0c-0000-4000-8000-00000000abcd","kind":"trigger","created":"2026-01-02T21:00:00.000+01:00","updated":"2026-01-02T22:00:00.000+01:00","version":3,"deleted":false,"body":{"intensity":7,"reflection":{"evidence":"none really","friend":"be kind"},"what":"imported"}}
EOF
check "import one record with a reflection" haven import extra.jsonl
check "edit one entry" haven journal edit "$A" --recovered 30
check "soft-delete one entry" haven journal rm "$E"
N=6

# --- export ---------------------------------------------------------------
check "export (JSON Lines to stdout)" haven export
printf '%s\n' "$OUT" >a.jsonl
assert_eq "export: one line per record, deleted included" $N "$(wc -l <a.jsonl)"
assert_eq "export: nothing on stderr" "" "$ERR"
bad_lines=0
while IFS= read -r line; do
	[ "$(jtype "$line" '$')" = object ] || bad_lines=$((bad_lines + 1))
done <a.jsonl
assert_eq "export: every line is one JSON object" 0 "$bad_lines"
assert_eq "export: oldest first" "0f0e0d0c $(printf '%s' "$A" | cut -c1-8)" \
	"$(head -2 a.jsonl | cut -c8-15 | tr '\n' ' ' | sed 's/ $//')"
line_e=$(grep "$E" a.jsonl)
assert_eq "export: the deleted entry is marked" true "$(jtype "$line_e" '$.deleted')"
line_a=$(grep "$A" a.jsonl)
assert_eq "export: the edit is there" 30 "$(jget "$line_a" '$.body.recovered_minutes')"
assert_eq "export: the edit's version" 2 "$(jget "$line_a" '$.version')"
line_d=$(grep "$D" a.jsonl)
assert_eq "export: the local offset is kept" 2026-01-06T07:15:00.000+05:30 "$(jget "$line_d" '$.created')"
assert_eq "export: the reflection is kept" "be kind" "$(jget "$(grep 0f0e0d0c a.jsonl)" '$.body.reflection.friend')"
assert_eq "export: compact lines with fields in order" \
	"{\"id\":\"$A\",\"kind\":\"trigger\",\"created\":\"2026-01-03T09:00:00.000Z\",\"updated\":\"2026-01-07T16:00:00.001Z\",\"version\":2,\"deleted\":false,\"body\":{\"intensity\":3,\"recovered_minutes\":30,\"triggers\":[\"work\"],\"what\":\"first, with a comma\"}}" \
	"${line_a%%,\"hlc\":*}}"
# Then the merge clock (core/hlc.h): the stamp of its last write, and one
# device that wrote it twice (made here, then edited).
assert_eq "export: the stamp, after the fixed clock" 1767801600000 "$(jget "$line_a" '$.hlc[0]')"
assert_eq "export: the version vector, one device, two writes" 2 \
	"$(_e2e_jsql "$line_a" "SELECT group_concat(value) FROM json_each($_e2e_jdoc, '\$.vv')")"

# --- round trip into a fresh database -----------------------------------------
check "import into a fresh database" env HAVEN_DB="$T/b.db" "$HAVEN" import a.jsonl
assert_eq "fresh import: counts" "Imported: $N added, 0 updated, 0 already here." "$OUT"
check "export the fresh database" env HAVEN_DB="$T/b.db" "$HAVEN" export
printf '%s\n' "$OUT" >b.jsonl
assert_true "round trip: byte-identical export" cmp a.jsonl b.jsonl
check "the deleted entry stays deleted after import" env HAVEN_DB="$T/b.db" "$HAVEN" --json journal
assert_eq "import: deleted entry hidden, the rest listed" $((N - 1)) "$(jlen "$OUT")"
check "... and can be restored there" env HAVEN_DB="$T/b.db" "$HAVEN" journal restore "$E"

# A different local zone does not change what an export says.
check "import under another TZ" env TZ=America/New_York HAVEN_DB="$T/ny.db" "$HAVEN" import a.jsonl
check "export under another TZ" env TZ=America/New_York HAVEN_DB="$T/ny.db" "$HAVEN" export
printf '%s\n' "$OUT" >ny.jsonl
assert_true "round trip under another TZ: byte-identical" cmp a.jsonl ny.jsonl

# --- importing twice adds nothing ------------------------------------------------
check "import the same file again" env HAVEN_DB="$T/c.db" "$HAVEN" import a.jsonl
check "... and once more" env HAVEN_DB="$T/c.db" "$HAVEN" --json import a.jsonl
assert_eq "second import: added 0" 0 "$(jget "$OUT" '$.added')"
assert_eq "second import: updated 0" 0 "$(jget "$OUT" '$.updated')"
assert_eq "second import: all already there" $N "$(jget "$OUT" '$.unchanged')"
check "export after importing twice" env HAVEN_DB="$T/c.db" "$HAVEN" export
printf '%s\n' "$OUT" >c.jsonl
assert_true "import twice: export unchanged" cmp a.jsonl c.jsonl
check "import into the database it came from" haven import a.jsonl
assert_eq "import into the source: nothing new" "Imported: 0 added, 0 updated, $N already here." "$OUT"

# --- import - reads standard input ----------------------------------------------
RUN_STDIN=a.jsonl check "import - reads stdin" env HAVEN_DB="$T/d.db" "$HAVEN" import -
assert_eq "import -: counts" "Imported: $N added, 0 updated, 0 already here." "$OUT"
check "export after import -" env HAVEN_DB="$T/d.db" "$HAVEN" export
printf '%s\n' "$OUT" >d.jsonl
assert_true "import -: byte-identical export" cmp a.jsonl d.jsonl
RUN_STDIN=/dev/null check "import - with empty input" env HAVEN_DB="$T/e.db" "$HAVEN" import -
assert_eq "empty input: nothing imported" "Imported: 0 added, 0 updated, 0 already here." "$OUT"

# --- the newer copy wins -------------------------------------------------------
check "edit an entry again" env HAVEN_NOW=2026-01-08T10:00:00Z "$HAVEN" journal edit "$B" --recovered 12
check "export the newer state" haven export
printf '%s\n' "$OUT" >a2.jsonl
check "import the newer export over the older copy" env HAVEN_DB="$T/b.db" "$HAVEN" --json import a2.jsonl
assert_eq "newer copy: 1 updated" 1 "$(jget "$OUT" '$.updated')"
assert_eq "newer copy: 0 added" 0 "$(jget "$OUT" '$.added')"
# b.db restored E above (a newer change there), so E stays as b.db has it.
assert_eq "newer copy: the rest kept" $((N - 1)) "$(jget "$OUT" '$.unchanged')"
check "show the updated entry" env HAVEN_DB="$T/b.db" "$HAVEN" --json journal show "$B"
assert_eq "newer copy: its field arrived" 12 "$(jget "$OUT" '$.body.recovered_minutes')"
check "import the older export back" env HAVEN_DB="$T/c.db" "$HAVEN" import a2.jsonl
check "... then the old one again" env HAVEN_DB="$T/c.db" "$HAVEN" --json import a.jsonl
assert_eq "an older copy never wins" 0 "$(jget "$OUT" '$.updated')"
check "export after the older import" env HAVEN_DB="$T/c.db" "$HAVEN" export
printf '%s\n' "$OUT" >c2.jsonl
assert_true "older import: export is still the newer state" cmp a2.jsonl c2.jsonl

# --- an endless input is refused at its limit, not read into memory -------------
before=$(db_content)
check_fails 1 "import /dev/zero stops at the line limit" timeout 20 "$HAVEN" import /dev/zero
assert_contains "import /dev/zero: says which limit" "$ERR" "longer than 16 MB"
assert_eq "import /dev/zero: nothing changed" "$before" "$(db_content)"

# --- export -o FILE ---------------------------------------------------------------
check "export -o FILE" haven export -o out.jsonl
assert_eq "export -o: nothing on stdout" "" "$OUT"
assert_true "export -o: the file is the export" cmp a2.jsonl out.jsonl
assert_eq "export -o: file mode 0600" 600 "$(file_mode out.jsonl)"
printf 'old\n' >old.jsonl
chmod 644 old.jsonl
check "export -o over an existing 0644 file" haven export --output old.jsonl
assert_true "export -o: replaced the old content" cmp a2.jsonl old.jsonl
assert_eq "export -o: replaced file is 0600" 600 "$(file_mode old.jsonl)"
assert_eq "export -o: no temporary file left" "" "$(ls -A | grep '\.tmp' || true)"
check_fails 1 "export -o into a missing folder" haven export -o "$T/no/such/dir/x.jsonl"
assert_contains "export -o missing folder: names the file" "$ERR" "$T/no/such/dir/x.jsonl"
assert_contains "export -o missing folder: says it cannot write" "$ERR" "cannot write"

mkdir taken
check_fails 1 "export -o onto a folder" haven export -o taken
assert_contains "export -o folder: says why" "$ERR" "cannot move the export into taken"
assert_eq "export -o folder: no temporary file left" "" "$(ls -A | grep '\.tmp' || true)"
assert_eq "export -o folder: the folder is untouched" "" "$(ls -A taken)"

# --- CSV ------------------------------------------------------------------------
check "export --format csv -o DIR" haven export --format csv -o csv
assert_true "CSV: DIR/trigger.csv exists" test -f csv/trigger.csv
assert_contains "CSV: says where it wrote" "$ERR" "csv/"
header=$(head -1 csv/trigger.csv | tr -d '\r')
assert_match "CSV: header starts with the record columns" '^id,created,updated,version,deleted(,|$)' "$header"
assert_eq "CSV: header then the body fields, sorted" \
	"id,created,updated,version,deleted,body,emotions,intensity,recovered_minutes,reflection,response,response_type,responses,thoughts,triggers,what" \
	"$header"
assert_eq "CSV: one row per record (deleted too)" $((N + 1)) "$(wc -l <csv/trigger.csv)"
assert_eq "CSV: lines end in CRLF" $((N + 1)) "$(grep -c $'\r$' csv/trigger.csv)"
for id in "$A" "$B" "$C" "$D" "$E" 0f0e0d0c-0000-4000-8000-00000000abcd; do
	assert_eq "CSV: a row for ${id:0:8}" 1 "$(grep -c "^$id," csv/trigger.csv)"
done
row_a=$(grep "^$A," csv/trigger.csv | tr -d '\r')
assert_eq "CSV: row for the edited entry" \
	"$A,2026-01-03T09:00:00.000Z,2026-01-07T16:00:00.001Z,2,false,,,3,30,,,,,,work,\"first, with a comma\"" \
	"$row_a"
row_b=$(grep "^$B," csv/trigger.csv | tr -d '\r')
assert_contains "CSV: lists joined with '; '" "$row_b" ",extra-texts; breathed,"
assert_contains "CSV: quotes doubled" "$row_b" '"he said ""fine"""'
assert_contains "CSV: the deleted entry says true" "$(grep "^$E," csv/trigger.csv)" ",true,"
assert_contains "CSV: nested objects as JSON" "$(grep "^0f0e0d0c" csv/trigger.csv)" \
	'"{""evidence"":""none really"",""friend"":""be kind""}"'
assert_eq "CSV: a new folder is private (0700)" 700 "$(file_mode csv)"
# Words a spreadsheet would run as a formula stay words.
(
	export HAVEN_DB=$T/formula.db
	F1=$(log_id -i 4 '=HYPERLINK("http://example.com","look")')
	F2=$(log_id -i 4 '@SUM(A1:A3)')
	F3=$(log_id -i 4 -- '-not a number')
	F4=$(log_id -i 4 -- '-5')
	check "CSV with formula-like words" haven export -f csv -o formula
	assert_contains "CSV: = is kept as text" "$(grep "^$F1," formula/trigger.csv)" \
		",\"'=HYPERLINK(\"\"http://example.com\"\",\"\"look\"\")\""
	assert_contains "CSV: @ is kept as text" "$(grep "^$F2," formula/trigger.csv)" ",\"'@SUM(A1:A3)\""
	assert_contains "CSV: a leading - is kept as text" "$(grep "^$F3," formula/trigger.csv)" ",\"'-not a number\""
	assert_match "CSV: a plain number keeps its sign" ',-5.?$' "$(grep "^$F4," formula/trigger.csv | tr -d '\r')"
)
mkdir shared
check "export --format csv into an existing folder" haven export -f csv -o shared
assert_true "CSV into an existing folder: written" cmp csv/trigger.csv shared/trigger.csv
# The JSON Lines export is 0600 because "the export is as private as the
# journal"; a CSV export holds the same private text.
assert_eq "CSV: the file is private (0600) like the JSON Lines export" 600 "$(file_mode shared/trigger.csv)"
check_fails 2 "CSV without -o" haven export --format csv
assert_contains "CSV without -o: asks for a folder" "$ERR" "-o DIR"
check_fails 2 "an unknown export format" haven export --format xml
assert_contains "unknown format: named" "$ERR" '"xml"'

# --- an empty journal exports nothing -----------------------------------------------
check "export an empty database" env HAVEN_DB="$T/empty.db" "$HAVEN" export
assert_eq "empty export: no output" "" "$OUT"
check "round trip an empty export" env HAVEN_DB="$T/empty2.db" "$HAVEN" import /dev/null
assert_eq "empty import: counts" "Imported: 0 added, 0 updated, 0 already here." "$OUT"

# --- an entry edited in both copies: the later edit kept, and said so ----------------
X=$(env HAVEN_DB="$T/x.db" HAVEN_NOW=2026-01-05T10:00:00Z "$HAVEN" log -i 5 -k work "first")
check "export the first copy" env HAVEN_DB="$T/x.db" "$HAVEN" export
printf '%s\n' "$OUT" >x.jsonl
check "the second copy from it" env HAVEN_DB="$T/y.db" "$HAVEN" import x.jsonl
check "edited in the first" env HAVEN_DB="$T/x.db" HAVEN_NOW=2026-01-06T10:00:00Z "$HAVEN" journal edit "$X" --recovered 5
check "edited in the second, later" env HAVEN_DB="$T/y.db" HAVEN_NOW=2026-01-07T10:00:00Z "$HAVEN" journal edit "$X" --recovered 9
check "export the second copy" env HAVEN_DB="$T/y.db" "$HAVEN" export
printf '%s\n' "$OUT" >y.jsonl
check "import it into the first" env HAVEN_DB="$T/x.db" "$HAVEN" import y.jsonl
assert_contains "both edits: counted" "$OUT" "Imported: 0 added, 1 updated, 0 already here."
assert_contains "both edits: said" "$OUT" "1 entry had been edited in both places"

done_testing
