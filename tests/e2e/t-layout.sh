# t-layout.sh — what haven draws on a terminal fits its width (issue 21).
#
# script(1) gives haven a pseudo-terminal of a set width (stty cols); the
# text it writes, with colour escapes removed and only what is left after
# the last carriage return of a line, must have no line wider than the
# terminal (wc -L counts display columns, wide characters as two), so the
# terminal never breaks a line itself: not "P / ress Enter", not a "…" on
# a line of its own.  Words are broken only between them: the long
# sentences read whole once the lines are joined again.
. "$E2E_DIR/lib.sh"

if ! command -v script >/dev/null 2>&1; then
	_e2e_fail "script(1) is needed for the terminal tests" "install util-linux (bsdutils)"
	done_testing
fi

# at_cols COLS ANSWERS CMD...: run CMD on a terminal COLS wide, typing ANSWERS;
# the screen's lines go to screen.txt.
at_cols() {
	local cols=$1 answers=$2
	shift 2
	printf '%s' "$answers" >answers.txt
	local cmd
	cmd=$(printf '%q ' "$@")
	RUN_STDIN=answers.txt run timeout 20 script -qec "stty cols $cols; $cmd" /dev/null
	printf '%s\n' "$OUT" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\r$//; s/.*\r//' >screen.txt
}
widest() {
	wc -L <screen.txt
}
# joined: the screen as one line, so a sentence broken between words reads whole.
joined() {
	tr '\n' ' ' <screen.txt | tr -s ' '
}

# --- the journal list: "…" in place, never on a line of its own -------------------
long=$(printf 'the words went on and on %.0s' 1 2 3 4 5 6)
check "a long entry" haven log -i 6 -k partner-distance -k work "$long"
check "a short entry" haven log -i 3 "short one"
check "a long entry in wide characters" haven log -i 5 -k conflict "$(printf '返事がない%.0s' 1 2 3 4 5 6 7 8 9 10)"
for cols in 40 80 100; do
	at_cols "$cols" "" "$HAVEN" journal
	assert_eq "journal at $cols columns: exit 0" 0 "$RC"
	assert_true "journal at $cols columns: no line wider than $cols (widest $(widest))" \
		test "$(widest)" -le "$cols"
	assert_eq "journal at $cols columns: one line per entry, each starting with its id" 3 \
		"$(grep -cE '^[0-9a-f]{8}  ' screen.txt)"
	assert_false "journal at $cols columns: no line that is only \"…\"" grep -qx '…' screen.txt
	[ "$cols" -lt 80 ] && continue
	assert_eq "journal at $cols columns: the two long entries shortened with \"…\"" 2 \
		"$(grep -c '…$' screen.txt)"
done

# --- the steps of haven log: broken between words at the width --------------------
eased="A rough guess is fine. If it has not eased yet, you can add this later with haven journal edit."
for cols in 60 80; do
	at_cols "$cols" $'a wait\n\n\n\n\n5\n\n\n\n' "$HAVEN" log
	assert_eq "log at $cols columns: saved" 0 "$RC"
	assert_true "log at $cols columns: no line wider than $cols (widest $(widest))" \
		test "$(widest)" -le "$cols"
	assert_contains "log at $cols columns: the long hint reads whole, no word split" "$(joined)" "$eased"
	assert_contains "log at $cols columns: the emotion words are all there" "$(joined)" \
		"fear, afraid, anxious, worried, insecure, panicky, on edge, overwhelmed, uncertain"
done

# --- a practice's distress question ------------------------------------------------
for cols in 40 80; do
	at_cols "$cols" $'6\n4\n' "$HAVEN" breathe three --pace 0.01 --plain
	assert_eq "breathe at $cols columns: done" 0 "$RC"
	# The question and its hint, up to the "0-10>" prompt (a practice's own
	# lines at 40 columns are not yet broken: issue 21's width test).
	sed -n '/^Before you begin/,/0-10>/p' screen.txt >question.txt
	assert_true "breathe at $cols columns: the question is there" test -s question.txt
	assert_true "breathe at $cols columns: no line of the question wider than $cols" \
		test "$(wc -L <question.txt)" -le "$cols"
	assert_contains "breathe at $cols columns: \"Press Enter\" whole" "$(joined)" \
		"as much as it gets)? Press Enter to skip."
done

done_testing
