# t-merge-kill.sh — `haven merge` killed with SIGKILL at random moments
# (issue 13: a crash test for merge, as t-vault-kill.sh is for vault
# enable).  After each kill the database must open, list and export, and
# hold wholly what it held before or wholly the merged entries (a merge is
# one transaction); when merge said it succeeded, the merged ones.  The
# other copy is only read: it stays as it was.
#
# 20 tries (E2E_QUICK=1: 8), each kill within one timed merge, so the
# whole test stays within a few seconds.  E2E_KILL_SEED=N repeats a run.
. "$E2E_DIR/lib.sh"

kill_tries t-merge-kill.sh 20 8

# Two journals of different entries, so a count tells the states apart.
entries() {
	awk -v n="$1" -v at="$2" -v w="$3" 'BEGIN { for (i = 0; i < n; i++)
	printf "{\"id\":\"%08x-0000-4000-8000-%012x\",\"kind\":\"trigger\",\"created\":\"2025-06-01T10:00:00.000Z\",\"updated\":\"2025-06-01T10:00:00.000Z\",\"version\":1,\"deleted\":false,\"body\":{\"intensity\":5,\"what\":\"%s %d\"}}\n", i + at, i, w, i }'
}
entries 3000 100000 "on the other copy" >other.jsonl
entries 2000 0 "here before" >before.jsonl
check "the other copy" env HAVEN_DB="$T/other.db" "$HAVEN" import other.jsonl
check "the journal merged into" env HAVEN_DB="$T/before.db" "$HAVEN" import before.jsonl
before=$(db_content before.db)
other=$(db_content other.db)

# One whole merge, timed, gives the content after and the span to kill in.
cp before.db timing.db
kill_clock
check "one merge, timed" env HAVEN_DB="$T/timing.db" "$HAVEN" merge other.db
span=$(kill_span)
after=$(db_content timing.db)
assert_ne "the merge changes the content" "$before" "$after"

n_before=0 n_after=0 succeeded=0
for i in $(seq "$tries"); do
	db=$T/try-$i.db
	cp before.db "$db"
	kill_within "$span" env HAVEN_DB="$db" "$HAVEN" merge other.db
	kill_whole "$i" "$db" "$before" "$after" 2000 5000 merge
	assert_eq "try $i: the other copy is as it was" "$other" "$(db_content other.db)"
	rm -f "$db" "$db-wal" "$db-shm"
done
echo "t-merge-kill.sh: before $n_before, after $n_after; merge had exited 0 in $succeeded" >&2

done_testing
