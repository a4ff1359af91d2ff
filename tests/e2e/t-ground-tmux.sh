# t-ground-tmux.sh — the practices on a real terminal, driven through tmux:
# `haven ground` asked and answered on screen (read back with
# capture-pane), and Ctrl-C in the middle of an animated breath, after
# which the terminal settings (stty -g) and the cursor must be as before
# and the partial practice must be saved.
. "$E2E_DIR/lib.sh"

PANE=practice
. "$E2E_DIR/tmux.sh"

# start CMD: run CMD in a fresh 100x50 pane.  The wrapping bash traps INT
# so Ctrl-C reaches haven without ending the pane; the pane then idles so
# the screen can still be read.
start() {
	rm -f "$T/rc" "$T/stty-before" "$T/stty-after"
	tmux_start 100 "bash -c 'trap : INT; stty -g >\"$T/stty-before\"; $1; echo \$? >\"$T/rc\"; stty -g >\"$T/stty-after\"; exec sleep 120'"
}

# --- haven ground, answered on screen -----------------------------------------
start "'$HAVEN' ground"
assert_true "ground asks the distress first" wait_for "0-10>"
tm send-keys -t practice 6 Enter
assert_true "ground: five things seen" wait_for "Five things you can see"
# Answer each of the fifteen prompts only once it shows: the first typed,
# the rest just confirmed with Enter.
prompts() {
	screen | grep -c -E '^  [0-9] >'
}
for k in $(seq 15); do
	for i in $(seq 200); do
		[ "$(prompts)" -ge "$k" ] && break
		sleep 0.1
	done
	if [ "$k" -eq 1 ]; then
		tm send-keys -t practice "a blue mug" Enter
	else
		tm send-keys -t practice Enter
	fi
done
for sense in "Four things you can touch" "Three things you can hear" "Two things you can smell" "One thing you can taste"; do
	assert_true "ground: $sense" wait_for "$sense"
done
assert_true "ground: asks distress after" wait_for "And now, from 0 to 10"
tm send-keys -t practice 3 Enter
assert_true "ground finishes" wait_file "$T/rc"
S=$(screen)
assert_eq "ground: exit status 0" 0 "$(cat "$T/rc")"
assert_contains "ground: the typed answer is on screen" "$S" "1 > a blue mug"
assert_contains "ground: the closing words" "$S" "You are here, in this moment"
assert_contains "ground: saved" "$S" "Done."
assert_eq "ground: five prompts under seeing" 5 \
	"$(printf '%s\n' "$S" | sed -n '/Five things you can see/,/Four things/p' | grep -c -E '^  [0-9] >')"

check "the ground practice is recorded" haven practices --json
assert_eq "ground: technique" ground "$(jget "$OUT" '$.techniques[0].technique')"
assert_eq "ground: completed" 1 "$(jget "$OUT" '$.techniques[0].completed')"
assert_eq "ground: rated" 1 "$(jget "$OUT" '$.techniques[0].rated')"
check "export" haven export
rec=$(printf '%s\n' "$OUT" | grep '"technique":"ground"')
assert_eq "ground: distress before from the screen" 6 "$(jget "$rec" '$.body.distress_before')"
assert_eq "ground: distress after from the screen" 3 "$(jget "$rec" '$.body.distress_after')"
assert_not_contains "ground: what was typed is not stored" "$rec" "blue mug"

# --- Ctrl-C in the middle of an animated breath -----------------------------------
start "'$HAVEN' breathe box --before 5"
assert_true "breathe: the animation shows" wait_for "box breathing · round 1 of 4"
assert_true "breathe: a bar is drawn" wait_for "░"
tm send-keys -t practice C-c
assert_true "breathe: ends after Ctrl-C" wait_file "$T/stty-after"
S=$(screen)
assert_eq "Ctrl-C: exit status 130" 130 "$(cat "$T/rc")"
assert_eq "Ctrl-C: terminal settings restored (stty -g)" "$(cat "$T/stty-before")" "$(cat "$T/stty-after")"
assert_eq "Ctrl-C: the cursor is visible again" 1 "$(tm display-message -p -t practice '#{cursor_flag}')"
assert_contains "Ctrl-C: says it stopped and saved" "$S" "Stopped after"
check "export after Ctrl-C" haven export
rec=$(printf '%s\n' "$OUT" | grep '"technique":"breathe-box"')
assert_eq "Ctrl-C: one partial practice" 1 "$(printf '%s\n' "$rec" | grep -c .)"
assert_eq "Ctrl-C: not completed" false "$(jtype "$rec" '$.body.completed')"
assert_eq "Ctrl-C: planned the whole 64 s" 64 "$(jget "$rec" '$.body.planned_seconds')"
assert_eq "Ctrl-C: ran for less" 1 "$(sqlite3 :memory: "SELECT $(jget "$rec" '$.body.actual_seconds') < 64")"
assert_eq "Ctrl-C: distress before kept" 5 "$(jget "$rec" '$.body.distress_before')"

# --- NO_COLOR on a terminal: the animation, without colour ---------------------
start "NO_COLOR=1 '$HAVEN' breathe three --pace 0.1 --before 2 --after 1"
assert_true "NO_COLOR: finishes" wait_file "$T/rc"
assert_eq "NO_COLOR: exit status 0" 0 "$(cat "$T/rc")"
assert_eq "NO_COLOR: settings restored after a full run" "$(cat "$T/stty-before")" "$(cat "$T/stty-after")"
assert_not_contains "NO_COLOR: no colour on screen" "$(tm capture-pane -p -e -t practice)" $'\033[36m'

done_testing
