# t-vault-unlock.sh — an unlock that lasts (issue 13): `haven vault unlock`
# holds the key in the kernel keyring, so commands within the period need no
# passphrase (and so derive no key); `lock` and the time running out end it;
# the key is readable only by its possessor, offered only to its own vault,
# dropped by change and disable, never used by them; and where the keyring
# is forbidden (a container's seccomp profile, simulated with no-keyctl.c)
# haven says so plainly and asks for the passphrase as before.
. "$E2E_DIR/lib.sh"

# Every haven here shares a session keyring made for this test alone, so
# no key reaches the session of whoever runs the suite, and none outlives it.
if [ -z "${E2E_OWN_KEYRING:-}" ]; then
	if ! command -v keyctl >/dev/null 2>&1; then
		_e2e_fail "keyctl is needed (scripts/install-deps.sh installs keyutils)"
		done_testing
	fi
	if E2E_OWN_KEYRING=1 keyctl session - bash "$0"; then
		exit 0
	fi
	# keyctl refused: this machine forbids the keyring.  Only the fallback
	# can be tested, and only when asked for, so it is never skipped unseen.
	if [ -z "${E2E_NO_KEYRING:-}" ]; then
		_e2e_fail "the kernel keyring is forbidden here (keyctl session failed): set" \
			"E2E_NO_KEYRING=1 to run only the checks of the fallback"
		done_testing
	fi
	E2E_OWN_KEYRING=forbidden
fi

export HAVEN_TEST_KDF_FAST=1 # the minimum Argon2id cost, for tests only
SECRET=harpsichord-meadow
printf 'correct horse battery\n' >pw
printf 'incorrect horse battery\n' >wrong
printf 'a brand new passphrase\n' >pw2
chmod 600 pw wrong pw2

"${CC:-cc}" -O2 -o no-keyctl "$E2E_DIR/no-keyctl.c" 2>cc.err ||
	_e2e_fail "compile no-keyctl.c" "$(cat cc.err)"

check_fails 1 "unlock on a journal that is not a vault is refused" haven vault unlock --passphrase-file pw
assert_contains "... saying so" "$ERR" "not a vault"
log_id -i 6 -k work "the $SECRET was loud" >/dev/null
log_id -i 3 "a quiet morning" >/dev/null
check "vault enable" haven vault enable --passphrase-file pw
check_fails 1 "locked: a command without a passphrase fails" haven journal
assert_contains "... and mentions vault unlock" "$ERR" "haven vault unlock"

# --- the keyring forbidden: say so, and ask as before --------------------------
if [ "$E2E_OWN_KEYRING" = forbidden ]; then
	nk() { "$@"; }
else
	nk() { ./no-keyctl "$@"; }
fi
before=$(db_content)
check_fails 1 "no keyring: unlock fails" nk "$HAVEN" vault unlock --passphrase-file pw
assert_contains "... saying plainly why" "$ERR" "the kernel keyring is not available here"
assert_contains "... and what happens instead" "$ERR" "each command asks for the passphrase"
assert_not_contains "... before asking for the passphrase" "$ERR" "Passphrase for"
assert_eq "... and nothing changed" "$before" "$(db_content)"
check "no keyring: a command with a passphrase file still works" \
	env HAVEN_PASSPHRASE_FILE="$T/pw" ./no-keyctl "$HAVEN" journal
assert_contains "... and shows the words" "$OUT" "$SECRET"
check "no keyring: lock has nothing to drop" nk "$HAVEN" vault lock
assert_contains "... and says why" "$ERR" "not available here"
if [ "$E2E_OWN_KEYRING" = forbidden ]; then
	done_testing
fi

# --- unlock: commands within the period need no passphrase ------------------------
before=$(db_content)
check "vault unlock --for 10m" haven vault unlock --for 10m --passphrase-file pw
assert_contains "... says for how long" "$OUT" "unlocked for 10 minutes"
assert_contains "... and how to end it" "$OUT" "haven vault lock"
assert_eq "... and changes nothing in the database" "$before" "$(db_content)"
# Without a passphrase file or a terminal, nothing could derive a key: a
# command that works now used the held one.
check "journal without a passphrase" haven journal
assert_contains "... shows the words" "$OUT" "$SECRET"
check "insights without a passphrase" haven insights
check "log without a passphrase" haven log -i 2 "walnut-observatory written unlocked"
check "vault check without a passphrase" haven vault check
check "vault status" haven --json vault status
assert_eq "... says it is unlocked" 1 "$(jget "$OUT" '$.unlocked')"
salt=$(sqlite3 -batch "$HAVEN_DB" "SELECT value FROM meta WHERE key = 'vault_salt'" |
	base64 -d | od -An -tx1 | tr -d ' \n')
kid=$(keyctl search @s user "haven:vault:$salt" 2>/dev/null)
assert_match "the key is in the session keyring, named by the vault's salt" '^[0-9]+$' "$kid"
# type;uid;gid;perm;description: possessor view, read, write, search,
# setattr; the user only sees it is there; nobody else anything.
assert_eq "... readable by its possessor only" "user;$(id -u);$(id -g);2f010000;haven:vault:$salt" \
	"$(keyctl rdescribe "$kid" 2>&1)"
assert_match "... with a timeout" '^[0-9a-f]+ I--Q--- +[0-9]+ +[0-9]+[smhdw] ' \
	"$(grep "haven:vault:$salt" /proc/keys)"
assert_false "no key file beside the database" sh -c 'ls "$1"* | grep -qv -e "\.db$" -e "-wal$" -e "-shm$"' - "$HAVEN_DB"

# A held key is offered only to the vault it opens.
check "another vault, same passphrase" env HAVEN_DB="$T/other.db" "$HAVEN" vault enable --passphrase-file pw
check_fails 1 "... is not opened by this vault's key" env HAVEN_DB="$T/other.db" "$HAVEN" journal
assert_contains "... it asks for its passphrase" "$ERR" "needs its passphrase"

# Change and disable must prove the passphrase is known: never the held key.
check_fails 1 "vault change does not use the held key" \
	haven vault change --new-passphrase-file pw2
assert_contains "... it asks" "$ERR" "needs its passphrase"

# --- lock ends it --------------------------------------------------------------
before=$(db_content)
check "vault status for people" haven vault status
VAULT_JSON=$(cat "$E2E_DIR/../../data/vault.json")
assert_contains "... in the words of data/vault.json" "$OUT" "$(jget "$VAULT_JSON" '$.status_on' | sed "s|{path}|$HAVEN_DB|")"
assert_contains "... that it is unlocked" "$OUT" "$(jget "$VAULT_JSON" '$.status_unlocked')"
check "vault lock" haven vault lock
assert_contains "... says so" "$OUT" "The vault is locked"
assert_eq "... in the words of data/vault.json" "$(jget "$VAULT_JSON" '$.locked')" "$OUT"
assert_eq "... and changes nothing in the database" "$before" "$(db_content)"
check_fails 1 "after lock a command without a passphrase fails" haven journal
assert_contains "... asking for it" "$ERR" "needs its passphrase"
assert_eq "... and the key is gone from the keyring" "" "$(keyctl search @s user "haven:vault:$salt" 2>/dev/null)"
check "lock again" haven vault lock
assert_contains "... says there was nothing to lock" "$OUT" "was not unlocked"

# --- a wrong passphrase holds nothing ----------------------------------------------
check_fails 1 "unlock with a wrong passphrase" haven vault unlock --passphrase-file wrong
assert_contains "... is refused" "$ERR" "does not open"
check "status after it" haven --json vault status
assert_eq "... not unlocked" 0 "$(jget "$OUT" '$.unlocked')"

# --- the time running out ends it ---------------------------------------------------
check "vault unlock --for 2s" haven vault unlock --for 2s --passphrase-file pw
check "within the 2 seconds a command needs no passphrase" haven journal --limit 1
sleep 3
check_fails 1 "after them it does again" haven journal --limit 1
assert_contains "... asking for it" "$ERR" "needs its passphrase"

# --- how long ----------------------------------------------------------------------
check_fails 2 "--for 0s is refused" haven vault unlock --for 0s --passphrase-file pw
check_fails 2 "--for more than a day is refused" haven vault unlock --for 2d --passphrase-file pw
assert_contains "... saying the limit" "$ERR" "at most a day"
check_fails 2 "--for without a length" haven vault unlock --for
# Each subcommand's options are refused before the database is opened, so a
# mistyped one makes none.
for words in "unlock --for 2d" "unlock --new-passphrase-file pw" "lock --yes" \
	"enable --new-passphrase-file pw" "change --passphrase-file pw" "status now"; do
	# shellcheck disable=SC2086 # the words are the subcommand and its options
	check_fails 2 "vault $words: refused" haven --db "$T/none/none.db" vault $words
	assert_false "vault $words: no database made" test -e "$T/none"
done

# --- change and disable drop a held key ------------------------------------------------
check "unlock before change" haven vault unlock --passphrase-file pw
check "vault change" env HAVEN_PASSPHRASE_FILE="$T/pw" "$HAVEN" vault change --new-passphrase-file pw2
check_fails 1 "after change the old unlock is gone" haven journal
check "unlock with the new passphrase" haven vault unlock --passphrase-file pw2
check "... works" haven journal
check "vault disable" env HAVEN_PASSPHRASE_FILE="$T/pw2" "$HAVEN" vault disable --yes
assert_eq "... and drops the held key" "" "$(keyctl search @s user "haven:vault:" 2>/dev/null)"
check "the journal is plain again" haven journal
assert_contains "... with its words" "$OUT" "walnut-observatory"

# --- the help says what unlock does and what it risks ------------------------------------
check "haven help vault" haven help vault
assert_contains "... names unlock" "$OUT" "unlock"
assert_contains "... names the keyring" "$OUT" "kernel keyring"
assert_contains "... and who could read it" "$OUT" "any program you run in this session"

done_testing
