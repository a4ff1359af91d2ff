# t-web-flood.sh — idle and slow connections cannot shut the browser out.
#
# Anyone on this computer can connect to 127.0.0.1 without the token.
# Connections that have not shown our cookie or token are kept to a few,
# the oldest shut when more arrive, so the browser's request is answered
# at once however many strangers are waiting.  Requests are given 5 s
# (curl --max-time); before this was fixed, 64 idle connections held the
# server for its whole 15 s idle timeout.
. "$E2E_DIR/lib.sh"

unset HAVEN_NOW
# Writing to a connection the server has shut must fail, not kill the test.
trap '' PIPE
log_id -i 4 "before the flood" >/dev/null
serve_start

# answered: the status of a signed-in request, or 000 if none came in 5 s.
answered() { curl -s -m 5 -o /dev/null -w '%{http_code}' -b "$cookie" "$base${1:-/api/journal}"; }
assert_eq "signed in" 200 "$(answered)"

# idle N: open N connections that never send a byte; their descriptors are
# in idle_fds.
idle_fds=()
idle() {
	local i fd
	for ((i = 0; i < $1; i++)); do
		exec {fd}<>"/dev/tcp/127.0.0.1/$port" || break
		idle_fds+=("$fd")
	done
}
close_idle() {
	local fd
	for fd in "${idle_fds[@]}"; do exec {fd}<&-; done
	idle_fds=()
}

idle 64
assert_eq "64 idle connections opened" 64 "${#idle_fds[@]}"
assert_eq "64 idle connections: the journal is still answered" 200 "$(answered)"
assert_eq "and the page" 200 "$(answered /)"
# The first of them was shut to make room: reading it ends at once.
timeout 3 cat <&"${idle_fds[0]}" >/dev/null 2>&1
assert_eq "the oldest idle connection was shut" 0 "$?"

idle 200
assert_eq "264 idle connections (more than the server's limit): answered" 200 "$(answered)"
close_idle

# Slow ones: a request head begun and never finished.
for ((i = 0; i < 64; i++)); do
	exec {fd}<>"/dev/tcp/127.0.0.1/$port" || break
	printf 'GET /api/journal HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nX-Slow: ' "$port" >&"$fd"
	idle_fds+=("$fd")
done
assert_eq "64 half-sent requests: answered" 200 "$(answered)"
for fd in "${idle_fds[@]}"; do printf 'a' >&"$fd" 2>/dev/null; done
assert_eq "still answered while they trickle on" 200 "$(answered)"
close_idle

# A head larger than a connection may hold is refused, and nothing else is.
big=$(head -c 100000 /dev/zero | tr '\0' a)
assert_eq "a 100 kB header: refused" 431 "$(curl -s -m 5 -o /dev/null -w '%{http_code}' -b "$cookie" -H "X-Big: $big" "$base/api/journal")"
assert_eq "then the next request is answered" 200 "$(answered)"

# A write still lands after all of that.
assert_eq "a write after the flood: created" 201 "$(curl -s -m 5 -o /dev/null -w '%{http_code}' -b "$cookie" -X POST -H "Origin: $base" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d '{"intensity":3,"what":"after the flood"}' "$base/api/journal")"
serve_stop
assert_eq "the server stops cleanly" 0 "$?"
check "two entries" haven journal --json
assert_eq "both are there" 2 "$(jlen "$OUT")"

done_testing
