# t-suggest.sh — "did you mean": a mistyped command or option is named back
# with the nearest one haven knows (Damerau–Levenshtein over the command
# table and the command's own options), always as a usage error (exit 2).
. "$E2E_DIR/lib.sh"

# mistyped NAME EXPECTED CMD...: exit 2, EXPECTED on stderr, nothing on stdout.
mistyped() {
	local name=$1 want=$2
	shift 2
	check_fails 2 "$name: exit status 2" "$@"
	assert_contains "$name: says so" "$ERR" "$want"
	assert_eq "$name: nothing on stdout" "" "$OUT"
}

# --- commands --------------------------------------------------------------------------
mistyped "two letters swapped" "Did you mean 'haven log'?" haven lgo
assert_contains "lgo: not a command" "$ERR" '"lgo" is not a haven command.'
assert_contains "lgo: points to --help" "$ERR" "haven --help"
mistyped "a letter missing" "Did you mean 'haven journal'?" haven jounal
mistyped "a letter wrong" "Did you mean 'haven breathe'?" haven breate
mistyped "a beginning typed in full" "Did you mean 'haven insights'?" haven ins
mistyped "help for a mistyped command" "Did you mean 'haven checkin'?" haven help chekin
mistyped "nothing close" '"frobnicate" is not a haven command.' haven frobnicate
assert_not_contains "nothing close: no guess" "$ERR" "Did you mean"
mistyped "one letter is too little to guess from" '"x" is not a haven command.' haven x
assert_not_contains "one letter: no guess" "$ERR" "Did you mean"
check "help home is the home screen's help" haven help home

# --- options -------------------------------------------------------------------------------
mistyped "an option of log, mistyped" "haven log has no option --thougt. Did you mean --thought?" \
	haven log -i 5 --thougt "x"
assert_contains "the usage line follows" "$ERR" "usage: haven log"
assert_not_contains "an option is not called a command" "$ERR" "not a haven command"
mistyped "an option of log, far from any" "haven log has no option --bogus." haven log --bogus
assert_not_contains "--bogus: no guess" "$ERR" "Did you mean"
mistyped "--opt=value: the name is what is weighed" "Did you mean --limit?" haven journal --limti=3
mistyped "an option of journal" "haven journal has no option --sicne. Did you mean --since?" \
	haven journal --sicne 2026-01-01
mistyped "global options count too" "Did you mean --json?" haven insights --jsno
mistyped "a practice's option" "haven breathe has no option --roudns. Did you mean --rounds?" \
	haven breathe --roudns 3
mistyped "a subcommand's option" "haven say has no option --kep. Did you mean --keep?" haven say no --kep hi
mistyped "a letter" "haven journal has no option -z." haven journal -z
mistyped "before any command" "haven has no option --jsn. Did you mean --json?" haven --jsn
assert_contains "before any command: points to --help" "$ERR" "haven --help"
mistyped "before any command, far from any" "haven has no option --frobnicate." haven --frobnicate
assert_eq "nothing was written" absent "$(db_hash)"

# --- subcommands, after the command refused them ---------------------------------------------
mistyped "journal lsit" "Did you mean 'haven journal list'?" haven journal lsit
assert_contains "journal lsit: the command's own words first" "$ERR" 'unknown journal command "lsit"'
mistyped "assess tkae" "Did you mean 'haven assess take'?" haven assess tkae
mistyped "vault enabel" "Did you mean 'haven vault enable'?" haven vault enabel
mistyped "chat wiat" "Did you mean 'haven chat wait'?" haven chat wiat
mistyped "breathe bx" "Did you mean 'haven breathe box'?" haven breathe bx
mistyped "say brek" "Did you mean 'haven say break'?" haven say brek
mistyped "a subcommand given rightly, a mistake after it" "is not an entry id" haven journal show zzz
assert_not_contains "the right subcommand: no guess" "$ERR" "Did you mean"

# --- an option of another subcommand: refused, never "did you mean" itself --------------------
check_fails 2 "an option another subcommand takes" haven assess history guide --answers a1=1
assert_contains "names the option refused" "$ERR" "no option --answers"
assert_not_contains "does not suggest the option it refused" "$ERR" "Did you mean --answers"

# --- under --json the error is JSON on stderr too --------------------------------------------
check_fails 2 "--json: a mistyped option" haven --json log --thougt x
json_line=$(printf '%s\n' "$ERR" | grep '^{')
assert_eq "--json: the code" invalid "$(jget "$json_line" '$.error.code')"
assert_contains "--json: the message" "$(jget "$json_line" '$.error.message')" "Did you mean --thought?"
check_fails 2 "--json: a mistyped command" haven --json lgo
assert_contains "--json: a command's message" "$(jget "$(printf '%s\n' "$ERR" | grep '^{')" '$.error.message')" \
	"Did you mean 'haven log'?"
check_fails 2 "--json: any usage error" haven --json log -i 11 x
assert_contains "--json: a usage error as JSON" "$(jget "$(printf '%s\n' "$ERR" | grep '^{')" '$.error.message')" \
	"--intensity must be a whole number"

done_testing
