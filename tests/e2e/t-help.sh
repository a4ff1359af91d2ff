# t-help.sh — help, version, unknown commands and the home screen.
. "$E2E_DIR/lib.sh"

commands="log journal insights export import help version"

# --- haven --help -------------------------------------------------------------
check "haven --help" haven --help
help_all=$OUT
assert_contains "--help: usage line" "$help_all" "usage: haven [--db PATH] [--json] [--quiet] [--no-color] COMMAND [ARGS]"
for c in $commands; do
	assert_match "--help lists $c" "^  $c +[a-z]" "$(printf '%s\n' "$help_all" | grep "^  $c ")"
done
# Every command once, under a heading of what a person may be looking for;
# each summary starts in lower case, as a continuation of the name.
run haven help --commands
for c in $OUT; do
	assert_eq "--help lists $c once" 1 "$(printf '%s\n' "$help_all" | grep -c "^  $c ")"
	assert_match "--help: $c's summary is lower case" "^  $c +[a-z0-9T]" "$(printf '%s\n' "$help_all" | grep "^  $c ")"
done
for heading in "When the alarm goes off:" "Write it down, look at it again:" "See yourself change:" \
	"Your data:" "About haven:"; do
	assert_contains "--help heading: $heading" "$help_all" "$heading"
done
assert_match "--help: the first heading opens with a calming practice" "pause" \
	"$(printf '%s\n' "$help_all" | sed -n '/^When the alarm goes off:/{n;p;}')"
assert_contains "--help: --quiet" "$help_all" "--quiet      no notes on standard error"
assert_contains "--help: the global options" "$help_all" "--db PATH"
assert_contains "--help: errors under --json" "$help_all" "goes to standard error as one line of JSON"
assert_contains "--help: exit statuses" "$help_all" "0 done, 1 the operation failed, 2 the command was given wrongly"
assert_eq "--help: nothing on stderr" "" "$ERR"
check "haven -h" haven -h
assert_eq "-h is --help" "$help_all" "$OUT"
check "haven help" haven help
assert_eq "help is --help" "$help_all" "$OUT"
assert_eq "--help touches no database" absent "$(db_hash)"

# Every command starts without loading the web server's and the zip reader's
# libraries (and GnuTLS and OpenSSL behind them): they are loaded when needed.
if command -v ldd >/dev/null 2>&1; then
	assert_not_contains "haven does not link libmicrohttpd" "$(ldd "$HAVEN")" "libmicrohttpd"
	assert_not_contains "haven does not link libzip" "$(ldd "$HAVEN")" "libzip"
	assert_not_contains "nor GnuTLS" "$(ldd "$HAVEN")" "libgnutls"
	assert_not_contains "nor cairo" "$(ldd "$HAVEN")" "libcairo"
	assert_not_contains "nor pango" "$(ldd "$HAVEN")" "libpango"
fi

# --- help for one command ------------------------------------------------------------
check "haven help log" haven help log
log_help=$OUT
assert_contains "help log: its usage" "$log_help" "usage: haven log [-i N] [-k KIND]... [options] [WHAT HAPPENED]"
for opt in "-i, --intensity N" "-k, --kind KIND" "--thought TEXT" "--body TEXT" "--emotion WORD" \
	"--did RESPONSE" "--response TEXT" "--protest, --soothing" "--recovered MIN" "--at WHEN" "--json"; do
	assert_contains "help log shows $opt" "$log_help" "$opt"
done
check "haven log --help" haven log --help
assert_eq "log --help is help log" "$log_help" "$OUT"
check "haven log -i 5 --help still only helps" haven log -i 5 --help
assert_eq "--help anywhere wins" "$log_help" "$OUT"
assert_eq "--help after options saves nothing" absent "$(db_hash)"
check "haven help journal" haven help journal
for sub in "journal show ID" "journal edit ID" "journal rm ID --purge" "journal restore ID" "--since WHEN" "--deleted"; do
	assert_contains "help journal shows $sub" "$OUT" "$sub"
done
check "haven help export" haven help export
assert_contains "help export: formats" "$OUT" "--format csv"
check "haven help import" haven help import
assert_contains "help import: stdin" "$OUT" "import FILE|-"
check "haven help insights" haven help insights
assert_contains "help insights: --weeks" "$OUT" "--weeks N"

# --- unknown commands -------------------------------------------------------------------
check_fails 2 "an unknown command" haven frobnicate
assert_contains "unknown command: named" "$ERR" '"frobnicate" is not a haven command'
assert_contains "unknown command: points to --help" "$ERR" "haven --help"
assert_eq "unknown command: nothing on stdout" "" "$OUT"
check_fails 2 "help for an unknown command" haven help frobnicate
assert_contains "help frobnicate: named" "$ERR" '"frobnicate" is not a haven command'
check_fails 2 "an unknown option for a command" haven journal --frobnicate
assert_contains "unknown option: named" "$ERR" "haven journal has no option --frobnicate"
assert_contains "usage errors show the usage line" "$ERR" "usage: haven journal"

# --- version -----------------------------------------------------------------------------
check "haven version" haven version
assert_match "version: program and schema" '^haven [0-9]+\.[0-9]+\.[0-9]+ \(database schema [1-9][0-9]*\)$' "$OUT"
version_line=$OUT
check "haven --version" haven --version
assert_eq "--version is version" "$version_line" "$OUT"
check "haven --json version" haven --json version
assert_contains "version --json: the same schema" "$version_line" "(database schema $(jget "$OUT" '$.schema'))"
assert_contains "version --json: the same version" "$version_line" "haven $(jget "$OUT" '$.version') "

# --- the home screen ----------------------------------------------------------------------
check "haven with no command, nothing logged" haven
assert_contains "home: greeting for the afternoon" "$OUT" "Good afternoon"
assert_contains "home: says nothing is logged" "$OUT" "Nothing logged yet"
assert_contains "home: what can be done" "$OUT" "What you can do now"
assert_contains "home: offers haven log" "$OUT" "haven log"
check "home --json, nothing logged" haven --json
assert_eq "home --json: an object" object "$(jtype "$OUT" '$')"
assert_eq "home --json: recent is an empty array" 0 "$(jlen "$OUT" '$.recent')"
assert_eq "home --json: has actions" "haven log" "$(jget "$OUT" '$.actions[0].command')"

for i in 1 2 3 4 5 6; do
	log_id -i "$i" --at "2026-01-0$i 10:00" "entry number $i" >/dev/null
done
check "haven with entries" haven
home=$OUT
assert_contains "home: shows Recently" "$home" "Recently"
assert_contains "home: the newest entry" "$home" "entry number 6"
assert_not_contains "home: only the last five" "$home" "entry number 1"
assert_contains "home: intensity of an entry" "$home" " 6/10  entry number 6"
assert_not_contains "home: no colour codes without a terminal" "$home" $'\033['
check "haven home is the home screen" haven home
assert_eq "haven home == haven" "$home" "$OUT"
check "haven --json with entries" haven --json
assert_eq "home --json: five recent" 5 "$(jlen "$OUT" '$.recent')"
assert_eq "home --json: recent newest first" "entry number 6" "$(jget "$OUT" '$.recent[0].body.what')"
assert_eq "home --json: recent are records" trigger "$(jget "$OUT" '$.recent[4].kind')"
assert_contains "home --json: a greeting" "$(jget "$OUT" '$.greeting')" "afternoon"
check "morning greeting" env HAVEN_NOW=2026-01-07T08:00:00Z "$HAVEN" --json
assert_match "home: morning greeting at 08:00" "[Mm]orning" "$(jget "$OUT" '$.greeting')"
check "--no-color is accepted anywhere" haven journal --no-color
assert_not_contains "--no-color: no escapes" "$OUT" $'\033['

done_testing
