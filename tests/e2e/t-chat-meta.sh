# t-chat-meta.sh — `haven chat import` of Messenger and Instagram chats from
# Meta's "Download your information" (JSON): found without being told, the
# messages written by people counted exactly, double-encoded names put
# right so --me finds them, a group asks whose replies to learn, and a
# re-import adds nothing.
. "$E2E_DIR/lib.sh"

FX=$E2E_DIR/../fixtures/chat

import_ok() { # NAME FILE MESSAGES CONTACTS SKIPPED [ARGS...]
	local name=$1 file=$2 n=$3 contacts=$4 skipped=$5
	shift 5
	check "$name: imports" haven --json chat import "$file" "$@"
	assert_eq "$name: messages" "$n" "$(jget "$OUT" '$.messages')"
	assert_eq "$name: contacts" "$contacts" "$(jget "$OUT" '$.contacts')"
	assert_eq "$name: skipped" "$skipped" "$(jget "$OUT" '$.skipped_lines')"
	check "$name: listed" haven --json chat
	assert_eq "$name: source" meta "$(jget "$OUT" '$[0].source')"
	assert_eq "$name: stored count" "$n" "$(jget "$OUT" '$[0].messages')"
}

# --- the two shapes, Messenger and Instagram, without --me ------------------------------
# The thread's title names the contact, so the other writer is you.
export HAVEN_DB=$T/messenger.db
import_ok "messenger" "$FX/meta-messenger.json" 7 '["Sam"]' '[9]'
assert_eq "messenger: you, written right (not JosÃ©)" "José" "$(jget "$OUT" '$[0].me')"
assert_eq "messenger: the day" 2024-05-10 "$(jget "$OUT" '$[0].first')"
check "messenger: again" haven --json chat import "$FX/meta-messenger.json"
check "messenger: listed again" haven --json chat
assert_eq "messenger: a re-import adds nothing" 7 "$(jget "$OUT" '$[0].messages')"
assert_eq "messenger: imported twice" 2 "$(jget "$OUT" '$[0].imports')"

export HAVEN_DB=$T/messenger-me.db
import_ok "messenger, --me with an accent" "$FX/meta-messenger.json" 7 '["Sam"]' '[9]' --me "José"
check_fails 2 "messenger: --me as the broken bytes" \
	haven chat import "$FX/meta-messenger.json" --me "JosÃ©" --contact Sam
assert_contains "messenger: names the senders, written right" "$ERR" "José"

export HAVEN_DB=$T/instagram.db
import_ok "instagram" "$FX/meta-instagram.json" 4 '["Sam Taylor"]' '[]'
assert_eq "instagram: you" Alex "$(jget "$OUT" '$[0].me')"

export HAVEN_DB=$T/e2ee.db
import_ok "messenger, end-to-end encrypted chat" "$FX/meta-e2ee.json" 4 '["Sam"]' '[]' --me Alex

# --- a group: whose replies to learn ------------------------------------------------------
export HAVEN_DB=$T/group.db
check_fails 2 "group: needs --contact" haven chat import "$FX/meta-group.json" --me Alex
assert_contains "group: says so" "$ERR" "--contact NAME"
import_ok "group with --contact" "$FX/meta-group.json" 3 '["Sam"]' '[]' --me Alex --contact Sam

# --- the words, only when asked, and the pattern reads like any chat's ------------------
export HAVEN_DB=$T/keep.db
check "keep text" haven --json chat import "$FX/meta-messenger.json" --keep-text
check "keep text: listed" haven --json chat
assert_eq "keep text: kept" 1 "$(jget "$OUT" '$[0].text_kept')"
check "patterns" haven --json chat patterns Sam
assert_eq "patterns: one month" 2024-05 "$(jget "$OUT" '$.months[0].month')"
assert_eq "patterns: my messages" 4 "$(jget "$OUT" '$.months[0].messages')"
check "wait" haven --json chat wait Sam --for 20m
assert_eq "wait: too little history" 0 "$(jget "$OUT" '$.enough')"

# --- JSON that is no chat -------------------------------------------------------------------
export HAVEN_DB=$T/bad.db
printf '{"participants": [], "messages": []}' >"$T/empty-thread.json"
check_fails 1 "a thread with no messages" haven chat import "$T/empty-thread.json"
assert_contains "no messages: says it is not a chat" "$ERR" "does not look like a chat export"
assert_contains "no messages: names Meta's export" "$ERR" "Download your information"
printf '{"participants": [{"name": "Sam"}], "messages": [{"sender_name": "Sam"' >"$T/cut.json"
check_fails 1 "a cut-short message_1.json" haven chat import "$T/cut.json"
assert_contains "cut short: says so" "$ERR" "is not a chat export haven can read"
check "nothing was imported" haven --json chat
assert_eq "nothing was imported: empty" "[]" "$OUT"

done_testing
