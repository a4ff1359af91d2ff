#!/bin/sh
# run.sh — haven's end-to-end tests.
#
#   HAVEN=/abs/path/to/haven sh tests/e2e/run.sh [t-NAME.sh ...]
#
# Runs every tests/e2e/t-*.sh (or the ones named) in sorted order, each in a
# fresh temporary directory with its own database, TZ=UTC and a fixed clock.
# Every assertion counts; the last line is "N passed, M failed" and the exit
# status is non-zero when anything failed.
#
#   E2E_QUICK=1     the kill test does 300 writes instead of 2,000
#   E2E_VERBOSE=1   print every passing assertion too
#   E2E_KEEP=1      keep the temporary directories (their paths are printed)

# The tests are bash; `sh run.sh` (dash on Debian) hands over to bash.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${HAVEN:=$root/build/haven}"
case $HAVEN in
/*) ;;
*) HAVEN=$(pwd)/$HAVEN ;;
esac
if [ ! -x "$HAVEN" ]; then
	echo "e2e: no haven binary at $HAVEN (run make first, or set HAVEN)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
for tool in sqlite3 sha256sum stat timeout; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "e2e: $tool is needed (scripts/install-deps.sh installs it)" >&2
		echo "0 passed, 1 failed"
		exit 1
	fi
done
# Test a private copy: the build directory may be rebuilt while the suite
# runs, and a copy outside the work tree is also one that another user (the
# read-only test runs as nobody when root) can execute.
bindir=$(mktemp -d)
chmod 755 "$bindir"
cp "$HAVEN" "$bindir/haven" && chmod 755 "$bindir/haven" || {
	echo "e2e: cannot copy $HAVEN" >&2
	echo "0 passed, 1 failed"
	exit 1
}
echo "e2e: testing $HAVEN"
# Where the binary was built (build/, build-san/…), for the few tests that
# size their inputs to the build: the copy's own path no longer says.
HAVEN_BUILD=$(dirname "$HAVEN")
HAVEN=$bindir/haven
export HAVEN HAVEN_BUILD E2E_DIR="$here"

if [ $# -gt 0 ]; then
	files=()
	for f in "$@"; do
		case $f in
		*/*) files+=("$f") ;;
		*) files+=("$here/$f") ;;
		esac
	done
else
	files=()
	while IFS= read -r f; do files+=("$f"); done < <(LC_ALL=C ls "$here"/t-*.sh)
fi

results=$(mktemp)
total_pass=0
total_fail=0
start_all=$SECONDS
for f in "${files[@]}"; do
	name=$(basename "$f")
	t=$(mktemp -d)
	: >"$results"
	start=$SECONDS
	# The kill test and the width test are allowed longer than the rest.
	limit=120
	[ "$name" = t-kill.sh ] && limit=240
	[ "$name" = t-width.sh ] && limit=240 # every command at four widths
	(
		cd "$t" || exit 1
		unset NO_COLOR HAVEN_NOW XDG_DATA_HOME COLUMNS
		export E2E_TMP="$t" E2E_RESULTS="$results" E2E_FILE="$name"
		export HAVEN_DB="$t/haven.db" TZ=UTC LC_ALL=C.UTF-8 HOME="$t/home"
		export HAVEN_NOW=2026-01-07T16:00:00Z TERM=dumb
		umask 022
		exec timeout -k 5 "$limit" bash "$f" </dev/null 2>&1
	)
	rc=$?
	pass=$(grep -c '^pass$' "$results")
	fail=$(grep -c '^fail$' "$results")
	if ! grep -q '^done$' "$results"; then
		if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
			echo "FAIL [$name] timed out after ${limit}s"
		else
			echo "FAIL [$name] stopped early (exit status $rc) before done_testing"
		fi
		fail=$((fail + 1))
	fi
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	echo "$name: $pass passed, $fail failed ($((SECONDS - start))s)"
	if [ -n "${E2E_KEEP:-}" ]; then
		echo "  kept $t"
	else
		# A test may have left read-only or foreign-owned files behind.
		chmod -R u+rwX "$t" 2>/dev/null
		rm -rf "$t"
	fi
done
rm -f "$results"
rm -rf "$bindir"
echo "e2e: $((SECONDS - start_all))s in all"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ "$total_pass" -gt 0 ]
