# t-tty-words.sh — `haven thought` and `haven coach held` on a terminal.
#
# script(1) (util-linux) gives haven a pseudo-terminal; the answers are
# typed into it one line per step.  The thought record asks, in order: the
# situation, the thought, feelings with 0-100 ratings, thinking patterns
# (Enter takes haven's proposal, "none" takes none, a pattern not on the
# list is asked again), evidence for and against, the reality-testing
# questions (a fifth when the thought is about being left), what a friend
# would hear, a balanced thought, then each feeling rated again.  Enter
# skips any step; input that ends early skips the rest.  `coach held`
# shows each draft whose hold has passed, with the coach's view, and asks
# keep (k), rewrite (r, then the new words) or drop (d); anything else
# leaves the draft held.  What is checked is what was saved, and that
# crisis language typed into a step brings the help lines first.
. "$E2E_DIR/lib.sh"

if ! command -v script >/dev/null 2>&1; then
	_e2e_fail "script(1) is needed for the terminal tests" "install util-linux (bsdutils)"
	done_testing
fi

HELP="You do not have to hold this alone"

# on_tty ANSWERS CMD...: run CMD on a terminal, typing ANSWERS.
on_tty() {
	local answers=$1
	shift
	printf '%s' "$answers" >answers.txt
	local cmd
	cmd=$(printf '%q ' "$@")
	RUN_STDIN=answers.txt run timeout 20 script -qec "$cmd" /dev/null
}
# thought_tty ANSWERS [ARGS...]: `haven thought ARGS` on a terminal.
thought_tty() {
	local answers=$1
	shift
	on_tty "$answers" "$HAVEN" thought "$@"
}
# held_tty NOW ANSWERS: `haven coach held` on a terminal at the time NOW.
held_tty() {
	on_tty "$2" env HAVEN_NOW="$1" "$HAVEN" coach held
}
# saved_thought: the record whose short id the last run printed as
# "Saved your thought record. (abcd1234)", read back from `haven --json thoughts`.
saved_thought() {
	local short i
	short=$(printf '%s' "$OUT" | grep -o 'Saved your thought record ([0-9a-f]\{8\})' |
		grep -o '([0-9a-f]\{8\})' | tr -d '()' | tail -1)
	if [ -z "$short" ]; then
		echo "no short id printed"
		return
	fi
	run haven --json thoughts
	i=$(jmap "$OUT" '$.records' id | grep -n "^$short" | cut -d: -f1)
	if [ -z "$i" ]; then
		echo "no record $short"
		return
	fi
	jget "$OUT" "\$.records[$((i - 1))]"
}
thought_count() {
	run haven --json thoughts
	jlen "$OUT" '$.records'
}
# held_record ID: the held draft ID as `haven export` writes it.
held_record() {
	run haven export
	printf '%s\n' "$OUT" | grep -F "\"id\":\"$1\""
}
# count_of NEEDLE: how many times NEEDLE occurs in the last run's output.
count_of() {
	printf '%s' "$OUT" | grep -oF -- "$1" | wc -l | tr -d ' '
}
# What each decision says (data/coach.json), and how many were said.
COACH_JSON=$(cat "$E2E_DIR/../../data/coach.json")
KEPT=$(jget "$COACH_JSON" '$.messages.decided.kept')
REWRITTEN=$(jget "$COACH_JSON" '$.messages.decided.rewritten')
DROPPED=$(jget "$COACH_JSON" '$.messages.decided.dropped')
decisions() {
	echo $(($(count_of "$KEPT") + $(count_of "$REWRITTEN") + $(count_of "$DROPPED")))
}

# === haven thought ==========================================================

# --- every step answered ------------------------------------------------------
thought_tty $'no reply since lunch\nHe is going to leave me\nanxious 80, sad 40\n\nhis reply was short\nhe said he would call tonight\nhe is at work\nbusy, or his phone died\nyes, last spring\na charged phone\nit feels very old\nbusy days happen\nhe is probably busy; he said he would call\n50\n30\n'
assert_eq "thought walk: exit status 0" 0 "$RC"
assert_contains "thought walk: Enter-to-skip is offered" "$OUT" "Press Enter to skip any step"
assert_contains "thought walk: asks the situation" "$OUT" "What was the situation?"
assert_contains "thought walk: asks the feelings" "$OUT" "What did you feel, and how strongly, from 0 to 100?"
assert_contains "thought walk: proposes a pattern from the thought" "$OUT" "haven noticed: fortune telling"
assert_contains "thought walk: the questions come" "$OUT" "A few questions you could sit with"
assert_contains "thought walk: about being left, so the fifth question" "$OUT" "How old does this feeling feel?"
assert_contains "thought walk: re-rates the first feeling" "$OUT" "anxious (was 80)> "
assert_contains "thought walk: re-rates the second feeling" "$OUT" "sad (was 40)> "
assert_contains "thought walk: says it was saved" "$OUT" "Saved your thought record ("
assert_contains "thought walk: ends on what to do next" "$(printf '%s\n' "$OUT" | tr -d '\r' | grep -v '^$' | tail -n 1)" "haven thoughts"
assert_not_contains "thought walk: no crisis notice for ordinary words" "$OUT" "$HELP"
R=$(saved_thought)
assert_eq "thought walk: kind" thought "$(jget "$R" '$.kind')"
assert_match "thought walk: a full id" "$UUID_RE" "$(jget "$R" '$.id')"
assert_eq "thought walk: created now" 2026-01-07T16:00:00.000Z "$(jget "$R" '$.created')"
assert_eq "thought walk: situation" "no reply since lunch" "$(jget "$R" '$.body.situation')"
assert_eq "thought walk: thought" "He is going to leave me" "$(jget "$R" '$.body.thought')"
assert_eq "thought walk: feelings rated before and after" \
	'[{"after":50,"before":80,"name":"anxious"},{"after":30,"before":40,"name":"sad"}]' \
	"$(jget "$R" '$.body.emotions')"
assert_eq "thought walk: the proposal is recorded" '["fortune-telling"]' "$(jget "$R" '$.body.proposed')"
assert_eq "thought walk: Enter takes the proposal" '["fortune-telling"]' "$(jget "$R" '$.body.patterns')"
assert_eq "thought walk: evidence for" "his reply was short" "$(jget "$R" '$.body.evidence_for')"
assert_eq "thought walk: evidence against" "he said he would call tonight" "$(jget "$R" '$.body.evidence_against')"
assert_eq "thought walk: answers under their question ids" \
	'{"likely":"he is at work","need-to-know":"a charged phone","now-or-then":"it feels very old","other":"busy, or his phone died","survived":"yes, last spring"}' \
	"$(jget "$R" '$.body.answers')"
assert_eq "thought walk: friend" "busy days happen" "$(jget "$R" '$.body.friend')"
assert_eq "thought walk: balanced" "he is probably busy; he said he would call" "$(jget "$R" '$.body.balanced')"
run haven --json thoughts
assert_eq "thought walk: the feeling eased by 20 points" 20.0 "$(jget "$OUT" '$.patterns[0].mean_drop')"

# --- a pattern not on the list is asked again; unreadable ratings are skipped --------
thought_tty $'\nI always mess everything up\nanxious, sad 40, calm=200\ndoom, labeling\nmind-reading all-or-nothing\n\n\n\n\n\n\n\n\nsad x\n'
assert_eq "re-ask: exit status 0" 0 "$RC"
assert_contains "re-ask: says the pattern is not listed" "$OUT" '"doom" is not one of the patterns listed'
assert_contains "re-ask: a feeling with no number is skipped aloud" "$OUT" '(skipped "anxious": write a feeling and a number 0-100)'
assert_contains "re-ask: a rating past 100 is skipped aloud" "$OUT" '(skipped "calm=200"'
assert_contains "re-ask: the kept feeling is rated again" "$OUT" "sad (was 40)> "
assert_not_contains "re-ask: a skipped feeling is not rated again" "$OUT" "anxious (was"
R=$(saved_thought)
assert_eq "re-ask: the second answer is kept" '["mind-reading","all-or-nothing"]' "$(jget "$R" '$.body.patterns')"
assert_contains "re-ask: haven's proposal still recorded" "$(jget "$R" '$.body.proposed')" '"all-or-nothing"'
assert_eq "re-ask: only the readable rating, and no unreadable re-rating" \
	'[{"before":40,"name":"sad"}]' "$(jget "$R" '$.body.emotions')"
assert_eq "re-ask: the skipped situation is not saved" absent "$(jtype "$R" '$.body.situation')"

# --- "none" turns the proposal down --------------------------------------------------
thought_tty $'dinner with friends\nI am such an idiot\n\nnone\n\n\n\n\n\n\n\n\n'
assert_eq "none: exit status 0" 0 "$RC"
assert_contains "none: labelling was proposed" "$OUT" "haven noticed: labelling"
R=$(saved_thought)
assert_eq "none: no patterns chosen" absent "$(jtype "$R" '$.body.patterns')"
assert_eq "none: the proposal is still recorded" '["labeling"]' "$(jget "$R" '$.body.proposed')"

# --- Enter skips every step but one ---------------------------------------------------
thought_tty $'quiet evening\n\n\n\n\n\n\n\n\n\n\n\n'
assert_eq "skips: exit status 0" 0 "$RC"
assert_contains "skips: nothing to propose without a thought" "$OUT" "haven did not notice a familiar pattern"
assert_not_contains "skips: no feelings, so no re-rating" "$OUT" "Now, how strong is each feeling"
assert_not_contains "skips: not about being left, no fifth question" "$OUT" "How old does this feeling feel?"
R=$(saved_thought)
assert_eq "skips: only the situation was saved" situation "$(jkeys "$R" '$.body')"
assert_eq "skips: the situation" "quiet evening" "$(jget "$R" '$.body.situation')"

# --- Enter on every step saves nothing -----------------------------------------------
n_before=$(thought_count)
thought_tty $'\n\n\n\n\n\n\n\n\n\n\n\n'
assert_eq "all skipped: exit status 2" 2 "$RC"
assert_contains "all skipped: says a step is needed" "$OUT" "needs at least one step"
assert_not_contains "all skipped: not said to be saved" "$OUT" "Saved your thought record"
assert_eq "all skipped: no new record" "$n_before" "$(thought_count)"

# --- input that ends early keeps what was written and asks nothing more ----------------
thought_tty $'the flat is quiet\nthey will leave me\n'
assert_eq "cut short: exit status 0" 0 "$RC"
assert_not_contains "cut short: the remaining steps are not shown" "$OUT" "What is a more balanced way to see it?"
assert_contains "cut short: saved" "$OUT" "Saved your thought record ("
R=$(saved_thought)
assert_eq "cut short: what was typed is kept" "the flat is quiet|they will leave me" \
	"$(jget "$R" '$.body.situation')|$(jget "$R" '$.body.thought')"
assert_eq "cut short: the proposal is not taken for a yes" absent "$(jtype "$R" '$.body.patterns')"
assert_eq "cut short: ... but kept as haven's proposal" '["fortune-telling"]' "$(jget "$R" '$.body.proposed')"
assert_eq "cut short: no answers" absent "$(jtype "$R" '$.body.answers')"
assert_eq "cut short: nothing else" proposed,situation,thought "$(jkeys "$R" '$.body' | tr ',' '\n' | sort | paste -sd, -)"

# --- input that ends before the first answer saves nothing ----------------------------
n_before=$(thought_count)
hash_before=$(db_hash)
thought_tty ""
assert_eq "no input: exit status 2" 2 "$RC"
assert_contains "no input: the steps are still shown" "$OUT" "What was the situation?"
assert_contains "no input: says a step is needed" "$OUT" "needs at least one step"
assert_eq "no input: no new record" "$n_before" "$(thought_count)"
assert_eq "no input: the database is byte-identical" "$hash_before" "$(db_hash)"

# --- crisis words in the thought: help first, then the record as written ---------------
thought_tty $'alone tonight\neveryone is better off without me\n\n\n\n\n\n\n\n\n\n\n\n'
assert_eq "crisis thought: exit status 0" 0 "$RC"
assert_contains "crisis thought: the calm message" "$OUT" "$HELP"
assert_contains "crisis thought: a help line" "$OUT" "findahelpline.com"
assert_contains "crisis thought: help comes before saving" "${OUT%%Saved your thought record*}" "$HELP"
R=$(saved_thought)
assert_eq "crisis thought: saved as written" "everyone is better off without me" "$(jget "$R" '$.body.thought')"

# --- crisis words in an answer to a question are heard too -------------------------------
thought_tty $'a quiet night\nhe has not called\n\n\n\n\nI want to die\n\n\n\n\n\n'
assert_eq "crisis answer: exit status 0" 0 "$RC"
assert_contains "crisis answer: the calm message" "$OUT" "$HELP"
R=$(saved_thought)
assert_eq "crisis answer: saved under its question" "I want to die" "$(jget "$R" '$.body.answers.likely')"

# --- flags on a terminal: nothing is asked -------------------------------------------
thought_tty $'typed but unread\n' --thought "flags only here"
assert_eq "flags on a terminal: exit status 0" 0 "$RC"
assert_not_contains "flags on a terminal: no steps asked" "$OUT" "What was the situation?"
assert_contains "flags on a terminal: the questions are listed" "$OUT" "A few questions you could sit with"
R=$(saved_thought)
assert_eq "flags on a terminal: the flag's thought" "flags only here" "$(jget "$R" '$.body.thought')"
assert_eq "flags on a terminal: the typed line is not a situation" absent "$(jtype "$R" '$.body.situation')"

# === haven coach held ========================================================

ASK="Keep it as it is (k), rewrite it (r), or drop it (d)? Enter skips."
hold_at() { # hold_at NOW LENGTH DRAFT: hold a draft at NOW; print its id
	run env HAVEN_NOW="$1" "$HAVEN" --json coach --hold "$2" "$3"
	jget "$OUT" '$.id'
}
A=$(hold_at 2026-01-07T15:00:00Z 20m "Why aren't you answering??")
B=$(hold_at 2026-01-07T15:10:00Z 20m "You never call")
assert_match "held setup: first draft held" "$UUID_RE" "$A"
assert_match "held setup: second draft held" "$UUID_RE" "$B"

# --- nothing ready yet: nothing asked ----------------------------------------------
held_tty 2026-01-07T15:15:00Z $'k\n'
assert_eq "none ready: exit status 0" 0 "$RC"
assert_contains "none ready: says so" "$OUT" "No held drafts are ready to look at yet."
assert_contains "none ready: counts the resting ones" "$OUT" "2 more still resting"
assert_not_contains "none ready: no question" "$OUT" "$ASK"
assert_eq "none ready: the typed k changed nothing" held "$(jget "$(held_record "$A")" '$.body.status')"

C=$(hold_at 2026-01-07T16:00:00Z 2h "See you at six")

# --- rewrite one, keep the next ----------------------------------------------------
held_tty 2026-01-07T16:00:00Z $'r\nI got anxious when I didn\'t hear back; could you send a word when you\'re free?\nkeep\n'
assert_eq "decide: exit status 0" 0 "$RC"
assert_contains "decide: the draft is shown" "$OUT" "Why aren't you answering??"
assert_contains "decide: with its short id" "$OUT" "${A:0:8}"
assert_contains "decide: with the coach's view" "$OUT" \
	"$(jget "$(cat "$E2E_DIR/../../data/coach.json")" '$.kinds."excessive-contact".label')"
assert_contains "decide: and a rewrite offered" "$OUT" "You could try saying it this way"
assert_contains "decide: the question is asked" "$OUT" "$ASK"
assert_eq "decide: asked once per ready draft" 2 "$(count_of "$ASK")"
assert_contains "decide: r asks for the new words" "$OUT" "Your new words> "
assert_contains "decide: oldest first" "${OUT%%You never call*}" "Why aren't you answering??"
assert_contains "decide: the rewrite noted" "$OUT" "$REWRITTEN"
assert_contains "decide: the keep noted" "$OUT" "$KEPT"
assert_not_contains "decide: no status word read out" "$OUT" "Noted:"
assert_contains "decide: the later one still resting" "$OUT" "1 more is still resting; it will be ready later."
assert_not_contains "decide: no flag hint on a terminal" "$OUT" "Decide with:"
assert_not_contains "decide: no crisis notice for ordinary words" "$OUT" "$HELP"
RA=$(held_record "$A")
assert_eq "decide: first draft rewritten" rewritten "$(jget "$RA" '$.body.status')"
assert_eq "decide: the new words saved" "I got anxious when I didn't hear back; could you send a word when you're free?" \
	"$(jget "$RA" '$.body.rewrite')"
assert_eq "decide: the draft itself kept" "Why aren't you answering??" "$(jget "$RA" '$.body.draft')"
assert_eq "decide: decided now" 2026-01-07T16:00:00.000Z "$(jget "$RA" '$.body.decided')"
assert_eq "decide: an edit, so version 2" 2 "$(jget "$RA" '$.version')"
RB=$(held_record "$B")
assert_eq "decide: \"keep\" keeps" kept "$(jget "$RB" '$.body.status')"
assert_eq "decide: a keep has no rewrite" absent "$(jtype "$RB" '$.body.rewrite')"
assert_eq "decide: the keep's time" 2026-01-07T16:00:00.000Z "$(jget "$RB" '$.body.decided')"
assert_eq "decide: the resting draft untouched" held "$(jget "$(held_record "$C")" '$.body.status')"
run haven --json coach held
assert_eq "decide: none ready now" 0 "$(jlen "$OUT" '$.ready')"
assert_eq "decide: one waiting" 1 "$(jget "$OUT" '$.waiting')"

# --- D drops; Enter, an unknown answer and r with no words leave a draft held ----------
D=$(hold_at 2026-01-07T15:20:00Z 10m "You always do this")
E=$(hold_at 2026-01-07T15:21:00Z 10m "Whatever.")
F=$(hold_at 2026-01-07T15:22:00Z 10m "Are you even there???")
G=$(hold_at 2026-01-07T15:23:00Z 10m "Do you even care?")
held_tty 2026-01-07T16:00:00Z $'D\n\nmaybe\nr\n\n'
assert_eq "skips: exit status 0" 0 "$RC"
assert_eq "skips: each draft asked once, none again" 4 "$(count_of "$ASK")"
assert_eq "skips: only one decision noted" 1 "$(decisions)"
assert_contains "skips: the drop noted" "$OUT" "$DROPPED"
assert_eq "skips: upper-case D drops" dropped "$(jget "$(held_record "$D")" '$.body.status')"
assert_eq "skips: Enter leaves it held" held "$(jget "$(held_record "$E")" '$.body.status')"
assert_eq "skips: an unknown answer leaves it held" held "$(jget "$(held_record "$F")" '$.body.status')"
assert_eq "skips: ... and says so, once" 1 "$(count_of "That was not k, r or d")"
RG=$(held_record "$G")
assert_eq "skips: r with no words leaves it held" held "$(jget "$RG" '$.body.status')"
assert_eq "skips: and saves no rewrite" absent "$(jtype "$RG" '$.body.rewrite')"
run haven --json coach held
assert_eq "skips: the three come back next time" "$E $F $G" "$(jmap "$OUT" '$.ready' id | paste -sd' ' -)"

# --- input that ends early decides nothing -----------------------------------------
hash_before=$(db_hash)
held_tty 2026-01-07T16:00:00Z ""
assert_eq "no input: exit status 0" 0 "$RC"
assert_eq "no input: every ready draft shown and asked" 3 "$(count_of "$ASK")"
assert_eq "no input: nothing noted" 0 "$(decisions)"
assert_eq "no input: the database is byte-identical" "$hash_before" "$(db_hash)"
held_tty 2026-01-07T16:00:00Z $'r\n'
assert_eq "ends at the new words: exit status 0" 0 "$RC"
assert_contains "ends at the new words: they were asked for" "$OUT" "Your new words> "
assert_eq "ends at the new words: nothing noted" 0 "$(decisions)"
assert_eq "ends at the new words: still held" held "$(jget "$(held_record "$E")" '$.body.status')"
assert_eq "ends at the new words: the database is byte-identical" "$hash_before" "$(db_hash)"

# --- crisis words in the new words: help first, then the rewrite as written --------------
held_tty 2026-01-07T16:00:00Z $'r\nI want to kill myself if you go\n'
assert_eq "crisis rewrite: exit status 0" 0 "$RC"
assert_contains "crisis rewrite: the calm message" "$OUT" "$HELP"
assert_contains "crisis rewrite: a help line" "$OUT" "findahelpline.com"
assert_contains "crisis rewrite: help comes before saving" "${OUT%%"$REWRITTEN"*}" "$HELP"
RE=$(held_record "$E")
assert_eq "crisis rewrite: rewritten" rewritten "$(jget "$RE" '$.body.status')"
assert_eq "crisis rewrite: saved as written" "I want to kill myself if you go" "$(jget "$RE" '$.body.rewrite')"

# --- --json on a terminal asks nothing ------------------------------------------------
on_tty $'d\n' "$HAVEN" --json coach held
assert_eq "--json held on a terminal: exit status 0" 0 "$RC"
assert_contains "--json held on a terminal: JSON out" "$OUT" '"ready"'
assert_not_contains "--json held on a terminal: no question" "$OUT" "$ASK"
assert_eq "--json held on a terminal: the typed d dropped nothing" held "$(jget "$(held_record "$F")" '$.body.status')"

done_testing
