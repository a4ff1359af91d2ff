# t-web-growth.sh — the routes of the setback plan, the milestones and the
# evidence list with its good moments (issue 18, items 4 to 6): each GET
# answers what the CLI's --json prints, with its page's words; PUT
# /api/plan and POST /api/evidence take the same fields as the CLI, a bad
# body gets the library's message, a 400, and changes nothing; POST
# /api/milestones/seen tells each milestone once.
. "$E2E_DIR/lib.sh"

unset HAVEN_NOW # the server's own clock
serve_start
send_type=application/json

assert_eq "no plan yet: 200" 200 "$(status "$base/api/plan")"
assert_eq "plan null" null "$(jtype "$(body)" '$.plan')"
assert_eq "the crisis lines even so" object "$(jtype "$(body)" '$.crisis_lines')"
assert_eq "not running hot" 0 "$(jget "$(body)" '$.hot')"
assert_eq "the page's words" "Your setback plan" "$(jget "$(body)" '$.words.title')"

before=$(db_content)
assert_eq "an unknown practice: 400" 400 "$(send PUT -d '{"practices":["juggling"]}' "$base/api/plan")"
assert_contains "named" "$(body)" 'unknown practice \"juggling\"'
assert_eq "an unknown field: 400" 400 "$(send PUT -d '{"mood":["low"]}' "$base/api/plan")"
assert_contains "named" "$(body)" 'unknown plan field \"mood\"'
assert_eq "signs as text: 400" 400 "$(send PUT -d '{"signs":"quiet"}' "$base/api/plan")"
assert_eq "nothing to change: 400" 400 "$(send PUT -d '{}' "$base/api/plan")"
assert_eq "not JSON: 400" 400 "$(send PUT -d '{"say":' "$base/api/plan")"
assert_eq "a moment of no known kind: 400" 400 "$(send POST -d '{"text":"tea with Ana","type":"lovely"}' "$base/api/evidence")"
assert_contains "named" "$(body)" "type must be"
assert_eq "a moment without words: 400" 400 "$(send POST -d '{"type":"calm"}' "$base/api/evidence")"
assert_eq "no CSRF token: 403" 403 "$(status -X PUT -H "Origin: $base" -d '{"say":"x"}' "$base/api/plan")"
assert_eq "refusals changed nothing" "$before" "$(db_content)"

assert_eq "write the plan: 200" 200 "$(send PUT -d '{"signs":["I go quiet"," I check my phone "],"practices":["ground"],"say":"It passes."}' "$base/api/plan")"
assert_eq "kind plan" plan "$(jget "$(body)" '$.kind')"
assert_eq "trimmed" "I check my phone" "$(jget "$(body)" '$.body.signs[1]')"
assert_eq "change one part: 200" 200 "$(send PUT -d '{"people":["Sam, after 6"],"say":null}' "$base/api/plan")"
assert_eq "version 2" 2 "$(jget "$(body)" '$.version')"
assert_eq "say removed, the rest kept" people,practices,signs "$(jkeys "$(body)" '$.body')"
assert_eq "read back: 200" 200 "$(status "$base/api/plan")"
web=$(body)
check "the CLI sees the same plan" haven --json plan
assert_eq "the same record" "$(jget "$OUT" '$.plan')" "$(jget "$web" '$.plan')"
assert_eq "the same lines" "$(jget "$OUT" '$.crisis_lines')" "$(jget "$web" '$.crisis_lines')"

assert_eq "a good moment: 201" 201 "$(send POST -d '{"text":"Slow Sunday with Ana","type":"close"}' "$base/api/evidence")"
assert_eq "kept as evidence" evidence "$(jget "$(body)" '$.kind')"
assert_eq "someone stayed: 201" 201 "$(send POST -d '{"text":"Sam stayed","type":"stayed"}' "$base/api/evidence")"
assert_eq "the list: 200" 200 "$(status "$base/api/evidence")"
assert_eq "both in one list" 2 "$(jlen "$(body)" '$.evidence')"
assert_eq "with the words of kinds" "felt close" "$(jget "$(body)" '$.words.types.close')"

assert_eq "milestones: 200" 200 "$(status "$base/api/milestones")"
assert_eq "none yet" 0 "$(jlen "$(body)" '$.milestones')"
assert_eq "with words" Milestones "$(jget "$(body)" '$.words.milestones_title')"
haven log -i 8 --at "2 days ago" --response "called twice" --protest "no answer" >/dev/null
haven log -i 5 --at "yesterday" --did breathed "late again" >/dev/null
assert_eq "one reached: 200" 200 "$(status "$base/api/milestones")"
assert_eq "the soothing one" first-soothing "$(jget "$(body)" '$.milestones[0].id')"
assert_eq "new" 1 "$(jget "$(body)" '$.milestones[0].new')"
assert_eq "seen without a token: 403" 403 "$(status -X POST -H "Origin: $base" "$base/api/milestones/seen")"
assert_eq "seen: 200" 200 "$(send POST "$base/api/milestones/seen")"
assert_eq "then: 200" 200 "$(status "$base/api/milestones")"
assert_eq "no longer new" 0 "$(jget "$(body)" '$.milestones[0].new')"
assert_eq "seen again adds nothing" 200 "$(send POST "$base/api/milestones/seen")"
check "one shown mark" haven export
assert_eq "one milestone record" 1 "$(printf '%s\n' "$OUT" | grep -c '"kind":"milestone"')"

haven log -i 9 --at "today" "a hard one" >/dev/null
haven log -i 7 --at "today" "and another" >/dev/null
assert_eq "the plan: 200" 200 "$(status "$base/api/plan")"
assert_eq "now running hot" 1 "$(jget "$(body)" '$.hot')"

assert_eq "crisis words in the plan: help" 200 "$(send PUT -d '{"say":"I want to kill myself"}' "$base/api/plan")"
assert_eq "the notice" 1 "$(jget "$(body)" '$.crisis')"
serve_stop
done_testing
