#!/bin/sh
# bench/chat.sh — the chat importer on a generated 100 MB WhatsApp export.
# Every number is measured in this one run:
#   1. haven's import time against the npm package whatsapp-chat-parser
#      parsing the same file (target: haven at least 20x faster, by wall
#      time; the CPU time, user + system, is printed beside it so that other
#      load on the machine does not hide progress);
#   2. haven's peak memory (GNU time's "Maximum resident set size"; target
#      under 32 MB);
#   3. haven's throughput as a fraction of `wc -l` reading the same file;
#   4. the count of messages written by people, from both (target: the same;
#      whatsapp-chat-parser's system lines, which have no author, are not
#      counted);
#   5. how haven's time divides between reading and parsing the export and
#      writing the store (HAVEN_CHAT_TIMING=1 makes haven say, on stderr).
# A missed target prints MISSED but still exits 0; a tool or haven failing
# exits 1.  Needs a C compiler, node and npm, and GNU time (/usr/bin/time,
# Debian package "time", installed by scripts/install-deps.sh --bench).
#   HAVEN=build/haven sh bench/chat.sh
#   BENCH_CHAT_MB=100        size of the generated export
#   BENCH_NODE_DIR=DIR       where the npm package is kept (default build/bench-node)
set -eu

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
mb=${BENCH_CHAT_MB:-100}
target_ratio=20
target_rss_kb=32768

bench_start bench "${CC:-cc}" node npm wc
[ -x /usr/bin/time ] || die "GNU time is missing (scripts/install-deps.sh --bench installs it)"
unset HAVEN_DB HAVEN_NOW

# The npm package lives in build/, never in the repository.
node_dir=${BENCH_NODE_DIR:-$root/build/bench-node}
if [ ! -f "$node_dir/node_modules/whatsapp-chat-parser/package.json" ]; then
	mkdir -p "$node_dir"
	npm install --silent --no-audit --no-fund --prefix "$node_dir" whatsapp-chat-parser \
		>"$tmp/npm.log" 2>&1 || { cat "$tmp/npm.log" >&2; die "npm install failed"; }
fi
cat >"$node_dir/parse.mjs" <<'EOF'
import fs from 'node:fs';
import { parseString } from 'whatsapp-chat-parser';
const messages = parseString(fs.readFileSync(process.argv[2], 'utf8'));
// Messages written by people: system lines come without an author.
console.log(messages.filter((m) => m.author !== null && m.author !== undefined).length);
EOF

"${CC:-cc}" -O2 -o "$tmp/gen-chat" "$root/bench/gen-chat.c" || die "cannot build the generator"
"$tmp/gen-chat" "$mb" >"$tmp/chat.txt"
bytes=$(wc -c <"$tmp/chat.txt")

# Wall-clock seconds of a command (stdout to a file), with nanosecond clock.
seconds() {
	out=$1
	shift
	start=$(date +%s%N)
	"$@" >"$out" 2>>"$tmp/err.log" || { cat "$tmp/err.log" >&2; die "failed: $*"; }
	end=$(date +%s%N)
	echo "$start $end" | awk '{ printf "%.3f", ($2 - $1) / 1e9 }'
}

# Warm the page cache so every tool reads the file from memory.
cat "$tmp/chat.txt" >/dev/null
wc_s=$(seconds "$tmp/wc.out" wc -l "$tmp/chat.txt")
lines=$(cut -d' ' -f1 <"$tmp/wc.out")
node_s=$(seconds "$tmp/node.out" /usr/bin/time -v -o "$tmp/node-time.txt" \
	node --max-old-space-size=8192 "$node_dir/parse.mjs" "$tmp/chat.txt")
node_n=$(cat "$tmp/node.out")
: >"$tmp/err.log"
haven_s=$(seconds "$tmp/haven.out" /usr/bin/time -v -o "$tmp/time.txt" \
	env HAVEN_CHAT_TIMING=1 "$HAVEN" --json --db "$tmp/bench.db" chat import "$tmp/chat.txt" --me Alex)
read_s=$(sed -n 's/^haven: chat import timing: read \([0-9.]*\) s, store \([0-9.]*\) s$/\1/p' "$tmp/err.log")
store_s=$(sed -n 's/^haven: chat import timing: read \([0-9.]*\) s, store \([0-9.]*\) s$/\2/p' "$tmp/err.log")
haven_n=$(sed -n 's/^ *"messages": \([0-9]*\).*/\1/p' "$tmp/haven.out")
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$tmp/time.txt")
# CPU seconds (user + system) from GNU time's report.
cpu() {
	awk -F': *' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$1"
}
haven_cpu=$(cpu "$tmp/time.txt")
node_cpu=$(cpu "$tmp/node-time.txt")

awk -v mb="$bytes" -v lines="$lines" -v wc="$wc_s" -v node="$node_s" -v haven="$haven_s" \
	-v nn="$node_n" -v hn="$haven_n" -v rss="$rss_kb" -v tr="$target_ratio" \
	-v trss="$target_rss_kb" -v hcpu="$haven_cpu" -v ncpu="$node_cpu" \
	-v rd="${read_s:-0}" -v st="${store_s:-0}" 'BEGIN {
	printf "chat import: %.0f MB, %d lines\n", mb / 1e6, lines
	printf "  messages written by people: haven %d, whatsapp-chat-parser %d (target: the same) %s\n",
		hn, nn, (hn == nn ? "ok" : "MISSED")
	ratio = haven > 0 ? node / haven : 0
	printf "  haven %.2f s, whatsapp-chat-parser %.2f s: haven is %.1fx faster (target >= %dx) %s\n",
		haven, node, ratio, tr, (ratio >= tr ? "ok" : "MISSED")
	printf "  CPU time (user + system): haven %.2f s, whatsapp-chat-parser %.2f s (%.1fx)\n",
		hcpu, ncpu, (hcpu > 0 ? ncpu / hcpu : 0)
	printf "  haven peak memory %.1f MB (target < %.0f MB) %s\n", rss / 1024, trss / 1024,
		(rss < trss ? "ok" : "MISSED")
	printf "  haven %.0f MB/s; wc -l %.0f MB/s: haven runs at %.3f of wc -l\n",
		mb / 1e6 / haven, mb / 1e6 / (wc > 0 ? wc : 0.001), (wc > 0 ? wc : 0.001) / haven
	printf "  of it: %.3f s reading and parsing the export, %.3f s writing the store\n",
		rd, st
}'
