# t-card.sh — `haven card`: empty until the person puts something on it;
# ideas from the journal that are only ideas until taken; own words added
# and taken off; unknown parts and items refused with exit 2; a one-page
# PDF and an HTML file in two voices, holding what was chosen and nothing
# that was not; and a card that survives export and import.
. "$E2E_DIR/lib.sh"

DATA=$E2E_DIR/../../data
card_json=$(cat "$DATA/card.json")
mine() { jget "$card_json" "\$.sections[$1].mine"; }
yours() { jget "$card_json" "\$.sections[$1].yours"; }

check "an empty card" haven --json card
assert_eq "empty: every part, nothing in any" '{"alarm":[],"helps":[],"working_on":[],"ask":[],"agreements":[]}' "$(printf '%s' "$OUT" | tr -d ' \n')"

check "a moment" haven log -i 7 -k partner-distance --at 2026-01-05T20:00 "no reply after the call"
check "another" haven log -i 6 -k partner-distance --at 2026-01-06T21:00 "seen but not answered"
check "ideas" haven --json card suggest
assert_eq "ideas: the top kind first" "Partner felt distant" "$(jget "$OUT" '$[0].text')"
assert_eq "ideas: and why, beside it" "noted 2 times in your journal" "$(jget "$OUT" '$[0].why')"
assert_eq "ideas: then the latest own words for it" "seen but not answered" "$(jget "$OUT" '$[1].text')"
assert_eq "ideas: under the alarm" "alarm" "$(jget "$OUT" '$[1].section')"
assert_eq "ideas: own words, said so" "your own words, about Partner felt distant" "$(jget "$OUT" '$[1].why')"
check "ideas for people" haven card suggest
assert_contains "ideas: why, for people" "$OUT" "noted 2 times in your journal"
check "ideas are not on the card" haven --json card
assert_eq "still empty" 0 "$(jlen "$OUT" '$.alarm')"

check "take one idea" haven card take 2
assert_contains "take: said" "$OUT" "seen but not answered"
check "own words" haven card add ask "A short text if you will be late"
check "an agreement" haven card add agreements "We check in before a trip"
check_fails 2 "an unknown part" haven card add moods "x"
assert_contains "unknown part: named" "$ERR" "\"moods\""
check_fails 2 "an idea that is not there" haven card take 9
check_fails 2 "an item that is not there" haven card remove ask 3
check_fails 2 "removing from an unknown part" haven card remove moods 1
assert_contains "removing from an unknown part: named" "$ERR" 'no part called "moods"'
check_fails 2 "an unknown subcommand" haven card paint
check "the card" haven --json card
assert_eq "alarm: the idea taken" '["seen but not answered"]' "$(jget "$OUT" '$.alarm')"
assert_eq "ask: own words" '["A short text if you will be late"]' "$(jget "$OUT" '$.ask')"
assert_eq "helps: nothing chosen" 0 "$(jlen "$OUT" '$.helps')"
check "remove" haven card add working_on "Waiting ten minutes before a second text"
check "and take it off" haven card remove working_on 1
assert_contains "remove: said" "$OUT" "Waiting ten minutes"
check "the card again" haven --json card
assert_eq "working_on: empty again" 0 "$(jlen "$OUT" '$.working_on')"
check "nine items do not fit" sh -c 'for i in 1 2 3 4 5 6 7; do "$HAVEN" card add helps "walk $i" >/dev/null || exit 1; done'
check "eight do" haven card add helps "a warm drink"
check_fails 2 "the ninth" haven card add helps "one more"
assert_contains "ninth: said" "$ERR" "one page"

# --- the files ---------------------------------------------------------------------
check "the card as PDF" haven card -o "$T/card.pdf"
run pdfinfo "$T/card.pdf"
assert_contains "PDF: poppler reads it" "$OUT" "Pages:           1"
assert_contains "PDF: A4" "$OUT" "(A4)"
text=$(pdftotext "$T/card.pdf" - | tr -s ' \n' ' ')
assert_contains "PDF: my voice" "$text" "$(mine 0)"
assert_contains "PDF: their voice" "$text" "$(yours 0 | cut -c1-40)"
assert_contains "PDF: what I chose" "$text" "seen but not answered"
assert_not_contains "PDF: not the idea left" "$text" "no reply after the call"
assert_not_contains "PDF: not the part left empty" "$text" "$(mine 2)"
check "the card as HTML" haven card -o "$T/card.html"
html=$(cat "$T/card.html")
assert_contains "HTML: a document" "$html" "<!doctype html>"
assert_contains "HTML: print style sheet" "$html" "@media print"
assert_contains "HTML: what I chose" "$html" "A short text if you will be late"
assert_contains "HTML: their voice" "$html" "class=\"voice\""
check_fails 2 "a name that is neither" haven card -o "$T/card.txt"
assert_false "neither: no file" test -e "$T/card.txt"
check_fails 2 "a folder that does not exist" haven card -o "$T/no/card.pdf"

# --- the card travels with the journal -----------------------------------------------
check "export" haven export -o "$T/all.jsonl"
assert_contains "export: the card" "$(cat "$T/all.jsonl")" '"kind":"card"'
check "import into another" env HAVEN_DB="$T/other.db" "$HAVEN" import "$T/all.jsonl"
check "the card there" env HAVEN_DB="$T/other.db" "$HAVEN" --json card
assert_eq "import: the same ask" '["A short text if you will be late"]' "$(jget "$OUT" '$.ask')"

done_testing
