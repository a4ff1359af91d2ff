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
#
# Then check on thoughts written outside the project (tests/corpus/thoughts.tsv,
# the development half rules are written from, and thoughts-sealed.tsv, only
# ever scored): recall (a labelled thought gets at least one finding), false
# alarms on neutral thoughts, right kind (a flagged thought's findings include
# one of its labelled kinds), recall per pattern (the pattern itself named),
# and the gap between the halves, the figure that says whether the rules
# learnt the thoughts or the patterns.  With --min-recall PCT it exits 1 when
# the development half's recall falls under PCT (a detector that finds
# nothing must not pass); --max-false-alarm holds that half too.  Last, the
# time of one `haven check` on a 5,000-word text.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
HAVEN=${HAVEN:-$root/build/haven}
case $HAVEN in
/*) ;;
*) HAVEN=$(pwd)/$HAVEN ;;
esac
max=""
min_recall=""
while [ $# -gt 0 ]; do
	case $1 in
	--max-false-alarm) max=$2; shift 2 ;;
	--min-recall) min_recall=$2; shift 2 ;;
	*) echo "quality: unknown option $1 (try --max-false-alarm PCT, --min-recall PCT)" >&2; exit 2 ;;
	esac
done
[ -x "$HAVEN" ] || { echo "quality: no haven binary at $HAVEN (run make first)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/haven-quality.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Nothing here is saved, but keep haven away from the person's own database.
export HAVEN_DB="$tmp/quality.db"

status=0

# answer COMMAND CORPUS: $tmp/pairs holds WANTED<TAB>NAMED per line.
answer() {
	cmd=$1 corpus=$2
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
}

# measure NAME COMMAND CORPUS
measure() {
	name=$1 cmd=$2 corpus=$3
	answer "$cmd" "$corpus"
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

# thoughts HALF CORPUS: one line of figures for the half, and its recall per
# pattern into $tmp/kinds.HALF (KIND<TAB>NAMED<TAB>LABELLED).
thoughts() {
	half=$1 corpus=$2
	answer check "$corpus"
	awk -F'\t' -v half="$half" -v kinds="$tmp/kinds.$half" '
	function split_set(s, arr,   n, i, parts) {
		delete arr
		if (s == "-") return
		n = split(s, parts, ",")
		for (i = 1; i <= n; i++) arr[parts[i]] = 1
	}
	{
		split_set($1, want); split_set($2, got)
		if ($1 == "-") { neutral++; if ($2 != "-") alarms++; next }
		labelled++
		if ($2 == "-") { for (k in want) { all[k]++ } ; next }
		flagged++
		hit = 0
		for (k in want) { all[k]++; if (k in got) { named[k]++; hit = 1 } }
		right += hit
	}
	END {
		printf "%-12s %5d %8.1f%% %8.1f%% %8.1f%%\n", half, NR,
			labelled ? 100 * flagged / labelled : 0, neutral ? 100 * alarms / neutral : 0,
			flagged ? 100 * right / flagged : 0
		for (k in all) printf "%s\t%d\t%d\n", k, named[k], all[k] > kinds
	}' "$tmp/pairs"
}

measure check check "$root/tests/corpus/patterns.tsv"

dev=$root/tests/corpus/thoughts.tsv
sealed=$root/tests/corpus/thoughts-sealed.tsv
if [ -f "$dev" ] && [ -f "$sealed" ]; then
	echo "== haven check on thoughts written outside the project"
	printf "%-12s %5s %9s %9s %9s\n" "half" "lines" "recall" "alarms" "right kind"
	thoughts development "$dev" | tee "$tmp/dev.line"
	thoughts sealed "$sealed" | tee "$tmp/sealed.line"
	# shellcheck disable=SC2046
	set -- $(cat "$tmp/dev.line") $(cat "$tmp/sealed.line")
	awk -v r1="$3" -v a1="$4" -v k1="$5" -v r2="$8" -v a2="$9" -v k2="${10}" 'BEGIN {
		printf "%-12s %5s %8.1f%% %8.1f%% %8.1f%%   (development - sealed)\n", "gap", "",
			r1 - r2, a1 - a2, k1 - k2 }'
	echo "targets on sets written outside: recall >= 60%, alarms <= 10%, right kind >= 75%"
	printf "%-22s %12s %12s\n" "recall per pattern" "development" "sealed"
	sort "$tmp/kinds.development" | join -t "$(printf '\t')" - "$(sort "$tmp/kinds.sealed" >"$tmp/ks"; echo "$tmp/ks")" |
		awk -F'\t' '{ printf "%-22s %5.1f%% %3d/%-3d %5.1f%% %3d/%-3d\n", $1,
			$3 ? 100 * $2 / $3 : 0, $2, $3, $5 ? 100 * $4 / $5 : 0, $4, $5 }'
	set -- $(cat "$tmp/dev.line")
	if [ -n "$min_recall" ] && awk -v r="${3%\%}" -v m="$min_recall" 'BEGIN { exit !(r < m) }'; then
		echo "FAILED: recall on the development half must stay at or over $min_recall%"
		status=1
	fi
	if [ -n "$max" ] && awk -v a="${4%\%}" -v m="$max" 'BEGIN { exit !(a >= m) }'; then
		echo "FAILED: false alarms on the development half must stay under $max%"
		status=1
	fi
fi

# The time of one `haven check` on a 5,000-word text (the crisis net reads
# it first): the fastest of a few runs, so a busy machine blurs it less.
words=$(grep -v -e '^#' "$root/tests/corpus/patterns.tsv" "$dev" 2>/dev/null | cut -f2- | tr -s ' \t\n' '\n\n\n')
printf '%s\n' "$words" | awk '{ w[n++] = $0 } END { for (i = 0; i < 5000; i++) printf "%s%s", w[i % n], (i % 12 == 11 ? ".\n" : " ") }' >"$tmp/5000.txt"
best=""
for _ in 1 2 3 4 5 6 7; do
	t0=$(date +%s%N)
	"$HAVEN" --json check - <"$tmp/5000.txt" >/dev/null 2>&1 || { echo "quality: haven check - failed on 5,000 words" >&2; exit 1; }
	t1=$(date +%s%N)
	ms=$(( (t1 - t0) / 1000 ))
	[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
done
awk -v us="$best" 'BEGIN { printf "haven check on 5,000 words: %.1f ms (target: under 10 ms)\n", us / 1000 }'

if [ -f "$root/tests/corpus/coach.tsv" ]; then
	measure coach coach "$root/tests/corpus/coach.tsv"
fi
exit $status
