#!/bin/sh
# Browser tests: install the npm test tools (from the lock file) when
# missing, then run every *.test.mjs with node's test runner against the
# haven binary in $HAVEN.  Screenshots land in tests/artifacts/.  The last
# line is "N passed, M failed", as the other suites end.
set -eu
cd "$(dirname "$0")"
# Every tool the tests import, so a lock file that gained one installs again.
need=""
for m in playwright-core axe-core pixelmatch pngjs; do
	[ -d "node_modules/$m" ] || need=1
done
if [ -n "$need" ]; then
	npm ci --no-audit --no-fund --loglevel=error
fi
# The spec report for people, and TAP beside it for the counts.
tap=$(mktemp)
rc=0
node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
	--test-reporter=tap --test-reporter-destination="$tap" ./*.test.mjs || rc=$?
pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -n 1)
fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -n 1)
rm -f "$tap"
pass=${pass:-0}
fail=${fail:-0}
# A runner that stopped before counting still failed.
[ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1
echo "$pass passed, $fail failed"
exit "$rc"
