# t-editor.sh — long fields in $EDITOR: `haven log --edit` and `haven
# thought --edit` open the editor on a private temporary file (0600, removed
# afterwards), one question a field, and keep what was written under each.
. "$E2E_DIR/lib.sh"

# The editor: a small script that notes the file's name, mode and what it
# was given, then writes the answers in $T/answers under the questions.
cat >"$T/ed" <<'EOF'
#!/bin/sh
f=$1
printf '%s\n' "$f" >"$T_DIR/ed-path"
stat -c %a "$f" >"$T_DIR/ed-mode"
cp "$f" "$T_DIR/ed-given"
[ -n "${ED_FAIL:-}" ] && exit 3
# After each question line, its answer (the questions are kept: they are
# comment lines, which haven leaves out).
awk -v answers="$T_DIR/answers" '
	BEGIN { while ((getline line < answers) > 0) a[++n] = line }
	/^# / && NR > 1 { print; if (a[++i] != "") print a[i]; next }
	/^$/ { next }
	{ print }
' "$f" >"$f.new" && mv "$f.new" "$f"
EOF
chmod +x "$T/ed"
export T_DIR=$T TMPDIR=$T/tmp
mkdir -p "$TMPDIR"

# --- haven log --edit ---------------------------------------------------------------------
printf '%s\n' "He said he would call after work, and the evening went by" \
	"He is pulling away from me" "a tight chest" >"$T/answers"
EDITOR=$T/ed check "log --edit" haven --json log -i 6 -k partner-distance --edit
assert_eq "log --edit: what happened" "He said he would call after work, and the evening went by" \
	"$(jget "$OUT" '$.body.what')"
assert_eq "log --edit: the thought" "He is pulling away from me" "$(jget "$OUT" '$.body.thoughts')"
assert_eq "log --edit: the body" "a tight chest" "$(jget "$OUT" '$.body.body')"
assert_eq "log --edit: flags kept" 6 "$(jget "$OUT" '$.body.intensity')"
assert_eq "the file was private" 600 "$(cat "$T/ed-mode")"
assert_false "the file is removed afterwards" test -e "$(cat "$T/ed-path")"
assert_eq "nothing left in TMPDIR" "" "$(ls -A "$TMPDIR")"
assert_contains "the file lies in TMPDIR" "$(cat "$T/ed-path")" "$TMPDIR/haven-"
given=$(cat "$T/ed-given")
assert_contains "the editor is given the first question" "$given" "# What was happening?"
assert_contains "and the thought's" "$given" "# What went through your mind?"
assert_contains "and a hint" "$given" "Lines starting with # are left out"

# What the flags said is there to change.
printf '%s\n' "" "" "" >"$T/answers"
EDITOR=$T/ed check "log --edit with a thought given" haven --json log -i 3 --thought "they are bored of me" --edit "the words"
assert_contains "the thought given is in the file" "$(cat "$T/ed-given")" "they are bored of me"
assert_contains "so are the words given" "$(cat "$T/ed-given")" "the words"
assert_eq "kept as written" "they are bored of me" "$(jget "$OUT" '$.body.thoughts')"

# Several lines stay several lines; VISUAL comes before EDITOR.
cat >"$T/ed2" <<'EOF'
#!/bin/sh
for f; do :; done # the file comes last, after any arguments of the editor's own
printf '# What was happening?\nline one\nline two\n\n# What went through your mind?\n' >"$f"
EOF
chmod +x "$T/ed2"
VISUAL=$T/ed2 EDITOR=false check "VISUAL first, lines kept" haven --json log -i 4 --edit
assert_eq "two lines" "line one
line two" "$(jget "$OUT" '$.body.what')"

# An editor that fails, or nothing written: nothing saved, said, exit 1.
before=$(db_hash)
ED_FAIL=1 EDITOR=$T/ed check_fails 1 "the editor fails" haven log -i 5 --edit
assert_contains "the editor failed: said" "$ERR" "did not finish cleanly"
assert_eq "the editor failed: nothing saved" "$before" "$(db_hash)"
assert_eq "the editor failed: the file is removed" "" "$(ls -A "$TMPDIR")"
EDITOR=true check_fails 1 "nothing written" haven log -i 5 --edit
assert_contains "nothing written: said" "$ERR" "nothing was written in the editor"
assert_eq "nothing written: nothing saved" "$before" "$(db_hash)"
# An editor with arguments of its own.
EDITOR="$T/ed2 --wait" check "an editor with its own arguments" haven --json log -i 4 --edit
assert_eq "with arguments: written" "line one
line two" "$(jget "$OUT" '$.body.what')"

# Crisis words written in the editor bring help at once.
printf '%s\n' "I want to kill myself" "" "" >"$T/answers"
EDITOR=$T/ed check "crisis words in the editor" haven --json log -i 9 --edit
assert_eq "the crisis net heard the editor's words" 1 "$(jget "$OUT" '$.crisis')"

# --- haven thought --edit ------------------------------------------------------------------
printf '%s\n' "No reply since this morning" "She has gone off me" "She was short on the phone" \
	"She said she is swamped this week" "Busy weeks happen" "She is busy, not gone" >"$T/answers"
EDITOR=$T/ed check "thought --edit" haven --json thought --emotion anxious=70 --edit
assert_eq "thought: situation" "No reply since this morning" "$(jget "$OUT" '$.body.situation')"
assert_eq "thought: the thought" "She has gone off me" "$(jget "$OUT" '$.body.thought')"
assert_eq "thought: for" "She was short on the phone" "$(jget "$OUT" '$.body.evidence_for')"
assert_eq "thought: against" "She said she is swamped this week" "$(jget "$OUT" '$.body.evidence_against')"
assert_eq "thought: a friend" "Busy weeks happen" "$(jget "$OUT" '$.body.friend')"
assert_eq "thought: balanced" "She is busy, not gone" "$(jget "$OUT" '$.body.balanced')"
assert_eq "thought: the flags kept" 70 "$(jget "$OUT" '$.body.emotions[0].before')"
assert_eq "thought: the file was private" 600 "$(cat "$T/ed-mode")"
assert_eq "thought: the file is removed" "" "$(ls -A "$TMPDIR")"
assert_contains "thought: the questions" "$(cat "$T/ed-given")" "# What was the situation?"

# --- on a terminal, the steps the editor answered are not asked again ------------------------
PANE=edit
. "$E2E_DIR/tmux.sh"
printf '%s\n' "The message sat on read" "Nobody stays" "a knot in my stomach" >"$T/answers"
tmux_start 80 "env EDITOR='$T/ed' T_DIR='$T' TMPDIR='$TMPDIR' '$HAVEN' log --edit"
assert_true "after the editor, the walk goes on at the feelings" wait_for "Which feelings were there?"
assert_not_contains "what happened is not asked again" "$(screen)" "What was happening?"
assert_not_contains "nor the thought" "$(screen)" "What went through your mind?"
tm kill-server >/dev/null 2>&1

check "help log names --edit" haven help log
assert_contains "help log: --edit" "$OUT" "--edit"
check "help thought names --edit" haven help thought
assert_contains "help thought: --edit" "$OUT" "--edit"

done_testing
