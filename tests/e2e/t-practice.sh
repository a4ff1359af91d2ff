# t-practice.sh — the regulation practices, run for real without a
# terminal: schedules printed by --script, a guided breath saved with its
# ratings, every other practice at a fast pace, the pause's answers, the
# per-technique summary, Ctrl-C (SIGINT) mid-practice, the soothing toolkit,
# and export/import of the new kinds.
. "$E2E_DIR/lib.sh"

# --- --script: the schedule, computed, nothing run -------------------------
check "breathe box --rounds 2 --script --json" haven breathe box --rounds 2 --script --json
s=$OUT
assert_eq "script: only a phases list" phases "$(jkeys "$s")"
assert_eq "script: 8 phases" 8 "$(jlen "$s" '$.phases')"
assert_eq "script: a phase has name, start, duration" name,start,duration "$(jkeys "$s" '$.phases[0]')"
assert_eq "script: phase order" "in hold out hold in hold out hold" "$(jmap "$s" '$.phases' name | tr '\n' ' ' | sed 's/ $//')"
assert_eq "script: starts every 4 s" "0 4 8 12 16 20 24 28" "$(jmap "$s" '$.phases' start | tr '\n' ' ' | sed 's/ $//')"
assert_eq "script: each lasts 4 s" "4 4 4 4 4 4 4 4" "$(jmap "$s" '$.phases' duration | tr '\n' ' ' | sed 's/ $//')"
assert_eq "script: start is an integer" integer "$(jtype "$s" '$.phases[1].start')"
assert_eq "--script touches no database" absent "$(db_hash)"

check "478 --rounds 3 --script --json" haven --json breathe 478 --rounds 3 --script
assert_eq "478 x3: 9 phases" 9 "$(jlen "$OUT" '$.phases')"
assert_eq "478 x3: the last phase starts at 49" 49 "$(jget "$OUT" '$.phases[8].start')"
assert_eq "478 x3: and lasts 8 (3 x 19 s in all)" 8 "$(jget "$OUT" '$.phases[8].duration')"
check "default breathe is 4 rounds of 4-7-8" haven breathe --script --json
assert_eq "default: 12 phases" 12 "$(jlen "$OUT" '$.phases')"
assert_eq "default: ends at 76 s" 68 "$(jget "$OUT" '$.phases[11].start')"
check "coherent --minutes 1 --script" haven breathe coherent --minutes 1 --script --json
assert_eq "coherent 1 min: 6 rounds, 12 phases" 12 "$(jlen "$OUT" '$.phases')"
check "three at pace 0.05 --script" haven breathe three --pace 0.05 --script --json
assert_eq "pace 0.05: fractional seconds" 0.2 "$(jget "$OUT" '$.phases[1].start')"
assert_eq "pace 0.05: a real, not an integer" real "$(jtype "$OUT" '$.phases[1].start')"
check "relax --script --json" haven relax --script --json
assert_eq "relax: 20 phases" 20 "$(jlen "$OUT" '$.phases')"
assert_eq "relax: tense the feet first" "tense feet 5" "$(jget "$OUT" '$.phases[0].name') $(jget "$OUT" '$.phases[0].step') $(jget "$OUT" '$.phases[0].duration')"
assert_eq "relax: then a longer release" "release 10" "$(jget "$OUT" '$.phases[1].name') $(jget "$OUT" '$.phases[1].duration')"
check "pause --minutes 0.02 --script" haven pause --minutes 0.02 --script --json
assert_eq "pause: 7 steps" 7 "$(jlen "$OUT" '$.phases')"
check "human --script lists the phases" haven breathe box --rounds 1 --script
assert_contains "human script names the practice" "$OUT" "box breathing"
assert_eq "human script: a line per phase plus a title" 5 "$(printf '%s\n' "$OUT" | wc -l)"

# --- a real practice, as the issue asks ----------------------------------------
check "breathe three --pace 0.05 --before 7 --after 4" \
	haven breathe three --pace 0.05 --before 7 --after 4
assert_eq "one line per phase (6 phases)" 6 "$(printf '%s\n' "$OUT" | grep -c -E '^(round [0-9] of 3 · )?(in|out) \([0-9]+\): ')"
assert_false "no escape codes without a terminal" grep -q $'\033' "$_E2E_OUT"
assert_contains "it says it is done" "$OUT" "Done."

check "practices --json" haven practices --json
assert_eq "practices: one in all" 1 "$(jget "$OUT" '$.practices')"
assert_eq "practices: breathe-three" breathe-three "$(jget "$OUT" '$.techniques[0].technique')"
assert_eq "practices: rated once" 1 "$(jget "$OUT" '$.techniques[0].rated')"
assert_eq "practices: no effect from one rating" null "$(jtype "$OUT" '$.techniques[0].mean_change')"
assert_contains "practices: says there is not enough yet" "$(jget "$OUT" '$.techniques[0].sentence')" "1 rated so far"
check "practices, for people, after one" haven practices
assert_contains "practices: one practice is done once" "$OUT" "once, "
assert_not_contains "practices: never \"1 times\"" "$OUT" "1 times"

check "export holds the practice" haven export
rec=$(printf '%s\n' "$OUT" | grep '"kind":"practice"')
assert_eq "export: one practice record" 1 "$(printf '%s\n' "$rec" | grep -c .)"
assert_eq "record: technique" breathe-three "$(jget "$rec" '$.body.technique')"
assert_eq "record: planned 1.5 s" 1.5 "$(jget "$rec" '$.body.planned_seconds')"
assert_eq "record: completed" true "$(jtype "$rec" '$.body.completed')"
assert_eq "record: distress before" 7 "$(jget "$rec" '$.body.distress_before')"
assert_eq "record: distress after" 4 "$(jget "$rec" '$.body.distress_after')"
assert_eq "record: rounds" 3 "$(jget "$rec" '$.body.rounds')"
assert_eq "record: pace" 0.05 "$(jget "$rec" '$.body.pace')"
assert_match "record: actual seconds is a number" '^(integer|real)$' "$(jtype "$rec" '$.body.actual_seconds')"
assert_eq "record: a finished practice ran at least as planned" 1 \
	"$(sqlite3 :memory: "SELECT $(jget "$rec" '$.body.actual_seconds') >= 1.5")"
assert_eq "record: these fields and no others" \
	actual_seconds,completed,distress_after,distress_before,pace,planned_seconds,rounds,technique \
	"$(jkeys "$rec" '$.body')"

# --json: the record on stdout, the guidance on stderr
check "breathe --json" haven --json breathe three --pace 0.01 --before 5 --after 3
assert_eq "--json: stdout is the record" practice "$(jget "$OUT" '$.kind')"
assert_contains "--json: guidance went to stderr" "$ERR" "in (4)"

# --- three rated practices: now an effect may be named ----------------------
check "a third rated three-breaths" haven breathe three --pace 0.01 --before 8 --after 5
check "practices --json after three ratings" haven practices --json
assert_eq "three rated" 3 "$(jget "$OUT" '$.techniques[0].rated')"
assert_eq "enough now" true "$(jtype "$OUT" '$.techniques[0].enough')"
assert_eq "mean change (−3 −2 −3)/3" -2.7 "$(jget "$OUT" '$.techniques[0].mean_change')"
assert_eq "the plain sentence" \
	"Three conscious breaths lowered your distress by 2.7 points on average over 3 practices." \
	"$(jget "$OUT" '$.techniques[0].sentence')"
check "practices, for people" haven practices
assert_contains "human practices: the sentence" "$OUT" "lowered your distress by 2.7 points"
assert_match "human practices: three are \"3 times\"" "3 times, [0-9.]+ min, mean change -2.7 over 3 rated" "$OUT"
assert_contains "human practices: what it is not" "$OUT" "not how well you did"

check "a journal entry beside the practices" haven log -i 5 --recovered 20 "a slow reply"
check "insights --json" haven insights --json
assert_eq "insights: a practices section" 3 "$(jget "$OUT" '$.practices.practices')"
assert_eq "insights: per technique" breathe-three "$(jget "$OUT" '$.practices.techniques[0].technique')"
check "insights, for people" haven insights
assert_contains "insights: a practices heading" "$OUT" "Practices"
assert_contains "insights: the practice sentence" "$OUT" "Three conscious breaths lowered your distress by 2.7 points"
check "help lists the practices" haven --help
for c in breathe ground relax scan tipp pause soothe practices; do
	assert_match "help lists $c" "(^| )$c( |$)" "$OUT"
done
check "help breathe names the exit status on Ctrl-C" haven help breathe
assert_contains "help breathe: 130" "$OUT" "130"

# --- every other practice, fast ----------------------------------------------
check "relax --pace 0.01" haven relax --pace 0.01 --before 6 --after 5
assert_eq "relax: 20 lines of tense/release" 20 "$(printf '%s\n' "$OUT" | grep -c -E '^(tense|release) ')"
assert_contains "relax: from the feet" "$(printf '%s\n' "$OUT" | grep -m1 tense)" "tense feet (5)"
check "scan --pace 0.01" haven scan --pace 0.01
assert_eq "scan: 10 regions" 10 "$(printf '%s\n' "$OUT" | grep -c -E '^[a-z]+ \(12\): ')"
check "tipp --pace 0.02" haven tipp --pace 0.02
for step in temperature intense-exercise paced-breathing paired-relaxation; do
	assert_contains "tipp: $step" "$OUT" "$step (15):"
done
assert_not_contains "tipp: no half a minute in a 15-count step" "$OUT" "half a minute"
assert_contains "tipp: a caution about cold water and exercise for the heart" "$OUT" \
	"With a heart condition"
assert_true "tipp: the caution comes before the first step" test \
	"$(printf '%s\n' "$OUT" | grep -n "With a heart condition" | cut -d: -f1)" -lt \
	"$(printf '%s\n' "$OUT" | grep -n "^temperature (15)" | cut -d: -f1)"
check "help tipp" haven help tipp
assert_contains "help tipp: the heart caution" "$OUT" "heart"
check "ground --pace 0.02 without a terminal" haven ground --pace 0.02
assert_eq "ground: 15 paced prompts" 15 "$(printf '%s\n' "$OUT" | grep -c -E '^(see|touch|hear|smell|taste)')"
assert_contains "ground: five seen" "$OUT" "see 5/5 (4):"
check "pause --minutes 0.02 with answers" haven --json pause --minutes 0.02 --urge-passed yes --did "  made tea instead  " --before 8 --after 3
assert_eq "pause: technique" pause "$(jget "$OUT" '$.body.technique')"
assert_eq "pause: planned 1.2 s" 1.2 "$(jget "$OUT" '$.body.planned_seconds')"
assert_eq "pause: urge passed" true "$(jtype "$OUT" '$.body.urge_passed')"
assert_eq "pause: what was done, tidied" "made tea instead" "$(jget "$OUT" '$.body.did')"
assert_contains "pause: the grounding script" "$ERR" "you are safe"
check "pause --urge-passed no" haven --json pause --minutes 0.01 --urge-passed no
assert_eq "pause: urge did not pass" false "$(jtype "$OUT" '$.body.urge_passed')"
assert_eq "pause: no ratings given, none stored" absent "$(jtype "$OUT" '$.body.distress_before')"

# --- refusals change nothing ----------------------------------------------------
before=$(db_hash)
check_fails 2 "--rounds is not for relax" haven relax --rounds 2
assert_contains "names the option" "$ERR" "--rounds"
check_fails 2 "--before 11" haven breathe box --before 11
assert_contains "names the range" "$ERR" "0 to 10"
check_fails 2 "unknown pattern" haven breathe 123
assert_contains "lists the patterns" "$ERR" "478, box, coherent or three"
check_fails 2 "--pace 0" haven breathe --pace 0
check_fails 2 "--pace 100" haven breathe --pace 100
assert_contains "--pace 100 names the range" "$ERR" "pace must be"
check_fails 2 "--minutes abc" haven pause --minutes abc
check_fails 2 "--urge-passed maybe" haven pause --urge-passed maybe
check_fails 2 "--did is only for the pause" haven breathe --did x
check_fails 2 "--rounds with --minutes" haven breathe --rounds 2 --minutes 1
check_fails 2 "a stray word" haven relax now
assert_eq "refusals left the database as it was" "$before" "$(db_hash)"

# --- SIGINT mid-practice, no terminal: saved as partial, status 130 ----------
# Interrupt only once the practice has begun (its first phase is printed),
# so a slow start on a busy machine cannot turn this into an early kill.
"$HAVEN" breathe box --pace 0.5 --before 6 >"$T/int.out" 2>"$T/int.err" </dev/null &
pid=$!
for _ in $(seq 300); do grep -q "round 1 of" "$T/int.out" 2>/dev/null && break; sleep 0.1; done
kill -INT "$pid"
wait "$pid"
RC=$? OUT=$(cat "$T/int.out") ERR=$(cat "$T/int.err") LAST_CMD="haven breathe box --pace 0.5 --before 6, then SIGINT"
assert_eq "SIGINT: exit status 130" 130 "$RC"
assert_contains "SIGINT: says it stopped" "$OUT" "Stopped after"
PRACTICES_JSON=$(cat "$E2E_DIR/../../data/practices.json")
assert_contains "SIGINT: each round named in data/practices.json's words" "$OUT" \
	"$(jget "$PRACTICES_JSON" '$.round' | sed 's/{round}/1/; s/{rounds}/4/')"
assert_match "SIGINT: how long it ran, in those words" \
	"Stopped after $(jget "$PRACTICES_JSON" '$.length.seconds' | sed 's/{s}/[0-9]+/')" "$OUT"
check "export after SIGINT" haven export
part=$(printf '%s\n' "$OUT" | grep '"technique":"breathe-box"')
assert_eq "SIGINT: one box practice saved" 1 "$(printf '%s\n' "$part" | grep -c .)"
assert_eq "SIGINT: not completed" false "$(jtype "$part" '$.body.completed')"
assert_eq "SIGINT: planned 32 s" 32 "$(jget "$part" '$.body.planned_seconds')"
assert_eq "SIGINT: ran for less than planned" 1 \
	"$(sqlite3 :memory: "SELECT $(jget "$part" '$.body.actual_seconds') < 32")"
assert_eq "SIGINT: the rating before is kept" 6 "$(jget "$part" '$.body.distress_before')"
assert_eq "SIGINT: no rating after" absent "$(jtype "$part" '$.body.distress_after')"

# --- the soothing toolkit ----------------------------------------------------------
# Looking makes no database: an empty toolkit where there is none.
check "soothe where there is no database" haven --db "$T/none/none.db" soothe
assert_contains "no database: says how to add" "$OUT" "haven soothe add"
check_fails 1 "soothe pick where there is no database" haven --db "$T/none/none.db" soothe pick
assert_false "no database: none made" test -e "$T/none"
check "soothe: empty" haven soothe
assert_contains "soothe: empty says how to add" "$OUT" "haven soothe add"
check_fails 1 "soothe pick on an empty toolkit" haven soothe pick
assert_contains "pick: says how to add" "$ERR" "haven soothe add"
check "soothe add body" haven --json soothe add --group body "a warm shower"
shower=$(jget "$OUT" '$.id')
assert_eq "soothe add: the kind" soothe-item "$(jget "$OUT" '$.kind')"
assert_eq "soothe add: the group" body "$(jget "$OUT" '$.body.group')"
check "soothe add mind" haven soothe add --group mind "a crossword"
check "soothe add feelings" haven soothe add "call my sister" --group feelings
check_fails 2 "soothe add: unknown group" haven soothe add --group heart "x"
check_fails 2 "soothe add: no group" haven soothe add "x"
check "soothe list --json" haven soothe --json
assert_eq "three items" 3 "$(jlen "$OUT")"
assert_eq "grouped body, feelings, mind" "body feelings mind" "$(jmap "$OUT" '$' body.group | tr '\n' ' ' | sed 's/ $//')"
check "soothe list for people" haven soothe
assert_contains "list: a group heading" "$OUT" "For the body"
assert_contains "list: the item" "$OUT" "a warm shower"
check "soothe rm" haven soothe rm "${shower:0:8}"
check_fails 1 "soothe rm twice" haven soothe rm "$shower"
check "soothe pick" haven --json soothe pick
assert_match "pick: one of the two left" '^(a crossword|call my sister)$' "$(jget "$OUT" '$.body.text')"
check_fails 2 "soothe: a word that is no subcommand" haven --db "$T/never.db" soothe shower
assert_contains "soothe: the word named" "$ERR" '"shower"'
assert_false "soothe: a refused word opens no database" test -e "$T/never.db"

# --- the new kinds survive export and import ----------------------------------------
check "export everything" haven export -o all.jsonl
check "import into a fresh database" env HAVEN_DB="$T/other.db" "$HAVEN" import all.jsonl
check "export the copy" env HAVEN_DB="$T/other.db" "$HAVEN" export
assert_eq "export → import → export is identical" "$(cat all.jsonl)" "$OUT"
printf '%s\n' '{"id":"11111111-1111-4111-8111-111111111111","kind":"practice","created":"2026-01-07T16:00:00.000Z","updated":"2026-01-07T16:00:00.000Z","version":1,"deleted":false,"body":{"technique":"breathe-box","planned_seconds":64,"actual_seconds":10,"completed":true,"distress_before":12}}' >bad.jsonl
check_fails nonzero "import refuses a rating of 12" haven import bad.jsonl
assert_contains "the refusal names the field" "$ERR" "distress_before"

done_testing
