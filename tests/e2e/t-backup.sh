# t-backup.sh — `haven backup` and `haven restore`: a sealed backup and a
# --plain one (with its warning), both restored with the old database kept
# aside; a wrong passphrase, a cut-short file, a changed byte and a file
# that is not a backup are all refused with nothing replaced, as is a copy
# the disk cannot hold (saying why); a vault's backup restores to a vault.
. "$E2E_DIR/lib.sh"

export HAVEN_TEST_KDF_FAST=1 # the minimum Argon2id cost, for tests only
DB=$HAVEN_DB
A=$(log_id -i 6 -k work --at "2026-01-03 09:00" "first entry, kept safe")
B=$(log_id -i 3 --at "2026-01-04 10:00" "second entry")
check "the export at backup time" haven export
printf '%s\n' "$OUT" >at-backup.jsonl
printf 'backup passphrase one\n' >bpw
printf 'not the backup passphrase\n' >wrong
chmod 600 bpw wrong

# --- a sealed backup ---------------------------------------------------------------
check_fails 1 "no passphrase and no terminal" haven backup b.hvb
assert_false "... writes nothing" test -e b.hvb
check "backup --passphrase-file" haven --json backup --passphrase-file bpw b.hvb
assert_eq "json: encrypted" 1 "$(jget "$OUT" '$.encrypted')"
assert_eq "json: two entries" 2 "$(jget "$OUT" '$.entries')"
assert_eq "the backup is 0600" 600 "$(file_mode b.hvb)"
assert_eq "it starts with the magic" "HAVEN BACKUP" "$(head -c 12 b.hvb)"
assert_false "no clear text in the sealed backup" grep -qa "kept safe" b.hvb
assert_eq "no temporary files left beside the database" "" "$(ls -a | grep -e snapshot -e partial)"

# --- plain, explicitly, with a warning ---------------------------------------------
check "backup --plain" haven backup --plain p.db
assert_contains "--plain warns" "$ERR" "not be encrypted"
assert_eq "the plain backup is 0600" 600 "$(file_mode p.db)"
assert_eq "it is a whole SQLite database" ok "$(sqlite3 p.db 'PRAGMA integrity_check')"
assert_eq "with every record" 2 "$(sqlite3 p.db 'SELECT count(*) FROM records')"
check_fails 2 "--plain with a passphrase file is a usage error" haven backup --plain --passphrase-file bpw x.db
check_fails 2 "backing up onto the database itself is refused" haven backup --plain "$DB"

# --- things change after the backup -------------------------------------------------
check "a later entry" haven log -i 2 "written after the backup"
check "a later delete" haven journal rm "$A"
before=$(db_hash)

# --- refused restores change nothing ------------------------------------------------
check_fails 1 "a wrong backup passphrase is refused" haven restore --passphrase-file wrong b.hvb
assert_contains "... clearly" "$ERR" "passphrase does not open"
assert_eq "... nothing replaced" "$before" "$(db_hash)"
size=$(stat -c %s b.hvb)
head -c $((size - 40)) b.hvb >cut.hvb
check_fails 1 "a cut-short backup is refused" haven restore --passphrase-file bpw cut.hvb
assert_contains "... as cut short" "$ERR" "cut short"
assert_eq "... nothing replaced" "$before" "$(db_hash)"
head -c $((size - 17)) b.hvb >cut2.hvb
check_fails 1 "a backup cut inside its last piece is refused" haven restore --passphrase-file bpw cut2.hvb
cp b.hvb flipped.hvb
printf 'X' | dd of=flipped.hvb bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
check_fails 1 "a changed byte is refused" haven restore --passphrase-file bpw flipped.hvb
assert_contains "... as damaged" "$ERR" "damaged"
cp b.hvb longer.hvb
printf 'extra' >>longer.hvb
check_fails 1 "bytes after the end are refused" haven restore --passphrase-file bpw longer.hvb
printf 'hello, not a backup\n' >notes.txt
check_fails 1 "a file that is not a backup is refused" haven restore notes.txt
assert_contains "... saying so" "$ERR" "not a haven backup"
chmod 644 bpw
check_fails 1 "a backup passphrase file others can read is refused" haven restore --passphrase-file bpw b.hvb
assert_contains "... with the fix" "$ERR" "chmod 600 bpw"
chmod 600 bpw
assert_eq "after all the refusals the database is untouched" "$before" "$(db_hash)"
assert_eq "and nothing was moved aside" "" "$(ls | grep before-restore)"

# --- restore the sealed backup ---------------------------------------------------------
check "restore the sealed backup" haven --json restore --passphrase-file bpw b.hvb
assert_eq "json: two entries" 2 "$(jget "$OUT" '$.entries')"
aside=$(jget "$OUT" '$.previous')
assert_match "the old database is kept aside" 'haven\.db\.before-restore-[0-9]{8}-[0-9]{6}$' "$aside"
assert_eq "the restored database is 0600" 600 "$(file_mode "$DB")"
assert_eq "the kept one is 0600" 600 "$(file_mode "$aside")"
check "export after restore" haven export
printf '%s\n' "$OUT" >restored.jsonl
assert_true "restored: exactly what was backed up" cmp at-backup.jsonl restored.jsonl
check "the kept database still has the later entry" env HAVEN_DB="$aside" "$HAVEN" export
assert_contains "... yes" "$OUT" "written after the backup"

# --- a copy the disk cannot hold (a file-size limit: EFBIG, as on a full disk) ---------
# Room for the shared-memory index (32 kB), not for the 60 kB copy.
held=$(db_hash)
check_fails 1 "a plain restore past a file-size limit is refused" size_limited 40 "$HAVEN" restore p.db
assert_contains "... saying why" "$ERR" "too large"
assert_eq "... leaving no half-made copy" "" "$(ls -a | grep restoring)"
assert_eq "... and the database as it was" "$held" "$(db_hash)"

# --- restore the plain one -----------------------------------------------------------------
check "restore the plain backup" haven restore p.db
assert_contains "it names where the old one went" "$OUT" "before-restore"
assert_eq "two databases kept aside now" 2 "$(ls | grep 'before-restore' | grep -vc -- '-lock$')"

# --- a vault's backup is a vault again ----------------------------------------------------
printf 'vault passphrase here\n' >vpw
chmod 600 vpw
check "make the database a vault" haven vault enable --passphrase-file vpw
check "back up the vault" haven backup --passphrase-file bpw v.hvb
check "log into a fresh database instead" env HAVEN_DB="$T/fresh/haven.db" "$HAVEN" log -i 1 "fresh"
check "restore the vault's backup elsewhere" env HAVEN_DB="$T/fresh/haven.db" "$HAVEN" --json restore --passphrase-file bpw v.hvb
assert_eq "json: a vault" 1 "$(jget "$OUT" '$.vault')"
check "it opens with the vault's passphrase" env HAVEN_DB="$T/fresh/haven.db" HAVEN_PASSPHRASE_FILE="$T/vpw" "$HAVEN" export
printf '%s\n' "$OUT" >vault-restored.jsonl
assert_true "... and holds exactly the backup's entries" cmp at-backup.jsonl vault-restored.jsonl
check_fails 1 "... and not without it" env HAVEN_DB="$T/fresh/haven.db" "$HAVEN" export

done_testing
