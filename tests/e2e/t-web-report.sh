# t-web-report.sh — the card and the report in the web API, with curl
# against a running server: the card the page saves is the card the CLI
# prints and the other way round; a card body of the wrong shape is 400,
# naming the part, with nothing written; a write without the CSRF token is
# refused; the card and the report come as PDF and HTML files to download,
# holding the parts chosen; and a bad period, part or format is 400.
. "$E2E_DIR/lib.sh"

unset HAVEN_NOW # the server's own clock
check "a moment" haven log -i 6 -k work --at 2025-12-02T10:00 "a quiet review"
serve_start
send_type=application/json

# --- the card --------------------------------------------------------------------
assert_eq "GET card: 200" 200 "$(status "$base/api/card")"
assert_eq "empty card" 0 "$(jlen "$(body)" '$.card.alarm')"
assert_eq "an idea from the journal" "a quiet review" "$(jget "$(body)" '$.ideas[1].text')"
assert_eq "PUT card: 200" 200 "$(send PUT -d '{"alarm":["a quiet review"],"ask":["  a text  "]}' "$base/api/card")"
assert_eq "PUT card: cleaned" "a text" "$(jget "$(body)" '$.card.ask[0]')"
check "the CLI sees it" haven --json card
assert_eq "CLI: the alarm" '["a quiet review"]' "$(jget "$OUT" '$.alarm')"
check "the CLI adds" haven card add agreements "a check-in before a trip"
assert_eq "GET card again: 200" 200 "$(status "$base/api/card")"
assert_eq "the page sees the CLI's" "a check-in before a trip" "$(jget "$(body)" '$.card.agreements[0]')"
before=$(db_content)
assert_eq "an unknown part: 400" 400 "$(send PUT -d '{"moods":["x"]}' "$base/api/card")"
assert_contains "unknown part: named" "$(body)" "moods"
assert_eq "nine items: 400" 400 "$(send PUT -d '{"ask":["1","2","3","4","5","6","7","8","9"]}' "$base/api/card")"
assert_eq "not a list: 400" 400 "$(send PUT -d '{"ask":"one"}' "$base/api/card")"
assert_eq "no CSRF token: refused" 403 "$(status -X PUT -H "Origin: $base" -H "Content-Type: application/json" -d '{"ask":[]}' "$base/api/card")"
assert_eq "nothing written by a refusal" "$before" "$(db_content)"

assert_eq "card as PDF: 200" 200 "$(status -D "$T/h" "$base/api/card/file?format=pdf")"
assert_contains "card PDF: a download" "$(cat "$T/h")" "haven-card.pdf"
run pdftotext "$T/body" -
assert_contains "card PDF: what was chosen" "$OUT" "a check-in before a trip"
assert_eq "card as HTML: 200" 200 "$(status "$base/api/card/file?format=html")"
assert_contains "card HTML: what was chosen" "$(body)" "a quiet review"
assert_eq "card as Word: 400" 400 "$(status "$base/api/card/file?format=docx")"

# --- the report ------------------------------------------------------------------
assert_eq "GET report: 200" 200 "$(status "$base/api/report")"
assert_eq "the parts, in order" "triggers" "$(jget "$(body)" '$.sections[0].id')"
assert_eq "eight parts" 8 "$(jlen "$(body)" '$.sections')"
q="from=2025-12-01&to=2025-12-31&sections=triggers"
assert_eq "report as PDF: 200" 200 "$(status "$base/api/report/file?$q&format=pdf")"
run pdftotext "$T/body" -
assert_contains "report PDF: the part chosen" "$OUT" "What set off my alarm"
assert_not_contains "report PDF: not another" "$OUT" "Thinking patterns I caught"
assert_eq "report as HTML: 200" 200 "$(status "$base/api/report/file?$q&format=html")"
assert_contains "report HTML: the part chosen" "$(body)" "What set off my alarm"
assert_eq "report as JSON: 200" 200 "$(status "$base/api/report/file?$q&format=json")"
assert_eq "JSON: the part's heading first" "What set off my alarm" "$(jget "$(body)" '$.blocks[1].text')"
assert_eq "JSON: a chart as SVG" "chart" "$(jget "$(body)" '$.blocks[3].kind')"
assert_contains "JSON: the chart's SVG" "$(jget "$(body)" '$.blocks[3].svg')" "<svg"
assert_eq "backwards: 400" 400 "$(status "$base/api/report/file?from=2025-12-31&to=2025-12-01")"
assert_contains "backwards: said" "$(body)" "before it starts"
assert_eq "unknown part: 400" 400 "$(status "$base/api/report/file?from=2025-12-01&to=2025-12-31&sections=moods")"
assert_eq "not a date: 400" 400 "$(status "$base/api/report/file?from=2025-02-30&to=2025-12-31")"
assert_eq "no period: 400" 400 "$(status "$base/api/report/file")"

serve_stop
done_testing
