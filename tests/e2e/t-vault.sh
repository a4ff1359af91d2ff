# t-vault.sh — encryption at rest: enable, every command on a vault, no
# clear text in the file (the facts cache sealed too, and changed facts
# rows reported and never used), a wrong passphrase, tampered, cut and
# swapped bodies reported by id and never shown, rows changed beside their bodies,
# rolled back whole or removed (the seal over the set), change, disable back
# to the very same export, passphrase files that others can read, enable
# while another program reads (it says what is left; a second run finishes),
# and an enable killed halfway leaving the database whole (before or after,
# never between; t-vault-kill.sh kills it many times).
. "$E2E_DIR/lib.sh"

# The minimum Argon2id cost, for tests only (the default is MODERATE).
export HAVEN_TEST_KDF_FAST=1
SECRET=pineapple-lighthouse
DB=$HAVEN_DB
q() { sqlite3 -batch "$DB" "$@"; }

first="a1=4,a2=4,a3=3,a4=2,a5=1,a6=2,a7=2,a8=3,a9=5,a10=4,a11=3,a12=4,d1=2,d2=2,d3=3,d4=3,d5=4,d6=4,d7=3,d8=4,d9=1,d10=2,d11=2,d12=3,d13=3,d14=3,d15=4,d16=4"
A=$(log_id -i 6 -k work --at "2026-01-03 09:00" "the $SECRET was loud")
B=$(log_id -i 3 --at "2026-01-04 10:00" "a quiet morning walk")
C=$(log_id -i 8 -k conflict --at "2026-01-05 18:00" "an argument about dishes")
check "an assessment before the vault" haven assess take guide --answers "$first"
check "a practice before the vault" haven breathe three --pace 0.05 --before 7 --after 4
check "insights fill the facts cache" haven insights
check "export before enabling" haven export
assert_not_contains "a plain journal's export needs no note" "$ERR" "not sealed"
printf '%s\n' "$OUT" >before.jsonl
N=$(wc -l <before.jsonl)

printf 'correct horse battery\n' >pw
printf 'incorrect horse battery\n' >wrong
printf 'a brand new passphrase\n' >pw2
chmod 600 pw wrong pw2

# --- a passphrase never on the command line; files must be private ----------
check_fails 2 "there is no option that takes the passphrase itself" \
	haven vault enable --passphrase "correct horse battery"
chmod 644 pw
check_fails 1 "a passphrase file others can read is refused" haven vault enable --passphrase-file pw
assert_contains "... with the command that fixes it" "$ERR" "chmod 600 pw"
assert_eq "... and nothing was sealed" 0 "$(q "SELECT count(*) FROM records WHERE typeof(body) = 'blob'")"
chmod 600 pw
check_fails 1 "enable with no passphrase and no terminal" haven vault enable
assert_contains "... says how to give one" "$ERR" "--passphrase-file"

# --- not while haven serve has it open ------------------------------------------
# A server started before the vault would go on writing entries in clear.
"$HAVEN" serve --no-open --port 0 --json >"$T/serve0.out" 2>"$T/serve0.err" &
server=$!
serve_wait "$server" "$T/serve0.out"
before_serve=$(db_content)
check_fails 1 "enable while haven serve runs is refused" haven vault enable --passphrase-file pw
assert_contains "... naming the other haven" "$ERR" "while another haven has $DB open (haven serve, perhaps)"
assert_not_contains "... before asking for anything" "$ERR" "forgotten"
assert_eq "... and nothing changed" "$before_serve" "$(db_content)"
check_fails 1 "restore while haven serve runs is refused" haven restore "$DB"
assert_contains "... the same way" "$ERR" "cannot restore a backup while another haven"
# Issue 13: the lock was a file beside the database; deleting it let enable
# go on while the server kept writing in clear.  It is on the file itself now.
rm -f "$DB-lock"
check_fails 1 "with haven.db-lock deleted, enable while haven serve runs is still refused" \
	haven vault enable --passphrase-file pw
assert_contains "... naming the other haven" "$ERR" "while another haven has $DB open"
assert_eq "... and nothing changed" "$before_serve" "$(db_content)"
serve_stop

# --- enable ------------------------------------------------------------------
check "vault enable --passphrase-file" haven vault enable --passphrase-file pw
assert_contains "enable says what a forgotten passphrase means" "$ERR" "forgotten"
assert_eq "every body is sealed" "$N" "$(q "SELECT count(*) FROM records WHERE typeof(body) = 'blob'")"
assert_ne "the facts cache is kept" 0 "$(q "SELECT count(*) FROM facts")"
assert_eq "... every row sealed, no value in clear" 0 \
	"$(q "SELECT count(*) FROM facts WHERE typeof(tags) <> 'blob' OR a IS NOT NULL OR b IS NOT NULL OR bits <> 0")"
assert_eq "the salt and limits are stored with the data" 3 \
	"$(q "SELECT count(*) FROM meta WHERE key IN ('vault', 'vault_salt', 'vault_ops')")"
assert_eq "the database stays 0600" 600 "$(file_mode "$DB")"
assert_false "no clear text of a body in the file" grep -qa "$SECRET" "$DB"
check_fails 1 "enable twice is refused" haven vault enable --passphrase-file pw
assert_contains "... pointing at change" "$ERR" "vault change"

# --- every command works on the vault -----------------------------------------
export HAVEN_PASSPHRASE_FILE=$T/pw
check "vault status" haven --json vault status
assert_eq "status: a vault" 1 "$(jget "$OUT" '$.vault')"
check "export from the vault" haven export
assert_contains "the vault's export says it is not sealed" "$ERR" "this export is not sealed"
assert_contains "... and where a sealed copy comes from" "$ERR" "haven backup"
check "--quiet leaves the note out" haven --quiet export
assert_eq "... quietly" "" "$ERR"
printf '%s\n' "$OUT" >vault.jsonl
assert_true "the vault's export is identical to before enabling" cmp before.jsonl vault.jsonl
check "journal" haven journal
assert_contains "journal shows the words" "$OUT" "$SECRET"
check "journal show" haven journal show "$A"
assert_contains "journal show opens the body" "$OUT" "$SECRET"
check "insights" haven --json insights
assert_eq "insights: three entries this week" 3 "$(printf '%s' "$OUT" | grep -o '"entries": *[0-9]*' | head -1 | grep -o '[0-9]*$')"
assert_eq "insights write only sealed facts in a vault" 0 \
	"$(q "SELECT count(*) FROM facts WHERE typeof(tags) <> 'blob' OR a IS NOT NULL OR b IS NOT NULL OR bits <> 0")"
check "assess" haven assess --json
assert_eq "assess: the result is there" 1 "$(jlen "$OUT" '$.results')"
check "practices" haven practices --json
assert_eq "practices: the one practice" 1 "$(jget "$OUT" '$.practices')"
check "log into the vault" haven log -i 4 -k work "walnut-observatory written sealed"
D=$(sqlite3 -batch "$DB" "SELECT id FROM records ORDER BY created_ms DESC LIMIT 1")
# A copy as it was before the edit below: its rows are genuine, but old.
sqlite3 -batch "$DB" "VACUUM INTO '$T/old.db'"
check "edit in the vault" haven journal edit "$B" --recovered 20
check "the edit reads back" haven journal show "$B"
assert_contains "... recovered minutes" "$OUT" "20"
check "vault check" haven vault check
assert_contains "check: all open" "$OUT" "open correctly"
for f in "$DB" "$DB-wal"; do
	[ -e "$f" ] || continue
	assert_false "no clear text in $(basename "$f")" grep -qa -e "$SECRET" -e walnut-observatory "$f"
done
check "export after the edits" haven export
printf '%s\n' "$OUT" >edited.jsonl

# --- a locked vault without a way to ask ---------------------------------------
check_fails 1 "no passphrase and no terminal: a clear error" env -u HAVEN_PASSPHRASE_FILE "$HAVEN" journal
assert_contains "... naming HAVEN_PASSPHRASE_FILE" "$ERR" "HAVEN_PASSPHRASE_FILE"
check_fails 1 "haven serve unlocks at start, so it refuses to start locked" \
	env -u HAVEN_PASSPHRASE_FILE "$HAVEN" serve --no-open --port 0

# Unlocked, the web app says the journal is sealed (and its export is not).
"$HAVEN" serve --no-open --port 0 --json >"$T/serve.out" 2>"$T/serve.err" &
server=$!
serve_wait
url=$(sed -n 's/.*"url": "\([^"]*\)".*/\1/p' "$T/serve.out")
cookie=$(curl -s -D - -o /dev/null "$url" | sed -n 's/^Set-Cookie: \(haven_session=[0-9a-f]*\).*/\1/ip' | tr -d '\r')
settings=$(curl -s -b "$cookie" "${url%%/\?*}/api/settings")
serve_stop
assert_eq "web settings: a vault" true "$(jtype "$settings" '$.vault')"
check_fails 1 "a wrong passphrase is refused" env HAVEN_PASSPHRASE_FILE="$T/wrong" "$HAVEN" journal
assert_contains "... clearly" "$ERR" "does not open"
assert_not_contains "... and nothing is shown" "$OUT" "$SECRET"

# --- tampered, cut and swapped bodies -----------------------------------------------
cp "$DB" tampered.db
sqlite3 tampered.db "UPDATE records SET body = CAST(substr(body, 1, 40) || CASE WHEN substr(body, 41, 1) = X'41' THEN X'42' ELSE X'41' END || substr(body, 42) AS BLOB) WHERE id = '$A'"
assert_eq "tamper: still a blob" blob "$(sqlite3 tampered.db "SELECT typeof(body) FROM records WHERE id = '$A'")"
check_fails 1 "a flipped byte is refused" env HAVEN_DB="$T/tampered.db" "$HAVEN" journal show "$A"
assert_contains "... reported by id" "$ERR" "$A"
assert_not_contains "... never shown" "$OUT" "$SECRET"
check_fails 1 "the journal list refuses too" env HAVEN_DB="$T/tampered.db" "$HAVEN" journal
assert_contains "... by id" "$ERR" "$A"
# Insights read the entry's sealed facts, made from it as haven wrote it,
# and never open the body; without them they open it, and refuse.
check "insights answer from the sealed facts" env HAVEN_DB="$T/tampered.db" "$HAVEN" insights
assert_not_contains "... showing none of the words" "$OUT" "$SECRET"
sqlite3 tampered.db "DELETE FROM facts"
check_fails 1 "without them insights refuse too" env HAVEN_DB="$T/tampered.db" "$HAVEN" insights
assert_contains "... by id" "$ERR" "$A"
check_fails 1 "export refuses too" env HAVEN_DB="$T/tampered.db" "$HAVEN" export
assert_contains "... by id" "$ERR" "$A"
check_fails 1 "vault check finds it" env HAVEN_DB="$T/tampered.db" "$HAVEN" --json vault check
assert_eq "... exactly that one" "$A" "$(jget "$OUT" '$.damaged[0].id')"
assert_eq "... and no other" 1 "$(jlen "$OUT" '$.damaged')"

cp "$DB" cut.db
sqlite3 cut.db "UPDATE records SET body = substr(body, 1, 30) WHERE id = '$C'"
check_fails 1 "a cut body is refused" env HAVEN_DB="$T/cut.db" "$HAVEN" journal show "$C"
assert_contains "... by id" "$ERR" "$C"
assert_not_contains "... never shown" "$OUT" "dishes"

cp "$DB" swapped.db
sqlite3 swapped.db "CREATE TEMP TABLE s AS SELECT id, body FROM records WHERE id IN ('$B', '$C');
  UPDATE records SET body = (SELECT body FROM s WHERE s.id = CASE records.id WHEN '$B' THEN '$C' ELSE '$B' END)
  WHERE id IN ('$B', '$C');"
check_fails 1 "a swapped body is refused" env HAVEN_DB="$T/swapped.db" "$HAVEN" journal show "$B"
assert_contains "... reported by its id" "$ERR" "$B"
assert_not_contains "... the other entry's words never shown" "$OUT" "dishes"
check_fails 1 "the other half of the swap too" env HAVEN_DB="$T/swapped.db" "$HAVEN" journal show "$C"
assert_contains "... by its id" "$ERR" "$C"
assert_not_contains "... never shown" "$OUT" "walk"
check_fails 1 "vault check lists both" env HAVEN_DB="$T/swapped.db" "$HAVEN" vault check
assert_contains "... the first" "$ERR" "$B"
assert_contains "... the second" "$ERR" "$C"
assert_not_contains "... but not the intact one" "$ERR" "$A"

# --- rows changed beside their bodies, put back whole, or removed (issue 13) ----
check "vault check: the set matches its seal" haven --json vault check
assert_eq "... says so" ok "$(jget "$OUT" '$.set')"
assert_contains "... in words too" "$(haven vault check; echo "$OUT")" "matches its seal"
tampered() { # NAME SQL: a copy of the vault with SQL run on it
	sqlite3 -batch "$DB" "VACUUM INTO '$T/$1.db'"
	sqlite3 -batch "$T/$1.db" "$2"
}
tampered rolled-back "ATTACH '$T/old.db' AS old; DELETE FROM records WHERE id = '$B';
  INSERT INTO records SELECT * FROM old.records WHERE id = '$B'"
assert_eq "rollback: the row is the old one, version and time too" \
	"$(sqlite3 old.db "SELECT version, updated_ms FROM records WHERE id = '$B'")" \
	"$(sqlite3 rolled-back.db "SELECT version, updated_ms FROM records WHERE id = '$B'")"
check_fails 1 "a record rolled back whole is noticed by vault check" \
	env HAVEN_DB="$T/rolled-back.db" "$HAVEN" vault check
assert_contains "... plainly" "$ERR" "the set of entries does not match its seal: a row was removed or rolled back"
tampered undeleted "UPDATE records SET deleted = 1 WHERE id = '$C'"
check_fails 1 "a flipped deleted flag: the entry no longer opens" \
	env HAVEN_DB="$T/undeleted.db" "$HAVEN" journal show "$C"
assert_contains "... named by id" "$ERR" "$C"
check_fails 1 "... and vault check names it" env HAVEN_DB="$T/undeleted.db" "$HAVEN" --json vault check
assert_eq "... as damaged" "$C" "$(jget "$OUT" '$.damaged[0].id')"
assert_eq "... and the set differs from its seal" mismatch "$(jget "$OUT" '$.set')"
tampered moved "UPDATE records SET created_ms = created_ms - 86400000 WHERE id = '$A'"
check_fails 1 "a moved created time: the entry no longer opens" \
	env HAVEN_DB="$T/moved.db" "$HAVEN" journal show "$A"
check_fails 1 "... and vault check finds it" env HAVEN_DB="$T/moved.db" "$HAVEN" --json vault check
assert_eq "... by id" "$A" "$(jget "$OUT" '$.damaged[0].id')"
tampered removed "DELETE FROM records WHERE id = '$D'"
check_fails 1 "a removed row is noticed by vault check" env HAVEN_DB="$T/removed.db" "$HAVEN" vault check
assert_contains "... plainly" "$ERR" "does not match its seal: a row was removed or rolled back"
check_fails 1 "... and no write goes on over it" env HAVEN_DB="$T/removed.db" "$HAVEN" vault change --new-passphrase-file pw2
tampered unsealed "DELETE FROM meta WHERE key = 'vault_sum'"
check_fails 1 "the seal removed is noticed too" env HAVEN_DB="$T/unsealed.db" "$HAVEN" vault check
assert_contains "... plainly" "$ERR" "seal over the set of entries is missing"

# The sealed facts cache: rows changed in the file, swapped, or planted in
# clear are reported by vault check and never used.
check "insights fill the sealed facts" haven --json insights
want_insights=$OUT
tampered facts "UPDATE facts SET a = 10, bits = 0, tags = 'planted' WHERE id = '$A';
  UPDATE facts SET tags = CAST(substr(tags, 1, 40) || CASE WHEN substr(tags, 41, 1) = X'41'
    THEN X'42' ELSE X'41' END || substr(tags, 42) AS BLOB) WHERE id = '$B'"
check_fails 1 "changed facts are noticed by vault check" env HAVEN_DB="$T/facts.db" "$HAVEN" --json vault check
assert_eq "... both rows" 2 "$(jlen "$OUT" '$.facts_damaged')"
assert_eq "... and no entry is damaged" 0 "$(jlen "$OUT" '$.damaged')"
check_fails 1 "... in words too" env HAVEN_DB="$T/facts.db" "$HAVEN" vault check
assert_contains "... naming the entry" "$ERR" "the cached facts of entry $A"
check "insights over them" env HAVEN_DB="$T/facts.db" "$HAVEN" --json insights
assert_eq "... are not misled" "$want_insights" "$OUT"
check "... and seal them again: vault check passes" env HAVEN_DB="$T/facts.db" "$HAVEN" vault check

cp "$DB" plain-inside.db
sqlite3 plain-inside.db "UPDATE records SET body = '{\"intensity\":1,\"what\":\"planted\"}' WHERE id = '$A'"
check_fails 1 "a clear body planted in a vault is refused" env HAVEN_DB="$T/plain-inside.db" "$HAVEN" journal show "$A"
assert_not_contains "... never shown" "$OUT" "planted"

# --- change ------------------------------------------------------------------------
check_fails 2 "change takes no --passphrase-file" haven vault change --passphrase-file pw2
check "vault change" haven vault change --new-passphrase-file pw2
check_fails 1 "the old passphrase no longer opens it" haven journal
check "the new one does" env HAVEN_PASSPHRASE_FILE="$T/pw2" "$HAVEN" export
printf '%s\n' "$OUT" >changed.jsonl
assert_true "change keeps every entry" cmp edited.jsonl changed.jsonl
export HAVEN_PASSPHRASE_FILE=$T/pw2

# --- disable -----------------------------------------------------------------------
check_fails 2 "disable without a terminal needs --yes" haven vault disable
assert_eq "... and changes nothing" "$(q "SELECT count(*) FROM records")" "$(q "SELECT count(*) FROM records WHERE typeof(body) = 'blob'")"
check "vault disable --yes" haven vault disable --yes
assert_eq "every body is clear text again" 0 "$(q "SELECT count(*) FROM records WHERE typeof(body) = 'blob'")"
assert_eq "the vault settings are gone" 0 "$(q "SELECT count(*) FROM meta WHERE key LIKE 'vault%'")"
check "export after disable, without a passphrase" env -u HAVEN_PASSPHRASE_FILE "$HAVEN" export
printf '%s\n' "$OUT" >after.jsonl
assert_true "disable: the export is identical to the vault's" cmp edited.jsonl after.jsonl
check "the plain database reads as before" env -u HAVEN_PASSPHRASE_FILE "$HAVEN" journal show "$A"
assert_contains "... the words are back" "$OUT" "$SECRET"
unset HAVEN_PASSPHRASE_FILE

# --- another program reading: enable says what is left, and a second run finishes ---
# Issue 13: VACUUM's and the checkpoint's failures were ignored, so enable
# said it had sealed the journal while the main file still held clear text.
RD=$T/reader.db
check "a journal for the reader test" env HAVEN_DB="$RD" "$HAVEN" log -i 5 "pelican-harmonica in clear"
mkfifo reader.in
sqlite3 -batch "$RD" <reader.in >reader.out &
reader=$!
exec 8>reader.in
echo "BEGIN; SELECT 'reading', count(*) FROM records;" >&8
for _ in $(seq 50); do grep -q reading reader.out && break; sleep 0.1; done
check_fails 1 "enable while sqlite3 holds a read transaction does not claim success" \
	env HAVEN_DB="$RD" "$HAVEN" vault enable --passphrase-file pw
assert_contains "... says the vault is on but old text may remain" "$ERR" "the vault is on, but old text from before it may remain"
assert_contains "... and how to finish" "$ERR" "run \`haven vault enable\` again to finish"
check "status while unfinished" env HAVEN_DB="$RD" "$HAVEN" --json vault status
assert_eq "... says unfinished" 1 "$(jget "$OUT" '$.unfinished')"
echo "COMMIT;" >&8
exec 8>&-
wait "$reader"
check "enable again once the reader is gone finishes the scrub" env HAVEN_DB="$RD" "$HAVEN" vault enable
assert_contains "... and says so" "$OUT" "no text from before it remains"
for f in "$RD" "$RD-wal"; do
	[ -e "$f" ] || continue
	assert_eq "... no clear text in $(basename "$f")" 0 "$(grep -ac pelican-harmonica "$f")"
done
check "status: finished" env HAVEN_DB="$RD" "$HAVEN" --json vault status
assert_eq "... no longer unfinished" 0 "$(jget "$OUT" '$.unfinished')"
check_fails 1 "enable on a finished vault is refused as before" env HAVEN_DB="$RD" "$HAVEN" vault enable --passphrase-file pw
assert_contains "... pointing at change" "$ERR" "vault change"

# --- an enable killed halfway leaves the database whole ---------------------------
BIG=$T/big.db
awk 'BEGIN { for (i = 0; i < 8000; i++)
	printf "{\"id\":\"%08x-0000-4000-8000-%012x\",\"kind\":\"trigger\",\"created\":\"2025-06-01T10:00:00.000Z\",\"updated\":\"2025-06-01T10:00:00.000Z\",\"version\":1,\"deleted\":false,\"body\":{\"intensity\":5,\"what\":\"bulk entry number %d with some words\"}}\n", i, i, i }' >big.jsonl
check "a big journal" env HAVEN_DB="$BIG" "$HAVEN" import big.jsonl
check "its export" env HAVEN_DB="$BIG" "$HAVEN" export
printf '%s\n' "$OUT" >big-before.jsonl
HAVEN_DB=$BIG "$HAVEN" vault enable --passphrase-file pw >/dev/null 2>&1 &
pid=$!
sleep 0.15
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
assert_eq "after the kill: integrity_check" ok "$(sqlite3 "$BIG" "PRAGMA integrity_check")"
sealed=$(sqlite3 "$BIG" "SELECT count(*) FROM records WHERE typeof(body) = 'blob'")
settings=$(sqlite3 "$BIG" "SELECT count(*) FROM meta WHERE key = 'vault'")
if [ "$sealed" = 0 ]; then
	assert_eq "killed before the commit: no vault settings either" 0 "$settings"
	check "... and the export is as before" env HAVEN_DB="$BIG" "$HAVEN" export
	printf '%s\n' "$OUT" >big-after.jsonl
	assert_true "... byte for byte" cmp big-before.jsonl big-after.jsonl
else
	assert_eq "killed after the commit: every body sealed" 8000 "$sealed"
	assert_eq "... with its settings" 1 "$settings"
	check "... and every one opens" env HAVEN_DB="$BIG" HAVEN_PASSPHRASE_FILE="$T/pw" "$HAVEN" vault check
fi

# --- on a terminal: asked twice without echo, then asked to unlock ------------------
PANE=vault
. "$E2E_DIR/tmux.sh"
TTYDB=$T/tty.db
# A session of its own keeps the tmux server up between the two below:
# killing the only session stops the server, and a session started at
# that moment would reach the server as it goes.
tm new-session -d -s keep "sleep 600"
check "a journal for the terminal" env HAVEN_DB="$TTYDB" "$HAVEN" log -i 3 "typed on a terminal"
tm new-session -d -s vault -x 100 -y 40 "env HAVEN_DB='$TTYDB' HAVEN_TEST_KDF_FAST=1 '$HAVEN' vault enable; echo EXIT=\$?; sleep 60"
assert_true "terminal: the forgotten-passphrase notice comes first" wait_for "forgotten"
assert_true "terminal: asks for a passphrase" wait_for "Choose a passphrase:"
tm send-keys -t vault "terminal passphrase" Enter
assert_true "terminal: asks again" wait_for "The same passphrase again:"
tm send-keys -t vault "terminal passphrase" Enter
assert_true "terminal: enabled" wait_for "EXIT=0"
assert_false "terminal: the passphrase was never echoed" sh -c "tmux -S '$SOCK' -f /dev/null capture-pane -p -t vault | grep -q 'terminal passphrase'"
tm kill-session -t vault
tm new-session -d -s vault -x 100 -y 40 "env HAVEN_DB='$TTYDB' '$HAVEN' journal; echo EXIT=\$?; sleep 60"
assert_true "terminal: a command asks to unlock" wait_for "Passphrase for"
tm send-keys -t vault "not it at all" Enter
assert_true "terminal: a wrong one is refused" wait_for "does not open"
tm send-keys -t vault "terminal passphrase" Enter
assert_true "terminal: the right one opens it" wait_for "typed on a terminal"
assert_true "terminal: and the command succeeds" wait_for "EXIT=0"
tm kill-server >/dev/null 2>&1

done_testing
