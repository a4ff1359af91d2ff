# t-thought.sh — `haven thought`, `haven thoughts`, `haven reassure`,
# `haven kind` and `haven evidence`: flags, --json shapes, what is stored,
# refusals that change nothing, and export round trips.
. "$E2E_DIR/lib.sh"

# --- thought: every step as a flag -------------------------------------------
check "thought with every flag" haven --json thought --situation "no reply since lunch" \
	--thought "He's going to leave me" --emotion anxious=80 --emotion sad=40 \
	--for "his reply was short" --against "he said he'd call tonight" \
	--friend "busy days happen" --balanced "he is probably busy; he said he'd call" \
	--rerate anxious=50 --rerate sad=30 --answer likely="he is at work"
rec=$OUT
assert_match "thought: an id" "$UUID_RE" "$(jget "$rec" '$.id')"
assert_eq "thought: kind" thought "$(jget "$rec" '$.kind')"
assert_eq "thought: situation" "no reply since lunch" "$(jget "$rec" '$.body.situation')"
assert_eq "thought: the thought" "He's going to leave me" "$(jget "$rec" '$.body.thought')"
assert_eq "thought: emotions with both ratings" \
	'[{"after":50,"before":80,"name":"anxious"},{"after":30,"before":40,"name":"sad"}]' \
	"$(jget "$rec" '$.body.emotions')"
assert_eq "thought: haven proposed fortune telling" '["fortune-telling"]' "$(jget "$rec" '$.body.proposed')"
assert_eq "thought: without --pattern the proposal is taken" '["fortune-telling"]' "$(jget "$rec" '$.body.patterns')"
assert_eq "thought: evidence for" "his reply was short" "$(jget "$rec" '$.body.evidence_for')"
assert_eq "thought: evidence against" "he said he'd call tonight" "$(jget "$rec" '$.body.evidence_against')"
assert_eq "thought: friend" "busy days happen" "$(jget "$rec" '$.body.friend')"
assert_eq "thought: balanced" "he is probably busy; he said he'd call" "$(jget "$rec" '$.body.balanced')"
assert_eq "thought: answer kept" "he is at work" "$(jget "$rec" '$.body.answers.likely')"
assert_contains "thought: reality questions offered" "$(jmap "$rec" '$.questions' id)" likely
assert_contains "thought about being left: the five-or-forty-five question" "$(jmap "$rec" '$.questions' id)" now-or-then
id1=$(jget "$rec" '$.id')

check "thought: a pattern the person chose" haven --json thought --thought "I'm such an idiot" \
	--emotion shame=70 --rerate shame=60 --pattern labeling --pattern should-statements
assert_eq "chosen patterns kept" '["labeling","should-statements"]' "$(jget "$OUT" '$.body.patterns')"
assert_eq "the proposal is still recorded" '["labeling"]' "$(jget "$OUT" '$.body.proposed')"
assert_not_contains "not about being left: no five-or-forty-five" "$(jmap "$OUT" '$.questions' id)" now-or-then

check "thought: --no-patterns records none" haven --json thought --thought "He's going to leave me" --no-patterns
assert_eq "no patterns field" absent "$(jtype "$OUT" '$.body.patterns')"
check "thought: only a situation is fine" env HAVEN_NOW=2026-01-07T16:05:00Z "$HAVEN" thought --situation "quiet evening"
assert_match "plain output: the id first" "$UUID_RE" "$(printf '%s\n' "$OUT" | head -1)"
assert_contains "plain output: questions offered" "$OUT" "A few questions you could sit with"
check "thought: curly apostrophes in the thought" env HAVEN_NOW=2026-01-07T16:06:00Z "$HAVEN" --json thought --thought "I know they think I’m too needy"
assert_contains "curly: mind reading proposed" "$(jget "$OUT" '$.body.proposed')" mind-reading

before=$(db_hash)
check_fails 2 "thought: rating out of range" haven thought --thought x --emotion anxious=120
assert_contains "rating: says the range" "$ERR" "0 to 100"
check_fails 2 "thought: unknown pattern" haven thought --thought x --pattern doom
assert_contains "unknown pattern: lists the choices" "$ERR" "mind-reading"
check_fails 2 "thought: unknown question" haven thought --thought x --answer why=because
check_fails 2 "thought: --pattern with --no-patterns" haven thought --thought x --pattern labeling --no-patterns
check_fails 2 "thought: nothing given off a terminal" haven thought
assert_contains "nothing given: says what to do" "$ERR" "--thought TEXT"
check_fails 2 "thought: stray words" haven thought --thought x extra
assert_eq "refusals changed nothing" "$before" "$(db_hash)"

# --- thoughts: records and per-pattern means ---------------------------------
check "thoughts --json" haven --json thoughts
assert_eq "thoughts: top-level keys" records,patterns "$(jkeys "$OUT")"
assert_eq "thoughts: five records" 5 "$(jlen "$OUT" '$.records')"
assert_eq "thoughts: newest first" "quiet evening" "$(jget "$OUT" '$.records[1].body.situation')"
# pattern_at KIND: the index of KIND in $.patterns
pattern_at() { jmap "$OUT" '$.patterns' kind | grep -nx "$1" | cut -d: -f1 | awk '{print $1 - 1}'; }
assert_eq "thoughts: labelling most often (idiot, too needy)" labeling "$(jget "$OUT" '$.patterns[0].kind')"
assert_eq "thoughts: labelling twice" 2 "$(jget "$OUT" '$.patterns[0].count')"
# the idiot record went 70 → 60; the needy one was never re-rated
assert_eq "thoughts: mean drop only over re-rated records" 10.0 "$(jget "$OUT" '$.patterns[0].mean_drop')"
ft=$(pattern_at fortune-telling)
assert_eq "thoughts: fortune telling once (--no-patterns counts none)" 1 "$(jget "$OUT" "\$.patterns[$ft].count")"
# anxious 80→50 and sad 40→30: mean drop 20
assert_eq "thoughts: mean drop for fortune telling" 20.0 "$(jget "$OUT" "\$.patterns[$ft].mean_drop")"
mr=$(pattern_at mind-reading)
assert_eq "thoughts: not re-rated gives null" null "$(jtype "$OUT" "\$.patterns[$mr].mean_drop")"
check "thoughts human" haven thoughts
assert_contains "human: label" "$OUT" "fortune telling"
assert_contains "human: mean drop" "$OUT" "eased by 20.0 points"
assert_contains "human: not re-rated" "$OUT" "not re-rated yet"
check_fails 2 "thoughts: stray words" haven thoughts please

# --- reassure: records, limits, gentle notes ---------------------------------
check "reassure with no limit" haven --json reassure "are we okay?" --of Sam --helped yes
assert_eq "reassure: kind" reassurance "$(jget "$OUT" '$.record.kind')"
assert_eq "reassure: asked" "are we okay?" "$(jget "$OUT" '$.record.body.asked')"
assert_eq "reassure: of" Sam "$(jget "$OUT" '$.record.body.of')"
assert_eq "reassure: helped" true "$(jtype "$OUT" '$.record.body.helped')"
assert_eq "reassure: count" 1 "$(jget "$OUT" '$.status.count')"
assert_eq "reassure: no limit" null "$(jtype "$OUT" '$.status.limit')"
assert_eq "reassure: not reached" false "$(jtype "$OUT" '$.status.reached')"
check "reassure --limit 2/day" haven --json reassure --limit 2/day
assert_eq "limit: stored" '{"count":2,"per":"day"}' "$(jget "$OUT" '$.status.limit')"
check "reassure: second ask reaches the limit" haven --json reassure "still love me?" --helped no
assert_eq "second: count" 2 "$(jget "$OUT" '$.status.count')"
assert_eq "second: reached" true "$(jtype "$OUT" '$.status.reached')"
assert_ne "second: a gentle note" "" "$(jget "$OUT" '$.status.note')"
assert_ne "second: a practice offered" "" "$(jget "$OUT" '$.status.practice')"
check "reassure: past the limit still records" haven reassure "are you sure?"
assert_contains "past: recorded" "$OUT" "Noted."
assert_contains "past: count" "$OUT" "3 asked today"
assert_contains "past: never scolds, says it's all right" "$OUT" "that's all right"
check "reassure: a new day starts again" env HAVEN_NOW=2026-01-08T09:00:00Z "$HAVEN" --json reassure
assert_eq "new day: count 0" 0 "$(jget "$OUT" '$.status.count')"
check "reassure: weekly limit counts the week" env HAVEN_NOW=2026-01-08T09:00:00Z "$HAVEN" --json reassure --limit 5/week
assert_eq "week: Monday to now" 3 "$(jget "$OUT" '$.status.count')"
before=$(db_hash)
check_fails 2 "reassure: bad limit" haven reassure --limit lots
assert_contains "bad limit: example given" "$ERR" "2/day"
check_fails 2 "reassure: bad --helped" haven reassure "x" --helped maybe
check_fails 2 "reassure: --of without what" haven reassure --of Sam
assert_eq "reassure refusals changed nothing" "$before" "$(db_hash)"

# --- kind: reframes, and your own ---------------------------------------------
check "kind finds a pair" haven --json kind "I’m SO needy"
assert_eq "kind: the harsh thought echoed" "I’m SO needy" "$(jget "$OUT" '$.harsh')"
assert_contains "kind: the needy reframe" "$(jget "$OUT" '$.reframes[0].kind')" "Having needs"
assert_eq "kind: from haven" haven "$(jget "$OUT" '$.reframes[0].source')"
check "kind with no pair offers general ones" haven --json kind "I'm hopeless at tennis"
assert_eq "general: two offered" 2 "$(jlen "$OUT" '$.reframes')"
check "kind --save keeps your own" haven --json kind "I'm hopeless at tennis" --save "I'm learning, and learning takes time."
assert_eq "save: kind reframe" reframe "$(jget "$OUT" '$.saved.kind')"
assert_eq "save: your words" "I'm learning, and learning takes time." "$(jget "$OUT" '$.saved.body.kind')"
check "kind offers your own again" haven --json kind "so hopeless at tennis today"
assert_eq "yours: offered first" yours "$(jget "$OUT" '$.reframes[0].source')"
check "kind human, two ways" haven kind "I am so stupid, I always ruin everything"
assert_contains "human: two ways, a plural intro" "$OUT" "Some kinder ways to say it:"
check "kind human, one way" haven kind "nobody could ever love me"
run haven --json kind "nobody could ever love me"
assert_eq "one way: one reframe" 1 "$(jlen "$OUT" '$.reframes')"
check "kind human, one way" haven kind "nobody could ever love me"
assert_contains "human: one way, a singular intro" "$OUT" "A kinder way to say it:"
assert_not_contains "human: one way is not 'some ways'" "$OUT" "Some kinder ways"
check "kind --save, human" haven kind "I'm hopeless at chess" --save "I'm learning, slowly."
assert_false "kind --save ends on words, not an id" sh -c 'printf "%s\n" "$1" | tail -n 1 | grep -Eq "[0-9a-f]{8}\)?\$"' _ "$OUT"
# Feeling a burden is also a warning sign screening asks about: help comes first.
check "kind: a burden" haven --json kind "I'm a burden to everyone"
assert_eq "burden: the crisis notice" true "$(jtype "$OUT" '$.crisis')"
check_fails 2 "kind: no thought" haven kind
check_fails 2 "kind: --save without words" haven kind "x" --save

# --- evidence: add, list, pick -----------------------------------------------
check "evidence pick on an empty list" haven --json evidence pick
assert_eq "empty pick: null" null "$(jtype "$OUT" '$')"
check "evidence add" haven --json evidence add "Sam stayed all night when I was sick" --type stayed
assert_eq "evidence: kind" evidence "$(jget "$OUT" '$.kind')"
assert_eq "evidence: type" stayed "$(jget "$OUT" '$.body.type')"
check "evidence add without a type" env HAVEN_NOW=2026-01-07T16:10:00Z "$HAVEN" evidence add "We argued and made up the same evening"
assert_contains "evidence add says where it went" "$OUT" "Kept in your evidence list"
assert_match "evidence add names it by its short id" '\([0-9a-f]{8}\)' "$OUT"
assert_false "evidence add never prints a bare id" sh -c 'printf "%s" "$1" | grep -Eq -- "$2"' _ "$OUT" "$UUID_RE"
check "evidence list" haven --json evidence
assert_eq "evidence: two" 2 "$(jlen "$OUT")"
assert_eq "evidence: newest first" "We argued and made up the same evening" "$(jget "$OUT" '$[0].body.text')"
check "evidence pick" haven --json evidence pick
assert_eq "pick: an evidence record" evidence "$(jget "$OUT" '$.kind')"
check "evidence human" haven evidence
assert_contains "human: the memory" "$OUT" "Sam stayed all night"
check_fails 2 "evidence: bad type" haven evidence add "x" --type maybe
check_fails 2 "evidence: nothing to add" haven evidence add
check_fails 2 "evidence: unknown subcommand" haven evidence remove

# --- every new kind survives export and import --------------------------------
check "export" haven export
printf '%s\n' "$OUT" >all.jsonl
for k in thought reassurance reassurance-limit reframe evidence; do
	assert_contains "export holds $k" "$OUT" "\"kind\":\"$k\""
done
check "import into a fresh database" env HAVEN_DB="$T/copy.db" "$HAVEN" import all.jsonl
check "the copy has the thoughts" env HAVEN_DB="$T/copy.db" "$HAVEN" --json thoughts
assert_eq "copy: five records" 5 "$(jlen "$OUT" '$.records')"

done_testing
