# t-thought-tmux.sh — `haven thought` on a real terminal, through tmux
# (issue 21): Ctrl-C at a step asks whether to keep what was written as a
# draft, the home screen names it, `thought --resume` takes it up at the
# step where it stopped, and the finished record leaves no draft behind.
. "$E2E_DIR/lib.sh"

PANE=thought
. "$E2E_DIR/tmux.sh"

start() {
	rm -f "$T/rc"
	tmux_start 80 "bash -c 'trap : INT; $1; echo \$? >\"$T/rc\"; exec sleep 120'"
}
count() {
	run haven --json "$@"
	jlen "$OUT"
}
drafts() {
	run haven --json home
	jlen "$(jget "$OUT" '$.drafts')"
}

start "'$HAVEN' thought"
assert_true "the first step" wait_for "Ctrl-C stops and asks"
tm send-keys -t thought "he left without saying goodbye" Enter
tm send-keys -t thought "he is tired of me" Enter
sleep 0.5
tm send-keys -t thought C-c
assert_true "Ctrl-C: asks about a draft" wait_for "Keep what you wrote as a draft? [Y/n]"
tm send-keys -t thought y Enter
assert_true "Ctrl-C: haven ends" wait_file "$T/rc"
assert_eq "Ctrl-C: exit status 130" 130 "$(cat "$T/rc")"
assert_contains "Ctrl-C: names the way back" "$(screen)" "haven thought --resume"
assert_eq "Ctrl-C: a draft" 1 "$(drafts)"
run haven --json home
assert_eq "the draft is of a thought record" thought "$(jget "$OUT" '$.drafts[0].body.of')"
assert_eq "the draft keeps the thought" "he is tired of me" "$(jget "$OUT" '$.drafts[0].body.body.thought')"
assert_eq "the draft keeps the step" emotions "$(jget "$OUT" '$.drafts[0].body.step')"
check "the home screen" haven home
assert_contains "home: offers to take it up" "$OUT" "haven thought --resume"

start "'$HAVEN' thought --resume"
assert_true "resume: says what it takes up" wait_for "Taking up the entry you began"
S=$(screen)
assert_not_contains "resume: the situation is not asked again" "$S" "$(jget "$(cat "$E2E_DIR/../../data/thought.json")" '$.steps[0].prompt')"
for i in $(seq 14); do sleep 0.3; tm send-keys -t thought Enter; done
assert_true "resume: finishes" wait_file "$T/rc"
assert_eq "resume: exit 0" 0 "$(cat "$T/rc")"
assert_eq "resume: no draft left" 0 "$(drafts)"
run haven --json thoughts
assert_contains "resume: the record keeps the first words" "$OUT" "he left without saying goodbye"

done_testing
