# t-crisis.sh — the crisis net: crisis language in anything written shows
# help first (stderr when not on a terminal, so scripts reading stdout still
# get their id), --json carries "crisis": true with the resources, the
# region setting chooses the lines, and ordinary or negated words stay quiet.
. "$E2E_DIR/lib.sh"

unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8

# --- a clear sentence, no region: the international directory ----------------
check "a crisis entry is still saved" haven log -i 9 "I want to kill myself"
assert_match "stdout is just the id" "$UUID_RE" "$OUT"
assert_contains "the message comes on stderr" "$ERR" "You do not have to hold this alone"
assert_contains "with the international directory" "$ERR" "findahelpline.com"
assert_contains "and the emergency number" "$ERR" "emergency"

# --- --json carries it --------------------------------------------------------
check "crisis with --json" haven log --json -i 8 --thought "everyone would be better off without me" "no reply"
assert_eq "crisis is true" true "$(jtype "$OUT" '$.crisis')"
assert_eq "no region: resources.region is null" null "$(jtype "$OUT" '$.resources.region')"
assert_ne "resources have lines" 0 "$(jlen "$OUT" '$.resources.lines')"
assert_eq "the entry itself is saved as written" "everyone would be better off without me" "$(jget "$OUT" '$.body.thoughts')"

# --- the region setting -------------------------------------------------------
check "config set region" haven config set region uk
check "config get region" haven config get region
assert_eq "the region is kept upper-case" UK "$OUT"
check "crisis with a region" haven log --json -i 8 "I can't go on like this"
assert_eq "resources for the UK" UK "$(jget "$OUT" '$.resources.region')"
assert_eq "the UK emergency number" 999 "$(jget "$OUT" '$.resources.emergency')"
assert_contains "Samaritans listed" "$(jget "$OUT" '$.resources.lines')" "116 123"
check "crisis with a region, for people" haven log -i 8 "I can't go on like this"
emergency=$(jget "$(cat "$E2E_DIR/../../data/crisis-lines.json")" '$.words.emergency')
assert_contains "the emergency number in the notice's own words" "$ERR" "$(printf '%s' "$emergency" | sed 's/{number}/999/')"
check_fails 2 "a bad region is refused" haven config set region Narnia
assert_contains "and says what a region is" "$ERR" "two-letter"
check "a region with no list of its own" haven config set region ZZ
assert_contains "says the directory will be shown" "$ERR" "international directory"
check "unset region" haven config unset region

# --- the locale's country when no region is set --------------------------------
run env LANG=en_NZ.UTF-8 "$HAVEN" log --json -i 7 "I wish I was dead"
assert_eq "locale en_NZ: New Zealand's lines" NZ "$(jget "$OUT" '$.resources.region')"

# --- edits and reflections are checked too ----------------------------------
id=$(log_id -i 4 "an ordinary evening")
check "edit adding crisis words" haven journal edit "$id" --thought "I don't want to be here anymore"
assert_contains "the edit shows help too" "$ERR" "You do not have to hold this alone"

# --- every kind of writing is heard: check, coach, hold, thought, reassure ----
check "check with crisis words" haven check --json "I want to end my life"
assert_eq "check: crisis is true" true "$(jtype "$OUT" '$.crisis')"
check "coach with crisis words" haven coach --json "I'm going to kill myself if you leave"
assert_eq "coach: crisis is true" true "$(jtype "$OUT" '$.crisis')"
check "coach --hold with crisis words" haven coach --json --hold 20m "nothing to live for without you"
assert_eq "held draft: crisis is true" true "$(jtype "$OUT" '$.crisis')"
check "a plain draft to hold" haven --json coach --hold 20m "Are you ignoring me?"
calm_held=$(jget "$OUT" '$.id')
check "rewriting a held draft in crisis words" env HAVEN_NOW=2026-01-07T16:30:00Z "$HAVEN" --json \
	coach held "${calm_held:0:8}" --rewrite "I can't go on if you leave"
assert_eq "held rewrite: crisis is true" true "$(jtype "$OUT" '$.crisis')"
assert_eq "held rewrite: still saved" rewritten "$(jget "$OUT" '$.body.status')"
check "thought with crisis words" haven thought --json --situation "alone tonight" --thought "everyone is better off without me"
assert_eq "thought: crisis is true" true "$(jtype "$OUT" '$.crisis')"
check "reassure with crisis words" haven reassure "asked if I should just end it all" --of Sam
assert_contains "reassure: help on stderr" "$ERR" "You do not have to hold this alone"
check "check without crisis words" haven check --json "I know they think I'm too needy"
assert_eq "check: no crisis key" absent "$(jtype "$OUT" '$.crisis')"
check "coach on a protest withdrawal" haven coach --json "Whatever, I'm done trying"
assert_eq "protest is not crisis: no crisis key" absent "$(jtype "$OUT" '$.crisis')"

answers=$(for a in a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12; do printf '%s=3,' "$a"; done
	for d in $(seq 1 16); do printf 'd%s=3,' "$d"; done)
check "assessment with a reflection in crisis words" haven assess take guide --answers "${answers%,}" \
	--reflect b1="some nights I wish I was dead"
assert_contains "assessment: help on stderr" "$ERR" "You do not have to hold this alone"
check "check-in note with crisis words" haven checkin --json 9 --note "I want to die"
assert_eq "check-in: crisis is true" true "$(jtype "$OUT" '$.crisis')"

# --- after a hard entry, the person's own evidence ----------------------------
check "evidence add" haven evidence add "Sam stayed through the hard winter"
check "a hard entry with --json" haven log --json -i 8 -k conflict "we argued"
assert_eq "it offers the evidence" "Sam stayed through the hard winter" "$(jget "$OUT" '$.evidence.body.text')"
check "a mild entry with --json" haven log --json -i 4 "a small wobble"
assert_eq "a mild one does not" absent "$(jtype "$OUT" '$.evidence')"

# --- quiet for ordinary and negated words -----------------------------------
for text in "I'm killing it at work" "This deadline is killing me" "My phone died" \
	"I would never hurt myself" "I'm not suicidal, just tired" "We watched Suicide Squad"; do
	check "no alarm: $text" haven log --json -i 3 "$text"
	assert_eq "no crisis key: $text" absent "$(jtype "$OUT" '$.crisis')"
	assert_not_contains "nothing on stderr: $text" "$ERR" "hold this alone"
done

# Help never makes a database or waits for one: check saves nothing, so the
# card is shown with the default region and no file appears.
rm -f "$HAVEN_DB"
check "check with crisis words, no database yet" haven --json check "I want to kill myself"
assert_eq "no database: the notice still comes" true "$(jtype "$OUT" '$.crisis')"
assert_false "no database: none was made for the help" test -e "$HAVEN_DB"

done_testing
