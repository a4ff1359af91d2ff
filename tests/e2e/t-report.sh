# t-report.sh — `haven report`: a PDF that poppler reads, on A4, with a sane
# number of pages, holding the parts chosen and none of the others, every
# page saying what its numbers are not; the same as one self-contained HTML
# file with a print style sheet; a period with nothing in it saying so
# instead of drawing charts; and bad input (an unknown part, a period that
# ends before it starts, a file that cannot be written, a name that is
# neither .pdf nor .html) refused with exit 2 and no file written.
. "$E2E_DIR/lib.sh"

DATA=$E2E_DIR/../../data
title() { jget "$(cat "$DATA/report.json")" "\$.sections[$1].title"; }
footer_start="These numbers are what I wrote down"

# (the tests' clock stands at 2026-01-07)
check "a moment in December" haven log -i 7 -k partner-distance --did extra-texts --recovered 45 \
	--at 2025-12-02T21:00 "no answer all evening"
check "another" haven log -i 5 -k work --did breathed --recovered 20 --at 2025-12-10T09:00 "review"
check "and a third" haven log -i 6 -k partner-distance --did breathed --recovered 30 \
	--at 2025-12-18T20:00 "late reply"

# --- the parts chosen, and no others --------------------------------------------------
check "report of two parts as PDF" haven report --from 2025-12-01 --to 2025-12-31 \
	--sections triggers,responses -o "$T/r.pdf"
assert_true "the PDF is written" test -s "$T/r.pdf"
run pdfinfo "$T/r.pdf"
assert_eq "poppler reads it" 0 "$RC"
assert_contains "A4 pages" "$OUT" "595.28 x 841.89 pts (A4)"
pages=$(printf '%s\n' "$OUT" | sed -n 's/^Pages: *//p')
assert_true "a sane number of pages (2 to 4): $pages" test "$pages" -ge 2 -a "$pages" -le 4
assert_contains "titled with its dates" "$OUT" "2025-12-01 to 2025-12-31"
text=$(pdftotext -layout "$T/r.pdf" - | tr -s ' \n' ' ')
assert_contains "holds: triggers" "$text" "$(title 0)"
assert_contains "holds: responses" "$text" "$(title 2)"
for i in 1 3 4 5 6 7; do
	assert_not_contains "leaves out part $i" "$text" "$(title $i)"
done
assert_contains "the trigger kinds drawn" "$text" "Partner felt distant"
assert_contains "the response counts said" "$text" "Protest only: 1"
footers=$(pdftotext "$T/r.pdf" - | grep -c "^$footer_start")
assert_eq "every page says what the numbers are not" "$pages" "$footers"

# --- every part, and a period that does not cover the whole journal ---------------------
check "every part as PDF" haven report --from 2025-12-01 --to 2025-12-12 -o "$T/all.pdf"
text=$(pdftotext "$T/all.pdf" - | tr -s ' \n' ' ')
for i in 0 1 2 3 4 5 6 7; do
	assert_contains "all: part $i" "$text" "$(title $i)"
done
# The 18th (soothing) is after the period: one soothing response, not two.
assert_contains "all: the 18th is after the period" "$text" "Soothing only: 1."
check "the same as JSON words" haven --json report --from 2025-12-01 --to 2025-12-12 -o "$T/all2.pdf"
assert_eq "--json names the file" "$T/all2.pdf" "$(jget "$OUT" '$.written')"

# --- a questionnaire and thought records, on the tests' day (2026-01-07) ----------------
answers=$(for a in a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11 a12; do printf '%s=3,' "$a"; done
	for d in $(seq 1 16); do printf 'd%s=3,' "$d"; done)
check "a questionnaire" haven assess take guide --answers "${answers%,}"
check "a thought record" haven thought --thought "I'm such an idiot" --pattern labeling --pattern should-statements
check "another" haven thought --thought "they will leave" --pattern labeling
check "the questionnaire and patterns" haven report --from 2026-01-01 --to 2026-01-07 \
	--sections assessments,patterns -o "$T/q.pdf"
text=$(pdftotext "$T/q.pdf" - | tr -s ' \n' ' ')
assert_contains "questionnaire: its chart" "$text" "scores over time"
assert_not_contains "questionnaire: not empty" "$text" "Nothing for this part"
assert_contains "patterns: the most often first" "$text" "labelling: 2 times should statements: once"
check "before the questionnaire" haven report --from 2025-12-01 --to 2025-12-31 \
	--sections assessments,patterns -o "$T/q0.pdf"
text=$(pdftotext "$T/q0.pdf" - | tr -s ' \n' ' ')
assert_not_contains "before: no questionnaire chart" "$text" "scores over time"

# --- an imported chat ---------------------------------------------------------------------
check "a chat" haven chat import "$E2E_DIR/../fixtures/chat/wa-android-dmy-24h.txt" --me Alex
check "the chat's January" haven report --from 2024-01-01 --to 2024-01-31 --sections chat -o "$T/c.pdf"
text=$(pdftotext "$T/c.pdf" - | tr -s ' \n' ' ')
assert_contains "chat: the month in the period" "$text" "2024-01: 0 % of 2 turns"
assert_not_contains "chat: not the month before" "$text" "2023-12"
check "the chat's December" haven report --from 2023-12-01 --to 2023-12-31 --sections chat -o "$T/c2.pdf"
assert_contains "chat: one turn said so" "$(pdftotext "$T/c2.pdf" - | tr -s ' \n' ' ')" "2023-12: 0 % of one turn"

# --- what went with what: a fortnight of check-ins ------------------------------------------
sleep_hours="5 8 6 7.5 5.5 8 7 6 8.5 5 7 6.5 8 5"
distress="7 3 6 4 7 2 4 6 2 8 4 5 3 7"
i=0
for h in $sleep_hours; do
	i=$((i + 1))
	run haven checkin "$(echo "$distress" | cut -d' ' -f$i)" --sleep "$h" --at "$(printf '2025-11-%02d' "$i") 08:00"
	[ "$RC" -eq 0 ] || _e2e_fail "setup: check-in $i" "$(_e2e_ctx)"
done
check "November's factors" haven report --from 2025-11-01 --to 2025-11-30 --sections factors -o "$T/f.pdf"
text=$(pdftotext "$T/f.pdf" - | tr -s ' \n' ' ')
assert_contains "factors: sleep said" "$text" "at least 7 hours of sleep"
assert_contains "factors: with its days" "$text" "7 days against 7"
check "December's factors" haven report --from 2025-12-01 --to 2025-12-31 --sections factors -o "$T/f2.pdf"
assert_not_contains "factors: not after the period" "$(pdftotext "$T/f2.pdf" - | tr -s ' \n' ' ')" "hours of sleep"

# --- HTML -------------------------------------------------------------------------------
check "report as HTML" haven report --from 2025-12-01 --to 2025-12-31 --sections trends -o "$T/r.html"
html=$(cat "$T/r.html")
assert_contains "HTML: a document" "$html" "<!doctype html>"
assert_contains "HTML: a print style sheet" "$html" "@media print"
assert_contains "HTML: the chart inline" "$html" "<svg"
assert_not_contains "HTML: nothing fetched (no src)" "$html" " src="
assert_not_contains "HTML: nothing fetched (no link)" "$html" "<link"
assert_contains "HTML: the part chosen" "$html" "$(title 1)"
assert_not_contains "HTML: not another" "$html" "$(title 0)"
assert_contains "HTML: what the numbers are not" "$html" "$footer_start"

# --- an empty period --------------------------------------------------------------------
check "an empty period" haven report --from 2025-06-01 --to 2025-06-30 -o "$T/empty.pdf"
text=$(pdftotext "$T/empty.pdf" - | tr -s ' \n' ' ')
assert_contains "empty: says so" "$text" "$(jget "$(cat "$DATA/report.json")" '$.empty' | cut -c1-40)"
assert_not_contains "empty: no chart" "$text" "Entries per week"
assert_not_contains "empty: no part headings" "$text" "$(title 0)"
run pdfinfo "$T/empty.pdf"
assert_contains "empty: one page" "$OUT" "Pages:           1"

# --- bad input: exit 2, no file ---------------------------------------------------------
check_fails 2 "an unknown part" haven report --sections triggers,moods -o "$T/bad1.pdf"
assert_contains "unknown part: named" "$ERR" "\"moods\""
assert_contains "unknown part: the parts there are" "$ERR" "assessments"
assert_false "unknown part: no file" test -e "$T/bad1.pdf"
check_fails 2 "a period that ends before it starts" haven report --from 2025-12-10 --to 2025-12-01 -o "$T/bad2.pdf"
assert_contains "backwards: said" "$ERR" "before it starts"
assert_false "backwards: no file" test -e "$T/bad2.pdf"
check_fails 2 "a folder that does not exist" haven report -o "$T/nowhere/r.pdf"
assert_contains "unwritable: said" "$ERR" "does not exist"
assert_false "unwritable: no file" test -e "$T/nowhere"
mkdir "$T/ro" && chmod 555 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
	check_fails 2 "a folder that is read-only" haven report -o "$T/ro/r.pdf"
	assert_false "read-only: no file" test -e "$T/ro/r.pdf"
fi
check_fails 2 "a name that is neither" haven report -o "$T/r.docx"
assert_contains "format: said" "$ERR" ".pdf or .html"
assert_false "format: no file" test -e "$T/r.docx"
check_fails 2 "not a date" haven report --from 2025-02-30 -o "$T/bad3.pdf"
assert_contains "not a date: said" "$ERR" "not a date"
check_fails 2 "no file named" haven report
check_fails 2 "an empty list of parts" haven report --sections "" -o "$T/bad4.pdf"
assert_eq "no temporary file left behind" "" "$(ls -A "$T" | grep -v -e '^\.e2e' -e '^haven\.db' -e '\.pdf$' -e '\.html$' -e '^ro$')"

done_testing
