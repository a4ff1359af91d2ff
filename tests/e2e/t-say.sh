# t-say.sh — `haven say`: the scripts for the hard moments (a pause, a no,
# a repair, asking for closeness), their phrases from data/scripts.json,
# one's own versions kept as records, and refusals that say what is wrong.
. "$E2E_DIR/lib.sh"

DATA=$E2E_DIR/../../data

# --- the list ---------------------------------------------------------------------
check "say lists the scripts" haven --json say
assert_eq "list: four scripts" 4 "$(jlen "$OUT" '$')"
assert_eq "list: break first" break "$(jget "$OUT" '$[0].name')"
assert_eq "list: then no, repair, ask" "no repair ask" \
	"$(jget "$OUT" '$[1].name') $(jget "$OUT" '$[2].name') $(jget "$OUT" '$[3].name')"
assert_eq "list: the title is the data's" "$(jget "$(cat "$DATA/scripts.json")" '$.scripts.break.title')" \
	"$(jget "$OUT" '$[0].title')"
check "say lists them for people" haven say
assert_contains "list: each by name" "$OUT" "repair"
assert_contains "list: how to see one" "$OUT" "haven say NAME"

# --- one script -------------------------------------------------------------------
check "say break" haven --json say break
assert_eq "break: phrases from the data" \
	"$(jlen "$(cat "$DATA/scripts.json")" '$.scripts.break.phrases')" "$(jlen "$OUT" '$.phrases')"
assert_eq "break: none of one's own yet" 0 "$(jlen "$OUT" '$.yours')"
check "say break for people" haven say break
assert_contains "break: a phrase with a blank to fill" "$OUT" "["
assert_contains "break: how to keep one's own" "$OUT" "haven say break --keep"

# --- keeping one's own version ----------------------------------------------------
mine="I'm getting overwhelmed. Can we stop for twenty minutes? I'll come back at nine."
check "say break --keep, human" haven say repair --keep "Can I try that again, more gently?"
assert_contains "keep, human: says where it shows" "$OUT" "haven say repair shows it"
assert_false "keep, human: ends on words, not an id" \
	sh -c 'printf "%s\n" "$1" | tail -n 1 | grep -Eq "[0-9a-f]{8}\)?\$"' _ "$OUT"
check "say break --keep" haven --json say break --keep "$mine"
assert_eq "keep: a record of kind script" script "$(jget "$OUT" '$.kind')"
assert_eq "keep: which script" break "$(jget "$OUT" '$.body.script')"
assert_eq "keep: the words as written" "$mine" "$(jget "$OUT" '$.body.text')"
check "say break shows one's own" haven --json say break
assert_eq "yours: one kept" 1 "$(jlen "$OUT" '$.yours')"
assert_eq "yours: the words" "$mine" "$(jget "$OUT" '$.yours[0].body.text')"
check "say ask has none of break's" haven --json say ask
assert_eq "ask: yours is its own" 0 "$(jlen "$OUT" '$.yours')"
check "a kept script is exported" haven export
assert_contains "export: the kept script" "$OUT" '"kind":"script"'

# --- refusals ---------------------------------------------------------------------
before=$(db_content)
check_fails 2 "an unknown script" haven say shout
assert_contains "unknown: names the choices" "$ERR" "break, no, repair or ask"
check_fails 2 "--keep without words" haven say no --keep
check_fails 2 "--keep without a script" haven say --keep "no thanks"
check_fails 2 "an unknown option" haven say no --loud
check_fails 2 "two scripts" haven say no ask
assert_eq "refusals: nothing changed" "$before" "$(db_content)"

# --- a kept script travels like every record ------------------------------------
haven export >all.jsonl
check "a kept script imports into another database" env HAVEN_DB="$PWD/copy.db" "$HAVEN" import all.jsonl
check "the copy shows it under its script" env HAVEN_DB="$PWD/copy.db" "$HAVEN" --json say break
assert_eq "copy: one's own words came along" "$mine" "$(jget "$OUT" '$.yours[0].body.text')"

done_testing
