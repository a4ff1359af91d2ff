# t-sync.sh — `haven sync` (issue 20): one journal on several devices through
# a folder a sync engine keeps in step.  Devices here are databases sharing
# one folder.  Entries travel both ways, an entry edited on two devices keeps
# the later edit and the other as a deleted copy, a purge stays purged; a
# segment missing, cut short or forged is refused by name while the rest
# still applies; two devices with one id are caught; a vault's segments are
# sealed; bad names and an unwritable folder get clear errors.
. "$E2E_DIR/lib.sh"

export HAVEN_TEST_KDF_FAST=1
F=$T/folder
mkdir -p "$F"
dev() { local d=$1; shift; env HAVEN_DB="$T/$d.db" "$HAVEN" "$@"; }

# --- usage and setup errors ------------------------------------------------------
check_fails 2 "sync before a folder is named" dev a sync
assert_contains "... says how to start" "$ERR" "haven sync init FOLDER"
check_fails 2 "sync init without a folder" dev a sync init
check_fails 2 "sync init with two folders" dev a sync init "$F" "$F"
check_fails 2 "an unknown sync command" dev a sync frobnicate
assert_contains "... is named" "$ERR" "frobnicate"
check_fails 2 "sync init of a folder that is not there" dev a sync init "$T/nowhere"
assert_contains "... says so" "$ERR" "is not there"
assert_false "... and makes nothing" test -e "$T/nowhere"
: >"$T/afile"
check_fails 2 "sync init of a file" dev a sync init "$T/afile"
assert_contains "... says it is not a folder" "$ERR" "not a folder"

# --- two devices, entries both ways ------------------------------------------------
export HAVEN_NOW=2026-02-01T09:00:00Z
A1=$(HAVEN_DB=$T/a.db log_id -i 5 "written on a before the folder")
check "a names the folder" dev a sync init "$F"
check "b names the folder" dev b --json sync init "$F"
assert_eq "... --json names it" "$F" "$(jget "$OUT" '$.folder')"
check "a syncs" dev a --json sync
assert_eq "a sends its entry in segment 1" 1 "$(jget "$OUT" '$.segment')"
assert_eq "... one change" 1 "$(jget "$OUT" '$.sent')"
DA=$(jget "$OUT" '$.device')
assert_match "the device id is 16 hex digits" '^[0-9a-f]{16}$' "$DA"
assert_true "the segment lies in the device's folder" test -f "$F/$DA/0000000001.seg"
assert_eq "... private to its owner" 600 "$(file_mode "$F/$DA/0000000001.seg")"
assert_false "no database file in the folder" sh -c "ls -R '$F' | grep -q '\\.db'"
check "b syncs" dev b --json sync
assert_eq "b applies a's segment" 1 "$(jget "$OUT" '$.applied')"
assert_eq "... one entry added" 1 "$(jget "$OUT" '$.added')"
assert_eq "b has nothing of its own to send" 0 "$(jget "$OUT" '$.segment')"
check "b shows the entry" dev b --json journal show "$A1"
assert_eq "... with a's words" "written on a before the folder" "$(jget "$OUT" '$.body.what')"
check "b writes one" dev b log -i 4 "written on b"
check "b syncs again" dev b sync
assert_contains "... and says what it sent, in words" "$OUT" "Sent 1 change ("
check "a syncs again" dev a sync
assert_contains "... and says what came" "$OUT" "1 added"
check "a nothing new" dev a --json sync
assert_eq "... nothing sent" 0 "$(jget "$OUT" '$.segment')"
assert_eq "... nothing applied" 0 "$(jget "$OUT" '$.applied')"
assert_eq "a and b hold the same journal" "$(db_records "$T/a.db")" "$(db_records "$T/b.db")"
check "a names the same folder again" dev a sync init "$F"
check "... and syncs: not taken for a second device" dev a --json sync
assert_eq "... with the same id" "$DA" "$(jget "$OUT" '$.device')"
mkdir "$T/gone"
check "m names a folder" dev m sync init "$T/gone"
rm -rf "$T/gone"
check_fails 1 "m syncs after the folder went away" dev m sync
assert_contains "... says it is not there" "$ERR" "is not there"

# --- both edit one entry: the later edit wins everywhere, the other is kept --------
export HAVEN_NOW=2026-02-02T09:00:00Z
check "a edits the entry" dev a journal edit "$A1" --recovered 10
export HAVEN_NOW=2026-02-02T10:00:00Z
check "b edits it later" dev b journal edit "$A1" --recovered 30
check "a syncs its edit" dev a sync
check "b syncs: a conflict" dev b --json sync
assert_eq "... one conflict listed" 1 "$(jlen "$OUT" '$.conflicts')"
assert_eq "... b's own edit kept" here "$(jget "$OUT" '$.conflicts[0].kept')"
check "a syncs: the same conflict" dev a sync
assert_contains "... printed" "$OUT" "edited on two devices"
check "a keeps b's later edit" dev a --json journal show "$A1"
assert_eq "... recovered 30" 30 "$(jget "$OUT" '$.body.recovered_minutes')"
check "a's edit is kept as a deleted entry" dev a --json journal --deleted
assert_contains "... holding recovered 10" "$OUT" '"recovered_minutes": 10'
check "b settles" dev b sync
assert_eq "a and b converge" "$(db_records "$T/a.db")" "$(db_records "$T/b.db")"

# --- a purge stays purged ------------------------------------------------------------
P=$(HAVEN_DB=$T/b.db log_id -i 2 "to be purged")
check "b sends it" dev b sync
check "a takes it" dev a sync
check "a purges it" dev a journal rm "$P" --purge
check "a sends the purge" dev a sync
check "b syncs" dev b sync
check_fails 1 "the purged entry is gone on b" dev b journal show "$P"
check "b syncs twice more" dev b sync
check "... and a" dev a sync
check_fails 1 "... and it does not come back to a" dev a journal show "$P"

# --- a third device joins late and catches up -------------------------------------
check "c names the folder" dev c sync init "$F"
check "c syncs" dev c sync
check_fails 1 "c never had the purged entry" dev c journal show "$P"
check "a syncs with c around" dev a sync
check "b syncs with c around" dev b sync
assert_eq "c holds what a holds" "$(db_records "$T/a.db")" "$(db_records "$T/c.db")"

# --- a segment cut short, then whole --------------------------------------------------
check "a writes" dev a log -i 6 "a's entry that arrives late"
check "a syncs" dev a sync
check "c writes" dev c log -i 3 "c's entry"
check "c syncs" dev c sync
last=$(ls "$F/$DA" | grep '\.seg$' | tail -n 1)
cp "$F/$DA/$last" whole.seg
head -c 100 whole.seg >"$F/$DA/$last"
check_fails 1 "b syncs while a's segment is half there" dev b --json sync
assert_contains "... refuses it by name" "$OUT" "$last"
assert_contains "... saying it is cut short" "$OUT" "cut short"
assert_eq "... c's entry still came in" 1 "$(jget "$OUT" '$.added')"
assert_contains "... and says so on stderr" "$ERR" "refused file"
cp whole.seg "$F/$DA/$last"
check "b syncs when it is whole" dev b --json sync
assert_eq "... and takes a's entry" 1 "$(jget "$OUT" '$.added')"

# --- missing and forged segments -------------------------------------------------------
check "a writes twice" dev a log -i 6 "one"
check "a syncs" dev a sync
check "a writes again" dev a log -i 6 "two"
check "a syncs again" dev a sync
n=$(ls "$F/$DA" | grep '\.seg$' | tail -n 1 | sed 's/^0*//; s/\.seg$//')
prev=$(printf '%010d.seg' $((n - 1)))
mv "$F/$DA/$prev" held.seg
check_fails 1 "b syncs with a segment missing" dev b --json sync
assert_contains "... names the missing one" "$OUT" "$prev"
assert_contains "... as missing" "$OUT" "missing"
mv held.seg "$F/$DA/$prev"
check "b syncs when it arrives" dev b --json sync
assert_eq "... both applied" 2 "$(jget "$OUT" '$.applied')"
# A segment made up by someone else: its header names a wrong predecessor.
next=$(printf '%010d' $((n + 1)))
printf '{"count":0,"device":"%s","haven_sync":1,"prev":"%064d","seq":%d}\n{"end":0}\n' \
	"$DA" 0 $((n + 1)) >"$F/$DA/$next.seg"
check_fails 1 "b refuses a forged segment" dev b --json sync
assert_contains "... by name" "$OUT" "$next.seg"
assert_contains "... saying it does not follow" "$OUT" "does not follow"
rm "$F/$DA/$next.seg"

# --- two devices with one id --------------------------------------------------------
cp "$T/a.db" "$T/twin.db"
check "a writes" dev a log -i 2 "a after the copy"
check "a syncs" dev a sync
check "the copy writes" dev twin log -i 2 "the copy's own"
B0=$(db_content "$T/twin.db")
check_fails 1 "the copy's sync is refused" dev twin sync
assert_contains "... naming the shared id" "$ERR" "another device writes to the sync folder as this one"
assert_contains "... and the way out" "$ERR" "--new-device"
check "the copy takes a new id" dev twin sync init --new-device "$F"
check "... and syncs" dev twin sync
check "a syncs" dev a sync
check "a has the copy's entry" dev a --json journal
assert_contains "... its words" "$OUT" "the copy's own"

# --- a vault's segments are sealed -----------------------------------------------------
V=$T/vfolder
mkdir "$V"
printf 'correct horse battery\n' >pass
chmod 600 pass
export HAVEN_PASSPHRASE_FILE=$T/pass
check "vault x" dev x vault enable
check "vault y" dev y vault enable
check "x writes" dev x log -i 5 "a secret worry about the weekend"
check "x names the folder" dev x sync init "$V"
check "y names it with the same passphrase" dev y sync init "$V"
check "x syncs" dev x sync
assert_false "the folder never shows the words" grep -rq "secret worry" "$V"
check "y syncs" dev y --json sync
assert_eq "... y has x's entry" 1 "$(jget "$OUT" '$.added')"
check_fails 1 "a plain journal cannot join a vault's folder" dev a sync init "$V"
check_fails 1 "a vault cannot join a plain folder" dev y sync init "$F"
printf 'another passphrase\n' >pass2
chmod 600 pass2
check_fails 1 "a wrong sync passphrase" dev z sync init "$V"
check "z (a vault with another passphrase)" env HAVEN_PASSPHRASE_FILE=$T/pass2 \
	HAVEN_DB="$T/z.db" "$HAVEN" vault enable
check_fails 1 "... cannot open the folder with its own" env HAVEN_PASSPHRASE_FILE=$T/pass2 \
	HAVEN_DB="$T/z.db" "$HAVEN" sync init "$V"
assert_contains "... says so" "$ERR" "does not open the sync folder"
check "... but can with the folder's" env HAVEN_PASSPHRASE_FILE=$T/pass2 \
	HAVEN_DB="$T/z.db" "$HAVEN" sync init --passphrase-file "$T/pass" "$V"
check "x writes again" dev x log -i 5 "another"
check "x syncs" dev x sync
DX=$(dev x --json sync | sed -n 's/.*"device": "\([0-9a-f]*\)".*/\1/p' | head -n 1)
seg=$(ls "$V/$DX" | grep '\.seg$' | tail -n 1)
python3 - "$V/$DX/$seg" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[-5] ^= 1
open(p, 'wb').write(b)
PY
check_fails 1 "y refuses a changed sealed segment" dev y --json sync
assert_contains "... its seal does not open" "$OUT" "seal does not open"
unset HAVEN_PASSPHRASE_FILE

# --- compaction: segments every device applied fold into a snapshot -----------------
G=$T/gfolder
mkdir "$G"
check "p names a new folder" dev p sync init "$G"
check "q names it" dev q sync init "$G"
for i in $(seq 10); do
	dev p log -i 3 "entry $i of ten" >/dev/null
	dev p sync >/dev/null
	dev q sync >/dev/null
done
check "p syncs after q applied them all" dev p --json sync
DP=$(jget "$OUT" '$.device')

# A device away for months holds the fold back, then catches up.
H=$T/hfolder
mkdir "$H"
export HAVEN_NOW=2026-03-01T09:00:00Z
check "u names a folder" dev u sync init "$H"
check "v names it" dev v sync init "$H"
check "w names it, syncs once, and goes away" dev w sync init "$H"
check "w syncs" dev w sync
for i in $(seq 10); do
	dev u log -i 3 "written while w was away $i" >/dev/null
	dev u sync >/dev/null
	dev v sync >/dev/null
done
check "u syncs again" dev u --json sync
DU=$(jget "$OUT" '$.device')
assert_true "u's first segment waits for w" test -e "$H/$DU/0000000001.seg"
export HAVEN_NOW=2026-07-01T09:00:00Z
check "w comes back four months later" dev w --json sync
assert_eq "... and brings in all ten entries" 10 "$(jget "$OUT" '$.added')"
check "u syncs" dev u sync
assert_false "... and now folds what all three applied" test -e "$H/$DU/0000000001.seg"
unset HAVEN_NOW
assert_true "p's segments are folded into a snapshot" sh -c "ls '$G/$DP' | grep -q '\.snap\$'"
assert_false "... and the first segment is gone" test -e "$G/$DP/0000000001.seg"
assert_true "q says how far it applied p's" test -s "$G/$(dev q --json sync | sed -n 's/.*"device": "\([0-9a-f]*\)".*/\1/p' | head -n 1)/applied.json"
check "p writes once more" dev p log -i 3 "after the fold"
check "p syncs" dev p sync
check "r joins after the fold" dev r sync init "$G"
check "r syncs" dev r --json sync
assert_eq "... nothing refused" '[]' "$(jget "$OUT" '$.refused')"
check "r's journal" dev r --json journal
assert_eq "... holds all eleven entries" 11 "$(jlen "$OUT")"
assert_eq "r holds what p holds" "$(dev p export | sha256sum)" "$(dev r export | sha256sum)"

# --- sync.auto: on open and after writes, in the CLI and in haven serve ----------------
unset HAVEN_NOW
check_fails 2 "sync.auto is on or off" dev a config set sync.auto sometimes
assert_contains "... says so" "$ERR" "on or off"
check "a turns sync.auto on" dev a config set sync.auto on
check "b turns sync.auto on" dev b config set sync.auto on
check "a writes (and so sends)" dev a log -i 3 "sent by itself"
check "b reads (and so receives)" dev b --json journal
assert_contains "... the entry is there" "$OUT" "sent by itself"
assert_contains "... and b says it synced" "$ERR" "haven: synced:"
check "b turns it off" dev b config set sync.auto off
check "a writes again" dev a log -i 3 "not fetched while off"
check "b reads" dev b --json journal
assert_not_contains "... nothing came while off" "$OUT" "not fetched while off"
check "b syncs by hand" dev b sync
serve_start HAVEN_DB="$T/a.db"
send_type=application/json
assert_eq "haven serve: a new entry" 201 "$(send POST -d '{"intensity":4,"what":"written in the web app"}' "$base/api/journal")"
serve_stop
check "b syncs" dev b --json sync
assert_eq "... the web app's entry went out on its own" 1 "$(jget "$OUT" '$.added')"

# --- a folder this person cannot write --------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
	mkdir -p nob/db ro-folder
	chown -R 65534:65534 nob
	chmod 755 "$T" ro-folder
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HAVEN_DB="$T/nob/db/n.db" "$HAVEN" "$@"; }
	check_fails 1 "sync init of a folder that cannot be written" as_nobody sync init "$T/ro-folder"
	assert_contains "... says so" "$ERR" "cannot be written"
else
	chmod 500 "$F"
	check_fails 1 "sync with a folder that cannot be written" dev a sync
	assert_contains "... says so" "$ERR" "cannot be written"
	chmod 700 "$F"
fi

done_testing
