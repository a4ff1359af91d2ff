# t-doctor.sh — a damaged database still gives back what it can (issue 13,
# item 12): one damaged entry is left out and named by id while journal,
# insights and export go on with the rest; haven doctor lists damaged
# entries and sets them aside (--quarantine) with their bytes kept; a
# damaged page is named as damage, never as "entry (null)"; and a database
# on a read-only disk is read, and a write says "read-only".
. "$E2E_DIR/lib.sh"

A=$(log_id -i 6 -k work --at "2026-01-03 09:00" "first entry")
B=$(log_id -i 3 --at "2026-01-04 10:00" "second entry")
C=$(log_id -i 4 --at "2026-01-05 11:00" "third entry")
DB=$T/haven.db
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$DB" clean.db

# --- one damaged body ------------------------------------------------------------------
sqlite3 "$DB" "UPDATE records SET body = '{\"intensity\": 3,' WHERE id = '$B'"
check "journal: the rest is shown" haven --json journal
assert_eq "journal: two entries" 2 "$(jlen "$OUT")"
assert_contains "journal: the damaged one is named" "$ERR" "$B"
assert_contains "journal: and doctor suggested" "$ERR" "haven doctor"
check "insights: still work" haven --json insights
assert_eq "insights: count the readable entries" 2 "$(jget "$OUT" '$.entries')"
assert_contains "insights: name the damaged one" "$ERR" "$B"
check "export: still works" haven export
assert_eq "export: the readable entries" 2 "$(printf '%s\n' "$OUT" | wc -l)"
assert_not_contains "export: not the damaged one" "$OUT" "$B"
assert_contains "export: names it" "$ERR" "$B"
check "export --json: still works" haven --json export
assert_eq "export --json: a warning object names it" "$B" \
	"$(jget "$(printf '%s\n' "$ERR" | grep '^{')" '$.warning.damaged[0]')"

check_fails 1 "doctor: exit 1 while a damaged entry is left" haven --json doctor
assert_eq "doctor: the file is whole" ok "$(jget "$OUT" '$.file')"
assert_eq "doctor: one damaged entry" 1 "$(jlen "$OUT" '$.damaged')"
assert_eq "doctor: by id" "$B" "$(jget "$OUT" '$.damaged[0].id')"
assert_contains "doctor: says why" "$(jget "$OUT" '$.damaged[0].why')" "not JSON"
check_fails 1 "doctor (text): lists it" haven doctor
assert_contains "doctor (text): by id" "$OUT" "$B"
assert_contains "doctor (text): suggests --quarantine" "$OUT" "--quarantine"
assert_contains "doctor (text): one entry is \"it\"" "$OUT" "to set it aside"
bytes=$(sqlite3 "$DB" "SELECT hex(body) FROM records WHERE id = '$B'")
check "doctor --quarantine: exit 0" haven --json doctor --quarantine
assert_eq "doctor --quarantine: moved it" 1 "$(jget "$OUT" '$.quarantined')"
assert_eq "quarantine: the bytes kept" "$bytes" \
	"$(sqlite3 "$DB" "SELECT hex(body) FROM quarantine WHERE id = '$B'")"
assert_eq "quarantine: gone from the entries" 0 \
	"$(sqlite3 "$DB" "SELECT count(*) FROM records WHERE id = '$B'")"
check "doctor afterwards: all well" haven doctor
assert_contains "doctor afterwards: says so" "$OUT" "No damaged entries"
assert_contains "doctor afterwards: one set aside, in the singular" "$OUT" \
	'1 entry is set aside in the table "quarantine"'
check "journal afterwards: no warning" haven journal
assert_eq "journal afterwards: nothing on stderr" "" "$ERR"

# --- a row a damaged page left without an id --------------------------------------------
# (SQLite hands back NULL columns for such a row; the schema's NOT NULL is
# taken off first, as damage to the page would never ask it.)
cp clean.db noid.db
sqlite3 noid.db "PRAGMA writable_schema = ON;
  UPDATE sqlite_master SET sql = replace(sql, 'id TEXT PRIMARY KEY NOT NULL', 'id TEXT PRIMARY KEY')
  WHERE name = 'records';" >/dev/null
sqlite3 noid.db "INSERT INTO records (id, kind, created_ms, created_off, updated_ms, updated_off,
  version, deleted, body) VALUES (NULL, 'trigger', 1, 0, 1, 0, 1, 0, '{}')"
check "no id: export goes on" haven --db noid.db --json export
assert_eq "no id: the three entries" 3 "$(printf '%s\n' "$OUT" | wc -l)"
assert_not_contains "no id: never \"(null)\"" "$ERR" "(null)"
assert_contains "no id: named by its row" "$ERR" "row 4"
check_fails 1 "no id: doctor lists it" haven --db noid.db doctor
assert_contains "no id: doctor says what is wrong" "$OUT" "has no id"

# --- a damaged page --------------------------------------------------------------------
cp clean.db page.db
for i in $(seq 1 200); do
	haven --db page.db log -i 5 "note $i about the weather, the garden and the bus to work this morning" >/dev/null 2>&1
done
sqlite3 page.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
root=$(sqlite3 page.db "SELECT rootpage FROM sqlite_master WHERE name = 'records'")
# A leaf page of the records table after its root (the root is an interior page now).
leaf=$(sqlite3 page.db "SELECT pageno FROM dbstat WHERE name = 'records' AND pagetype = 'leaf' LIMIT 1 OFFSET 1" 2>/dev/null)
[ -n "$leaf" ] || leaf=$((root + 2))
dd if=/dev/urandom of=page.db bs=4096 seek=$((leaf - 1)) count=1 conv=notrunc 2>/dev/null
run haven --db page.db --json export
assert_ne "damaged page: export fails" 0 "$RC"
assert_not_contains "damaged page: never \"entry (null)\"" "$ERR" "(null)"
assert_contains "damaged page: says it is damaged" "$ERR" "damaged"
assert_contains "damaged page: names the file" "$ERR" "page.db"
check_fails 1 "damaged page: doctor says the file is damaged" haven --db page.db --json doctor
assert_eq "damaged page: doctor's verdict" damaged "$(jget "$OUT" '$.file')"

# --- a read-only disk ------------------------------------------------------------------
# As root a read-only bind mount in a mount namespace of its own (unshare);
# as anyone else a folder and file without write permission do the same.
mkdir rodir
cp clean.db rodir/haven.db
chmod 700 rodir
chmod 600 rodir/haven.db
if [ "$(id -u)" = 0 ]; then
	ro() { # ro ARGS: haven on rodir/haven.db, mounted read-only
		unshare -m sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" &&
			shift && exec "$@"' sh "$T/rodir" "$HAVEN" --db "$T/rodir/haven.db" "$@"
	}
	run ro --json journal
	case $ERR in
	*"mount"*) _e2e_fail "read-only disk: unshare and mount are needed as root" "$ERR" ;;
	esac
else
	chmod 500 rodir
	chmod 400 rodir/haven.db
	ro() { haven --db "$T/rodir/haven.db" "$@"; }
fi
ro_before=$(db_hash rodir/haven.db)
check "read-only disk: journal reads" ro --json journal
assert_eq "read-only disk: every entry" 3 "$(jlen "$OUT")"
check "read-only disk: insights read" ro --json insights
check "read-only disk: export reads" ro export
assert_eq "read-only disk: export has every entry" 3 "$(printf '%s\n' "$OUT" | wc -l)"
check_fails 1 "read-only disk: log fails" ro log -i 3 "a new one"
assert_contains "read-only disk: says read-only" "$ERR" "read-only"
assert_contains "read-only disk: names the file" "$ERR" "rodir/haven.db"
assert_eq "read-only disk: nothing changed" "$ro_before" "$(db_hash rodir/haven.db)"
chmod 700 rodir 2>/dev/null

done_testing
