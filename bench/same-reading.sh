#!/bin/sh
# bench/same-reading.sh — do two builds of haven read every text the same?
#
#   sh bench/same-reading.sh OLD_HAVEN NEW_HAVEN
#
# A change meant only to make check, coach or the crisis net faster (how
# rules and weights are loaded, compiled, matched or printed) must not
# change a single reading.  This runs both builds over every line of the
# development corpora (tests/corpus/*.tsv; the sealed halves are never
# read here, they are only ever scored by bench/quality.sh and
# bench/crisis.sh) through `check --json --lines` and `coach --json
# --lines` — findings, "protest", "crisis" and the help, byte for byte —
# and over the 5,000-word text bench/quality.sh times.  Exit 1, with the
# first lines that differ, when anything does.
#
# Build OLD_HAVEN from the same data (the change's parent commit with the
# working tree's data/), or data changes will show as differences too.
set -eu

[ $# -eq 2 ] || { echo "usage: sh bench/same-reading.sh OLD_HAVEN NEW_HAVEN" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
old=$1 new=$2
for h in "$old" "$new"; do
	[ -x "$h" ] || { echo "same-reading: no haven binary at $h" >&2; exit 2; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/haven-same.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HAVEN_DB="$tmp/same.db" # nothing is saved, but never the person's own

# The text bench/quality.sh times, made the same way.
dev=$root/tests/corpus/thoughts.tsv
words=$(grep -v -e '^#' "$root/tests/corpus/patterns.tsv" "$dev" 2>/dev/null | cut -f2- | tr -s ' \t\n' '\n\n\n')
printf '%s\n' "$words" | awk '{ w[n++] = $0 } END { for (i = 0; i < 5000; i++) printf "%s%s", w[i % n], (i % 12 == 11 ? ".\n" : " ") }' >"$tmp/5000.txt"

status=0
compare() { # NAME: $tmp/old.NAME and $tmp/new.NAME must be the same
	if cmp -s "$tmp/old.$1" "$tmp/new.$1"; then
		echo "same: $1 ($(wc -l <"$tmp/new.$1") lines)"
	else
		echo "DIFFERENT: $1"
		diff "$tmp/old.$1" "$tmp/new.$1" | head -10
		status=1
	fi
}

for corpus in "$root"/tests/corpus/*.tsv; do
	case $corpus in *-sealed.tsv) continue ;; esac
	name=$(basename "$corpus" .tsv)
	grep -v -e '^#' -e '^[[:space:]]*$' "$corpus" | cut -f2- >"$tmp/lines"
	for cmd in check coach; do
		for side in old new; do
			eval h=\$$side
			"$h" --json "$cmd" --lines <"$tmp/lines" >"$tmp/$side.$cmd-$name" 2>&1 || true
		done
		compare "$cmd-$name"
	done
done
for cmd in check coach; do
	for side in old new; do
		eval h=\$$side
		"$h" --json "$cmd" - <"$tmp/5000.txt" >"$tmp/$side.$cmd-5000" 2>&1 || true
	done
	compare "$cmd-5000"
done
exit $status
