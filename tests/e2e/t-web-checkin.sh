# t-web-checkin.sh — the check-in routes of the web API with the day's
# factors (issue 18): POST /api/checkins takes the same fields as the CLI
# (and the old distress-and-note shape still), GET /api/checkins/factors
# gives the factors, the person's own and the last answers, POST
# /api/checkins/factors adds one; bad input gets the library's message, a
# 400, and changes nothing.
. "$E2E_DIR/lib.sh"

unset HAVEN_NOW # the server's own clock
serve_start
send_type=application/json

assert_eq "the old shape still: 201" 201 "$(send POST -d '{"distress":4,"note":"steadier"}' "$base/api/checkins")"
assert_eq "factors: 201" 201 "$(send POST -d '{"factors":{"mood":6,"sleep":7.5,"caffeine":2}}' "$base/api/checkins")"
assert_eq "kept as sent" 7.5 "$(jget "$(body)" '$.body.factors.sleep')"
assert_eq "with distress and a note: 201" 201 "$(send POST -d '{"distress":3,"factors":{"safe_people":1.5,"movement":40},"note":"a walk with Ana"}' "$base/api/checkins")"

before=$(db_content)
assert_eq "mood out of range: 400" 400 "$(send POST -d '{"factors":{"mood":11}}' "$base/api/checkins")"
assert_contains "named" "$(body)" "mood must be a whole number from 0 to 10"
assert_eq "sleep as text: 400" 400 "$(send POST -d '{"factors":{"sleep":"7"}}' "$base/api/checkins")"
assert_contains "named" "$(body)" "sleep must be a number of hours"
assert_eq "an unknown factor: 400" 400 "$(send POST -d '{"factors":{"coffee":2}}' "$base/api/checkins")"
assert_contains "named" "$(body)" 'unknown factor \"coffee\"'
assert_eq "an own factor not added: 400" 400 "$(send POST -d '{"own":{"therapy day":true}}' "$base/api/checkins")"
assert_contains "named" "$(body)" 'unknown factor \"therapy day\"'
assert_eq "own factor not yes or no: 400" 400 "$(send POST -d '{"own":{"x":"yes"}}' "$base/api/checkins")"
assert_eq "factors not an object: 400" 400 "$(send POST -d '{"factors":[6]}' "$base/api/checkins")"
assert_eq "nothing at all: 400" 400 "$(send POST -d '{}' "$base/api/checkins")"
assert_eq "a factor without a name: 400" 400 "$(send POST -d '{"title":"gym"}' "$base/api/checkins/factors")"
assert_contains "a factor without a name: says the shape" "$(body)" 'give the factor as {\"name\": text}'
assert_eq "a name of two lines: 400" 400 "$(send POST -d '{"name":"a\nb"}' "$base/api/checkins/factors")"
assert_eq "no CSRF token: 403" 403 "$(status -X POST -H "Origin: $base" -d '{"name":"gym"}' "$base/api/checkins/factors")"
assert_eq "refusals changed nothing" "$before" "$(db_content)"

assert_eq "add an own factor: 201" 201 "$(send POST -d '{"name":"Therapy day"}' "$base/api/checkins/factors")"
assert_eq "kind checkin-factor" checkin-factor "$(jget "$(body)" '$.kind')"
assert_eq "twice: 400" 400 "$(send POST -d '{"name":"therapy day"}' "$base/api/checkins/factors")"
assert_contains "says so" "$(body)" "already have"
assert_eq "now a check-in may say it: 201" 201 "$(send POST -d '{"own":{"therapy day":true},"factors":{"anxiety":5}}' "$base/api/checkins")"
assert_eq "under its own spelling" 1 "$(jget "$(body)" '$.body.own."Therapy day"')"

assert_eq "the factors: 200" 200 "$(status "$base/api/checkins/factors")"
f=$(body)
assert_eq "mood first, from the data" mood "$(jget "$f" '$.factors[0].id')"
assert_eq "with its range" 10 "$(jget "$f" '$.factors[0].max')"
assert_eq "the own one" "Therapy day" "$(jget "$f" '$.own[0].name')"
assert_eq "the last mood" 6 "$(jget "$f" '$.last.factors.mood')"
assert_eq "the last anxiety" 5 "$(jget "$f" '$.last.factors.anxiety')"
check "the CLI sees the same" haven --json checkin --list
assert_eq "four check-ins" 4 "$(jlen "$OUT")"

assert_eq "crisis words in a factor's name: help" 201 "$(send POST -d '{"name":"I want to kill myself"}' "$base/api/checkins/factors")"
assert_eq "the notice" 1 "$(jget "$(body)" '$.crisis')"

done_testing
