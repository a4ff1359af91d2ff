#!/bin/sh
# bench/web.sh — how `haven serve` holds up under load on loopback: wrk
# against GET /api/insights on a journal of a few thousand entries and
# against POST /api/journal (a real write each, synchronous=FULL), with
# requests per second and the 99th-percentile latency of each, then the
# server's resident memory after the load.  Bounded: 2 threads, 8
# connections, 5 seconds per endpoint.  For information; no targets.
#   HAVEN=build/haven sh bench/web.sh
#   BENCH_WEB_ENTRIES (default 5000), BENCH_WEB_SECONDS (default 5)
# Needs wrk, curl and a C compiler (scripts/install-deps.sh --bench).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
: "${HAVEN:=$root/build/haven}"
entries=${BENCH_WEB_ENTRIES:-5000}
seconds=${BENCH_WEB_SECONDS:-5}

die() {
	echo "bench/web: $*" >&2
	exit 1
}
[ -x "$HAVEN" ] || die "no haven binary at $HAVEN (run make first)"
for tool in wrk curl "${CC:-cc}"; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool is missing (scripts/install-deps.sh --bench installs it)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/haven-web-bench.XXXXXX")
server=""
cleanup() {
	if [ -n "$server" ]; then
		kill -TERM "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
unset HAVEN_NOW
export HAVEN_DB="$tmp/haven.db"

# --- a journal of a few thousand entries, imported as bench/run.sh does ---
ids() {
	sed -n 's/^[[:space:]]*{[[:space:]]*"id"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' \
		"$root/data/$1" | paste -sd, -
}
"${CC:-cc}" -O2 -o "$tmp/gen" "$root/bench/gen-journal.c" || die "cannot compile gen-journal.c"
"$tmp/gen" "$entries" "$(ids triggers.json)" "$(ids responses.json)" "$(ids emotions.json)" \
	>"$tmp/journal.jsonl"
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

# wrk's summary → "N req/s, p99 X" (and a failure when anything was refused).
report() {
	awk -v what="$1" '
		/Requests\/sec:/ { rps = $2 }
		/^[[:space:]]+99%/ { p99 = $2 }
		/Non-2xx or 3xx responses:/ { bad = $NF }
		/Socket errors:/ { errs = $0 }
		/^refused / { refused = $2 }
		END {
			if (rps == "") { print "bench/web: no result from wrk for " what > "/dev/stderr"; exit 1 }
			printf("  %-34s %8.0f req/s   p99 %s\n", what, rps, p99)
			if (bad + refused > 0 || errs != "") {
				printf("  (%d answers were not a success; %s)\n", bad + refused, errs)
				exit 1
			}
		}' "$2"
}

echo "web: haven serve on loopback, $entries journal entries; wrk -t2 -c8 -d${seconds}s --latency"
wrk -t2 -c8 -d"${seconds}s" --latency -H "Cookie: $cookie" "$base/api/insights" >"$tmp/get.txt" 2>&1 ||
	die "wrk failed: $(cat "$tmp/get.txt")"
report "GET /api/insights" "$tmp/get.txt" || die "GET /api/insights was refused (see above)"

before=$(curl -s -b "$cookie" "$base/api/journal" | grep -o '"kind":"trigger"' | wc -l)
HAVEN_BENCH_COOKIE=$cookie HAVEN_BENCH_ORIGIN=$base HAVEN_BENCH_CSRF=$csrf \
	wrk -t2 -c8 -d"${seconds}s" --latency -s "$root/bench/web-post.lua" "$base/api/journal" \
	>"$tmp/post.txt" 2>&1 || die "wrk failed: $(cat "$tmp/post.txt")"
report "POST /api/journal (a saved entry)" "$tmp/post.txt" || die "POST /api/journal was refused (see above)"
after=$(curl -s -b "$cookie" "$base/api/journal" | grep -o '"kind":"trigger"' | wc -l)
[ "$after" -gt "$before" ] || die "the POSTs did not land in the journal"

rss=$(awk '/^VmRSS:/ { print $2, $3 }' "/proc/$server/status" 2>/dev/null || echo "?")
echo "  server resident memory after the load: ${rss:-?}"

kill -TERM "$server"
wait "$server" || die "haven serve did not stop cleanly"
server=""
