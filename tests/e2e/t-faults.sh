# t-faults.sh — writes that fail through the real binary, and the warning
# about a database others can read.
#
# A full disk: where the sandbox allows it, a tiny tmpfs in a private mount
# namespace (so nothing outlives the test), filled up; everywhere, a file
# size limit (ulimit -f) with SIGXFSZ ignored, so writes fail with EFBIG the
# way a quota would.  Each time the command must exit 1 with a message that
# names the problem, print nothing on stdout, and leave the database
# byte-identical; once there is room again, the next write works.
#
# The unit test tests/unit/test_faults.c does the same at every single write
# of each operation; this checks that the binary carries it to the person.
# A read-only database is t-errors.sh's.

# Root may mount a tmpfs, but only in a mount namespace of our own.
if [ -z "${HAVEN_FAULTS_NS:-}" ] && [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1 &&
	unshare -m --propagation private true 2>/dev/null; then
	export HAVEN_FAULTS_NS=1
	exec unshare -m --propagation private bash "$0" "$@"
fi
. "$E2E_DIR/lib.sh"

count_entries() { # count_entries [DB]
	run env HAVEN_DB="${1:-$HAVEN_DB}" "$HAVEN" --json journal --deleted --limit 100000
	jlen "$OUT"
}

# An import file of N entries with long texts (about 1.3 kB each).
make_import() { # make_import FILE N
	local i what
	what=$(printf 'a long evening of waiting %.0s' $(seq 40))
	for i in $(seq "$2"); do
		printf '{"id":"00000000-0000-4000-8000-%012d","kind":"trigger","created":"2026-01-02T08:00:00.000Z","updated":"2026-01-02T08:00:00.000Z","version":1,"deleted":false,"body":{"intensity":5,"what":"%s %d"}}\n' \
			"$i" "$what" "$i"
	done >"$1"
}
make_import big.jsonl 800

# For vault enable: the cheapest Argon2id (tests only) and a private passphrase file.
export HAVEN_TEST_KDF_FAST=1
printf 'a passphrase for the full disk\n' >pw
chmod 600 pw
vault_state() { # vault_state DB: 1 for a vault, else 0
	run env HAVEN_DB="$1" "$HAVEN" --json vault status
	jget "$OUT" '$.vault'
}
# For merge: another copy of the journal, on a healthy disk, with 800 entries.
check "setup: the other copy" env HAVEN_DB="$T/other.db" "$HAVEN" import big.jsonl
# A smaller one for the file size limit, which caps SQLite's temporary files too.
make_import small.jsonl 200
check "setup: a smaller other copy" env HAVEN_DB="$T/other-small.db" "$HAVEN" import small.jsonl

# fails_cleanly NAME DB CMD...: exit 1, a message naming the failed write and
# the file, nothing on stdout, and DB byte-identical afterwards.
fails_cleanly() {
	local name=$1 db=$2 before
	shift 2
	before=$(db_hash "$db")
	check_fails 1 "$name: exit status 1" "$@"
	assert_match "$name: the message names the problem" 'is full|no room|writing to the disk failed' "$ERR"
	assert_contains "$name: the message names the database" "$ERR" "$db"
	assert_contains "$name: the message starts with haven:" "$ERR" "haven: "
	assert_eq "$name: nothing on stdout" "" "$OUT"
	assert_eq "$name: the database is byte-identical" "$before" "$(db_hash "$db")"
}

# whole NAME DB: SQLite's integrity check passes (it too needs a little room).
whole() {
	assert_eq "$1: SQLite finds it whole" ok "$(sqlite3 "$2" 'PRAGMA integrity_check' 2>&1)"
}

# --- a full disk (a small tmpfs, filled) ---------------------------------------------------
mkdir disk
if [ -n "${HAVEN_FAULTS_NS:-}" ] && mount -t tmpfs -o size=4m,mode=0700 tmpfs disk 2>/dev/null; then
	DB=$T/disk/haven.db
	export HAVEN_DB=$DB
	A=$(log_id -i 5 -k work --at "2026-01-05 10:00" "before the disk filled")
	check "tmpfs: a second entry" haven log -i 6 --at "2026-01-06 10:00" "second"
	n0=$(count_entries)
	assert_eq "tmpfs: two entries to start" 2 "$n0"

	# Leave about 100 kB: enough to open the database, not for the import.
	dd if=/dev/zero of=disk/filler bs=1k count=$(( $(df -k --output=avail disk | tail -1) - 100 )) \
		2>/dev/null
	fails_cleanly "tmpfs, import halfway" "$DB" haven import big.jsonl
	assert_contains "tmpfs, import: says the disk is full" "$ERR" "is full"
	assert_contains "tmpfs, import: says nothing was imported" "$ERR" "othing was"
	assert_eq "tmpfs, import: no entry came in" "$n0" "$(count_entries)"
	whole "tmpfs, import" "$DB"
	fails_cleanly "tmpfs, merge halfway" "$DB" haven merge "$T/other.db"
	assert_eq "tmpfs, merge: no entry came in" "$n0" "$(count_entries)"
	whole "tmpfs, merge" "$DB"

	# Now not a byte left.
	dd if=/dev/zero of=disk/filler2 bs=1k 2>/dev/null
	fails_cleanly "tmpfs full: log" "$DB" haven log -i 4 "no room"
	fails_cleanly "tmpfs full: edit" "$DB" haven journal edit "$A" --recovered 20
	fails_cleanly "tmpfs full: rm" "$DB" haven journal rm "$A"
	fails_cleanly "tmpfs full: import" "$DB" haven import big.jsonl
	fails_cleanly "tmpfs full: --json log" "$DB" haven --json log -i 4 "no room"
	assert_contains "tmpfs full: --json error object" "$ERR" '{"error":{"code":"io"'
	fails_cleanly "tmpfs full: merge" "$DB" haven merge "$T/other.db"
	fails_cleanly "tmpfs full: vault enable" "$DB" haven vault enable --passphrase-file pw
	# Even reading needs room for SQLite's small index file (PATH-shm):
	# the message says so instead of a bare "disk I/O error".
	fails_cleanly "tmpfs full: journal" "$DB" haven journal
	assert_contains "tmpfs full: journal says to free space" "$ERR" "Free some space"

	# Room again: the next write works and nothing of the failed ones shows.
	rm -f disk/filler disk/filler2
	check "tmpfs with room: log works again" haven log -i 3 "room again"
	assert_eq "tmpfs with room: exactly one more entry" $((n0 + 1)) "$(count_entries)"
	check "tmpfs with room: the edit works too" haven journal edit "$A" --recovered 20
	whole "tmpfs with room" "$DB"

	# Vault enable seals every body in one transaction: with a large journal
	# and little room it fails halfway, and the journal stays in clear.
	check "tmpfs: a large journal (import)" haven import big.jsonl
	n1=$(count_entries)
	check "tmpfs: export before the vault" haven export
	printf '%s\n' "$OUT" >before-vault.jsonl
	dd if=/dev/zero of=disk/filler bs=1k count=$(( $(df -k --output=avail disk | tail -1) - 100 )) \
		2>/dev/null
	fails_cleanly "tmpfs, vault enable halfway" "$DB" haven vault enable --passphrase-file pw
	assert_eq "tmpfs, vault enable: still not a vault" 0 "$(vault_state "$DB")"
	whole "tmpfs, vault enable" "$DB"
	assert_eq "tmpfs, vault enable: every entry still readable" "$n1" "$(count_entries)"
	rm -f disk/filler
	check "tmpfs with room: vault enable works" haven vault enable --passphrase-file pw
	assert_eq "tmpfs with room: now a vault" 1 "$(vault_state "$DB")"
	check "tmpfs with room: the vault exports the same" env HAVEN_PASSPHRASE_FILE="$T/pw" \
		"$HAVEN" export
	assert_eq "tmpfs with room: same export as before the vault" "$(cat before-vault.jsonl)" "$OUT"
	export HAVEN_DB=$T/haven.db
	umount disk
else
	echo "t-faults.sh: cannot mount a tmpfs here; the file size limit below stands in" >&2
fi

# --- a file size limit (EFBIG, as under a quota) ---------------------------------------------
DB=$T/limited.db
export HAVEN_DB=$DB
B=$(log_id -i 5 -k work --at "2026-01-05 10:00" "before the limit")
n0=$(count_entries)
# Room for the database, its 32 kB shared-memory index and a little WAL,
# far from enough for an 800-entry import.
kb=$(( ($(stat -c %s "$DB") + 32768) / 1024 + 24 ))
fails_cleanly "size limit: import halfway" "$DB" size_limited "$kb" "$HAVEN" import big.jsonl
assert_contains "size limit, import: says nothing was imported" "$ERR" "othing was"
assert_eq "size limit, import: no entry came in" "$n0" "$(count_entries)"
whole "size limit, import" "$DB"
check "size limit: a small log still fits" size_limited "$kb" "$HAVEN" log -i 3 "small"
assert_eq "size limit: that one landed" $((n0 + 1)) "$(count_entries)"
fails_cleanly "size limit: merge halfway" "$DB" size_limited "$kb" "$HAVEN" merge "$T/other-small.db"
assert_eq "size limit, merge: no entry came in" $((n0 + 1)) "$(count_entries)"
check "without the limit: the merge works" haven merge "$T/other.db"
assert_eq "without the limit: all 800 came in" $((n0 + 801)) "$(count_entries)"
fails_cleanly "size limit: vault enable halfway" "$DB" size_limited "$kb" "$HAVEN" vault enable --passphrase-file pw
assert_eq "size limit, vault enable: still not a vault" 0 "$(vault_state "$DB")"
whole "size limit, vault enable" "$DB"
check "without the limit: vault enable works" haven vault enable --passphrase-file pw
assert_eq "without the limit: now a vault" 1 "$(vault_state "$DB")"
export HAVEN_DB=$T/haven.db

# --- a database others can read -------------------------------------------------------------
A=$(log_id -i 5 --at "2026-01-05 10:00" "private")
assert_eq "a new database is 0600" 600 "$(file_mode "$HAVEN_DB")"
check "0600 in a 0700 folder: journal" haven journal
assert_not_contains "0600: no warning" "$ERR" "warning"

chmod 644 "$HAVEN_DB"
check "0644: journal still works (a warning is not an error)" haven journal
assert_contains "0644: warns" "$ERR" "haven: warning: other people on this computer can read your journal $HAVEN_DB"
assert_contains "0644: gives the fix" "$ERR" "chmod 600 $HAVEN_DB"
assert_eq "0644: one line, once" 1 "$(printf '%s\n' "$ERR" | grep -c .)"
check "0644: --json journal" haven --json journal
assert_eq "0644 --json: stdout is the JSON alone" array "$(jtype "$OUT" '$')"
assert_not_contains "0644 --json: no warning on stdout" "$OUT" "chmod"
assert_contains "0644 --json: the warning is on stderr" "$ERR" "chmod 600 $HAVEN_DB"
check "0644: log works and warns" haven log -i 3 "still fine"
assert_eq "0644 log: the id alone on stdout" 1 "$(printf '%s\n' "$OUT" | grep -cE "$UUID_RE")"
assert_contains "0644 log: warns" "$ERR" "chmod 600"
check "0644: insights" haven --json insights
assert_eq "0644 insights: warned once" 1 "$(printf '%s\n' "$ERR" | grep -c 'warning')"
check "0644: export" haven export
assert_not_contains "0644 export: no warning in the export" "$OUT" "warning"
chmod 640 "$HAVEN_DB"
check "0640 (the group may read)" haven journal
assert_contains "0640: warns too" "$ERR" "chmod 600 $HAVEN_DB"
run chmod 600 "$HAVEN_DB" # the fix, as printed
check "after the fix: journal" haven journal
assert_eq "after the fix: nothing on stderr" "" "$ERR"

# Read-only on purpose: the fix keeps it read-only (400, not 600).
cp "$HAVEN_DB" ro.db
chmod 444 ro.db
check "0444: reading works" env HAVEN_DB="$T/ro.db" "$HAVEN" journal
assert_contains "0444: the fix keeps it read-only" "$ERR" "chmod 400 $T/ro.db"

# A folder others can enter.
mkdir -m 755 open
check "a 0755 folder: log" env HAVEN_DB="$T/open/h.db" "$HAVEN" log -i 2 x
assert_contains "0755 folder: warns about the folder" "$ERR" "can enter $T/open"
assert_contains "0755 folder: gives the fix" "$ERR" "chmod 700 $T/open"
assert_eq "0755 folder: the new file itself is 0600" 600 "$(file_mode open/h.db)"
chmod 644 open/h.db
check "both open: journal" env HAVEN_DB="$T/open/h.db" "$HAVEN" journal
assert_contains "both open: one line with both fixes" "$ERR" "chmod 600 $T/open/h.db && chmod 700 $T/open"
assert_eq "both open: still one line" 1 "$(printf '%s\n' "$ERR" | grep -c .)"
mkdir -m 755 "with space"
cp open/h.db "with space/it's.db"
check "a path that needs quoting" env HAVEN_DB="$T/with space/it's.db" "$HAVEN" journal
assert_contains "quoted: the fix can be pasted" "$ERR" "chmod 600 '$T/with space/it'\\''s.db'"
run sh -c "$(printf '%s\n' "$ERR" | sed 's/.*with: //')"
assert_eq "quoted: running the printed fix works" 0 "$RC"
assert_eq "quoted: the file is 0600 after it" 600 "$(file_mode "with space/it's.db")"
assert_eq "quoted: the folder is 0700 after it" 700 "$(file_mode "with space")"
check "quoted: no warning after the fix" env HAVEN_DB="$T/with space/it's.db" "$HAVEN" journal
assert_eq "quoted: nothing on stderr" "" "$ERR"

# A shared sticky folder such as /tmp is meant to be shared.
mkdir -m 1777 sticky
check "a sticky folder: log" env HAVEN_DB="$T/sticky/h.db" "$HAVEN" log -i 2 x
assert_not_contains "sticky folder: no warning" "$ERR" "warning"

# haven serve checks at start too (it opens the store the same way).
chmod 644 "$HAVEN_DB"
"$HAVEN" serve --port 0 --no-open >serve.out 2>serve.err &
pid=$!
serve_wait "$pid" serve.out # the warning comes before the address
serve_stop "$pid"
assert_contains "serve: warns at start" "$(cat serve.err)" "chmod 600 $HAVEN_DB"
chmod 600 "$HAVEN_DB"

done_testing
