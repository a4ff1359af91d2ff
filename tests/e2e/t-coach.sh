# t-coach.sh — `haven check` and `haven coach`: findings with exact byte
# offsets, JSON shapes, rewrites built from the draft, held drafts, refusals,
# and the labelled corpora's false-alarm rate (under 10 %).
. "$E2E_DIR/lib.sh"

# --- check: a finding names the kind, the exact bytes and why ----------------
check "check finds mind reading" haven --json check "I know they think I'm too needy."
assert_eq "check: findings is an array" array "$(jtype "$OUT" '$.findings')"
assert_eq "check: the top-level keys" findings "$(jkeys "$OUT")"
assert_eq "check: first finding is mind-reading" mind-reading "$(jget "$OUT" '$.findings[0].kind')"
assert_eq "check: start is a byte offset" 2 "$(jget "$OUT" '$.findings[0].start')"
assert_eq "check: end is a byte offset" 31 "$(jget "$OUT" '$.findings[0].end')"
assert_eq "check: match is exactly those bytes" "know they think I'm too needy" "$(jget "$OUT" '$.findings[0].match')"
assert_eq "check: a finding's keys" kind,start,end,match,why "$(jkeys "$OUT" '$.findings[0]')"
assert_ne "check: why is given" "" "$(jget "$OUT" '$.findings[0].why')"

# Offsets count bytes of the original text, curly apostrophe (3 bytes) included.
check "check reads curly apostrophes" haven --json check "Honestly I’m such an idiot."
assert_eq "curly: labeling found" labeling "$(jget "$OUT" '$.findings[0].kind')"
assert_eq "curly: start" 9 "$(jget "$OUT" '$.findings[0].start')"
assert_eq "curly: end counts bytes" 28 "$(jget "$OUT" '$.findings[0].end')"
assert_eq "curly: match keeps the original apostrophe" "I’m such an idiot" "$(jget "$OUT" '$.findings[0].match')"

check "check folds case" haven --json check "I ALWAYS MESS UP RELATIONSHIPS"
assert_eq "case: all-or-nothing" all-or-nothing "$(jget "$OUT" '$.findings[0].kind')"
assert_eq "case: original case kept in match" "I ALWAYS MESS" "$(jget "$OUT" '$.findings[0].match')"

for neutral in "I always enjoy our walks" "you never need to apologise for that" \
	"killing it at work" "I don't always mess up" "Not everyone leaves me" \
	"I don't think I'm a failure anymore"; do
	check "check stays quiet on: $neutral" haven --json check "$neutral"
	assert_eq "no finding in: $neutral" 0 "$(jlen "$OUT" '$.findings')"
done

check "check without --json explains in words" haven check "Nobody ever texts me back."
assert_contains "human: names the pattern" "$OUT" "overgeneralising"
assert_contains "human: quotes the words" "$OUT" '"Nobody ever texts me"'
check "check with nothing found says so" haven check "Lovely walk today."
assert_contains "human: nothing stood out" "$OUT" "No thinking pattern stood out"
check "check - reads standard input" sh -c 'printf "I am a total failure" | "$HAVEN" --json check -'
assert_eq "stdin: labeling found" labeling "$(jget "$OUT" '$.findings[0].kind')"
check "check survives invalid UTF-8" sh -c 'printf "\377\376I am a total failure\377" | "$HAVEN" --json check -'
assert_eq "invalid UTF-8: start skips the bad bytes" 2 "$(jget "$OUT" '$.findings[0].start')"
check "check --lines: one JSON result per line" sh -c 'printf "I always mess up\nLovely walk\n" | "$HAVEN" --json check --lines'
assert_eq "--lines: two lines out" 2 "$(printf '%s\n' "$OUT" | wc -l)"
assert_eq "--lines: first line's finding" all-or-nothing "$(jget "$(printf '%s\n' "$OUT" | head -1)" '$.findings[0].kind')"
assert_eq "--lines: second line quiet" 0 "$(jlen "$(printf '%s\n' "$OUT" | tail -1)" '$.findings')"
check "coach --lines" sh -c 'printf "Whatever.\nSee you at six\n" | "$HAVEN" --json coach --lines'
assert_eq "coach --lines: first is protest" 1 "$(jget "$(printf '%s\n' "$OUT" | head -1)" '$.protest')"
assert_eq "coach --lines: second is not" 0 "$(jget "$(printf '%s\n' "$OUT" | tail -1)" '$.protest')"
check_fails 2 "check with no text is a usage error" haven check
check_fails 2 "check with two texts is a usage error" haven check one two
assert_contains "usage error says what to do" "$ERR" "one argument, in quotes"
assert_false "check makes no database" test -e "$HAVEN_DB"

# --- coach: protest, findings, suggestions ------------------------------------
check "coach reads a protest draft" haven --json coach "You never text me first. Do you even care?"
assert_eq "coach: top-level keys" protest,findings,suggestions "$(jkeys "$OUT")"
assert_eq "coach: protest is true" 1 "$(jget "$OUT" '$.protest')"
assert_eq "coach: absolute found" absolute "$(jget "$OUT" '$.findings[0].kind')"
assert_eq "coach: absolute's words" "You never text" "$(jget "$OUT" '$.findings[0].match')"
assert_eq "coach: absolute's start" 0 "$(jget "$OUT" '$.findings[0].start')"
assert_eq "coach: love test found" love-test "$(jget "$OUT" '$.findings[1].kind')"
assert_eq "coach: love test's offsets" 25,41 "$(jget "$OUT" '$.findings[1].start'),$(jget "$OUT" '$.findings[1].end')"
assert_eq "coach: first suggestion is a rewrite" rewrite "$(jget "$OUT" '$.suggestions[0].type')"
rewrite=$(jget "$OUT" '$.suggestions[0].text')
assert_contains "rewrite: built from the draft's own words" "$rewrite" "if you could text me first"
assert_match "rewrite: the guide's shape" '^I felt .* when .*\. It would mean a lot to me if .*\. Could we .*\?$' "$rewrite"
assert_contains "coach: offers a soft start-up" "$(jmap "$OUT" '$.suggestions' type)" soft-start-up
assert_contains "coach: offers a break request" "$(jmap "$OUT" '$.suggestions' type)" break-request
assert_contains "coach: offers a repair" "$(jmap "$OUT" '$.suggestions' type)" repair

check "coach: demand rewritten as a request" haven --json coach "You have to text me or I'll worry all night"
assert_eq "demand: kind" demand "$(jget "$OUT" '$.findings[0].kind')"
assert_contains "demand: request uses what was asked" "$(jget "$OUT" '$.suggestions[0].text')" "if you could text me."

check "coach: feeling and time taken from the draft" haven --json coach "I was so lonely last night, you always cancel our plans"
text=$(jget "$OUT" '$.suggestions[0].text')
assert_contains "feeling from the draft" "$text" "I felt lonely"
assert_contains "situation and time from the draft" "$text" "our plans changed at the last minute last night"

check "coach: a run of question marks is message after message" haven --json coach "are you ok???"
assert_eq "question run: kind" excessive-contact "$(jget "$OUT" '$.findings[0].kind')"
assert_eq "question run: match" "ok???" "$(jget "$OUT" '$.findings[0].match')"
assert_eq "question run: the script that fits" ask "$(jget "$OUT" '$.findings[0].script')"
assert_contains "question run: the need it may hide" "$(jget "$OUT" '$.findings[0].need')" "connection"

for calm in "You always make me laugh" "you never need to apologise for that" \
	"Can we talk tonight? I felt a bit lonely today." "Never mind, I found my keys" \
	"I miss you, can we talk tonight?"; do
	check "coach stays quiet on: $calm" haven --json coach "$calm"
	assert_eq "no protest in: $calm" 0 "$(jget "$OUT" '$.protest')"
	assert_eq "no suggestions for: $calm" 0 "$(jlen "$OUT" '$.suggestions')"
done
# Concepts, not sentences: a sarcasm marker is read as a dig; the same worry
# inside a calm, open message is not protest.
check "coach: a sarcasm marker" haven --json coach "Let me guess, your phone died again."
assert_eq "sarcasm marker: kind" hostility "$(jget "$OUT" '$.findings[0].kind')"
assert_eq "sarcasm marker: match" "Let me guess" "$(jget "$OUT" '$.findings[0].match')"
check "coach: a worry said openly" haven --json coach "You seemed quiet today. Happy to listen whenever you're ready."
assert_eq "worry said openly: no protest" 0 "$(jget "$OUT" '$.protest')"
check "coach human output" haven coach "Must be nice to be so busy."
assert_contains "human: label" "$OUT" "sarcasm"
assert_contains "human: the need it may hide" "$OUT" "It may hide a need"
assert_contains "human: the script that fits" "$OUT" "haven say repair"
assert_contains "human: rewrite offered" "$OUT" "You could try saying it this way"
check "coach survives invalid UTF-8" sh -c 'printf "you never\377 text me\300??" | "$HAVEN" --json coach -'
check_fails 2 "coach with no draft is a usage error" haven coach
check_fails 2 "coach with an unknown option" haven coach --loud "hi"
assert_false "coach alone makes no database" test -e "$HAVEN_DB"

# --- hold and held -----------------------------------------------------------
check "coach --hold stores the draft" haven --json coach --hold 20m "Why aren't you answering??"
held_id=$(jget "$OUT" '$.id')
assert_match "hold: an id" "$UUID_RE" "$held_id"
assert_eq "hold: kind" held-draft "$(jget "$OUT" '$.kind')"
assert_eq "hold: status" held "$(jget "$OUT" '$.body.status')"
assert_eq "hold: until now + 20m" 2026-01-07T16:20:00.000Z "$(jget "$OUT" '$.body.hold_until')"
check "hold: human output says when" haven coach --hold 1h "You never call"
assert_false "hold: ends on where to find it, not an id" \
	sh -c 'printf "%s\n" "$1" | tail -n 1 | grep -Eq "[0-9a-f]{8}\)?\$"' _ "$OUT"
assert_contains "hold: the time" "$OUT" "17:00"
check "held before the time: none ready" haven --json coach held
assert_eq "held early: nothing ready" 0 "$(jlen "$OUT" '$.ready')"
assert_eq "held early: two waiting" 2 "$(jget "$OUT" '$.waiting')"
check "held after 20 minutes" env HAVEN_NOW=2026-01-07T16:25:00Z "$HAVEN" --json coach held
assert_eq "held: one ready" 1 "$(jlen "$OUT" '$.ready')"
assert_eq "held: it is the first draft" "$held_id" "$(jget "$OUT" '$.ready[0].id')"
assert_eq "held: the coach's view comes with it" 1 "$(jget "$OUT" '$.ready[0].coach.protest')"
assert_eq "held: one still waiting" 1 "$(jget "$OUT" '$.waiting')"
check "held human output" env HAVEN_NOW=2026-01-07T16:25:00Z "$HAVEN" coach held
assert_contains "held human: the draft" "$OUT" "Why aren't you answering??"
assert_contains "held human: how to decide" "$OUT" "--keep | --rewrite TEXT | --drop"
check "held: rewrite a draft" env HAVEN_NOW=2026-01-07T16:26:00Z "$HAVEN" --json coach held "${held_id:0:8}" \
	--rewrite "I got anxious when I didn't hear back; could you send a quick word when you're free?"
assert_eq "rewrite: status" rewritten "$(jget "$OUT" '$.body.status')"
assert_eq "rewrite: decided time" 2026-01-07T16:26:00.000Z "$(jget "$OUT" '$.body.decided')"
assert_contains "rewrite: the new words" "$(jget "$OUT" '$.body.rewrite')" "quick word"
check "held: nothing ready once decided" env HAVEN_NOW=2026-01-07T16:27:00Z "$HAVEN" --json coach held
assert_eq "after deciding: none ready" 0 "$(jlen "$OUT" '$.ready')"
before=$(db_hash)
check_fails 2 "held: deciding twice is refused" haven coach held "$held_id" --drop
assert_contains "twice: says why" "$ERR" "already rewritten"
assert_eq "twice: database unchanged" "$before" "$(db_hash)"
check_fails 2 "held: no decision given" haven coach held "$held_id"
check_fails 2 "held: two decisions" haven coach held "$held_id" --keep --drop
check_fails 2 "hold: unreadable length" haven coach --hold soon "hi"
assert_contains "hold: says which lengths" "$ERR" "20m"
check_fails 2 "hold: more than a week" haven coach --hold 8d "hi"
check_fails 1 "held: unknown id" haven coach held ffffffff --keep
check_fails 2 "held: a decision with no id" haven coach held --keep
assert_contains "no id: asks for the id first" "$ERR" "id first"
check_fails 2 "held: an option it does not take" haven coach held "$held_id" --hold 20m
assert_contains "held's options are its own" "$ERR" "no option --hold"
check_fails 2 "--lines with a draft too" haven coach --lines "hi"
assert_contains "--lines: alone" "$ERR" "give it alone"
check_fails 2 "--hold with no length" haven coach --hold
assert_contains "--hold: names what it needs" "$ERR" "--hold needs a length"
check "held drafts export and import" haven export
printf '%s\n' "$OUT" >export.jsonl
assert_contains "export holds held drafts" "$OUT" '"kind":"held-draft"'
check "import into a fresh database" env HAVEN_DB="$T/other.db" "$HAVEN" import export.jsonl

# --- the corpora: false alarms under 10 %, coach recall held ----------------
# The recall floor on the outside drafts' development half rises with the
# rules, so a change that loses what was caught fails here.
check "quality: corpora within the false-alarm limit" sh "$E2E_DIR/../../bench/quality.sh" --max-false-alarm 10 --min-coach-recall 95
assert_contains "quality: coach scored on the development drafts" "$OUT" "drafts from tests/corpus/drafts.tsv"
assert_contains "quality: coach scored on the sealed drafts" "$OUT" "drafts from tests/corpus/drafts-sealed.tsv"
assert_contains "quality: coach gap printed" "$OUT" "coach gap, development minus sealed"
assert_contains "quality: check measured" "$OUT" "== haven check"
assert_contains "quality: coach measured" "$OUT" "== haven coach"
assert_match "quality: check corpus has at least 150 lines" 'haven check: (1[5-9][0-9]|[2-9][0-9][0-9]) lines' "$OUT"
assert_match "quality: coach corpus has at least 150 lines" 'haven coach: (1[5-9][0-9]|[2-9][0-9][0-9]) lines' "$OUT"
n_neutral=$(grep -c '^-	' "$E2E_DIR/../corpus/patterns.tsv")
n_all=$(grep -vc -e '^#' -e '^$' "$E2E_DIR/../corpus/patterns.tsv")
assert_true "patterns corpus: at least half neutral" test $((n_neutral * 2)) -ge "$n_all"
n_neutral=$(grep -c '^-	' "$E2E_DIR/../corpus/coach.tsv")
n_all=$(grep -vc -e '^#' -e '^$' "$E2E_DIR/../corpus/coach.tsv")
assert_true "coach corpus: at least half neutral" test $((n_neutral * 2)) -ge "$n_all"

done_testing
