# t-merge.sh — `haven merge OTHER.db`: two copies of one journal (a laptop
# and a desktop) brought together: union by id, the newer edit wins, soft
# deletes travel, merging twice changes nothing, two vaults merge, and a
# vault with a plain copy is refused with nothing changed.  Issue 13, item
# 10: edits at the same moment converge whichever way the merge goes, a
# purge stays purged, an edit made on a device whose clock is behind is
# kept and named, and the report lists every entry both copies edited.
. "$E2E_DIR/lib.sh"

export HAVEN_TEST_KDF_FAST=1 # the minimum Argon2id cost, for tests only
LAP=$T/laptop.db
DESK=$T/desktop.db
lap() { env HAVEN_DB="$LAP" "$HAVEN" "$@"; }
desk() { env HAVEN_DB="$DESK" "$HAVEN" "$@"; }

# One journal, copied to both machines (by import, as a sync would).
export HAVEN_DB=$LAP
S=$(log_id -i 5 --at "2026-01-02 09:00" "shared, edited on the desktop later")
D=$(log_id -i 4 --at "2026-01-02 10:00" "shared, deleted on the laptop")
K=$(log_id -i 3 --at "2026-01-02 11:00" "shared, edited on both: desktop last")
unset HAVEN_DB
check "copy the journal to the desktop" lap export
printf '%s\n' "$OUT" >shared.jsonl
check "... imported there" desk import shared.jsonl

# Each machine goes its own way.
export HAVEN_NOW=2026-01-07T16:00:00Z
check "laptop: a new entry" lap log -i 6 "only on the laptop"
check "laptop: deletes one" lap journal rm "$D"
check "laptop: edits K first" lap journal edit "$K" --recovered 10
export HAVEN_NOW=2026-01-07T17:00:00Z
check "desktop: a new entry" desk log -i 7 "only on the desktop"
check "desktop: edits S" desk journal edit "$S" --recovered 25
check "desktop: edits K later" desk journal edit "$K" --recovered 40

# --- merge the desktop into the laptop ---------------------------------------------
check_fails 1 "merging a file that does not exist" lap merge "$T/nope.db"
assert_contains "... says so" "$ERR" "no database file"
assert_false "... and creates nothing" test -e "$T/nope.db"
check "merge" lap --json merge "$DESK"
assert_eq "added: the desktop's new entry" 1 "$(jget "$OUT" '$.added')"
assert_eq "updated: S and K" 2 "$(jget "$OUT" '$.updated')"
assert_eq "unchanged: D (the laptop's delete is newer)" 1 "$(jget "$OUT" '$.unchanged')"
check "the laptop's journal after the merge" lap --json journal
assert_eq "four live entries: S, K, two new (D stays deleted)" 4 "$(jlen "$OUT")"
check "S carries the desktop's edit" lap --json journal show "$S"
assert_eq "... recovered 25" 25 "$(jget "$OUT" '$.body.recovered_minutes')"
check "K carries the later edit" lap --json journal show "$K"
assert_eq "... recovered 40" 40 "$(jget "$OUT" '$.body.recovered_minutes')"
check "D is still deleted" lap --json journal show "$D"
assert_eq "... deleted" 1 "$(jget "$OUT" '$.deleted')"
check "the export after one merge" lap export
printf '%s\n' "$OUT" >once.jsonl

check "merge twice" lap --json merge "$DESK"
assert_eq "twice: nothing added" 0 "$(jget "$OUT" '$.added')"
assert_eq "twice: nothing updated" 0 "$(jget "$OUT" '$.updated')"
check "the export after two merges" lap export
printf '%s\n' "$OUT" >twice.jsonl
assert_true "merging twice changes nothing" cmp once.jsonl twice.jsonl

# The other way round, both copies end up the same.
check "merge the laptop into the desktop" desk merge "$LAP"
assert_contains "human summary" "$OUT" "added"
check "the desktop's export" desk export
printf '%s\n' "$OUT" >desk.jsonl
assert_true "both copies now hold the same" cmp once.jsonl desk.jsonl
check_fails 2 "merging a database with itself" lap merge "$LAP"

# --- issue 13, item 10: convergence, purges, clocks, the report -------------------------
# Two fresh copies of one journal, each a device of its own.
ONE=$T/one.db
TWO=$T/two.db
one() { env HAVEN_DB="$ONE" "$HAVEN" "$@"; }
two() { env HAVEN_DB="$TWO" "$HAVEN" "$@"; }
export HAVEN_NOW=2026-02-01T09:00:00Z
X=$(HAVEN_DB=$ONE log_id -i 5 --at "2026-01-20 09:00" "edited on both at the same moment")
P=$(HAVEN_DB=$ONE log_id -i 4 --at "2026-01-21 09:00" "purged on one, zebrafinch")
Y=$(HAVEN_DB=$ONE log_id -i 3 --at "2026-01-22 09:00" "edited on the device whose clock is behind")
check "copy one to two" one export
printf '%s\n' "$OUT" >pair.jsonl
check "... imported there" two import pair.jsonl

# The same `updated` time on both: before, each copy kept its own edit for ever.
export HAVEN_NOW=2026-02-02T10:00:00Z
check "one edits X" one journal edit "$X" --recovered 11
check "two edits X at the same moment" two journal edit "$X" --recovered 22
cp "$ONE" one-a.db
cp "$TWO" two-a.db
check "merge two into one" env HAVEN_DB="$T/one-a.db" "$HAVEN" --json merge "$TWO"
check "merge one into two" env HAVEN_DB="$T/two-a.db" "$HAVEN" --json merge "$ONE"
assert_eq "same-time edits converge: both merges hold the same entries" \
	"$(db_records one-a.db)" "$(db_records two-a.db)"
check "X after one merge" env HAVEN_DB="$T/one-a.db" "$HAVEN" --json journal show "$X"
a=$(jget "$OUT" '$.body.recovered_minutes')
check "X after the other" env HAVEN_DB="$T/two-a.db" "$HAVEN" --json journal show "$X"
assert_eq "... the same edit won in both" "$a" "$(jget "$OUT" '$.body.recovered_minutes')"
assert_eq "... and merging again changes nothing" "$(db_records two-a.db)" \
	"$(env HAVEN_DB="$T/two-a.db" "$HAVEN" merge "$T/one-a.db" >/dev/null 2>&1; db_records two-a.db)"

# The report names the entry both edited, which edit was kept, and where
# the other one is: a deleted entry that holds it, in both copies.
cp "$ONE" one-b.db
check "merge two into a fresh copy of one, as JSON" env HAVEN_DB="$T/one-b.db" "$HAVEN" --json merge "$TWO"
assert_eq "report: one conflict" 1 "$(jlen "$OUT" '$.conflicts')"
assert_eq "report: it is X" "$X" "$(jget "$OUT" '$.conflicts[0].id')"
assert_match "report: says which edit was kept" '^(here|other)$' "$(jget "$OUT" '$.conflicts[0].kept')"
copy=$(jget "$OUT" '$.conflicts[0].copy')
assert_match "report: names the copy of the other edit" "$UUID_RE" "$copy"
kept=$(jget "$OUT" '$.conflicts[0].kept')
check "the kept copy is there" env HAVEN_DB="$T/one-b.db" "$HAVEN" --json journal show "$copy"
lost=11
[ "$kept" = here ] && lost=22
assert_eq "... holding the edit that lost" "$lost" "$(jget "$OUT" '$.body.recovered_minutes')"
assert_eq "... as a deleted entry" 1 "$(jget "$OUT" '$.deleted')"
cp "$ONE" one-c.db
check "the same merge in words" env HAVEN_DB="$T/one-c.db" "$HAVEN" merge "$TWO"
assert_contains "words: says an entry had two edits" "$OUT" "edited in both copies"
assert_contains "words: names it" "$OUT" "$(printf '%.8s' "$X")"
assert_contains "words: names where the other edit is" "$OUT" "$(printf '%.8s' "$copy")"

# A purge stays purged after merging with a copy that still has the entry.
check "one purges P" one journal rm "$P" --purge
check "merge the older copy (two) into one" one --json merge "$TWO"
check_fails 1 "P does not come back" one journal show "$P"
check "one's export" one export
assert_not_contains "... nor its words" "$OUT" zebrafinch
cp "$TWO" "$T/three.db"
check "merge one into a third copy, in words" env HAVEN_DB="$T/three.db" "$HAVEN" merge "$ONE"
assert_contains "... one purge is told in the singular" "$OUT" "1 purged entry stays purged."
check "merge one into two" two --json merge "$ONE"
assert_eq "... two is told it stays purged" 1 "$(jget "$OUT" '$.purged')"
check_fails 1 "P is purged on two as well" two journal show "$P"
check "two's export" two export
assert_not_contains "... its words gone there too" "$OUT" zebrafinch
check "an old export of two imported into one" one --json import pair.jsonl
check_fails 1 "... does not bring P back either" one journal show "$P"

# A device whose clock is two hours behind edits Y after one did: its edit
# is not dropped without a word, but kept and named.
export HAVEN_NOW=2026-02-03T17:00:00Z
check "one edits Y at 17:00" one journal edit "$Y" --recovered 5
check "two, its clock at 15:30 when it is really 17:30, edits Y" \
	env HAVEN_NOW=2026-02-03T15:30:00Z HAVEN_DB="$TWO" "$HAVEN" journal edit "$Y" --recovered 45
check "merge two into one" one --json merge "$TWO"
assert_eq "the behind clock's edit is reported" "$Y" \
	"$(jmap "$OUT" '$.conflicts' id | grep -x "$Y")"
ycopy=$(_e2e_jsql "$OUT" "SELECT json_extract(value, '\$.copy') FROM json_each($_e2e_jdoc, '\$.conflicts') WHERE json_extract(value, '\$.id') = '$Y'")
check "... and kept" one --json journal show "$ycopy"
assert_eq "... with its words" 45 "$(jget "$OUT" '$.body.recovered_minutes')"
# Once it has seen one's edit, two's next edit comes after it, whatever its
# clock says (the hybrid logical clock), and wins.
check "two merges one" env HAVEN_NOW=2026-02-03T15:40:00Z HAVEN_DB="$TWO" "$HAVEN" merge "$ONE"
check "two edits Y again, its clock still behind" \
	env HAVEN_NOW=2026-02-03T15:45:00Z HAVEN_DB="$TWO" "$HAVEN" journal edit "$Y" --recovered 50
check "merge two into one" one --json merge "$TWO"
assert_eq "... no conflict: it had seen one's edit" 0 "$(jlen "$OUT" '$.conflicts')"
check "Y on one" one --json journal show "$Y"
assert_eq "... carries two's later edit" 50 "$(jget "$OUT" '$.body.recovered_minutes')"
export HAVEN_NOW=2026-01-07T17:00:00Z

# --- vaults ---------------------------------------------------------------------------------
printf 'shared passphrase\n' >pw
printf 'desktop passphrase\n' >pw2
chmod 600 pw pw2
check "the laptop becomes a vault" lap vault enable --passphrase-file pw
before=$(db_hash "$LAP")
check_fails 1 "a vault and a plain copy do not mix" env HAVEN_PASSPHRASE_FILE="$T/pw" "$HAVEN" --db "$LAP" merge "$DESK"
assert_contains "... clearly" "$ERR" "both copies sealed or both plain"
assert_eq "... and the vault is untouched" "$before" "$(db_hash "$LAP")"
check "the desktop becomes a vault too, another passphrase" desk vault enable --passphrase-file pw2
check "desktop: one more entry" env HAVEN_PASSPHRASE_FILE="$T/pw2" "$HAVEN" --db "$DESK" log -i 2 "sealed on the desktop"
check_fails 1 "the other vault's passphrase is needed" env HAVEN_PASSPHRASE_FILE="$T/pw" "$HAVEN" --db "$LAP" merge "$DESK"
check "two vaults merge" env HAVEN_PASSPHRASE_FILE="$T/pw" "$HAVEN" --db "$LAP" --json merge --other-passphrase-file pw2 "$DESK"
assert_eq "vaults: one added" 1 "$(jget "$OUT" '$.added')"
assert_false "the merged entry is sealed in the laptop's file" grep -qa "sealed on the desktop" "$LAP"
check "and reads back with the laptop's passphrase" env HAVEN_PASSPHRASE_FILE="$T/pw" "$HAVEN" --db "$LAP" journal
assert_contains "... yes" "$OUT" "sealed on the desktop"

done_testing
