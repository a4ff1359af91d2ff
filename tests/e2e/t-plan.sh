# t-plan.sh — `haven plan`: the setback plan written ahead.  Shown whole
# with the region's crisis lines even before anything is written; edited
# list by list; practices proposed from the person's own before-and-after
# ratings, largest drop first; refused input names the problem and leaves
# the store unchanged; the kind travels through export and import; and the
# home screen offers the plan when recent entries run hot.
. "$E2E_DIR/lib.sh"

check "no plan yet" haven plan
assert_contains "says there is none" "$OUT" "No plan written yet"
assert_contains "and how to start" "$OUT" "haven plan edit --sign"
assert_contains "the crisis lines are there even so" "$OUT" "If it gets to be too much"
check "no plan yet, as JSON" haven --json plan
assert_eq "plan is null" null "$(jtype "$OUT" '$.plan')"
assert_eq "the crisis lines" object "$(jtype "$OUT" '$.crisis_lines')"
assert_eq "no database was needed for a proposal" 0 "$(jlen "$OUT" '$.proposals')"

haven config set region UK >/dev/null
check "the region's lines" haven --json plan
assert_eq "UK lines" UK "$(jget "$OUT" '$.crisis_lines.region')"
assert_contains "Samaritans among them" "$OUT" "Samaritans"

check "write the plan" haven --json plan edit --sign "  I check my phone every few minutes " \
	--sign "I stop eating" --person "Sam, a call after 6" --say "This passes." --practice breathe-box
assert_eq "kind plan" plan "$(jget "$OUT" '$.kind')"
assert_eq "two signs, trimmed" '["I check my phone every few minutes","I stop eating"]' "$(jget "$OUT" '$.body.signs')"
assert_eq "the practice" '["breathe-box"]' "$(jget "$OUT" '$.body.practices')"
id=$(jget "$OUT" '$.id')
check "change one part" haven --json plan edit --sign "I go quiet"
assert_eq "the same plan, updated" "$id" "$(jget "$OUT" '$.id')"
assert_eq "version 2" 2 "$(jget "$OUT" '$.version')"
assert_eq "the signs replaced" '["I go quiet"]' "$(jget "$OUT" '$.body.signs')"
assert_eq "the rest kept" "This passes." "$(jget "$OUT" '$.body.say')"
check "clear a part" haven --json plan edit --clear people
assert_eq "people gone, the rest kept" practices,say,signs "$(jkeys "$OUT" '$.body')"
check "shown" haven plan
assert_contains "the sign" "$OUT" "I go quiet"
assert_contains "the practice by its name" "$OUT" "box breathing"
assert_contains "what to say" "$OUT" "This passes."
assert_contains "Samaritans" "$OUT" "Samaritans"

before=$(db_hash)
check_fails 2 "no change given" haven plan edit
assert_contains "says which flags" "$ERR" "--sign"
check_fails 2 "an unknown practice" haven plan edit --practice juggling
assert_contains "named, with the known ones" "$ERR" 'unknown practice "juggling"'
assert_contains "listing them" "$ERR" "breathe-box"
check_fails 2 "an unknown option" haven plan edit --mood 3
check_fails 2 "a flag without its value" haven plan edit --sign
check_fails 2 "--clear of nothing known" haven plan edit --clear everything
check_fails 2 "an unknown subcommand" haven plan show
long=$(head -c 600 /dev/zero | tr '\0' a)
check_fails 2 "a sign too long" haven plan edit --sign "$long"
assert_contains "says the limit" "$ERR" "500 bytes"
check_fails 2 "a sign of two lines" haven plan edit --sign "one
two"
check_fails 2 "bytes that are not UTF-8" haven plan edit --say "$(printf 'a\377b')"
check_fails 2 "clearing everything leaves no plan" haven plan edit --clear signs --clear practices --clear say
assert_contains "a plan needs something" "$ERR" "at least one"
args=""
for i in $(seq 21); do args="$args --sign s$i"; done
# shellcheck disable=SC2086
check_fails 2 "more than twenty signs" haven plan edit $args
assert_eq "refusals changed nothing" "$before" "$(db_hash)"

check "crisis words in the plan bring help first" haven --json plan edit --say "I want to kill myself"
assert_eq "the crisis notice" 1 "$(jget "$OUT" '$.crisis')"

# Proposals come from the person's own ratings: three rated practices of
# a technique before it is named, the largest drop first.
rec() { # technique before after day
	printf '{"id":"%s","kind":"practice","created":"2026-01-0%sT10:00:00.000Z","updated":"2026-01-0%sT10:00:00.000Z","version":1,"deleted":false,"body":{"actual_seconds":60,"completed":true,"distress_after":%s,"distress_before":%s,"planned_seconds":60,"technique":"%s"}}\n' \
		"$(cat /proc/sys/kernel/random/uuid)" "$4" "$4" "$3" "$2" "$1"
}
{
	rec breathe-box 8 6 1; rec breathe-box 7 5 2; rec breathe-box 6 4 3
	rec ground 8 3 1; rec ground 9 4 2; rec ground 7 2 3
	rec relax 5 6 1; rec relax 5 6 2; rec relax 5 6 3
	rec scan 9 1 1; rec scan 9 1 2
} >"$T/practices.jsonl"
check "import rated practices" haven import "$T/practices.jsonl"
check "proposals" haven --json plan
assert_eq "two that helped (relax did not, scan too few)" 2 "$(jlen "$OUT" '$.proposals')"
assert_eq "grounding first: the largest drop" ground "$(jget "$OUT" '$.proposals[0].technique')"
assert_eq "its mean change" -5.0 "$(jget "$OUT" '$.proposals[0].mean_change')"
assert_eq "then box breathing" breathe-box "$(jget "$OUT" '$.proposals[1].technique')"
check "proposals in words" haven plan
assert_contains "the drop said" "$OUT" "distress down 5.0 on average, over 3 times"

check "export" haven export
printf '%s\n' "$OUT" >"$T/out.jsonl"
assert_eq "the plan exported" 1 "$(grep -c '"kind":"plan"' "$T/out.jsonl")"
HAVEN_DB="$T/other.db" check "import elsewhere" haven import "$T/out.jsonl"
HAVEN_DB="$T/other.db" check "export again" haven export
assert_eq "byte-identical" "$(cat "$T/out.jsonl")" "$OUT"
printf '%s\n' '{"id":"6f1c1f8e-3b5a-4d6e-9f00-0123456789ab","kind":"plan","created":"2026-01-07T10:00:00.000Z","updated":"2026-01-07T10:00:00.000Z","version":1,"deleted":false,"body":{"practices":["juggling"]}}' >"$T/bad.jsonl"
before=$(db_hash)
check_fails 1 "an import with a bad plan is refused" haven import "$T/bad.jsonl"
assert_contains "naming the practice" "$ERR" "juggling"
assert_eq "and lands nothing" "$before" "$(db_hash)"

# On a terminal, `haven plan edit` with no flags asks each part in turn.
if command -v script >/dev/null 2>&1; then
	# plan_tty DB ANSWERS: `haven plan edit` on a terminal, typing ANSWERS.
	plan_tty() {
		printf '%s' "$2" >answers.txt
		HAVEN_DB=$1 RUN_STDIN=answers.txt run timeout 20 script -qec "$(printf '%q ' "$HAVEN" plan edit)" /dev/null
	}
	plan_tty "$T/tty.db" 'I go quiet
I stop eating

ground


It passes.
'
	assert_eq "asked on a terminal: exit 0" 0 "$RC"
	assert_contains "each part asked" "$OUT" "Who I can reach"
	assert_contains "kept" "$OUT" "Your setback plan is kept"
	HAVEN_DB="$T/tty.db" check "what was typed is the plan" haven --json plan
	assert_eq "two signs" '["I go quiet","I stop eating"]' "$(jget "$OUT" '$.plan.body.signs')"
	assert_eq "the practice" '["ground"]' "$(jget "$OUT" '$.plan.body.practices')"
	assert_eq "no people: that part left out" absent "$(jtype "$OUT" '$.plan.body.people')"
	assert_eq "what to say" "It passes." "$(jget "$OUT" '$.plan.body.say')"
	plan_tty "$T/tty.db" $'\n\nSam, after 6\n\n\n'
	HAVEN_DB="$T/tty.db" check "a second time, Enter keeps a part" haven --json plan
	assert_eq "the signs kept" '["I go quiet","I stop eating"]' "$(jget "$OUT" '$.plan.body.signs')"
	assert_eq "someone added" '["Sam, after 6"]' "$(jget "$OUT" '$.plan.body.people')"
	assert_eq "what to say kept" "It passes." "$(jget "$OUT" '$.plan.body.say')"
	before=$(db_hash "$T/tty.db")
	plan_tty "$T/tty.db" $'\n\n\n\n'
	assert_contains "nothing typed: nothing changed" "$OUT" "Nothing changed"
	plan_tty "$T/tty.db" $'a sign\n\njuggling\n\n\n\n'
	assert_contains "an unknown practice typed is refused by name" "$OUT$ERR" 'unknown practice "juggling"'
	assert_eq "and nothing was written" "$before" "$(db_hash "$T/tty.db")"
else
	_e2e_fail "script is needed to test the plan on a terminal" "install bsdutils"
fi

# The home screen offers the plan when recent entries run hot.
check "home, calm" haven
assert_not_contains "no offer when calm" "$OUT" "haven plan"
haven log -i 8 --at "2 days ago" "a" >/dev/null
haven log -i 9 --at "yesterday 10:00" "b" >/dev/null
haven log -i 7 --at "today 09:00" "c" >/dev/null
check "home, after three hard days" haven
assert_contains "offers the plan" "$OUT" "haven plan"
assert_contains "in its words" "$OUT" "Your setback plan is there for this"
check "home as JSON" haven --json
assert_eq "running hot" 1 "$(jget "$OUT" '$.plan.offer')"
HAVEN_DB="$T/fresh.db" haven log -i 8 --at "2 days ago" "a" >/dev/null
HAVEN_DB="$T/fresh.db" haven log -i 9 --at "yesterday 10:00" "b" >/dev/null
HAVEN_DB="$T/fresh.db" haven log -i 7 --at "today 09:00" "c" >/dev/null
HAVEN_DB="$T/fresh.db" check "home, hot, with no plan" haven
assert_contains "offers to write one" "$OUT" "When things settle a little"

# The plan travels like every entry: sealed in a vault, and through a merge.
printf 'correct horse battery\n' >pw
chmod 600 pw
HAVEN_DB="$T/vault.db" check "a plan to seal" haven plan edit --say "the word is marmalade"
HAVEN_DB="$T/vault.db" check "vault on" haven vault enable --passphrase-file pw
assert_false "its words are sealed in the file" grep -qa marmalade "$T/vault.db"
HAVEN_DB="$T/vault.db" HAVEN_PASSPHRASE_FILE=pw check "and open with the passphrase" haven --json plan
assert_eq "read back" "the word is marmalade" "$(jget "$OUT" '$.plan.body.say')"
HAVEN_DB="$T/laptop.db" check "a plan on one device" haven plan edit --sign "I go quiet"
HAVEN_DB="$T/phone.db" check "merged into another" haven merge "$T/laptop.db"
HAVEN_DB="$T/phone.db" check "is there" haven --json plan
assert_eq "the same plan" '["I go quiet"]' "$(jget "$OUT" '$.plan.body.signs')"

done_testing
