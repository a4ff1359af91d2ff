# t-scales.sh — one scale for "how strong" (issue 21): haven asks out of
# 10 everywhere, and where a scale differs the screen says why.  A journal
# entry starts at 1, not 0 as a check-in and a practice do; a thought
# record's feelings run to 100, so a small easing shows when they are
# rated again.  The flags and JSON keep their ranges for scripts.
. "$E2E_DIR/lib.sh"

if ! command -v script >/dev/null 2>&1; then
	_e2e_fail "script(1) is needed for the terminal tests" "install util-linux (bsdutils)"
	done_testing
fi

# on_tty ANSWERS CMD...: CMD on a terminal, ANSWERS typed; $FLAT is what
# it showed on one line, so a sentence broken at the width still matches.
on_tty() {
	printf '%s' "$1" >answers.txt
	shift
	RUN_STDIN=answers.txt run timeout 20 script -qec "$(printf '%q ' "$@")" /dev/null
	FLAT=$(printf '%s' "$OUT" | tr '\r\n' '  ' | tr -s ' ')
}

on_tty $'\n\n\n\n\n5\n\n\n\n' "$HAVEN" log
assert_contains "log: asks from 1 to 10" "$FLAT" "from 1 to 10"
assert_contains "log: says why it starts at 1" "$FLAT" "It starts at 1, not 0 as a check-in does"
on_tty $'\n' "$HAVEN" checkin
assert_contains "checkin: 0 is calm, 10 the most" "$FLAT" "0 is calm, 10 is as much distress as it gets"
on_tty $'a quiet evening\nthey are gone\nanxious 80\n' "$HAVEN" thought
assert_contains "thought: asks to 100" "$FLAT" "from 0 to 100"
assert_contains "thought: says why it is not 10" "$FLAT" "not 10 as elsewhere in haven"

# The ranges scripts rely on are unchanged.
check "log -i 1 still saves" haven log -i 1 "a flicker"
check_fails 2 "log -i 0 is still refused" haven log -i 0 "nothing"
check "thought --emotion still takes 0-100" haven thought --thought "they are gone" --emotion anxious=85
check "checkin 0 still saves" haven checkin 0

done_testing
