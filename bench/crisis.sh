#!/bin/sh
# bench/crisis.sh — how well the crisis net hears what it must, on words it
# was written against and on words it never saw.
#
#   1. recall and false alarms on the development half of the corpus
#      (tests/corpus/crisis.tsv, which the rules are written against and the
#      weighed words learnt from), on the calibration set (which set only the
#      weights' threshold) and on the sealed half (crisis-sealed.tsv, only
#      ever scored), through the library, and the gap between development and
#      sealed: the honest figure is the sealed one; and how often it speaks
#      up on the anxious thoughts and drafts check and coach keep sealed;
#   2. the sealed half again through the real binary, the way an outside
#      check runs it: `haven log -i 8 --json TEXT`, one entry per sentence;
#   3. how long the net takes on a 5,000-word text, inside the library and as
#      a whole `haven check` command against `haven version` (the baseline:
#      starting haven at all), both measured in this run.
#
#   HAVEN=build/haven CRISIS_SCORE=build/bench/crisis-score sh bench/crisis.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
: "${HAVEN:=$root/build/haven}"
: "${CRISIS_SCORE:=$(dirname "$HAVEN")/bench/crisis-score}"
for f in "$HAVEN" "$CRISIS_SCORE"; do
	[ -x "$f" ] || { echo "crisis bench: $f is missing (run make bench)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export HAVEN_DB="$tmp/crisis.db" LANG=C.UTF-8
unset LC_ALL LC_MESSAGES HAVEN_NOW

dev="$root/tests/corpus/crisis.tsv"
sealed="$root/tests/corpus/crisis-sealed.tsv"
d=$("$CRISIS_SCORE" "$dev")
s=$("$CRISIS_SCORE" "$sealed")
echo "crisis net, development half: $d"
echo "crisis net, calibration set:  $("$CRISIS_SCORE" "$root/tests/corpus/crisis-calibration.tsv")"
echo "crisis net, sealed half:      $s"
# What people write most — anxious thoughts and drafts to a partner, from
# the sealed halves of check's and coach's corpora — is ordinary words: how
# often the net speaks up there anyway.
for f in thoughts drafts; do
	echo "crisis net on the sealed $f of check and coach: $("$CRISIS_SCORE" "$root/tests/corpus/$f-sealed.tsv" | sed 's/^recall [^;]*; //')"
done
echo "$d|$s" | awk -F'|' '{
	split($1, a, " "); split($2, b, " ")
	ra = a[2] + 0; rb = b[2] + 0; fa = a[10] + 0; fb = b[10] + 0
	printf("crisis net, the gap (development - sealed): recall %+.1f points, false alarms %+.1f points\n",
		ra - rb, fa - fb) }'

# The sealed half through `haven log`, as an outside check runs it.
must=0 heard=0 quiet=0 alarms=0 n=0
total=$(grep -cv -e '^#' -e '^$' "$sealed")
while IFS='	' read -r label text; do
	case $label in '#'* | '') continue ;; esac
	n=$((n + 1))
	[ -t 2 ] && printf '\r  haven log: %d of %d' "$n" "$total" >&2
	if "$HAVEN" log -i 8 --json -- "$text" 2>/dev/null | grep -q '"crisis": true'; then hit=1; else hit=0; fi
	case $label in
	wish | active | method | plan | hopeless | selfharm | danger | harm-other | threat)
		must=$((must + 1)); heard=$((heard + hit)) ;;
	*) quiet=$((quiet + 1)); alarms=$((alarms + hit)) ;;
	esac
done <"$sealed"
[ -t 2 ] && printf '\r\033[K' >&2
awk -v m="$must" -v h="$heard" -v q="$quiet" -v a="$alarms" 'BEGIN {
	printf("crisis net, sealed half through `haven log -i 8 --json`: recall %.1f%% (%d of %d); false alarms %.1f%% (%d of %d)\n",
		m ? 100 * h / m : 0, h, m, q ? 100 * a / q : 0, a, q) }'

# Speed: the library alone, then the whole command against starting haven.
# `haven --json check` on 5,000 words must take well under 10 ms in all; it
# is said as a ratio to `haven version`, measured in the same run, since
# the machine's load moves both alike.  Two texts: a few dozen everyday
# words drawn again and again (few kinds of word, few findings), and what
# people write — the development half's anxious thoughts and drafts, one
# after another, every line a new sentence with its own words and many
# findings.  The second is the honest figure.  Instructions (callgrind) are
# the honest figure on a shared machine, and are said too where valgrind is.
"$CRISIS_SCORE" -t 5000
awk 'BEGIN { srand(7); split("he said he would call after work and I waited by the phone wondering if I had said too much my chest felt tight so I walked over the bridge and took my pills with dinner tomorrow I will rest", w, " ");
	for (i = 0; i < 5000; i++) printf("%s%s", w[int(rand() * 40) + 1], (i % 17 == 16) ? ". " : " ") }' >"$tmp/drawn.txt"
awk -F'\t' '!/^#/ && NF == 2 { n = split($2, w, " "); for (i = 1; i <= n && words < 5000; i++) { printf("%s ", w[i]); words++ } }' \
	"$root/tests/corpus/thoughts.tsv" "$root/tests/corpus/drafts.tsv" >"$tmp/written.txt"
for text in drawn written; do
	case $text in
	drawn) what="a 5,000-word text of forty words drawn again and again" ;;
	*) what="5,000 words of anxious thoughts and drafts people wrote" ;;
	esac
	if command -v hyperfine >/dev/null 2>&1; then
		# Through the shell for both, which hyperfine measures and takes off.
		hyperfine --style none --warmup 3 --runs 30 --export-json "$tmp/t.json" \
			"$HAVEN version" "$HAVEN --json check - <$tmp/$text.txt" >/dev/null 2>"$tmp/hf.err" ||
			{ cat "$tmp/hf.err" >&2; exit 1; }
		awk -v what="$what" '/"median"/ { gsub(/[^0-9.e-]/, "", $2); m[++n] = $2 * 1000 }
		END { printf("haven --json check on %s: %.1f ms, %.1fx haven version (%.1f ms, the baseline, measured alongside); target well under 10 ms: %s\n",
			what, m[2], m[1] > 0 ? m[2] / m[1] : 0, m[1], m[2] < 10 ? "met" : "MISSED") }' "$tmp/t.json"
	else
		echo "haven --json check on $what: not timed (hyperfine is missing; make bench installs it)"
	fi
	if command -v valgrind >/dev/null 2>&1; then
		count() { # instructions of one run of haven with the given arguments
			valgrind --tool=callgrind --callgrind-out-file=/dev/null "$HAVEN" "$@" \
				<"$tmp/$text.txt" 2>&1 >/dev/null | sed -n 's/.*Collected : *//p'
		}
		base=$(count version) checked=$(count --json check -)
		awk -v b="$base" -v c="$checked" -v what="$what" 'BEGIN {
			printf("haven --json check on %s: %.1f M instructions, %.1fx haven version (%.1f M) (callgrind, for information)\n",
				what, c / 1e6, b > 0 ? c / b : 0, b / 1e6) }'
	fi
done
