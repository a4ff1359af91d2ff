# t-pager.sh — long output goes through a pager on a terminal ($PAGER,
# "less -FRX" by default), never when piped, never with --json, and never
# for a command that asks something.  The terminal is script(1) or tmux.
. "$E2E_DIR/lib.sh"

PANE=pager
. "$E2E_DIR/tmux.sh"

for i in $(seq 1 30); do
	log_id -i $((i % 10 + 1)) --at "2026-01-0$((i % 6 + 1)) 1$((i % 10)):00" "moment number $i" >/dev/null
done

# on_tty CMD: run the shell command CMD on a terminal of script(1)'s, 80
# columns wide, with PAGER writing what it was given to $T/paged.
on_tty() {
	rm -f "$T/paged"
	run env PAGER="cat > '$T/paged'" TERM=xterm COLUMNS=80 script -qefc "stty cols 80 2>/dev/null; $1" /dev/null
}
paged() { [ -s "$T/paged" ]; }

# --- piped: never ------------------------------------------------------------------------
rm -f "$T/paged"
PAGER="cat > '$T/paged'" check "journal, piped" haven journal
assert_false "piped: no pager" paged
assert_contains "piped: the listing on stdout" "$OUT" "moment number 30"
PAGER="cat > '$T/paged'" check "help, piped" haven help
assert_false "help piped: no pager" paged

# --- on a terminal: the listings ---------------------------------------------------------
for cmd in "journal" "journal --limit 50" "help" "help log" "log --help" "--help" "insights" \
	"practices" "thoughts"; do
	on_tty "'$HAVEN' $cmd"
	assert_eq "$cmd on a terminal: exit 0" 0 "$RC"
	assert_true "$cmd on a terminal: through the pager" paged
done
on_tty "'$HAVEN' journal"
assert_contains "the pager gets the journal" "$(cat "$T/paged")" "moment number 30"
assert_not_contains "nothing but the pager's output on the terminal" "$OUT" "moment number 30"
# The pager's pipe is not the terminal, yet lines keep to its width.
long=$(printf 'word %.0s' $(seq 1 40))
log_id -i 3 --at "2026-01-07 10:00" "$long" >/dev/null
on_tty "'$HAVEN' journal"
# The widest line of a file in characters, colour escapes left out.
widest() {
	sed 's/\x1b\[[0-9;]*m//g' "$1" | LC_ALL=C.UTF-8 bash -c \
		'w=0; while IFS= read -r l; do [ ${#l} -gt $w ] && w=${#l}; done; echo $w'
}
assert_eq "through the pager, lines keep to the terminal's width" 80 "$(widest "$T/paged")"
assert_contains "a long line is shortened in place" "$(cat "$T/paged")" "…"

# --- on a terminal: not with --json, not with PAGER empty, not when asking -----------------
on_tty "'$HAVEN' --json journal"
assert_false "--json: no pager" paged
assert_contains "--json: the JSON on the terminal" "$OUT" '"kind": "trigger"'
rm -f "$T/paged"
run env PAGER= TERM=xterm script -qefc "'$HAVEN' journal" /dev/null
assert_contains "PAGER empty: straight to the terminal" "$OUT" "moment number 30"
run env PAGER="cat > '$T/paged'" TERM=dumb script -qefc "'$HAVEN' journal" /dev/null
assert_false "TERM=dumb: no pager" paged
assert_contains "TERM=dumb: straight to the terminal" "$OUT" "moment number 30"
on_tty "'$HAVEN' journal show nosuchid"
assert_eq "an error is not paged" "" "$(cat "$T/paged" 2>/dev/null)"
on_tty "printf '5\n\n' | '$HAVEN' checkin"
assert_false "checkin, which asks: no pager" paged
on_tty "'$HAVEN' version"
assert_false "a short answer: no pager" paged

# --- less on a real terminal: the page waits, q leaves, the exit status stays ----------------
rm -f "$T/rc"
tmux_start 80 "bash -c 'env -u PAGER -u LESS $HAVEN help; echo \$? >\"$T/rc\"; exec sleep 120'"
assert_true "less shows the help" wait_for "haven — a calm place"
sleep 0.5
S=$(screen)
assert_false "it waits at the first page" test -s "$T/rc"
assert_not_contains "the end of the help is not shown yet" "$S" "Exit status: 0 done"
tm send-keys -t "$PANE" G
assert_true "the end, on asking" wait_for "Exit status: 0 done"
tm send-keys -t "$PANE" q
assert_true "q leaves" wait_file "$T/rc"
assert_eq "help through less: exit 0" 0 "$(cat "$T/rc")"
# Leaving before the end is no error: nothing said about output cut short.
rm -f "$T/rc"
tmux_start 80 "bash -c 'env -u PAGER -u LESS $HAVEN journal --limit 100000 2>\"$T/err\"; echo \$? >\"$T/rc\"; exec sleep 120'"
assert_true "less shows the journal" wait_for "moment number"
tm send-keys -t "$PANE" q
assert_true "q leaves the journal" wait_file "$T/rc"
assert_eq "journal left early: exit 0" 0 "$(cat "$T/rc")"
assert_eq "journal left early: no complaint" "" "$(cat "$T/err")"
# One screen's worth: less -F leaves by itself.
rm -f "$T/rc"
tmux_start 80 "bash -c 'env -u PAGER -u LESS $HAVEN help version; echo \$? >\"$T/rc\"; exec sleep 120'"
assert_true "a short help needs no key" wait_file "$T/rc"
assert_contains "and stays on the screen" "$(screen)" "which haven this is"

done_testing
