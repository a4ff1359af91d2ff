#!/bin/sh
# Run every cmocka unit-test binary given; fail if any fails.  Each test
# binary runs in its own temporary directory with TZ=UTC, so tests that
# create databases never touch the person's own.
set -u
failed=0
# Tests that read the corpus or fixtures find them from here.
HAVEN_SOURCE_DIR=${HAVEN_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
export HAVEN_SOURCE_DIR
for t in "$@"; do
	case $t in /*) ;; *) t="$PWD/$t" ;; esac
	dir=$(mktemp -d)
	if ! (cd "$dir" && TZ=UTC HOME="$dir" XDG_DATA_HOME="$dir/data" "$t"); then
		failed=$((failed + 1))
		echo "FAILED: $t" >&2
	fi
	rm -rf "$dir"
done
[ "$failed" -eq 0 ] || { echo "$failed unit test program(s) failed" >&2; exit 1; }
