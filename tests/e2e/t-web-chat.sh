# t-web-chat.sh — the chat reality check through the web API, with curl
# against a running server: exports uploaded as raw bytes (a WhatsApp .txt,
# a phone's .zip) store exactly what `haven chat import` stores; the wait,
# the patterns and the list are the CLI's JSON at the same clock; the
# CLI's refusals come back as 400s; forget works by a name with a space;
# writes need the CSRF token; nothing is left in the temporary folder.
. "$E2E_DIR/lib.sh"

FX=$E2E_DIR/../fixtures/chat

# The server keeps lib.sh's fixed clock (HAVEN_NOW), so "25 minutes ago"
# is the same instant for it and for the CLI below.  Its uploads go to a
# temporary folder of its own, to see that nothing stays there.
mkdir -p "$T/tmp"
serve_start TMPDIR="$T/tmp"

upload() { # FILE QUERY
	send POST -H 'Content-Type: application/octet-stream' --data-binary @"$1" "$base/api/chat/import?$2"
}
# Compact, canonical JSON (SQLite's), so pretty and compact output compare.
canon() { jget "$1" '$'; }

# --- nothing yet ---------------------------------------------------------------
assert_eq "list: 200" 200 "$(status "$base/api/chat")"
assert_eq "no chats" "[]" "$(body)"
assert_eq "the page's words: 200" 200 "$(status "$base/api/content/chat-web.json")"
assert_eq "with a title" "Waiting for a reply" "$(jget "$(body)" '$.title')"

# --- refusals change nothing ---------------------------------------------------------
before=$(db_content)
assert_eq "an import without the CSRF token: 403" 403 \
	"$(status -X POST -H "Origin: $base" --data-binary @"$FX/wa-android-dmy-24h.txt" "$base/api/chat/import?me=Alex")"
assert_eq "an import from another origin: 403" 403 \
	"$(status -X POST -H "Origin: http://evil.example" -H "X-CSRF-Token: $csrf" --data-binary @"$FX/wa-android-dmy-24h.txt" "$base/api/chat/import")"
head -c 65536 /dev/urandom >"$T/random.bin"
assert_eq "random bytes: 400" 400 "$(upload "$T/random.bin" "name=photo.jpg")"
assert_contains "random bytes: the library's words, with the upload's name" "$(body)" "photo.jpg does not look like a chat export"
assert_contains "random bytes: says nothing was imported" "$(body)" "nothing was imported"
assert_eq "random bytes: code bad-data" bad-data "$(jget "$(body)" '$.error.code')"
printf 'shopping list\nmilk\n' >"$T/notes.txt"
assert_eq "a text that is not a chat: 400" 400 "$(upload "$T/notes.txt" "")"
assert_contains "named as the uploaded file when no name is given" "$(body)" "the uploaded file does not look like a chat export"
head -c 300 "$FX/WhatsApp Chat - Sam.zip" >"$T/cut.zip"
assert_eq "a truncated zip: 400" 400 "$(upload "$T/cut.zip" "name=cut.zip")"
assert_contains "truncated zip: the library's message" "$(body)" "cut.zip is not a readable zip archive"
assert_not_contains "truncated zip: no temporary path in the message" "$(body)" "haven-upload"
assert_eq "an empty body: 400" 400 "$(send POST --data-binary '' "$base/api/chat/import")"
assert_contains "says what to send" "$(body)" "send the exported chat as the request body"
assert_eq "a date order that does not exist: 400" 400 "$(upload "$FX/wa-ymd.txt" "date_order=ydm")"
assert_contains "the CLI's choices" "$(body)" "date_order must be dmy, mdy or ymd"
assert_eq "two senders and nothing to tell who is who: 400" 400 "$(upload "$FX/wa-ymd.txt" "")"
assert_contains "names the senders" "$(body)" "Alex, Sam"
assert_eq "a group without a contact: 400" 400 "$(upload "$FX/wa-group.txt" "me=Alex")"
assert_eq "the refusals imported nothing" 200 "$(status "$base/api/chat")"
assert_eq "still no chats" "[]" "$(body)"
check "the CLI sees no chats either" haven --json chat
assert_eq "the CLI: none" "[]" "$OUT"
assert_eq "the refusals left no days" 0 "$(sqlite3 "$HAVEN_DB" 'SELECT count(*) FROM chat_days')"
assert_eq "the refused writes did not touch the database" "$before" "$(db_content)"

# --- a WhatsApp text, then the zip a phone makes ---------------------------------------
assert_eq "a WhatsApp .txt: 201" 201 "$(upload "$FX/wa-android-dmy-24h.txt" "me=Alex")"
assert_eq "its summary" '{"messages":5,"contacts":["Sam"],"skipped_lines":[],"added":5}' "$(body)"
assert_eq "the phone's .zip: 201" 201 "$(upload "$FX/WhatsApp Chat - Sam.zip" "name=WhatsApp%20Chat%20-%20Sam.zip")"
assert_eq "the same messages again: none new" '{"messages":5,"contacts":["Sam"],"skipped_lines":[],"added":0}' "$(body)"

# The same two imports through the CLI, into a database of its own, store
# the same days byte for byte and list the same summary.
web_days=$(sqlite3 "$HAVEN_DB" 'SELECT chat, day, off, n, hex(data) FROM chat_days ORDER BY chat, day')
assert_eq "two days stored" 2 "$(printf "%s\n" "$web_days" | wc -l)"
HAVEN_DB=$T/cli.db "$HAVEN" chat import "$FX/wa-android-dmy-24h.txt" --me Alex >/dev/null
HAVEN_DB=$T/cli.db "$HAVEN" chat import "$FX/WhatsApp Chat - Sam.zip" >/dev/null
assert_eq "the days stored are the CLI's" \
	"$(sqlite3 "$T/cli.db" 'SELECT chat, day, off, n, hex(data) FROM chat_days ORDER BY chat, day')" "$web_days"
assert_eq "list: 200" 200 "$(status "$base/api/chat")"
web_list=$(body)
check "the CLI lists what the web imported" haven --json chat
assert_eq "the list is the CLI's" "$(canon "$OUT")" "$(canon "$web_list")"
assert_eq "two imports counted" 2 "$(jget "$web_list" '$[0].imports')"
run env HAVEN_DB="$T/cli.db" "$HAVEN" --json chat
assert_eq "and the same as a CLI-only import's" "$(canon "$OUT")" "$(canon "$web_list")"

# --- a longer history, larger than a JSON body may be, by a name with a space ------------
# 23 weekdays of December 2025, as in t-chat.sh: Alex writes at 15:00, Robin
# Vale answers after 1, 2, … 23 minutes; then padding lines that make the
# upload larger than the 1 MiB a JSON body may be.
: >"$T/history.txt"
i=0
for d in 01 02 03 04 05 08 09 10 11 12 15 16 17 18 19 22 23 24 25 26 29 30 31; do
	i=$((i + 1))
	printf '%s/12/2025, 15:00 - Alex: are you free later?\n%s/12/2025, 15:%02d - Robin Vale: yes\n' \
		"$d" "$d" "$i" >>"$T/history.txt"
done
awk 'BEGIN { for (i = 0; i < 30000; i++) printf "%02d/11/2025, 09:%02d - Robin Vale: an older message, number %d\n", i % 28 + 1, i % 60, i }' \
	>"$T/older.txt"
cat "$T/older.txt" "$T/history.txt" >"$T/WhatsApp Chat with Robin Vale.txt"
size=$(stat -c %s "$T/WhatsApp Chat with Robin Vale.txt")
assert_true "the upload is over 1 MiB" test "$size" -gt 1048576
assert_eq "a large export: 201 (the import limit, not the JSON one)" 201 \
	"$(upload "$T/WhatsApp Chat with Robin Vale.txt" "name=WhatsApp%20Chat%20with%20Robin%20Vale.txt")"
assert_eq "the contact from the file's name" '["Robin Vale"]' "$(jget "$(body)" '$.contacts')"
assert_eq "every message" 30046 "$(jget "$(body)" '$.messages')"
assert_eq "nothing left in the temporary folder" "" "$(ls -A "$T/tmp")"

# --- the reality check: the CLI's JSON at the same clock --------------------------------
assert_eq "wait 25 minutes: 200" 200 "$(status "$base/api/chat/wait?contact=Sam&minutes=25")"
web=$(body)
check "the CLI at the same clock" haven --json chat wait Sam --for 25m
assert_eq "the same JSON as haven --json chat wait Sam --for 25m" "$(canon "$OUT")" "$(canon "$web")"
assert_eq "too little history here" 0 "$(jget "$web" '$.enough')"
assert_eq "wait 10 minutes: 200" 200 "$(status -G --data-urlencode "contact=robin vale" --data-urlencode minutes=10 "$base/api/chat/wait")"
web=$(body)
check "the CLI, --for 10m" haven --json chat wait "Robin Vale" --for 10m
assert_eq "the same JSON for --for 10m" "$(canon "$OUT")" "$(canon "$web")"
assert_eq "the calm sentence" "Robin Vale took longer than 10 minutes to answer 57 % of the time." "$(jget "$web" '$.sentences[0]')"
assert_eq "decimal minutes: 200" 200 "$(status "$base/api/chat/wait?contact=Sam&minutes=2.5")"
assert_eq "since a time: 200" 200 "$(status -G --data-urlencode "contact=Robin Vale" --data-urlencode since=15:50 "$base/api/chat/wait")"
web=$(body)
check "the CLI, --since 15:50" haven --json chat wait "Robin Vale" --since 15:50
assert_eq "the same JSON for --since 15:50" "$(canon "$OUT")" "$(canon "$web")"
assert_eq "ten minutes of silence" 10 "$(jget "$web" '$.silence_minutes')"
assert_eq "no silence given: 200" 200 "$(status "$base/api/chat/wait?contact=Sam")"
check "the CLI with neither" haven --json chat wait Sam
assert_eq "the same JSON with neither" "$(canon "$OUT")" "$(canon "$(body)")"

assert_eq "no contact: 400" 400 "$(status "$base/api/chat/wait?minutes=25")"
assert_contains "says the name is needed" "$(body)" "needs the contact's name"
for bad in abc 0 -5 1e9 nan; do
	assert_eq "minutes=$bad: 400" 400 "$(status "$base/api/chat/wait?contact=Sam&minutes=$bad")"
	assert_contains "minutes=$bad: says what is wanted" "$(body)" "minutes must be how long ago you sent your message"
done
assert_eq "minutes and since: 400" 400 "$(status "$base/api/chat/wait?contact=Sam&minutes=5&since=15:00")"
assert_contains "not both, as the CLI says" "$(body)" "give since or minutes, not both"
assert_eq "since in the future: 400" 400 "$(status "$base/api/chat/wait?contact=Sam&since=17:00")"
assert_contains "the CLI's words for it" "$(body)" "since 17:00 is in the future; give when you sent your message"
assert_eq "since that is not a time: 400" 400 "$(status "$base/api/chat/wait?contact=Sam&since=soonish")"
assert_contains "since: the date parser's message" "$(body)" 'could not read \"soonish\"'
assert_eq "a contact never imported: 404" 404 "$(status "$base/api/chat/wait?contact=Robin&minutes=5")"
assert_eq "not-found" not-found "$(jget "$(body)" '$.error.code')"
assert_contains "the library's message" "$(body)" 'no chat with \"Robin\" has been imported'
assert_eq "a name that is not UTF-8: 400" 400 "$(status "$base/api/chat/wait?contact=%ff&minutes=5")"

# --- your own pattern ----------------------------------------------------------------------
assert_eq "patterns for Sam: 200" 200 "$(status "$base/api/chat/patterns?contact=Sam")"
web=$(body)
check "the CLI's patterns for Sam" haven --json chat patterns Sam
assert_eq "the same months and note" "$(canon "$OUT")" "$(canon "$web")"
assert_eq "patterns of every chat: 200" 200 "$(status "$base/api/chat/patterns")"
web=$(body)
check "the CLI's patterns of every chat" haven --json chat patterns
assert_eq "the same, all chats together" "$(canon "$OUT")" "$(canon "$web")"
assert_eq "two contacts" 2 "$(jget "$web" '$.contacts')"
assert_eq "patterns for nobody: 404" 404 "$(status "$base/api/chat/patterns?contact=Nobody")"

# --- forget, by a name with a space ------------------------------------------------------------
assert_eq "GET of one chat: 405" 405 "$(status "$base/api/chat/Sam")"
assert_eq "forget without the token: 403" 403 "$(status -X DELETE -H "Origin: $base" "$base/api/chat/Robin%20Vale")"
assert_eq "forget Robin Vale: 200" 200 "$(send DELETE "$base/api/chat/Robin%20Vale")"
assert_eq "forget: who" "Robin Vale" "$(jget "$(body)" '$.contact')"
assert_eq "forget: how many" 30046 "$(jget "$(body)" '$.messages')"
assert_eq "forget again: 404" 404 "$(send DELETE "$base/api/chat/robin%20vale")"
check "the CLI sees only Sam" haven --json chat
assert_eq "one chat left, Sam" "Sam" "$(jmap "$OUT" '$' contact)"
assert_eq "forget sam, in any case: 200" 200 "$(send DELETE "$base/api/chat/sam")"
assert_eq "list: empty again" 200 "$(status "$base/api/chat")"
assert_eq "no chats" "[]" "$(body)"
assert_eq "no days left" 0 "$(sqlite3 "$HAVEN_DB" 'SELECT count(*) FROM chat_days')"

serve_stop
assert_eq "the server stops cleanly" 0 "$?"
assert_eq "the temporary folder is empty" "" "$(ls -A "$T/tmp")"

done_testing
