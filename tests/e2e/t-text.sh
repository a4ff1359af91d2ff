# t-text.sh — the bytes of a person's words, in and out.
#
# In: words that are not UTF-8 (a terminal or file in Latin-1) are refused
# with the field named, exit 2 on the command line and 400 in the API, and
# nothing is saved; before, `haven log -i 5 $'caf\xe9'` saved the intensity
# alone and said nothing.  Out: control characters in saved words (escape
# sequences that recolour, retitle or clear a terminal) are printed as
# visible pictures by `haven journal` (and the home screen, check-ins,
# evidence, soothing toolkit and thought records), while --json keeps them
# exactly.
. "$E2E_DIR/lib.sh"

LATIN1=$'caf\xe9 with Ana'

# --- refused on the command line, naming the field ---------------------------
check_fails 2 "log: words not UTF-8" haven log -i 5 "$LATIN1"
assert_contains "log: names the field" "$ERR" "what is not valid UTF-8"
assert_eq "log: nothing saved" absent "$(db_hash)"
check_fails 2 "log --thought not UTF-8" haven log -i 5 --thought "$LATIN1" "no reply"
assert_contains "log --thought: names it" "$ERR" "thoughts is not valid UTF-8"
check_fails 2 "log --body not UTF-8" haven log -i 5 --body "$LATIN1"
assert_contains "log --body: names it" "$ERR" "body is not valid UTF-8"
check_fails 2 "log --response not UTF-8" haven log -i 5 --response "$LATIN1"
assert_contains "log --response: names it" "$ERR" "response is not valid UTF-8"
check_fails 2 "log --emotion not UTF-8" haven log -i 5 --emotion "$LATIN1"
assert_contains "log --emotion: names it" "$ERR" "emotion 1 is not valid UTF-8"
check_fails 2 "log -k not UTF-8, --json" haven --json log -i 5 -k "$LATIN1" "no reply"
assert_contains "--json: the error is still JSON" "$ERR" '{"error":{"code":"invalid","message":"unknown trigger kind'
check_fails 2 "checkin --note not UTF-8" haven checkin 5 --note "$LATIN1"
assert_contains "checkin --note: names it" "$ERR" "note"
check_fails 2 "thought --thought not UTF-8" haven thought --thought "$LATIN1"
assert_contains "thought: names it" "$ERR" "thought is not valid UTF-8"
check_fails 2 "thought --emotion name not UTF-8" haven thought --thought "they left" --emotion "$LATIN1=60"
assert_contains "thought --emotion: names it" "$ERR" "name of emotion 1 is not valid UTF-8"
check_fails 2 "pause --did not UTF-8, before the pause starts" timeout 10 "$HAVEN" pause --minutes 1 --did "$LATIN1"
assert_contains "pause --did: names it" "$ERR" "--did is not valid UTF-8"
check_fails 2 "reassure not UTF-8" haven reassure "$LATIN1"
assert_contains "reassure: names it" "$ERR" "asked is not valid UTF-8"
check "journal still empty" haven --json journal
assert_eq "nothing was saved by any of them" 0 "$(jlen "$OUT")"

# On a terminal an answer that is not UTF-8 is asked again, not lost at the
# end.  script(1) gives haven the terminal.
if command -v script >/dev/null 2>&1; then
	printf '%s\ncafe with Ana\n\n\n\n\n5\n\n\nn\n' "$LATIN1" >"$T/answers"
	RUN_STDIN=$T/answers run timeout 20 script -qec "$(printf '%q ' "$HAVEN" log)" /dev/null
	assert_contains "terminal: an answer not UTF-8 is asked again" "$OUT" \
		"$(jget "$(cat "$E2E_DIR/../../data/terminal.json")" '$.not_utf8' | cut -c1-40)"
	check "terminal: the entry" haven --json journal --limit 1
	assert_eq "terminal: the answer typed again is saved" "cafe with Ana" "$(jget "$OUT" '$[0].body.what')"
	haven journal rm "$(jget "$OUT" '$[0].id')" --purge >/dev/null 2>&1
else
	_e2e_fail "script(1) is needed for the terminal tests" "install bsdutils (util-linux)"
fi

id=$(log_id -i 4 "no reply yet")
before=$(db_hash)
check_fails 2 "journal edit --thought not UTF-8" haven journal edit "$id" --thought "$LATIN1"
assert_contains "edit: names the field" "$ERR" "thoughts is not valid UTF-8"
assert_eq "edit: nothing changed" "$before" "$(db_hash)"
check "edit: the entry" haven --json journal show "$id"
assert_eq "edit: no thoughts saved" absent "$(jtype "$OUT" '$.body.thoughts')"

# --- refused by the API, naming the field ------------------------------------
unset HAVEN_NOW
serve_start
post() {
	curl -s -o "$T/body" -w '%{http_code}' -b "$cookie" -X POST -H "Origin: $base" \
		-H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' --data-binary "@$1" \
		"$base$2"
}
printf '{"intensity":5,"thoughts":"%s"}' "$LATIN1" >"$T/req"
assert_eq "API journal: 400" 400 "$(post "$T/req" /api/journal)"
assert_contains "API journal: names the field" "$(cat "$T/body")" '\"thoughts\" is not valid UTF-8'
printf '{"intensity":5,"reflection":{"friend":"%s"}}' "$LATIN1" >"$T/req"
assert_eq "API nested field: 400" 400 "$(post "$T/req" /api/journal)"
assert_contains "API nested: names the path" "$(cat "$T/body")" 'reflection.friend'
printf '{"text":"%s"}' "$LATIN1" >"$T/req"
assert_eq "API check: 400" 400 "$(post "$T/req" /api/check)"
assert_contains "API check: names the field" "$(cat "$T/body")" '\"text\" is not valid UTF-8'
printf '{"intensity":5,"what":"%s' "caf" >"$T/req"
assert_eq "API: plain bad JSON is still bad JSON" 400 "$(post "$T/req" /api/journal)"
assert_contains "API: said so" "$(cat "$T/body")" "not valid JSON"
serve_stop
check "journal after the API" haven --json journal
assert_eq "the API saved nothing" 1 "$(jlen "$OUT")"

# --- printed safely, kept exactly ---------------------------------------------
export HAVEN_NOW=2026-01-07T16:00:00Z
ESCAPES=$'red \e[31mALERT\e[0m title \e]0;pwned\a bell \xc2\x9b2J end'
id=$(log_id -i 3 --thought $'line one\nline two' "$ESCAPES")
check "journal lists it" haven journal
assert_not_contains "list: no ESC reaches the terminal" "$OUT" $'\e'
assert_not_contains "list: no BEL" "$OUT" $'\a'
assert_not_contains "list: no C1 CSI" "$OUT" $'\xc2\x9b'
assert_contains "list: ESC shown as a picture" "$OUT" '␛[31mALERT'
check "journal show" haven journal show "$id"
assert_not_contains "show: no ESC" "$OUT" $'\e'
assert_contains "show: BEL shown as a picture" "$OUT" 'pwned␇'
assert_contains "show: newlines are kept" "$OUT" $'line one\nline two'
check "journal --json" haven --json journal show "$id"
assert_eq "--json keeps the words exactly" "$ESCAPES" "$(jget "$OUT" '$.body.what')"

# The other lists of a person's own words print them the same way.
no_escapes() { # NAME CMD...: the command succeeds and prints no ESC, BEL or C1
	local name=$1
	shift
	check "$name" "$@"
	assert_not_contains "$name: no ESC" "$OUT" $'\e'
	assert_not_contains "$name: no BEL" "$OUT" $'\a'
	assert_not_contains "$name: no C1" "$OUT" $'\xc2\x9b'
	assert_contains "$name: the words, ESC as a picture" "$OUT" '␛[31mALERT'
}
no_escapes "home" haven
check "checkin with such a note" haven checkin 3 --note "$ESCAPES"
no_escapes "checkin --list" haven checkin --list
check "evidence with such words" haven evidence add "$ESCAPES"
no_escapes "evidence list" haven evidence
no_escapes "evidence pick" haven evidence pick
check "soothe item with such words" haven soothe add --group mind "$ESCAPES"
no_escapes "soothe list" haven soothe
no_escapes "soothe pick" haven soothe pick
check "thought with such words" haven thought --thought "$ESCAPES"
no_escapes "thoughts" haven thoughts

done_testing
