# t-web-practice.sh — the web API for practices, the soothing toolkit,
# check-ins and the self-assessment, with curl against a running server:
# the same schedule JSON as the CLI's --script --json, the same checks and
# messages, writes refused without the CSRF token, an assessment taken
# answer by answer and resumed, and the history chart as SVG.
. "$E2E_DIR/lib.sh"

unset HAVEN_NOW # the server's own clock
serve_start

send_type=application/json

# --- the schedule is the library's, byte for byte in meaning --------------
assert_eq "schedule: 200" 200 "$(status "$base/api/practices/schedule?technique=breathe-box&rounds=2")"
web=$(body)
check "the CLI's script" haven breathe box --rounds 2 --script --json
assert_eq "the same phases as --script --json" "$(jget "$OUT" '$.phases')" "$(jget "$web" '$.phases')"
assert_eq "fast pace: 200" 200 "$(status "$base/api/practices/schedule?technique=breathe-478&pace=0.05&minutes=1")"
check "the CLI at the same options" haven breathe 478 --pace 0.05 --minutes 1 --script --json
assert_eq "minutes and pace agree too" "$(jget "$OUT" '$.phases')" "$(jget "$(body)" '$.phases')"
assert_eq "unknown technique: 400" 400 "$(status "$base/api/practices/schedule?technique=yoga")"
assert_contains "with the library's message" "$(body)" 'unknown practice \"yoga\": choose from'
assert_eq "a pace that is not a number: 400" 400 "$(status "$base/api/practices/schedule?technique=breathe-box&pace=fast")"
assert_contains "says so" "$(body)" "pace must be a number above 0"
assert_eq "rounds that are not a whole number: 400" 400 "$(status "$base/api/practices/schedule?technique=breathe-box&rounds=two")"
assert_contains "the CLI's words" "$(body)" "rounds must be a whole number from 1 to 1000"
assert_eq "rounds for grounding: 400" 400 "$(status "$base/api/practices/schedule?technique=ground&rounds=2")"
assert_contains "the library's words" "$(body)" "rounds apply to breathing only"

# --- writes need the CSRF token -------------------------------------------
before=$(db_content)
assert_eq "a check-in without the token: 403" 403 "$(status -X POST -H "Origin: $base" -d '{"distress":5}' "$base/api/checkins")"
assert_eq "a practice without the token: 403" 403 "$(status -X POST -H "Origin: $base" -d '{}' "$base/api/practices")"
assert_eq "an answer from another origin: 403" 403 "$(status -X PATCH -H "Origin: http://evil.example" -H "X-CSRF-Token: $csrf" -d '{}' "$base/api/assess/results/x")"
assert_eq "refused writes changed nothing" "$before" "$(db_content)"

# --- practices --------------------------------------------------------------
assert_eq "a practice record: 201" 201 "$(send POST -d '{"technique":"breathe-box","planned_seconds":1.6,"actual_seconds":1.6,"completed":true,"distress_before":6,"distress_after":3,"pace":0.05,"rounds":2}' "$base/api/practices")"
assert_eq "kind practice" practice "$(jget "$(body)" '$.kind')"
assert_eq "a rating off the scale: 400" 400 "$(send POST -d '{"technique":"breathe-box","planned_seconds":1,"actual_seconds":1,"completed":true,"distress_after":11}' "$base/api/practices")"
assert_contains "the CLI's message" "$(body)" "distress_after must be a whole number from 0 to 10"
check "the CLI sees the web's practice" haven practices --json
assert_eq "one practice" 1 "$(jget "$OUT" '$.practices')"
assert_eq "of box breathing" breathe-box "$(jget "$OUT" '$.techniques[0].technique')"

# --- the soothing toolkit ----------------------------------------------------
assert_eq "empty toolkit: pick is 404" 404 "$(status "$base/api/soothe/pick")"
assert_contains "with the library's advice" "$(body)" "toolkit is empty"
assert_eq "add: 201" 201 "$(send POST -d '{"group":"mind","text":"  a favourite song "}' "$base/api/soothe")"
item=$(jget "$(body)" '$.id')
assert_eq "the text cleaned" "a favourite song" "$(jget "$(body)" '$.body.text')"
assert_eq "a group that does not exist: 400" 400 "$(send POST -d '{"group":"soul","text":"x"}' "$base/api/soothe")"
assert_contains "the library's message" "$(body)" "group must be body, feelings or mind"
assert_eq "pick: 200" 200 "$(status "$base/api/soothe/pick")"
check "the CLI lists it" haven soothe --json
assert_eq "one item" 1 "$(jlen "$OUT")"
assert_eq "remove: 200" 200 "$(send DELETE "$base/api/soothe/$item")"
assert_eq "remove again: 404" 404 "$(send DELETE "$base/api/soothe/$item")"

# --- check-ins ----------------------------------------------------------------
assert_eq "a check-in: 201" 201 "$(send POST -d '{"distress":4,"note":"steadier"}' "$base/api/checkins")"
assert_eq "without distress: 400" 400 "$(send POST -d '{"note":"hm"}' "$base/api/checkins")"
assert_contains "says it is required" "$(body)" "distress is required"
assert_eq "list: 200" 200 "$(status "$base/api/checkins")"
assert_eq "one check-in" 1 "$(jlen "$(body)")"
check "the CLI sees it" haven checkin --list --json
assert_eq "with its note" steadier "$(jget "$OUT" '$[0].body.note')"

# --- the self-assessment, answer by answer --------------------------------------
assert_eq "begin: 201" 201 "$(send POST -d '{"instrument":"guide"}' "$base/api/assess/results")"
rid=$(jget "$(body)" '$.id')
assert_eq "not complete" 0 "$(jget "$(body)" '$.body.complete')"
assert_eq "an unknown instrument: 400, as the CLI exits 2" 400 "$(send POST -d '{"instrument":"nope"}' "$base/api/assess/results")"
assert_eq "one answer: 200" 200 "$(send PATCH -d '{"answers":{"a1":4},"position":1}' "$base/api/assess/results/$rid")"
assert_eq "saved at once" 4 "$(jget "$(body)" '$.body.answers.a1')"
assert_eq "off the scale: 400" 400 "$(send PATCH -d '{"answers":{"a2":6}}' "$base/api/assess/results/$rid")"
assert_contains "the CLI's message" "$(body)" "the answer to item a2 must be a whole number from 1 to 5"
assert_eq "a prompt that does not exist: 400" 400 "$(send PATCH -d '{"reflections":{"zz":"x"}}' "$base/api/assess/results/$rid")"
assert_eq "the newest unfinished: 200" 200 "$(status "$base/api/assess/unfinished")"
assert_eq "is this one" "$rid" "$(jget "$(body)" '$.id')"
all='"a2":4,"a3":4,"a4":4,"a5":2,"a6":2,"a7":2,"a8":2,"a9":3,"a10":3,"a11":3,"a12":3'
for i in $(seq 1 16); do all="$all,\"d$i\":4"; done
assert_eq "the rest: 200" 200 "$(send PATCH -d "{\"answers\":{$all}}" "$base/api/assess/results/$rid")"
assert_eq "now complete" 1 "$(jget "$(body)" '$.body.complete')"
assert_eq "with the scored result" 4.0 "$(jget "$(body)" '$.result.subscales[0].score')"
assert_contains "which says what it is not" "$(jget "$(body)" '$.result.note')" "not a diagnosis"
assert_eq "a finished one takes no more answers: 400" 400 "$(send PATCH -d '{"answers":{"a1":1}}' "$base/api/assess/results/$rid")"
assert_eq "history: 200" 200 "$(status "$base/api/assess/guide/history")"
assert_eq "one result" 1 "$(jget "$(body)" '$.results')"
assert_eq "the chart: 200" 200 "$(curl -s -o "$T/chart.svg" -w '%{http_code}' -b "$cookie" "$base/api/assess/guide/history.svg")"
assert_match "an SVG" '^<svg ' "$(head -c 5 "$T/chart.svg")"
assert_contains "with a title" "$(cat "$T/chart.svg")" "scores over time</title>"
assert_eq "unknown instrument chart: 400" 400 "$(status "$base/api/assess/nope/history.svg")"

serve_stop
assert_eq "the server stops cleanly" 0 "$?"
check "the CLI's history sees the web's answers" haven assess history guide --json
assert_eq "feelings 4" 4.0 "$(jget "$OUT" '$.series[0].latest')"

done_testing
