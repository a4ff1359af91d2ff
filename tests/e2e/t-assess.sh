# t-assess.sh — `haven assess`: the guide's self-reflection taken twice and
# its history, scoring instrument files without saving, targets, installed
# instruments travelling through export/import, the broken-file corpus, and
# the terminal walk with skip, back, stop and resume.
. "$E2E_DIR/lib.sh"

FIX=$E2E_DIR/../fixtures/instruments
FIX=$(cd "$FIX" && pwd)

first="a1=4,a2=4,a3=3,a4=2,a5=1,a6=2,a7=2,a8=3,a9=5,a10=4,a11=3,a12=4,d1=2,d2=2,d3=3,d4=3,d5=4,d6=4,d7=3,d8=4,d9=1,d10=2,d11=2,d12=3,d13=3,d14=3,d15=4,d16=4"
second="a1=2,a2=3,a3=2,a4=2,a5=1,a6=2,a7=2,a8=3,a9=3,a10=2,a11=3,a12=4,d1=3,d2=3,d3=3,d4=3,d5=4,d6=4,d7=3,d8=4,d9=3,d10=3,d11=3,d12=3,d13=3,d14=3,d15=4,d16=4"

# --- the list --------------------------------------------------------------
check "assess lists instruments" haven assess
assert_contains "the guide is listed" "$OUT" "guide"
assert_contains "the list says what scores are not" "$OUT" "not a diagnosis"
check "assess --json" haven assess --json
assert_eq "--json: the guide first" guide "$(jget "$OUT" '$.instruments[0].id')"
assert_eq "--json: 28 scored items" 28 "$(jget "$OUT" '$.instruments[0].items')"
assert_eq "--json: no results yet" 0 "$(jlen "$OUT" '$.results')"

# --- incomplete answers are refused, and change nothing -----------------------
before=$(db_hash)
check_fails 2 "incomplete answers: exit 2" haven assess take guide --answers a1=4,a2=3
assert_contains "the missing items are listed" "$ERR" "a3, a4, a5"
assert_contains "…all of them" "$ERR" "d16"
assert_eq "nothing was saved" "$before" "$(db_hash)"
check_fails 2 "an answer off the scale" haven assess take guide --answers "${first/a1=4/a1=6}"
assert_contains "off the scale: says the range" "$ERR" "from 1 to 5"
check_fails 2 "an unknown item" haven assess take guide --answers "$first,z9=1"
assert_contains "unknown item named" "$ERR" '"z9"'
assert_contains "unknown item: the item ids are listed" "$ERR" "its items are a1–a12, d1–d16"
check_fails 2 "a numbered item id on the guide" haven assess take guide --answers 1=4
assert_contains "numbered item: the item ids are listed" "$ERR" "a1–a12, d1–d16"
check_fails 2 "not ITEM=ANSWER" haven assess take guide --answers 4
assert_contains "not ITEM=ANSWER: the example is a real item" "$ERR" "for example a1=5"
check_fails 2 "show without an id" haven assess show
assert_contains "show without an id: says what it needs" "$ERR" "give one result id"
check_fails 2 "history of two instruments" haven assess history guide ecr-r
assert_contains "history of two: says what it needs" "$ERR" "give one instrument id"
check "help assess" haven help assess
assert_contains "help assess: a real example" "$OUT" "--answers a1=4,a2=3"
assert_not_contains "help assess: no numbered example" "$OUT" "1=4,2=3"
check_fails 2 "no terminal and no answers" haven assess take guide
assert_contains "says how to answer without a terminal" "$ERR" "--answers"
check_fails 2 "an unknown instrument" haven assess take nosuch --answers 1=1
assert_contains "names the instruments there are" "$ERR" "guide"

# --- taken twice, at different dates ----------------------------------------
check "first result, on 1 Dec" haven assess take guide --answers "$first" --at "2025-12-01 09:00" \
	--reflect b1="the same arc, twice" --json
r1=$OUT
assert_match "the result has an id" "$UUID_RE" "$(jget "$r1" '$.id')"
assert_eq "taken when --at says" 2025-12-01T09:00:00.000Z "$(jget "$r1" '$.taken')"
assert_eq "feelings 13/4" 3.25 "$(jget "$r1" '$.subscales[0].score')"
assert_eq "feelings: tendencies here" "tendencies here" "$(jget "$r1" '$.subscales[0].band.name')"
assert_eq "conflict 8/4" 2.0 "$(jget "$r1" '$.subscales[1].score')"
assert_eq "actions 16/4" 4.0 "$(jget "$r1" '$.subscales[2].score')"
assert_eq "trust (part D) 10/4" 2.5 "$(jget "$r1" '$.subscales[3].score')"
assert_eq "part D points toward security" "more secure" "$(jget "$r1" '$.subscales[3].higher_means')"
assert_contains "the result says it is not a diagnosis" "$(jget "$r1" '$.note')" "not a diagnosis"
assert_eq "flagged areas: feelings, actions, trust, support" feelings,actions,trust,support \
	"$(jmap "$r1" '$.practices' subscale | paste -sd, -)"
assert_contains "feelings points to a practice, by its action" "$(jget "$r1" '$.practices[0].practices')" '"do":"log"'
assert_contains "trust: times people stayed are kept with evidence" "$(jget "$r1" '$.practices[2].practices')" \
	'{"do":"evidence","why":"keep the times people stayed'
assert_contains "the pointer to good moments leads to where they are kept" \
	"$(sqlite3 :memory: "SELECT json_extract(readfile('$E2E_DIR/../../data/assess.json'), '\$.practices.\"guide/kindness\"')")" \
	'{"do":"evidence","why":"keep good moments'
check "the result's screen" haven assess show "$(jget "$r1" '$.id')"
assert_contains "the screen names a practice's action as its command" "$OUT" "haven evidence"
# Every practice an area points to is an action the command line has as a command.
for c in $(sqlite3 :memory: "SELECT DISTINCT json_extract(p.value, '\$.do') FROM
	json_each(readfile('$E2E_DIR/../../data/assess.json'), '\$.practices') AS a,
	json_each(a.value) AS p"); do
	check "the result's pointer \"haven $c\" is a command" haven help "$c"
done
for area in trust kindness support; do
	assert_not_contains "$area: no journal pointer for what the journal does not keep" \
		"$(sqlite3 :memory: "SELECT json_extract(readfile('$E2E_DIR/../../data/assess.json'), '\$.practices.\"guide/$area\"')")" \
		'"do":"journal"'
done
id1=$(jget "$r1" '$.id')

check "second result, human screen" haven assess take guide --answers "$second" --at "2026-01-05 09:00"
assert_contains "the screen says it is a reflection" "$OUT" "This is a reflection, not a diagnosis"
# One line about what a result is not, never a stack of them (issue 21).
disclaimers() { printf '%s\n' "$1" | grep -ciE 'not a diagnosis|not a type|not a grade|not a test'; }
assert_eq "the result screen says what it is not once" 1 "$(disclaimers "$OUT")"
ends_on_id() { printf '%s\n' "$1" | tail -n 1 | grep -Eq '[0-9a-f]{8}\)?$'; }
assert_false "the result screen ends on what to do, not an id" ends_on_id "$OUT"
assert_contains "the screen points to a practice" "$OUT" "haven coach"
assert_contains "the screen says which way part D points" "$OUT" "higher means more secure"
assert_not_contains "no label of the person" "$OUT" "Your type"
assert_not_contains "no label of the person (2)" "$OUT" "You are anxious"

check "…as a record of kind assessment" haven export
line=$(printf '%s\n' "$OUT" | grep "\"$id1\"")
assert_eq "export: kind" assessment "$(jget "$line" '$.kind')"
assert_eq "export: 28 answers" 28 "$(jkeys "$line" '$.body.answers' | tr , '\n' | wc -l)"
assert_eq "export: the reflection is kept" "the same arc, twice" "$(jget "$line" '$.body.reflections.b1')"

# --- history ------------------------------------------------------------------
check "history --json" haven assess history guide --json
h=$OUT
assert_eq "history: two results" 2 "$(jget "$h" '$.results')"
assert_eq "history: a series per subscale" 7 "$(jlen "$h" '$.series')"
assert_eq "history: feelings first" feelings "$(jget "$h" '$.series[0].subscale')"
assert_eq "history: both points" 2 "$(jlen "$h" '$.series[0].points')"
assert_eq "history: oldest first" 2025-12-01T09:00:00.000Z "$(jget "$h" '$.series[0].points[0].taken')"
assert_eq "history: then the second" 2026-01-05T09:00:00.000Z "$(jget "$h" '$.series[0].points[1].taken')"
assert_eq "history: feelings 3.25 then 2.25" "3.25 2.25" \
	"$(jget "$h" '$.series[0].points[0].score') $(jget "$h" '$.series[0].points[1].score')"
assert_eq "history: change since the first" -1.0 "$(jget "$h" '$.series[0].change_since_first')"
assert_eq "history: change since the previous" -1.0 "$(jget "$h" '$.series[0].change_since_previous')"
assert_eq "history: the first point has no change" null "$(jtype "$h" '$.series[0].points[0].change_since_first')"
assert_eq "history: support (part D) rose by 1" 1.0 "$(jget "$h" '$.series[5].change_since_first')"
assert_eq "history: an unchanged area shows 0" 0.0 "$(jget "$h" '$.series[1].change_since_first')"
check "history, human" haven assess history guide
assert_contains "history shows the change" "$OUT" "-1.00 since the previous"
assert_contains "history says what it is not" "$OUT" "not a diagnosis"
assert_eq "history says it once" 1 "$(disclaimers "$OUT")"

# --- score a file without saving -------------------------------------------
before=$(db_hash)
check "score ECR-S-keyed file" haven assess score "$FIX/ecr-s.json" \
	--answers 1=4,2=5,3=4,4=5,5=4,6=2,7=4,8=4,9=4,10=4,11=4,12=5 --json
assert_eq "score: the keys of the JSON" subscales "$(jkeys "$OUT")"
assert_eq "score: anxiety 25/6 rounded" 4.17 "$(jget "$OUT" '$.subscales[0].score')"
assert_eq "score: anxiety id" anxiety "$(jget "$OUT" '$.subscales[0].id')"
assert_eq "score: avoidance (reverse keys) 4.0" 4.0 "$(jget "$OUT" '$.subscales[1].score')"
assert_eq "score: no band" null "$(jtype "$OUT" '$.subscales[0].band')"
assert_eq "score saved nothing" "$before" "$(db_hash)"
ecrr=$(for i in $(seq 1 36); do printf '%d=%d,' "$i" $(((i - 1) % 7 + 1)); done)
check "score ECR-R-keyed file" haven assess score "$FIX/ecr-r.json" --json --answers "${ecrr%,}"
assert_eq "ECR-R anxiety 70/18" 3.89 "$(jget "$OUT" '$.subscales[0].score')"
assert_eq "ECR-R avoidance 71/18" 3.94 "$(jget "$OUT" '$.subscales[1].score')"
check_fails 2 "ECR-RS needs --target" haven assess score "$FIX/ecr-rs.json" --answers 1=1
assert_contains "the targets are listed" "$ERR" "mother, father, partner, best-friend"
check "ECR-RS with a target" haven assess score "$FIX/ecr-rs.json" --target mother \
	--answers 1=1,2=2,3=3,4=4,5=5,6=6,7=7,8=1,9=2 --json
assert_eq "ECR-RS avoidance 33/6" 5.5 "$(jget "$OUT" '$.subscales[1].score')"
assert_eq "ECR-RS anxiety 10/3" 3.33 "$(jget "$OUT" '$.subscales[0].score')"

# --- every broken file is refused, naming the file and the place ---------------
while IFS="$(printf '\t')" read -r file want; do
	case $file in '#'* | '') continue ;; esac
	check_fails 1 "broken $file is refused" haven assess add "$FIX/broken/$file"
	assert_contains "broken $file: names the file" "$ERR" "$FIX/broken/$file"
	assert_contains "broken $file: says what is wrong" "$ERR" "$want"
done <"$FIX/broken/EXPECT"

# --- an installed instrument, taken per target, travels with export ------------
check "add an ECR-RS-keyed file" haven assess add "$FIX/ecr-rs.json"
assert_contains "add says how to take it" "$OUT" "haven assess take test-ecr-rs"
check "take it for mother" haven assess take test-ecr-rs --target mother \
	--answers 1=1,2=2,3=3,4=4,5=5,6=6,7=7,8=1,9=2 --at "2026-01-02" --json
assert_eq "the result carries its target" mother "$(jget "$OUT" '$.target')"
check "take it for partner" haven assess take test-ecr-rs --target partner \
	--answers 1=7,2=7,3=7,4=7,5=7,6=7,7=7,8=7,9=7 --json
check_fails 2 "a target the instrument lacks" haven assess take test-ecr-rs --target cousin \
	--answers 1=7,2=7,3=7,4=7,5=7,6=7,7=7,8=7,9=7
check "history per target" haven assess history test-ecr-rs --json
assert_eq "one series per target and subscale" 4 "$(jlen "$OUT" '$.series')"
assert_eq "mother first" mother "$(jget "$OUT" '$.series[0].target')"
assert_eq "partner avoidance all-7s is 3.0" 3.0 "$(jget "$OUT" '$.series[3].latest')"
sed 's/"test-ecr-s"/"guide"/' "$FIX/ecr-s.json" >guide-copy.json
check_fails 2 "a built-in id cannot be replaced" haven assess add guide-copy.json
assert_contains "…and says why" "$ERR" "built-in"

check "export everything" haven export -o all.jsonl
check "import into a fresh database" env HAVEN_DB="$T/other.db" "$HAVEN" import all.jsonl
check "the installed instrument came along" env HAVEN_DB="$T/other.db" "$HAVEN" assess history test-ecr-rs --json
assert_eq "…with its results" 2 "$(jget "$OUT" '$.results')"
check "the guide's history came along" env HAVEN_DB="$T/other.db" "$HAVEN" assess history guide --json
assert_eq "…the same change" -1.0 "$(jget "$OUT" '$.series[0].change_since_first')"

# --- one item at a time on a terminal, stopped and resumed ------------------------
if command -v script >/dev/null 2>&1; then
	export HAVEN_DB=$T/walk.db
	# 4, 3, skip, back, 2, then stop: three answers saved.
	printf '43sb2q' >keys
	RUN_STDIN=keys run script -qec "$HAVEN assess take guide" /dev/null
	assert_eq "terminal walk: stops cleanly" 0 "$RC"
	assert_contains "terminal walk: says it is saved" "$OUT" "haven assess resume"
	check "the unfinished result is listed" haven assess --json
	assert_eq "…as unfinished" 0 "$(jget "$OUT" '$.results[0].complete')"
	check "…with the answers given so far" haven export
	assert_eq "answers a1, a2, a3 (back, then 2)" '{"a1":4,"a2":3,"a3":2}' \
		"$(jget "$(printf '%s\n' "$OUT" | grep assessment)" '$.body.answers')"
	# The terminal is gone; resume in a new process, with the rest of the answers.
	check_fails 2 "resume with too few answers" haven assess resume --answers a4=1
	assert_contains "resume lists what is still missing" "$ERR" "a5"
	check "resume with the rest" haven assess resume --json --answers \
		"a4=2,a5=1,a6=2,a7=2,a8=3,a9=5,a10=4,a11=3,a12=4,d1=2,d2=2,d3=3,d4=3,d5=4,d6=4,d7=3,d8=4,d9=1,d10=2,d11=2,d12=3,d13=3,d14=3,d15=4,d16=4"
	assert_eq "resumed: feelings 4+3+2+2" 2.75 "$(jget "$OUT" '$.subscales[0].score')"
	check_fails 1 "nothing left to resume" haven assess resume --answers a1=1
	assert_contains "says how to start one" "$ERR" "haven assess take"
else
	_e2e_fail "script(1) is needed for the terminal walk" "scripts/install-deps.sh installs it (bsdutils)"
fi

done_testing
