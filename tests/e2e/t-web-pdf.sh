# t-web-pdf.sh — the card's and the report's PDF from a running server.
# They are drawn in a process of their own, so the fonts and caches cairo,
# pango and fontconfig load never stay in the server: its resident memory
# (VmRSS in /proc) is under issue 17's 20 MB after them, and grows by
# little.  The card's file is kept while the card is the same: asked again
# a second later it is the same bytes (a PDF drawn anew carries a new
# creation time), and an edit, from the page or the command line, makes
# it anew with the new words.
. "$E2E_DIR/lib.sh"

unset HAVEN_NOW # the server's own clock: a PDF drawn anew says when
check "a moment" haven log -i 6 -k work --at 2025-12-02T10:00 "a quiet review"
check "a part of the card" haven card add alarm "a long silence after a fight"
serve_start
send_type=application/json
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$server/status"; }
pdf_text() { pdftotext "$1" - 2>/dev/null; }

# Every page's JSON and a write first (the crisis net reads it, and loads
# its weights), so what the server holds for them is in the figure before
# the PDFs.
for route in card insights journal report "card/file?format=html"; do
	assert_eq "GET $route: 200" 200 "$(status "$base/api/$route")"
done
assert_eq "an entry: 201" 201 "$(send POST -d '{"intensity":5,"what":"no answer all day"}' "$base/api/journal")"
before=$(rss)

# --- the card's file: kept while the card is the same -------------------------
assert_eq "card PDF: 200" 200 "$(status "$base/api/card/file")"
cp "$T/body" "$T/first.pdf"
assert_contains "card PDF: a PDF" "$(head -c 5 "$T/first.pdf")" "%PDF-"
assert_contains "card PDF: the card's words" "$(pdf_text "$T/first.pdf")" "a long silence after a fight"
sleep 1.1 # a PDF drawn now would say another second
assert_eq "card PDF again: 200" 200 "$(status "$base/api/card/file?format=pdf")"
assert_eq "card PDF again: the same bytes, kept" "$(cksum <"$T/first.pdf")" "$(cksum <"$T/body")"
assert_eq "a new entry: 201" 201 "$(send POST -d '{"intensity":4,"what":"a late reply"}' "$base/api/journal")"
assert_eq "card PDF after an entry: 200" 200 "$(status "$base/api/card/file")"
assert_eq "an entry is not on the card: still kept" "$(cksum <"$T/first.pdf")" "$(cksum <"$T/body")"

assert_eq "the page edits the card: 200" 200 \
	"$(send PUT -d '{"alarm":["a long silence after a fight"],"ask":["a text when you land"]}' "$base/api/card")"
assert_eq "card PDF after the page's edit: 200" 200 "$(status "$base/api/card/file")"
assert_contains "made anew: the page's words" "$(pdf_text "$T/body")" "a text when you land"
check "the CLI edits the card" haven card add helps "a hand on my back"
assert_eq "card PDF after the CLI's edit: 200" 200 "$(status "$base/api/card/file")"
assert_contains "made anew: the CLI's words" "$(pdf_text "$T/body")" "a hand on my back"
assert_eq "card HTML: 200" 200 "$(status "$base/api/card/file?format=html")"
assert_contains "card HTML: made anew too" "$(body)" "a hand on my back"
assert_eq "card HTML: the download's name" 200 "$(status -D "$T/h" "$base/api/card/file?format=html")"
assert_contains "card HTML kept: still a download" "$(cat "$T/h")" "haven-card.html"

# --- the report's PDF, charts and all -------------------------------------------
q="from=2025-12-01&to=2025-12-31"
assert_eq "report PDF: 200" 200 "$(status "$base/api/report/file?$q&format=pdf")"
assert_contains "report PDF: a part" "$(pdf_text "$T/body")" "What set off my alarm"

# --- what the server holds after them ---------------------------------------------
after=$(rss)
echo "# server VmRSS: $before kB before the PDFs, $after kB after"
grew=$((after - before))
# (The suite runs a copy of the binary, so the sanitizers are told by
# their own symbols in it, not by the build's name.)
if grep -qa __asan_init "$HAVEN"; then
	echo "# under the sanitizers, which keep freed memory aside: no measure of haven's"
else
	[ "$grew" -lt 4096 ] && ok=yes || ok="no: grew $grew kB"
	assert_eq "the PDFs leave the server within 4 MB of where it was" yes "$ok"
	[ "$after" -le 20480 ] && ok=yes || ok="no: $after kB"
	assert_eq "server VmRSS after the PDFs <= 20 MB" yes "$ok"
fi

serve_stop
done_testing
