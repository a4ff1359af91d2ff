# t-chat.sh — `haven chat`: importing every export variant, re-importing,
# refusing what is not a chat, the reality check, one's own patterns, forget.
. "$E2E_DIR/lib.sh"

FX=$E2E_DIR/../fixtures/chat

# The number of messages and contacts an import reports.
import_ok() { # NAME FILE MESSAGES CONTACTS [ARGS...]
	local name=$1 file=$2 n=$3 contacts=$4
	shift 4
	check "$name: imports" haven --json chat import "$file" "$@"
	assert_eq "$name: messages" "$n" "$(jget "$OUT" '$.messages')"
	assert_eq "$name: contacts" "$contacts" "$(jget "$OUT" '$.contacts')"
	assert_eq "$name: nothing skipped" "[]" "$(jget "$OUT" '$.skipped_lines')"
}

# --- every format variant ---------------------------------------------------------
for f in wa-android-dmy-24h:5 wa-android-mdy-12h:4 wa-android-de-dots:4 wa-ios-bracket:4 \
	wa-ios-12h-nnbsp:4 wa-ymd:3 wa-es-pm:4 wa-ambiguous-dmy:4 wa-ambiguous-mdy:4 \
	wa-th-buddhist:3 wa-ja-era:4 wa-ar-eastern:3 wa-vi-time-first:3 wa-vi-ch:3 wa-fi-klo:3 \
	wa-id-dots:3 wa-zh-ampm:3 wa-el-ampm:3 wa-notices:3 wa-ko:3 wa-ios-calls:5; do
	name=${f%%:*}
	export HAVEN_DB=$T/$name.db
	import_ok "$name" "$FX/$name.txt" "${f##*:}" '["Sam"]' --me Alex
	check "$name: listed" haven --json chat
	assert_eq "$name: stored count" "${f##*:}" "$(jget "$OUT" '$[0].messages')"
done

# HAVEN_CHAT_TIMING=1 (for bench/chat.sh) says where the time went, on stderr only.
export HAVEN_DB=$T/timing.db
HAVEN_CHAT_TIMING=1 check "timing asked" haven --json chat import "$FX/wa-android-dmy-24h.txt" --me Alex
assert_contains "timing: read and store on stderr" "$ERR" "haven: chat import timing: read "
assert_eq "timing: stdout is the summary alone" 5 "$(jget "$OUT" '$.messages')"
unset HAVEN_CHAT_TIMING # (an assignment before a function may outlive it in sh)

# Buddhist and era years are stored as the years they are.
export HAVEN_DB=$T/wa-th-buddhist.db
run haven --json chat
assert_eq "Buddhist 2565 is 2022" 2022-03-24 "$(jget "$OUT" '$[0].first')"
export HAVEN_DB=$T/wa-ja-era.db
run haven --json chat
assert_eq "Heisei 31 is 2019" 2019-04-30 "$(jget "$OUT" '$[0].first')"
assert_eq "Reiwa 4 is 2022" 2022-03-25 "$(jget "$OUT" '$[0].last')"

# A chat with one writer imports, and says there is nobody's reply to learn from.
export HAVEN_DB=$T/one.db
import_ok "one writer" "$FX/wa-one-writer.txt" 2 '["Sam"]' --me Alex
assert_contains "one writer: said so" "$(jget "$OUT" '$.notes[0]')" "nobody's reply to learn from"
check "one writer, as text" haven chat import "$FX/wa-one-writer.txt" --me Alex
assert_contains "one writer: the note printed" "$OUT" "Only Sam wrote"
export HAVEN_DB=$T/one2.db
import_ok "one writer, no names given" "$FX/wa-one-writer.txt" 2 '["Sam"]'
export HAVEN_DB=$T/one3.db
import_ok "one writer who is me" "$FX/wa-one-writer.txt" 2 '["Robin"]' --me Sam --contact Robin
export HAVEN_DB=$T/two.db
check "two writers: no notes" haven --json chat import "$FX/wa-android-dmy-24h.txt" --me Alex
assert_eq "two writers: no notes key" absent "$(jtype "$OUT" '$.notes')"

# First and last day show the date order chosen from the whole file.
export HAVEN_DB=$T/order.db
run haven --json chat import "$FX/wa-ambiguous-mdy.txt" --me Alex
run haven --json chat
assert_eq "mdy by running order: first day" 2024-01-05 "$(jget "$OUT" '$[0].first')"
assert_eq "mdy by running order: last day" 2024-02-01 "$(jget "$OUT" '$[0].last')"
export HAVEN_DB=$T/order2.db
check "--date-order overrides" haven --json chat import "$FX/wa-ambiguous-dmy.txt" --me Alex --date-order mdy
run haven --json chat
assert_eq "--date-order mdy: first day" 2024-01-02 "$(jget "$OUT" '$[0].first')"
assert_eq "--date-order mdy: last day" 2024-07-01 "$(jget "$OUT" '$[0].last')"
check_fails 2 "--date-order must be a known order" haven chat import "$FX/wa-ymd.txt" --date-order ydm
assert_contains "--date-order error names the choices" "$ERR" "dmy, mdy or ymd"

# Without --me: the file name names the contact, so the other sender is you.
export HAVEN_DB=$T/name.db
cp "$FX/wa-android-dmy-24h.txt" "$T/WhatsApp Chat with Sam.txt"
import_ok "contact from the file name" "$T/WhatsApp Chat with Sam.txt" 5 '["Sam"]'
run haven --json chat
assert_eq "me was recognised" Alex "$(jget "$OUT" '$[0].me')"
export HAVEN_DB=$T/noname.db
check_fails 2 "two senders and nothing to tell who is who" haven chat import "$FX/wa-ymd.txt"
assert_contains "asks for --me and names the senders" "$ERR" "--me NAME"
assert_contains "names the senders" "$ERR" "Alex, Sam"

# Group chats need to be told whose replies to learn.
export HAVEN_DB=$T/group.db
check_fails 2 "a group needs --contact" haven chat import "$FX/wa-group.txt" --me Alex
assert_contains "group: says so" "$ERR" "--contact NAME"
import_ok "group with --contact" "$FX/wa-group.txt" 4 '["Sam"]' --me Alex --contact Sam

# The .zip a phone makes, and Telegram's JSON.
export HAVEN_DB=$T/zip.db
import_ok "zip" "$FX/WhatsApp Chat - Sam.zip" 5 '["Sam"]'
export HAVEN_DB=$T/tg.db
import_ok "telegram with date_unixtime" "$FX/tg-unixtime.json" 4 '["Sam"]'
run haven --json chat
assert_eq "telegram: source" telegram "$(jget "$OUT" '$[0].source')"
assert_eq "telegram: last day from date_unixtime" 2024-03-13 "$(jget "$OUT" '$[0].last')"
export HAVEN_DB=$T/tg-old.db
check "telegram without date_unixtime" haven --json chat import "$FX/tg-old.json" --me Alex
assert_eq "telegram old: messages" 3 "$(jget "$OUT" '$.messages')"
assert_eq "telegram old: the undated message is reported" "[4]" "$(jget "$OUT" '$.skipped_lines')"
export HAVEN_DB=$T/tg-full.db
import_ok "telegram full export" "$FX/tg-full.json" 3 '["Sam","Jo"]'

# --- a long import on a terminal: a bar with bytes and messages, on stderr only --------
# 6 MB of chat (the bar starts above 4 MB); script(1) gives haven a terminal.
export HAVEN_DB=$T/bar.db
awk 'BEGIN { for (i = 0; i < 100000; i++)
	printf "%02d/%02d/2024, %02d:%02d - %s: a line of chat to make the file long\n",
		i % 28 + 1, i / 28 % 12 + 1, i / 60 % 24, i % 60, (i % 2 ? "Sam" : "Alex") }' >"$T/long.txt"
run timeout 60 script -qec "\"$HAVEN\" --json chat import \"$T/long.txt\" --me Alex >\"$T/long.json\"" /dev/null
assert_eq "bar: the import ends well" 0 "$RC"
assert_contains "bar: drawn on the terminal" "$OUT" "Reading the chat ["
assert_match "bar: bytes of the whole" "[0-9.]+ MB of 6\.[23] MB" "$OUT"
assert_contains "bar: the messages so far" "$OUT" "100000 messages"
assert_eq "bar: never in the JSON" 100000 "$(jget "$(cat "$T/long.json")" '$.messages')"
assert_not_contains "bar: stdout has only the JSON" "$(cat "$T/long.json")" "Reading"

# --- a few unreadable lines: the rest comes in, the lines are named -------------------
export HAVEN_DB=$T/skip.db
check "unreadable first line" haven --json chat import "$FX/wa-skipped.txt" --me Alex
assert_eq "skipped: line 1 reported" "[1]" "$(jget "$OUT" '$.skipped_lines')"
assert_eq "skipped: the rest imported" 3 "$(jget "$OUT" '$.messages')"
{
	head -n 3 "$FX/wa-android-dmy-24h.txt"
	head -c $((3 << 20)) /dev/zero | tr '\0' x
	echo
	tail -n +4 "$FX/wa-android-dmy-24h.txt"
} >"$T/longline.txt"
export HAVEN_DB=$T/long.db
check "a line over the 1 MiB limit" haven --json chat import "$T/longline.txt" --me Alex
assert_eq "over-long line: its number reported" "[4]" "$(jget "$OUT" '$.skipped_lines')"
assert_eq "over-long line: the rest imported" 5 "$(jget "$OUT" '$.messages')"
check "human summary" haven chat import "$FX/wa-skipped.txt" --me Alex
assert_contains "human summary names skipped lines" "$OUT" "Skipped 1 line that could not be read: 1"

# --- standard input, pipes and CRLF read like a file ----------------------------------
# The importer reads every input once; what it stores must not depend on how
# the bytes arrive.
awk '{ printf "%s\r\n", $0 }' "$FX/wa-out-of-order.txt" >"$T/crlf.txt"
cat "$FX/wa-android-dmy-24h.txt" "$T/crlf.txt" >"$T/mixed.txt"
export HAVEN_DB=$T/from-file.db
check "import from a file" haven --json chat import "$T/mixed.txt" --me Alex
assert_eq "file: messages" 8 "$(jget "$OUT" '$.messages')"
from_file=$(sqlite3 "$HAVEN_DB" 'SELECT day, n, hex(data) FROM chat_days ORDER BY day')
export HAVEN_DB=$T/from-stdin.db
run bash -c '"$HAVEN" --json chat import - --me Alex <"$1"' _ "$T/mixed.txt"
assert_eq "redirected standard input: exit status" 0 "$RC"
assert_eq "redirected standard input: messages" 8 "$(jget "$OUT" '$.messages')"
assert_eq "redirected standard input: same days" "$from_file" \
	"$(sqlite3 "$HAVEN_DB" 'SELECT day, n, hex(data) FROM chat_days ORDER BY day')"
export HAVEN_DB=$T/from-pipe.db
run bash -c 'cat "$1" | "$HAVEN" --json chat import - --me Alex' _ "$T/mixed.txt"
assert_eq "a pipe: exit status" 0 "$RC"
assert_eq "a pipe: same days" "$from_file" \
	"$(sqlite3 "$HAVEN_DB" 'SELECT day, n, hex(data) FROM chat_days ORDER BY day')"
# Out of order in the file, sorted in the store: 09:00 before 10:00 on 12 March.
assert_eq "out-of-order messages stored sorted" "3" \
	"$(sqlite3 "$HAVEN_DB" "SELECT n FROM chat_days WHERE day = 19794")"
# The stage needs a temporary folder; without one, a clear refusal and nothing kept.
export HAVEN_DB=$T/notmp.db
run env TMPDIR="$T/no-such-folder" "$HAVEN" chat import "$T/mixed.txt" --me Alex
assert_eq "no temporary folder: exit status 1" 1 "$RC"
assert_contains "no temporary folder: says where and what to do" "$ERR" "set TMPDIR"
check "no temporary folder: listed" haven --json chat
assert_eq "no temporary folder: nothing imported" "[]" "$OUT"

# --- not a chat: a clear message and nothing imported ---------------------------------
export HAVEN_DB=$T/bad.db
head -c 65536 /dev/urandom >"$T/random.bin"
check_fails 1 "random bytes" haven chat import "$T/random.bin"
assert_contains "random bytes: says it is not a chat" "$ERR" "does not look like a chat export"
assert_contains "random bytes: says nothing was imported" "$ERR" "nothing was imported"
: >"$T/empty.txt"
check_fails 1 "an empty file" haven chat import "$T/empty.txt"
assert_contains "empty: says it is not a chat" "$ERR" "does not look like a chat export"
head -c 300 "$FX/WhatsApp Chat - Sam.zip" >"$T/cut.zip"
check_fails 1 "a truncated zip" haven chat import "$T/cut.zip"
assert_contains "truncated zip: says so" "$ERR" "zip archive"
printf '{"name": "Sam", "messages": [' >"$T/broken.json"
check_fails 1 "truncated Telegram JSON" haven chat import "$T/broken.json"
assert_contains "truncated JSON: says so" "$ERR" "is not a chat export haven can read"
# One line of 1 GiB (a smaller one under the sanitizers, same code path).
size=1073741824
case ${HAVEN_BUILD:-} in *build-san*) size=$((64 << 20)) ;; esac
run bash -c "head -c $size /dev/zero | tr '\\0' x | \"\$HAVEN\" chat import -"
assert_eq "one huge line: exit status 1" 1 "$RC"
assert_contains "one huge line: a clear message" "$ERR" "does not look like a chat export"
# Endless and explosive inputs stop at a limit that is named (issue 13,
# item 8): /dev/zero is one endless run of lines too long to keep.
run timeout 20 "$HAVEN" chat import /dev/zero --me A
assert_eq "/dev/zero: ends with exit status 1 (not the timeout's 124)" 1 "$RC"
assert_contains "/dev/zero: names the byte limit" "$ERR" "limit on a chat input"
assert_contains "/dev/zero: nothing was imported" "$ERR" "nothing was imported"
# A zip bomb made here: 40 MB of one chat line packs to about 100 KB.
mkdir bomb
yes "12/01/2024, 10:00 - Ana: ok see you soon" | head -c 40000000 >bomb/_chat.txt
(cd bomb && zip -q -9 ../bomb.zip _chat.txt)
rm -r bomb
run timeout 20 "$HAVEN" chat import bomb.zip --me Ana
assert_eq "zip bomb: exit status 1" 1 "$RC"
assert_contains "zip bomb: names the expansion limit" "$ERR" "expansion limit"
# The same bomb that says it unpacks to 1,000 bytes: the bytes read count.
python3 - <<'PY'
import struct
d = bytearray(open("bomb.zip", "rb").read())
struct.pack_into("<I", d, 22, 1000)  # the local header's size
c = d.find(b"PK\x01\x02")
struct.pack_into("<I", d, c + 24, 1000)  # the central directory's
open("liar.zip", "wb").write(d)
PY
run timeout 20 "$HAVEN" chat import liar.zip --me Ana
assert_eq "a bomb that lies about its size: exit status 1" 1 "$RC"
assert_contains "a lying bomb: names the expansion limit" "$ERR" "expansion limit"
check_fails 2 "missing file argument" haven chat import
check_fails 1 "a file that is not there" haven chat import "$T/nope.txt"
assert_contains "missing file named" "$ERR" "nope.txt"
check "nothing was imported by any of those" haven --json chat
assert_eq "no chats after refusals" "[]" "$OUT"

# --- re-importing a longer export adds only what is new --------------------------------
export HAVEN_DB=$T/re.db
head -n 4 "$FX/wa-android-dmy-24h.txt" >"$T/part.txt"
check "first, shorter export" haven --json chat import "$T/part.txt" --me Alex
assert_eq "shorter: 2 messages" 2 "$(jget "$OUT" '$.messages')"
check "then the longer one" haven chat import "$FX/wa-android-dmy-24h.txt"
assert_contains "longer: 3 new" "$OUT" "3 were new"
check "and again" haven chat import "$FX/wa-android-dmy-24h.txt"
assert_contains "again: none new" "$OUT" "0 were new"
run haven --json chat
assert_eq "stored once each" 5 "$(jget "$OUT" '$[0].messages')"
assert_eq "three imports" 3 "$(jget "$OUT" '$[0].imports')"

# --- words only with --keep-text ------------------------------------------------------
assert_eq "no words kept by default" 0 "$(sqlite3 "$HAVEN_DB" 'SELECT count(*) FROM chat_texts')"
export HAVEN_DB=$T/words.db
check "--keep-text" haven chat import "$FX/wa-android-dmy-24h.txt" --me Alex --keep-text
assert_eq "words kept with --keep-text" 3 "$(sqlite3 "$HAVEN_DB" 'SELECT count(*) FROM chat_texts')"
assert_eq "the words as written" "Are you still up?" \
	"$(sqlite3 "$HAVEN_DB" "SELECT text FROM chat_texts ORDER BY day, key LIMIT 1")"

# --- the reality check -------------------------------------------------------------------
# 23 weekdays of December 2025: Alex writes at 15:00, Sam answers after 1, 2, … 23 minutes.
export HAVEN_DB=$T/wait.db
: >"$T/history.txt"
i=0
for d in 01 02 03 04 05 08 09 10 11 12 15 16 17 18 19 22 23 24 25 26 29 30 31; do
	i=$((i + 1))
	printf '%s/12/2025, 15:00 - Alex: are you free later?\n%s/12/2025, 15:%02d - Sam: yes\n' \
		"$d" "$d" "$i" >>"$T/history.txt"
done
check "history imports" haven chat import "$T/history.txt" --me Alex
# The clock stands at Wednesday 2026-01-07 16:00; 10 minutes of silence.
check "wait --for 10m" haven chat wait Sam --for 10m
assert_contains "the calm sentence" "$OUT" "Sam took longer than 10 minutes to answer 57 % of the time."
assert_contains "a typical reply" "$OUT" "after about 12 minutes"
assert_contains "the middle half" "$OUT" "between 7 minutes and 18 minutes"
assert_contains "offers haven pause" "$OUT" "haven pause"
assert_contains "offers a breathing practice" "$OUT" "haven breathe"
assert_contains "the offer, its actions as commands" "$OUT" "If the waiting feels loud right now, \`haven pause\` gives you a moment to settle, or \`haven breathe\` walks"
check "wait --since 15:50 --json" haven --json chat wait sam --since 15:50
assert_eq "json: contact" Sam "$(jget "$OUT" '$.contact')"
assert_eq "json: silence" 10 "$(jget "$OUT" '$.silence_minutes')"
assert_eq "json: replies" 23 "$(jget "$OUT" '$.replies')"
assert_eq "json: conditioned on hour and day" similar-hour-and-day "$(jget "$OUT" '$.basis')"
assert_eq "json: share" 57 "$(jget "$OUT" '$.longer_percent')"
assert_eq "json: typical" 12 "$(jget "$OUT" '$.typical_minutes')"
assert_eq "json: offers, as actions" '["pause","breathe"]' "$(jget "$OUT" '$.do')"
assert_contains "json: the offer names each by a slot" "$(jget "$OUT" '$.offer')" "{pause} gives you a moment"
assert_eq "json: 10 minutes is not unusual" 0 "$(jget "$OUT" '$.unusual')"
# 30 minutes: no reply took so long.  Said gently, about the time only, and
# the coach joins the next steps.
check "wait --for 30m: unusual" haven chat wait Sam --for 30m
assert_contains "unusual: says so" "$OUT" "longer than almost all of Sam's replies took"
assert_contains "unusual: no verdict" "$OUT" "the time alone cannot tell you why"
assert_contains "unusual: the coach with a draft" "$OUT" 'haven coach "DRAFT"'
assert_contains "unusual: the pause still" "$OUT" "haven pause"
check "wait --for 30m --json" haven --json chat wait Sam --for 30m
assert_eq "json: unusual" 1 "$(jget "$OUT" '$.unusual')"
assert_eq "json: unusual, second sentence" "This quiet has lasted longer than almost all of Sam's replies took. Long quiets happen now and then in any history; the time alone cannot tell you why." "$(jget "$OUT" '$.sentences[1]')"
assert_eq "json: unusual offers" '["pause","coach-draft","breathe"]' "$(jget "$OUT" '$.do')"
# Four days: longer than Sam ever took to write again, weekends included.
check "wait --for 4d" haven chat wait Sam --for 4d
assert_contains "past the gap, unusual: said of coming back" "$OUT" "longer than Sam almost ever took to write again"
# Eight hours is past the gap that ends a conversation: no reply took that
# long by definition, so it is compared with Sam writing again the next day.
check "wait --for 8h" haven chat wait Sam --for 8h
assert_contains "past the gap: between conversations" "$OUT" "this is the time between conversations"
assert_not_contains "past the gap: not \"took longer to answer\"" "$OUT" "to answer"
assert_contains "coming back, said separately" "$OUT" "After a conversation has wound down, Sam usually writes again within about"
check "wait --for 8h --json" haven --json chat wait Sam --for 8h
assert_eq "json: comings back (22 next days)" 22 "$(jget "$OUT" '$.returns')"
assert_eq "json: the gap" 6 "$(jget "$OUT" '$.conversation_gap_hours')"
check "wait with no silence given" haven chat wait Sam
assert_contains "no silence: typical only" "$OUT" "comes after about 12 minutes"
assert_not_contains "no silence: no share" "$OUT" "took longer"
check_fails 2 "--since in the future" haven chat wait Sam --since 17:00
check_fails 2 "--since and --for together" haven chat wait Sam --since 15:00 --for 5m
check_fails 2 "--for that is not a duration" haven chat wait Sam --for soon
check_fails 2 "wait needs a contact" haven chat wait
check_fails 1 "wait for someone never imported" haven chat wait Robin --for 5m
assert_contains "unknown contact: how to import" "$ERR" "haven chat import"
export HAVEN_DB=$T/re.db
check "too little history" haven chat wait Sam --for 25m
assert_contains "too little: says so" "$OUT" "too few to say what is usual"
assert_contains "too little: still offers the practice" "$OUT" "haven breathe"
check "too little --json" haven --json chat wait Sam --for 25m
assert_eq "too little: enough false" 0 "$(jget "$OUT" '$.enough')"
assert_eq "too little: no figures" null "$(jtype "$OUT" '$.typical_minutes')"

# --- patterns: your own side, by month ----------------------------------------------------
check "patterns --json" haven --json chat patterns Sam
assert_eq "patterns: two months" 2 "$(jlen "$OUT" '$.months')"
assert_eq "patterns: month keys" \
	month,messages,turns,followups,followup_percent,longest_followup_run,night_messages,own_typical_reply_minutes \
	"$(jkeys "$OUT" '$.months[0]')"
assert_eq "patterns: December mine" 1 "$(jget "$OUT" '$.months[0].messages')"
assert_eq "patterns: January mine" 2 "$(jget "$OUT" '$.months[1].messages')"
assert_eq "patterns: January 00:05 is late-night" 1 "$(jget "$OUT" '$.months[1].night_messages')"
check "patterns drawn" haven chat patterns
assert_contains "patterns: follow-ups row" "$OUT" "follow-ups before a reply"
assert_contains "patterns: late-night row" "$OUT" "between midnight and 5 a.m."
assert_not_contains "patterns: the other person's reply times are not charted" "$OUT" "Sam's"

check "insights include the chat figures" haven --json insights
assert_eq "insights: chat months" 2 "$(jlen "$OUT" '$.chat.months')"
export HAVEN_DB=$T/none.db
check "insights without chats" haven --json insights
assert_eq "insights: chat is null" null "$(jtype "$OUT" '$.chat')"
export HAVEN_DB=$T/re.db

# --- export carries the summary record; forget removes everything --------------------------
check "export" haven export
assert_contains "export holds the chat record" "$OUT" '"kind":"chat"'
printf '%s\n' "$OUT" >"$T/backup.jsonl"
check "the export imports elsewhere" env HAVEN_DB="$T/elsewhere.db" "$HAVEN" import "$T/backup.jsonl"
check "forget" haven --json chat forget sam
assert_eq "forget: messages removed" 5 "$(jget "$OUT" '$.messages')"
assert_eq "forget: no days left" 0 "$(sqlite3 "$HAVEN_DB" 'SELECT count(*) FROM chat_days')"
check "forget: no chats listed" haven --json chat
assert_eq "forget: list empty" "[]" "$OUT"
check_fails 1 "forget twice" haven chat forget Sam
check_fails 2 "unknown chat subcommand" haven chat frobnicate

# One message is counted as one, in the list and when forgotten.
printf '24/03/2022, 21:41 - Sam: anyone up for Friday?\n' >"$T/one-line.txt"
export HAVEN_DB=$T/one-line.db
check "one message: imports" haven chat import "$T/one-line.txt" --me Alex
assert_contains "one message: read as one" "$OUT" "Read 1 message with Sam; 1 was new."
check "one message: listed" haven chat
assert_contains "one message: the row says one" "$OUT" " 1 message  2022-03-24"
check "one message: forgotten" haven chat forget Sam
assert_eq "one message: forgotten as one" "Forgot the chat with Sam: 1 message removed." "$OUT"

# --- a large file, read in two parts at once, stores what one pass stores --------------
# About 9 MB: over the size at which a file is cut in two (on two cores).
awk 'BEGIN {
	for (i = 0; i < 150000; i++) {
		d = int(i / 400); day = d % 28 + 1; month = int(d / 28) % 12 + 1
		who = (i % 3 == 0) ? "Robin Vale" : "Alex"
		printf "%02d/%02d/23, %02d:%02d - %s: message number %d of the big one\n",
			day, month, int(i % 400 / 17), i % 60, who, i
		if (i % 97 == 0) print "and a second line"
	}
}' >"$T/big.txt"
export HAVEN_DB=$T/big-file.db
check "large file: imports" haven --json chat import "$T/big.txt" --me Alex
assert_eq "large file: every message" 150000 "$(jget "$OUT" '$.messages')"
from_file=$(sqlite3 "$HAVEN_DB" 'SELECT day, off, n, hex(data) FROM chat_days ORDER BY day' | md5sum)
export HAVEN_DB=$T/big-pipe.db
check "large file through a pipe (one pass)" sh -c "cat '$T/big.txt' | '$HAVEN' --json chat import - --me Alex --contact 'Robin Vale'"
assert_eq "large file: the same days either way" "$from_file" \
	"$(sqlite3 "$HAVEN_DB" 'SELECT day, off, n, hex(data) FROM chat_days ORDER BY day' | md5sum)"

# The suggestion after an import is a command that can be pasted as it is.
export HAVEN_DB=$T/suggest.db
check "a contact with a space" haven chat import "$T/big.txt" --me Alex
assert_contains "suggestion quotes the name" "$OUT" "haven chat wait 'Robin Vale' --for 20m"
suggested=$(printf '%s' "$OUT" | sed -n 's/.*Try: haven //p')
check "the suggestion runs" sh -c "\"\$0\" $suggested" "$HAVEN"
assert_contains "the suggested check answers" "$OUT" "Robin Vale"

done_testing
