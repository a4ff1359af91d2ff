#!/bin/sh
# bench/crisis.sh — how well the crisis net hears what it must: recall on
# the clear and indirect sentences of tests/corpus/crisis.tsv (must be
# 100 %) and the false-alarm rate on negated and ordinary ones, measured by
# logging each sentence through the real binary into a scratch database.
#   HAVEN=build/haven sh bench/crisis.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
: "${HAVEN:=$root/build/haven}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export HAVEN_DB="$tmp/crisis.db" LANG=C.UTF-8
unset LC_ALL LC_MESSAGES HAVEN_NOW

must=0 heard=0 quiet=0 alarms=0
while IFS='	' read -r label text; do
	case $label in '#'* | '') continue ;; esac
	if "$HAVEN" log --json -i 5 -- "$text" 2>/dev/null | grep -q '"crisis": true'; then hit=1; else hit=0; fi
	case $label in
	clear | indirect)
		must=$((must + 1)); heard=$((heard + hit))
		[ "$hit" -eq 1 ] || echo "  missed ($label): $text" ;;
	*)
		quiet=$((quiet + 1)); alarms=$((alarms + hit))
		[ "$hit" -eq 0 ] || echo "  false alarm ($label): $text" ;;
	esac
done <"$root/tests/corpus/crisis.tsv"

awk -v m="$must" -v h="$heard" -v q="$quiet" -v a="$alarms" 'BEGIN {
	r = m ? 100 * h / m : 0; f = q ? 100 * a / q : 0
	printf("crisis net: recall %.1f%% (%d of %d; must be 100%%) %s; false alarms %.1f%% (%d of %d negated or ordinary)\n",
		r, h, m, (h == m) ? "ok" : "MISSED", f, a, q) }'
