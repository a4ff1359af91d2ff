# t-web-say.sh — the web API of `haven say` and of the patterns' explanations,
# with curl against a running server: the four scripts with their phrases
# and the page's words, one script exactly as `haven say NAME --json` gives
# it, a version kept from the web seen by the CLI and the other way round,
# the CLI's checks and words for an unknown script or empty words, writes
# refused without the CSRF token, crisis words answered with the notice,
# and GET /api/patterns giving what `haven check --explain KIND` says.
. "$E2E_DIR/lib.sh"

unset HAVEN_NOW # the server's own clock
serve_start

send_type=application/json

# --- reading -----------------------------------------------------------------
assert_eq "scripts: 200" 200 "$(status "$base/api/scripts")"
assert_eq "the four scripts, in order" "break no repair ask" "$(jmap "$(body)" '$.scripts' name | tr '\n' ' ' | sed 's/ $//')"
assert_eq "each with its title" "Asking for a pause" "$(jget "$(body)" '$.scripts[0].title')"
assert_ne "and when it helps" "" "$(jget "$(body)" '$.scripts[1].when')"
assert_contains "phrases with [blanks]" "$(jget "$(body)" '$.scripts[0].phrases[0]')" "["
assert_eq "none kept yet" 0 "$(jlen "$(body)" '$.scripts[3].yours')"
assert_eq "the page's words come with them" "Keep my version" "$(jget "$(body)" '$.words.keep_button')"
assert_eq "one script: 200" 200 "$(status "$base/api/scripts/repair")"
web=$(body)
check "haven say repair --json" haven --json say repair
assert_eq "the same JSON as haven say repair --json" "$(jget "$OUT" '$')" "$(jget "$web" '$')"
assert_eq "an unknown script: 404" 404 "$(status "$base/api/scripts/shout")"
assert_contains "with the CLI's words" "$(jget "$(body)" '$.error.message')" "try break, no, repair or ask"

# --- keeping one's own version ------------------------------------------------
assert_eq "keep a version: 201" 201 "$(send POST -d '{"text":"Can we stop for [ten] minutes? I will come back at nine."}' "$base/api/scripts/break")"
rec=$(body)
assert_eq "a script record" script "$(jget "$rec" '$.kind')"
assert_eq "for break" break "$(jget "$rec" '$.body.script')"
assert_eq "ordinary words: no notice" absent "$(jtype "$rec" '$.crisis')"
check "the CLI sees it" haven --json say break
assert_eq "kept from the web, listed by the CLI" "Can we stop for [ten] minutes? I will come back at nine." "$(jget "$OUT" '$.yours[0].body.text')"
check "keep one from the CLI" haven say ask --keep "Could you call me tonight, just for ten minutes?"
status "$base/api/scripts" >/dev/null
assert_eq "the web lists the CLI's" "Could you call me tonight, just for ten minutes?" "$(jget "$(body)" '$.scripts[3].yours[0].body.text')"
assert_eq "and only under its own script" 0 "$(jlen "$(body)" '$.scripts[1].yours')"

# --- refusals: nothing is kept ------------------------------------------------
before=$(db_records)
assert_eq "empty words: 400" 400 "$(send POST -d '{"text":"   "}' "$base/api/scripts/no")"
assert_contains "with the library's words" "$(jget "$(body)" '$.error.message')" "your own words"
assert_eq "no text: 400" 400 "$(send POST -d '{}' "$base/api/scripts/no")"
assert_eq "an unknown script: 404" 404 "$(send POST -d '{"text":"no thanks"}' "$base/api/scripts/shout")"
assert_eq "too long: 400" 400 "$(send POST -d "{\"text\":\"$(printf 'a%.0s' $(seq 2001))\"}" "$base/api/scripts/no")"
assert_eq "without the CSRF token: 403" 403 "$(status -X POST -H "Origin: $base" -H 'Content-Type: application/json' -d '{"text":"no thanks"}' "$base/api/scripts/no")"
assert_eq "nothing was kept" "$before" "$(db_records)"

# --- crisis words: help first --------------------------------------------------
assert_eq "crisis words: kept, 201" 201 "$(send POST -d '{"text":"I want to kill myself"}' "$base/api/scripts/ask")"
assert_eq "with the notice" true "$(jtype "$(body)" '$.crisis')"
assert_eq "a refused body too" 404 "$(send POST -d '{"text":"I want to kill myself"}' "$base/api/scripts/shout")"
assert_eq "still carries the notice" true "$(jtype "$(body)" '$.crisis')"

# --- the patterns, explained ---------------------------------------------------
assert_eq "patterns: 200" 200 "$(status "$base/api/patterns")"
pats=$(body)
check "check --explain labeling" haven --json check --explain labeling
for f in label what example ask; do
	assert_eq "labelling: $f as check --explain says it" "$(jget "$OUT" "\$.$f")" \
		"$(jget "$pats" "\$.patterns[7].$f")"
done
assert_eq "with the words check explains in" "Ask yourself:" "$(jget "$pats" '$.explain.ask')"
assert_eq "every pattern is explained" "" "$(jmap "$pats" '$.patterns' ask | grep -c '^$' | grep -v '^0$')"

serve_stop

done_testing
