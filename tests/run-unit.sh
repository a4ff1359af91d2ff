#!/bin/sh
# Run every cmocka unit-test binary given; fail if any fails.  Each test
# binary runs in its own temporary directory with TZ=UTC, so tests that
# create databases never touch the person's own.  The last line counts the
# tests (cmocka's own counts), "N passed, M failed", as the other suites do;
# a program that stops before cmocka can count (a crash) counts as a failure.
set -u
failed=0 pass=0 fail=0
# Tests that read the corpus or fixtures find them from here.
HAVEN_SOURCE_DIR=${HAVEN_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
export HAVEN_SOURCE_DIR
log=$(mktemp)
for t in "$@"; do
	case $t in /*) ;; *) t="$PWD/$t" ;; esac
	dir=$(mktemp -d)
	(cd "$dir" && TZ=UTC HOME="$dir" XDG_DATA_HOME="$dir/data" "$t") >"$log" 2>&1
	rc=$?
	cat "$log"
	# cmocka ends each group with "[  PASSED  ] N test(s)." and, when any
	# failed, "[  FAILED  ] N test(s), listed below:".
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\..*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
	if [ "$rc" -ne 0 ]; then
		failed=$((failed + 1))
		[ "$f" -eq 0 ] && f=1
		echo "FAILED: $t (exit status $rc)" >&2
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	rm -rf "$dir"
done
rm -f "$log"
[ "$failed" -eq 0 ] || echo "$failed unit test program(s) failed" >&2
echo "unit: $# programs"
echo "$pass passed, $fail failed"
[ "$failed" -eq 0 ] && [ "$fail" -eq 0 ]
