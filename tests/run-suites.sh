#!/bin/sh
# run-suites.sh — the suites of `make test`, each run even when one before
# it failed, then one last line summing them all: "N passed, M failed".
#
#   sh tests/run-suites.sh LOGDIR "MAKE-COMMAND" SUITE...
#
# Each SUITE is a make target.  A suite that ends with its own
# "N passed, M failed" line adds those; one that does not (the crisis
# weights check) counts as one test.  A suite that exits non-zero without
# counting a failure (it did not build, or stopped early) counts one.  The
# exit status is non-zero when anything failed.
set -u
logdir=$1 make=$2
shift 2
mkdir -p "$logdir"
pass=0 fail=0 summary=""
for suite in "$@"; do
	log=$logdir/test-$suite.log
	# shellcheck disable=SC2086 # the make command is words
	{
		$make "$suite" 2>&1
		echo "$?" >"$log.rc"
	} | tee "$log"
	rc=$(cat "$log.rc")
	rm -f "$log.rc"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	if [ -n "$line" ]; then
		p=${line%% passed*}
		f=${line#*, }
		f=${f%% failed}
	elif [ "$rc" -eq 0 ]; then
		p=1 f=0
	else
		p=0 f=0
	fi
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	pass=$((pass + p))
	fail=$((fail + f))
	summary="$summary${summary:+, }$suite $p passed $f failed"
done
echo "make test: $summary"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
