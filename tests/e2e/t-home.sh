# t-home.sh — `haven` alone reads the moment (issue 21): after a strong
# entry, or while a message is held back, the pause, the coach and the
# chat's usual silences come first; a held message that is ready is
# offered before anything; otherwise the quieter things.  The words are
# data/home.json's.  Each mood is also captured from a real terminal
# through tmux, at 80 and 40 columns, into tests/artifacts/home-MOOD.txt,
# and no line there passes the width.
. "$E2E_DIR/lib.sh"

DATA=$E2E_DIR/../../data
ARTIFACTS=$E2E_DIR/../artifacts
mkdir -p "$ARTIFACTS"
HOME_JSON=$(cat "$DATA/home.json")
at_least=$(jget "$HOME_JSON" '$.moment.stirred_at_least')
within=$(jget "$HOME_JSON" '$.moment.stirred_within_minutes')
# The fixed clock of run.sh: 2026-01-07T16:00:00Z.

mood() {
	run haven --json
	jget "$OUT" '$.moment.mood'
}

# --- no database yet: the home screen reads, and makes none ------------------------
check "home where there is no database" haven --db "$T/none/none.db" --json
assert_eq "no database: quiet" quiet "$(jget "$OUT" '$.moment.mood')"
assert_eq "no database: nothing recent" 0 "$(jlen "$OUT" '$.recent')"
assert_eq "no database: the quiet actions" "$(jmap "$HOME_JSON" '$.actions' do)" "$(jmap "$OUT" '$.actions' do)"
assert_false "no database: none made" test -e "$T/none"
check "the home screen where there is no database" env HAVEN_DB="$T/none/none.db" "$HAVEN" home
assert_contains "no database: says nothing is logged yet" "$OUT" "$(jget "$HOME_JSON" '$.empty' | cut -c1-30)"
assert_false "no database: still none" test -e "$T/none"
check_fails 2 "home takes no words" haven home soon
assert_false "a refused home makes none either" test -e "$HAVEN_DB"

# --- quiet: nothing yet, then an entry too mild or too long ago ------------------
assert_eq "an empty journal is quiet" quiet "$(mood)"
check "the quiet screen" haven
assert_contains "quiet: an action shown as its command" "$OUT" "haven insights"
assert_not_contains "quiet: no action id shown bare" "$OUT" "chat-wait"
assert_contains "quiet: the quiet actions" "$OUT" "$(jget "$HOME_JSON" '$.moments.quiet_title')"
assert_not_contains "quiet: no 'right now'" "$OUT" "$(jget "$HOME_JSON" '$.moments.stirred_title')"
check "a mild entry" haven log -i $((at_least - 1)) "a slow reply, mostly fine"
assert_eq "under the data's strength: quiet" quiet "$(mood)"
check "a strong entry long ago" haven log -i 9 --at 2026-01-07T10:00:00Z "the fight this morning"
assert_eq "a strong entry hours ago: still quiet" quiet "$(mood)"

# --- stirred: a strong entry within the data's minutes ------------------------------
check "a strong entry just now" haven log -i "$at_least" --at 2026-01-07T15:40:00Z \
	"he has not answered since lunch"
assert_eq "a strong, recent entry: stirred" stirred "$(mood)"
run haven --json
assert_eq "stirred: its intensity" "$at_least" "$(jget "$OUT" '$.moment.intensity')"
assert_eq "stirred: the pause first" "haven pause" "$(jget "$OUT" '$.actions[0].command')"
# The data names actions by id; the command line shows each as its command.
assert_eq "stirred: the data names the action" pause "$(jget "$OUT" '$.actions[0].do')"
assert_eq "stirred: each action, its id" "$(jmap "$HOME_JSON" '$.moments.stirred.actions' do)" \
	"$(jmap "$OUT" '$.actions' do)"
assert_eq "stirred: the chat's silences as a command to type" "haven chat wait NAME" \
	"$(jget "$OUT" '$.actions[2].command')"
assert_eq "stirred: the actions are the data's" \
	"$(jlen "$HOME_JSON" '$.moments.stirred.actions')" "$(jlen "$OUT" '$.actions')"
check "the stirred screen" haven
assert_contains "stirred: the lead names the strength" "$OUT" "was $at_least out of 10"
assert_contains "stirred: when it was" "$OUT" "today 15:40"
assert_contains "stirred: chat wait is offered" "$OUT" "haven chat wait"
first_action=$(printf '%s\n' "$OUT" | grep -n "haven pause" | head -1 | cut -d: -f1)
recently=$(printf '%s\n' "$OUT" | grep -n "^$(jget "$HOME_JSON" '$.recent_title')" | cut -d: -f1)
assert_true "stirred: what helps comes before the entries" [ "$first_action" -lt "$recently" ]
check "the moment passes: an hour after the data's minutes" \
	env HAVEN_NOW=2026-01-07T$(printf '%02d' $((15 + (40 + within) / 60 + 1))):00:00Z "$HAVEN" --json
assert_eq "later: quiet again" quiet "$(jget "$OUT" '$.moment.mood')"

# --- holding a message back keeps the moment; a ready one leads ---------------------
check "hold a draft for 20 minutes" haven coach --hold 20m "why are you ignoring me"
assert_eq "holding: stirred" stirred "$(mood)"
run haven --json
assert_eq "holding: one waiting" 1 "$(jget "$OUT" '$.moment.held_waiting')"
check "the holding screen" haven
assert_contains "holding: says until when" "$OUT" "until today 16:20"
check "half an hour later" env HAVEN_NOW=2026-01-07T16:30:00Z "$HAVEN" --json
assert_eq "ready while stirred: the held message first" "haven coach held" \
	"$(jget "$OUT" '$.actions[0].command')"
assert_eq "ready while stirred: one ready" 1 "$(jget "$OUT" '$.moment.held_ready')"
check "the next morning" env HAVEN_NOW=2026-01-08T09:00:00Z "$HAVEN" --json
assert_eq "next morning: held" held "$(jget "$OUT" '$.moment.mood')"
assert_eq "held: the held message first" "haven coach held" "$(jget "$OUT" '$.actions[0].command')"
assert_eq "held: by its action" coach-held "$(jget "$OUT" '$.actions[0].do')"
check "the held screen" env HAVEN_NOW=2026-01-08T09:00:00Z "$HAVEN"
assert_contains "held: the data's lead" "$OUT" "$(jget "$HOME_JSON" '$.moments.held.lead')"

# --- each mood on a real terminal, captured -----------------------------------------
if command -v tmux >/dev/null 2>&1; then
	PANE=home
	. "$E2E_DIR/tmux.sh"
	capture() { # capture MOOD NOW WIDTH TEXT [DB]
		local mood=$1 width=$3 db=${5:-$HAVEN_DB}
		rm -f "$T/done"
		tmux_start "$width" \
			"bash -c 'HAVEN_DB=$db HAVEN_NOW=$2 \"$HAVEN\"; echo done >\"$T/done\"; exec sleep 60'"
		wait_file "$T/done" || true
		sleep 0.2
		# the screen, without the empty rows below what was written
		screen | awk '{ line[NR] = $0 } $0 != "" { last = NR }
			END { for (i = 1; i <= last; i++) print line[i] }' >"$ARTIFACTS/home-$mood-$width.txt"
		assert_contains "$mood at $width columns: the greeting shows" \
			"$(cat "$ARTIFACTS/home-$mood-$width.txt")" "$4"
		local long
		# wc -L counts columns; awk's length counts the bytes of "…" as three
		long=$(while IFS= read -r l; do
			[ "$(printf '%s' "$l" | wc -L)" -gt "$width" ] && printf '%s\n' "$l"
		done <"$ARTIFACTS/home-$mood-$width.txt")
		assert_eq "$mood at $width columns: no line passes the width" "" "$long"
	}
	for w in 80 40; do
		capture stirred 2026-01-07T16:10:00Z "$w" "Right now"
		capture held 2026-01-08T09:00:00Z "$w" "A message you held"
		capture quiet 2026-01-09T12:00:00Z "$w" "$(jget "$HOME_JSON" '$.moments.quiet_title')" \
			"$T/quiet.db"
	done
fi

done_testing
