# t-chat-imessage.sh — `haven chat import` of imessage-exporter's text
# export: found by its first line, the messages written by people counted
# exactly ("Me" is you), CRLF read alike, a group asks whose replies to
# learn, and the reality check reads it like any chat.
. "$E2E_DIR/lib.sh"

FX=$E2E_DIR/../fixtures/chat

export HAVEN_DB=$T/im.db
check "imessage: imports" haven --json chat import "$FX/imessage-sam.txt"
assert_eq "imessage: messages" 8 "$(jget "$OUT" '$.messages')"
assert_eq "imessage: contacts" '["Sam Taylor"]' "$(jget "$OUT" '$.contacts')"
assert_eq "imessage: nothing skipped" "[]" "$(jget "$OUT" '$.skipped_lines')"
check "imessage: listed" haven --json chat
assert_eq "imessage: source" imessage "$(jget "$OUT" '$[0].source')"
assert_eq "imessage: you are Me" Me "$(jget "$OUT" '$[0].me')"
assert_eq "imessage: first day" 2022-05-17 "$(jget "$OUT" '$[0].first')"
assert_eq "imessage: last day" 2022-05-18 "$(jget "$OUT" '$[0].last')"
check "imessage: again" haven --json chat import "$FX/imessage-sam.txt"
check "imessage: listed again" haven --json chat
assert_eq "imessage: a re-import adds nothing" 8 "$(jget "$OUT" '$[0].messages')"
check "imessage: patterns" haven --json chat patterns "Sam Taylor"
assert_eq "imessage: my messages in May 2022" 4 "$(jget "$OUT" '$.months[0].messages')"

# --me with your own name still finds "Me"; CRLF line ends read the same.
export HAVEN_DB=$T/im-crlf.db
sed 's/$/\r/' "$FX/imessage-sam.txt" >"$T/crlf.txt"
check "imessage CRLF, --me Alex" haven --json chat import "$T/crlf.txt" --me Alex
assert_eq "imessage CRLF: messages" 8 "$(jget "$OUT" '$.messages')"
assert_eq "imessage CRLF: contacts" '["Sam Taylor"]' "$(jget "$OUT" '$.contacts')"

# A group: three writers.
export HAVEN_DB=$T/im-group.db
cat "$FX/imessage-sam.txt" >"$T/group.txt"
printf 'May 19, 2022  9:00:00 AM\nJo\nhello both\n\n' >>"$T/group.txt"
check_fails 2 "imessage group: needs --contact" haven chat import "$T/group.txt"
assert_contains "imessage group: says so" "$ERR" "--contact NAME"
check "imessage group with --contact" haven --json chat import "$T/group.txt" --contact "Sam Taylor"
assert_eq "imessage group: messages" 9 "$(jget "$OUT" '$.messages')"

# Only headers and nothing else: not a chat.
export HAVEN_DB=$T/im-bad.db
printf 'May 17, 2022  5:29:42 PM\n\nMay 17, 2022  5:30:00 PM\n' >"$T/empty.txt"
check_fails 1 "imessage with no message" haven chat import "$T/empty.txt"
assert_contains "no message: says so" "$ERR" "does not look like a chat export"

done_testing
