# t-merge.sh — `haven merge OTHER.db`: two copies of one journal (a laptop
# and a desktop) brought together: union by id, the newer edit wins, soft
# deletes travel, merging twice changes nothing, two vaults merge, and a
# vault with a plain copy is refused with nothing changed.
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
