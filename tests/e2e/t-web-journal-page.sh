# t-web-journal-page.sh — GET /api/journal a page at a time, with curl
# against a running server: an empty journal, exactly one page, pages
# followed by their Link to the end (entries written in the same
# millisecond included, none twice, none missed, in the CLI's order), a
# key past the end, keys and limits that are refused, filters kept in the
# Link, bodies exactly as the CLI prints them; replies kept by the server
# are never stale (a write through the API, one by the CLI beside it); the
# WAL is folded into the database off the request path; a page opened
# without the token says, in the app's look, how to open haven again; and in
# a vault the pages carry the bodies opened from their boxes.
. "$E2E_DIR/lib.sh"

serve_start

# The Link header of the last request (without <>), or "".
next_link() { sed -n 's/^Link: <\/api\/\([^>]*\)>; rel="next".*/\1/ip' "$T/headers" | tr -d '\r'; }
page() { curl -s -D "$T/headers" -o "$T/body" -w '%{http_code}' -b "$cookie" "$base/api/$1"; }
ids() { jmap "$1" '$' id | paste -sd' ' -; }

# --- edges ------------------------------------------------------------------
assert_eq "an empty journal: 200" 200 "$(page journal)"
assert_eq "an empty journal is []" "[]" "$(body)"
assert_eq "and has no next page" "" "$(next_link)"

for i in 1 2 3; do log_id -i "$i" -k work --at "$i hours ago" "moment $i" >/dev/null; done
assert_eq "exactly one page: 200" 200 "$(page 'journal?limit=3')"
assert_eq "exactly one page: all three" 3 "$(jlen "$(body)")"
assert_eq "newest first" "moment 1" "$(jget "$(body)" '$[0].body.what')"
assert_eq "exactly one page has no next page" "" "$(next_link)"

# --- walking the pages ----------------------------------------------------------
# Seven more in one millisecond: the key's id breaks their tie.
for i in 1 2 3 4 5 6 7; do log_id -i 4 --at "2026-01-07T10:00:00Z" "same moment $i" >/dev/null; done
check "haven journal --json" haven --json journal
all=$(ids "$OUT")
walked=""
next="journal?limit=3"
pages=0
while [ -n "$next" ] && [ "$pages" -lt 10 ]; do
	assert_eq "page $pages: 200" 200 "$(page "$next")"
	walked="$walked${walked:+ }$(ids "$(body)")"
	next=$(next_link)
	pages=$((pages + 1))
done
assert_eq "ten entries in pages of three: four pages" 4 "$pages"
assert_eq "every entry once, in the CLI's order" "$all" "$walked"
assert_eq "the first page as the CLI prints it, bodies byte for byte" \
	"$(printf '%s' "$OUT" | jq -c '.[0:3]')" "$(page 'journal?limit=3' >/dev/null; jq -c . "$T/body")"
assert_match "the Link carries limit and a key" '^journal\?limit=3&before=[0-9]+\.[0-9a-f-]{36}$' "$(next_link)"

last=$(printf '%s' "$OUT" | jq -r '.[-1] | .id')
last_ms=$(sqlite3 "$HAVEN_DB" "SELECT created_ms FROM records WHERE id = '$last'")
assert_eq "a key past the end: 200" 200 "$(page "journal?before=$last_ms.$last")"
assert_eq "a key past the end: []" "[]" "$(body)"
assert_eq "and no next page" "" "$(next_link)"

# --- refused ------------------------------------------------------------------
for bad in zz 123 "123.$last.x" "1.$(printf '%s' "$last" | tr a-f A-F)" "99999999999999999999.$last" ".$last" "1.not-a-uuid"; do
	assert_eq "a key that is not one haven gave ($bad): 400" 400 "$(page "journal?before=$(printf '%s' "$bad" | jq -sRr @uri)")"
done
assert_eq "with the code invalid" invalid "$(jget "$(body)" '$.error.code')"
assert_contains "and words that say what to do" "$(jget "$(body)" '$.error.message')" "load the list again from its start"
assert_eq "limit=0: 400" 400 "$(page 'journal?limit=0')"
assert_contains "limit=0 says the range" "$(jget "$(body)" '$.error.message')" "from 1 to 200"
assert_eq "limit=ten: 400" 400 "$(page 'journal?limit=ten')"
assert_eq "limit=-1: 400" 400 "$(page 'journal?limit=-1')"
assert_eq "a huge limit is a full page" 200 "$(page 'journal?limit=99999999999999999999999')"
assert_eq "of everything here" 10 "$(jlen "$(body)")"
assert_eq "no limit: the first fifty" 200 "$(page journal)"
assert_eq "here, all ten" 10 "$(jlen "$(body)")"

# --- filters go on in the Link --------------------------------------------------
assert_eq "kind and since with a limit: 200" 200 "$(page 'journal?kind=work&since=1%20day%20ago&limit=2')"
assert_eq "two of the three work moments" "moment 1" "$(jget "$(body)" '$[0].body.what')"
assert_match "the Link keeps the filters, escaped" '^journal\?since=1%20day%20ago&kind=work&limit=2&before=' "$(next_link)"
assert_eq "and leads to the third" 200 "$(page "$(next_link)")"
assert_eq "the third work moment only" "moment 3" "$(ids "$(body)" >/dev/null; jget "$(body)" '$[0].body.what')"
assert_eq "the last of them" 1 "$(jlen "$(body)")"
assert_eq "an unknown kind: 400" 400 "$(page 'journal?kind=nope')"
page 'journal?kind=work&limit=2' >/dev/null # kept by the server
assert_eq "a kept reply is never sent for a query that only reads alike (an escaped &)" 400 "$(page 'journal?kind=work%26limit=2')"

# --- kept replies are never stale -----------------------------------------------
assert_eq "insights: 200" 200 "$(page insights)"
before_total=$(jget "$(body)" '$.entries')
page 'journal?limit=1' >/dev/null
send_type=application/json
assert_eq "a write through the API: 201" 201 "$(send POST -d '{"intensity":2,"what":"written by the page"}' "$base/api/journal")"
assert_eq "the list shows it at once" "written by the page" "$(page 'journal?limit=1' >/dev/null; jget "$(body)" '$[0].body.what')"
page 'journal?limit=5' >/dev/null # kept by the server now
cli_id=$(log_id -i 6 "written by the command line")
assert_contains "a write by another haven shows at once too" "$(page 'journal?limit=5' >/dev/null; ids "$(body)")" "$cli_id"
page insights >/dev/null
assert_eq "and insights count both" "$((before_total + 2))" "$(jget "$(body)" '$.entries')"
id=$(page 'journal?limit=1' >/dev/null; jget "$(body)" '$[0].id')
assert_eq "a deleted entry: 200" 200 "$(send DELETE "$base/api/journal/$id")"
assert_ne "leaves the list at once" "$id" "$(page 'journal?limit=1' >/dev/null; jget "$(body)" '$[0].id')"
assert_eq "deleted=1 shows it" "$id" "$(page 'journal?limit=1&deleted=1' >/dev/null; jget "$(body)" '$[0].id')"

# --- the log is folded in off the request path ----------------------------------
for i in 1 2 3 4 5 6 7 8 9 10; do send POST -d "{\"intensity\":3,\"what\":\"fold $i\"}" "$base/api/journal" >/dev/null; done
# Read the database file alone (immutable: the WAL is not looked at).
in_file() { sqlite3 "file:$HAVEN_DB?immutable=1" "SELECT count(*) FROM records WHERE body LIKE '%fold 10%'" 2>/dev/null; }
for _ in $(seq 30); do [ "$(in_file)" = 1 ] && break; sleep 0.1; done
assert_eq "soon after the writes, they are in the database file itself" 1 "$(in_file)"

# --- the door ---------------------------------------------------------------------
door=$(curl -s -D "$T/headers" -w '\n%{http_code}' "$base/journal")
assert_eq "a page without the token: still 403" 403 "$(printf '%s' "$door" | tail -n 1)"
assert_contains "as a page" "$(cat "$T/headers")" "Content-Type: text/html; charset=utf-8"
assert_contains "in the app's own look" "$door" '<link rel="stylesheet" href="/style.css">'
assert_contains "that says how to come back, in data/serve.json's words" "$door" "$(jq -r .door.title "$E2E_DIR/../../data/serve.json")"
assert_contains "with the command" "$door" "<code>haven serve</code>"
assert_eq "its stylesheet is served without the token" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$base/style.css")"
assert_eq "and its icon" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$base/icon.svg")"
assert_eq "but nothing else: the app's code" 403 "$(curl -s -o /dev/null -w '%{http_code}' "$base/app.js")"
assert_not_contains "which is the door, not the code" "$(curl -s "$base/app.js")" "import"
assert_eq "nor the API" 403 "$(curl -s -o "$T/body" -w '%{http_code}' "$base/api/journal")"
assert_not_contains "which answers in plain text" "$(body)" "<html"
assert_eq "nor a write to the stylesheet's path" 403 "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/style.css")"

serve_stop

# --- in a vault: bodies opened from their boxes, the same words ---------------------
export HAVEN_DB="$T/vault.db"
for i in 1 2 3; do log_id -i "$i" -k work --at "$i hours ago" "sealed $i" >/dev/null; done
log_id -i 5 -k partner-distance "sealed other" >/dev/null
printf 'correct horse battery\n' >"$T/pw"
chmod 600 "$T/pw"
check "vault enable" haven vault enable --passphrase-file "$T/pw"
export HAVEN_PASSPHRASE_FILE="$T/pw"
check "the vault's journal" haven --json journal
serve_start
assert_eq "a vault's page: 200" 200 "$(page 'journal?limit=2')"
assert_eq "bodies opened, as the CLI prints them" "$(printf '%s' "$OUT" | jq -c '.[0:2]')" "$(jq -c . "$T/body")"
assert_eq "and the next page after them" 200 "$(page "$(next_link)")"
assert_eq "the rest" "$(printf '%s' "$OUT" | jq -c '.[2:4]')" "$(jq -c . "$T/body")"
assert_eq "a trigger kind in a vault" 200 "$(page 'journal?kind=work')"
assert_eq "its three entries" "sealed 1,sealed 2,sealed 3" "$(jmap "$(body)" '$' body.what | paste -sd, -)"
serve_stop
done_testing
