# t-docs.sh — the manual page and shell completion come from the command
# table, so every command is in both; the completion script works in bash
# (t-completion.sh tries it in zsh and fish too).
. "$E2E_DIR/lib.sh"

check "help --commands" haven help --commands
commands=$OUT
assert_contains "the list has log" "$commands" "log"
check "help --man" haven help --man
man=$OUT
assert_match "the page starts with .TH" '^\.TH HAVEN 1' "$man"
for c in $commands; do
	assert_contains "the manual has $c" "$man" ".SS \"haven $c"
done
if command -v groff >/dev/null 2>&1; then
	printf '%s\n' "$man" >"$T/haven.1"
	run groff -man -Tutf8 -ww -z "$T/haven.1"
	assert_eq "groff reads the page without warnings" "" "$ERR"
else
	_e2e_fail "groff is needed to read the manual page" "scripts/install-deps.sh installs it (groff-base)"
fi

# Completion: source it and ask what "jou" and "haven breathe b" complete to.
bindir=$T/bin
mkdir -p "$bindir"
ln -s "$HAVEN" "$bindir/haven"
completion=$T/haven.bash
haven completion bash >"$completion"
run env PATH="$bindir:$PATH" bash -c '
	source "$1"
	COMP_WORDS=(haven jou); COMP_CWORD=1; _haven; echo "${COMPREPLY[*]}"
	COMP_WORDS=(haven breathe b); COMP_CWORD=2; _haven; echo "${COMPREPLY[*]}"
	COMP_WORDS=(haven log --thou); COMP_CWORD=2; _haven; echo "${COMPREPLY[*]}"
' _ "$completion"
assert_eq "completion: commands, a sub-word, an option" "journal
box
--thought" "$OUT"

done_testing
