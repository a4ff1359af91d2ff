# shellcheck shell=sh
# bench/lib.sh — what the benchmarks share, sourced by each right after
# `set -eu`: where the tree is, the binary measured, how a failure is said,
# the tools checked before anything runs, a private scratch folder removed
# at the end, and a generated journal.
#
#   . "$(dirname "$0")/lib.sh"
#   bench_start NAME TOOL...   NAME prefixes failures ("bench/web"); sets
#                              root, HAVEN (default build/haven), tmp and
#                              no_shell (hyperfine's -N, where it has it)
#   die MESSAGE                say it and exit 1
#   bench_on_exit              redefine it to stop what the bench started;
#                              it runs before tmp is removed
#   bench_journal N FILE       N generated journal entries (gen-journal.c)
#                              as JSON Lines into FILE

root=$(cd "$(dirname "$0")/.." && pwd)
HAVEN=${HAVEN:-$root/build/haven}
bench_name=bench

die() {
	echo "$bench_name: $*" >&2
	exit 1
}

bench_on_exit() {
	:
}

# shellcheck disable=SC2034 # no_shell is read by the scripts that source this
bench_start() {
	bench_name=$1
	shift
	[ -x "$HAVEN" ] || die "no haven binary at $HAVEN (run make first)"
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 ||
			die "$tool is missing (scripts/install-deps.sh --bench installs it)"
	done
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/haven-$(echo "$bench_name" | tr / -).XXXXXX")
	trap 'bench_on_exit; rm -rf "$tmp"' EXIT
	trap 'exit 130' INT TERM
	# Without a shell in between (-N) when this hyperfine can, so the
	# shell's own start-up does not blur small differences.
	no_shell=""
	if command -v hyperfine >/dev/null 2>&1 && hyperfine --help 2>/dev/null | grep -q -- '^ *-N'; then
		no_shell="-N"
	fi
}

# The vocabulary ids, one {"id": ...} object per line in data/*.json.
bench_ids() {
	sed -n 's/^[[:space:]]*{[[:space:]]*"id"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' \
		"$root/data/$1" | paste -sd, -
}

bench_journal() {
	triggers=$(bench_ids triggers.json)
	responses=$(bench_ids responses.json)
	emotions=$(bench_ids emotions.json)
	if [ -z "$triggers" ] || [ -z "$responses" ] || [ -z "$emotions" ]; then
		die "could not read the vocabulary ids from $root/data"
	fi
	"${CC:-cc}" -O2 -I"$root/src" -o "$tmp/gen" "$root/bench/gen-journal.c" \
		"$root/src/core/clock.c" "$root/src/core/calendar.c" ||
		die "cannot compile gen-journal.c"
	"$tmp/gen" "$1" "$triggers" "$responses" "$emotions" >"$2"
}
