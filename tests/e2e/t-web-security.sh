# t-web-security.sh — `haven serve` refuses what it must, with curl against
# a running server: no token, a wrong or a second Host, a cross-origin or
# token-less write, path traversal, control bytes in the address, an
# oversize body, malformed JSON — and the database is unchanged after each
# refusal.  "Unchanged" is what SQLite reads (db_content), not the main
# file's bytes: the server's writes land in the WAL first.
. "$E2E_DIR/lib.sh"

log_id -i 5 -k work "before the server" >/dev/null
unset HAVEN_NOW # the server's own clock; nothing below depends on it

"$HAVEN" serve --no-open --port 0 --json >"$T/serve.out" 2>"$T/serve.err" &
server=$!
serve_wait
url=$(sed -n 's/.*"url": "\([^"]*\)".*/\1/p' "$T/serve.out")
port=$(sed -n 's/.*"port": \([0-9]*\).*/\1/p' "$T/serve.out")
token=${url##*token=}
base="http://127.0.0.1:$port"
assert_match "serve prints a loopback URL with a token" '^http://127\.0\.0\.1:[0-9]+/\?token=[0-9a-f]{64}$' "$url"

status() { curl -s -o "$T/body" -w '%{http_code}' "$@"; }

# --- access ----------------------------------------------------------------
assert_eq "no token: refused" 403 "$(status "$base/")"
assert_eq "no token: the API is refused too" 403 "$(status "$base/api/journal")"
assert_eq "a wrong token: refused" 403 "$(status "$base/?token=$(printf '%064d' 0)")"
curl -s -D "$T/headers" -o "$T/body" "$url"
assert_contains "the token is traded for a cookie" "$(cat "$T/headers")" "HttpOnly; SameSite=Strict"
# Not a redirect: a browser sends no SameSite=Strict cookie along a redirect
# of a navigation begun elsewhere (the private page `serve` opens is a file).
assert_contains "and the browser is sent on to the clean address by a page of ours" "$(cat "$T/body")" '<meta http-equiv="refresh" content="0;url=/">'
assert_contains "that page names the icon (else the browser asks for /favicon.ico and reports a 404)" "$(cat "$T/body")" '<link rel="icon" href="/icon.svg"'
assert_eq "a path of ours is kept" 1 "$(curl -s "$base/index.html?token=$token" | grep -c 'content="0;url=/index.html"')"
assert_eq "a path that could lead elsewhere is not" 1 "$(curl -s --path-as-is "$base//evil.example/?token=$token" | grep -c 'content="0;url=/"')"
assert_eq "nor one with markup in it" 1 "$(curl -s --path-as-is "$base/%22%3E%3Cb%3E?token=$token" | grep -c 'content="0;url=/"')"
cookie=$(sed -n 's/^Set-Cookie: \(haven_session=[0-9a-f]*\).*/\1/ip' "$T/headers" | tr -d '\r')
assert_eq "with the cookie: the page" 200 "$(status -b "$cookie" "$base/")"
assert_contains "every answer carries the CSP" "$(curl -s -D - -o /dev/null -b "$cookie" "$base/")" "Content-Security-Policy: default-src 'none'"
assert_eq "with the cookie: the API" 200 "$(status -b "$cookie" "$base/api/journal")"
assert_eq "settings: not a vault" false "$(jtype "$(curl -s -b "$cookie" "$base/api/settings")" '$.vault')"

# --- DNS rebinding: the Host must be ours -----------------------------------
assert_eq "wrong Host: refused" 403 "$(status -b "$cookie" -H "Host: evil.example:$port" "$base/api/journal")"
assert_eq "wrong port in Host: refused" 403 "$(status -b "$cookie" -H "Host: 127.0.0.1:1" "$base/api/journal")"
assert_eq "wrong Host with the token: refused before any cookie is given" 403 "$(status -H "Host: evil.example" "$url")"

# raw REQUEST: send it as it is (curl sends one Host however many are given)
# and print the status line's code.
raw() {
	exec 3<>"/dev/tcp/127.0.0.1/$port" || return
	printf '%s' "$1" >&3
	timeout 5 head -n 1 <&3 | cut -d' ' -f2
	exec 3<&-
}
crlf=$'\r\n'
one="GET /api/journal HTTP/1.1${crlf}Host: 127.0.0.1:$port${crlf}Cookie: $cookie${crlf}Connection: close${crlf}"
assert_eq "one Host, sent raw: answered" 200 "$(raw "$one$crlf")"
assert_eq "a second Host after ours: 400" 400 "$(raw "${one}Host: evil.example$crlf$crlf")"
assert_eq "our Host twice: 400" 400 "$(raw "${one}host: 127.0.0.1:$port$crlf$crlf")"

# --- writes need our origin and the CSRF token ------------------------------
csrf=$(curl -s -b "$cookie" "$base/api/session" | sed 's/.*"csrf":"\([0-9a-f]*\)".*/\1/')
before=$(db_content)
post() { status -b "$cookie" -X POST -H 'Content-Type: application/json' "$@"; }
assert_eq "cross-origin POST: refused" 403 "$(post -H "Origin: http://evil.example" -H "X-CSRF-Token: $csrf" -d '{"intensity":5}' "$base/api/journal")"
assert_eq "POST without an Origin: refused" 403 "$(post -H "X-CSRF-Token: $csrf" -d '{"intensity":5}' "$base/api/journal")"
assert_eq "POST without the CSRF token: refused" 403 "$(post -H "Origin: $base" -d '{"intensity":5}' "$base/api/journal")"
assert_eq "POST with a token but no cookie: refused" 403 "$(status -X POST -H "Origin: $base" -H "X-CSRF-Token: $csrf" -d '{"intensity":5}' "$url")"
assert_eq "the refused writes changed nothing" "$before" "$(db_content)"

# --- paths ------------------------------------------------------------------
assert_eq "/../ traversal: 404" 404 "$(status -b "$cookie" --path-as-is "$base/../../etc/passwd")"
assert_eq "encoded traversal: 404" 404 "$(status -b "$cookie" --path-as-is "$base/%2e%2e/%2e%2e/etc/passwd")"
assert_eq "encoded slash traversal: 404" 404 "$(status -b "$cookie" --path-as-is "$base/..%2f..%2fetc%2fpasswd")"
assert_eq "no directory listing" 404 "$(status -b "$cookie" "$base/pages/")"
assert_eq "an unknown API path: 404" 404 "$(status -b "$cookie" "$base/api/nothing-here")"
assert_eq "%00 in the path: not index.html" 400 "$(status -b "$cookie" --path-as-is "$base/index.html%00.js")"
assert_eq "%00 before an API path's end: refused" 400 "$(status -b "$cookie" --path-as-is "$base/api/journal%00x")"
assert_eq "an encoded newline in the path: refused" 400 "$(status -b "$cookie" --path-as-is "$base/index.html%0a")"
assert_eq "an encoded DEL in the path: refused" 400 "$(status -b "$cookie" --path-as-is "$base/index.html%7F")"
assert_eq "an encoded control byte in a query value: refused" 400 "$(status -b "$cookie" "$base/api/journal?since=today%00")"
assert_eq "a good address after a refused one (one connection): answered" "400 200 " "$(curl -s -b "$cookie" --path-as-is -o /dev/null -o /dev/null -w '%{http_code} ' "$base/index.html%00" "$base/index.html")"

# --- bodies -------------------------------------------------------------------
head -c 2000000 /dev/zero | tr '\0' 'a' >"$T/big.json"
assert_eq "an oversize body: 413" 413 "$(post -H "Origin: $base" -H "X-CSRF-Token: $csrf" --data-binary @"$T/big.json" "$base/api/journal")"
assert_eq "malformed JSON: 400" 400 "$(post -H "Origin: $base" -H "X-CSRF-Token: $csrf" -d '{"intensity":' "$base/api/journal")"
assert_contains "malformed JSON: the message says so" "$(cat "$T/body")" "not valid JSON"
assert_eq "an invalid field: 400" 400 "$(post -H "Origin: $base" -H "X-CSRF-Token: $csrf" -d '{"intensity":11}' "$base/api/journal")"
assert_contains "the same message as the CLI" "$(cat "$T/body")" "intensity must be a whole number from 1 to 10"
assert_eq "the refused bodies changed nothing" "$before" "$(db_content)"

# --- the crisis net answers through the API too --------------------------------
assert_eq "coach with crisis words: 200" 200 "$(post -H "Origin: $base" -H "X-CSRF-Token: $csrf" -d '{"draft":"I want to kill myself if you go"}' "$base/api/coach")"
assert_contains "coach: the reply carries the notice" "$(cat "$T/body")" '"crisis":true'
assert_eq "check without crisis words: 200" 200 "$(post -H "Origin: $base" -H "X-CSRF-Token: $csrf" -d '{"text":"I know they think I am too needy"}' "$base/api/check")"
assert_not_contains "check: no notice" "$(cat "$T/body")" '"crisis"'

# --- and a good write lands ---------------------------------------------------
assert_eq "a good POST is created" 201 "$(post -H "Origin: $base" -H "X-CSRF-Token: $csrf" -d '{"intensity":6,"what":"from the web","triggers":["work"]}' "$base/api/journal")"
id=$(sed 's/.*"id":"\([0-9a-f-]*\)".*/\1/' "$T/body")
serve_stop
assert_eq "the server stops cleanly on SIGTERM" 0 "$?"
check "the CLI sees the web's entry" haven journal show "$id" --json
assert_eq "with its fields" "from the web" "$(jget "$OUT" '$.body.what')"

done_testing
