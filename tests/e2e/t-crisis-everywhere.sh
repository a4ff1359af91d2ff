# t-crisis-everywhere.sh — every place a person writes passes through the
# crisis net, walked from the real tables rather than from memory:
#
#   - every command the binary answers to (`haven help --every-command`) is
#     either in TAKES_WORDS, with invocations that write crisis words — each
#     run twice: --json must carry "crisis": true and the resources, and
#     without --json the help must come on stderr — or in NO_WORDS, with the
#     reason it takes none.  A command in neither list fails, so a new
#     command that takes words cannot slip past;
#   - the same for every route of the API (`haven serve --routes`), against a
#     running server: each route that takes words is sent crisis words and
#     its reply must carry "crisis": true;
#   - after the help, nothing reads as "all is well": no "saying what you
#     mean" from the coach, no "nothing stood out" from check, no reframes;
#   - help never waits for a well-formed command, and a held draft passes
#     the net again when it comes back.
. "$E2E_DIR/lib.sh"

unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8
W="I want to kill myself" # plain, unmistakable words: the rules will always hear them
DATA=$E2E_DIR/../../data

# data TEXT PATH FILE: a text from data/FILE, so wording can change freely.
data() { jget "$(cat "$DATA/$1")" "$2"; }

# --- what the invocations need ----------------------------------------------------
entry=$(log_id -i 4 "an ordinary evening")
answers=$(for a in a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12; do printf '%s=3,' "$a"; done
	for d in $(seq 1 16); do printf 'd%s=3,' "$d"; done)
answers=${answers%,}
# A draft held an hour ago in crisis words, ready now: it must pass the net
# again when it comes back.
run env HAVEN_NOW=2026-01-07T15:00:00Z "$HAVEN" coach --hold 20m "$W"
# fresh_week: a Monday no change was chosen for yet (one change a week).
fresh_week() {
	n=$(($(cat "$T/weeks" 2>/dev/null || echo 0) + 1))
	echo "$n" >"$T/weeks"
	date -u -d "2024-01-01 + $((n * 7)) days" +%F
}
# fresh_held: a calm draft held now; prints its id (for a decision).
fresh_held() { "$HAVEN" --json coach --hold 20m "Are you free tonight?" </dev/null 2>/dev/null | sed -n 's/^  "id": "\([0-9a-f-]*\)".*/\1/p'; }
printf '%s\n' "$W" >words.txt
# An export or a Daylio file made here in crisis words, new each time (an
# entry already here is not brought in again): another app's notes never
# passed the net, and an export need not come from haven.
crisis_export() {
	f=$T/export-$(date +%s%N).jsonl
	printf '{"id":"%s","kind":"trigger","created":"2026-01-01T10:00:00.000Z","updated":"2026-01-01T10:00:00.000Z","version":1,"deleted":false,"body":{"intensity":8,"what":"%s"}}\n' \
		"$(cat /proc/sys/kernel/random/uuid)" "$W" >"$f"
	echo "$f"
}
crisis_daylio() {
	f=$T/daylio-$(date +%s%N).csv
	printf 'full_date,date,weekday,time,mood,activities,note_title,note\n2026-01-05,January 5,Monday,21:40,awful,,%s,"%s"\n' \
		"$(date +%s%N)" "$W" >"$f"
	echo "$f"
}
message="You do not have to hold this alone" # until a --json answer gives the notice's own words

# --- the CLI ------------------------------------------------------------------------
# Commands that take a person's words: COMMAND :: ARGUMENTS, one invocation a
# line.  The arguments are shell words expanded at each run ($W, $(...)); a
# third field "stdin" types $W on standard input instead.
TAKES_WORDS='
log      :: log -i 7 "$W"
log      :: log -i 7 --thought "$W" --body "tight chest"
log      :: log -i 7 --response "$W" --protest
checkin  :: checkin 6 --note "$W"
checkin  :: checkin --mood 4 --sleep 7.5 --note "$W"
checkin  :: checkin factor add "$W $(date +%s%N)"
journal  :: journal edit "$entry" --thought "$W"
journal  :: journal edit "$entry" --what "$W"
thought  :: thought --situation "alone tonight" --thought "$W"
thought  :: thought --thought "they left" --against "$W" --friend "$W" --balanced "$W"
thought  :: thought --thought "they left" --answer likely="$W"
check    :: check "$W"
check    :: check -                                               :: stdin
check    :: check --lines                                         :: stdin
coach    :: coach "$W"
coach    :: coach -                                               :: stdin
coach    :: coach --lines                                         :: stdin
coach    :: coach --hold 20m "$W"
coach    :: coach held
coach    :: coach held "$(fresh_held)" --rewrite "$W"
reassure :: reassure "$W" --of Sam --helped no
reassure :: reassure "can you call me" --of "$W"
kind     :: kind "$W"
say      :: say ask --keep "$W"
kind     :: kind "I am too much" --save "$W"
evidence :: evidence add "$W"
evidence :: evidence moment "$W" --type calm
plan     :: plan edit --say "$W"
plan     :: plan edit --sign "$W" --person "$W"
timeline :: timeline add "$W" --age 9
timeline :: timeline add "moved away" --date 2001 --shaped "$W"
steps    :: steps ladder add "$W"
steps    :: steps care "$W" --for others
steps    :: steps week set "$W" --week "$(fresh_week)"
soothe   :: soothe add --group mind "$W"
card     :: card add alarm "$W"
assess   :: assess take guide --answers "$answers" --reflect b1="$W"
pause    :: pause --minutes 0.02 --urge-passed no --did "$W"
import   :: import "$(crisis_export)"
import   :: import --from daylio "$(crisis_daylio)"
'
# Commands that take no words of a person's own, and why.
NO_WORDS='
breathe   :: a breathing practice: a technique from a list and numbers
ground    :: a grounding practice: options are numbers; on a terminal its answers are not kept
relax     :: a relaxation practice: options are numbers
scan      :: a body-scan practice: options are numbers
tipp      :: a practice: options are numbers
chat      :: imports another app'"'"'s chat export (other people'"'"'s words too, read for reply times and never kept) and looks contacts up by name: nothing written here
thoughts  :: lists what thought records found; takes nothing written
insights  :: shows patterns over what was saved; takes only dates
practices :: shows what practices did; takes only dates
serve     :: starts the web app, whose routes are walked below
export    :: writes saved data out
backup    :: copies the database
restore   :: brings back one'"'"'s own backup, whose words passed the net when first written: not writing
merge     :: brings in another copy of one'"'"'s own database: not writing, as with restore
sync      :: sends and brings in one'"'"'s own entries between one'"'"'s devices: not writing, as with merge
vault     :: passphrases only
doctor    :: checks the database and sets damaged entries aside: takes no words
config    :: settings: a region code checked against a list
help      :: prints help
completion :: prints a shell script; takes the name of a shell, from a list
version   :: prints the version
home      :: shows what was logged; takes nothing written
learn     :: reads a chapter about attachment; takes only its name, from a list
report    :: writes a report of what was saved; takes only dates and names of parts
milestones :: shows what haven noticed in what was saved; takes nothing written
'

table_names() { printf '%s\n' "$1" | sed -n 's/^\([a-z][a-z-]*\) *::.*/\1/p' | sort -u; }
in_list() { printf '%s\n' "$2" | grep -qxF -- "$1"; }

run haven help --every-command
commands=$OUT
assert_ne "the binary lists its commands" "" "$commands"
assert_contains "home is among them" "$commands" "home"
words_names=$(table_names "$TAKES_WORDS")
none_names=$(table_names "$NO_WORDS")
for c in $commands; do
	if in_list "$c" "$words_names" && in_list "$c" "$none_names"; then
		_e2e_fail "$c is in both lists" "a command either takes words or does not"
	elif in_list "$c" "$words_names" || in_list "$c" "$none_names"; then
		_e2e_pass "$c is classified"
	else
		_e2e_fail "command \"$c\" is in neither list" \
			"add it to TAKES_WORDS with an invocation that writes crisis words," \
			"or to NO_WORDS with the reason it takes none"
	fi
done
for c in $words_names $none_names; do
	in_list "$c" "$commands" && _e2e_pass "$c is a real command" ||
		_e2e_fail "\"$c\" is in a list but the binary has no such command"
done
while IFS= read -r line; do
	case $line in *::*) ;; *) continue ;; esac
	reason=${line#*::}
	assert_match "a reason for ${line%% *}" '[a-z]{3}' "$reason"
done <<<"$NO_WORDS"

while IFS= read -r line; do
	case $line in *::*) ;; *) continue ;; esac
	rest=${line#*::}
	args=${rest%%::*}
	args=$(printf '%s' "$args" | sed 's/ *$//')
	RUN_STDIN=
	case $rest in *::*stdin*) RUN_STDIN=words.txt ;; esac
	name="${line%% *}: $args"
	eval "set -- $args"
	RUN_STDIN=$RUN_STDIN run haven --json "$@"
	assert_eq "$name --json: exit 0" 0 "$RC"
	json=$OUT
	assert_eq "$name --json: \"crisis\": true" true "$(jtype "$json" '$.crisis')"
	assert_eq "$name --json: with the resources" object "$(jtype "$json" '$.resources')"
	said=$(jget "$json" '$.message')
	[ -n "$said" ] && message=$said
	eval "set -- $args"
	RUN_STDIN=$RUN_STDIN run haven "$@"
	assert_eq "$name: exit 0" 0 "$RC"
	assert_contains "$name: the help on stderr" "$ERR" "$message"
	if [ "$(jtype "$OUT" '$.crisis')" = true ]; then # --lines: stdout is JSON by design
		_e2e_pass "$name: its JSON lines carry the notice"
	else
		assert_not_contains "$name: not mixed into stdout" "$OUT" "$message"
	fi
done <<<"$TAKES_WORDS"

# --- after the help, nothing reads as "all is well" ---------------------------------
check "coach: a threat to hurt oneself if they leave" haven coach "If you leave me I will kill myself"
assert_contains "coach: help first" "$ERR" "$message"
assert_not_contains "coach: never 'saying what you mean'" "$OUT" "saying what you mean"
assert_not_contains "coach: not the 'no protest' line" "$OUT" "$(data coach.json '$.messages.none')"
assert_not_contains "coach: no rewrite offered for it" "$OUT" "$(data coach.json '$.messages.suggest_intro')"
assert_contains "coach: a calm line instead" "$OUT" "$(data coach.json '$.messages.crisis')"
check "check: crisis words with no pattern in them" haven check "$W"
assert_not_contains "check: not 'nothing stood out'" "$OUT" "$(data patterns.json '$.messages.none')"
assert_not_contains "check: no 'stood out' at all" "$OUT" "stood out"
assert_contains "check: a calm line instead" "$OUT" "$(data patterns.json '$.messages.crisis')"
check "check: crisis words with a pattern in them" haven check "everyone always leaves and $W"
assert_not_contains "check: no patterns to weigh" "$OUT" "$(data patterns.json '$.messages.after')"
check "kind: crisis words" haven kind "I'd be better off dead, $W"
assert_contains "kind: help first" "$ERR" "$message"
assert_not_contains "kind: no reframes offered as if all were well" "$OUT" "$(data reframes.json '$.messages.intro')"
assert_contains "kind: a calm line instead" "$OUT" "$(data reframes.json '$.messages.crisis')"
check "coach held: the draft that comes back" haven coach held
assert_contains "coach held: help first" "$ERR" "$message"
assert_not_contains "coach held: never 'saying what you mean'" "$OUT" "saying what you mean"
check "check-in: a high rating in crisis words" haven checkin 9 --note "$W"
assert_not_contains "check-in: no tip to take the edge off" "$OUT" "$(data checkin.json '$.high')"
# A command line is heard a run of words at a time: option names and the
# words of different options are never read together.
check "an ordinary entry full of options" haven --json log -i 7 -k partner-distance -k self-talk \
	--thought "they're pulling away" --body "tight chest" --emotion fear \
	--response "sent two more texts" --protest --recovered 45 --at "today 14:10" "no reply since lunch"
assert_eq "ordinary entry: no crisis key" absent "$(jtype "$OUT" '$.crisis')"
check "an ordinary draft still gets its view" haven coach "See you at six"
assert_contains "ordinary: the usual line" "$OUT" "$(data coach.json '$.messages.none')"
assert_eq "ordinary: no help" "" "$ERR"

# --- on a terminal the help comes first, on stdout -----------------------------------
if command -v script >/dev/null 2>&1; then
	run timeout 20 script -qec "$(printf '%q ' "$HAVEN" kind "$W")" /dev/null
	calm=$(data reframes.json '$.messages.crisis')
	assert_contains "terminal: the help on stdout" "$OUT" "$message"
	before=${OUT%%"$calm"*}
	assert_contains "terminal: help before the calm line" "$before" "$message"
	# The step-by-step log: help comes at the step that needs it, not at the end.
	printf '%s\n' "$W" "" "" "" "" "5" "" "" "n" >answers.txt
	RUN_STDIN=answers.txt run timeout 20 script -qec "$(printf '%q ' "$HAVEN" log)" /dev/null
	thoughts_prompt=$(jget "$(cat "$DATA/journal.json")" "\$.steps[1].prompt")
	before=${OUT%%"$thoughts_prompt"*}
	assert_contains "terminal log: help right after the step that needs it" "$before" "$message"
	assert_contains "terminal log: still saved" "$OUT" "Saved"
else
	_e2e_fail "script(1) is needed for the terminal tests" "scripts/install-deps.sh installs it (bsdutils)"
fi

# --- help never waits for a well-formed command -------------------------------------
check_fails 2 "log with a wrong intensity" haven log -i 99 "$W"
assert_contains "log: help even so" "$ERR" "$message"
check_fails 2 "check-in with the words left unquoted" haven checkin 9 I want to kill myself
assert_contains "check-in: help even so" "$ERR" "$message"
check_fails 2 "kind with the words left unquoted" haven kind I want to kill myself
assert_contains "kind: help even so" "$ERR" "$message"
check_fails 2 "coach with the words left unquoted" haven coach I want to kill myself
assert_contains "coach: help even so" "$ERR" "$message"
check_fails 2 "evidence with a wrong type" haven evidence add "$W" --type maybe
assert_contains "evidence: help even so" "$ERR" "$message"
check_fails 2 "soothe with no group" haven soothe add "$W"
assert_contains "soothe: help even so" "$ERR" "$message"
check_fails nonzero "journal edit of an entry that is not there" haven journal edit 00000000 --thought "$W"
assert_contains "journal edit: help even so" "$ERR" "$message"
# check and coach hear the command line on a second thread while they read
# it: a usage error still waits for the net, and the help comes first.
check_fails 2 "check with an option it does not have" haven check --bogus "$W"
assert_contains "check, unknown option: help even so" "$ERR" "$message"
first_line() { printf '%s\n' "$1" | grep -v '^$' | head -1; }
assert_eq "check, unknown option: the help before the error" "$message" "$(first_line "$ERR")"
check_fails 2 "check with the words left unquoted" haven check I want to kill myself
assert_eq "check, words unquoted: the help before the error" "$message" "$(first_line "$ERR")"
check_fails 2 "coach with a wrong hold" haven coach --hold soon "$W"
assert_eq "coach, wrong hold: the help before the error" "$message" "$(first_line "$ERR")"
check_fails 2 "coach with an option it does not have" haven coach --bogus "$W"
assert_eq "coach, unknown option: the help before the error" "$message" "$(first_line "$ERR")"
check_fails 2 "check --explain with an unknown pattern" haven check --explain "$W"
assert_contains "check --explain: help even so" "$ERR" "$message"
# An import refused for a bad line after crisis words still shows the help,
# and keeps nothing; an ordinary one stays quiet.
f=$(crisis_export)
echo '{"id": "not a record"}' >>"$f"
check_fails 1 "an import with a bad line after crisis words" haven import "$f"
assert_contains "import refused: help even so" "$ERR" "$message"
assert_contains "import refused: the bad line named" "$ERR" "line 2"
printf '{"id":"%s","kind":"trigger","created":"2026-01-01T10:00:00.000Z","updated":"2026-01-01T10:00:00.000Z","version":1,"deleted":false,"body":{"intensity":3,"what":"a quiet walk by the river"}}\n' \
	"$(cat /proc/sys/kernel/random/uuid)" >"$T/calm.jsonl"
check "an ordinary import" haven --json import "$T/calm.jsonl"
assert_eq "ordinary import: no crisis" absent "$(jtype "$OUT" '$.crisis')"
assert_not_contains "ordinary import: no help" "$ERR" "$message"

# --- the API ------------------------------------------------------------------------------
# Routes that take a person's words: METHOD PATH :: BODY, {id} filled by
# id_for; each reply must carry the notice.
TAKES_WORDS_API='
POST journal                 :: {"intensity":5,"what":"$W"}
PATCH journal/{id}           :: {"thoughts":"$W"}
POST practices               :: {"technique":"pause","planned_seconds":60,"actual_seconds":60,"completed":true,"did":"$W"}
POST soothe                  :: {"group":"body","text":"$W"}
POST checkins                :: {"distress":5,"note":"$W"}
POST checkins/factors        :: {"name":"$W $(date +%s%N)"}
PATCH assess/results/{id}    :: {"reflections":{"b1":"$W"}}
POST check                   :: {"text":"$W"}
POST coach                   :: {"draft":"$W"}
POST coach/hold              :: {"draft":"$W","hold":"20m"}
GET coach/held               ::
POST coach/held/{id}         :: {"status":"rewritten","rewrite":"$W"}
POST thought/propose         :: {"thought":"$W"}
POST thoughts                :: {"situation":"alone tonight","thought":"$W"}
POST scripts/{id}            :: {"text":"$W"}
PUT plan                     :: {"say":"$W"}
PUT card                     :: {"alarm":["$W"]}
POST evidence                :: {"text":"$W","type":"calm"}
POST timeline                :: {"what":"$W","age":9}
PATCH timeline/{id}          :: {"shaped":"$W"}
POST steps/ladder            :: {"what":"$W"}
POST steps/ladder/{id}/tries :: {"before":5,"after":3,"note":"$W"}
POST steps/care              :: {"what":"$W","for":"self"}
POST steps/week              :: {"change":"$W","week":"2025-11-03"}
POST steps/week/check        :: {"kept":"partly","note":"$W","week":"2025-11-03"}
POST import                  :: {"id":"5b1f2f5e-2c7a-4c53-9d7e-0f1d2a3b4c5d","kind":"trigger","created":"2026-01-01T10:00:00.000Z","updated":"2026-01-01T10:00:00.000Z","version":1,"deleted":false,"body":{"intensity":8,"what":"$W"}}
'
NO_WORDS_API='
GET session                  :: the page'"'"'s CSRF token
GET charts/{id}              :: a chart of saved numbers
GET settings                 :: reads settings
GET journal                  :: lists entries; takes only dates and a kind
GET journal/{id}             :: reads one entry
DELETE journal/{id}          :: deletes an entry; no words
POST journal/{id}/restore    :: brings a deleted entry back; no words
GET insights                 :: patterns over saved entries
GET vocab                    :: the lists to choose from
GET content/{id}             :: page words
GET export                   :: writes saved data out
GET practices                :: what practices did
GET practices/schedule       :: a practice'"'"'s steps; takes numbers
GET soothe                   :: lists the toolkit
GET soothe/pick              :: one item at random
DELETE soothe/{id}           :: removes an item; no words
GET checkins                 :: lists check-ins
GET checkins/factors         :: the factors a check-in may hold
GET assess                   :: lists questionnaires and results
GET assess/unfinished        :: reads the unfinished one
GET assess/instruments/{id}  :: a questionnaire'"'"'s items
POST assess/results          :: starts a questionnaire: an id and a relationship from its list
GET assess/results/{id}      :: reads one result
GET assess/{id}/history      :: results over time
GET assess/{id}/history.svg  :: the same as a chart
GET assess/{id}/plane.svg    :: both dimensions of saved results as a chart
GET patterns                 :: the names of thinking patterns
GET thoughts                 :: what thought records found
GET scripts                  :: the scripts'"'"' phrases and one'"'"'s kept versions
GET scripts/{id}             :: one script, by its name
GET learn                    :: the chapters about attachment
GET learn/{id}               :: one chapter, by its name
GET chat                     :: contacts of imported chats
GET chat/wait                :: a contact'"'"'s name and a length of time, to look up
GET chat/patterns            :: reply-time patterns
POST chat/import             :: another app'"'"'s chat export, read for reply times and never kept: not writing
DELETE chat/{id}             :: forgets a contact; no words
GET settings/region          :: reads the region
PUT settings/region          :: a region code chosen from a list
POST settings/region         :: a region code chosen from a list
GET sync                     :: reads how sync is set up
PUT sync                     :: sync by itself: true or false
POST sync                    :: sync by itself: true or false
GET help                     :: where help is
GET card                     :: reads the partner card and ideas from saved entries
GET card/file                :: the partner card as a file to download
GET report                   :: the parts a report may hold
GET report/file              :: a report of saved entries as a file; takes only dates and names of parts
GET plan                     :: reads the setback plan
GET milestones               :: what haven noticed in saved entries
POST milestones/seen         :: remembers which milestones were shown; no words
GET evidence                 :: lists the evidence and good moments
GET timeline                 :: lists the timeline
DELETE timeline/{id}         :: takes an event off the timeline; no words
GET steps                    :: reads the ladder, the care kept and the change of the week
DELETE steps/ladder/{id}     :: takes a step off the ladder; no words
'
route_keys() { printf '%s\n' "$1" | sed -n 's/^\([A-Z]* [^ ]*\) *::.*/\1/p' | sort -u; }

run haven serve --routes
routes=$OUT
assert_ne "the binary lists its API routes" "" "$routes"
serve_start
api() { # api METHOD PATH [BODY]: the reply in $T/reply, the status printed
	curl -s -o "$T/reply" -w '%{http_code}' -X "$1" -b "$cookie" -H "Origin: $base" \
		-H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' ${3:+-d "$3"} "$base/api/$2"
}
id_for() { # the id a route needs
	case $1 in
	journal/*) echo "$entry" ;;
	assess/results/*) api POST assess/results '{"instrument":"guide"}' >/dev/null
		jget "$(cat "$T/reply")" '$.id' ;;
	scripts/*) echo break ;;
	steps/ladder/*) api POST steps/ladder '{"what":"phone in a drawer"}' >/dev/null
		jget "$(cat "$T/reply")" '$.id' ;;
	timeline/*) api POST timeline '{"what":"moved away","age":8}' >/dev/null
		jget "$(cat "$T/reply")" '$.id' ;;
	coach/held/*) api POST coach/hold '{"draft":"Are you free tonight?","hold":"20m"}' >/dev/null
		jget "$(cat "$T/reply")" '$.id' ;;
	esac
}
words_routes=$(route_keys "$TAKES_WORDS_API")
none_routes=$(route_keys "$NO_WORDS_API")
while IFS= read -r r; do
	[ -n "$r" ] || continue
	if in_list "$r" "$words_routes" || in_list "$r" "$none_routes"; then
		_e2e_pass "route $r is classified"
	else
		_e2e_fail "route \"$r\" is in neither list" \
			"add it to TAKES_WORDS_API with a body that writes crisis words," \
			"or to NO_WORDS_API with the reason it takes none"
	fi
done <<<"$routes"
# (A route in NO_WORDS_API that does not exist yet is harmless: it may be on
# its way.  One in TAKES_WORDS_API must exist, or its words go nowhere.)
while IFS= read -r r; do
	[ -n "$r" ] && { in_list "$r" "$routes" && _e2e_pass "$r is a real route" ||
		_e2e_fail "\"$r\" takes words in the list but the API has no such route"; }
done <<<"$words_routes"

while IFS= read -r line; do
	case $line in *::*) ;; *) continue ;; esac
	key=$(printf '%s' "${line%%::*}" | sed 's/ *$//')
	method=${key%% *} path=${key#* }
	body=$(printf '%s' "${line#*::}" | sed 's/^ *//; s/ *$//')
	body=${body//\$W/$W}
	case $path in *"{id}"*) path=${path/\{id\}/$(id_for "$path")} ;; esac
	status=$(api "$method" "$path" "$body")
	assert_match "API $key: answered" '^20[01]$' "$status"
	assert_eq "API $key: \"crisis\": true" true "$(jtype "$(cat "$T/reply")" '$.crisis')"
	assert_eq "API $key: with the resources" object "$(jtype "$(cat "$T/reply")" '$.resources')"
done <<<"$TAKES_WORDS_API"

# Help never waits for a well-formed body, on the web either.
status=$(api POST journal "{\"intensity\":11,\"what\":\"$W\"}")
assert_eq "API: a refused entry is still refused" 400 "$status"
assert_eq "API: and still carries the notice" true "$(jtype "$(cat "$T/reply")" '$.crisis')"
api GET coach/held >/dev/null
assert_eq "API: the held draft that comes back is marked" true \
	"$(jtype "$(cat "$T/reply")" '$.ready[0].crisis')"
status=$(api POST check '{"text":"I know they think I am too needy"}')
assert_eq "API: ordinary words stay quiet" absent "$(jtype "$(cat "$T/reply")" '$.crisis')"
serve_stop

done_testing
