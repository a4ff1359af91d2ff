# t-web-remember.sh — `haven serve --remember` keeps one address across
# restarts: the same URL and port, a session cookie that outlives the
# browser session and still opens haven after a restart, all kept in a
# 0600 file beside the database and never on a command line; a kept file
# others could read, or a garbled one, is refused; --forget removes it,
# and then the old address and cookie open nothing.
. "$E2E_DIR/lib.sh"

unset HAVEN_NOW
kept="$HAVEN_DB.serve"

# start [ARGS]: serve in the background; sets server, url, port, base.
start() {
	"$HAVEN" serve --no-open "$@" >"$T/serve.out" 2>"$T/serve.err" &
	server=$!
	serve_wait # this server's address, never the one before's
	url=$(head -n 1 "$T/serve.out")
	port=$(printf '%s' "$url" | sed -n 's/^http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p')
	base="http://127.0.0.1:$port"
}
stop() { serve_stop; }
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

log_id -i 4 "kept across restarts" >/dev/null

start --remember --port 0
first=$url
assert_match "a remembered address is still a loopback URL with a token" '^http://127\.0\.0\.1:[0-9]+/\?token=[0-9a-f]{64}$' "$url"
assert_contains "and haven says it keeps it" "$(cat "$T/serve.err")" "--forget"
SERVE_JSON=$(cat "$E2E_DIR/../../data/serve.json")
assert_contains "in the words of data/serve.json" "$(cat "$T/serve.err")" "$(jget "$SERVE_JSON" '$.cli.remembered')"
assert_contains "and where it is open" "$(cat "$T/serve.err")" "$(jget "$SERVE_JSON" '$.cli.open')"
assert_eq "kept beside the database, for us alone" 600 "$(file_mode "$kept")"
assert_not_contains "the token is on no command line" "$(tr '\0' ' ' <"/proc/$server/cmdline")" "${url##*token=}"
curl -s -D "$T/headers" -o /dev/null "$url"
cookie=$(sed -n 's/^Set-Cookie: \(haven_session=[0-9a-f]*\).*/\1/ip' "$T/headers" | tr -d '\r')
assert_contains "the cookie outlives the browser session" "$(cat "$T/headers")" "Max-Age=31536000"
assert_eq "the cookie opens the journal" 200 "$(code -b "$cookie" "$base/api/journal")"
stop

start --remember
assert_eq "after a restart: the same address" "$first" "$url"
assert_eq "and the cookie from before still opens it (a bookmark works)" 200 "$(code -b "$cookie" "$base/api/journal")"
stop

start --port 0
assert_ne "without --remember: an address of its own" "$first" "$url"
assert_eq "which the kept cookie does not open" 403 "$(code -b "$cookie" "$base/api/journal")"
stop
assert_eq "and the kept address is left alone" 600 "$(file_mode "$kept")"

# --- a kept file that cannot be trusted --------------------------------------------
chmod 644 "$kept"
check_fails nonzero "a kept address others could read: refused" haven serve --no-open --remember
assert_contains "saying how to clear it" "$ERR" "haven serve --forget"
chmod 600 "$kept"
cp "$kept" "$T/good"
printf '{"token": "short"}\n' >"$kept"
check_fails nonzero "a garbled kept address: refused" haven serve --no-open --remember
assert_contains "saying so" "$ERR" "damaged"
cp "$T/good" "$kept"

# --- forgetting -----------------------------------------------------------------------
check_fails 2 "--remember and --forget together: a usage error" haven serve --remember --forget
check "serve --forget" haven serve --forget
assert_contains "says the address is forgotten" "$OUT" "forgotten"
assert_eq "in the words of data/serve.json" "$(jget "$SERVE_JSON" '$.cli.forgotten')" "$OUT"
check "serve --forget with nothing kept" haven serve --forget
assert_eq "says none was kept" "$(jget "$SERVE_JSON" '$.cli.none_kept')" "$OUT"
assert_false "the file is gone" test -e "$kept"
check "serve --forget again" haven --json serve --forget
assert_eq "nothing left to forget" false "$(jtype "$OUT" '$.forgotten')"
start --remember --port 0
assert_ne "remembering again: a new address" "$first" "$url"
assert_eq "the old cookie opens nothing" 403 "$(code -b "$cookie" "$base/api/journal")"
stop
check "serve --forget, to end" haven serve --forget

done_testing
