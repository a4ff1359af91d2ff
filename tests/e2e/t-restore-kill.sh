# t-restore-kill.sh — `haven restore` killed with SIGKILL at random
# moments (issue 13: a crash test for restore, as t-vault-kill.sh is for
# vault enable).  After each kill the database must be there, open, list
# and export, and hold wholly what it held before or wholly the backup's
# entries — never a mixture, never nothing; when restore said it
# succeeded, the backup's.
#
# 20 tries (E2E_QUICK=1: 8), each kill within one timed restore, so the
# whole test stays within a few seconds.  E2E_KILL_SEED=N repeats a run.
. "$E2E_DIR/lib.sh"

export HAVEN_TEST_KDF_FAST=1
kill_tries t-restore-kill.sh 20 8

printf 'a backup passphrase\n' >bpw
chmod 600 bpw
# Two journals of different sizes, so a count tells them apart too.
entries() {
	awk -v n="$1" -v w="$2" 'BEGIN { for (i = 0; i < n; i++)
	printf "{\"id\":\"%08x-0000-4000-8000-%012x\",\"kind\":\"trigger\",\"created\":\"2025-06-01T10:00:00.000Z\",\"updated\":\"2025-06-01T10:00:00.000Z\",\"version\":1,\"deleted\":false,\"body\":{\"intensity\":5,\"what\":\"%s %d\"}}\n", i, i + n, w, i }'
}
entries 3000 "from the backup" >after.jsonl
entries 2000 "from before" >before.jsonl
check "the journal a backup was made of" env HAVEN_DB="$T/after.db" "$HAVEN" import after.jsonl
check "... and its backup" env HAVEN_DB="$T/after.db" "$HAVEN" backup --passphrase-file bpw after.hvb
check "the journal restore replaces" env HAVEN_DB="$T/before.db" "$HAVEN" import before.jsonl
before=$(db_content before.db)

# One whole restore, timed, gives the content after and the span to kill in.
cp before.db timing.db
kill_clock
check "one restore, timed" env HAVEN_DB="$T/timing.db" "$HAVEN" restore --passphrase-file bpw after.hvb
span=$(kill_span)
after=$(db_content timing.db)
assert_ne "the restore changes the content" "$before" "$after"

n_before=0 n_after=0 succeeded=0
for i in $(seq "$tries"); do
	mkdir "try-$i"
	db=$T/try-$i/haven.db
	cp before.db "$db"
	kill_within "$span" env HAVEN_DB="$db" "$HAVEN" restore --passphrase-file bpw after.hvb
	assert_true "try $i: the database is there" test -f "$db"
	kill_whole "$i" "$db" "$before" "$after" 2000 3000 restore
	rm -rf "try-$i"
done
echo "t-restore-kill.sh: before $n_before, after $n_after; restore had exited 0 in $succeeded" >&2

done_testing
