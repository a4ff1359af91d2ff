#!/bin/sh
# bench/report.sh — `haven report` over one year of a generated journal
# (every part, as PDF and as HTML).  Measured in this one run:
#   1. the PDF of the year (target: under 1 s);
#   2. the same as a ratio to `haven insights --json --since` of that year
#      on the same database: the journal read once, with no document made,
#      so the ratio is what drawing and writing the report adds;
#   3. the HTML of the year (for information).
# A missed target prints MISSED but still exits 0; a tool or haven failing
# exits 1.  Needs hyperfine and a C compiler.
#   HAVEN=build/haven sh bench/report.sh
#   BENCH_REPORT_ENTRIES=20000   entries over the generator's two years
set -eu

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
entries=${BENCH_REPORT_ENTRIES:-20000}
target_ms=1000

bench_start bench hyperfine "${CC:-cc}"
unset HAVEN_NOW
export HAVEN_DB="$tmp/haven.db"

bench_journal "$entries" "$tmp/journal.jsonl"
"$HAVEN" import "$tmp/journal.jsonl" >/dev/null || die "haven import failed"
# The generator spreads its entries over 2024 and 2025: the report is of 2025.
period="--from 2025-01-01 --to 2025-12-31"
# shellcheck disable=SC2086
"$HAVEN" report $period -o "$tmp/year.pdf" 2>/dev/null || die "haven report failed"
[ -s "$tmp/year.pdf" ] || die "haven report wrote nothing"

# shellcheck disable=SC2086
hyperfine $no_shell --style none --warmup 1 --runs "${BENCH_REPORT_RUNS:-10}" \
	--export-json "$tmp/t.json" \
	"$HAVEN insights --json --since 2025-01-01" \
	"$HAVEN report $period -o $tmp/year.pdf" \
	"$HAVEN report $period -o $tmp/year.html" >"$tmp/hyperfine.log" 2>&1 ||
	{ cat "$tmp/hyperfine.log" >&2; die "hyperfine failed"; }

mean_ms() {
	sed -n 's/.*"mean": *\([0-9.eE+-]*\).*/\1/p' "$tmp/t.json" | sed -n "$1p" |
		awk '{ printf("%.1f", $1 * 1000) }'
}
base=$(mean_ms 1)
pdf=$(mean_ms 2)
html=$(mean_ms 3)
awk -v b="$base" -v p="$pdf" -v h="$html" -v t="$target_ms" -v n="$entries" 'BEGIN {
	printf("report of a year (%d entries over two years), PDF: %.0f ms (target < %d ms)%s\n",
		n / 2, p, t, p < t ? "" : "  MISSED")
	printf("  %.1fx the insights of that year (%.0f ms), the journal read with no document made\n",
		b > 0 ? p / b : 0, b)
	printf("  as HTML: %.0f ms (for information)\n", h) }'
