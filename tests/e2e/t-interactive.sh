# t-interactive.sh — `haven log` on a terminal: the step-by-step walk.
#
# script(1) (util-linux) gives haven a pseudo-terminal; the answers are
# typed into it one line per step.  The steps, in order: what, thoughts,
# body, emotions (words), triggers (numbers or words), intensity (asked
# again until it is 1-10), what you did (numbers or own words; own words
# are followed by "protest or soothing?"), minutes until it eased, then the
# offer of four reflection questions.  What is checked is what was saved.
. "$E2E_DIR/lib.sh"

if ! command -v script >/dev/null 2>&1; then
	_e2e_fail "script(1) is needed for the terminal tests" "install util-linux (bsdutils)"
	done_testing
fi

# on_tty ANSWERS [ARGS...]: run `haven log ARGS` on a terminal, typing ANSWERS.
on_tty() {
	local answers=$1
	shift
	printf '%s' "$answers" >answers.txt
	local cmd
	cmd=$(printf '%q ' "$HAVEN" log "$@")
	RUN_STDIN=answers.txt run timeout 20 script -qec "$cmd" /dev/null
}
# saved_entry: the record whose short id the last run offered to edit, in
# "To add to it later: haven journal edit abcd1234".
saved_entry() {
	local short
	short=$(printf '%s' "$OUT" | grep -o 'haven journal edit [0-9a-f]\{8\}' | grep -o '[0-9a-f]\{8\}$' | tail -1)
	if [ -z "$short" ]; then
		echo "no short id printed"
		return
	fi
	run haven --json journal show "$short"
	printf '%s' "$OUT"
}

# --- every step answered ----------------------------------------------------------
on_tty $'no reply since lunch\nthey are pulling away\ntight chest\nlonely, On Edge\n1, 10\n7\n1, 12, texted him twice\np\n45\nn\n'
assert_eq "walk: exit status 0" 0 "$RC"
assert_contains "walk: says it was saved" "$OUT" "Saved"
assert_contains "walk: asks the first step" "$OUT" "What was happening?"
assert_contains "walk: asks for the intensity" "$OUT" "1-10>"
assert_contains "walk: offers the reflection" "$OUT" "four short questions"
E=$(saved_entry)
assert_eq "walk: what" "no reply since lunch" "$(jget "$E" '$.body.what')"
assert_eq "walk: thoughts" "they are pulling away" "$(jget "$E" '$.body.thoughts')"
assert_eq "walk: body" "tight chest" "$(jget "$E" '$.body.body')"
assert_eq "walk: emotion words mapped to ids" '["lonely","on-edge"]' "$(jget "$E" '$.body.emotions')"
assert_eq "walk: triggers picked by number" '["partner-distance","self-talk"]' "$(jget "$E" '$.body.triggers')"
assert_eq "walk: intensity" 7 "$(jget "$E" '$.body.intensity')"
assert_eq "walk: responses picked by number" '["extra-texts","breathed"]' "$(jget "$E" '$.body.responses')"
assert_eq "walk: own words kept as the response" "texted him twice" "$(jget "$E" '$.body.response')"
assert_eq "walk: own words marked protest" protest "$(jget "$E" '$.body.response_type')"
assert_eq "walk: minutes until it eased" 45 "$(jget "$E" '$.body.recovered_minutes')"
assert_eq "walk: no reflection when declined" absent "$(jtype "$E" '$.body.reflection')"
assert_eq "walk: created now" 2026-01-07T16:00:00.000Z "$(jget "$E" '$.created')"
assert_match "walk: the saved entry has a full id" "$UUID_RE" "$(jget "$E" '$.id')"

# --- Enter skips every step but the intensity ------------------------------------------
on_tty $'\n\n\n\n\n\n0\nseven\n11\n4\n\n\n\n'
assert_eq "skips: exit status 0" 0 "$RC"
assert_contains "skips: a bad intensity is asked again" "$OUT" "A whole number from 1 to 10"
E=$(saved_entry)
assert_eq "skips: only the intensity was saved" intensity "$(jkeys "$E" '$.body')"
assert_eq "skips: the first good intensity" 4 "$(jget "$E" '$.body.intensity')"

# --- a trigger that is not on the menu is asked again, not lost at the end ----------------
on_tty $'typo\n\n\n\n99, 1\nwork, conflict\n5\n\n\n\n'
assert_eq "re-ask: exit status 0" 0 "$RC"
assert_contains "re-ask: says the choice is not there" "$OUT" '"99" is not one of the choices'
E=$(saved_entry)
assert_eq "re-ask: the second answer, by slug" '["work","conflict"]' "$(jget "$E" '$.body.triggers')"
assert_eq "re-ask: the rest goes on" 5 "$(jget "$E" '$.body.intensity')"

# --- words given on the command line skip the first step; --at still applies ---------------
on_tty $'\n\n\n\n3\n\n\n\n' --at "today 9:15" "late" "again"
assert_eq "with WHAT: exit status 0" 0 "$RC"
assert_not_contains "with WHAT: the what step is not asked" "$OUT" "What was happening?"
E=$(saved_entry)
assert_eq "with WHAT: the words are the what" "late again" "$(jget "$E" '$.body.what')"
assert_eq "with WHAT: intensity from the walk" 3 "$(jget "$E" '$.body.intensity')"
assert_eq "with WHAT: --at applies" 2026-01-07T09:15:00.000Z "$(jget "$E" '$.created')"

# --- the four reflection questions ------------------------------------------------------
on_tty $'a slow reply\n\n\n\n\n5\n\n20\ny\nnone really\nit feels old\nthat it is ok\n\n'
assert_eq "reflection: exit status 0" 0 "$RC"
E=$(saved_entry)
assert_eq "reflection: answers saved under their questions" \
	'{"evidence":"none really","friend":"that it is ok","now-or-then":"it feels old"}' \
	"$(jget "$E" '$.body.reflection')"
assert_eq "reflection: an edit, so version 2" 2 "$(jget "$E" '$.version')"
assert_eq "reflection: the walk's answers kept" 20 "$(jget "$E" '$.body.recovered_minutes')"

# --- input that ends before the intensity saves nothing ---------------------------------
before=$(db_hash)
count_before=$(run haven --json journal --limit 1000; jlen "$OUT")
on_tty $'only this\n'
assert_eq "cut short: exit status 1" 1 "$RC"
assert_contains "cut short: says nothing was saved" "$OUT" "nothing saved"
assert_eq "cut short: no new entry" "$count_before" "$(run haven --json journal --limit 1000; jlen "$OUT")"
assert_eq "cut short: the database is byte-identical" "$before" "$(db_hash)"

# --- -i on a terminal asks nothing -----------------------------------------------------------
on_tty "" -i 6 -k work "flag only"
assert_eq "-i on a terminal: exit status 0" 0 "$RC"
assert_not_contains "-i on a terminal: nothing asked" "$OUT" "1-10>"
E=$(saved_entry)
assert_eq "-i on a terminal: saved from the flags" "flag only" "$(jget "$E" '$.body.what')"

# --- colour on a terminal, and NO_COLOR --------------------------------------------------------
export TERM=xterm
on_tty "" -i 2 "colourful"
assert_contains "a terminal gets colour" "$OUT" $'\033['
export NO_COLOR=1
on_tty "" -i 2 "plain"
assert_not_contains "NO_COLOR turns colour off" "$OUT" $'\033['
unset NO_COLOR
on_tty "" --no-color -i 2 "plain too"
assert_not_contains "--no-color turns colour off" "$OUT" $'\033['

done_testing
