# t-web-open.sh — how `haven serve` opens the browser and picks its port.
#
# The token must never be on a command line: `ps` shows every process's
# arguments to every account on the computer, and the token is the key to
# the journal.  The browser is given a private page (0600, in a folder only
# we can enter) that sends it on to the tokened address, and the page is
# gone once the server stops.  A stand-in xdg-open, first on PATH, records
# what it was given.  And when the usual port is taken, haven says plainly
# which one it uses, without libmicrohttpd's own error text.
. "$E2E_DIR/lib.sh"

unset HAVEN_NOW
mkdir -p "$T/bin"
cat >"$T/bin/xdg-open" <<'EOF'
#!/bin/sh
# Record the arguments, one a line, and what the first one names.
printf '%s\n' "$@" >"$OPEN_LOG"
cp "$1" "$OPEN_LOG.page" 2>/dev/null
stat -c %a "$1" >"$OPEN_LOG.mode" 2>/dev/null
stat -c %a "$(dirname "$1")" >"$OPEN_LOG.dir" 2>/dev/null
EOF
chmod 755 "$T/bin/xdg-open"

# open_with NAME=VALUE...: start `haven serve` as a desktop session would
# (XDG_RUNTIME_DIR unset unless given) and wait until the stand-in has run;
# sets server, url, token and page (the path it was given).
open_with() {
	rm -f "$T/open.log"*
	env -u XDG_RUNTIME_DIR DISPLAY=:99 PATH="$T/bin:$PATH" OPEN_LOG="$T/open.log" "$@" \
		"$HAVEN" serve --port 0 --json >"$T/serve.out" 2>"$T/serve.err" &
	server=$!
	for _ in $(seq 300); do [ -s "$T/open.log.dir" ] && break; sleep 0.1; done
	url=$(sed -n 's/.*"url": "\([^"]*\)".*/\1/p' "$T/serve.out")
	token=${url##*token=}
	page=$(head -n 1 "$T/open.log" 2>/dev/null)
}

stop_server() {
	serve_stop
	assert_eq "$1: the server stops cleanly" 0 "$?"
}

# --- in the runtime directory ------------------------------------------------
mkdir -m 700 "$T/run"
open_with XDG_RUNTIME_DIR="$T/run"
assert_match "the address has a token" '^http://127\.0\.0\.1:[0-9]+/\?token=[0-9a-f]{64}$' "$url"
assert_eq "the opener is given one argument" 1 "$(wc -l <"$T/open.log")"
assert_not_contains "the opener's arguments never hold the token" "$(cat "$T/open.log")" "$token"
assert_match "it is a page in the runtime directory" "^$T/run/[^/]+\\.html\$" "$page"
assert_eq "the page is 0600" 600 "$(cat "$T/open.log.mode")"
assert_contains "the page sends the browser to the address" "$(cat "$T/open.log.page")" "<meta http-equiv=\"refresh\" content=\"0;url=$url\">"
assert_contains "with a link when it does not" "$(cat "$T/open.log.page")" "<a href=\"$url\">"
assert_true "the page is there while the server runs" test -f "$page"
assert_not_contains "no other process on the computer has the token in its arguments" \
	"$(cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\0' ' ')" "$token"
# The whole way in a real browser: the page, our address, the cookie, the app.
if command -v chromium >/dev/null 2>&1; then
	# A browser that could not start in time (a loaded machine) prints
	# nothing at all: that is tried once more, while a page that arrives
	# anywhere else is judged as it is.
	for try in 1 2; do
		dom=$(timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
			--user-data-dir="$T/chromium" --virtual-time-budget=5000 --dump-dom "file://$page" 2>/dev/null)
		[ -n "$dom" ] && break
	done
	assert_contains "a browser given the page arrives in the app, signed in" "$dom" '<script type="module" src="/app.js">'
	assert_not_contains "and is not refused" "$dom" "Open haven with the link"
	assert_not_contains "nor shown the way back in" "$dom" "Open haven again"
else
	_e2e_fail "chromium is needed (scripts/install-deps.sh installs it)"
fi
stop_server "runtime directory"
assert_false "the page is removed when the server stops" test -e "$page"
assert_true "the runtime directory itself stays" test -d "$T/run"

# --- no runtime directory: a private folder of our own ------------------------
mkdir "$T/tmp"
open_with TMPDIR="$T/tmp"
assert_not_contains "no runtime directory: the token is still not in argv" "$(cat "$T/open.log")" "$token"
assert_match "the page is in a folder of its own under TMPDIR" "^$T/tmp/[^/]+/[^/]+\\.html\$" "$page"
assert_eq "that folder is 0700" 700 "$(cat "$T/open.log.dir")"
assert_eq "the page is 0600 there too" 600 "$(cat "$T/open.log.mode")"
assert_contains "and sends the browser to the address" "$(cat "$T/open.log.page")" "content=\"0;url=$url\""
stop_server "private folder"
assert_eq "page and folder are removed when the server stops" "" "$(ls -A "$T/tmp")"

# --- a runtime directory others can enter is not used --------------------------
mkdir -m 755 "$T/open-run"
open_with XDG_RUNTIME_DIR="$T/open-run" TMPDIR="$T/tmp"
assert_match "a runtime directory others can enter: a private folder instead" "^$T/tmp/[^/]+/[^/]+\\.html\$" "$page"
stop_server "shared runtime directory"
assert_eq "nothing is left in it" "" "$(ls -A "$T/open-run")"

# --- --no-open, or no display: no page at all ---------------------------------
rm -f "$T/open.log"*
env DISPLAY=:99 PATH="$T/bin:$PATH" OPEN_LOG="$T/open.log" XDG_RUNTIME_DIR="$T/run" \
	"$HAVEN" serve --port 0 --no-open --json >"$T/serve.out" 2>"$T/serve.err" &
server=$!
serve_wait # past the moment it would have run the opener
assert_false "--no-open: the opener is not run" test -e "$T/open.log"
assert_eq "--no-open: nor anything else started" "" "$(cat "/proc/$server/task/"*/children)"
assert_eq "--no-open: no page is written" "" "$(ls -A "$T/run")"
stop_server "--no-open"

# --- the usual port taken -------------------------------------------------------
# Hold 7878 with a first server; if something else holds it already, that
# does as well.
"$HAVEN" serve --no-open --port 7878 --json >"$T/first.out" 2>"$T/first.err" &
first=$!
end=$((SECONDS + 60))
until grep -q url "$T/first.out" || ! _e2e_running "$first" || [ "$SECONDS" -ge "$end" ]; do sleep 0.05; done
"$HAVEN" serve --no-open >"$T/second.out" 2>"$T/second.err" &
second=$!
serve_wait "$second" "$T/second.out" # its words on stderr said too
port=$(sed -n 's|^http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$T/second.out")
assert_ne "7878 taken: another port is used" 7878 "$port"
assert_contains "and haven says which one, plainly" "$(cat "$T/second.err")" "port 7878 is in use, so haven is at port $port instead."
assert_not_contains "without libmicrohttpd's error text" "$(cat "$T/second.err")" "bind"
assert_eq "the other port answers" 403 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")"
serve_stop "$second"
serve_stop "$first"

# A port asked for and taken: an error that says so, and nothing else.
"$HAVEN" serve --no-open --port 0 --json >"$T/serve.out" 2>"$T/serve.err" &
server=$!
serve_wait
busy=$(sed -n 's/.*"port": \([0-9]*\).*/\1/p' "$T/serve.out")
check_fails 1 "--port N taken: an error" "$HAVEN" serve --no-open --port "$busy"
assert_eq "that names the port and what to do" "haven: port $busy on 127.0.0.1 is already in use. Choose another with --port N" "$ERR"
stop_server "busy port"

# --routes prints the API's table and starts nothing: no database is opened
# for it, nor made.
check "serve --routes" haven --db "$T/routes/none.db" serve --routes
assert_contains "--routes: the table" "$OUT" "GET journal"
assert_false "--routes: no database made" test -e "$T/routes"

done_testing
