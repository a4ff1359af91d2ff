# t-learn.sh — `haven learn`: every chapter of data/learn.json listed and
# shown (for people and as JSON), each ending with a practice whose command
# is a real one that answers --help, the trigger chapter naming the journal's
# own families, an unknown chapter refused with the ids and exit 2, and the
# web API giving the same chapters as the CLI.
. "$E2E_DIR/lib.sh"

DATA=$E2E_DIR/../../data
learn_json=$(cat "$DATA/learn.json")
actions_json=$(cat "$DATA/actions.json")
ids=$(jmap "$learn_json" '$.chapters' id)
n=$(jlen "$learn_json" '$.chapters')

# --- the list ---------------------------------------------------------------------
check "learn lists the chapters" haven --json learn
assert_eq "list: the chapters and a suggestion" "chapters,suggested" "$(jkeys "$OUT")"
assert_eq "list: every chapter of the data" "$n" "$(jlen "$OUT" '$.chapters')"
assert_eq "list: in the data's order" "$ids" "$(jmap "$OUT" '$.chapters' id)"
assert_eq "list: id, title and summary only" "id,title,summary" "$(jkeys "$OUT" '$.chapters[0]')"
check "learn --json after the command" haven learn --json
assert_eq "list: the same with --json after" "$ids" "$(jmap "$OUT" '$.chapters' id)"
check "learn lists them for people" haven learn
for id in $ids; do
	assert_contains "list: $id by id" "$OUT" "$id"
	assert_contains "list: $id by title" "$OUT" "$(jget "$learn_json" "\$.chapters[$(($(printf '%s\n' $ids | grep -nxF "$id" | cut -d: -f1) - 1))].title")"
done
assert_contains "list: how to read one" "$OUT" "haven learn ID"

# --- reading makes no database ------------------------------------------------------
# learn only reads: where there is no database it suggests where to begin
# and leaves none behind, nor the folder it would be in.
check "learn where there is no database" haven --db "$T/none/none.db" --json learn
assert_eq "no database: where to begin" dimensions "$(jget "$OUT" '$.suggested.id')"
assert_eq "no database: every chapter" "$n" "$(jlen "$OUT" '$.chapters')"
assert_false "no database: none made" test -e "$T/none/none.db"
assert_false "no database: nor its folder" test -e "$T/none"
check "a chapter where there is no database" env HAVEN_DB="$T/none/none.db" "$HAVEN" learn alarm
assert_contains "no database: the chapter" "$OUT" "$(jget "$learn_json" '$.chapters[2].title')"
assert_false "no database: still none" test -e "$T/none"

# --- a chapter suggested from one's own last days ---------------------------------
check "an empty journal" haven --json learn
assert_eq "empty: begin with the two dimensions" dimensions "$(jget "$OUT" '$.suggested.id')"
assert_eq "empty: suggested with its title" "$(jget "$learn_json" '$.chapters[0].title')" "$(jget "$OUT" '$.suggested.title')"
assert_eq "empty: and why" "$(jget "$learn_json" '$.suggest.rules[3].why')" "$(jget "$OUT" '$.suggested.why')"
# (the tests' clock stands at 2026-01-07)
check "one moment written down" haven log -i 5 -k work --at 2026-01-05T20:00 "a hard review"
check "after a first entry" haven --json learn
assert_eq "after a first entry: how the journal sorts triggers" triggers "$(jget "$OUT" '$.suggested.id')"
for d in 04 05 06; do
	check "a protest response on day $d" haven log -i 7 --at 2026-01-$d --response "called five times" --protest "no answer"
done
check "after a week of protest" haven --json learn
assert_eq "after a week of protest: the protest chapter" protest "$(jget "$OUT" '$.suggested.id')"
assert_contains "protest: the count in the why" "$(jget "$OUT" '$.suggested.why')" " 3 "
check "for people" haven learn
assert_contains "for people: the suggestion named" "$OUT" "$(jget "$learn_json" '$.cli.suggested') $(jget "$learn_json" '$.chapters[3].title') (protest)"
run env HAVEN_NOW=2026-02-20T09:00:00Z "$HAVEN" --json learn
assert_eq "weeks later: only the last days count" dimensions "$(jget "$OUT" '$.suggested.id')"
for d in 04 05 06; do
	check "a conflict on day $d" haven --db "$T/conflict.db" log -i 6 -k conflict --at 2026-01-$d "an argument"
done
check "after conflicts" haven --db "$T/conflict.db" --json learn
assert_eq "after conflicts: the pursue-withdraw cycle" cycle "$(jget "$OUT" '$.suggested.id')"

# In a vault, listing the chapters never asks for the passphrase: the
# suggestion reads the journal only when it opens without asking.
printf 'a passphrase for the test\n' >"$T/pass"
chmod 600 "$T/pass"
run env HAVEN_PASSPHRASE_FILE="$T/pass" "$HAVEN" --db "$T/vault.db" vault enable
assert_eq "a vault made" 0 "$RC"
run env HAVEN_PASSPHRASE_FILE="$T/pass" "$HAVEN" --db "$T/vault.db" log -i 6 -k work --at 2026-01-06 "a long day"
check "vault: learn lists without a passphrase" haven --db "$T/vault.db" --json learn
assert_eq "vault: nothing asked, nothing refused" "" "$ERR"
assert_eq "vault: locked, where to begin" dimensions "$(jget "$OUT" '$.suggested.id')"
run env HAVEN_PASSPHRASE_FILE="$T/pass" "$HAVEN" --db "$T/vault.db" --json learn
assert_eq "vault: with its passphrase, from the journal" triggers "$(jget "$OUT" '$.suggested.id')"

# --- every chapter ----------------------------------------------------------------
i=0
for id in $ids; do
	check "learn $id" haven --json learn "$id"
	assert_eq "$id: its id" "$id" "$(jget "$OUT" '$.id')"
	assert_eq "$id: title from the data" "$(jget "$learn_json" "\$.chapters[$i].title")" "$(jget "$OUT" '$.title')"
	assert_eq "$id: every paragraph" "$(jlen "$learn_json" "\$.chapters[$i].body")" "$(jlen "$OUT" '$.body')"
	assert_true "$id: a body" test "$(jlen "$OUT" '$.body')" -ge 1
	assert_eq "$id: practice fields" "label,do,command,route" "$(jkeys "$OUT" '$.practice')"
	# The data names an action; its command and page are data/actions.json's.
	act=$(jget "$OUT" '$.practice.do')
	assert_eq "$id: the data names the action" "$act" "$(jget "$learn_json" "\$.chapters[$i].practice.do")"
	cmd=$(jget "$OUT" '$.practice.command')
	route=$(jget "$OUT" '$.practice.route')
	assert_eq "$id: the action's command" "$(jget "$actions_json" "\$.actions.\"$act\".command")" "$cmd"
	assert_eq "$id: the action's page" "$(jget "$actions_json" "\$.actions.\"$act\".route")" "$route"
	assert_match "$id: the practice is a web page" '^#/[a-z]' "$route"
	# The practice's command is a real one: its first word answers --help.
	check "$id: haven ${cmd%% *} --help" haven ${cmd%% *} --help
	assert_contains "$id: its help is the command's" "$OUT" "usage: haven ${cmd%% *}"
	check "learn $id for people" haven learn "$id"
	assert_contains "$id: the title" "$OUT" "$(jget "$learn_json" "\$.chapters[$i].title")"
	assert_contains "$id: ends with its practice" "$(printf '%s\n' "$OUT" | grep -A1 'Try it:')" "haven $cmd"
	assert_contains "$id: the first paragraph" "$OUT" "$(jget "$learn_json" "\$.chapters[$i].body[0]" | cut -c1-60)"
	i=$((i + 1))
done

# --- the trigger chapter names the journal's families, as the journal does ----------
check "learn triggers" haven --json learn triggers
body=$OUT
for fam in relationship life inner; do
	label=$(jget "$(cat "$DATA/triggers.json")" "\$.families[$(jmap "$(cat "$DATA/triggers.json")" '$.families' id | grep -nxF "$fam" | cut -d: -f1 | awk '{print $1-1}')].label")
	assert_contains "triggers: the family \"$label\"" "$body" "$label"
done

# --- refusals -----------------------------------------------------------------------
check_fails 2 "an unknown chapter" haven learn shyness
assert_contains "unknown: names what was asked" "$ERR" '"shyness"'
assert_contains "unknown: lists the chapters" "$ERR" "$(printf '%s\n' $ids | paste -sd, - | sed 's/,/, /g')"
check_fails 2 "an unknown chapter, --json" haven --json learn shyness
assert_eq "unknown --json: nothing on stdout" "" "$OUT"
assert_contains "unknown --json: an error object" "$ERR" '"error"'
check_fails 2 "two chapters at once" haven learn alarm cycle
check_fails 2 "an unknown option" haven learn --deep
check "learn --help" haven learn --help
assert_contains "help: the usage" "$OUT" "usage: haven learn"
assert_contains "help: the chapters named as the data names them" "$(printf '%s\n' "$OUT" | tr -s ' \n' '  ')" \
	"Chapters: $(printf '%s\n' $ids | paste -sd, - | sed 's/,/, /g')."
check "completion: the chapters" haven __complete learn ""
assert_eq "completion: every chapter id" "$ids" "$OUT"
check "completion: a chapter begun" haven __complete learn ea
assert_eq "completion: earned-security" "earned-security" "$OUT"
check "help --commands lists learn" haven help --commands
assert_contains "learn is a command" "$OUT" "learn"

# --- the web API: the same chapters ------------------------------------------------
unset HAVEN_NOW
serve_start
assert_eq "GET /api/learn: 200" 200 "$(status "$base/api/learn")"
assert_eq "api: the chapters in order" "$ids" "$(jmap "$(body)" '$.chapters' id)"
check "the CLI's list" haven --json learn
assert_eq "api: the same list as haven learn --json" "$(jget "$OUT" '$.chapters')" "$(jget "$(body)" '$.chapters')"
assert_eq "api: the same suggestion" "$(jget "$OUT" '$.suggested')" "$(jget "$(body)" '$.suggested')"
assert_eq "api: the page's words come with them" "$(jget "$learn_json" '$.web.title')" "$(jget "$(body)" '$.words.title')"
for id in $ids; do
	assert_eq "GET /api/learn/$id: 200" 200 "$(status "$base/api/learn/$id")"
	web=$(body)
	check "haven learn $id --json" haven --json learn "$id"
	assert_eq "api $id: the same JSON as the CLI" "$(jget "$OUT" '$')" "$(jget "$web" '$')"
done
assert_eq "an unknown chapter: 404" 404 "$(status "$base/api/learn/shyness")"
assert_contains "with the CLI's words" "$(jget "$(body)" '$.error.message')" "try one of dimensions"
serve_stop

done_testing
