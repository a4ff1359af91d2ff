# t-web-group-commit.sh — writes that reach `haven serve` together share
# one commit, and that changes nothing a writer can tell: twelve entries
# posted at once are each answered 201 with their own record and all
# saved; and when the commit fails (the disk is full: a file size limit on
# the server), every writer of that round is told so, none of their entries
# is in the database, and the list shows none of them.
. "$E2E_DIR/lib.sh"

unset HAVEN_NOW
log_id -i 4 "before the writes" >/dev/null
serve_start
send_type=application/json

post() { # post N BODY: in the background, the status into $T/post.N
	curl -s -m 20 -o "$T/reply.$1" -w '%{http_code}' -b "$cookie" -X POST -H "Origin: $base" \
		-H "X-CSRF-Token: $csrf" -H "Content-Type: $send_type" -d "$2" "$base/api/journal" >"$T/post.$1"
}

pids=""
# Twelve: more new connections at once than the 16 not yet signed in that
# the server keeps would have some shut (t-web-flood.sh).
for i in $(seq 12); do
	post "$i" "{\"intensity\":3,\"what\":\"together $i\"}" &
	pids="$pids $!"
done
wait $pids # not the server's
statuses=$(for f in "$T"/post.*; do cat "$f"; echo; done | sort | uniq -c | tr -s ' ')
assert_eq "twelve at once: each 201" " 12 201" "$statuses"
assert_eq "each with its own record" 12 "$(for i in $(seq 12); do jget "$(cat "$T/reply.$i")" '$.id'; done | sort -u | wc -l)"
assert_eq "each the one it wrote" "together 7" "$(jget "$(cat "$T/reply.7")" '$.body.what')"
check "haven journal --json" haven --json journal --limit 100
assert_eq "all twelve saved" 12 "$(printf '%s' "$OUT" | jq '[.[] | select(.body.what | startswith("together"))] | length')"
serve_stop
rm -f "$T"/post.* "$T"/reply.*

# --- a commit that fails ----------------------------------------------------------
# A fresh database, and a file size limit on the server alone of that
# database's size (SIGXFSZ ignored, so a write fails with EFBIG as on a full
# disk): the log of writes, which starts empty, cannot take an entry of
# four long texts (about 76 kB).
export HAVEN_DB="$T/full.db"
log_id -i 4 "kept" >/dev/null
before=$(db_records)
limit=$((($(wc -c <"$HAVEN_DB") + 1023) / 1024))
(
	trap '' XFSZ
	ulimit -f "$limit"
	exec "$HAVEN" serve --no-open --port 0 --json
) >"$T/serve.out" 2>"$T/serve.err" &
server=$!
serve_sign_in
long=$(head -c 19000 /dev/zero | tr '\0' 'x')
pids=""
for i in 1 2 3 4; do
	post "$i" "{\"intensity\":5,\"what\":\"lost $i $long\",\"thoughts\":\"$long\",\"body\":\"$long\",\"response\":\"$long\"}" &
	pids="$pids $!"
done
wait $pids
assert_not_contains "a failed commit: no writer is told it was saved" "$(cat "$T"/post.*)" 201
assert_eq "each is told what went wrong" 4 "$(for i in 1 2 3 4; do jget "$(cat "$T/reply.$i")" '$.error.message'; done | grep -c 'has room')"
assert_eq "the list shows none of them" 0 "$(curl -s -b "$cookie" "$base/api/journal" | grep -c lost)"
serve_stop
assert_eq "and the database holds none of them" "$before" "$(db_records)"

done_testing
