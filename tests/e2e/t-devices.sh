# t-devices.sh — writing never replaces a device or a FIFO: export and
# backup write into them (a full device is a clear error, exit 1), a FIFO
# gets the whole file, and a database path that is not a regular file is
# refused before anything is made beside it.
#
# The devices are clones of /dev/null and /dev/full made with mknod in the
# test's own folder, so that a regression replaces a clone, never the real
# one; making them needs root (CI runs as root), and without it those cases
# are skipped with a note.  The FIFO cases need no root.
. "$E2E_DIR/lib.sh"

export HAVEN_TEST_KDF_FAST=1 # the minimum Argon2id cost, for tests only
A=$(log_id -i 6 -k work --at "2026-01-03 09:00" "first entry")
B=$(log_id -i 3 --at "2026-01-04 10:00" "second entry")
check "the export on stdout" haven export
printf '%s\n' "$OUT" >expected.jsonl
printf 'device test passphrase\n' >bpw
chmod 600 bpw

no_temp_left() { # no_temp_left NAME: no temporary file in $T
	assert_eq "$1: no temporary file left" "" "$(ls -A "$T" | grep -e '\.tmp' -e snapshot -e partial)"
}

# --- character devices ---------------------------------------------------------------
if mknod full c 1 7 2>/dev/null && mknod null c 1 3 2>/dev/null; then
	before=$(db_hash)
	check_fails 1 "export -o FULL: exit status 1" haven export -o full
	assert_contains "export -o FULL: says the device is full" "$ERR" "No space left on device"
	assert_contains "export -o FULL: names it" "$ERR" "writing the export to full failed"
	assert_true "export -o FULL: still a character device" test -c full
	no_temp_left "export -o FULL"
	check "export -o NULL" haven export -o null
	assert_true "export -o NULL: still a character device" test -c null
	check_fails 1 "export --format csv into a device: exit status 1" \
		haven export --format csv -o full
	assert_true "export --format csv: still a character device" test -c full

	check_fails 1 "backup FULL: exit status 1" haven backup --passphrase-file bpw full
	assert_contains "backup FULL: says the device is full" "$ERR" "No space left on device"
	assert_contains "backup FULL: names it" "$ERR" "writing the backup to full failed"
	assert_true "backup FULL: still a character device" test -c full
	no_temp_left "backup FULL"
	check_fails 1 "backup --plain FULL: exit status 1" haven backup --plain full
	assert_contains "backup --plain FULL: says the device is full" "$ERR" "No space left on device"
	assert_true "backup --plain FULL: still a character device" test -c full
	no_temp_left "backup --plain FULL"
	check "backup NULL" haven backup --passphrase-file bpw null
	assert_true "backup NULL: still a character device" test -c null
	no_temp_left "backup NULL"
	assert_eq "the database is byte-identical after all that" "$before" "$(db_hash)"

	for how in "--db null" "HAVEN_DB"; do
		if [ "$how" = HAVEN_DB ]; then
			check_fails 1 "$how=NULL: exit status 1" env HAVEN_DB="$T/null" "$HAVEN" journal
		else
			check_fails 1 "$how: exit status 1" haven --db null journal
		fi
		assert_contains "$how: says it is not a regular file" "$ERR" "not a regular file"
		assert_contains "$how: says what it is" "$ERR" "a character device"
		assert_contains "$how: says what to do" "$ERR" "Choose a file path"
		assert_false "$how: no lock file beside it" test -e null-lock
		assert_false "$how: no journal file beside it" test -e null-journal
		assert_true "$how: still a character device" test -c null
	done
else
	echo "t-devices.sh: note: mknod is not allowed here (not root?), so the character-device" \
		"cases were skipped; CI runs them as root" >&2
fi

# --- FIFOs: written into, whole ---------------------------------------------------------
mkfifo pipe
timeout 10 cat pipe >got.jsonl &
reader=$!
check "export -o FIFO" timeout 20 "$HAVEN" export -o pipe
wait "$reader"
assert_true "export -o FIFO: the reader got the whole export" cmp expected.jsonl got.jsonl
assert_true "export -o FIFO: still a FIFO" test -p pipe
no_temp_left "export -o FIFO"

timeout 10 cat pipe >got.hvb &
reader=$!
check "backup into a FIFO" timeout 20 "$HAVEN" backup --passphrase-file bpw pipe
wait "$reader"
assert_true "backup into a FIFO: still a FIFO" test -p pipe
no_temp_left "backup into a FIFO"
check "the backup from the FIFO restores" env HAVEN_DB="$T/restored.db" "$HAVEN" restore \
	--passphrase-file bpw got.hvb
check "... to the same entries" env HAVEN_DB="$T/restored.db" "$HAVEN" export
assert_eq "... exactly" "$(cat expected.jsonl)" "$OUT"

mkdir csv
mkfifo csv/trigger.csv
timeout 10 cat csv/trigger.csv >got.csv &
reader=$!
check "export --format csv with a FIFO for a file" timeout 20 "$HAVEN" export --format csv -o csv
wait "$reader"
assert_true "CSV: still a FIFO" test -p csv/trigger.csv
assert_eq "CSV: the reader got a header and two rows" 3 "$(wc -l <got.csv)"

before=$(db_hash)
check_fails 1 "--db FIFO: exit status 1" timeout 20 "$HAVEN" --db pipe journal
assert_contains "--db FIFO: says what it is" "$ERR" "pipe is not a regular file (it is a FIFO"
assert_false "--db FIFO: no lock file beside it" test -e pipe-lock
assert_false "--db FIFO: no journal file beside it" test -e pipe-journal
check_fails 1 "merge from a FIFO: exit status 1" timeout 20 "$HAVEN" merge pipe
assert_contains "merge from a FIFO: says what it is" "$ERR" "pipe is not a regular file (it is a FIFO"
assert_eq "the database is byte-identical" "$before" "$(db_hash)"

# --- a symbolic link stays a link: the file it leads to is replaced ------------------------
mkdir kept
ln -s kept/real.bak link.bak
check "backup LINK: exit 0" haven backup --passphrase-file bpw link.bak
assert_true "backup LINK: still a symbolic link" test -L link.bak
assert_true "backup LINK: the backup is where it leads" test -s kept/real.bak
check "backup LINK again: over the file it leads to" haven backup --passphrase-file bpw link.bak
assert_true "backup LINK again: still a symbolic link" test -L link.bak
check "the backup through the link restores" env HAVEN_DB="$T/from-link.db" "$HAVEN" restore \
	--passphrase-file bpw link.bak
ln -s nowhere/x dangling.bak
check_fails 1 "backup to a link that leads nowhere: exit 1" haven backup --passphrase-file bpw dangling.bak
assert_contains "... says why" "$ERR" "symbolic link to a place that cannot be reached"
assert_true "... and leaves the link" test -L dangling.bak

# --- a reader that goes away early is an error, not a signal ---------------------------
# More than a pipe holds (64 KiB), so the writer is still writing when the
# reader has gone: SIGPIPE used to kill haven without a word.
for i in $(seq 1 150); do
	haven log -i 4 "$(printf 'a long entry about the day, number %s, %0400d' "$i" 0)" >/dev/null 2>&1
done
mkfifo early
(head -c 10 early >/dev/null) &
run timeout 20 "$HAVEN" export -o early
wait
assert_eq "export -o FIFO, reader gone: exit status 1, not killed by SIGPIPE" 1 "$RC"
assert_contains "... says the reader went away" "$ERR" "Broken pipe"
run bash -c '"$HAVEN" export | head -c 10 >/dev/null; echo "${PIPESTATUS[0]}" >status'
assert_eq "export | head: exit status 1, not killed by SIGPIPE" 1 "$(cat status)"
assert_contains "... says the output was cut short" "$ERR" "output was cut short"

done_testing
