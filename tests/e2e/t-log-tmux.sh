# t-log-tmux.sh — `haven log` on a real terminal, driven through tmux
# (issue 21): the words about skipping are true (every step but how strong
# it was can be skipped, and that one says so when Enter is pressed), and
# Ctrl-C at any step asks whether to keep what was written as a draft:
# Enter keeps it, the home screen shows it, `log --resume` takes it up at
# the step where it stopped and the finished entry leaves no draft behind;
# "n" lets it go.  Exit status 130 whenever Ctrl-C stopped the walk.
. "$E2E_DIR/lib.sh"

PANE=log
. "$E2E_DIR/tmux.sh"

# start CMD: run CMD in a fresh 80x50 pane; bash traps INT so Ctrl-C reaches
# haven only, and the pane idles afterwards so the screen can be read.
start() {
	rm -f "$T/rc"
	tmux_start 80 "bash -c 'trap : INT; $1; echo \$? >\"$T/rc\"; exec sleep 120'"
}
entries() {
	run haven --json journal
	jlen "$OUT"
}

# --- the words say which step cannot be skipped, and Enter there says so too ------
start "'$HAVEN' log"
assert_true "log: the first step" wait_for "What was happening?"
S=$(screen)
assert_contains "skip hint: names the one step that cannot be skipped" "$S" \
	"Press Enter to skip any step but one: how strong it was"
for i in 1 2 3 4 5; do tm send-keys -t log Enter; sleep 0.2; done
assert_true "log: the intensity step" wait_for "1-10>"
tm send-keys -t log Enter
assert_true "Enter at the intensity: says it cannot be skipped" wait_for "This step cannot be skipped"
tm send-keys -t log 4 Enter
for i in 1 2 3; do sleep 0.3; tm send-keys -t log Enter; done
assert_true "log: finishes" wait_file "$T/rc"
assert_eq "log: exit 0" 0 "$(cat "$T/rc")"
assert_eq "log: one entry" 1 "$(entries)"

drafts() {
	run haven --json home
	jlen "$(jget "$OUT" '$.drafts')"
}

# --- Ctrl-C early: asked, Enter keeps a draft, the home screen shows it -----------
start "'$HAVEN' log"
assert_true "Ctrl-C early: the first step" wait_for "What was happening?"
tm send-keys -t log "no reply since lunch" Enter
assert_true "Ctrl-C early: the second step" wait_for "What went through your mind"
tm send-keys -t log "they are pulling" C-c
assert_true "Ctrl-C early: asks about a draft" wait_for "Keep what you wrote as a draft? [Y/n]"
tm send-keys -t log Enter
assert_true "Ctrl-C early: haven ends" wait_file "$T/rc"
S=$(screen)
assert_eq "Ctrl-C early: exit status 130" 130 "$(cat "$T/rc")"
assert_contains "Ctrl-C early: says it is kept" "$S" "Kept as a draft."
assert_contains "Ctrl-C early: names the way back" "$S" "haven log --resume"
assert_eq "Ctrl-C early: still one entry" 1 "$(entries)"
assert_eq "Ctrl-C early: one draft" 1 "$(drafts)"
run haven --json home
assert_eq "the draft keeps the words" "no reply since lunch" "$(jget "$OUT" '$.drafts[0].body.body.what')"
assert_eq "the draft keeps the step it stopped at" thoughts "$(jget "$OUT" '$.drafts[0].body.step')"
check "the home screen" haven home
assert_contains "home: says an entry is unfinished" "$OUT" "stopped part way"
assert_contains "home: offers to take it up" "$OUT" "haven log --resume"
# The home screen with a draft, as a terminal of 80 columns shows it, kept
# beside the three moods t-home.sh captures.
mkdir -p "$E2E_DIR/../artifacts"
start "'$HAVEN'"
assert_true "home on a terminal: the draft shows" wait_for "haven log --resume"
screen | awk '{ line[NR] = $0 } $0 != "" { last = NR }
	END { for (i = 1; i <= last; i++) print line[i] }' >"$E2E_DIR/../artifacts/home-draft-80.txt"
assert_contains "home on a terminal: captured" "$(cat "$E2E_DIR/../artifacts/home-draft-80.txt")" "Unfinished"

# --- --resume: starts at the stopped step, the entry saved, the draft gone --------
start "'$HAVEN' log --resume"
assert_true "resume: says what it takes up" wait_for "Taking up the entry you began"
assert_true "resume: the stopped step" wait_for "What went through your mind"
S=$(screen)
assert_not_contains "resume: the answered step is not asked again" "$S" "What was happening?"
tm send-keys -t log "they are busy" Enter
for i in 1 2 3; do sleep 0.3; tm send-keys -t log Enter; done
assert_true "resume: the intensity step" wait_for "1-10>"
tm send-keys -t log 5 Enter
for i in 1 2 3 4; do sleep 0.3; tm send-keys -t log Enter; done
assert_true "resume: finishes" wait_file "$T/rc"
assert_eq "resume: exit 0" 0 "$(cat "$T/rc")"
assert_eq "resume: two entries" 2 "$(entries)"
assert_eq "resume: no draft left" 0 "$(drafts)"
run haven --json journal
kept=$(_e2e_jsql "$OUT" "SELECT json_extract(value, '\$.body.thoughts') FROM json_each($_e2e_jdoc)
	WHERE json_extract(value, '\$.body.what') = 'no reply since lunch'")
assert_eq "resume: the first words and the new ones in one entry" "they are busy" "$kept"
start "'$HAVEN' log --resume"
assert_true "resume with nothing kept: haven ends" wait_file "$T/rc"
assert_eq "resume with nothing kept: exit 1" 1 "$(cat "$T/rc")"
assert_contains "resume with nothing kept: says so" "$(screen)" "no unfinished entry"
check_fails 2 "resume off a terminal: a usage error" haven log --resume
check_fails 2 "resume with other words: a usage error" haven log --resume "more words"
assert_contains "resume with other words: says to give it alone" "$ERR" "--resume takes up a draft"

# --- Ctrl-C after the intensity, and "n": nothing kept -------------------------
start "'$HAVEN' log"
assert_true "Ctrl-C late: the first step" wait_for "What was happening?"
tm send-keys -t log "a late reply" Enter
for i in 1 2 3 4; do sleep 0.2; tm send-keys -t log Enter; done
assert_true "Ctrl-C late: the intensity step" wait_for "1-10>"
tm send-keys -t log 6 Enter
assert_true "Ctrl-C late: the next step" wait_for "What did you do"
tm send-keys -t log C-c
assert_true "Ctrl-C late: asks about a draft" wait_for "Keep what you wrote as a draft?"
tm send-keys -t log n Enter
assert_true "Ctrl-C late: haven ends" wait_file "$T/rc"
S=$(screen)
assert_eq "Ctrl-C late: exit status 130" 130 "$(cat "$T/rc")"
assert_contains "Ctrl-C late: says it let go" "$S" "Nothing was kept."
assert_not_contains "Ctrl-C late: no reflection offered" "$S" "four short questions"
assert_eq "Ctrl-C late: still two entries" 2 "$(entries)"
assert_eq "Ctrl-C late: no draft" 0 "$(drafts)"

# --- a second Ctrl-C at the question keeps the words too ------------------------
start "'$HAVEN' log"
assert_true "twice: the first step" wait_for "What was happening?"
tm send-keys -t log "the door slammed" Enter
assert_true "twice: the second step" wait_for "What went through your mind"
tm send-keys -t log C-c
assert_true "twice: asks about a draft" wait_for "Keep what you wrote as a draft?"
tm send-keys -t log C-c
assert_true "twice: haven ends" wait_file "$T/rc"
assert_eq "twice: exit status 130" 130 "$(cat "$T/rc")"
assert_eq "twice: a draft kept" 1 "$(drafts)"

# A draft is an entry like any other: exported, and brought in by import.
run haven export
printf '%s\n' "$OUT" >"$T/export.jsonl"
assert_contains "export: the draft goes with it" "$OUT" '"kind":"entry-draft"'
check "import: another journal takes it" env HAVEN_DB="$T/other.db" "$HAVEN" import "$T/export.jsonl"
run env HAVEN_DB="$T/other.db" "$HAVEN" --json home
assert_eq "import: the draft is there" 1 "$(jlen "$(jget "$OUT" '$.drafts')")"

# --- Ctrl-C before anything is written: nothing to keep, nothing asked ----------
start "'$HAVEN' log"
assert_true "at once: the first step" wait_for "What was happening?"
tm send-keys -t log C-c
assert_true "at once: haven ends" wait_file "$T/rc"
S=$(screen)
assert_contains "at once: nothing to keep" "$S" "there is nothing to keep"
assert_not_contains "at once: no question" "$S" "[Y/n]"
assert_eq "at once: still one draft" 1 "$(drafts)"

done_testing
