# t-vault-kill.sh — `haven vault enable` killed with SIGKILL at random
# moments (issue 13: 20 of 55 kills left a vault with clear bodies in the
# main file, and nothing said so).  The files are read right after the
# kill, before any program opens them.  Whenever enable said it succeeded,
# or the vault reads as on and finished, not one byte of a body's clear
# text (a marker word found nowhere else) may be in the database file or
# its write-ahead log.  A kill after the commit but before the file was
# rewritten leaves the vault on and marked unfinished, in the same commit:
# `vault status` must say so, and enable run again must finish it.  A kill
# before the commit leaves the journal as it was.
#
# 20 tries (E2E_QUICK=1: 8).  E2E_KILL_SEED=N repeats a run's choices.
. "$E2E_DIR/lib.sh"

export HAVEN_TEST_KDF_FAST=1
MARK=quokkamarker
kill_tries t-vault-kill.sh 20 8

printf 'a passphrase for the kill test\n' >pw
chmod 600 pw
awk -v m=$MARK 'BEGIN { for (i = 0; i < 6000; i++)
	printf "{\"id\":\"%08x-0000-4000-8000-%012x\",\"kind\":\"trigger\",\"created\":\"2025-06-01T10:00:00.000Z\",\"updated\":\"2025-06-01T10:00:00.000Z\",\"version\":1,\"deleted\":false,\"body\":{\"intensity\":5,\"what\":\"entry %d, %s\"}}\n", i, i, i, m }' >big.jsonl
check "a journal of 6,000 entries (under the 1,000 pages at which SQLite copies the log into the file by itself)" env HAVEN_DB="$T/template.db" "$HAVEN" import big.jsonl
assert_true "its bodies are in clear before" grep -qa $MARK template.db

# Clear text of a body in FILE (and its log): how many lines hold the marker.
marks() {
	local n=0 f
	for f in "$1" "$1-wal"; do
		[ -e "$f" ] && n=$((n + $(grep -ac $MARK "$f")))
	done
	echo $n
}

# How long one whole enable takes here, so kills land before, during and
# after the commit and the rewrite whatever the machine costs.
cp template.db timing.db
kill_clock
check "one enable, timed" env HAVEN_DB="$T/timing.db" "$HAVEN" vault enable --passphrase-file pw
span=$(kill_span)
assert_eq "... leaves no clear text" 0 "$(marks timing.db)"

before=0 finished=0 unfinished=0 succeeded=0
for i in $(seq "$tries"); do
	db=$T/try-$i.db
	cp template.db "$db"
	kill_within "$span" env HAVEN_DB="$db" "$HAVEN" vault enable --passphrase-file pw
	# Read before any program opens the file: SQLite's last connection to
	# close copies the log into the file, which would hide what was left.
	left=$(marks "$db")
	probe=$(sqlite3 -readonly "$db" "SELECT (SELECT count(*) FROM meta WHERE key = 'vault'),
	  (SELECT count(*) FROM meta WHERE key = 'vault_scrub')")
	if [ "$rc" = 0 ]; then
		succeeded=$((succeeded + 1))
		assert_eq "try $i: enable said it succeeded: no clear text left" 0 "$left"
	fi
	if [ "${probe%%|*}" != 1 ]; then
		before=$((before + 1))
		assert_eq "try $i: killed before the commit: not one body sealed" 0 \
			"$(sqlite3 "$db" "SELECT count(*) FROM records WHERE typeof(body) = 'blob'")"
		continue
	fi
	if [ "${probe#*|}" = 0 ]; then
		finished=$((finished + 1))
		assert_eq "try $i: the vault reads as on and finished: no clear text left" 0 "$left"
	else
		unfinished=$((unfinished + 1))
		status=$(HAVEN_DB=$db "$HAVEN" --json vault status 2>&1)
		assert_eq "try $i: on but unfinished: vault status says so" 1 "$(jget "$status" '$.unfinished')"
		run env HAVEN_DB="$db" "$HAVEN" vault enable
		assert_eq "try $i: ... enable again finishes it" 0 "$RC"
		assert_contains "... and says so" "$OUT" "no text from before it remains"
		assert_eq "... leaving no clear text" 0 "$(marks "$db")"
		status=$(HAVEN_DB=$db "$HAVEN" --json vault status 2>&1)
		assert_eq "... and status no longer says unfinished" 0 "$(jget "$status" '$.unfinished')"
	fi
	assert_eq "try $i: every body sealed" 6000 \
		"$(sqlite3 "$db" "SELECT count(*) FROM records WHERE typeof(body) = 'blob'")"
	rm -f "$db" "$db-wal" "$db-shm" "$db-lock"
done
echo "t-vault-kill.sh: killed before the commit $before, after it and finished $finished," \
	"after it and unfinished $unfinished; enable had exited 0 in $succeeded" >&2

done_testing
