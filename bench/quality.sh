#!/bin/sh
# bench/quality.sh — how well `haven check` and `haven coach` name what the
# project's labelled corpora say is there.  Quality is a benchmark too.
#
#   HAVEN=build/haven sh bench/quality.sh [--max-false-alarm PCT]
#
# For each corpus (tests/corpus/patterns.tsv for check, coach.tsv for coach;
# lines KINDS<TAB>TEXT, "-" for a neutral or secure line) it runs haven on
# every line and prints, per kind, precision (of what haven named, how much
# was right) and recall (of what was there, how much haven named), then the
# false-alarm rate: the share of neutral lines on which haven named anything.
# With --max-false-alarm PCT it exits 1 when a false-alarm rate reaches PCT.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
HAVEN=${HAVEN:-$root/build/haven}
case $HAVEN in
/*) ;;
*) HAVEN=$(pwd)/$HAVEN ;;
esac
max=""
while [ $# -gt 0 ]; do
	case $1 in
	--max-false-alarm) max=$2; shift 2 ;;
	*) echo "quality: unknown option $1 (try --max-false-alarm PCT)" >&2; exit 2 ;;
	esac
done
[ -x "$HAVEN" ] || { echo "quality: no haven binary at $HAVEN (run make first)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/haven-quality.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Nothing here is saved, but keep haven away from the person's own database.
export HAVEN_DB="$tmp/quality.db"

status=0

# measure NAME COMMAND CORPUS
measure() {
	name=$1 cmd=$2 corpus=$3
	grep -v -e '^#' -e '^[[:space:]]*$' "$corpus" >"$tmp/lines"
	# One haven process per corpus: --lines answers each line in JSON Lines.
	if ! cut -f2- "$tmp/lines" | "$HAVEN" --json "$cmd" --lines >"$tmp/out" 2>"$tmp/err"; then
		echo "quality: haven $cmd --lines failed" >&2
		cat "$tmp/err" >&2
		exit 1
	fi
	if [ "$(wc -l <"$tmp/out")" -ne "$(wc -l <"$tmp/lines")" ]; then
		echo "quality: haven $cmd answered $(wc -l <"$tmp/out") of $(wc -l <"$tmp/lines") lines" >&2
		exit 1
	fi
	# Only finding kinds: suggestions carry "type", never "kind".
	cut -f1 "$tmp/lines" | paste - "$tmp/out" | awk -F'\t' '{
		got = ""; s = $2
		while (match(s, /"kind":"[a-z-]+"/)) {
			k = substr(s, RSTART + 8, RLENGTH - 9)
			if (index("," got ",", "," k ",") == 0) got = got (got == "" ? "" : ",") k
			s = substr(s, RSTART + RLENGTH)
		}
		printf "%s\t%s\n", $1, (got == "" ? "-" : got)
	}' >"$tmp/pairs"
	echo "== haven $name: $(wc -l <"$tmp/pairs") lines from ${corpus#"$root"/}"
	awk -F'\t' -v max="$max" -v name="$name" '
	function split_set(s, arr,   n, i, parts) {
		delete arr
		if (s == "-") return
		n = split(s, parts, ",")
		for (i = 1; i <= n; i++) arr[parts[i]] = 1
	}
	{
		split_set($1, want); split_set($2, got)
		if ($1 == "-") { neutral++; if ($2 != "-") alarms++ }
		for (k in want) { kinds[k] = 1; if (k in got) tp[k]++; else fn[k]++ }
		for (k in got) { kinds[k] = 1; if (!(k in want)) fp[k]++ }
	}
	END {
		printf "%-22s %9s %9s %5s %5s %5s\n", "kind", "precision", "recall", "tp", "fp", "fn"
		n = 0
		for (k in kinds) order[++n] = k
		for (i = 2; i <= n; i++) for (j = i; j > 1 && order[j] < order[j-1]; j--) {
			t = order[j]; order[j] = order[j-1]; order[j-1] = t
		}
		for (i = 1; i <= n; i++) {
			k = order[i]
			p = (tp[k] + fp[k]) ? sprintf("%8.1f%%", 100 * tp[k] / (tp[k] + fp[k])) : "       -"
			r = (tp[k] + fn[k]) ? sprintf("%8.1f%%", 100 * tp[k] / (tp[k] + fn[k])) : "       -"
			printf "%-22s %9s %9s %5d %5d %5d\n", k, p, r, tp[k], fp[k], fn[k]
			TP += tp[k]; FP += fp[k]; FN += fn[k]
		}
		printf "%-22s %8.1f%% %8.1f%% %5d %5d %5d\n", "all kinds",
			(TP + FP) ? 100 * TP / (TP + FP) : 0, (TP + FN) ? 100 * TP / (TP + FN) : 0, TP, FP, FN
		rate = neutral ? 100 * alarms / neutral : 0
		printf "false alarms on neutral lines: %d of %d (%.1f%%)", alarms, neutral, rate
		if (max != "") {
			if (rate >= max) { printf "  FAILED: must stay under %s%%\n", max; exit 1 }
			printf "  (limit: under %s%%)", max
		}
		printf "\n"
	}' "$tmp/pairs" || status=1
}

measure check check "$root/tests/corpus/patterns.tsv"
if [ -f "$root/tests/corpus/coach.tsv" ]; then
	measure coach coach "$root/tests/corpus/coach.tsv"
fi
exit $status
