#!/bin/sh
# bench/web.sh — how `haven serve` holds up on loopback with a journal of
# 5,000 entries (issue 17's measure): wrk against every GET route the pages
# use, the journal's pages from random places (never a kept reply), and
# POST /api/journal (a real write each, synchronous=FULL),
# printing per route the size of its reply, requests per second, p50 and
# p99 beside the targets, then the server's resident memory after all of
# it (the card's PDF and two years' report among it) and the size of the
# first page load.
#   targets: p99 <= 5 ms for a GET, p99 <= 10 ms for the POST, server RSS
#   <= 20 MB after the load, first load < 100 KB.
# Beside each route, its p99 and its requests per second as ratios of a
# baseline measured in the same run: GET /icon.svg, the least the server
# does for a request (a file from memory, before the gate), asked before
# the routes and again after them.  On a loaded machine the milliseconds
# move with everyone else's work; the ratios say what the route itself
# costs.
# A missed target prints MISSED but still exits 0; a refused request, or a
# tool or haven failing, exits 1.  GET /api/export is left out: it is the
# whole journal as a download, not a page.  Bounded: 2 threads, 8
# connections, BENCH_WEB_SECONDS (default 2) per route.
#   HAVEN=build/haven sh bench/web.sh
#   BENCH_WEB_ENTRIES (default 5000), BENCH_WEB_SECONDS (default 2)
# Needs wrk, curl and a C compiler (scripts/install-deps.sh --bench).
set -eu

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
entries=${BENCH_WEB_ENTRIES:-5000}
seconds=${BENCH_WEB_SECONDS:-2}
target_get_ms=5
target_post_ms=10
target_rss_kb=20480
target_first_kb=100

bench_start bench/web wrk curl "${CC:-cc}"
server=""
bench_on_exit() {
	if [ -n "$server" ]; then
		kill -TERM "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
}
unset HAVEN_NOW
export HAVEN_DB="$tmp/haven.db"

# --- a journal of a few thousand entries, imported as bench/run.sh does ---
bench_journal "$entries" "$tmp/journal.jsonl"
"$HAVEN" import "$tmp/journal.jsonl" >/dev/null || die "haven import failed"
"$HAVEN" insights --json >/dev/null || die "haven insights failed" # fills the facts cache

# --- the server, and the session a browser would have ----------------------
"$HAVEN" serve --no-open --port 0 --json >"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
for _ in $(seq 100); do [ -s "$tmp/serve.out" ] && break; sleep 0.05; done
url=$(sed -n 's/.*"url": "\([^"]*\)".*/\1/p' "$tmp/serve.out")
port=$(sed -n 's/.*"port": \([0-9]*\).*/\1/p' "$tmp/serve.out")
[ -n "$url" ] || die "haven serve did not start: $(cat "$tmp/serve.err")"
base="http://127.0.0.1:$port"
curl -s -D "$tmp/headers" -o /dev/null "$url" || die "cannot reach $base"
cookie=$(sed -n 's/^Set-Cookie: \(haven_session=[0-9a-f]*\).*/\1/ip' "$tmp/headers" | tr -d '\r')
[ -n "$cookie" ] || die "the token was not traded for a cookie"
csrf=$(curl -s -b "$cookie" "$base/api/session" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p')
[ -n "$csrf" ] || die "no CSRF token from /api/session"

# What both readings of wrk's summary begin with: requests per second in
# rps, the median and the 99th percentile in p50 and p99, in ms.
# shellcheck disable=SC2016 # awk's program, not the shell's
wrk_lines='
		function ms(v) {
			if (v ~ /us$/) return v / 1000
			if (v ~ /ms$/) return v + 0
			if (v ~ /s$/) return v * 1000
			return v
		}
		/Requests\/sec:/ { rps = $2 }
		/^[[:space:]]+50%/ { p50 = ms($2) }
		/^[[:space:]]+99%/ { p99 = ms($2) }'

# wrk's summary → "rps p50 p99" in ms (a failure when nothing came back).
figures() {
	awk "$wrk_lines"'
		END { if (rps == "") exit 1; printf("%s %s %s\n", rps, p50, p99) }' "$1"
}

# wrk's summary → one line: req/s, p50, p99 against the target (ms), and
# p99 and req/s as ratios of the baseline's; a failure when anything was
# refused.
report() {
	awk -v what="$1" -v size="$3" -v target="$4" -v base="$base_figures" "$wrk_lines"'
		/Non-2xx or 3xx responses:/ { bad = $NF }
		/Socket errors:/ { errs = $0 }
		/^refused / { refused = $2 }
		END {
			if (rps == "") { print "bench/web: no result from wrk for " what > "/dev/stderr"; exit 1 }
			split(base, b, " ")
			ratio = ""
			if (b[1] > 0 && b[3] > 0)
				ratio = sprintf("  p99 x%.1f, req/s x%.2f of baseline", p99 / b[3], rps / b[1])
			printf("  %-36s %9s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms (target <= %d) %s%s\n",
				what, size, rps, p50, p99, target, p99 <= target ? "ok" : "MISSED", ratio)
			if (bad + refused > 0 || errs != "") {
				printf("  (%d answers were not a success; %s)\n", bad + refused, errs)
				exit 1
			}
		}' "$2"
}

# The baseline: GET /icon.svg under the same wrk, once before the routes
# and once after; the ratios use the first.
baseline() { # LABEL
	wrk -t2 -c8 -d"${seconds}s" --latency -H "Cookie: $cookie" "$base/icon.svg" >"$tmp/base.txt" 2>&1 ||
		die "wrk failed: $(cat "$tmp/base.txt")"
	f=$(figures "$tmp/base.txt") || die "no result from wrk for the baseline"
	echo "$f" | awk -v what="$1" '{
		printf("  %-36s %9s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms (the baseline)\n",
			what, "", $1, $2, $3) }'
	[ -n "$base_figures" ] || base_figures=$f
}

# A size in bytes for people: 412 B, 17.2 KB, 1.7 MB.
human() {
	awk -v b="$1" 'BEGIN {
		if (b < 1024) printf("%d B", b)
		else if (b < 1048576) printf("%.1f KB", b / 1024)
		else printf("%.1f MB", b / 1048576) }'
}

bench_get() { # PATH (below /api/)
	status=$(curl -s -o "$tmp/reply" -w '%{http_code}' -b "$cookie" "$base/api/$1")
	if [ "$status" != 200 ]; then
		printf '  %-36s not measured: it answers %s here\n' "GET /api/$1" "$status"
		return 0
	fi
	size=$(human "$(wc -c <"$tmp/reply")")
	wrk -t2 -c8 -d"${seconds}s" --latency -H "Cookie: $cookie" "$base/api/$1" >"$tmp/get.txt" 2>&1 ||
		die "wrk failed: $(cat "$tmp/get.txt")"
	report "GET /api/$1" "$tmp/get.txt" "$size" "$target_get_ms" || die "GET /api/$1 was refused (see above)"
}

echo "web: haven serve on loopback, $entries journal entries; wrk -t2 -c8 -d${seconds}s --latency per route"
echo "  (load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
base_figures=""
baseline "GET /icon.svg, before the routes"

# Every GET route without an id, from the server's own table, and a few
# with one: a chart, page words, the journal's second page.
routes=$("$HAVEN" serve --routes | sed -n 's/^GET \([^{]*\)$/\1/p' | grep -v -x -e export -e session)
second=$(curl -s -D - -o /dev/null -b "$cookie" "$base/api/journal" |
	sed -n 's/^Link: <\/api\/\([^>]*\)>; rel="next".*/\1/ip' | tr -d '\r')
for route in session $routes charts/weekly.svg content/home.json \
	'practices/schedule?technique=breathe-box' ${second:+"$second"}; do
	case $route in
	practices/schedule) continue ;; # measured with a technique, below it
	esac
	bench_get "$route"
done

# Pages from anywhere in the journal: each a place never asked before, so
# none is a kept reply (bench/web-page.lua; gen-journal.c writes 2024-2025).
HAVEN_BENCH_COOKIE=$cookie HAVEN_BENCH_FROM=1704067200000 HAVEN_BENCH_TO=1767225600000 \
	wrk -t2 -c8 -d"${seconds}s" --latency -s "$root/bench/web-page.lua" "$base/api/journal" \
	>"$tmp/page.txt" 2>&1 || die "wrk failed: $(cat "$tmp/page.txt")"
report "GET /api/journal, pages not kept" "$tmp/page.txt" "" "$target_get_ms" ||
	die "GET /api/journal?before= was refused (see above)"

newest() { curl -s -b "$cookie" "$base/api/journal?limit=1" | sed -n 's/.*"what":"\([^"]*\)".*/\1/p'; }
HAVEN_BENCH_COOKIE=$cookie HAVEN_BENCH_ORIGIN=$base HAVEN_BENCH_CSRF=$csrf \
	wrk -t2 -c8 -d"${seconds}s" --latency -s "$root/bench/web-post.lua" "$base/api/journal" \
	>"$tmp/post.txt" 2>&1 || die "wrk failed: $(cat "$tmp/post.txt")"
report "POST /api/journal (a saved entry)" "$tmp/post.txt" "" "$target_post_ms" ||
	die "POST /api/journal was refused (see above)"
[ "$(newest)" = "bench entry from the web" ] || die "the POSTs did not land in the journal"
# After the writes, the kept replies are stale: the first GETs make them again.
bench_get insights

# The documents as PDF once each (the card's is kept after its first, the
# report's drawn every time), so fonts or caches their drawing left in the
# server would show in its resident memory below.
for doc in card/file 'report/file?from=2024-01-01&to=2025-12-31'; do
	status=$(curl -s -o "$tmp/reply" -w '%{http_code}' -b "$cookie" "$base/api/$doc")
	[ "$status" = 200 ] && [ "$(head -c 5 "$tmp/reply")" = "%PDF-" ] ||
		die "GET /api/$doc answered $status, not a PDF"
done

baseline "GET /icon.svg, after the routes"
echo "  (load average after: $(cut -d' ' -f1-3 /proc/loadavg))"

rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server/status" 2>/dev/null || echo 0)
awk -v rss="$rss" -v t="$target_rss_kb" 'BEGIN {
	printf("  server resident memory after the load: %.1f MB (target <= %.0f MB) %s\n",
		rss / 1024, t / 1024, rss > 0 && rss <= t ? "ok" : "MISSED") }'

# The first load: the page, its stylesheet and icon, the modules app.js
# imports and those they import, the Today page's module, and what Today
# asks the API for (web/pages/today.js).
first=0
fetched=" "
fetch() {
	case $fetched in *" $1 "*) return 0 ;; esac
	fetched="$fetched$1 "
	curl -s -o "$tmp/asset" -b "$cookie" "$base$1" || die "cannot fetch $1"
	first=$((first + $(wc -c <"$tmp/asset")))
	case $1 in
	*.js) # its static imports, resolved before any is fetched (sh has no locals)
		deps=$(sed -n "s/^import .* from '\(\.\{1,2\}\/[^']*\)';.*/\1/p" "$tmp/asset" |
			awk -v dir="$(dirname "$1")" '{
				d = dir; p = $0
				while (substr(p, 1, 3) == "../") { sub(/\/[^\/]*$/, "", d); p = substr(p, 4) }
				sub(/^\.\//, "", p)
				print (d == "/" ? "" : d) "/" p }')
		for dep in $deps; do fetch "$dep"; done
		;;
	esac
}
for asset in / /style.css /icon.svg /app.js /pages/today.js /api/session \
	/api/content/home.json '/api/journal?limit=5' /api/content/checkin.json; do
	fetch "$asset"
done
awk -v b="$first" -v t="$target_first_kb" 'BEGIN {
	printf("  first load (Today, with its API replies): %.1f KB (target < %d KB) %s\n",
		b / 1024, t, b < t * 1024 ? "ok" : "MISSED") }'

kill -TERM "$server"
wait "$server" || die "haven serve did not stop cleanly"
server=""
