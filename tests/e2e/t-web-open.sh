# t-web-open.sh — how `haven serve` picks its port.
#
# When the usual port is taken, haven says plainly which one it uses,
# without libmicrohttpd's own error text.
. "$E2E_DIR/lib.sh"

unset HAVEN_NOW

stop_server() {
	kill -TERM "$server"
	wait "$server"
	assert_eq "$1: the server stops cleanly" 0 "$?"
}

# --- the usual port taken -------------------------------------------------------
# Hold 7878 with a first server; if something else holds it already, that
# does as well.
"$HAVEN" serve --no-open --port 7878 --json >"$T/first.out" 2>"$T/first.err" &
first=$!
for _ in $(seq 50); do [ -s "$T/first.out" ] || ! kill -0 "$first" 2>/dev/null && break; sleep 0.1; done
"$HAVEN" serve --no-open >"$T/second.out" 2>"$T/second.err" &
second=$!
for _ in $(seq 50); do [ -s "$T/second.out" ] && break; sleep 0.1; done
sleep 0.2
port=$(sed -n 's|^http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$T/second.out")
assert_ne "7878 taken: another port is used" 7878 "$port"
assert_contains "and haven says which one, plainly" "$(cat "$T/second.err")" "port 7878 is in use, so haven is at port $port instead."
assert_not_contains "without libmicrohttpd's error text" "$(cat "$T/second.err")" "bind"
assert_eq "the other port answers" 403 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")"
kill -TERM "$second"
wait "$second"

kill -TERM "$first" 2>/dev/null
wait "$first"

# A port asked for and taken: an error that says so, and nothing else.
"$HAVEN" serve --no-open --port 0 --json >"$T/serve.out" 2>"$T/serve.err" &
server=$!
for _ in $(seq 50); do [ -s "$T/serve.out" ] && break; sleep 0.1; done
busy=$(sed -n 's/.*"port": \([0-9]*\).*/\1/p' "$T/serve.out")
check_fails 1 "--port N taken: an error" "$HAVEN" serve --no-open --port "$busy"
assert_eq "that names the port and what to do" "haven: port $busy on 127.0.0.1 is already in use. Choose another with --port N" "$ERR"
stop_server "busy port"

done_testing
