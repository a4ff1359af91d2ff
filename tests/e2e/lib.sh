# lib.sh — assertion helpers for haven's end-to-end tests (bash).
#
# Sourced by every t-*.sh.  run.sh has already made a fresh temporary
# directory ($E2E_TMP, also the working directory), pointed HAVEN_DB into it
# and fixed TZ=UTC and HAVEN_NOW.  Each assertion appends "pass" or "fail"
# to $E2E_RESULTS; a failure also prints what was run, what was expected,
# what came instead and the command's stderr.
#
#   run CMD...                   run, capturing $OUT, $ERR and $RC (stdin from
#                                $RUN_STDIN, /dev/null unless set)
#   check NAME CMD...            run; expect exit status 0
#   check_fails CODE NAME CMD... run; expect exit status CODE ("nonzero": any but 0)
#   assert_eq NAME EXPECTED ACTUAL
#   assert_ne NAME UNEXPECTED ACTUAL
#   assert_contains NAME HAYSTACK NEEDLE
#   assert_not_contains NAME HAYSTACK NEEDLE
#   assert_match NAME ERE VALUE
#   assert_true NAME CMD...      a silent condition, e.g. cmp a b, test -f x
#   assert_false NAME CMD...
#   jget JSON PATH               the value at a JSON path (SQLite json_extract:
#                                strings bare, arrays/objects as compact JSON,
#                                true/false as 1/0)
#   jtype JSON PATH              null, true, false, integer, real, text, array, object
#   jlen JSON [PATH]             length of the array at PATH
#   jkeys JSON [PATH]            the object's keys, comma-separated, in order
#   db_hash [FILE]               sha256 of the database file ("absent" if none)
#   db_content [FILE]            sha256 of what the database holds, read through
#                                SQLite, so writes still in the WAL count too
#                                (the facts cache, which any read may fill, does not)
#   db_records [FILE]            sha256 of its entries and purges row by row in id
#                                order: what two merged copies of one journal must
#                                share (rowids, the device id and the facts cache differ)
#   file_mode FILE               octal permission bits, e.g. 600 ("absent" if none)
#   log_id ARGS...               `haven log ARGS`; prints the new id
#   size_limited KB CMD...       CMD with every file it writes capped at KB kB, a
#                                write past it failing with EFBIG as on a full disk
#   serve_start [NAME=VALUE...]  a signed-in `haven serve` (below), and
#   serve_wait, serve_stop       waiting for a server's start and its end, bounded
#   haven ARGS...                the binary under test
#   done_testing                 must end every test file

set -u

: "${E2E_TMP:?run the tests through tests/e2e/run.sh}"
: "${E2E_RESULTS:?run the tests through tests/e2e/run.sh}"
: "${HAVEN:?HAVEN must name the haven binary}"

T=$E2E_TMP
_E2E_OUT=$T/.e2e-stdout
_E2E_ERR=$T/.e2e-stderr
_E2E_JSON=$T/.e2e-json
OUT="" ERR="" RC=0 LAST_CMD=""

haven() {
	"$HAVEN" "$@"
}

_e2e_pass() {
	echo pass >>"$E2E_RESULTS"
	[ -n "${E2E_VERBOSE:-}" ] && printf 'ok   [%s] %s\n' "$E2E_FILE" "$1" >&2
	return 0
}

# _e2e_fail NAME LINE... : one failure, with its details indented.
_e2e_fail() {
	echo fail >>"$E2E_RESULTS"
	{
		printf 'FAIL [%s] %s\n' "$E2E_FILE" "$1"
		shift
		local line
		for line in "$@"; do
			printf '%s\n' "$line" | sed 's/^/       /'
		done
	} >&2
	return 1
}

# Show at most 40 lines of a captured stream in a failure report.
_e2e_clip() {
	printf '%s\n' "$1" | head -n 40
	[ "$(printf '%s\n' "$1" | wc -l)" -gt 40 ] && echo "… (cut)"
	return 0
}

_e2e_ctx() {
	printf 'last command: %s\n' "$LAST_CMD"
	printf 'stdout:\n%s\n' "$(_e2e_clip "$OUT" | sed 's/^/  | /')"
	printf 'stderr:\n%s\n' "$(_e2e_clip "$ERR" | sed 's/^/  | /')"
}

run() {
	LAST_CMD=$(printf '%q ' "$@")
	LAST_CMD=${LAST_CMD% }
	"$@" >"$_E2E_OUT" 2>"$_E2E_ERR" <"${RUN_STDIN:-/dev/null}"
	RC=$?
	OUT=$(cat "$_E2E_OUT")
	ERR=$(cat "$_E2E_ERR")
	return 0
}

check() {
	local name=$1
	shift
	run "$@"
	if [ "$RC" -eq 0 ]; then
		_e2e_pass "$name"
	else
		_e2e_fail "$name" "expected: exit status 0" "actual:   exit status $RC" "$(_e2e_ctx)"
	fi
}

check_fails() {
	local code=$1 name=$2
	shift 2
	run "$@"
	if [ "$code" = nonzero ] && [ "$RC" -ne 0 ]; then
		_e2e_pass "$name"
	elif [ "$code" != nonzero ] && [ "$RC" -eq "$code" ]; then
		_e2e_pass "$name"
	else
		_e2e_fail "$name" "expected: exit status $code" "actual:   exit status $RC" "$(_e2e_ctx)"
	fi
}

assert_eq() {
	if [ "$2" = "$3" ]; then
		_e2e_pass "$1"
	else
		_e2e_fail "$1" "expected: $2" "actual:   $3" "$(_e2e_ctx)"
	fi
}

assert_ne() {
	if [ "$2" != "$3" ]; then
		_e2e_pass "$1"
	else
		_e2e_fail "$1" "expected anything but: $2" "actual:   $3" "$(_e2e_ctx)"
	fi
}

assert_contains() {
	case $2 in
	*"$3"*) _e2e_pass "$1" ;;
	*) _e2e_fail "$1" "expected to contain: $3" "actual: $(_e2e_clip "$2")" "$(_e2e_ctx)" ;;
	esac
}

assert_not_contains() {
	case $2 in
	*"$3"*) _e2e_fail "$1" "expected NOT to contain: $3" "actual: $(_e2e_clip "$2")" "$(_e2e_ctx)" ;;
	*) _e2e_pass "$1" ;;
	esac
}

assert_match() {
	if printf '%s' "$3" | grep -Eq -- "$2"; then
		_e2e_pass "$1"
	else
		_e2e_fail "$1" "expected to match: $2" "actual: $(_e2e_clip "$3")" "$(_e2e_ctx)"
	fi
}

assert_true() {
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then
		_e2e_pass "$name"
	else
		_e2e_fail "$name" "expected to hold: $(printf '%q ' "$@")"
	fi
}

assert_false() {
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then
		_e2e_fail "$name" "expected NOT to hold: $(printf '%q ' "$@")"
	else
		_e2e_pass "$name"
	fi
}

# SQLite's JSON functions read the JSON; the sqlite3 shell is already one of
# haven's build dependencies, so the tests need no jq.
_e2e_jsql() {
	printf '%s' "$1" >"$_E2E_JSON"
	sqlite3 -batch :memory: "$2" 2>&1
}

_e2e_jdoc="CAST(readfile('$_E2E_JSON') AS TEXT)"

jget() {
	_e2e_jsql "$1" "SELECT json_extract($_e2e_jdoc, '$2')"
}

jtype() {
	_e2e_jsql "$1" "SELECT coalesce(json_type($_e2e_jdoc, '$2'), 'absent')"
}

jlen() {
	_e2e_jsql "$1" "SELECT json_array_length($_e2e_jdoc, '${2:-\$}')"
}

jkeys() {
	_e2e_jsql "$1" "SELECT group_concat(key, ',') FROM (SELECT key FROM json_each($_e2e_jdoc, '${2:-\$}') ORDER BY id)"
}

# jmap JSON PATH FIELD: FIELD of every element of the array at PATH, one a line.
jmap() {
	_e2e_jsql "$1" "SELECT json_extract(value, '\$.$3') FROM json_each($_e2e_jdoc, '$2') ORDER BY key"
}

db_hash() {
	local f=${1:-$HAVEN_DB}
	if [ -e "$f" ]; then
		sha256sum <"$f" | cut -d' ' -f1
	else
		echo absent
	fi
}

db_content() {
	local f=${1:-$HAVEN_DB} dump
	if [ ! -e "$f" ]; then
		echo absent
	elif dump=$(sqlite3 -readonly "$f" .dump 2>&1); then
		printf '%s\n' "$dump" | grep -v '^INSERT INTO facts ' | sha256sum | cut -d' ' -f1
	else
		echo "unreadable, never the same: $RANDOM$RANDOM ($dump)"
	fi
}

db_records() {
	local f=${1:-$HAVEN_DB} dump
	if dump=$(sqlite3 -readonly "$f" "SELECT * FROM records ORDER BY id;
		SELECT * FROM tombstones ORDER BY id" 2>&1); then
		printf '%s\n' "$dump" | sha256sum | cut -d' ' -f1
	else
		echo "unreadable, never the same: $RANDOM$RANDOM ($dump)"
	fi
}

file_mode() {
	stat -c %a "$1" 2>/dev/null || echo absent
}

# log_id ARGS...: `haven log ARGS` and print the new id (fails the test if not).
log_id() {
	run haven log "$@"
	if [ "$RC" -ne 0 ] || ! printf '%s' "$OUT" | grep -Eq '^[0-9a-f-]{36}$'; then
		_e2e_fail "setup: haven log $*" "expected: exit 0 and an id" "actual: exit $RC" "$(_e2e_ctx)"
		echo "no-id"
		return 1
	fi
	printf '%s\n' "$OUT"
}

# size_limited KB CMD...: CMD under a file-size limit of KB kB (ulimit -f),
# SIGXFSZ ignored so that a write past it fails with EFBIG instead.  In the
# foreground: started with &, $! would be the shell around CMD.
size_limited() {
	(
		trap '' XFSZ
		ulimit -f "$1"
		shift
		exec "$@"
	)
}

# serve_start [NAME=VALUE...]: start `haven serve` (with those variables)
# on a free loopback port and sign in as a browser does.  Sets server (its
# pid), url, port, base, cookie and csrf; stop it with serve_stop.
serve_start() {
	env "$@" "$HAVEN" serve --no-open --port 0 --json >"$T/serve.out" 2>"$T/serve.err" &
	server=$!
	serve_sign_in
}

# serve_sign_in: for a server started otherwise (its pid in server, its
# --json output going to $T/serve.out), wait for it (serve_wait) and sign
# in as serve_start does.
serve_sign_in() {
	serve_wait
	url=$(sed -n 's/.*"url": "\([^"]*\)".*/\1/p' "$T/serve.out")
	port=$(sed -n 's/.*"port": \([0-9]*\).*/\1/p' "$T/serve.out")
	base="http://127.0.0.1:$port"
	curl -s -D "$T/headers" -o /dev/null "$url"
	cookie=$(sed -n 's/^Set-Cookie: \(haven_session=[0-9a-f]*\).*/\1/ip' "$T/headers" | tr -d '\r')
	csrf=$(curl -s -b "$cookie" "$base/api/session" | sed 's/.*"csrf":"\([0-9a-f]*\)".*/\1/')
}

# serve_wait [PID [FILE]]: wait until the server PID ($server) has started:
# its standard output is FILE ($T/serve.out) and its main thread waits for
# the signal that stops it, so it listens and everything it says at the
# start (the address, its words on stderr) is said.  Asking which file is
# its output, rather than whether FILE holds anything, means an address an
# earlier server left there is never read as this one's: on a loaded
# machine the new server may not have opened the file yet.  Up to 60 s;
# then, or when the server has exited, a failure showing what it said.
serve_wait() {
	local pid=${1:-$server} file=${2:-$T/serve.out} want end=$((SECONDS + 60))
	want=$(readlink -f "$file")
	while [ "$SECONDS" -lt "$end" ]; do
		if [ "$(readlink "/proc/$pid/fd/1" 2>/dev/null)" = "$want" ]; then
			case $(cat "/proc/$pid/wchan" 2>/dev/null) in
			*sigtimedwait*) return 0 ;;
			esac
			# A kernel that does not name where a process waits: the
			# address, written whole once the server listens, will do.
			_e2e_wchan_names || { grep -q '}' "$file" 2>/dev/null && return 0; }
		fi
		_e2e_running "$pid" || break
		sleep 0.05
	done
	_e2e_fail "the server $pid started, its output in $file" \
		"stdout: $(cat "$file" 2>/dev/null)" "stderr: $(cat "${file%.out}.err" 2>/dev/null)"
}

# Does this kernel name where a process waits (/proc/PID/wchan)?  This
# shell, waiting for the cat it runs, is then in a function of the kernel's.
_e2e_wchan_names() {
	[ -n "${_e2e_wchan_named:-}" ] ||
		case $(cat "/proc/$$/wchan" 2>/dev/null) in
		*[a-z]*) _e2e_wchan_named=yes ;;
		*) _e2e_wchan_named=no ;;
		esac
	[ "$_e2e_wchan_named" = yes ]
}

# serve_stop [PID [SIGNAL]]: stop the server PID ($server) with SIGNAL
# (TERM) and reap it; its exit status.  Up to 30 s, then SIGKILL (status
# 137, said on stderr): a server that hangs fails its test at once rather
# than hold it to the suite's time limit.  Any background process will do.
serve_stop() {
	local pid=${1:-$server} end=$((SECONDS + 30))
	kill -"${2:-TERM}" "$pid" 2>/dev/null
	while _e2e_running "$pid" && [ "$SECONDS" -lt "$end" ]; do sleep 0.05; done
	if _e2e_running "$pid"; then
		echo "serve_stop: $pid still running 30 s after SIG${2:-TERM}; killed" >&2
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
}

# _e2e_running PID: the process is there and not yet a zombie (kill -0
# succeeds on a zombie child this shell has not reaped).
_e2e_running() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

# After serve_start, as a signed-in page: status [CURL ARGS] gives a
# request's HTTP status (its body in $T/body, read back by body); send
# METHOD [CURL ARGS] writes with the Origin and CSRF token a page sends, and
# with Content-Type $send_type when that is set.
status() { curl -s -o "$T/body" -w '%{http_code}' -b "$cookie" "$@"; }
send() {
	m=$1
	shift
	if [ -n "${send_type:-}" ]; then
		status -X "$m" -H "Origin: $base" -H "X-CSRF-Token: $csrf" -H "Content-Type: $send_type" "$@"
	else
		status -X "$m" -H "Origin: $base" -H "X-CSRF-Token: $csrf" "$@"
	fi
}
body() { cat "$T/body"; }

# The kill tests (t-*-kill.sh, t-kill.sh).  kill_tries NAME N QUICK [WHAT]:
# N tries (QUICK under E2E_QUICK=1) in $tries, the seed of their random
# choices set and said, so E2E_KILL_SEED=N repeats a run.
kill_tries() {
	tries=$2
	[ -n "${E2E_QUICK:-}" ] && tries=$3
	seed=${E2E_KILL_SEED:-$(($$ ^ ${EPOCHSECONDS:-0}))}
	RANDOM=$seed
	echo "$1: $tries ${4:-tries}, seed $seed (E2E_KILL_SEED=$seed repeats it)" >&2
}

# kill_clock, then kill_span after one whole run: 1.2 times how long it
# took, in microseconds, so kills land before, during and after its work
# whatever the machine costs.
kill_clock() { _e2e_t0=${EPOCHREALTIME/./}; }
kill_span() { echo $(((${EPOCHREALTIME/./} - _e2e_t0) * 12 / 10)); }

# kill_within SPAN CMD...: CMD in the background (its output dropped),
# killed with SIGKILL at a random moment within SPAN microseconds; its exit
# status in $rc (0 when it finished first).
kill_within() {
	local span=$1 pid pause
	shift
	"$@" >/dev/null 2>&1 &
	pid=$!
	printf -v pause '%d.%06d' $((RANDOM * span / 32768 / 1000000)) $((RANDOM * span / 32768 % 1000000))
	sleep "$pause"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
}

# kill_whole TRY DB BEFORE AFTER N_BEFORE N_AFTER WHO: after a kill, the
# database at DB holds wholly the content BEFORE (N_BEFORE entries) or
# wholly AFTER (N_AFTER), opens and exports every entry of that state, and
# holds AFTER when WHO ("merge") had exited 0 ($rc).  Counts the states in
# n_before and n_after, the runs that exited 0 in succeeded.
kill_whole() {
	local i=$1 db=$2 before=$3 after=$4 now lines
	now=$(db_content "$db")
	case $now in
	"$before") n_before=$((n_before + 1)) lines=$5 ;;
	"$after") n_after=$((n_after + 1)) lines=$6 ;;
	*) lines=none ;;
	esac
	assert_ne "try $i: wholly before or wholly after" none "$lines"
	if [ "$rc" = 0 ]; then
		succeeded=$((succeeded + 1))
		assert_eq "try $i: $7 said it succeeded: what it brings" "$after" "$now"
	fi
	check "try $i: the journal opens" env HAVEN_DB="$db" "$HAVEN" journal --limit 1
	check "try $i: and exports" env HAVEN_DB="$db" "$HAVEN" export
	assert_eq "try $i: ... every entry of one state" "$lines" "$(printf '%s\n' "$OUT" | grep -c '"kind"')"
}

done_testing() {
	echo done >>"$E2E_RESULTS"
	exit 0
}

UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
