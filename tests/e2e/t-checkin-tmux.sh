# t-checkin-tmux.sh — `haven checkin` with nothing given, on a real
# terminal through tmux (issue 18): distress, then one line per factor and
# per factor of the person's own, then a note; Enter keeps the last answer
# (shown in brackets), a wrong answer is asked again, and the whole walk,
# Enter on every line, takes well under 20 seconds.
. "$E2E_DIR/lib.sh"

PANE=checkin
. "$E2E_DIR/tmux.sh"

start() {
	rm -f "$T/rc"
	tmux_start 100 "bash -c 'trap : INT; $1; echo \$? >\"$T/rc\"; exec sleep 120'"
}
# answer TEXT: type TEXT and Enter once the last prompt is on screen.
answer() {
	sleep 0.15
	if [ -n "$1" ]; then tm send-keys -t checkin -l "$1"; fi
	tm send-keys -t checkin Enter
}

# Last evening's check-in, so there are answers to keep.
check "last evening" haven checkin 4 --mood 6 --sleep 7.5 --caffeine 2 --at "yesterday 21:00"
check "a factor of one's own" haven checkin factor add "therapy day"

# --- the walk: a wrong answer asked again, Enter keeps the last one -------------
start "'$HAVEN' checkin"
assert_true "asks distress first" wait_for "0-10>"
answer 3
assert_true "then mood, showing last evening's answer" wait_for "Mood today, 0 (very low) to 10 (very bright) [6]>"
answer 12
assert_true "a mood of 12 is asked again, naming the range" wait_for "mood must be a whole number from 0 to 10"
answer 7
assert_true "anxiety, with no answer to keep" wait_for "Anxiety today"
answer ""
assert_true "sleep shows 7.5" wait_for "[7.5]>"
answer ""
answer 5      # sleep quality
answer ""     # caffeine: keeps 2
answer 0      # alcohol
answer 30     # movement
answer 1.5    # safe people
assert_true "the person's own factor" wait_for "therapy day? (y/n)>"
answer maybe
assert_true "maybe is asked again" wait_for "y for yes, n for no"
answer y
assert_true "a note last" wait_for "Anything you want to add?"
answer "slept badly but the walk helped"
assert_true "finishes" wait_file "$T/rc"
assert_eq "exit 0" 0 "$(cat "$T/rc")"
assert_contains "thanks" "$(screen)" "Thank you for checking in"

run haven --json checkin --list --limit 1
assert_eq "distress typed" 3 "$(jget "$OUT" '$[0].body.distress')"
assert_eq "mood typed after the retry" 7 "$(jget "$OUT" '$[0].body.factors.mood')"
assert_eq "sleep kept from last evening" 7.5 "$(jget "$OUT" '$[0].body.factors.sleep')"
assert_eq "caffeine kept from last evening" 2 "$(jget "$OUT" '$[0].body.factors.caffeine')"
assert_eq "alcohol 0 is an answer" 0 "$(jget "$OUT" '$[0].body.factors.alcohol')"
assert_eq "safe people in hours" 1.5 "$(jget "$OUT" '$[0].body.factors.safe_people')"
assert_eq "anxiety left out" "" "$(jget "$OUT" '$[0].body.factors.anxiety')"
assert_eq "own factor yes" 1 "$(jget "$OUT" '$[0].body.own."therapy day"')"
assert_eq "the note" "slept badly but the walk helped" "$(jget "$OUT" '$[0].body.note')"

# --- Enter on every line: under 20 seconds, yesterday's answers kept -------------
export HAVEN_NOW=2026-01-07T16:30:00Z # the evening's second check-in
start "'$HAVEN' checkin"
assert_true "asks again" wait_for "0-10>"
t0=$(date +%s)
for i in $(seq 11); do answer ""; done
assert_true "finishes with Enter alone" wait_file "$T/rc"
t1=$(date +%s)
assert_true "under 20 seconds" test $((t1 - t0)) -lt 20
run haven --json checkin --list --limit 1
assert_eq "no distress given" "" "$(jget "$OUT" '$[0].body.distress')"
assert_eq "mood kept" 7 "$(jget "$OUT" '$[0].body.factors.mood')"
assert_eq "own factor kept" 1 "$(jget "$OUT" '$[0].body.own."therapy day"')"
run haven --json checkin --list
assert_eq "three check-ins in all, two of them today" 3 "$(jlen "$OUT")"

# --- a note typed on the terminal passes the crisis net --------------------------
export HAVEN_NOW=2026-01-07T17:00:00Z
start "'$HAVEN' checkin"
assert_true "asks once more" wait_for "0-10>"
answer 8
for i in $(seq 9); do answer ""; done
assert_true "the note" wait_for "Anything you want to add?"
answer "I want to kill myself"
assert_true "finishes" wait_file "$T/rc"
assert_true "help comes at once" wait_for "You do not have to hold this alone"
assert_not_contains "no tip to take the edge off after help" "$(screen)" "A few slow breaths"
run haven --json checkin --list --limit 1
assert_eq "the check-in is kept" 8 "$(jget "$OUT" '$[0].body.distress')"

done_testing
