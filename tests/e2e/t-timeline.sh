# t-timeline.sh — `haven timeline` and /api/timeline: the attachment
# timeline.  Events are placed by age or date and listed in the order of a
# life (ages first, youngest first, then dates); edited field by field,
# age and date replacing each other; removed; the prompts come from the
# data file.  Refused input names the problem, exits 2 and leaves the store
# unchanged; the kind travels through export and import byte for byte; the
# API answers what the CLI prints and refuses what the CLI refuses.
. "$E2E_DIR/lib.sh"

check "empty" haven timeline
assert_contains "says how to begin" "$OUT" "haven timeline add"
check "empty, as JSON" haven --json timeline
assert_eq "an empty list" 0 "$(jlen "$OUT" '$')"

check "prompts" haven timeline prompts
assert_contains "a prompt from the data" "$OUT" "Who showed you that love can be steady?"
check "prompts as JSON" haven --json timeline prompts
assert_eq "eight prompts" 8 "$(jlen "$OUT" '$')"

check "add by date" haven --json timeline add "Met Jo at university" --date 2015-09 --kind relationship
assert_eq "kind timeline" timeline "$(jget "$OUT" '$.kind')"
jo=$(jget "$OUT" '$.id')
check "add by age, with what it taught" haven --json timeline add "  We moved and I lost my friends " \
	--age 8 --kind move --shaped "I learned not to get attached"
assert_eq "trimmed" "We moved and I lost my friends" "$(jget "$OUT" '$.body.what')"
assert_eq "the age" 8 "$(jget "$OUT" '$.body.age')"
moved=$(jget "$OUT" '$.id')
check "add a younger one later" haven timeline add "Dad left" --age 5 --kind loss
assert_contains "says where it went" "$OUT" "On your timeline"
check "an earlier date added last" haven timeline add "First heartbreak" --date 2009

check "the order of a life" haven --json timeline
assert_eq "four events" 4 "$(jlen "$OUT" '$')"
assert_eq "ages first, youngest first, then dates" \
	"Dad left|We moved and I lost my friends|First heartbreak|Met Jo at university" \
	"$(jmap "$OUT" '$' 'body.what' | paste -sd'|')"
check "listed in words" haven timeline
assert_contains "the age said" "$OUT" "age 8"
assert_contains "the kind in words" "$OUT" "(a move)"
assert_contains "what it taught" "$OUT" "what it taught me: I learned not to get attached"

check "edit: an age instead of a date" haven --json timeline edit "${jo%%-*}" --age 19 --shaped "I waited by the phone"
assert_eq "version 2" 2 "$(jget "$OUT" '$.version')"
assert_eq "the date gone" absent "$(jtype "$OUT" '$.body.date')"
assert_eq "the age" 19 "$(jget "$OUT" '$.body.age')"
assert_eq "the kind kept" relationship "$(jget "$OUT" '$.body.kind')"
check "edit: an empty --shaped removes it" haven --json timeline edit "$jo" --shaped ""
assert_eq "no shaped" absent "$(jtype "$OUT" '$.body.shaped')"
check "edit said in words" haven timeline edit "$jo" --what "Met Jo"
assert_contains "changed" "$OUT" "Changed"

before=$(db_content)
check_fails 2 "no age or date" haven timeline add "Something"
assert_contains "says which" "$ERR" "--age N or --date"
check_fails 2 "both age and date" haven timeline add "Something" --age 3 --date 2001
check_fails 2 "an age out of range" haven timeline add "Something" --age 131
assert_contains "names the range" "$ERR" "0 to 130"
check_fails 2 "an age that is not a number" haven timeline add "Something" --age eight
check_fails 2 "a day that does not exist" haven timeline add "Something" --date 2023-02-29
assert_contains "names the form" "$ERR" "YYYY-MM-DD"
check_fails 2 "a date of the wrong shape" haven timeline add "Something" --date 2023/02
check_fails 2 "an unknown kind" haven timeline add "Something" --age 4 --kind pet
assert_contains "lists the kinds" "$ERR" "turning-point"
check_fails 2 "no words" haven timeline add --age 4
check_fails 2 "two texts" haven timeline add "one" "two" --age 4
check_fails 2 "an unknown option" haven timeline add "one" --age 4 --mood 3
check_fails 2 "a flag without its value" haven timeline add "one" --age
check_fails 2 "text that is not UTF-8" haven timeline add "$(printf 'a\377b')" --age 4
long=$(head -c 4001 /dev/zero | tr '\0' a)
check_fails 2 "text too long" haven timeline add "$long" --age 4
assert_contains "says the limit" "$ERR" "4000 bytes"
check_fails 2 "edit with nothing to change" haven timeline edit "$jo"
check_fails 2 "edit emptying what happened" haven timeline edit "$jo" --what ""
assert_contains "what is needed" "$ERR" "what happened"
check_fails 2 "edit without an id" haven timeline edit --age 3
assert_contains "edit without an id: says what it needs" "$ERR" "timeline edit needs the id of an event"
check_fails 1 "edit of an unknown id" haven timeline edit abcd1234 --age 3
check_fails 2 "remove without an id" haven timeline remove
assert_contains "remove without an id: says what it needs" "$ERR" "timeline remove needs the id of one event"
check_fails 2 "an unknown subcommand" haven timeline show
assert_eq "refusals changed nothing" "$before" "$(db_content)"

check "remove" haven timeline remove "${moved%%-*}"
assert_contains "said" "$OUT" "Taken off your timeline"
check_fails 1 "removed twice" haven timeline remove "$moved"
assert_contains "says it was removed" "$ERR" "removed"
check_fails 1 "a removed event cannot be edited" haven timeline edit "$moved" --age 9
check "three left" haven --json timeline
assert_eq "three" 3 "$(jlen "$OUT" '$')"

check "export" haven export
printf '%s\n' "$OUT" >"$T/out.jsonl"
assert_eq "every event exported, the removed one too" 4 "$(grep -c '"kind":"timeline"' "$T/out.jsonl")"
HAVEN_DB="$T/other.db" check "import elsewhere" haven import "$T/out.jsonl"
HAVEN_DB="$T/other.db" check "export again" haven export
assert_eq "byte-identical" "$(cat "$T/out.jsonl")" "$OUT"
printf '%s\n' '{"id":"6f1c1f8e-3b5a-4d6e-9f00-0123456789ab","kind":"timeline","created":"2026-01-07T10:00:00.000Z","updated":"2026-01-07T10:00:00.000Z","version":1,"deleted":false,"body":{"what":"x","age":4,"date":"2001"}}' >"$T/bad.jsonl"
before=$(db_hash)
check_fails 1 "an import with an event placed twice is refused" haven import "$T/bad.jsonl"
assert_contains "naming the problem" "$ERR" "not both"
assert_eq "and lands nothing" "$before" "$(db_hash)"

# The API: the same list, the same refusals.
unset HAVEN_NOW
serve_start
send_type=application/json
assert_eq "list: 200" 200 "$(status "$base/api/timeline")"
web=$(body)
check "the CLI's list" haven --json timeline
assert_eq "the same events" "$(jget "$OUT" '$')" "$(jget "$web" '$.events')"
assert_eq "the page's words" Timeline "$(jget "$web" '$.words.web.title')"
assert_eq "the prompts" 8 "$(jlen "$web" '$.words.prompts')"

before=$(db_content)
assert_eq "no age or date: 400" 400 "$(send POST -d '{"what":"x"}' "$base/api/timeline")"
assert_contains "named" "$(body)" "either an age or a date"
assert_eq "an unknown field: 400" 400 "$(send POST -d '{"what":"x","age":3,"mood":1}' "$base/api/timeline")"
assert_contains "named" "$(body)" 'unknown timeline field \"mood\"'
assert_eq "an age as text: 400" 400 "$(send POST -d '{"what":"x","age":"3"}' "$base/api/timeline")"
assert_eq "a bad date: 400" 400 "$(send POST -d '{"what":"x","date":"2023-13"}' "$base/api/timeline")"
assert_eq "not JSON: 400" 400 "$(send POST -d '{"what":' "$base/api/timeline")"
assert_eq "an edit emptying it: 400" 400 "$(send PATCH -d '{"what":null}' "$base/api/timeline/$jo")"
assert_eq "an unknown id: 404" 404 "$(send PATCH -d '{"age":3}' "$base/api/timeline/abcd1234")"
assert_eq "no CSRF token: 403" 403 "$(status -X POST -H "Origin: $base" -d '{"what":"x","age":3}' "$base/api/timeline")"
assert_eq "refusals changed nothing" "$before" "$(db_content)"

assert_eq "add: 201" 201 "$(send POST -d '{"what":"Nan took me in","age":10,"kind":"person","shaped":"Someone can stay"}' "$base/api/timeline")"
nan=$(jget "$(body)" '$.id')
assert_eq "edit: 200" 200 "$(send PATCH -d '{"date":"2004","shaped":null}' "$base/api/timeline/$nan")"
assert_eq "the age replaced by the date" date,kind,what "$(jkeys "$(body)" '$.body')"
assert_eq "remove: 200" 200 "$(send DELETE "$base/api/timeline/$nan")"
assert_eq "removed twice: 404" 404 "$(send DELETE "$base/api/timeline/$nan")"
check "the CLI sees three" haven --json timeline
assert_eq "three" 3 "$(jlen "$OUT" '$')"
serve_stop
done_testing
