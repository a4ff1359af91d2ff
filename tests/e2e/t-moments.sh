# t-moments.sh — good moments (issue 18, item 6): times of feeling close,
# calm or secure kept in the evidence list, so noticing what went well is
# one habit; shown beside the times people stayed, in words not ids;
# refused input names the problem and changes nothing; and the
# assessment's kindness area points to them.
. "$E2E_DIR/lib.sh"

check "a good moment" haven --json evidence moment "  Dinner with Ana, easy and warm " --type close
assert_eq "kept as evidence" evidence "$(jget "$OUT" '$.kind')"
assert_eq "its type" close "$(jget "$OUT" '$.body.type')"
assert_eq "its words trimmed" "Dinner with Ana, easy and warm" "$(jget "$OUT" '$.body.text')"
check "a good moment without a type" haven evidence moment "A quiet morning, no phone"
assert_contains "says it was kept as a good moment" "$OUT" "A good moment, kept"
check "calm and secure too" haven evidence moment "Slept well after the talk" --type secure
check "and a time someone stayed, in the same list" haven evidence add "Sam stayed" --type stayed
check "the list as JSON" haven --json evidence
assert_eq "four, one list" 4 "$(jlen "$OUT")"
assert_contains "a moment of no kind is a moment" "$OUT" '"type": "moment"' 
check "the list in words" haven evidence
assert_contains "felt close" "$OUT" "felt close"
assert_contains "felt secure" "$OUT" "felt secure"
assert_contains "someone stayed" "$OUT" "someone stayed"
assert_contains "a good moment" "$OUT" "a good moment"
assert_not_contains "never a stored type id" "$OUT" "  close"

before=$(db_hash)
check_fails 2 "a moment of a kind that is not one" haven evidence moment "x" --type stayed
assert_contains "says which kinds" "$ERR" "close, calm or secure"
check_fails 2 "an unknown type" haven evidence add "x" --type maybe
assert_contains "names the types" "$ERR" "close, calm, secure"
check_fails 2 "a moment without words" haven evidence moment
assert_contains "says what is missing" "$ERR" "evidence moment needs what happened"
check_fails 2 "an empty moment" haven evidence moment "   "
check_fails 2 "two texts" haven evidence moment "a" "b"
check_fails 2 "--type without a value" haven evidence moment "a" --type
check_fails 2 "bytes that are not UTF-8" haven evidence moment "$(printf 'a\377b')"
assert_eq "refusals changed nothing" "$before" "$(db_hash)"

check "the kindness area of the assessment points to good moments" haven --json assess take guide \
	--answers "$(for i in $(seq 1 12); do printf 'a%s=5,' "$i"; done; for d in $(seq 1 16); do printf 'd%s=1,' "$d"; done)"
assert_contains "kindness is flagged, with evidence (the action) for good moments" \
	"$(jget "$OUT" '$.practices')" '"do":"evidence","why":"keep good moments'

done_testing
