# tmux.sh — driving haven on a real terminal through tmux, for the
# t-*-tmux.sh tests: each session on a tmux server and socket of its own
# (no race with the last one ending), the screen read back with
# capture-pane, and waits that poll, long enough for a busy machine.
# Source it after lib.sh, with PANE set to the session's name.

if ! command -v tmux >/dev/null 2>&1; then
	_e2e_fail "tmux is needed for this test" "scripts/install-deps.sh installs it"
	done_testing
fi

SOCK=$T/tmux-0.sock
SESSIONS=0
tm() {
	tmux -S "$SOCK" -f /dev/null "$@"
}
trap 'for s in "$T"/tmux-*.sock; do tmux -S "$s" kill-server >/dev/null 2>&1; done' EXIT

screen() {
	tm capture-pane -p -J -t "$PANE" -S -200
}

# wait_for TEXT: poll the screen until TEXT shows (up to 20 s); 1 if never.
wait_for() {
	local i
	for i in $(seq 200); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	return 1
}

# wait_file FILE: poll until FILE exists and is not empty (up to 40 s).
wait_file() {
	local i
	for i in $(seq 400); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# tmux_start WIDTH SHELL-COMMAND: a fresh server and a WIDTHx50 pane named
# $PANE running the command (haven's environment passed in).
tmux_start() {
	tm kill-server >/dev/null 2>&1
	SESSIONS=$((SESSIONS + 1))
	SOCK=$T/tmux-$SESSIONS.sock
	tm new-session -d -s "$PANE" -x "$1" -y 50 \
		"env HAVEN_DB='$HAVEN_DB' HAVEN_NOW='$HAVEN_NOW' TZ=UTC LC_ALL=C.UTF-8 TERM=xterm $2" ||
		_e2e_fail "tmux could not start a session for: $2"
}
