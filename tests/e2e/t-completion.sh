# t-completion.sh — completion in bash, zsh and fish: `haven completion SHELL`
# prints a script each shell loads, and `haven __complete WORD…` answers it
# from the command table, the vocabularies and the person's own data.
. "$E2E_DIR/lib.sh"

FX=$E2E_DIR/../fixtures
bindir=$T/bin
mkdir -p "$bindir"
ln -s "$HAVEN" "$bindir/haven"
export PATH="$bindir:$PATH"

# lines CMD...: the command's output as one line, words in the order given.
lines() {
	run "$@"
	[ -n "$OUT" ] && printf '%s\n' "$OUT" | paste -sd' '
}

# --- haven __complete ----------------------------------------------------------------
check "__complete: the commands" haven __complete ""
assert_contains "__complete '': log" "$OUT" "log"
assert_contains "__complete '': chat" "$OUT" "chat"
assert_not_contains "__complete '': nothing hidden" "$OUT" "__complete"
assert_eq "__complete jo" "journal" "$(lines haven __complete jo)"
check "__complete log -k ''" haven __complete log -k ""
kinds=$OUT
for k in partner-distance work conflict old-echo; do
	assert_contains "log -k '' lists the trigger kind $k" "$kinds" "$k"
done
assert_eq "log --kind p: only those beginning so" "partner-distance partner-stress perfectionism" \
	"$(lines haven __complete log --kind p)"
assert_eq "log --kind=p: after the =" "--kind=partner-distance --kind=partner-stress --kind=perfectionism" \
	"$(lines haven __complete log --kind=p)"
assert_eq "log --kind = p: as bash splits it" "partner-distance partner-stress perfectionism" \
	"$(lines haven __complete log --kind = p)"
assert_eq "log --did e" "extra-texts" "$(lines haven __complete log --did extra)"
assert_contains "log --emotion an" "$(lines haven __complete log --emotion an)" "anxious"
assert_eq "log --thou: an option" "--thought" "$(lines haven __complete log --thou)"
assert_eq "an option's value is not completed as an option" "" "$(lines haven __complete log --thought "")"
assert_eq "subcommands of journal" "list show edit rm restore" "$(lines haven __complete journal "")"
assert_eq "subcommands of vault" "enable change disable unlock lock status check" \
	"$(lines haven __complete vault "")"
assert_eq "subcommands of soothe" "list add rm pick" "$(lines haven __complete soothe "")"
assert_eq "soothe add --group: its listed values" "body feelings mind" \
	"$(lines haven __complete soothe add --group "")"
assert_eq "breathe: its patterns" "478 box coherent three" "$(lines haven __complete breathe "")"
assert_eq "pause --urge-passed" "yes no" "$(lines haven __complete pause --urge-passed "")"
assert_eq "export -f" "jsonl csv" "$(lines haven __complete export -f "")"
assert_eq "coach: held" "held" "$(lines haven __complete coach "")"
assert_eq "checkin: its own factors" "factor" "$(lines haven __complete checkin "")"
assert_eq "help l" "log learn" "$(lines haven __complete help l)"
assert_eq "completion: the shells" "bash zsh fish" "$(lines haven __complete completion "")"
assert_contains "check --explain: pattern kinds" "$(lines haven __complete check --explain "")" "mind-reading"
assert_eq "config get: its keys" "region" "$(lines haven __complete config get "")"
assert_eq "global options before the command are skipped" "log" \
	"$(lines haven __complete --json --db x.db lo)"
assert_eq "--db: a file name, so nothing" "" "$(lines haven __complete --db "")"
assert_eq "a word that is no command: nothing" "" "$(lines haven __complete frob "")"
run haven __complete log --
assert_eq "--json is offered once" 1 "$(printf '%s\n' "$OUT" | grep -c '^--json$')"
assert_contains "global options too" "$OUT" "--no-color"
# The person's own data: instruments they installed, contacts they imported.
assert_eq "assess take: the built-in instrument" "guide" "$(lines haven __complete assess take "")"
assert_eq "completion made no database" absent "$(db_hash)"
check "install an instrument" haven assess add "$FX/instruments/ecr-rs.json"
assert_contains "assess take: an installed instrument" "$(lines haven __complete assess take "")" "ecr-rs"
assert_eq "chat wait: nothing imported yet" "" "$(lines haven __complete chat wait "")"
check "import a chat" haven chat import "$FX/chat/wa-android-dmy-24h.txt" --me Alex
assert_eq "chat wait: the contact" "Sam" "$(lines haven __complete chat wait "")"
assert_eq "chat forget S" "Sam" "$(lines haven __complete chat forget S)"

# --- haven completion SHELL --------------------------------------------------------------
check_fails 2 "completion without a shell" haven completion
check_fails 2 "completion for an unknown shell" haven completion tcsh
assert_contains "unknown shell: named" "$ERR" '"tcsh"'

# bash: the script registers _haven, which asks haven.
check "completion bash" haven completion bash
run bash -c '
	source <(haven completion bash) || exit 1
	complete -p haven
	COMP_WORDS=(haven jou); COMP_CWORD=1; _haven; echo "${COMPREPLY[*]}"
	COMP_WORDS=(haven log -k partner-d); COMP_CWORD=3; _haven; echo "${COMPREPLY[*]}"
	COMP_WORDS=(haven assess take ""); COMP_CWORD=3; _haven; echo "${COMPREPLY[*]}"
	COMP_WORDS=(haven chat wait ""); COMP_CWORD=3; _haven; echo "${COMPREPLY[*]}"
'
assert_eq "bash: loads and completes" "complete -o default -F _haven haven
journal
partner-distance
guide test-ecr-rs
Sam" "$OUT"

# zsh: loaded after compinit; compadd and _files stand in for the line editor.
if command -v zsh >/dev/null 2>&1; then
	run zsh -f -c '
		autoload -U compinit && compinit -u -D
		source <(haven completion zsh) || exit 1
		print -r -- "registered: $_comps[haven]"
		compadd() { print -r -- "${(j: :)@[2,-1]}"; }
		_files() { print files; }
		words=(haven jou); CURRENT=2; _haven
		words=(haven log -k partner-d); CURRENT=4; _haven
		words=(haven chat wait ""); CURRENT=4; _haven
		words=(haven import ./ex); CURRENT=3; _haven
	'
	assert_eq "zsh: loads and completes" "registered: _haven
journal
partner-distance
Sam
files" "$OUT"
	assert_eq "zsh: no errors" "" "$ERR"
else
	_e2e_fail "zsh is needed for this test" "scripts/install-deps.sh installs it"
fi

# zsh and bash on a real terminal: Tab on a typed line, the line read back.
PANE=shell
. "$E2E_DIR/tmux.sh"
# tab_in NAME SHELL-COMMAND SETUP: start the shell in tmux and run SETUP;
# type "haven jou" and Tab, then on a fresh line "haven log -k partner-d" and
# Tab, each line read back from the screen.
tab_in() {
	local name=$1
	tmux_start 100 "env PATH='$PATH' HOME='$T' $2"
	sleep 0.5
	tm send-keys -t "$PANE" "$3" Enter
	tm send-keys -t "$PANE" "echo ready" Enter
	wait_for ready >/dev/null
	tm send-keys -t "$PANE" "haven jou" Tab
	assert_true "$name on a terminal: Tab completes the command" wait_for "haven journal"
	tm send-keys -t "$PANE" C-u
	tm send-keys -t "$PANE" "haven log -k partner-d" Tab
	assert_true "$name on a terminal: Tab completes a trigger kind" \
		wait_for "haven log -k partner-distance"
	tm kill-server >/dev/null 2>&1
}
if command -v zsh >/dev/null 2>&1; then
	tab_in zsh "zsh -f" "autoload -U compinit && compinit -u -D && source <(haven completion zsh)"
fi
tab_in bash "bash --norc --noprofile" "source <(haven completion bash)"

# fish: complete -C asks fish itself what it would offer.
if command -v fish >/dev/null 2>&1; then
	touch "$T/export-me.jsonl"
	run fish --no-config -c '
		haven completion fish | source; or exit 1
		complete -C"haven jou"
		complete -C"haven log -k partner-d"
		complete -C"haven chat wait "
		complete -C"haven import export-m"
		complete -C"haven log --kind=partner-d"
	'
	assert_eq "fish: loads and completes" "journal
partner-distance
Sam
export-me.jsonl
--kind=partner-distance" "$OUT"
	assert_eq "fish: no errors" "" "$ERR"
else
	_e2e_fail "fish is needed for this test" "scripts/install-deps.sh installs it"
fi

# --- a vault ----------------------------------------------------------------------------
# In a vault nothing is asked: completing a word never waits for a passphrase.
printf 'correct horse\n' >"$T/pass" && chmod 600 "$T/pass"
check "seal the journal" haven vault enable --passphrase-file "$T/pass"
RUN_STDIN=/dev/null check "a vault: completion asks nothing" haven __complete assess take ""
assert_eq "completion: nothing on stderr" "" "$ERR"

done_testing
